/**
 * A backup's files: the snapshot ZIP (`convex export`) and, next to it, `<name>.env.json`: what the
 * backup holds (tables and their document counts, stored files) and the deployment's variable
 * names, their values only when asked (then the file is written with mode 0600). Pure.
 */
import { basename } from "node:path";
import { SetupError } from "./errors.js";
import type { TargetName } from "./inputs.js";

/** The default folder of backups, in the working directory (git-ignored). */
export const BACKUPS_DIR = ".convex-backups";
export const BACKUP_FORMAT = "setup-coder-convex/backup@1";

/** `<instance>-<YYYYMMDD-HHMMSS>Z.zip` in UTC, sortable by time. */
export function defaultBackupName(instanceName: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "")
    .replace("T", "-");
  return `${instanceName}-${stamp}.zip`;
}

/** The variables' file next to a backup ZIP: x.zip -> x.env.json. */
export function variablesFileOf(zipPath: string): string {
  return zipPath.replace(/\.zip$/i, ".env.json");
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** ISO time the export was requested. */
  createdAt: string;
  target: TargetName;
  instanceName: string;
  /** The ZIP's file name (the manifest names its own ZIP). */
  zip: string;
  /** The project's convex CLI that made the ZIP. */
  convexVersion: string;
  includesFileStorage: boolean;
  /** Documents per table of the app, counted in the ZIP. */
  tables: Record<string, number>;
  storageFiles: number | undefined;
  /** The deployment's variable names, sorted. */
  variables: string[];
  /** With include-env-values only: the values (secrets). */
  values?: Record<string, string>;
}

export function renderManifest(manifest: BackupManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const isRecordOf = (value: unknown, type: "string" | "number"): value is Record<string, never> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === type);

/** A manifest read back; throws a SetupError naming the file and what is wrong. */
export function parseManifest(text: string, file: string): BackupManifest {
  let value: Partial<BackupManifest>;
  try {
    value = JSON.parse(text) as Partial<BackupManifest>;
  } catch (error) {
    throw new SetupError(
      `${file} is not JSON (${(error as Error).message}).`,
      `It is written by command: backup next to its ZIP; move it away to restore the ZIP without it.`,
    );
  }
  const problems: string[] = [];
  if (value.format !== BACKUP_FORMAT) problems.push(`format is not "${BACKUP_FORMAT}"`);
  if (typeof value.zip !== "string") problems.push("no zip name");
  if (!Array.isArray(value.variables) || !value.variables.every((n) => typeof n === "string"))
    problems.push("variables is not a list of names");
  if (!isRecordOf(value.tables, "number")) problems.push("tables is not a table -> count map");
  if (value.values !== undefined && !isRecordOf(value.values, "string"))
    problems.push("values is not a name -> text map");
  if (problems.length > 0)
    throw new SetupError(
      `${file} is not a backup's variables file: ${problems.join("; ")}.`,
      `It is written by command: backup next to its ZIP; move it away to restore the ZIP without it.`,
    );
  return value as BackupManifest;
}

/** "messages: 3, users: 2" (or "no documents"), for messages. */
export function describeTables(tables: Record<string, number>): string {
  const entries = Object.entries(tables).filter(([, n]) => n > 0);
  if (entries.length === 0) return "no documents";
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, n]) => `${t}: ${n}`)
    .join(", ");
}

/** "1 document", "3 documents". */
export function documents(n: number): string {
  return `${n} document${n === 1 ? "" : "s"}`;
}

/** Total documents of a table -> count map. */
export function countDocuments(tables: Record<string, number>): number {
  return Object.values(tables).reduce((sum, n) => sum + n, 0);
}

/** The differences between the tables a restore should have made and what the deployment holds. */
export function compareTables(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(expected))
    if ((actual[table] ?? 0) !== n)
      problems.push(`${table} has ${actual[table] ?? 0} documents, the backup ${n}`);
  for (const [table, n] of Object.entries(actual))
    if (!(table in expected) && n > 0) problems.push(`${table} (${documents(n)}) is not in the backup`);
  return problems;
}

export function zipNameOf(path: string): string {
  return basename(path);
}

/**
 * The backup ZIP inside a downloaded workflow artifact (which wraps the files uploaded): its
 * entries' names are checked before anything is unpacked (no absolute path, no `..`, no
 * backslash), exactly one `.zip` must be there, and it must declare at most `maxBytes`. Pure.
 */
export function pickBackupEntry(
  entries: ReadonlyArray<{ name: string; size: number }>,
  artifact: string,
  maxBytes: number,
): { name: string } | { error: string } {
  const unsafe = entries.find(
    (e) =>
      e.name.startsWith("/") ||
      /^[A-Za-z]:/.test(e.name) ||
      /[\\\0]/.test(e.name) ||
      e.name.split("/").some((part) => part === ".."),
  );
  if (unsafe)
    return {
      error: `artifact ${artifact} holds an entry whose path leaves its folder (${JSON.stringify(unsafe.name)}): refused, nothing was unpacked.`,
    };
  const zips = entries.filter((e) => /\.zip$/i.test(e.name) && !e.name.endsWith("/"));
  if (zips.length !== 1)
    return {
      error: `artifact ${artifact} holds ${zips.length === 0 ? "no .zip" : `${zips.length} .zip files (${zips.map((z) => z.name).join(", ")})`}: upload exactly one backup ZIP (command: backup's backup-file) in it.`,
    };
  const zip = zips[0]!;
  if (zip.size > maxBytes)
    return {
      error: `artifact ${artifact}: ${zip.name} declares ${zip.size} bytes unpacked, more than the ${maxBytes} bytes a seed may be: refused.`,
    };
  return { name: zip.name };
}
