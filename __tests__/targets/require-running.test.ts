/**
 * backup and restore ask the target whether something runs to act on (Target.requireRunning),
 * after the keys are read from where it keeps them: each target says it in its own words.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { locate } from "../../src/core/layout.js";
import type { Keys } from "../../src/phases/keys.js";
import { createTarget } from "../../src/targets/index.js";
import { world } from "../helpers/memory-world.js";
import { CONNECT_INPUTS, KUBERNETES_INPUTS } from "../helpers/target-inputs.js";

const keys = (secretSource: Keys["secretSource"]): Keys => ({
  instanceSecret: "ab".repeat(32),
  secretSource,
  jwt: undefined,
  jwtSource: "none",
  adminKey: "app|key",
  pemOnDisk: false,
});

const COMPOSE = { "working-directory": "app" };
const KUBERNETES = { ...KUBERNETES_INPUTS, "render-only": "true" };

describe("Target.requireRunning", () => {
  it.each([
    [
      "compose, no instance secret in its env file",
      COMPOSE,
      "generated",
      {},
      /^No INSTANCE_SECRET in \/w\/app\/\.env\.convex\.local: nothing to backup here\./,
    ],
    [
      "compose, its backend container exited",
      COMPOSE,
      "reused",
      { exitsAtMs: 0 },
      /^The backend of convex-app is not running \(exited\): nothing to backup\./,
    ],
    [
      "kubernetes, no instance secret in its Secret",
      KUBERNETES,
      "generated",
      {},
      /^No instance pr-1 in namespace convex-previews \(its Secret holds no instance secret\): nothing to backup\./,
    ],
  ] as const)("%s: refused", async (_name, inputs, source, options, message) => {
    const w = world(options);
    const config = parseConfig(inputs, {});
    const target = createTarget(config, w.deps, locate(config, "/w"));
    await expect(target.requireRunning(keys(source), "backup")).rejects.toThrow(message);
  });

  it.each([
    ["compose, its backend runs", COMPOSE, "reused"],
    ["kubernetes, its Secret holds the keys", KUBERNETES, "reused"],
    ["connect: the keys are inputs, the wait says whether it answers", CONNECT_INPUTS, "input"],
  ] as const)("%s: goes on", async (_name, inputs, source) => {
    const w = world();
    const config = parseConfig(inputs, {});
    const target = createTarget(config, w.deps, locate(config, "/w"));
    await expect(target.requireRunning(keys(source), "restore")).resolves.toBeUndefined();
  });
});
