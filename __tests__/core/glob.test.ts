/**
 * Globs from the repository (.gitignore lines, workspace patterns) are matched in bounded time: a
 * crafted pattern must not block the event loop (then SIGTERM is never handled). Each crafted case
 * runs in a child process with a deadline, so that a matcher that backtracks fails the test
 * instead of hanging it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isWorkspaceMember, matchesWorkspacePattern } from "../../src/core/app.js";
import { isIgnored } from "../../src/core/gitignore.js";
import { globMatch, MAX_GLOB_LENGTH } from "../../src/core/glob.js";
import { ROOT } from "../helpers/sandbox.js";

const TSX = import.meta.resolve("tsx");

/** Runs `code` (an expression over `gitignore` and `app`) in a child; its result, or "timeout". */
function inChild(code: string, ms = 5000): string {
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

describe("globMatch", () => {
  it.each([
    ["*.local", ".env.local", true],
    ["***.local", ".env.local", true], // runs of * are one *
    [".env.loca?", ".env.local", true],
    ["*", "a/b", false], // never across a /
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXbY", false],
    ["\\*", "*", true],
    ["\\*", "a", false],
  ])("%s ~ %s: %s", (glob, subject, expected) => {
    expect(globMatch(glob, subject)).toBe(expected);
  });

  it("classes: read as literal text (strict), or as any one character (generous)", () => {
    expect(globMatch("[.]env", ".env")).toBe(false);
    expect(globMatch("[.]env", "[.]env")).toBe(true);
    expect(globMatch("[.]env", ".env", { classes: "any", ignoreCase: true })).toBe(true);
    expect(globMatch(".ENV", ".env", { classes: "any", ignoreCase: true })).toBe(true);
  });

  it("a pattern over the length cap matches nothing", () => {
    expect(globMatch(`${"a".repeat(MAX_GLOB_LENGTH)}*`, "a")).toBe(false);
  });
});

describe("the existing rules still hold", () => {
  it("gitignore and workspaces", () => {
    expect(isIgnored("*.local\n", ".env.local")).toBe(true);
    expect(isIgnored("*.local\n!.ENV.LOCAL\n", ".env.local")).toBe(false);
    expect(matchesWorkspacePattern("apps/web", "apps/*")).toBe(true);
    expect(matchesWorkspacePattern("apps/web/x", "apps/**")).toBe(true);
    expect(matchesWorkspacePattern("apps", "apps/**")).toBe(true);
    expect(matchesWorkspacePattern("packages/a/b", "**/b")).toBe(true);
    expect(isWorkspaceMember("apps/web", ["apps/*", "!apps/web"])).toBe(false);
  });
});
