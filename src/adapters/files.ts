/**
 * Files: read if present, write atomically with a mode (secrets 0600), and never follow a link
 * out of the repository. A pull request controls every file of the checkout: a `.env.local`
 * that is a link to a file elsewhere must not be read, and must never be written through.
 */
import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { SetupError } from "../core/errors.js";

export interface FileStore {
  read(path: string): Promise<string | undefined>;
  /** Writes via a temporary file in the same folder and a rename; the final mode is `mode`. */
  write(path: string, content: string, mode: number): Promise<void>;
  isDirectory(path: string): Promise<boolean>;
  exists(path: string): Promise<boolean>;
  /**
   * The same store, refusing any path that is, or passes through, a link resolving outside
   * `root` (the repository). Paths inside are fine, links inside too.
   */
  within(root: string): FileStore;
  /** Removes temporary files a crashed earlier run left in `dir`; returns their names. */
  removeStaleTemp(dir: string): Promise<string[]>;
}

/** Temporary files are named so that a later run can recognise and remove them. */
const TEMP_MARK = ".setup-coder-convex.";
const TEMP_RE = /^\..+\.setup-coder-convex\.[0-9a-f]{12}\.tmp$/;

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
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
    // A dangling link: where it points is what matters.
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      const { readlink } = await import("node:fs/promises");
      const target = resolve(dirname(path), await readlink(path));
      return realpathOfNearest(target);
    }
    return join(await realpathOfNearest(parent), basename(path));
  }
}

export function explainWriteError(path: string, error: NodeJS.ErrnoException): SetupError {
  const what: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is used up",
    EROFS: "the file system is read-only",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
  };
  const reason = what[error.code ?? ""] ?? error.message;
  return new SetupError(
    `Could not write ${path}: ${reason}${error.code && what[error.code] ? ` (${error.code})` : ""}. The file was left as it was.`,
    error.code === "ENOSPC" || error.code === "EDQUOT"
      ? "Free some space on that disk and rerun."
      : "Make the folder writable for this user (or point working-directory at a writable copy) and rerun.",
    { cause: error },
  );
}

export function createFileStore(root?: string): FileStore {
  let realRoot: Promise<string> | undefined;
  /** Refuses a path that resolves outside the root; returns where it resolves. */
  const confine = async (path: string): Promise<string> => {
    const resolved = await realpathOfNearest(path);
    if (root === undefined) return resolved;
    realRoot ??= realpath(root).catch(() => resolve(root));
    const base = await realRoot;
    if (!isInside(base, resolved)) {
      const lexical = resolve(path);
      throw new SetupError(
        !isInside(resolve(root), lexical) && !isInside(base, lexical)
          ? `${path} is outside the repository (${base}); refusing to read or write it.`
          : `${path} is a link to ${resolved}, outside the repository (${base}); refusing to read or write it.`,
        !isInside(resolve(root), resolve(path)) && !isInside(base, resolve(path))
          ? `Only files inside the repository (${base}) are read or written: point working-directory (and frontend-directories) inside it.`
          : "Links out of the repository are never followed (a pull request could point them at any file). Replace the link with a regular file, or remove it.",
      );
    }
    return resolved;
  };
  const store: FileStore = {
    async read(path) {
      const target = await confine(path);
      try {
        return await readFile(target, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async write(path, content, mode) {
      // A link inside the repository (e.g. a shared .env.local) is written through, not replaced.
      const target = await confine(path);
      const dir = dirname(target);
      await mkdir(dir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        throw explainWriteError(path, e);
      });
      const tmp = join(dir, `.${basename(target)}${TEMP_MARK}${randomBytes(6).toString("hex")}.tmp`);
      try {
        // wx: never through an existing file or link at the temporary name.
        const handle = await open(tmp, "wx", mode);
        try {
          await handle.writeFile(content, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
        await chmod(tmp, mode); // the umask may have narrowed or the mode widened
        // Checked again right before the rename: the target may have become a link meanwhile.
        await confine(path);
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        if (error instanceof SetupError) throw error;
        throw explainWriteError(path, error as NodeJS.ErrnoException);
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(await confine(path))).isDirectory();
      } catch (error) {
        if (error instanceof SetupError) throw error;
        return false;
      }
    },
    async exists(path) {
      try {
        await stat(await confine(path));
        return true;
      } catch (error) {
        if (error instanceof SetupError) throw error;
        return false;
      }
    },
    within(newRoot) {
      return createFileStore(newRoot);
    },
    async removeStaleTemp(dir) {
      const entries = await readdir(await confine(dir), { withFileTypes: true }).catch(() => []);
      // Only regular files with the exact name pattern this store gives its temporary files.
      const stale = entries.filter((e) => e.isFile() && TEMP_RE.test(e.name)).map((e) => e.name);
      await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
      return stale;
    },
  };
  return store;
}
