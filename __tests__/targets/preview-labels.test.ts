/**
 * Labels at `up` with compose (in process, helpers/memory-world.ts): in the action on a pull
 * request the compose file labels every container and the data volume with the repository, the
 * number, the creation time and the instance name; a later up of the same project keeps the
 * creation time (read from its containers and its volume); anywhere else nothing is labelled and
 * docker is not asked.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/core/config.js";
import { setup } from "../../src/setup.js";
import { world } from "../helpers/memory-world.js";

const PR = { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/shop", GITHUB_REF: "refs/pull/42/merge" };
const config = () =>
  parseConfig({ "working-directory": "app", "project-name": "pr-42", verify: "false" }, {});

/** `kept`: the creation times the project's containers and its data volume carry. */
function labelledWorld(env: Record<string, string>, kept: { containers?: string[]; volume?: string } = {}) {
  const w = world();
  w.deps.env = env;
  const asked: string[] = [];
  w.deps.docker = {
    ...w.deps.docker,
    labelled: async (label, value, labels) => {
      asked.push(`containers ${label}=${value} ${labels.join(",")}`);
      return (kept.containers ?? []).map((t) => ({ [labels[0]!]: t }));
    },
    labelledVolumes: async (label, value, labels) => {
      asked.push(`volumes ${label}=${value} ${labels.join(",")}`);
      return kept.volume === undefined
        ? []
        : [{ name: `${value}_data`, labels: { [labels[0]!]: kept.volume } }];
    },
  };
  const file = () => parse(w.files.get("/w/app/docker-compose.convex.yml")!.content);
  const composeLabels = () => file().services.backend.labels as Record<string, string> | undefined;
  const volumeLabels = () => file().volumes.data?.labels as Record<string, string> | undefined;
  return { w, asked, composeLabels, volumeLabels };
}

describe("compose preview labels at up", () => {
  it("a new preview: its containers and data volume labelled with the repository, the number, now and the instance", async () => {
    const { w, asked, composeLabels, volumeLabels } = labelledWorld(PR);
    await setup(config(), w.deps);
    expect(asked.sort()).toEqual([
      "containers com.docker.compose.project=pr-42 setup-coder-convex.created",
      "volumes com.docker.compose.project=pr-42 setup-coder-convex.created",
    ]);
    const expected = {
      "setup-coder-convex.repository": "acme/shop",
      "setup-coder-convex.pull-request": "42",
      "setup-coder-convex.created": "2026-01-02T03:04:05Z",
      "setup-coder-convex.instance-name": "app",
    };
    expect(composeLabels()).toEqual(expected);
    expect(volumeLabels()).toEqual(expected);
  });

  // Compose never relabels an existing volume, and asks to recreate one whose labels changed: the
  // creation time must stay as the volume has it.
  it.each<[string, { containers?: string[]; volume?: string }, string]>([
    [
      "its containers carry (the earliest)",
      { containers: ["2025-12-31T10:00:00Z", "2025-12-30T10:00:00Z", ""] },
      "2025-12-30T10:00:00Z",
    ],
    [
      "its data volume carries, its containers gone",
      { volume: "2025-12-29T10:00:00Z" },
      "2025-12-29T10:00:00Z",
    ],
    [
      "the earlier of its containers' and its volume's",
      { containers: ["2025-12-30T10:00:00Z"], volume: "2025-12-29T10:00:00Z" },
      "2025-12-29T10:00:00Z",
    ],
  ])("a later up of the same preview keeps the creation time %s", async (_, kept, created) => {
    const { w, composeLabels, volumeLabels } = labelledWorld(PR, kept);
    await setup(config(), w.deps);
    expect(composeLabels()?.["setup-coder-convex.created"]).toBe(created);
    expect(volumeLabels()?.["setup-coder-convex.created"]).toBe(created);
  });

  it.each([
    ["the CLI outside Actions", { GITHUB_REPOSITORY: "acme/shop", GITHUB_REF: "refs/pull/42/merge" }],
    ["a push in Actions", { ...PR, GITHUB_REF: "refs/heads/main" }],
  ])("%s: nothing is labelled and docker is not asked", async (_, env) => {
    const { w, asked, composeLabels, volumeLabels } = labelledWorld(env);
    await setup(config(), w.deps);
    expect(asked).toEqual([]);
    expect(composeLabels()).toBeUndefined();
    expect(volumeLabels()).toBeUndefined();
  });
});
