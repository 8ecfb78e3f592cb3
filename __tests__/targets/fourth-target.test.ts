/**
 * A new backend is one file implementing Target and one line in the factory (src/targets/index.ts
 * TARGETS). Here the file is `createProcessTarget` below (a backend "started" in this process, its
 * keys kept in a Map), the line is `process: { create: createProcessTarget, ... }`, and setup() runs it through
 * every phase without knowing it: no branch on the target's name anywhere in the pipeline.
 * (A user reaches a new target once the `target` input's choices name it: src/core/inputs.ts.)
 */
import { describe, expect, it } from "vitest";
import { generateInstanceSecret } from "../../src/core/admin-key.js";
import { type Config, parseConfig } from "../../src/core/config.js";
import { envValues, parseEnvFile } from "../../src/core/env-file.js";
import { confirmConnectAdminKey } from "../../src/phases/admin-key.js";
import { resolveKeys } from "../../src/phases/keys.js";
import { waitForBackend } from "../../src/phases/start.js";
import { setup } from "../../src/setup.js";
import { createTarget, TARGETS, type TargetFactory, type TargetKind } from "../../src/targets/index.js";
import type { Instance } from "../../src/targets/types.js";
import { type MemoryBackend, world } from "../helpers/memory-world.js";

// ---- the one new file: a backend that runs in this process ------------------------------------
/** The process's backends by instance name, and the secrets they keep between runs. */
const running = new Map<string, MemoryBackend>();
const kept = new Map<string, string>();

const createProcessTarget: TargetFactory = (config, deps, layout) => {
  const name = config.instanceName;
  const instance: Instance = {
    ref: { kind: "kubernetes", namespace: "process", instanceName: name },
    name: `process backend ${name}`,
    states: async () => [{ service: "backend", state: running.has(name) ? "running" : "exited" }],
    logs: async () => `process backend ${name}: ${running.has(name) ? "up" : "down"}`,
    advice: {
      stopped: () => ({ message: "The process backend stopped.", hint: "Start it again." }),
      timeout: "The process backend did not start.",
    },
    hostApiUrl: "http://process.invalid:3210",
    publicUrls: undefined,
    report: async () => ({
      heading: `Process backend ${name}`,
      lines: [`  ${running.has(name) ? "running" : "stopped"}`],
      running: running.has(name),
      json: { name },
    }),
    logsCommand: () => ({ program: "echo", args: [`process backend ${name}`] }),
    remove: async () => {
      running.delete(name);
      kept.delete(name);
      deps.logger.info(`Removed process backend ${name}.`);
    },
  };
  return {
    kind: "process" as TargetKind,
    hostApiUrl: "http://process.invalid:3210",
    hostSiteUrl: "http://process.invalid:3211",
    viaPublicUrls: false,
    runs: true,
    warnings: ["target process: for tests only"],
    images: [],
    usesDatabase: false,
    backendFiles: "none",
    instance,
    checks: () => [],
    preflight: (run) => run.phase("Check process", async () => run.report.logger.info(`pid ${process.pid}`)),
    async resolveKeys(run, files, options) {
      const secret = kept.get(name);
      return resolveKeys(config, files, layout, run.report.logger, {
        ...options,
        stored: {
          instanceSecret: secret,
          jwtPrivateKeyPem: undefined,
          where: `process backend ${name}`,
          reset: "remove it first",
        },
      });
    },
    start: (run, prepared) =>
      run.phase("Start in process", async () => {
        kept.set(name, prepared.keys.instanceSecret);
        running.set(name, { instanceName: name, instanceSecret: prepared.keys.instanceSecret });
        return undefined;
      }),
    wait: (run, admin) => waitForBackend(admin, instance, run.config.waitTimeoutMs, deps),
    confirmAdminKey: (_run, admin, keys) => confirmConnectAdminKey(admin, keys.adminKey),
    requireRunning: async (_keys, verb) => {
      if (!running.has(name)) throw new Error(`process backend ${name} is not running: nothing to ${verb}`);
    },
    describe: () => ({
      envFile: "",
      composeFile: "",
      composeProject: "",
      namespace: undefined,
      manifestFile: undefined,
    }),
    close: async () => {},
    remove: (options) => instance.remove(options),
  };
};
// ---- the one line in the factory ---------------------------------------------------------------
const WITH_PROCESS = {
  ...TARGETS,
  process: {
    create: createProcessTarget,
    find: async () => {
      throw new Error("not used here");
    },
    locatedBy: [],
  },
};
// -------------------------------------------------------------------------------------------------

// A kind the Config union does not know: cast, as a user's target would be once `target` names it.
const config = (): Config =>
  ({
    ...parseConfig({ "working-directory": "app", "instance-name": "demo" }, {}),
    target: "process" as TargetKind,
  }) as Config;

describe("a fourth target: one file and one line in the factory", () => {
  it("setup() runs it through every phase, and a rerun reuses the keys it keeps", async () => {
    running.clear();
    kept.clear();
    const w = world({
      backend: (url) => (url.startsWith("http://process.invalid:3210") ? running.get("demo") : undefined),
    });
    const deps = { ...w.deps, targets: WITH_PROCESS };
    const result = await setup(config(), deps);
    expect(result.timings.map(([p]) => p)).toEqual([
      "Repository",
      "Check process",
      "App",
      "Keys",
      "Write files",
      "Start in process",
      "Wait for the backend",
      "Admin key",
      "Deployment environment",
      "Deploy functions",
      "Verify",
    ]);
    expect(result).toMatchObject({
      hostApiUrl: "http://process.invalid:3210",
      deployed: true,
      warnings: ["target process: for tests only"],
      keySources: { instanceSecret: "generated", jwtKey: "generated" },
    });
    // Nothing of docker: the pipeline asked the target only.
    expect(w.events).toEqual(["locate", "env 5", "deploy"]);
    expect(w.files.has("/w/app/docker-compose.convex.yml")).toBe(false);
    const local = envValues(parseEnvFile(w.files.get("/w/app/.env.local")!.content));
    expect(local.CONVEX_SELF_HOSTED_URL).toBe("http://process.invalid:3210");

    const again = await setup(config(), deps);
    expect(again.keySources.instanceSecret).toBe("reused");
    expect(kept.get("demo")).toBe(running.get("demo")?.instanceSecret);
  });

  it("command down reaches it through the same factory: createTarget, then remove", async () => {
    running.set("demo", { instanceName: "demo", instanceSecret: generateInstanceSecret() });
    const w = world();
    const target = createTarget(config(), w.deps, { dir: "/w/app" } as never, WITH_PROCESS);
    expect(await target.instance?.states()).toEqual([{ service: "backend", state: "running" }]);
    await target.remove({ dumpLogs: false, volumes: true });
    expect(running.has("demo")).toBe(false);
    expect(w.lines).toContain("Removed process backend demo.");
  });

  it("a name no factory knows is refused", () => {
    const w = world();
    expect(() => createTarget(config(), w.deps, { dir: "/w/app" } as never)).toThrow(
      "No target named process.",
    );
  });
});
