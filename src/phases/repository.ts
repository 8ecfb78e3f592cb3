/**
 * The repository the app lives in, taken as untrusted input: its boundary (no file is read or
 * written through a link out of it, nor written through any link), the folders the run works in
 * (inside it, not in a folder git ignores), secrets committed to it (never reused), and in CI
 * where each key on disk came from (an input, or this tool's own earlier run).
 */
import { basename, join, relative } from "node:path";
import { Confinement, isInside } from "../adapters/confine.js";
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import type { KeyRecord } from "../adapters/key-record.js";
import { decodeAdminKey } from "../core/admin-key.js";
import { deriveJwtKeyPair } from "../core/auth-keys.js";
import { SetupError } from "../core/errors.js";
import { FILES, type FileName, type Layout } from "../core/layout.js";
import {
  describeTrackedSecrets,
  findTrackedSecrets,
  KEY_MATERIAL,
  type KeyMaterial,
  SECRET_FILES,
  type TrackedSecret,
} from "../core/trust.js";
import type { Reporter } from "./types.js";

export interface Repository {
  /** The boundary: the workspace (CI), else git's top level, else the working directory. */
  root: string;
  /** The file store confined to the boundary (recording the keys it writes, when a record is given). */
  files: FileStore;
}

/** The keys the run was given: a file holding the same key came from them. */
export interface GivenKeys {
  instanceName: string;
  instanceSecret?: string | undefined;
  jwtPrivateKeyPem?: string | undefined;
  /** better-auth-secret. */
  betterAuthSecret?: string | undefined;
}

export interface RepositoryDeps {
  files: FileStore;
  git?: Git;
  workspace?: string;
  /** In CI a committed secret, and a key this tool did not write, stop the run. */
  ci?: boolean;
  /** Where the user stands (the CLI): the repository holding it is the boundary of what it names. */
  cwd?: string;
  /** What this tool wrote in earlier runs (adapters/key-record.ts). */
  keyRecord?: KeyRecord;
}

export async function checkRepository(
  layout: Layout,
  deps: RepositoryDeps,
  report: Reporter,
  options: { frontendDirs?: readonly string[]; given?: GivenKeys } = {},
): Promise<Repository> {
  const root = await findRepositoryRoot(layout.dir, deps);
  const files = deps.files.within(root);
  // A working directory that is (or passes through) a link out of the repository is refused here.
  if (!(await files.isDirectory(layout.dir))) {
    throw new SetupError(
      `working-directory: ${layout.dir} does not exist or is not a folder.`,
      "Point it at the Convex app's folder (the one with package.json).",
    );
  }
  const frontendDirs = options.frontendDirs ?? [];
  const folders: Array<[string, string]> = [
    ["working-directory", layout.dir],
    ...frontendDirs.map((d): [string, string] => ["frontend-directories", d]),
  ];
  for (const [label, dir] of folders) await checkFolder(label, dir, root, deps.git);
  // No file the run writes is a link, nor inside .git: said now, before anything starts (and
  // checked again right before each write).
  for (const name of Object.keys(FILES) as FileName[]) await files.checkWritable(layout.path(name));
  for (const dir of frontendDirs) await files.checkWritable(join(dir, FILES.frontendEnv));
  const found = deps.git ? await findCommittedSecrets(deps.git, files, layout, deps.ci ?? false) : undefined;
  if (deps.git && found === undefined) report.logger.info(NO_GIT_MESSAGE);
  if (found && found.length > 0) {
    const { message, hint } = describeTrackedSecrets(found);
    if (deps.ci) throw new SetupError(message, hint);
    report.warn(`${message} ${hint}`);
  }
  if (deps.ci) await checkKeyOrigin(files, layout, deps.keyRecord, options.given);
  return { root, files: deps.keyRecord ? recording(files, deps.keyRecord) : files };
}

/**
 * The repository holding `dir` and the file store confined to it: what the CLI's commands that
 * only look (status, doctor, env, keys, logs, verify) read through, as `up` does. A file that is
 * a link out of it, a FIFO or a device is refused naming it.
 */
export async function openRepository(
  dir: string,
  deps: Pick<RepositoryDeps, "files" | "git" | "cwd" | "workspace">,
): Promise<Repository> {
  const root = await findRepositoryRoot(dir, deps);
  return { root, files: deps.files.within(root) };
}

/**
 * The boundary: the workspace (CI); else the git repository holding where the user stands, when
 * the working directory is named inside it (a link in it leading out is then refused, not taken
 * as another repository); else the repository holding the working directory; else the folder.
 */
export async function findRepositoryRoot(
  dir: string,
  deps: Pick<RepositoryDeps, "workspace" | "git" | "cwd">,
): Promise<string> {
  if (deps.workspace) return deps.workspace;
  if (!deps.git) return dir;
  const here = deps.cwd ? await deps.git.topLevel(deps.cwd) : undefined;
  if (here && deps.cwd && (isInside(deps.cwd, dir) || isInside(here, dir))) return here;
  return (await deps.git.topLevel(dir)) ?? dir;
}

/**
 * A folder the run reads and writes in: inside the repository, and not in a folder git ignores
 * (one that installing packages or a build fills: a pull request decides what is there). One
 * that does not exist is left to the step that needs it.
 */
async function checkFolder(label: string, dir: string, root: string, git: Git | undefined): Promise<void> {
  const confined = await Confinement.of(root, "read or write");
  let real: string | undefined;
  try {
    real = await confined.real(dir);
  } catch (error) {
    if (error instanceof SetupError) throw new SetupError(`${label}: ${error.message}`, error.hint);
    throw error;
  }
  if (real === undefined || !git || confined.root === undefined) return;
  const rel = relative(confined.root, real);
  if (rel === "") return;
  if (!(await git.isIgnored(confined.root, rel))) return;
  throw new SetupError(
    real === dir
      ? `${label}: ${dir} is ignored by git (.gitignore).`
      : `${label}: ${dir} resolves to ${real}, which git ignores (.gitignore).`,
    "A folder git ignores is filled by installing packages or by a build, not committed: a pull request can put any file there (keys among them). Point it at a folder committed to the repository.",
  );
}

export const NO_GIT_MESSAGE =
  "Not a git checkout (or no git): committed secrets cannot be told apart from local ones; going on.";

/** The secret files git tracks that hold a secret; undefined without git or outside a repository. */
export async function findCommittedSecrets(
  git: Git,
  files: Pick<FileStore, "read">,
  layout: Layout,
  strict = false,
): Promise<TrackedSecret[] | undefined> {
  const tracked = await git.tracked(
    layout.dir,
    SECRET_FILES.map(([name]) => FILES[name]),
  );
  if (tracked === undefined) return undefined;
  const texts = new Map<FileName, string>();
  for (const [name] of SECRET_FILES) {
    const variants = [...tracked].filter((p) => p.toLowerCase() === FILES[name].toLowerCase());
    if (variants.length === 0) continue;
    const text = await files.read(layout.path(name));
    if (text === undefined) continue;
    // Tracked under this very name; or under another case (.ENV.convex.local), which is this
    // file when the file system ignores case: the same content read through both names.
    const same =
      variants.includes(FILES[name]) ||
      (await Promise.all(variants.map((v) => files.read(join(layout.dir, v))))).includes(text);
    if (same) texts.set(name, text);
  }
  return findTrackedSecrets(texts, strict);
}

/** Whether `value` (the key `key` holds in a file) is one the run was given. */
function isGiven(key: KeyMaterial, value: string, given: GivenKeys | undefined): boolean {
  if (!given) return false;
  if (key.what === "BETTER_AUTH_SECRET") return value === given.betterAuthSecret;
  switch (key.name) {
    case "backendEnv":
      return value === given.instanceSecret;
    case "privateKey":
      if (!given.jwtPrivateKeyPem) return false;
      try {
        return (
          deriveJwtKeyPair(value).privateKeyPem === deriveJwtKeyPair(given.jwtPrivateKeyPem).privateKeyPem
        );
      } catch {
        return false;
      }
    case "frontendEnv":
      if (!given.instanceSecret) return false;
      try {
        decodeAdminKey(value, given.instanceSecret, given.instanceName);
        return true;
      } catch {
        return false;
      }
    default:
      return false;
  }
}

/**
 * In CI, each key found on disk came from an input or from this tool's own earlier run (its
 * record); anything else is refused, naming the file. A pull request controls more than what git
 * tracks: a link to a folder that `npm ci` fills, a script run before this step.
 */
async function checkKeyOrigin(
  files: Pick<FileStore, "read">,
  layout: Layout,
  record: KeyRecord | undefined,
  given: GivenKeys | undefined,
): Promise<void> {
  const accepted = async (key: KeyMaterial, path: string, value: string) =>
    isGiven(key, value, given) || (await record?.has(path, key.name, value)) === true;
  for (const key of KEY_MATERIAL) {
    const path = layout.path(key.name);
    const text = await files.read(path);
    if (text === undefined) continue;
    const value = key.value(text);
    if (value === undefined && key.always === undefined) continue;
    if (value !== undefined && (await accepted(key, path, value))) continue;
    if (value === undefined) {
      // A file holding another key of ours that came from us is ours (target connect keeps only
      // Better Auth's secret in .env.convex.local).
      let ours = false;
      for (const other of KEY_MATERIAL.filter((k) => k !== key && k.name === key.name)) {
        const v = other.value(text);
        if (v !== undefined && (await accepted(other, path, v))) ours = true;
      }
      if (ours) continue;
    }
    throw new SetupError(
      `${path} holds ${value !== undefined ? key.what : key.always}, but setup-coder-convex did not write it (${record ? `no record of it in ${record.where}` : "nothing is recorded here"}) and no input gave it; in CI such a file is refused.`,
      `A pull request can plant files git does not track (through a linked folder that installing packages fills, or a script run before this step). Delete ${FILES[key.name]} before this step, or pass instance-secret, jwt-private-key (and better-auth-secret) from the secret store; the files setup-coder-convex writes are recognised by its next run on this machine.`,
    );
  }
}

/** The store, recording each key it writes into a key file (adapters/key-record.ts). */
function recording(files: FileStore, record: KeyRecord): FileStore {
  return {
    ...files,
    async write(path, content, mode) {
      await files.write(path, content, mode);
      for (const key of KEY_MATERIAL) {
        if (basename(path) !== FILES[key.name]) continue;
        const value = key.value(content);
        if (value !== undefined) await record.add(path, key.name, value);
      }
    },
    within: (root) => recording(files.within(root), record),
  };
}
