/** Relative POSIX paths of the repository ("." is its root). */
import { dirname, join, normalize } from "node:path/posix";
import { SetupError } from "../errors.js";

/** A relative POSIX path in normal form ("." for the root); throws if it escapes or is absolute. */
export function normalizeDir(path: string, what = "path"): string {
  const posix = path.replace(/\\/g, "/");
  if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix)) {
    throw new SetupError(`The ${what} "${path}" is absolute; it must be relative.`);
  }
  const n = normalize(posix === "" ? "." : posix).replace(/\/+$/, "") || ".";
  if (n === ".." || n.startsWith("../")) {
    throw new SetupError(`The ${what} "${path}" leads out of the folder it is relative to (..).`);
  }
  return n;
}

/** `dir` and each parent up to and including "." (the repository root). */
export function ancestors(dir: string): string[] {
  const out = [normalizeDir(dir)];
  while (out[out.length - 1] !== ".") out.push(dirname(out[out.length - 1]!));
  return out;
}

/** `rel` under `base`, in normal form ("." for the root). */
export function joinDir(base: string, rel: string): string {
  return normalize(join(base, rel)).replace(/\/+$/, "") || ".";
}

/** `path` relative to `base` when it is inside it, else undefined. */
export function within(base: string, path: string): string | undefined {
  if (base === ".") return path;
  if (path === base) return ".";
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
}
