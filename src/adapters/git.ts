/** git, for what the repository is: its top level and which files it tracks. */
import type { ProcessRunner } from "./process.js";

export interface Git {
  /** The repository's top level holding `dir`; undefined without git or outside a repository. */
  topLevel(dir: string): Promise<string | undefined>;
  /** Which of `paths` (relative to `dir`) git tracks; undefined without git or outside a repository. */
  tracked(dir: string, paths: readonly string[]): Promise<Set<string> | undefined>;
}

export function createGit(runner: ProcessRunner): Git {
  const git = async (dir: string, args: string[]) => {
    try {
      return await runner.run({ command: "git", args: ["-C", dir, ...args], timeoutMs: 10_000 });
    } catch {
      return undefined; // git not installed
    }
  };
  return {
    async topLevel(dir) {
      const r = await git(dir, ["rev-parse", "--show-toplevel"]);
      return r && r.code === 0 ? r.stdout.trim() || undefined : undefined;
    },
    async tracked(dir, paths) {
      const r = await git(dir, ["ls-files", "-z", "--", ...paths]);
      if (!r || r.code !== 0) return undefined;
      return new Set(r.stdout.split("\0").filter(Boolean));
    },
  };
}
