#!/usr/bin/env node
// TEST DOUBLE: a stand-in for the Convex backend container (see README.md in this folder).
// Environment: INSTANCE_NAME, INSTANCE_SECRET (as compose gives them), STANDIN_API_PORT,
// STANDIN_SITE_PORT, STANDIN_DATA (folder: variables + request log), STANDIN_MODE
// (healthy | never-healthy | exit | foreign-secret | reject-all), STANDIN_START_DELAY_MS (the API
// port opens only after that long, as a booting backend's: connections are refused until then),
// STANDIN_IMAGE (the container's image: its tag says the release's database version and whether it
// fails, stand-in-release.mjs; the database's version is kept in the data folder).
// The data folder holds what a volume would: variables, what was pushed (deployed.json), the
// documents per table (tables.json: counts; documents/<table>.jsonl), snapshot imports and exports
// (stand-in-store.mjs), and the functions run (functions-run.jsonl). The sync WebSocket
// (sync-double.mjs) serves the system queries the convex CLI's export and import wait on.
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { checkAdminKey } from "./admin-key-double.mjs";
import { migrate, releaseBehaviour } from "./stand-in-release.mjs";
import { createStore } from "./stand-in-store.mjs";
import { attachSync, normalizeUdfPath } from "./sync-double.mjs";

const name = process.env.INSTANCE_NAME || "convex-self-hosted";
const mode = process.env.STANDIN_MODE || "healthy";
const data = process.env.STANDIN_DATA;
mkdirSync(data, { recursive: true });
// foreign-secret: the backend runs with a secret other than the one in its env (an old volume).
const secret = mode === "foreign-secret" ? "ab".repeat(32) : process.env.INSTANCE_SECRET;
writeFileSync(join(data, "effective-secret"), secret ?? "");
const varsFile = join(data, "environment-variables.json");
const requestLog = join(data, "requests.jsonl");
const log = (line) => console.log(`${new Date().toISOString()} ${line}`);

let vars = {};
try {
  vars = JSON.parse(readFileSync(varsFile, "utf8"));
} catch {}

log(
  `stand-in backend ${name} starting (mode ${mode}, db ${process.env.POSTGRES_URL ? "postgres" : "sqlite"})`,
);
if (mode === "exit") {
  log("Error: failed to connect to the database: connection refused");
  process.exit(1);
}
// The migration worker, as the release in the image's tag runs it (its version kept with the data).
const release = releaseBehaviour(process.env.STANDIN_IMAGE);
const versionFile = join(data, "database-version");
let persisted;
try {
  persisted = Number(readFileSync(versionFile, "utf8"));
} catch {}
const migration = migrate(persisted, release);
writeFileSync(versionFile, String(migration.version));
for (const line of migration.lines) log(line);
if (release.exit) {
  // A broken release: it stops; when it migrated, the migration lost the tables.
  if (migration.stepped) {
    rmSync(join(data, "documents"), { recursive: true, force: true });
    writeFileSync(join(data, "tables.json"), "{}");
  }
  log("thread 'main' panicked: the stand-in's release breaks after migrating (a test of the rollback)");
  process.exit(1);
}
if (mode === "never-healthy") {
  log("waiting for the database forever");
  setInterval(() => {}, 1000);
} else {
  const NAME_RE = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;
  const json = (res, status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const authState = (req) => {
    const header = req.headers.authorization;
    if (!header) return "none";
    const key = header.replace(/^Convex /, "");
    return mode !== "reject-all" && checkAdminKey(key, name, secret) ? "valid" : "invalid";
  };
  const record = (entry) => appendFileSync(requestLog, `${JSON.stringify({ t: Date.now(), ...entry })}\n`);
  const readJson = (file, fallback) => {
    try {
      return JSON.parse(readFileSync(join(data, file), "utf8"));
    } catch {
      return fallback;
    }
  };
  let sync;
  const store = createStore({ data, onChange: () => sync?.changed() });
  const api = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString("utf8");
      const [path, query = ""] = req.url.split("?");
      const auth = authState(req);
      // An import's body is a file: its size is logged, not its bytes.
      record({
        method: req.method,
        path,
        auth,
        ...(query ? { query } : {}),
        ...(path === "/api/import" || path === "/api/import/upload_part"
          ? { bytes: raw.length }
          : { body: body || undefined }),
      });
      if (path === "/version") return res.end("unknown");
      if (path === "/instance_name") return res.end(name);
      // As the real handler: JSON only, the admin key read from the body (not the header); the
      // root component's modules as pushed, none before the first push.
      if (path === "/api/get_config_hashes") {
        if (!/^application\/json\b/.test(req.headers["content-type"] ?? ""))
          return json(res, 400, {
            code: "BadJsonBody",
            message: "Expected request with `Content-Type: application/json`",
          });
        let adminKey;
        try {
          ({ adminKey } = JSON.parse(body));
        } catch {}
        if (typeof adminKey !== "string")
          return json(res, 400, { code: "BadJsonBody", message: "missing field `adminKey`" });
        if (mode === "reject-all" || !checkAdminKey(adminKey, name, secret))
          return json(res, 401, {
            code: "BadAdminKey",
            message: "The provided admin key was invalid for this instance",
          });
        const deployed = readJson("deployed.json", {});
        return json(res, 200, {
          config: { functions: "convex/", authInfo: [] },
          moduleHashes: deployed.modules ?? [],
          udfServerVersion: deployed.modules ? "1.48.0" : null,
          nodeVersion: null,
        });
      }
      if (auth === "none" && path.startsWith("/api/"))
        return json(res, 403, { code: "MissingAdminKey", message: "no key" });
      if (auth === "invalid" && path.startsWith("/api/"))
        return json(res, 401, {
          code: "BadAdminKey",
          message: "The provided admin key was invalid for this instance",
        });
      if (path === "/api/check_admin_key") return json(res, 200, { success: true });
      if (path === "/api/update_environment_variables" || path === "/api/v1/update_environment_variables") {
        let changes;
        try {
          ({ changes } = JSON.parse(body));
        } catch {
          return json(res, 400, { code: "BadJson", message: "invalid JSON" });
        }
        const next = { ...vars };
        for (const { name: n, value } of changes) {
          if (!NAME_RE.test(n) || n.length > 256)
            return json(res, 400, { code: "EnvVarNameInvalid", message: `Invalid name ${n}` });
          if (n === "CONVEX_CLOUD_URL" || n === "CONVEX_SITE_URL")
            return json(res, 400, { code: "EnvVarNameForbidden", message: `${n} is built in` });
          if (value !== null && Buffer.byteLength(value) > 8192)
            return json(res, 400, { code: "EnvVarValueTooLarge", message: `${n} too large` });
          if (value === null) delete next[n];
          else next[n] = value;
        }
        if (Object.keys(next).length > 512)
          return json(res, 400, { code: "TooManyEnvironmentVariables", message: "too many" });
        vars = next;
        writeFileSync(varsFile, JSON.stringify(vars));
        res.writeHead(200);
        return res.end();
      }
      if (path === "/api/v1/list_environment_variables")
        return json(res, 200, { environmentVariables: vars });
      if (path === "/api/deploy2/start_push") {
        // What the deployed http.ts routes: @convex-dev/auth's discovery when it calls addHttpRoutes.
        let pushed = {};
        try {
          pushed = JSON.parse(body || "{}");
        } catch {}
        // The pushed modules, as get_config_hashes lists them (path, sha256 of the source).
        const modules = (Array.isArray(pushed.modules) ? pushed.modules : []).map((m) => ({
          path: m.path,
          hash: createHash("sha256")
            .update(m.source ?? "")
            .digest("hex"),
          environment: "isolate",
        }));
        writeFileSync(
          join(data, "deployed.json"),
          JSON.stringify({ authRoutes: Boolean(pushed.authRoutes), modules }),
        );
        return json(res, 200, { ok: true });
      }
      // POST /api/function, the HTTP API `convex run` uses (ConvexHttpClient.function): body
      // {path, args, format}; the answer is {status: "success", value} or {status: "error",
      // errorMessage}. The stand-in runs no code: a function of a pushed module "runs" (it is
      // recorded in functions-run.jsonl and returns null); one of a module never pushed fails
      // with the backend's message for a missing function.
      if (path === "/api/function") {
        let call;
        try {
          call = JSON.parse(body);
        } catch {
          return json(res, 400, { code: "BadJsonBody", message: "invalid JSON" });
        }
        const [module, fn = "default"] = String(call.path).split(":");
        const modules = readJson("deployed.json", {}).modules ?? [];
        if (!modules.some((m) => m.path === `${module.replace(/\.js$/, "")}.js`))
          return json(res, 200, {
            status: "error",
            errorMessage: `Could not find function for '${module}:${fn}'. Did you forget to run \`npx convex dev\`?`,
          });
        appendFileSync(
          join(data, "functions-run.jsonl"),
          `${JSON.stringify({ t: Date.now(), path: `${module}:${fn}`, args: call.args })}\n`,
        );
        return json(res, 200, { status: "success", value: null });
      }
      // POST /api/query, the HTTP query API (ConvexHttpClient.query): body {path, format, args};
      // answers {status: "success", value, logLines} or {status: "error", errorMessage}. The
      // system queries of the convex CLI and of setup-coder-convex's restore (store.evaluate).
      if (path === "/api/query") {
        let call;
        try {
          call = JSON.parse(body);
        } catch {
          return json(res, 400, { code: "BadJsonBody", message: "invalid JSON" });
        }
        try {
          const value = store.evaluate(normalizeUdfPath(call.path), call.args?.[0] ?? {});
          return json(res, 200, { status: "success", value, logLines: [] });
        } catch (error) {
          return json(res, 200, { status: "error", errorMessage: error.message, logLines: [] });
        }
      }
      // POST /api/import?tableName=&format=&mode=, the backend's one-request import (the fake CLI
      // uses it; the real CLI uploads in parts, below). Applied at once; a non-empty table is
      // refused unless mode is replace/append, as the backend does (ImportMode::RequireEmpty).
      if (path === "/api/import") {
        const params = new URLSearchParams(query);
        const format = params.get("format");
        const table = params.get("tableName");
        const problem = store.checkImportArgs(format, table);
        if (problem) return json(res, 400, problem);
        try {
          const written = store.applyImport(
            { format, tableName: table, mode: params.get("mode") || "requireEmpty" },
            raw,
          );
          return json(res, 200, { numWritten: written });
        } catch (error) {
          return json(res, 400, { code: error.code ?? "ImportFailed", message: error.message });
        }
      }
      // The real CLI's import (npm convex cli/lib/convexImport.ts; backend snapshot_import.rs):
      // start_upload -> {uploadToken}; upload_part?uploadToken&partNumber (the bytes) -> a part
      // token (a JSON string); finish_upload {import: {tableName, componentPath, mode, format},
      // uploadToken, partTokens} -> {importId}; the import is parsed, then waits for confirmation
      // (state waiting_for_confirmation, read through the sync socket) until perform_import
      // {importId}.
      if (path === "/api/import/start_upload") return json(res, 200, { uploadToken: store.startUpload() });
      if (path === "/api/import/upload_part") {
        const params = new URLSearchParams(query);
        const token = store.uploadPart(params.get("uploadToken"), Number(params.get("partNumber")), raw);
        if (!token) return json(res, 400, { code: "InvalidUploadToken", message: "unknown upload token" });
        return json(res, 200, token);
      }
      if (path === "/api/import/finish_upload") {
        let args;
        try {
          args = JSON.parse(body);
        } catch {
          return json(res, 400, { code: "BadJsonBody", message: "invalid JSON" });
        }
        const problem = store.checkImportArgs(args.import?.format, args.import?.tableName ?? null);
        if (problem) return json(res, 400, problem);
        const importId = store.finishUpload(args);
        if (!importId) return json(res, 400, { code: "InvalidUploadToken", message: "unknown upload token" });
        return json(res, 200, { importId });
      }
      if (path === "/api/perform_import") {
        let args;
        try {
          args = JSON.parse(body);
        } catch {
          return json(res, 400, { code: "BadJsonBody", message: "invalid JSON" });
        }
        const problem = store.performImport(args.importId);
        if (problem) return json(res, 400, problem);
        res.writeHead(200);
        return res.end();
      }
      // Snapshot export (backend snapshot_export.rs, Application::request_export): one export
      // requested or in progress at a time (400 ExportInProgress otherwise); its state, read by the
      // CLI through the sync socket (_system/cli/exports:getLatest), goes requested -> in_progress
      // -> completed; GET /api/export/zip/<start_ts> sends the ZIP as an attachment named
      // snapshot_<instance>_<ts>.zip.
      if (path === "/api/export/request/zip" && req.method === "POST") {
        const includeStorage = new URLSearchParams(query).get("includeStorage") === "true";
        const problem = store.requestExport(includeStorage);
        if (problem) return json(res, 400, problem);
        res.writeHead(200);
        return res.end();
      }
      if (path.startsWith("/api/export/zip/") && req.method === "GET") {
        const id = path.slice("/api/export/zip/".length);
        if (!/^\d+$/.test(id))
          return json(res, 400, { code: "BadSnapshotId", message: "Snapshot Id did not parse to an ID." });
        const zip = store.exportZip(id);
        if (!zip)
          return json(res, 404, {
            code: "ExportNotFound",
            message: `The requested export ${id} was not found`,
          });
        res.writeHead(200, {
          "Content-Length": zip.length,
          "Content-Disposition": `attachment; filename=snapshot_${name}_${id}.zip`,
          "Cache-Control": "private, max-age=2592000",
        });
        return res.end(zip);
      }
      json(res, 404, { code: "NotFound", message: path });
    });
  });
  sync = attachSync(api, {
    checkKey: (key) => mode !== "reject-all" && checkAdminKey(key, name, secret),
    evaluate: (udfPath, args) => store.evaluate(udfPath, args),
    onRequest: (entry) => record({ method: "WS", path: "/api/sync", ...entry }),
  });
  // The site proxy serves what the deployed http.ts routes: @convex-dev/auth's OpenID
  // configuration (issuer = CONVEX_SITE_URL, i.e. the backend's CONVEX_SITE_ORIGIN) and the JWKS
  // deployment variable, as its addHttpRoutes does.
  const site = createServer((req, res) => {
    let deployed = {};
    try {
      deployed = JSON.parse(readFileSync(join(data, "deployed.json"), "utf8"));
    } catch {}
    const path = req.url.split("?")[0];
    record({ method: req.method, path, site: true });
    const origin = process.env.CONVEX_SITE_ORIGIN;
    if (deployed.authRoutes && path === "/.well-known/openid-configuration")
      return json(res, 200, { issuer: origin, jwks_uri: `${origin}/.well-known/jwks.json` });
    if (deployed.authRoutes && path === "/.well-known/jwks.json" && vars.JWKS) {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(vars.JWKS);
    }
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("No matching routes found");
  });
  setTimeout(
    () =>
      api.listen(Number(process.env.STANDIN_API_PORT), "127.0.0.1", () =>
        log(`api on ${process.env.STANDIN_API_PORT}`),
      ),
    Number(process.env.STANDIN_START_DELAY_MS || 0),
  );
  site.listen(Number(process.env.STANDIN_SITE_PORT), "127.0.0.1", () =>
    log(`site proxy on ${process.env.STANDIN_SITE_PORT}`),
  );
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    log(`received ${signal}, shutting down`);
    process.exit(0);
  });
}
