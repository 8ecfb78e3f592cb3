import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderCompose } from "../../src/core/compose.js";
import {
  buildManifests,
  type ManifestInput,
  parseLabelledSecrets,
  previewSelector,
} from "../../src/core/kubernetes.js";
import {
  DOCKER_PREVIEW_LABELS,
  decidePrune,
  derivePreviewMark,
  dockerPreviewLabels,
  earliestTime,
  type FoundPreview,
  KUBE_PREVIEW_LABELS,
  kubePreviewLabels,
  type PreviewMark,
  parseMaxAge,
  readDockerPreview,
  repositoryHash,
} from "../../src/core/preview.js";
import { composeOptions } from "../helpers/compose-options.js";
import { manifestInput } from "../helpers/manifest-input.js";

describe("parseMaxAge", () => {
  it.each([
    ["7d", 7 * 86_400_000],
    ["36h", 36 * 3_600_000],
    ["90m", 90 * 60_000],
    ["2w", 14 * 86_400_000],
    [" 1d ", 86_400_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseMaxAge(text)).toEqual({ ms });
  });
  it.each(["7", "d", "1.5d", "7 days", "-1d", "0d", "7D", "7s", "", "1d2h", "9999999d"])(
    "%j is refused, saying what to write",
    (text) => {
      const r = parseMaxAge(text);
      expect(r).toHaveProperty("error");
      expect((r as { error: string }).error).toMatch(/whole number and a unit.*e\.g\. 7d or 36h/);
    },
  );
});

const PR_ENV = {
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "acme/shop",
  GITHUB_REF: "refs/pull/42/merge",
};
const NOW = new Date("2026-12-06T07:00:00.123Z");

describe("derivePreviewMark", () => {
  it.each<[string, Record<string, string>, PreviewMark | undefined]>([
    [
      "a pull request in the action",
      PR_ENV,
      { repository: "acme/shop", pullRequest: 42, created: "2026-12-06T07:00:00Z" },
    ],
    [
      "pull_request_target's head ref",
      { ...PR_ENV, GITHUB_REF: "refs/pull/9/head" },
      { repository: "acme/shop", pullRequest: 9, created: "2026-12-06T07:00:00Z" },
    ],
    [
      "the CLI outside Actions",
      { GITHUB_REPOSITORY: "acme/shop", GITHUB_REF: "refs/pull/42/merge" },
      undefined,
    ],
    ["a push", { ...PR_ENV, GITHUB_REF: "refs/heads/main" }, undefined],
    [
      "a schedule without a repository",
      { GITHUB_ACTIONS: "true", GITHUB_REF: "refs/pull/1/merge" },
      undefined,
    ],
    ["a repository that is not owner/name", { ...PR_ENV, GITHUB_REPOSITORY: "shop" }, undefined],
  ])("%s", (_, env, expected) => {
    expect(derivePreviewMark(env, NOW)).toEqual(expected);
  });

  it("keeps the creation time an earlier up recorded, and ignores one that is not a time", () => {
    expect(derivePreviewMark(PR_ENV, NOW, "2026-11-30T08:00:00Z")?.created).toBe("2026-11-30T08:00:00Z");
    expect(derivePreviewMark(PR_ENV, NOW, "yesterday")?.created).toBe("2026-12-06T07:00:00Z");
  });
});

describe("kubernetes preview labels", () => {
  const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
  it.each(["acme/shop", "A-Very.Long_Owner-Name-That-Goes-On-And-On/and-a-repository.name_that-is-long-too"])(
    "every value is a valid label value for %s",
    (repository) => {
      const labels = kubePreviewLabels({ repository, pullRequest: 123456, created: "2026-12-06T07:00:00Z" });
      for (const value of Object.values(labels)) expect(value).toMatch(LABEL_VALUE);
      expect(labels[KUBE_PREVIEW_LABELS.created]).toBe(String(Date.parse("2026-12-06T07:00:00Z") / 1000));
    },
  );
  it("two repositories get different hashes; the same one always the same", () => {
    expect(repositoryHash("acme/shop")).toBe(repositoryHash("acme/shop"));
    expect(repositoryHash("acme/shop")).not.toBe(repositoryHash("acme/shop2"));
  });
});

const MARK: PreviewMark = { repository: "acme/shop", pullRequest: 42, created: "2026-12-01T10:00:00Z" };

describe("labels at up", () => {
  it("compose: every service's containers and the data volume carry the preview's labels; compose's own are left to compose", () => {
    const file = parse(
      renderCompose(
        composeOptions({
          projectName: "pr-42",
          dashboard: true,
          instanceName: "pr-42",
          cloudOrigin: "http://127.0.0.1:13210",
          siteOrigin: "http://127.0.0.1:13211",
          dashboardDeploymentUrl: "http://127.0.0.1:13210",
          originForwards: [[13210, 3210]],
          labels: dockerPreviewLabels(MARK, "pr-42"),
        }),
      ),
    );
    const expected = {
      [DOCKER_PREVIEW_LABELS.repository]: "acme/shop",
      [DOCKER_PREVIEW_LABELS.pullRequest]: "42",
      [DOCKER_PREVIEW_LABELS.created]: "2026-12-01T10:00:00Z",
      [DOCKER_PREVIEW_LABELS.instance]: "pr-42",
    };
    for (const name of ["backend", "dashboard", "origin-forwarder"])
      expect(file.services[name].labels).toEqual(expected);
    expect(file.volumes).toEqual({ data: { labels: expected } });
  });

  it("compose: a `$` in a label is doubled (compose interpolates the whole file), on containers and the volume", () => {
    const text = renderCompose(
      composeOptions({ labels: dockerPreviewLabels({ ...MARK, repository: "ac$me/shop" }, "pr-42") }),
    );
    const file = parse(text);
    expect(file.services.backend.labels[DOCKER_PREVIEW_LABELS.repository]).toBe("ac$$me/shop");
    expect(file.volumes.data.labels[DOCKER_PREVIEW_LABELS.repository]).toBe("ac$$me/shop");
    expect(text).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases: each mapping written out
  });

  it("compose without a preview: no labels key at all", () => {
    const text = renderCompose(composeOptions());
    expect(text).not.toContain("labels");
  });

  const input: ManifestInput = manifestInput({
    images: { backend: "b:1", dashboard: "d:1" },
    cloudOrigin: "https://pr-42.example.com",
    siteOrigin: "https://pr-42-site.example.com",
    dashboardDeploymentUrl: "https://pr-42.example.com",
    preview: MARK,
  });

  it("kubernetes: every object's metadata carries them (and the owner and time annotations), no selector does", () => {
    const objects = buildManifests(input) as Array<{
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec?: { selector?: { matchLabels?: Record<string, string> } | Record<string, string> };
    }>;
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject(kubePreviewLabels(MARK));
      expect(o.metadata.annotations).toMatchObject({
        "setup-coder-convex/owner": "acme/shop",
        "setup-coder-convex/created-at": "2026-12-01T10:00:00Z",
      });
      expect(JSON.stringify(o.spec?.selector ?? {})).not.toContain("setup-coder-convex/");
    }
  });

  it("prune reads the Secret back by the repository's selector", () => {
    const secret = buildManifests(input).find((o) => o.kind === "Secret")!;
    const selector = previewSelector("acme/shop");
    const labels = secret.metadata!.labels as Record<string, string>;
    for (const req of selector.split(",")) {
      const [k, v] = req.split("=");
      expect(labels[k!]).toBe(v);
    }
    expect(parseLabelledSecrets(JSON.stringify({ items: [secret] }))).toEqual([
      { instanceName: "pr-42", owner: "acme/shop", pullRequest: 42, created: "2026-12-01T10:00:00Z" },
    ]);
  });
});

describe("readDockerPreview", () => {
  const L = DOCKER_PREVIEW_LABELS;
  const all = dockerPreviewLabels(MARK, "pr-42");
  it.each<[string, Record<string, string>, ReturnType<typeof readDockerPreview>]>([
    ["all labels", all, { pullRequest: 42, created: "2026-12-01T10:00:00Z", instanceName: "pr-42" }],
    [
      "labelled before the instance name was",
      { ...all, [L.instance]: "" },
      { pullRequest: 42, created: "2026-12-01T10:00:00Z", instanceName: undefined },
    ],
    ["no time", { ...all, [L.created]: "" }, { pullRequest: 42, created: undefined, instanceName: "pr-42" }],
    ["another repository", { ...all, [L.repository]: "acme/shop2" }, undefined],
    ["a repository that only starts the same", { ...all, [L.repository]: "acme/sho" }, undefined],
    ["no pull request", { ...all, [L.pullRequest]: "" }, undefined],
    ["a pull request that is no number", { ...all, [L.pullRequest]: "7a" }, undefined],
  ])("%s", (_, labels, expected) => {
    expect(readDockerPreview(labels, "acme/shop")).toEqual(expected);
  });
});

describe("earliestTime", () => {
  it.each<[Array<string | undefined>, string | undefined]>([
    [["2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"], "2026-12-01T00:00:00Z"],
    [[undefined, "", "not a time", "2026-12-03T00:00:00Z"], "2026-12-03T00:00:00Z"],
    [[undefined, ""], undefined],
    [[], undefined],
  ])("%j", (times, expected) => {
    expect(earliestTime(times)).toBe(expected);
  });
});

describe("decidePrune", () => {
  const now = new Date("2026-12-10T00:00:00Z");
  const p = (pullRequest: number, created: string | undefined): FoundPreview => ({
    name: `pr-${pullRequest}`,
    repository: "acme/shop",
    pullRequest,
    created,
    instanceName: `pr-${pullRequest}`,
  });
  const week = 7 * 86_400_000;
  it.each<
    [string, FoundPreview, "open" | "closed" | "unknown" | undefined, number | undefined, RegExp | undefined]
  >([
    ["closed goes", p(1, "2026-12-09T00:00:00Z"), "closed", undefined, /pull request #1 is closed/],
    ["open and young stays", p(2, "2026-12-09T00:00:00Z"), "open", week, undefined],
    [
      "open and old goes with max-age",
      p(3, "2026-12-01T00:00:00Z"),
      "open",
      week,
      /older than max-age \(7d\)/,
    ],
    ["old without max-age stays", p(4, "2026-01-01T00:00:00Z"), "open", undefined, undefined],
    ["state unknown and young stays", p(5, "2026-12-09T00:00:00Z"), undefined, week, undefined],
    ["state unknown and old goes", p(6, "2026-11-01T00:00:00Z"), "unknown", week, /older than max-age/],
    ["no creation time is never old", p(7, undefined), "open", week, undefined],
    ["closed and old says both", p(8, "2026-11-01T00:00:00Z"), "closed", week, /is closed; created .* older/],
  ])("%s", (_, preview, state, maxAge, reason) => {
    const states = new Map(state ? [[preview.pullRequest, state] as const] : []);
    const [d] = decidePrune([preview], states, now, maxAge);
    if (reason) expect(d!.reason).toMatch(reason);
    else expect(d!.reason).toBeUndefined();
  });
});
