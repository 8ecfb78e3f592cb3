/**
 * Globs from the repository (.gitignore lines, workspace patterns). The crafted cases that must end
 * in bounded time run in a child process each: integration/glob-deadline.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isWorkspaceMember, matchesWorkspacePattern } from "../../src/core/app.js";
import { isIgnored } from "../../src/core/gitignore.js";
import { globMatch, MAX_GLOB_LENGTH } from "../../src/core/glob.js";

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
