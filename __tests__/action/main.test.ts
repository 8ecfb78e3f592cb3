/**
 * The action shell in process, through its Platform seam and the in-memory pipeline: outputs,
 * exported variables, masking order, setFailed, and every branch of the post step.
 */
import { describe, expect, it } from "vitest";
import { type PostState, runMain, STATE } from "../../src/action/main.js";
import { runPost } from "../../src/action/post.js";
import type { Docker } from "../../src/adapters/docker.js";
import { envValues, parseEnvFile } from "../../src/core/env-file.js";
import { EXPORTED_ENV, OUTPUTS } from "../../src/core/inputs.js";
import { platform } from "../helpers/fake-platform.js";
import { world } from "../helpers/memory-world.js";

const inputs = { "working-directory": "app", cleanup: "true", "export-env": "true" };

describe("runMain (in process)", () => {
  it("sets every output and exported variable, each secret masked before it is output", async () => {
    const w = world();
    const r = platform(inputs);
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.failed).toEqual([]);
    expect(Object.keys(r.outputs).sort()).toEqual(OUTPUTS.map((o) => o.name).sort());
    // The fixed names, and the Vite frontend's own (no other framework's).
    expect(Object.keys(r.exported).sort()).toEqual(
      [...EXPORTED_ENV, "VITE_CONVEX_URL", "VITE_CONVEX_SITE_URL"].sort(),
    );
    const adminKey = r.outputs["admin-key"]!;
    expect(adminKey).toMatch(/^app\|[0-9a-f]{74}$/);
    const masked = r.calls.indexOf(`mask ${adminKey}`);
    expect(masked).toBeGreaterThanOrEqual(0);
    expect(masked).toBeLessThan(r.calls.indexOf("output admin-key"));
    expect(masked).toBeLessThan(r.calls.indexOf("export CONVEX_SELF_HOSTED_ADMIN_KEY"));
    // One definition of CONVEX_SELF_HOSTED_URL: the API on this host, as in .env.local.
    expect(r.exported.CONVEX_SELF_HOSTED_URL).toBe("http://127.0.0.1:3210");
    expect(envValues(parseEnvFile(w.files.get("/w/app/.env.local")!.content)).CONVEX_SELF_HOSTED_URL).toBe(
      "http://127.0.0.1:3210",
    );
    expect(r.exported.VITE_CONVEX_URL).toBe("http://localhost:3210");
    expect(r.summary[0]).toContain("Self-hosted Convex is up");
    // The post step's state: where the containers are and whether to remove them.
    const post = JSON.parse(r.state[STATE.teardown]!) as PostState;
    expect(post).toEqual({
      workingDirectory: "/w/app",
      composeFile: "/w/app/docker-compose.convex.yml",
      composeProject: "convex-app",
      cleanup: true,
    });
    expect(r.state[STATE.isPost]).toBe("true");
  });

  it("export-env: false exports nothing; outputs are still set", async () => {
    const w = world();
    const r = platform({ ...inputs, "export-env": "false" });
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.exported).toEqual({});
    expect(r.outputs["convex-url"]).toBe("http://localhost:3210");
  });

  it("a pull warning reaches the job summary (one warnings list for the whole run)", async () => {
    const w = world();
    w.deps.docker.pull = async (image: string) => `Pulling ${image} failed; using the copy on this host.`;
    const r = platform(inputs);
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.summary[0]).toMatch(/Warnings[\s\S]*Pulling ghcr\.io\/get-convex\/convex-backend:\w+ failed/);
  });

  it("a convex CLI newer than the backend's release: a warning in the job summary, not a failure", async () => {
    const w = world();
    const old = "ghcr.io/get-convex/convex-backend:83d54d5dac8c8b140479096f49a4bd2f1a7aa94d";
    const r = platform({ ...inputs, "backend-image": old });
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.failed).toEqual([]);
    expect(r.outputs["convex-url"]).toBe("http://localhost:3210");
    expect(r.summary[0]).toMatch(
      /Warnings[\s\S]*convex CLI 1\.48\.0 is newer than backend release precompiled-2026-01-22-83d54d5[\s\S]*`command: upgrade` with `release: 652b828b5129e6cdbcaa3c20efa8d116d09ff3bf`[\s\S]*npm install --save-exact convex@1\.31\.6/,
    );
  });

  it("bad inputs: setFailed with every problem, no state for post", async () => {
    const w = world();
    const r = platform({ ...inputs, "api-port": "x", cleanup: "maybe" });
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]).toMatch(
      /api-port: "x" must be a whole number[\s\S]*cleanup: "maybe" is not a boolean/,
    );
    expect(r.state[STATE.teardown]).toBeUndefined();
    expect(w.events).toEqual([]);
  });

  it("a failure after the files are written leaves post a state to clean up", async () => {
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY, exitsAtMs: 0 });
    const r = platform({ ...inputs, cleanup: "false" });
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w" }, () => w.deps);
    expect(r.failed[0]).toMatch(/backend container exited/);
    expect(JSON.parse(r.state[STATE.teardown]!)).toMatchObject({
      composeProject: "convex-app",
      cleanup: false,
    });
  });
});

describe("runPost (in process)", () => {
  const saved = (cleanup: boolean): Record<string, string> => ({
    [STATE.isPost]: "true",
    [STATE.teardown]: JSON.stringify({
      workingDirectory: "/w/app",
      composeFile: "/w/app/docker-compose.convex.yml",
      composeProject: "convex-app",
      cleanup,
    } satisfies PostState),
  });
  const fakeDocker = (calls: string[], fail = false) =>
    ({
      logs: async () => "backend log line",
      ps: async () => [{ service: "backend", state: "running" }],
      volumes: async () => ["convex-app_data"],
      down: async (t: { project: string }, volumes: boolean) => {
        if (fail) throw new Error("docker compose down failed: daemon gone");
        calls.push(`down ${t.project} ${volumes}`);
      },
    }) as unknown as Docker;

  it("tears down what main recorded: logs, then down --volumes", async () => {
    const calls: string[] = [];
    const r = platform({ cleanup: "true" }, saved(true));
    await runPost(r.platform, {}, () => fakeDocker(calls));
    expect(calls).toEqual(["down convex-app true"]);
    expect(r.calls).toContain("info backend log line");
    expect(r.failed).toEqual([]);
  });

  it("no state (main stopped before writing files): nothing to stop, one line, no docker call", async () => {
    const calls: string[] = [];
    const r = platform({ cleanup: "true", "working-directory": "app" }, { [STATE.isPost]: "true" });
    await runPost(r.platform, {}, () => fakeDocker(calls));
    expect(calls).toEqual([]);
    expect(r.calls).toEqual(["info Nothing to clean up: the main step started no containers."]);
  });

  it("cleanup: false (recorded by main, parsed once) keeps the containers", async () => {
    const calls: string[] = [];
    // The post step's own input text does not matter: main's parsed value is the rule.
    const r = platform({ cleanup: "nope" }, saved(false));
    await runPost(r.platform, {}, () => fakeDocker(calls));
    expect(calls).toEqual([]);
    expect(r.calls).toEqual(["info cleanup is off: convex-app keeps running."]);
  });

  it("a failing cleanup is a warning, never setFailed", async () => {
    const r = platform({}, saved(true));
    await runPost(r.platform, {}, () => fakeDocker([], true));
    expect(r.failed).toEqual([]);
    expect(r.calls.at(-1)).toBe("warn Cleanup failed: Error: docker compose down failed: daemon gone");
  });
});

describe("command: prune", () => {
  it("in a namespace with no preview of this repository: says so, writes the summary, fails nothing", async () => {
    const { MemoryCluster } = await import("../helpers/memory-cluster.js");
    const w = world();
    w.deps.kubectl = new MemoryCluster().kubectl;
    w.deps.env = { GITHUB_REPOSITORY: "acme/shop" }; // as createSetupDeps passes the environment on
    const r = platform({ command: "prune", target: "kubernetes", namespace: "previews", "max-age": "7d" });
    w.deps.logger = r.platform.logger; // as createSetupDeps is given the platform's logger
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w", GITHUB_REPOSITORY: "acme/shop" }, () => w.deps);
    expect(r.failed).toEqual([]);
    expect(r.calls).toContain("info No preview of acme/shop in namespace previews: nothing to prune.");
    expect(r.summary).toEqual(["### Convex previews pruned\n\nNone.\n\nKept: 0.\n"]);
    expect(r.state[STATE.teardown]).toBeUndefined();
  });

  it("with target connect: fails saying there is nothing to prune there", async () => {
    const w = world();
    const r = platform({
      command: "prune",
      target: "connect",
      "convex-url": "https://a.example.com",
      "site-url": "https://b.example.com",
      "admin-key": `app|${"01".repeat(37)}`,
    });
    w.deps.env = { GITHUB_REPOSITORY: "acme/shop" };
    await runMain(r.platform, { GITHUB_WORKSPACE: "/w", GITHUB_REPOSITORY: "acme/shop" }, () => w.deps);
    expect(r.failed).toEqual([expect.stringMatching(/^target connect has nothing to prune/)]);
  });
});
