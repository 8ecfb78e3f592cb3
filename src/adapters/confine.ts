/**
 * Keeping every read and write inside the repository: the one place that decides where a path
 * leads and whether it may be read or written there. A pull request controls every file of the
 * checkout: a `.env.local` that is a link to a file elsewhere must not be read nor written
 * through, a FIFO or a device must not hang or flood a read, and nothing is written into git's
 * own folder (a file there can run as a hook). files.ts (the FileStore) and app-reader.ts both
 * go through here, so a further rule is added here once.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open, readlink, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { SetupError } from "../core/errors.js";

/**
 * Files read whole are at most this large: the env files, keys, compose files and manifests
 * (package.json, pnpm-workspace.yaml, convex.json) read are far smaller, and a crafted one must
 * not block the run while it is parsed (source files have their own, smaller cap).
 */
export const MAX_READ_BYTES = 1024 * 1024;

/** What the store does with its files, as its refusals say it ("refusing to read it"). */
export type Access = "read" | "read or write";

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Something (a file, a folder, a link, even a dangling one) is at `path`. */
export async function existsNoFollow(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearest(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    const parent = dirname(path);
    if (parent === path) return path;
    // A dangling link: where it points is what matters (a write would create that file).
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) return realpathOfNearest(resolve(dirname(path), await readlink(path)));
    return join(await realpathOfNearest(parent), basename(path));
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/** The text of the regular file at `real` (the real path of `path`); undefined when there is none. */
async function readRegular(path: string, real: string, maxBytes: number): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO never waits for a writer; O_NOFOLLOW: the real path has not
    // become a link since it was resolved. The checks below are on what was opened.
    handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENXIO") throw notRegular(path, "a socket");
    if (code === "ELOOP") throw notRegular(path, "a link that changed while it was read");
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(path, kindOf(info));
    if (info.size > maxBytes) {
      throw new SetupError(
        `${path} is ${info.size} bytes, over the ${maxBytes} read at most; refusing to read it.`,
        "It is not one of the small text files setup-coder-convex reads: check that it is the right file, or replace it.",
      );
    }
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Opens the regular file at `path` to read it, never waiting on a FIFO (O_NONBLOCK); a folder, a
 * device, a socket or a FIFO is refused, naming it. For files read in parts (a backup ZIP), which
 * the caller has already confined.
 */
export async function openRegular(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENXIO") throw notRegular(path, "a socket");
    throw error;
  }
  const info = await handle.stat();
  if (info.isFile()) return handle;
  await handle.close();
  throw notRegular(path, kindOf(info));
}

function notRegular(path: string, kind: string): SetupError {
  return new SetupError(
    `${path} is ${kind}, not a regular file; refusing to read it.`,
    "Only regular files are read (a FIFO or a device could hang the run or never end): replace it with a file, or remove it.",
  );
}

/** A segment of the path is git's own folder (any case: file systems that ignore it exist). */
function isInGitDir(path: string): boolean {
  return path.split(sep).some((segment) => segment.toLowerCase() === ".git");
}

/**
 * Paths resolved to their real path and checked against a root (its real path); without a root
 * they are only resolved, and the rules on what is read or written still hold.
 */
export class Confinement {
  private constructor(
    /** The root's real path; undefined: no root. */
    readonly root: string | undefined,
    /** The root as given (resolved), to tell a path outside from a link out. */
    private readonly given: string | undefined,
    private readonly access: Access,
  ) {}

  static none(access: Access): Confinement {
    return new Confinement(undefined, undefined, access);
  }

  /** Confined to `root`; a root not there yet is where it would be. */
  static async of(root: string, access: Access): Promise<Confinement> {
    const real = await realpathOfNearest(resolve(root)).catch(() => resolve(root));
    return new Confinement(real, resolve(root), access);
  }

  /** Confined to `root`, which must exist (the repository being read). */
  static async ofExisting(root: string, access: Access): Promise<RootedConfinement> {
    try {
      return new Confinement(await realpath(resolve(root)), resolve(root), access) as RootedConfinement;
    } catch (error) {
      throw new SetupError(`The repository root ${root} does not exist.`, undefined, { cause: error });
    }
  }

  /** Where `path` leads: its real path, or its nearest existing ancestor's with the rest. */
  async resolve(path: string): Promise<string> {
    const real = await realpathOfNearest(path);
    await this.check(path, real);
    return real;
  }

  /** The real path of what is at `path`; undefined when nothing is (a dangling link: nothing to read). */
  async real(path: string): Promise<string | undefined> {
    if (!(await existsNoFollow(path))) return undefined;
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw error;
    }
    await this.check(path, real);
    return real;
  }

  /** The text of the regular file at `path` (at most `maxBytes`); undefined when there is none. */
  async readFile(path: string, maxBytes = MAX_READ_BYTES): Promise<string | undefined> {
    return readRegular(path, await this.resolve(path), maxBytes);
  }

  /**
   * Where a write of `path` goes and the mode it ends with. Never through a link, even one inside
   * the repository (it could lead to a file a build publishes, to git's config, or to a secret
   * whose mode the write would widen): the file itself must be a regular file or absent; a linked
   * folder on the way is followed when it stays inside. Nothing is written inside a .git folder;
   * a file that gives nothing to group and others (a secret) keeps it so whatever `mode` asks.
   */
  async writeTarget(path: string, mode: number): Promise<{ target: string; mode: number }> {
    const target = await this.resolve(path);
    this.refuseGitDir(path, target);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      throw new SetupError(
        `${path} is a link to ${target}; refusing to write through it.`,
        "A file setup-coder-convex writes is never written through a link (a pull request could point it at a file a build publishes, at git's config, or at a secret whose mode the write would widen). Replace the link with a regular file, or remove it, and rerun.",
      );
    }
    const before = await stat(target).catch(() => undefined);
    const secret = before?.isFile() && (before.mode & 0o077) === 0;
    return { target, mode: secret ? mode & ~0o077 : mode };
  }

  /**
   * Refuses a folder the run works in (and writes into) that is, or lies inside, a .git folder.
   * `real` is where `path` leads (resolve()).
   */
  refuseGitDir(path: string, real: string): void {
    // Only the repository's own folders count (a root may lie anywhere); without a root, all.
    if (isInGitDir(this.root === undefined ? real : relative(this.root, real))) {
      throw new SetupError(
        `${path}${real === resolve(path) ? "" : ` (${real})`} is inside a .git folder; refusing to write it.`,
        "Nothing is written into git's own folder (a file there can run as a hook): point working-directory at the app's folder, and replace any link into .git.",
      );
    }
  }

  private async check(path: string, real: string): Promise<void> {
    const { root, given } = this;
    if (root === undefined || given === undefined || isInside(root, real)) return;
    const lexical = resolve(path);
    const verb = `refusing to ${this.access} it`;
    if (!isInside(given, lexical) && !isInside(root, lexical)) {
      throw new SetupError(
        `${path} is outside the repository (${root}); ${verb}.`,
        `Only files inside the repository (${root}) are ${this.access === "read" ? "read" : "read or written"}: point working-directory (and frontend-directories) inside it.`,
      );
    }
    const link = (await lstat(path).catch(() => undefined))?.isSymbolicLink();
    throw new SetupError(
      `${path} ${link ? "is a link to" : "resolves to"} ${real}, outside the repository (${root}); ${verb}.`,
      "Links out of the repository are never followed (a pull request could point them at any file). Replace the link with a regular file or folder, or remove it.",
    );
  }
}

/** A confinement whose root exists (Confinement.ofExisting). */
export type RootedConfinement = Confinement & { readonly root: string };
