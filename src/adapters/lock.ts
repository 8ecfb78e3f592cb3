/**
 * One run per working directory at a time: a lock file holding the holder's PID, created with
 * O_EXCL (never through an existing file or link). A lock whose process is gone is taken over.
 */
import { type FileHandle, lstat, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { SetupError } from "../core/errors.js";
import { explainWriteError } from "./files.js";

export const LOCK_FILE = ".setup-coder-convex.lock";

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, another user's
  }
}

export async function acquireLock(dir: string, notice: (message: string) => void): Promise<Lock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, "wx", 0o644);
      await handle.writeFile(
        JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }),
      );
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        // e.g. ENOSPC after the file was created: never leave a half-written lock behind.
        await handle?.close().catch(() => {});
        if (handle) await rm(path, { force: true });
        throw explainWriteError(path, error as NodeJS.ErrnoException);
      }
    }
    // Never through a link, and never more than a small file (a planted lock could be anything).
    const info = await lstat(path).catch(() => undefined);
    const text = info?.isFile() && info.size < 4096 ? await readFile(path, "utf8").catch(() => "") : "";
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(text);
    } catch {}
    const pid = typeof holder.pid === "number" && Number.isInteger(holder.pid) ? holder.pid : undefined;
    const sameHost = holder.host === hostname();
    if (pid !== undefined && sameHost && pid !== process.pid && alive(pid)) {
      throw new SetupError(
        `Another setup-coder-convex run (PID ${pid}) is working in ${dir} (${LOCK_FILE}).`,
        `Wait for it to finish, or stop it; if PID ${pid} is not setup-coder-convex, delete ${path}.`,
      );
    }
    notice(
      `Took over ${LOCK_FILE} in ${dir}: ${pid === undefined || !sameHost ? "it was not written by a run on this machine" : `PID ${pid} is gone`} (an earlier run was interrupted).`,
    );
    await rm(path, { force: true });
  }
  throw new SetupError(`Could not take ${join(dir, LOCK_FILE)}: other runs keep taking it.`, "Rerun.");
}
