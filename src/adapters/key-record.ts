/**
 * What this tool wrote: a record, kept outside the repository, of each key it put into a file
 * (the instance secret, the JWT private key, the admin key), so that a later run in CI can tell a
 * key it wrote itself from one a pull request planted (through a linked folder that `npm ci`
 * fills, or a script run before the step). Each entry is one empty-ish file named by a SHA-256 of
 * what, where and the value: the record never holds a key, and two runs in two folders never
 * write the same file.
 *
 * Defence in depth, not a proof: code running as the same user (the project's own scripts) can
 * write here too. On a hosted runner the folder starts empty in every job.
 */
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";

export interface KeyRecord {
  /** Where the record lives, for messages. */
  readonly where: string;
  /** Whether this tool recorded writing `value` (as `what`) into the file at `path`. */
  has(path: string, what: string, value: string): Promise<boolean>;
  /** Records that `value` (as `what`) was written into the file at `path`. Never throws. */
  add(path: string, what: string, value: string): Promise<void>;
}

/** The record's folder: SETUP_CODER_CONVEX_STATE_DIR, else the XDG state folder of this user. */
export function keyRecordDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.SETUP_CODER_CONVEX_STATE_DIR) return join(env.SETUP_CODER_CONVEX_STATE_DIR, "written-keys");
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(state, "setup-coder-convex", "written-keys");
}

/** The file's real path (its folder's, when the file is not there yet). */
async function whereIs(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path));
  }
}

export function createKeyRecord(dir: string): KeyRecord {
  const entry = async (path: string, what: string, value: string) =>
    join(
      dir,
      createHash("sha256")
        .update(`${what}\0${await whereIs(path)}\0${value}`)
        .digest("hex"),
    );
  return {
    where: dir,
    async has(path, what, value) {
      const info = await lstat(await entry(path, what, value)).catch(() => undefined);
      return info?.isFile() === true;
    },
    async add(path, what, value) {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // Never through a link planted at the entry's name.
        const handle = await open(
          await entry(path, what, value),
          constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0),
          0o600,
        );
        try {
          await handle.writeFile(`${JSON.stringify({ what, at: new Date().toISOString() })}\n`);
        } finally {
          await handle.close();
        }
      } catch {
        // Not recorded: a later run in CI refuses the file and says how to go on.
      }
    },
  };
}
