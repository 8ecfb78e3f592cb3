/** seed-function, seed-args and seed-import: what `convex run` and `convex import` take. */

/** A module path component as the backend takes it: letters, digits, _ and ., one letter or digit at least. */
const MODULE_COMPONENT_RE = /^(?=[\w.]*[A-Za-z0-9])[\w.]{1,64}$/;
/** An export name or table name: a letter or _ first, then letters, digits and _ (at most 64). */
const IDENTIFIER_RE = /^(?=\w*[A-Za-z0-9])[A-Za-z_]\w{0,63}$/;
/** A user table: like an identifier, but never starting with _ (those are system tables). */
const TABLE_NAME_RE = /^[A-Za-z]\w{0,63}$/;
/** What `convex import` reads, picked by the extension: a snapshot ZIP, or one table. */
export const SEED_IMPORT_EXTENSIONS = [".zip", ".jsonl", ".json", ".csv"] as const;

/**
 * A function name as `convex run` takes it: `module`, `dir/module:export` (a file extension
 * and the functions folder's name are allowed: the CLI strips them), or `api.dir.module.export`
 * / `internal....`. Module path components and export names follow the backend's rules
 * (docs/backend-facts.md#convex-cli).
 */
export function isFunctionPath(text: string): boolean {
  if (/^(?:api|internal)\./.test(text)) {
    const parts = text.split(".").slice(1);
    return (
      parts.length >= 2 &&
      parts.slice(0, -1).every((p) => MODULE_COMPONENT_RE.test(p)) &&
      IDENTIFIER_RE.test(parts.at(-1)!)
    );
  }
  const colon = text.lastIndexOf(":");
  const module = colon === -1 ? text : text.slice(0, colon);
  const name = colon === -1 ? undefined : text.slice(colon + 1);
  if (name !== undefined && !IDENTIFIER_RE.test(name)) return false;
  return module.split("/").every((p) => MODULE_COMPONENT_RE.test(p));
}

/** The table a one-table seed file goes to: its name without the extension. */
export function seedImportTable(file: string): string | undefined {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const ext = SEED_IMPORT_EXTENSIONS.find((e) => name.endsWith(e));
  return ext && ext !== ".zip" ? name.slice(0, -ext.length) : undefined;
}

/** Whether a relative path climbs above its base (`a/../../b`), lexically. */
function climbsOut(path: string): boolean {
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "" && part !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

function suggestTableName(name: string): string {
  const cleaned = name.replace(/\W+/g, "_").replace(/^_+/, "").slice(0, 64);
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `t_${cleaned}`.slice(0, 64);
}

/** What is wrong with seed-function, if anything. */
export function checkSeedFunction(fn: string): string | undefined {
  if (isFunctionPath(fn)) return undefined;
  return `"${fn}" is not a Convex function name: give it as convex run takes it, module:export relative to the functions folder (e.g. seed:init for the export init of convex/seed.ts, or admin/seed:run).`;
}

/** What is wrong with seed-args (it must be a JSON object), if anything. */
export function checkSeedArgs(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${(error as Error).message}): give a JSON object, e.g. {"users": 10}.`;
  }
  if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return undefined;
  const kind = parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`;
  return `must be a JSON object (the function's named arguments), not ${kind}: e.g. {"users": 10}.`;
}

/** What is wrong with seed-import, a file relative to the working directory `base`, if anything. */
export function checkSeedImport(file: string, base: string): string | undefined {
  const ext = SEED_IMPORT_EXTENSIONS.find((e) => file.endsWith(e));
  const table = seedImportTable(file);
  if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith("\\"))
    return `"${file}" is an absolute path: give the file's path in the repository, relative to working-directory (e.g. seed/users.jsonl).`;
  if (climbsOut(base.startsWith("/") ? file : `${base}/${file}`))
    return `"${file}" climbs out of the repository with ..: the file must be inside it; give its path relative to working-directory.`;
  if (ext === undefined)
    return `"${file}" must end in .zip (a snapshot export: all its tables), or .jsonl, .json or .csv (one table, named after the file): convex import picks the format from the extension (lowercase). Rename the file.`;
  if (table !== undefined && !TABLE_NAME_RE.test(table))
    return `imports "${file}" into the table named after the file, and "${table}" is not a valid Convex table name (a letter first, then letters, digits or _, at most 64 characters): rename the file, e.g. to ${suggestTableName(table)}${ext}.`;
  return undefined;
}
