import { describe, expect, it } from "vitest";
import { isIgnored, mergeGitignore } from "../../src/core/gitignore.js";
import { SECRET_FILES as FILES, IGNORE_CASES } from "../helpers/gitignore-cases.js";

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
  it.each(IGNORE_CASES)(
    "%j ignores %s: %s (git check-ignore: integration/real-tools.test.ts)",
    (rule, file, expected) => {
      expect(isIgnored(`${rule}\n`, file)).toBe(expected);
    },
  );
});
