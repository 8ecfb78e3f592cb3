/**
 * The I/O edge of core/app.ts: collects the files it needs (package.json from the working
 * directory up to the repository root and of the workspace members, pnpm-workspace.yaml, the
 * workspace root's lockfile names, convex.json, the functions folder's sources) and derives the
 * facts. Also finds the installed convex package the way Node resolves it.
 *
 * The repository may be hostile (a pull request controls every file): nothing outside
 * `repositoryRoot` is read. Each file is resolved to its real path first (confine.ts), and one
 * that resolves outside (a link out, or through a linked folder) is refused with a SetupError
 * naming the file and where it points. Listing uses node:fs/promises (FileStore has no listing);
 * reading goes through the FileStore.
 */
import type { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import {
  type AppFacts,
  type AppFiles,
  describeApp,
  type EnvRead,
  FRONTEND_SOURCE_FILE,
  findWorkspaceRoot,
  frontendEnvReads,
  functionsDir,
  isWorkspaceMember,
  parseConvexJson,
  tryParsePackageJson,
  workspacePatterns,
} from "../core/app.js";
import { SOURCE_FILE } from "../core/ast.js";
import { SetupError } from "../core/errors.js";
import { LOCKFILES } from "../core/project.js";
import { Confinement, existsNoFollow, type RootedConfinement as Rooted } from "./confine.js";
import type { FileStore } from "./files.js";

/** Source files larger than this are not read (generated or vendored code). */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** A frontend's sources: at most this many files, this many bytes in all, this deep. */
export const MAX_FRONTEND_FILES = 1000;
export const MAX_FRONTEND_BYTES = 8 * 1024 * 1024;
const MAX_FRONTEND_DEPTH = 8;
/** Not a frontend's own code: its build output, static files, and folders of other packages. */
const NOT_FRONTEND_CODE = new Set(["dist", "build", "out", "coverage", "public", "static"]);
/** At most this many source files are read from the functions folder. */
export const MAX_SOURCE_FILES = 2000;
/** Workspace globs are expanded at most this deep (for `**`) and over at most this many folders. */
const MAX_WORKSPACE_DEPTH = 6;
const MAX_WORKSPACE_DIRS = 5000;

/** Never descended into: generated code, installed packages, dot folders (.git, .turbo, ...). */
const SKIPPED_DIRS = (name: string) =>
  name === "_generated" || name === "node_modules" || name.startsWith(".");

function toPosix(rel: string): string {
  return rel === "" ? "." : rel.split(sep).join("/");
}

/** `rel` (POSIX, relative to the root) as an absolute path. */
function abs(c: Rooted, rel: string): string {
  return rel === "." ? c.root : join(c.root, ...rel.split("/"));
}

async function readConfined(
  c: Rooted,
  files: Pick<FileStore, "read">,
  rel: string,
): Promise<string | undefined> {
  const real = await c.real(abs(c, rel));
  if (real === undefined) return undefined;
  if (!(await stat(real)).isFile()) return undefined;
  return files.read(real);
}

function joinRel(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}

function parentRel(dir: string): string {
  const i = dir.lastIndexOf("/");
  return i < 0 ? "." : dir.slice(0, i);
}

/** Subfolders of `rel`, not following links (a linked folder is checked, then listed by its name). */
async function subdirs(c: Rooted, rel: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(abs(c, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (SKIPPED_DIRS(e.name)) continue;
    if (e.isDirectory()) out.push(e.name);
    else if (e.isSymbolicLink()) {
      const real = await c.real(abs(c, joinRel(rel, e.name)));
      if (real !== undefined && (await stat(real)).isDirectory()) out.push(e.name);
    }
  }
  return out.sort();
}

/** The folders under `root` (relative) matching the workspace patterns, breadth-first and bounded. */
async function workspaceMembers(c: Rooted, root: string, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) return [];
  const positive = patterns.filter((p) => !p.startsWith("!"));
  const deep = positive.some((p) => p.includes("**"));
  const depth = deep
    ? MAX_WORKSPACE_DEPTH
    : Math.min(MAX_WORKSPACE_DEPTH, Math.max(...positive.map((p) => p.split("/").filter(Boolean).length)));
  const out: string[] = [];
  let queue = [root];
  let visited = 0;
  for (let level = 1; level <= depth && queue.length > 0; level++) {
    const next: string[] = [];
    for (const dir of queue) {
      for (const name of await subdirs(c, dir)) {
        if (++visited > MAX_WORKSPACE_DIRS) return out;
        const child = joinRel(dir, name);
        const relToRoot = root === "." ? child : child.slice(root.length + 1);
        if (isWorkspaceMember(relToRoot, patterns)) out.push(child);
        next.push(child);
      }
    }
    queue = next;
  }
  return out;
}

/** An entry met by `walk`: its path relative to the root, its real path and what it is. */
interface WalkEntry {
  rel: string;
  name: string;
  real: string;
  info: Stats;
  /** 1 for an entry of the folder walked, 2 one folder down, ... */
  depth: number;
}

/**
 * Walks the folder `dir` (relative to the root) in name order, each folder by its real path once,
 * going into the folders `enter` accepts and handing every regular file to `file` (which may
 * stop the walk). A link out of the repository is refused (`linksOut: "refuse"`:
 * a SetupError) or passed over ("skip"). False when `dir` is not a folder.
 */
async function walk(
  c: Rooted,
  dir: string,
  options: {
    order: "depth-first" | "breadth-first";
    linksOut: "refuse" | "skip";
    enter: (entry: WalkEntry) => boolean | Promise<boolean>;
    file: (entry: WalkEntry, stop: () => void) => Promise<void>;
  },
): Promise<boolean> {
  const real = (path: string) =>
    options.linksOut === "refuse" ? c.real(path) : c.real(path).catch(() => undefined);
  const top = await real(abs(c, dir));
  if (top === undefined || !(await stat(top)).isDirectory()) return false;
  const seen = new Set<string>([top]);
  const pending = [{ rel: dir, depth: 0 }];
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  while (pending.length > 0) {
    const current = (options.order === "breadth-first" ? pending.shift() : pending.pop())!;
    let entries: Dirent[];
    try {
      entries = await readdir(abs(c, current.rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = joinRel(current.rel, e.name);
      const path = await real(abs(c, rel));
      if (path === undefined) continue;
      const entry = { rel, name: e.name, real: path, info: await stat(path), depth: current.depth + 1 };
      if (entry.info.isDirectory()) {
        if (!seen.has(path) && (await options.enter(entry))) {
          seen.add(path);
          pending.push({ rel, depth: entry.depth });
        }
      } else if (entry.info.isFile()) {
        await options.file(entry, stop);
        if (stopped) return true;
      }
    }
  }
  return true;
}

/** The functions folder's source files: path (relative to the root) -> text. */
async function readSources(
  c: Rooted,
  files: Pick<FileStore, "read">,
  dir: string,
): Promise<{ exists: boolean; sources: Map<string, string>; skipped: string[] }> {
  const sources = new Map<string, string>();
  const skipped: string[] = [];
  const exists = await walk(c, dir, {
    order: "depth-first",
    linksOut: "refuse",
    enter: (e) => !SKIPPED_DIRS(e.name),
    async file(e) {
      if (!SOURCE_FILE.test(e.name) || e.name.endsWith(".d.ts")) return;
      if (e.info.size > MAX_SOURCE_BYTES || sources.size >= MAX_SOURCE_FILES) {
        skipped.push(e.rel);
        return;
      }
      const text = await files.read(e.real);
      if (text !== undefined) sources.set(e.rel, text);
    },
  });
  return { exists, sources, skipped };
}

/**
 * Collects what core/app.ts `describeApp` reads. `workingDirectory` must be inside
 * `repositoryRoot` (after resolving links).
 */
export async function collectAppFiles(
  workingDirectory: string,
  repositoryRoot: string,
  files: Pick<FileStore, "read">,
): Promise<AppFiles & { skipped: string[] }> {
  const c = await Confinement.ofExisting(repositoryRoot, "read");
  const wdReal = await c.real(resolve(workingDirectory)).catch((error: unknown) => {
    throw error instanceof SetupError
      ? new SetupError(
          `The working directory ${workingDirectory} is outside the repository (${c.root}).`,
          "Point working-directory at a folder of the repository.",
        )
      : error;
  });
  if (wdReal === undefined) throw new SetupError(`The working directory ${workingDirectory} does not exist.`);
  const wd = toPosix(relative(c.root, wdReal));

  const packageJsons = new Map<string, string>();
  const pnpmWorkspaces = new Map<string, string>();
  for (let dir = wd; ; dir = parentRel(dir)) {
    const pkg = await readConfined(c, files, joinRel(dir, "package.json"));
    if (pkg !== undefined) packageJsons.set(dir, pkg);
    const yaml = await readConfined(c, files, joinRel(dir, "pnpm-workspace.yaml"));
    if (yaml !== undefined) pnpmWorkspaces.set(dir, yaml);
    if (dir === ".") break;
  }
  const workspaceRoot = findWorkspaceRoot(wd, packageJsons, pnpmWorkspaces);

  const lockfiles = new Set<string>();
  for (const [name] of LOCKFILES) {
    const rel = joinRel(workspaceRoot, name);
    if (await existsNoFollow(abs(c, rel))) lockfiles.add(rel); // its name only: never read
  }

  const rootPkgText = packageJsons.get(workspaceRoot);
  const patterns = workspacePatterns(
    rootPkgText === undefined ? undefined : tryParsePackageJson(rootPkgText),
    pnpmWorkspaces.get(workspaceRoot),
  );
  for (const dir of await workspaceMembers(c, workspaceRoot, patterns)) {
    if (packageJsons.has(dir)) continue;
    const pkg = await readConfined(c, files, joinRel(dir, "package.json"));
    if (pkg !== undefined) packageJsons.set(dir, pkg);
  }

  const convexJson = await readConfined(c, files, joinRel(wd, "convex.json"));
  const wdPkgText = packageJsons.get(wd);
  const fnDir = functionsDir(
    convexJson === undefined ? undefined : parseConvexJson(convexJson, joinRel(wd, "convex.json")),
    wdPkgText === undefined ? undefined : tryParsePackageJson(wdPkgText),
  );
  const { exists, sources, skipped } = await readSources(c, files, wd === "." ? fnDir : `${wd}/${fnDir}`);
  return {
    workingDirectory: wd,
    packageJsons,
    pnpmWorkspaces,
    lockfiles,
    ...(convexJson === undefined ? {} : { convexJson }),
    functionsDirExists: exists,
    sources,
    skipped,
  };
}

/**
 * A frontend's own source files (path relative to the root -> text), bounded: the files of
 * FRONTEND_SOURCE_FILE under `dir`, not in `skip` (the functions folder), generated or installed
 * code, build output, static files or a nested package (a folder with its own package.json); at
 * most MAX_FRONTEND_FILES files of at most MAX_SOURCE_BYTES, MAX_FRONTEND_BYTES in all, and
 * MAX_FRONTEND_DEPTH folders deep. Only files that mention a URL variable are kept.
 */
async function readFrontendSources(
  c: Rooted,
  files: Pick<FileStore, "read">,
  dir: string,
  skip: ReadonlySet<string>,
): Promise<{ sources: Map<string, string>; truncated: boolean }> {
  const sources = new Map<string, string>();
  let count = 0;
  let bytes = 0;
  let truncated = false;
  await walk(c, dir, {
    order: "breadth-first",
    linksOut: "skip", // a link out is not read
    async enter(e) {
      if (SKIPPED_DIRS(e.name) || NOT_FRONTEND_CODE.has(e.name) || skip.has(e.rel)) return false;
      if (e.depth > MAX_FRONTEND_DEPTH) {
        truncated = true;
        return false;
      }
      return !(await existsNoFollow(join(e.real, "package.json"))); // another package
    },
    async file(e, stop) {
      if (!FRONTEND_SOURCE_FILE.test(e.name) || e.name.endsWith(".d.ts")) return;
      if (e.info.size > MAX_SOURCE_BYTES) return;
      if (count >= MAX_FRONTEND_FILES || bytes + e.info.size > MAX_FRONTEND_BYTES) {
        truncated = true;
        return stop();
      }
      count++;
      bytes += e.info.size;
      const text = await files.read(e.real);
      if (text !== undefined && (text.includes("CONVEX_URL") || text.includes("SITE_URL")))
        sources.set(e.rel, text);
    },
  });
  return { sources, truncated };
}

/** The facts of the app in `workingDirectory` (see core/app.ts `describeApp`). */
export async function readApp(
  workingDirectory: string,
  repositoryRoot: string,
  files: Pick<FileStore, "read">,
  options: {
    /** Frontend folders (absolute) whose own code is read for the URL variables it uses. */
    frontendDirs?: readonly string[];
  } = {},
): Promise<AppFacts> {
  const collected = await collectAppFiles(workingDirectory, repositoryRoot, files);
  const facts = await describeApp(collected);
  for (const path of collected.skipped) {
    facts.warnings.push(
      `${path} was not read (over ${MAX_SOURCE_BYTES / 1024} KB, or past ${MAX_SOURCE_FILES} files).`,
    );
  }
  if (options.frontendDirs?.length) {
    const c = await Confinement.ofExisting(repositoryRoot, "read");
    const reads = new Map<string, EnvRead[]>();
    for (const dir of options.frontendDirs) {
      const real = await c.real(resolve(dir)).catch(() => undefined);
      if (real === undefined) continue; // outside the repository or missing: said by the caller
      const rel = toPosix(relative(c.root, real));
      const found = await readFrontendSources(c, files, rel, new Set([facts.functionsDir]));
      if (found.truncated)
        facts.warnings.push(
          `${rel}: only part of the frontend's code was read for the variables it uses (at most ${MAX_FRONTEND_FILES} files, ${MAX_FRONTEND_BYTES / 1024 / 1024} MiB, ${MAX_FRONTEND_DEPTH} folders deep).`,
        );
      reads.set(rel, await frontendEnvReads(found.sources));
    }
    facts.frontendEnvReads = reads;
  }
  return facts;
}

export interface ConvexPackage {
  /** The installed version (`version` of its package.json). */
  version: string;
  /** The package.json found, absolute. */
  packageJson: string;
  /** The nearest `node_modules/.bin/convex` (`convex.cmd` on Windows) that exists, absolute. */
  bin: string | undefined;
}

/**
 * The `convex` package as Node resolves it from `workingDirectory`: `node_modules/convex` in that
 * folder, then in each parent, stopping at the repository root. Undefined when not installed
 * there (e.g. Yarn Plug'n'Play). A `node_modules/convex` or `.bin/convex` that is a link out of the
 * repository is refused (SetupError).
 */
export async function resolveConvexPackage(
  workingDirectory: string,
  repositoryRoot: string,
): Promise<ConvexPackage | undefined> {
  const c = await Confinement.ofExisting(repositoryRoot, "read");
  const wdReal = await c.real(resolve(workingDirectory));
  if (wdReal === undefined) return undefined;
  const wd = toPosix(relative(c.root, wdReal));
  const binName = process.platform === "win32" ? "convex.cmd" : "convex";
  let found: { version: string; packageJson: string } | undefined;
  let bin: string | undefined;
  for (let dir = wd; ; dir = parentRel(dir)) {
    if (!found) {
      const path = abs(c, joinRel(dir, "node_modules/convex/package.json"));
      const real = await c.real(path);
      if (real !== undefined) {
        let version = "unknown";
        try {
          const value = JSON.parse((await c.readFile(real)) ?? "") as { version?: unknown };
          if (typeof value.version === "string") version = value.version;
        } catch {
          // an unreadable package.json: installed, version unknown
        }
        found = { version, packageJson: path };
      }
    }
    if (!bin) {
      const path = abs(c, joinRel(dir, `node_modules/.bin/${binName}`));
      if ((await c.real(path)) !== undefined) bin = path;
    }
    if ((found && bin) || dir === ".") break;
  }
  return found ? { ...found, bin } : undefined;
}
