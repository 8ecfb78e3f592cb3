/**
 * Labels at `up` with compose (in process, helpers/memory-world.ts): in the action on a pull
 * request the compose file labels every container with the repository, the number and the
 * creation time, which a later up of the same project keeps (read from its containers); anywhere
 * else nothing is labelled and docker is not asked.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/core/config.js";
import { setup } from "../../src/setup.js";
import { world } from "../helpers/memory-world.js";

const PR = { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/shop", GITHUB_REF: "refs/pull/42/merge" };
const config = () =>
  parseConfig({ "working-directory": "app", "project-name": "pr-42", verify: "false" }, {});

function labelledWorld(env: Record<string, string>, kept: string | undefined) {
  const w = world();
  w.deps.env = env;
  const asked: string[] = [];
  w.deps.docker = {
    ...w.deps.docker,
    labelled: async (label, value, labels) => {
      asked.push(`${label}=${value} ${labels.join(",")}`);
      return kept ? [{ [labels[0]!]: kept }, { [labels[0]!]: "" }] : [];
    },
  };
  const composeLabels = () =>
    parse(w.files.get("/w/app/docker-compose.convex.yml")!.content).services.backend.labels as
      | Record<string, string>
      | undefined;
  return { w, asked, composeLabels };
}

describe("compose preview labels at up", () => {
  it("a new preview: labelled with the repository, the number and now", async () => {
    const { w, asked, composeLabels } = labelledWorld(PR, undefined);
    await setup(config(), w.deps);
    expect(asked).toEqual(["com.docker.compose.project=pr-42 setup-coder-convex.created"]);
    expect(composeLabels()).toEqual({
      "setup-coder-convex.repository": "acme/shop",
      "setup-coder-convex.pull-request": "42",
      "setup-coder-convex.created": "2026-01-02T03:04:05Z",
    });
  });

  it("a later up of the same preview keeps the creation time its containers carry", async () => {
    const { w, composeLabels } = labelledWorld(PR, "2025-12-30T10:00:00Z");
    await setup(config(), w.deps);
    expect(composeLabels()?.["setup-coder-convex.created"]).toBe("2025-12-30T10:00:00Z");
  });

  it.each([
    ["the CLI outside Actions", { GITHUB_REPOSITORY: "acme/shop", GITHUB_REF: "refs/pull/42/merge" }],
    ["a push in Actions", { ...PR, GITHUB_REF: "refs/heads/main" }],
  ])("%s: nothing is labelled and docker is not asked", async (_, env) => {
    const { w, asked, composeLabels } = labelledWorld(env, undefined);
    await setup(config(), w.deps);
    expect(asked).toEqual([]);
    expect(composeLabels()).toBeUndefined();
  });
});
