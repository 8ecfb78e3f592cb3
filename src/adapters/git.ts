/** git, for what the repository is: its top level and which files it tracks. */
import type { ProcessRunner } from "./process.js";

export interface Git {
  /** The repository's top level holding `dir`; undefined without git or outside a repository. */
  topLevel(dir: string): Promise<string | undefined>;
  /** Which of `paths` (relative to `dir`) git tracks; undefined without git or outside a repository. */
  tracked(dir: string, paths: readonly string[]): Promise<Set<string> | undefined>;
  /**
   * Whether git ignores `path` (relative to `dir`, no link on the way), a path inside an ignored
   * folder included; undefined without git or outside a repository.
   */
  isIgnored(dir: string, path: string): Promise<boolean | undefined>;
  /**
   * The commit checked out in `dir`, and whether `path` (a folder, relative to `dir`) has changes
   * not in it (uncommitted or untracked files); undefined without git, outside a repository or
   * before the first commit.
   */
  commitOf?(dir: string, path: string): Promise<{ commit: string; changed: boolean } | undefined>;
}

/**
 * Options that keep a hostile checkout from running code through git: a folder of the pull
 * request shaped like a bare repository (HEAD, config, objects/, refs/) is not taken for one, so
 * its `config` (core.fsmonitor runs a command on `ls-files`, core.worktree moves the top level)
 * is never read; fsmonitor and hooks are off whatever any config says.
 */
export const HARDENED_GIT = [
  "-c",
  "safe.bareRepository=explicit",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.hooksPath=/dev/null",
] as const;

/** Settings that change how git reads pathspecs (GIT_LITERAL_PATHSPECS would turn `:(icase)` off). */
const PATHSPEC_ENV = /^GIT_(LITERAL|GLOB|NOGLOB|ICASE)_PATHSPECS$/;

export function createGit(runner: ProcessRunner): Git {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PATHSPEC_ENV.test(k)));
  const git = async (dir: string, args: string[]) => {
    try {
      return await runner.run({
        command: "git",
        args: [...HARDENED_GIT, "-C", dir, ...args],
        env,
        timeoutMs: 10_000,
      });
    } catch {
      return undefined; // git not installed
    }
  };
  return {
    async topLevel(dir) {
      const r = await git(dir, ["rev-parse", "--show-toplevel"]);
      return r?.code === 0 ? r.stdout.trim() || undefined : undefined;
    },
    async commitOf(dir, path) {
      const head = await git(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
      const commit = head?.code === 0 ? head.stdout.trim() : "";
      if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
      const status = await git(dir, ["status", "--porcelain", "--untracked-files=all", "--", path]);
      if (status?.code !== 0) return undefined;
      return { commit, changed: status.stdout.trim() !== "" };
    },
    async tracked(dir, paths) {
      // :(icase): on a case-insensitive file system `.ENV.convex.local` in git is our file.
      const r = await git(dir, ["ls-files", "-z", "--", ...paths.map((p) => `:(icase)${p}`)]);
      if (r?.code !== 0) return undefined;
      return new Set(r.stdout.split("\0").filter(Boolean));
    },
    async isIgnored(dir, path) {
      // Exit 0: ignored, 1: not, 128: an error (not a repository, a path through a link).
      const r = await git(dir, ["check-ignore", "-q", "--", path]);
      return r?.code === 0 ? true : r?.code === 1 ? false : undefined;
    },
  };
}
