import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIgnored, mergeGitignore } from "../../src/core/gitignore.js";

const FILES = [".env.convex.local", ".env.convex.deployment", ".env.local", "jwt_private_key.pem"];

describe("mergeGitignore", () => {
  it.each([
    ["no file", undefined, FILES],
    ["exact lines", ".env.local\n/jwt_private_key.pem\n", [".env.convex.local", ".env.convex.deployment"]],
    ["Vite's *.local", "node_modules\ndist\n*.local\n", [".env.convex.deployment", "jwt_private_key.pem"]],
    [".env* and *.pem", ".env*\n*.pem\n", []],
    ["a negation re-includes", ".env*\n!.env.local\n", [".env.local", "jwt_private_key.pem"]],
    [
      "comments, other folders and folder rules do not count",
      "# .env.local\nsecrets/.env.local\n.env.local/\n",
      FILES,
    ],
  ] as Array<[string, string | undefined, string[]]>)("%s", (_n, existing, added) => {
    const r = mergeGitignore(existing, FILES);
    expect(r.added).toEqual(added);
    for (const f of FILES) expect(isIgnored(r.text, f), f).toBe(true);
    if (existing) expect(r.text.startsWith(existing)).toBe(true);
    expect(mergeGitignore(r.text, FILES).added).toEqual([]);
  });

  it("adds a newline before its block when the file lacks one", () => {
    expect(mergeGitignore("node_modules", [".env.local"]).text).toBe(
      "node_modules\n\n# setup-coder-convex: files holding secrets\n.env.local\n",
    );
  });
});

describe("isIgnored reads lines as git does", () => {
  it.each([
    [".env.local", ".env.local", true],
    [" .env.local", ".env.local", false], // a leading space is part of git's pattern
    [".env.local   ", ".env.local", true], // trailing spaces are not
    [".env.local\\ ", ".env.local", false], // unless escaped: then the name ends in a space
    ["**/.env.local", ".env.local", true], // **/ matches at the top level too
    ["**/app/.env.local", ".env.local", false],
    ["\\#.env.local", "#.env.local", true], // \# is a literal #, not a comment
    ["\\!.env.local", "!.env.local", true], // \! is a literal !, not a negation
    ["\\!.env.local", ".env.local", false],
    ["\t.env.local", ".env.local", false],
    [".env.loca?", ".env.local", true],
    // Character classes are not read: an under-match only adds a redundant line, never the reverse.
    ["[.]env.local", ".env.local", false, true],
    // A re-including rule is read generously: a class, or another case, re-includes here.
    ["*\n!.env.loca[l]", ".env.local", false],
    ["*\n![.]env.local", ".env.local", false],
    ["*\n!.env.[a-z]*", ".env.local", false],
    ["*.local\n!.ENV.LOCAL", ".env.local", false, true],
    ["*.pem\n!*.[p]em", "jwt_private_key.pem", false],
  ] as Array<[string, string, boolean, boolean?]>)(
    "%j ignores %s: %s (git agrees, or ignores more)",
    (rule, file, expected, byGit = expected) => {
      expect(isIgnored(`${rule}\n`, file)).toBe(expected);
      // The same rule through git itself (git check-ignore exits 0 when the path is ignored).
      const dir = mkdtempSync(join(tmpdir(), "scc-gitignore-"));
      try {
        spawnSync("git", ["init", "-q"], { cwd: dir });
        writeFileSync(join(dir, ".gitignore"), `${rule}\n`);
        const r = spawnSync("git", ["check-ignore", "-q", "--no-index", "--", file], { cwd: dir });
        expect(r.status === 0, `git check-ignore ${file} with rule ${JSON.stringify(rule)}`).toBe(byGit);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("isIgnored never claims more than git (property, against git check-ignore)", () => {
  it("random rule sets: when we say ignored, git ignores", () => {
    const dir = mkdtempSync(join(tmpdir(), "scc-gitignore-prop-"));
    spawnSync("git", ["init", "-q"], { cwd: dir });
    const token = fc.constantFrom(
      "*",
      "*.local",
      ".env*",
      ".env.local",
      "/.env.local",
      " .env.local",
      ".env.local  ",
      "**/.env.local",
      "!.env.local",
      "!*.local",
      "![.]env.local",
      "!.ENV.LOCAL",
      "*.pem",
      "!*.[p]em",
      "jwt_private_key.pem",
      "\\!.env.local",
      "# .env.local",
      ".env.loca?",
      "app/.env.local",
      ".env.local/",
    );
    try {
      fc.assert(
        fc.property(fc.array(token, { maxLength: 5 }), fc.constantFrom(...FILES), (rules, file) => {
          const text = `${rules.join("\n")}\n`;
          if (!isIgnored(text, file)) return;
          writeFileSync(join(dir, ".gitignore"), text);
          const r = spawnSync("git", ["check-ignore", "-q", "--no-index", "--", file], { cwd: dir });
          expect(r.status, `${JSON.stringify(text)} ${file}`).toBe(0);
        }),
        { numRuns: 80 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
