/** adapters/confine.ts: where a path leads, and what is refused, on real files and links. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Confinement, isInside } from "../../src/adapters/confine.js";

// Real paths: a tmpdir behind a link (macOS /tmp) would make every expectation a link out.
const base = realpathSync(mkdtempSync(join(tmpdir(), "confine-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const repo = join(base, "repo");
const outside = join(base, "outside");
mkdirSync(join(repo, "shared"), { recursive: true });
mkdirSync(outside);
writeFileSync(join(repo, "file"), "in");
writeFileSync(join(repo, "shared/target"), "in");
writeFileSync(join(outside, "secret"), "out");
symlinkSync(join(repo, "shared/target"), join(repo, "link-in"));
symlinkSync(join(outside, "secret"), join(repo, "link-out"));
symlinkSync(outside, join(repo, "folder-out"));
symlinkSync(join(outside, "not-there"), join(repo, "dangling-out"));
symlinkSync(join(repo, "not-there"), join(repo, "dangling-in"));

/** A path (or undefined) it resolves to, or the refusal it throws. */
type Outcome = string | undefined | RegExp;
async function expectOutcome(p: Promise<string | undefined>, expected: Outcome): Promise<void> {
  if (expected instanceof RegExp) await expect(p).rejects.toThrow(expected);
  else expect(await p).toBe(expected);
}

describe("Confinement", () => {
  it.each<[string, string, Outcome, Outcome]>([
    // path, resolve() (where a write would go), real() (what is there to read)
    ["a file inside", join(repo, "file"), join(repo, "file"), join(repo, "file")],
    ["a path not there yet", join(repo, "new/deep"), join(repo, "new/deep"), undefined],
    ["a link inside", join(repo, "link-in"), join(repo, "shared/target"), join(repo, "shared/target")],
    ["a dangling link inside", join(repo, "dangling-in"), join(repo, "not-there"), undefined],
    [
      "a link out",
      join(repo, "link-out"),
      /link-out is a link to .*outside\/secret, outside the repository \(.*repo\); refusing to read or write it\./,
      /link-out is a link to .*outside\/secret, outside the repository/,
    ],
    [
      "a path through a linked folder out",
      join(repo, "folder-out/secret"),
      /folder-out\/secret resolves to .*outside\/secret, outside the repository/,
      /folder-out\/secret resolves to .*outside\/secret, outside the repository/,
    ],
    // Nothing to read, but a write would create the file outside.
    [
      "a dangling link out",
      join(repo, "dangling-out"),
      /dangling-out is a link to .*outside\/not-there/,
      undefined,
    ],
    [
      "a path outside",
      join(outside, "secret"),
      /outside\/secret is outside the repository \(.*repo\); refusing to read or write it\./,
      /outside\/secret is outside the repository/,
    ],
  ])("%s", async (_name, path, resolved, real) => {
    const c = await Confinement.of(repo, "read or write");
    await expectOutcome(c.resolve(path), resolved);
    await expectOutcome(c.real(path), real);
  });

  it("the refusal says what is done with the file, and how to fix it", async () => {
    const reader = await Confinement.ofExisting(repo, "read");
    const error = await reader.real(join(repo, "link-out")).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /refusing to read it\.\n {2}-> Links out of the repository are never followed/,
    );
    const outsider = await reader.resolve(join(outside, "secret")).catch((e: unknown) => e);
    expect((outsider as Error).message).toMatch(
      / -> Only files inside the repository \(.*\) are read: point working-directory/,
    );
  });

  it("without a root: paths are resolved, never refused", async () => {
    const c = Confinement.none("read or write");
    expect(await c.resolve(join(repo, "link-out"))).toBe(join(outside, "secret"));
    expect(await c.readFile(join(repo, "link-out"))).toBe("out");
  });

  it("a root that must exist; one that may not exist yet", async () => {
    await expect(Confinement.ofExisting(join(base, "nope"), "read")).rejects.toThrow(
      /^The repository root .*nope does not exist\.$/,
    );
    const later = await Confinement.of(join(base, "nope"), "read or write");
    expect(later.root).toBe(join(base, "nope"));
    expect(await later.resolve(join(base, "nope/a"))).toBe(join(base, "nope/a"));
    await expect(later.resolve(join(base, "repo/file"))).rejects.toThrow(/outside the repository/);
  });

  it.each([
    ["/r", "/r", true],
    ["/r", "/r/a/b", true],
    ["/r", "/r2", false],
    ["/r", "/", false],
    ["/r", "/r/../x", false],
  ])("isInside(%s, %s) = %s", (root, path, expected) => {
    expect(isInside(root, path)).toBe(expected);
  });
});
