// TEST DOUBLE helper: the stand-in backend's documents, snapshot imports and snapshot exports, kept
// in its data folder like the real volume. Shapes follow the pinned backend (652b828):
// system-udfs convex/schema.ts (`_exports`), tableDefs/snapshotImport.ts (`_snapshot_imports`),
// _system/cli/{exports,queryImport,tables,tableSize}.ts, crates/exports (the ZIP's layout) and
// crates/application/src/snapshot_import (modes, confirmation, TableExists).
//
// Files: tables.json ({table: count}), documents/<table>.jsonl, storage.jsonl (file storage's
// metadata), imports.json, exports.json, exports/<start_ts>.zip.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readZip, writeZip } from "./zip-double.mjs";

const TABLE_RE = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
const FORMATS = ["csv", "jsonLines", "jsonArray", "zip"];
/** ImportMode as the CLI sends it (camelCase) -> as `_snapshot_imports.mode` stores it. */
const MODES = {
  requireEmpty: "RequireEmpty",
  append: "Append",
  replace: "Replace",
  replaceAll: "ReplaceAll",
};

/** A convex JSON int64: {"$integer": base64 of 8 bytes little-endian}. */
export function int64(n) {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt(n));
  return { $integer: b.toString("base64") };
}

const newId = () => randomBytes(16).toString("hex");
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

class ImportError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function createStore({ data, onChange }) {
  const docsDir = join(data, "documents");
  mkdirSync(docsDir, { recursive: true });
  const readJson = (file, fallback) => {
    try {
      return JSON.parse(readFileSync(join(data, file), "utf8"));
    } catch {
      return fallback;
    }
  };
  const writeJson = (file, value) => writeFileSync(join(data, file), JSON.stringify(value));
  const uploads = new Map();

  const counts = () => readJson("tables.json", {});
  const readDocs = (table) => {
    const file = join(docsDir, `${table}.jsonl`);
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  };
  const writeTable = (table, docs) => {
    writeFileSync(join(docsDir, `${table}.jsonl`), docs.map((d) => `${JSON.stringify(d)}\n`).join(""));
    writeJson("tables.json", { ...counts(), [table]: docs.length });
  };
  const dropTable = (table) => {
    rmSync(join(docsDir, `${table}.jsonl`), { force: true });
    const c = counts();
    delete c[table];
    writeJson("tables.json", c);
  };
  const readStorage = () =>
    existsSync(join(data, "storage.jsonl"))
      ? readFileSync(join(data, "storage.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
  const withSystemFields = (doc) => ({
    ...doc,
    _id: typeof doc._id === "string" ? doc._id : newId(),
    _creationTime: typeof doc._creationTime === "number" ? doc._creationTime : Date.now(),
  });

  /** The documents an import brings, per table (and file storage's metadata), parsed from its bytes. */
  function parseImport({ format, tableName }, bytes) {
    const tables = new Map();
    let storage;
    if (format === "zip") {
      let entries;
      try {
        entries = readZip(bytes);
      } catch (error) {
        throw new ImportError("ImportFailed", `Hit an error while importing:\n${error.message}`);
      }
      for (const [entry, content] of entries) {
        // Root component only: a component's tables are under _components/<path>/.
        const m = /^([^/]+)\/documents\.jsonl$/.exec(entry);
        if (!m) continue;
        const lines = content
          .toString("utf8")
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l));
        if (m[1] === "_tables") {
          for (const t of lines) if (!tables.has(t.name)) tables.set(t.name, []);
        } else if (m[1] === "_storage") storage = lines;
        else if (!m[1].startsWith("_")) tables.set(m[1], lines);
      }
      return { tables, storage };
    }
    const text = bytes.toString("utf8");
    let docs;
    try {
      if (format === "jsonLines")
        docs = text
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l));
      else if (format === "jsonArray") docs = JSON.parse(text);
      else {
        const [header, ...rows] = text.split("\n").filter((l) => l.trim());
        const columns = (header ?? "").split(",");
        docs = rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [columns[i], v])));
      }
    } catch (error) {
      throw new ImportError("ImportFailed", `Hit an error while importing:\n${error.message}`);
    }
    tables.set(tableName, docs);
    return { tables, storage };
  }

  /** What an import would create and delete per table, checked as the backend checks it. */
  function planImport(mode, parsed) {
    const existing = counts();
    const changes = new Map();
    for (const [table, docs] of parsed.tables) {
      const have = existing[table] ?? 0;
      if (mode === "requireEmpty" && have > 0)
        throw new ImportError(
          "TableExists",
          `Hit an error while importing:\nTable ${table} already exists. Please choose a new table name or use replace/append modes.`,
        );
      changes.set(table, { added: docs.length, deleted: mode === "append" ? 0 : have, existing: have });
    }
    if (mode === "replaceAll")
      for (const [table, have] of Object.entries(existing))
        if (!changes.has(table)) changes.set(table, { added: 0, deleted: have, existing: have });
    return changes;
  }

  /** Writes an import's documents; returns how many were written. */
  function commitImport(mode, parsed) {
    if (mode === "replaceAll") for (const table of Object.keys(counts())) dropTable(table);
    let written = 0;
    for (const [table, docs] of parsed.tables) {
      const incoming = docs.map(withSystemFields);
      writeTable(table, mode === "append" ? [...readDocs(table), ...incoming] : incoming);
      written += incoming.length;
    }
    if (parsed.storage) {
      const files = mode === "append" ? [...readStorage(), ...parsed.storage] : parsed.storage;
      writeFileSync(join(data, "storage.jsonl"), files.map((f) => `${JSON.stringify(f)}\n`).join(""));
      written += parsed.storage.length;
    }
    return written;
  }

  const imports = () => readJson("imports.json", {});
  const saveImport = (doc) => {
    writeJson("imports.json", { ...imports(), [doc._id]: doc });
    onChange();
  };
  const exportsList = () => readJson("exports.json", []);
  const saveExport = (doc) => {
    writeJson("exports.json", [...exportsList().filter((e) => e._id !== doc._id), doc]);
    onChange();
  };

  function renderChanges(changes) {
    const rows = [["table", "create", "delete"]];
    for (const [table, c] of [...changes].sort(([a], [b]) => a.localeCompare(b)))
      rows.push([table, String(c.added), `${c.deleted} of ${c.existing} documents`]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => `${r.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`);
  }

  /** The snapshot ZIP, laid out as crates/exports writes it. */
  function buildZip(includeStorage) {
    const tableNames = Object.keys(counts()).sort();
    const entries = [
      [
        "README.md",
        "# A stand-in backend's snapshot export\n\nEach table's documents are in <table>/documents.jsonl.\n",
      ],
      [
        "_tables/documents.jsonl",
        tableNames.map((t, i) => `${JSON.stringify({ name: t, id: 10001 + i })}\n`).join(""),
      ],
    ];
    for (const table of tableNames) {
      entries.push([
        `${table}/documents.jsonl`,
        readDocs(table)
          .map((d) => `${JSON.stringify(d)}\n`)
          .join(""),
      ]);
      entries.push([`${table}/generated_schema.jsonl`, '"uniform"\n']);
    }
    if (includeStorage)
      entries.push([
        "_storage/documents.jsonl",
        readStorage()
          .map((f) => `${JSON.stringify(f)}\n`)
          .join(""),
      ]);
    return writeZip(entries);
  }

  return {
    /** A system query by its canonical path (module:function), as /api/query and the sync socket run it. */
    evaluate(udfPath, args) {
      switch (udfPath) {
        case "_system/cli/exports:getLatest":
          return (
            exportsList()
              .filter((e) => e.requestor === "snapshotExport")
              .at(-1) ?? null
          );
        case "_system/cli/queryImport:default":
          return imports()[args.importId] ?? null;
        case "_system/cli/queryImport:list":
          return Object.values(imports())
            .sort((a, b) => b._creationTime - a._creationTime)
            .slice(0, 20);
        case "_system/cli/tables:default":
          return {
            page: Object.keys(counts()).map((t) => ({ name: t })),
            isDone: true,
            continueCursor: "end",
          };
        case "_system/cli/tableSize:default":
          return counts()[args.tableName] ?? 0;
        default:
          throw new Error(
            `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\`?`,
          );
      }
    },

    /** The backend's checks of an import's format and table name (parse_format_arg). */
    checkImportArgs(format, table) {
      if (!FORMATS.includes(format)) return { code: "BadQuery", message: `unknown format ${format}` };
      if ((format === "zip") !== (table === null || table === undefined))
        return {
          code: "InvalidName",
          message: format === "zip" ? "ZIP import cannot have table name" : "import requires table name",
        };
      if (table && !TABLE_RE.test(table))
        return { code: "ImportInvalidName", message: `invalid table name ${table}` };
      return undefined;
    },

    /** The one-request import: parsed, checked and written at once; returns the count written. */
    applyImport({ format, tableName, mode }, bytes) {
      const parsed = parseImport({ format, tableName }, bytes);
      planImport(mode, parsed);
      const written = commitImport(mode, parsed);
      onChange();
      return written;
    },

    startUpload() {
      const token = newId();
      uploads.set(token, []);
      return token;
    },
    uploadPart(token, partNumber, bytes) {
      const parts = uploads.get(token);
      if (!parts) return undefined;
      parts[partNumber - 1] = bytes;
      return `${token}-${partNumber}`;
    },
    /** Creates the import (state uploaded), then parses and plans it in the background. */
    finishUpload({ import: args, uploadToken, partTokens }) {
      const parts = uploads.get(uploadToken);
      if (!parts) return undefined;
      uploads.delete(uploadToken);
      const bytes = Buffer.concat(partTokens.map((t) => parts[Number(t.split("-").at(-1)) - 1]));
      const mode = args.mode ?? "requireEmpty";
      const doc = {
        _id: newId(),
        _creationTime: Date.now(),
        state: { state: "uploaded" },
        format:
          args.format === "zip"
            ? { format: "zip" }
            : {
                format: { jsonLines: "jsonl", jsonArray: "json_array", csv: "csv" }[args.format],
                table: args.tableName,
              },
        mode: MODES[mode] ?? "RequireEmpty",
        requestor: { type: "snapshotImport" },
        checkpoints: null,
      };
      saveImport(doc);
      setImmediate(() => {
        try {
          const parsed = parseImport({ format: args.format, tableName: args.tableName }, bytes);
          const changes = planImport(mode, parsed);
          uploads.set(`parsed:${doc._id}`, { parsed, mode });
          const lines = [
            "Import change summary:",
            ...renderChanges(changes),
            "Once the import has started, it will run in the background.\nInterrupting `npx convex import` will not cancel it.",
          ];
          saveImport({
            ...doc,
            state: {
              state: "waiting_for_confirmation",
              message_to_confirm: lines.join("\n"),
              require_manual_confirmation: [...changes.values()].some((c) => c.deleted > 0),
            },
          });
        } catch (error) {
          saveImport({ ...doc, state: { state: "failed", error_message: error.message } });
        }
      });
      return doc._id;
    },
    /** Starts a confirmed import; it completes in the background. Returns a problem or undefined. */
    performImport(importId) {
      const doc = imports()[importId];
      const pending = uploads.get(`parsed:${importId}`);
      if (!doc) return { code: "InvalidImport", message: `invalid import id ${importId}` };
      if (doc.state.state !== "waiting_for_confirmation" || !pending)
        return { code: "ImportNotWaiting", message: `Import ${importId} is not waiting for confirmation` };
      uploads.delete(`parsed:${importId}`);
      saveImport({
        ...doc,
        state: { state: "in_progress", progress_message: "Importing", checkpoint_messages: [] },
      });
      setImmediate(() => {
        try {
          const written = commitImport(pending.mode, pending.parsed);
          saveImport({
            ...doc,
            state: { state: "completed", timestamp: int64(nowNs()), num_rows_written: int64(written) },
          });
        } catch (error) {
          saveImport({ ...doc, state: { state: "failed", error_message: error.message } });
        }
      });
      return undefined;
    },

    /** Requests a snapshot export; it goes in_progress, then completed, in the background. */
    requestExport(includeStorage) {
      if (exportsList().some((e) => e.state === "requested" || e.state === "in_progress"))
        return { code: "ExportInProgress", message: "There is already an export requested or in progress." };
      const doc = {
        _id: newId(),
        _creationTime: Date.now(),
        state: "requested",
        requestor: "snapshotExport",
      };
      saveExport(doc);
      setImmediate(() => {
        const start = nowNs();
        saveExport({ ...doc, state: "in_progress", start_ts: int64(start), progress_message: null });
        const zip = buildZip(includeStorage);
        mkdirSync(join(data, "exports"), { recursive: true });
        writeFileSync(join(data, "exports", `${start}.zip`), zip);
        saveExport({
          ...doc,
          state: "completed",
          start_ts: int64(start),
          complete_ts: int64(nowNs()),
          expiration_ts: int64(start + 14n * 86_400n * 1_000_000_000n),
          zip_object_key: `${start}.zip`,
          format: { format: "zip", include_storage: includeStorage },
        });
      });
      return undefined;
    },
    /** A completed export's ZIP by its start timestamp (ns), or undefined. */
    exportZip(ts) {
      const file = join(data, "exports", `${ts}.zip`);
      return existsSync(file) ? readFileSync(file) : undefined;
    },
    /** For tests and logs: the tables and their document counts. */
    tables: () => ({ ...counts() }),
    listDocumentFiles: () => readdirSync(docsDir),
  };
}
