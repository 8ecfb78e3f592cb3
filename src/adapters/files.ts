/**
 * Files: read if present, write atomically with a mode (secrets 0600), and never follow a link
 * out of the repository. A pull request controls every file of the checkout: a `.env.local`
 * that is a link to a file elsewhere must not be read, and must never be written through.
 * Where a path leads and what may be read or written there is confine.ts's to decide.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SetupError } from "../core/errors.js";
import { type Access, Confinement } from "./confine.js";

export interface FileStore {
  /** A regular file's text (at most MAX_READ_BYTES; a folder, FIFO or device is refused); undefined when missing. */
  read(path: string): Promise<string | undefined>;
  /**
   * Writes via a temporary file in the same folder and a rename; the final mode is `mode`, except
   * that a file giving nothing to group and others keeps it so. Never inside a .git folder.
   */
  write(path: string, content: string, mode: number): Promise<void>;
  /** Refuses, as write would, a path that is a link, leads out of the root or into a .git folder. */
  checkWritable(path: string): Promise<void>;
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

/** As the refusals say what the store does with a file. */
const ACCESS: Access = "read or write";

/** Temporary files are named so that a later run can recognise and remove them. */
const TEMP_MARK = ".setup-coder-convex.";
const TEMP_RE = /^\..+\.setup-coder-convex\.[0-9a-f]{12}\.tmp$/;

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
  let confinement: Promise<Confinement> | undefined;
  const confined = () =>
    (confinement ??=
      root === undefined ? Promise.resolve(Confinement.none(ACCESS)) : Confinement.of(root, ACCESS));
  /** Refuses a path that resolves outside the root; returns where it resolves. */
  const confine = async (path: string) => (await confined()).resolve(path);
  const store: FileStore = {
    async read(path) {
      return (await confined()).readFile(path);
    },
    async write(path, content, mode) {
      const c = await confined();
      const { target, mode: finalMode } = await c.writeTarget(path, mode);
      const dir = dirname(target);
      await mkdir(dir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        throw explainWriteError(path, e);
      });
      const tmp = join(dir, `.${basename(target)}${TEMP_MARK}${randomBytes(6).toString("hex")}.tmp`);
      try {
        // wx: never through an existing file or link at the temporary name.
        const handle = await open(tmp, "wx", finalMode);
        try {
          await handle.writeFile(content, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
        await chmod(tmp, finalMode); // the umask may have narrowed or the mode widened
        // Checked again right before the rename: the target may have become a link meanwhile.
        await c.writeTarget(path, mode);
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        if (error instanceof SetupError) throw error;
        throw explainWriteError(path, error as NodeJS.ErrnoException);
      }
    },
    async checkWritable(path) {
      await (await confined()).writeTarget(path, 0o600);
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
