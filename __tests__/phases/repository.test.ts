/** findCommittedSecrets with a fake git and a fake file system, case-sensitive or not. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Git } from "../../src/adapters/git.js";
import { locate } from "../../src/core/layout.js";
import { findCommittedSecrets } from "../../src/phases/repository.js";

const layout = locate({ workingDirectory: "." }, "/repo");
const SECRET = `INSTANCE_SECRET=${"ab".repeat(32)}\n`;

function world(tracked: string[], disk: Record<string, string>, caseInsensitive: boolean) {
  const key = (p: string) => (caseInsensitive ? p.toLowerCase() : p);
  const files = new Map(Object.entries(disk).map(([p, t]) => [key(join("/repo", p)), t]));
  const git: Git = {
    topLevel: async () => "/repo",
    // As `git ls-files -- ':(icase)<name>'` answers: the tracked paths whatever their case.
    tracked: async (_dir, paths) =>
      new Set(tracked.filter((t) => paths.some((p) => p.toLowerCase() === t.toLowerCase()))),
    isIgnored: async () => false,
  };
  return { git, files: { read: async (p: string) => files.get(key(p)) } };
}

describe("findCommittedSecrets", () => {
  it.each([
    ["tracked under its own name", [".env.convex.local"], { ".env.convex.local": SECRET }, false, 1],
    [
      "tracked as .ENV.convex.local on a case-insensitive file system: the same file",
      [".ENV.convex.local"],
      { ".ENV.convex.local": SECRET },
      true,
      1,
    ],
    [
      "tracked as .ENV.convex.local on a case-sensitive file system: another file",
      [".ENV.convex.local"],
      { ".ENV.convex.local": "OTHER=1\n", ".env.convex.local": SECRET },
      false,
      0,
    ],
    ["not tracked", [], { ".env.convex.local": SECRET }, false, 0],
  ])("%s", async (_name, tracked, disk, caseInsensitive, count) => {
    const w = world(tracked, disk, caseInsensitive);
    const found = await findCommittedSecrets(w.git, w.files, layout);
    expect(found).toHaveLength(count);
    if (count) expect(found![0]).toMatchObject({ file: ".env.convex.local", what: "INSTANCE_SECRET" });
  });
});
