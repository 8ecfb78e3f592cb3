import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkConvexVersion,
  compareVersions,
  MIN_SELF_HOSTED_CONVEX,
  parseVersion,
} from "../../src/core/convex-version.js";

describe("parseVersion", () => {
  const rows: [string, ReturnType<typeof parseVersion>][] = [
    ["1.19.1", { major: 1, minor: 19, patch: 1, prerelease: [] }],
    ["v1.48.0", { major: 1, minor: 48, patch: 0, prerelease: [] }],
    [" 1.48.0\n", { major: 1, minor: 48, patch: 0, prerelease: [] }],
    ["1.20.0-alpha.1", { major: 1, minor: 20, patch: 0, prerelease: ["alpha", 1] }],
    ["1.2.3-rc.1+build.5", { major: 1, minor: 2, patch: 3, prerelease: ["rc", 1] }],
    ["1.2.3+build", { major: 1, minor: 2, patch: 3, prerelease: [] }],
    ["1.2.3-0a.1", { major: 1, minor: 2, patch: 3, prerelease: ["0a", 1] }],
    ["unknown (Yarn PnP)", undefined],
    ["unknown", undefined],
    ["", undefined],
    ["1.19", undefined],
    ["^1.19.1", undefined],
    ["1.19.x", undefined],
    ["01.19.1", undefined],
    ["1.19.1-01", undefined],
    ["1.19.1-", undefined],
    ["1.19.1.2", undefined],
  ];
  it.each(rows)("%j", (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });
});

describe("compareVersions", () => {
  // Each row: a < b.
  const ascending: [string, string][] = [
    ["1.19.0", "1.19.1"],
    ["1.19.1", "1.19.2"],
    ["1.9.0", "1.19.0"],
    ["1.19.9", "1.20.0"],
    ["0.19.1", "1.0.2"],
    ["1.19.1-alpha.0", "1.19.1"],
    ["1.0.0-alpha", "1.0.0-alpha.1"],
    ["1.0.0-alpha.1", "1.0.0-alpha.beta"],
    ["1.0.0-alpha.beta", "1.0.0-beta"],
    ["1.0.0-beta", "1.0.0-beta.2"],
    ["1.0.0-beta.2", "1.0.0-beta.11"],
    ["1.0.0-beta.11", "1.0.0-rc.1"],
    ["1.0.0-rc.1", "1.0.0"],
    ["1.0.0-9", "1.0.0-10"],
    ["1.0.0-10", "1.0.0-a"],
  ];
  it.each(ascending)("%s < %s", (a, b) => {
    expect(compareVersions(a, b)).toBe(-1);
    expect(compareVersions(b, a)).toBe(1);
  });

  it.each([
    ["1.48.0", "1.48.0"],
    ["1.48.0", "v1.48.0"],
    ["1.48.0+a", "1.48.0+b"],
    ["1.48.0-rc.1+a", "1.48.0-rc.1"],
  ])("%s == %s", (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
  });

  it("throws a RangeError for what is not a version", () => {
    expect(() => compareVersions("unknown (Yarn PnP)", "1.19.1")).toThrow(RangeError);
    expect(() => compareVersions("1.19.1", "latest")).toThrow(/Not a semver version: "latest"/);
  });

  const version = fc
    .record({
      major: fc.nat(30),
      minor: fc.nat(30),
      patch: fc.nat(30),
      pre: fc.array(fc.oneof(fc.nat(12).map(String), fc.constantFrom("alpha", "beta", "rc", "a-1")), {
        maxLength: 3,
      }),
    })
    .map(
      ({ major, minor, patch, pre }) => `${major}.${minor}.${patch}${pre.length ? `-${pre.join(".")}` : ""}`,
    );

  it("is antisymmetric and reflexive", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
    );
  });

  it("is transitive", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const sorted = [a, b, c].sort(compareVersions);
        expect(compareVersions(sorted[0]!, sorted[2]!)).toBeLessThanOrEqual(0);
        expect(compareVersions(sorted[0]!, sorted[1]!)).toBeLessThanOrEqual(0);
        expect(compareVersions(sorted[1]!, sorted[2]!)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("orders releases like their numeric (major, minor, patch)", () => {
    const triple = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(triple, triple, (x, y) => {
        const expected = Math.sign(x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
        expect(compareVersions(x.join("."), y.join("."))).toBe(expected || 0);
      }),
    );
  });
});

describe("checkConvexVersion", () => {
  const hint = "npm install convex@1.45.0";

  it("the minimum is 1.19.1 (docs/convex-cli-versions.md)", () => {
    expect(MIN_SELF_HOSTED_CONVEX).toBe("1.19.1");
  });

  it.each(["1.19.1", "1.19.2", "1.20.0", "1.25.4", "1.45.0", "1.48.0", "1.49.0", "2.0.0", "1.20.0-alpha.1"])(
    "%s can deploy to a self-hosted backend",
    (installed) => {
      expect(checkConvexVersion(installed, hint)).toEqual({ ok: true });
    },
  );

  it.each(["1.19.0", "1.18.2", "1.17.4", "1.9.1", "0.19.1", "1.19.1-alpha.0"])(
    "%s cannot: the message names it and the minimum, the hint carries the caller's command",
    (installed) => {
      const result = checkConvexVersion(installed, hint);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toContain(installed);
      expect(result.message).toContain("1.19.1");
      expect(result.message).toContain("CONVEX_SELF_HOSTED_URL");
      expect(result.hint).toContain("`npm install convex@1.45.0`");
    },
  );

  it.each(["unknown (Yarn PnP)", "unknown", "", "1.19", "file:../convex"])(
    "%j passes: an unreadable version tells nothing",
    (installed) => {
      expect(checkConvexVersion(installed, hint)).toEqual({ ok: true });
    },
  );
});
