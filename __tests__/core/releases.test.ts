/** The release table and the check doctor and up make with it: tables of images and CLI versions. */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_BACKEND_IMAGE, DEFAULT_RELEASE, DEFAULT_RELEASE_CONVEX } from "../../src/core/compose.js";
import { compareVersions, MIN_SELF_HOSTED_CONVEX } from "../../src/core/convex-version.js";
import { useSurface } from "../../src/core/naming.js";
import {
  CHANGED_MODULES,
  CHECKED_THROUGH,
  checkCliAgainstRelease,
  EVALUATE_PUSH,
  findRelease,
  RELEASES,
} from "../../src/core/releases.js";

const image = (commit: string) => `ghcr.io/get-convex/convex-backend:${commit}`;
const BEFORE_EVALUATE_PUSH = "f50e8a5cba652a8bf629fcf47045b068282fc80a"; // precompiled-2025-11-03-f50e8a5
const BEFORE_CHANGED_MODULES = "83d54d5dac8c8b140479096f49a4bd2f1a7aa94d"; // precompiled-2026-01-22-83d54d5

afterEach(() => useSurface("action"));

describe("RELEASES", () => {
  it("oldest first, one row per commit, each commit named by its tag", () => {
    const dates = RELEASES.map((r) => r.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(RELEASES.map((r) => r.commit)).size).toBe(RELEASES.length);
    for (const r of RELEASES) {
      expect(r.commit, r.tag).toMatch(/^[0-9a-f]{40}$/);
      for (const tag of [r.tag, ...(r.alsoTagged ?? [])]) {
        const [, day, sha] = /^precompiled-(\d{4}-\d{2}-\d{2})-([0-9a-f]{7})$/.exec(tag) ?? [];
        expect(sha, tag).toBe(r.commit.slice(0, 7));
        // The tag carries the build's date: the commit's day or a later one.
        expect(day! >= r.date, tag).toBe(true);
      }
    }
  });

  it("every range starts at the self-hosted floor, holds the CLI its release was built with, and ends before its first failing CLI", () => {
    for (const r of RELEASES) {
      expect(r.cli.min, r.tag).toBe(MIN_SELF_HOSTED_CONVEX);
      expect(compareVersions(r.convex, r.cli.max), r.tag).toBeLessThanOrEqual(0);
      if (r.cli.breaks) {
        expect(r.cli.max, r.tag).toBe(r.cli.breaks.last);
        expect(compareVersions(r.cli.breaks.last, r.cli.breaks.from), r.tag).toBe(-1);
        // A release lacks the backend side of the change: it is older than the commit that added it.
        expect(r.date <= r.cli.breaks.backendDate, r.tag).toBe(true);
      } else expect(r.cli.max, r.tag).toBe(CHECKED_THROUGH);
    }
  });

  it("holds the pinned release (the default images) and the one before it", () => {
    const pinned = RELEASES.findIndex((r) => r.commit === DEFAULT_RELEASE);
    expect(pinned).toBe(RELEASES.length - 1);
    expect(RELEASES[pinned]!.convex).toBe(DEFAULT_RELEASE_CONVEX);
    expect(RELEASES[pinned - 1]!.tag).toBe("precompiled-2026-08-21-b460b2c");
  });
});

describe("findRelease", () => {
  it.each([
    ["precompiled-2026-08-22-652b828", DEFAULT_RELEASE],
    ["precompiled-2026-08-21-652b828", DEFAULT_RELEASE],
    [DEFAULT_RELEASE, DEFAULT_RELEASE],
    ["652b828", DEFAULT_RELEASE],
    [DEFAULT_BACKEND_IMAGE, DEFAULT_RELEASE],
    [`registry.local:5000/mirror/convex-backend:${BEFORE_EVALUATE_PUSH}`, BEFORE_EVALUATE_PUSH],
    [`${image(BEFORE_CHANGED_MODULES)}@sha256:${"a".repeat(64)}`, BEFORE_CHANGED_MODULES],
  ])("%s is %s", (ref, commit) => {
    expect(findRelease(ref)?.commit).toBe(commit);
  });

  it.each([
    "ghcr.io/get-convex/convex-backend:latest",
    "ghcr.io/get-convex/convex-backend",
    "registry.local:5000/convex-backend",
    image("0".repeat(40)),
    "precompiled-2026-08-20-688e7cf",
    "65",
    "",
  ])("%j is no known release", (ref) => {
    expect(findRelease(ref)).toBeUndefined();
  });
});

describe("checkCliAgainstRelease", () => {
  it.each([
    // in range
    [DEFAULT_BACKEND_IMAGE, "1.45.0", "ok"],
    [DEFAULT_BACKEND_IMAGE, MIN_SELF_HOSTED_CONVEX, "ok"],
    [DEFAULT_BACKEND_IMAGE, CHECKED_THROUGH, "ok"],
    [image(BEFORE_EVALUATE_PUSH), EVALUATE_PUSH.last, "ok"],
    [image(BEFORE_CHANGED_MODULES), CHANGED_MODULES.last, "ok"],
    [image(BEFORE_CHANGED_MODULES), "1.30.0", "ok"],
    // newer than the release understands
    [image(BEFORE_EVALUATE_PUSH), EVALUATE_PUSH.from, "warn"],
    [image(BEFORE_EVALUATE_PUSH), "1.48.0", "warn"],
    [image(BEFORE_CHANGED_MODULES), CHANGED_MODULES.from, "warn"],
    [image(BEFORE_CHANGED_MODULES), "2.0.0", "warn"],
    // older than the self-hosted floor
    [DEFAULT_BACKEND_IMAGE, "1.19.0", "warn"],
    // newer than any CLI read, on a release that lacks no known change: not checked
    [DEFAULT_BACKEND_IMAGE, "1.52.0", "note"],
    // prereleases: ordered as semver orders them
    [image(BEFORE_EVALUATE_PUSH), "1.26.0-alpha.7", "ok"],
    [image(BEFORE_EVALUATE_PUSH), "1.30.0-alpha.1", "warn"],
    [image(BEFORE_EVALUATE_PUSH), "1.29.2-alpha.0", "note"], // between 1.29.1 (serves) and 1.29.2 (fails)
    [DEFAULT_BACKEND_IMAGE, "1.52.0-beta.1", "note"],
    [DEFAULT_BACKEND_IMAGE, "1.19.1-alpha.0", "warn"],
    // unknown releases and versions: never a warning
    ["ghcr.io/get-convex/convex-backend:latest", "2.0.0", "note"],
    ["my-own/convex-backend:dev", "1.48.0", "note"],
    [image(BEFORE_EVALUATE_PUSH), "unknown (Yarn PnP)", "note"],
  ])("%s with convex %s: %s", (img, version, kind) => {
    expect(checkCliAgainstRelease(img, version).kind).toBe(kind);
  });

  it("the warning names the release, the CLI's change, the symptom and both fixes (command line)", () => {
    useSurface("cli");
    const check = checkCliAgainstRelease(image(BEFORE_EVALUATE_PUSH), "1.48.0", {
      pinCommand: (v) => `pnpm add --save-exact convex@${v}`,
    });
    expect(check).toMatchObject({ kind: "warn" });
    if (check.kind !== "warn") return;
    expect(check.message).toBe(
      "The app's convex CLI 1.48.0 is newer than backend release precompiled-2025-11-03-f50e8a5 (2025-11-03) understands (it serves 1.19.1 to 1.29.1): from convex 1.29.2 on, the CLI calls POST /api/deploy2/evaluate_push on every deploy, which this release predates (the backend added it on 2025-11-04), so `convex deploy` fails with 404 Not Found on /api/deploy2/evaluate_push.",
    );
    expect(check.hint).toBe(
      `Upgrade the backend to release precompiled-2026-08-22-652b828: \`npx setup-coder-convex upgrade --release ${DEFAULT_RELEASE}\`; or pin the app's CLI to what the release serves: \`pnpm add --save-exact convex@1.29.1\`.`,
    );
  });

  it("in the action, the upgrade is the command input; the default pin is npm's", () => {
    const check = checkCliAgainstRelease(image(BEFORE_CHANGED_MODULES), "1.31.7");
    expect(check.kind === "warn" && check.hint).toBe(
      `Upgrade the backend to release precompiled-2026-08-22-652b828: \`command: upgrade\` with \`release: ${DEFAULT_RELEASE}\`; or pin the app's CLI to what the release serves: \`npm install --save-exact convex@1.31.6\`.`,
    );
  });

  it("an unknown release says it was not checked, naming the image", () => {
    expect(checkCliAgainstRelease("ghcr.io/get-convex/convex-backend:latest", "1.48.0")).toEqual({
      kind: "note",
      message:
        "Backend image ghcr.io/get-convex/convex-backend:latest is not a release this tool knows (docs/convex-cli-versions.md lists them), so whether convex 1.48.0 can deploy to it was not checked.",
    });
  });
});
