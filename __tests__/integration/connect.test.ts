/**
 * target: connect: a backend that already runs (here the stand-in, started by the test as a
 * Coder sidecar or a Helm release would be), through the bundle, with no docker on PATH.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, type RunResult, Sandbox } from "../helpers/sandbox.js";

const SECRET = "cd".repeat(32);
const sandboxes: Sandbox[] = [];
const backends: ChildProcess[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) b.kill("SIGKILL");
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

/** The backend, running before the action does (its own secret, its own ports). */
async function runningBackend(s: Sandbox): Promise<{ api: string; site: string }> {
  const api = `http://127.0.0.1:${s.ports.api}`;
  const site = `http://127.0.0.1:${s.ports.site}`;
  const child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
    env: {
      PATH: process.env.PATH,
      INSTANCE_NAME: "preview-1",
      INSTANCE_SECRET: SECRET,
      STANDIN_API_PORT: String(s.ports.api),
      STANDIN_SITE_PORT: String(s.ports.site),
      STANDIN_DATA: join(s.root, "backend-data"),
      CONVEX_SITE_ORIGIN: site,
    },
    stdio: "ignore",
  });
  backends.push(child);
  // Until it answers (a busy machine may take seconds to start Node), bounded.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const ok = await fetch(`${api}/version`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { api, site };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the stand-in did not start");
}

describe("target: connect (the bundle, no docker)", () => {
  it("configures and deploys a running backend: variables in one request, .env.local, outputs; nothing to stop", async () => {
    const s = await Sandbox.create({ docker: false });
    sandboxes.push(s);
    const { api, site } = await runningBackend(s);
    const env = s.actionEnv({
      target: "connect",
      "convex-url": api,
      "site-url": site,
      "instance-name": "preview-1",
      "instance-secret": SECRET,
      "env-vars": "GREETING=hello",
    });
    const main = await s.runAction(env, process.execPath);
    expect(main.code, text(main)).toBe(0);
    expect(s.dockerCalls()).toEqual([]);
    const requests = JSON.parse(
      `[${readFileSync(join(s.root, "backend-data/requests.jsonl"), "utf8").trim().split("\n").join(",")}]`,
    ) as Array<{ path: string; body?: string; auth?: string }>;
    const updates = requests.filter((r) => r.path === "/api/update_environment_variables");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.auth).toBe("valid");
    expect(JSON.parse(updates[0]!.body!).changes.map((c: { name: string }) => c.name)).toContain("GREETING");
    expect(dotenvParse(readFileSync(join(s.app, ".env.local"))).CONVEX_SELF_HOSTED_URL).toBe(api);
    expect(s.outputs()).toMatchObject({
      "convex-url": api,
      "site-url": site,
      deployed: "true",
      "compose-file": "",
    });
    // No backend files here: its secret and compose file live where it runs.
    expect(existsSync(join(s.app, ".env.convex.local"))).toBe(false);
    expect(existsSync(join(s.app, "docker-compose.convex.yml"))).toBe(false);
    expect(main.stdout).toContain("✓ the site proxy serves the deployment's JWKS");
    const post = await s.runAction(s.postEnv(env), process.execPath);
    expect(post.stdout).toContain("Nothing to clean up");
  });

  it("a wrong secret: a clear error before anything is set", async () => {
    const s = await Sandbox.create({ docker: false });
    sandboxes.push(s);
    const { api, site } = await runningBackend(s);
    const run = await s.runAction(
      s.actionEnv({
        target: "connect",
        "convex-url": api,
        "site-url": site,
        "instance-name": "preview-1",
        "instance-secret": "ef".repeat(32),
      }),
      process.execPath,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::The backend at http:\/\/127\.0\.0\.1:\d+ refused the admin key .*Nothing was set\./,
    );
    const requests = readFileSync(join(s.root, "backend-data/requests.jsonl"), "utf8");
    expect(requests).not.toContain("update_environment_variables");
  });

  it("an unreachable URL: the wait says so; missing inputs are config errors", async () => {
    const s = await Sandbox.create({ docker: false });
    sandboxes.push(s);
    const run = await s.runAction(
      s.actionEnv({
        target: "connect",
        "convex-url": `http://127.0.0.1:${s.ports.api}`,
        "site-url": `http://127.0.0.1:${s.ports.site}`,
        "instance-secret": SECRET,
        "wait-timeout": "2",
      }),
      process.execPath,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/did not answer GET http:\/\/127\.0\.0\.1:\d+\/version within 2 s/);
    const bad = await s.runAction(s.actionEnv({ target: "connect" }), process.execPath);
    expect(bad.stdout).toMatch(/target: connect needs convex-url and site-url/);
    expect(bad.stdout).toMatch(/target: connect needs instance-secret \(or admin-key\)/);
  });
});
