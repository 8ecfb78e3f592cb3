/**
 * Globs from the repository (.gitignore lines, workspace patterns) are matched in bounded time: a
 * crafted pattern must not block the event loop (then SIGTERM is never handled). Each crafted case
 * runs in a child process, so that a matcher that backtracks fails the test instead of hanging it:
 * the time is measured inside the child, around the match only; the child's own deadline only
 * bounds a hang (starting node and tsx takes seconds on a busy machine). Moved from
 * core/glob.test.ts: the unit project runs no child process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/sandbox.js";

const TSX = import.meta.resolve("tsx");

/** Runs `code` (an expression over `gitignore` and `app`) in a child; its result, or "timeout". */
function inChild(code: string, ms = 60_000): string {
  const script = `
    const gitignore = await import(${JSON.stringify(join(ROOT, "src/core/gitignore.ts"))});
    const app = await import(${JSON.stringify(join(ROOT, "src/core/app.ts"))});
    const started = Date.now();
    const result = ${code};
    console.log(JSON.stringify({ result, ms: Date.now() - started }));
  `;
  const r = spawnSync(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
    timeout: ms,
    encoding: "utf8",
  });
  if (r.error || r.signal) return "timeout";
  return r.stdout.trim();
}

describe("crafted globs end in bounded time", () => {
  it.each([
    [
      "a .gitignore line of many * then a letter",
      `gitignore.isIgnored(${JSON.stringify(`${"*".repeat(60)}x\n`)}, ".env.convex.deployment")`,
      false,
    ],
    [
      "a re-including line of many * and classes",
      // `*` ignores it; the `!` line (its classes read as any character) does not match.
      `gitignore.isIgnored(${JSON.stringify(`*\n!${"*[a]".repeat(60)}x\n`)}, ".env.convex.deployment")`,
      true,
    ],
    [
      "a workspace pattern of many * against a long folder name",
      `app.matchesWorkspacePattern(${JSON.stringify("a".repeat(60))}, ${JSON.stringify(`${"*".repeat(60)}b`)})`,
      false,
    ],
    [
      "a workspace pattern of many ** segments against a deep folder",
      `app.matchesWorkspacePattern("a/b/c/d/e/f", ${JSON.stringify(`${"**/".repeat(200)}x`)})`,
      false,
    ],
  ])("%s", (_name, code, result) => {
    const out = inChild(code);
    expect(out).not.toBe("timeout");
    expect(JSON.parse(out)).toMatchObject({ result });
    expect(JSON.parse(out).ms).toBeLessThan(1000);
  });
});
