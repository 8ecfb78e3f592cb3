import { describe, expect, it } from "vitest";
import { DEFAULT_RELEASE, releaseImages, renderCompose } from "../../src/core/compose.js";
import {
  deriveUpgradeImages,
  imageTag,
  movedForward,
  parseMigrationLog,
  readComposeImages,
  rewriteComposeImages,
} from "../../src/core/upgrade.js";
import { composeOptions } from "../helpers/compose-options.js";

describe("imageTag", () => {
  it.each([
    ["ghcr.io/get-convex/convex-backend:abc123", "abc123"],
    ["localhost:5000/convex-backend:v1", "v1"],
    ["localhost:5000/convex-backend", undefined],
    ["convex-backend", undefined],
    ["ghcr.io/get-convex/convex-backend@sha256:0123", undefined],
  ])("%s → %s", (image, tag) => expect(imageTag(image)).toBe(tag));
});

describe("deriveUpgradeImages", () => {
  const none = { release: undefined, backendImage: undefined, dashboardImage: undefined };
  it("a release is the official pair with its tag (the pinned release's repositories)", () => {
    expect(deriveUpgradeImages({ ...none, release: DEFAULT_RELEASE })).toEqual({
      images: releaseImages(DEFAULT_RELEASE),
      release: DEFAULT_RELEASE,
    });
  });
  it("a git tag of the release table is its commit's images (the images are tagged by commit)", () => {
    for (const tag of ["precompiled-2026-08-22-652b828", "precompiled-2026-08-21-652b828"])
      expect(deriveUpgradeImages({ ...none, release: tag })).toEqual({
        images: releaseImages(DEFAULT_RELEASE),
        release: DEFAULT_RELEASE,
      });
    // A short commit stays as given: the images of a short tag are the user's to name.
    expect(deriveUpgradeImages({ ...none, release: "652b828" })).toMatchObject({ release: "652b828" });
    // An unknown tag is taken as given.
    expect(deriveUpgradeImages({ ...none, release: "my-build" })).toMatchObject({ release: "my-build" });
  });
  it.each([
    [{ ...none }, "release", "needs the release to upgrade to"],
    [{ ...none, backendImage: "r/b:1" }, "dashboard-image", "needs the release"],
    [{ ...none, release: "1", dashboardImage: "r/d:1" }, "release", "both say what to upgrade to"],
    [
      { ...none, backendImage: "r/b:1", dashboardImage: "r/d:2" },
      "backend-image",
      "(tag 1) and dashboard-image (tag 2) are not the same release",
    ],
    [{ ...none, backendImage: "r/b", dashboardImage: "r/d:2" }, "backend-image", "r/b has no tag"],
  ])("refuses %o on %s", (input, field, message) => {
    const r = deriveUpgradeImages(input);
    expect("problems" in r && r.problems[0]![0]).toBe(field);
    expect("problems" in r && r.problems[0]![1]).toContain(message);
  });
  it("takes two images of one tag", () => {
    expect(deriveUpgradeImages({ ...none, backendImage: "my/b:7", dashboardImage: "my/d:7" })).toEqual({
      images: { backend: "my/b:7", dashboard: "my/d:7" },
      release: "7",
    });
  });
});

describe("parseMigrationLog (the pinned release's migration worker, text and JSON logs)", () => {
  const text = [
    "2026-08-22T10:00:00.000Z INFO model::migrations: Attempting migration",
    "2026-08-22T10:00:00.001Z INFO model::migrations: Migrating to 127",
    "2026-08-22T10:00:00.002Z WARN migrations_model: Executing Migration 127/128. Wait for log line 'Migrated 127'",
    "2026-08-22T10:00:00.003Z INFO model::migrations: Migrated 127",
    "2026-08-22T10:00:00.004Z INFO model::migrations: Migrating to 128",
    "2026-08-22T10:00:00.005Z WARN migrations_model: Executing Migration 128/128. Wait for log line 'Migrated 128'",
    "2026-08-22T10:00:00.006Z INFO model::migrations: Migrated 128",
    "2026-08-22T10:00:00.007Z INFO model::migrations: db metadata version up to date at 128",
  ].join("\n");
  it.each([
    ["steps then up to date", text, { upToDate: 128, migrated: [127, 128], ahead: undefined, failed: false }],
    [
      "JSON lines",
      '{"level":"WARN","fields":{"message":"Executing Migration 128/128. Wait for log line \'Migrated 128\'"}}\n{"level":"INFO","fields":{"message":"Migrated 128"}}\n{"fields":{"message":"db metadata version up to date at 128"}}',
      { upToDate: 128, migrated: [128], ahead: undefined, failed: false },
    ],
    [
      "a database newer than the binary",
      "WARN model::migrations: persisted db metadata version is ahead at 129, this binary is at 128",
      { upToDate: undefined, migrated: [], ahead: { database: 129, binary: 128 }, failed: false },
    ],
    ["a failed step", "ERROR model::migrations: Migration worker failed, sleeping 60s", { failed: true }],
    ["nothing yet", "api on 3210", { upToDate: undefined, migrated: [] }],
  ])("%s", (_name, log, expected) => expect(parseMigrationLog(log)).toMatchObject(expected));

  it.each([
    [text, 127, true],
    ["db metadata version up to date at 128", 128, false],
    ["db metadata version up to date at 128", undefined, false],
    ["persisted db metadata version is ahead at 129, this binary is at 128", 128, true],
    ["api on 3210", 128, undefined],
    ["Migration worker failed", undefined, undefined],
  ])("movedForward(%j, before %s) = %s", (log, before, moved) =>
    expect(movedForward(parseMigrationLog(log), before)).toBe(moved),
  );
});

describe("rewriteComposeImages", () => {
  const options = composeOptions({
    dashboard: true,
    ports: { api: 3300, site: 3301, dashboard: 6800 },
    cloudOrigin: "http://127.0.0.1:3300",
    siteOrigin: "http://127.0.0.1:3301",
    dashboardDeploymentUrl: "http://127.0.0.1:3300",
    envFile: ".env.convex.local",
    originForwards: [[3300, 3210]],
  });
  it("changes the image lines only (backend, its forwarder, dashboard), and reads them back", () => {
    const before = renderCompose(options);
    const next = releaseImages("next");
    const after = rewriteComposeImages(before, "f.yml", next);
    const changed = after.split("\n").filter((l, i) => l !== before.split("\n")[i]);
    expect(changed.map((l) => l.trim())).toEqual([
      `image: ${next.backend}`,
      `image: ${next.backend}`,
      `image: ${next.dashboard}`,
    ]);
    expect(readComposeImages(after, "f.yml")).toEqual(next);
    expect(rewriteComposeImages(after, "f.yml", readComposeImages(before, "f.yml"))).toBe(before);
  });
  it("without a dashboard: the backend's only", () => {
    const before = renderCompose({ ...options, dashboard: false, originForwards: [] });
    const after = rewriteComposeImages(before, "f.yml", { backend: "r/b:2", dashboard: undefined });
    expect(readComposeImages(after, "f.yml")).toEqual({ backend: "r/b:2", dashboard: undefined });
  });
  it("refuses a file without a backend service", () => {
    expect(() =>
      rewriteComposeImages("services: {}\n", "f.yml", { backend: "b:1", dashboard: undefined }),
    ).toThrow("f.yml has no backend service");
  });
});
