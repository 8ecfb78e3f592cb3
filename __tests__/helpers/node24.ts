/**
 * Node 24, the action's runtime on GitHub, from the npm package `node@24` (a real Node binary per
 * platform) in .cache/node24, installed on first use: the tests fetch it themselves, never skip.
 * NODE24_BIN points at another Node 24 instead.
 */
import { execFile } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./sandbox.js";

const DIR = join(ROOT, ".cache/node24");
const BIN = "node_modules/.bin/node";

/** The path of a Node 24 binary; installs `node@24` into .cache/node24 when it is not there. */
export async function node24(): Promise<string> {
  if (process.env.NODE24_BIN) return process.env.NODE24_BIN;
  if (existsSync(join(DIR, BIN))) return join(DIR, BIN);
  // Into a folder of its own, then renamed: an interrupted install leaves no half-made .cache/node24.
  const staging = `${DIR}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await promisify(execFile)(
      "npm",
      [
        "install",
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--prefix",
        staging,
        "node@24",
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    if (!existsSync(join(staging, BIN))) throw new Error(`npm install node@24 made no ${BIN}`);
    rmSync(DIR, { recursive: true, force: true });
    try {
      renameSync(staging, DIR);
    } catch (error) {
      // Another run got there first.
      if (!existsSync(join(DIR, BIN))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return join(DIR, BIN);
}
