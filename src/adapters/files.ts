/** Files: read if present, write atomically with a mode (secrets 0600). */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface FileStore {
  read(path: string): Promise<string | undefined>;
  /** Writes via a temporary file in the same folder and a rename; the final mode is `mode`. */
  write(path: string, content: string, mode: number): Promise<void>;
  isDirectory(path: string): Promise<boolean>;
  exists(path: string): Promise<boolean>;
}

export function createFileStore(): FileStore {
  return {
    async read(path) {
      try {
        return await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async write(path, content, mode) {
      // A symlinked file (e.g. a shared .env.local) is written through, not replaced by a file.
      const target = await realpath(path).catch(() => path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `.${randomBytes(6).toString("hex")}.tmp`);
      const handle = await open(tmp, "wx", mode);
      try {
        await handle.writeFile(content, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await chmod(tmp, mode); // the umask may have narrowed or the mode widened
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}
