/**
 * The orchestrator with in-memory fakes at every seam and a virtual clock: ordering, backoff,
 * fail-fast and masking, deterministic and without waiting. The same pipeline runs through real
 * processes in __tests__/integration.
 */
import { describe, expect, it } from "vitest";
import { describeApp } from "../src/core/app.js";
import { parseConfig, type RawInputs } from "../src/core/config.js";
import { envValues, parseEnvFile } from "../src/core/env-file.js";
import { InterruptedError } from "../src/core/errors.js";
import { setup } from "../src/setup.js";
import { BETTER_AUTH_APP, world } from "./helpers/memory-world.js";

const config = (raw: RawInputs = {}) => parseConfig({ "working-directory": "app", ...raw }, {});

describe("setup (in-memory seams, virtual clock)", () => {
  it("pulls first, checks everything, starts, sets variables, then deploys", async () => {
    const w = world({ upAfterMs: 700 });
    const result = await setup(config(), w.deps);
    expect(w.events).toEqual([
      "pull convex-backend",
      "pull convex-dashboard",
      "check",
      "locate",
      "up",
      "env 5",
      "deploy",
    ]);
    expect(result).toMatchObject({
      deployed: true,
      adminKeySource: "computed",
      keySources: { instanceSecret: "generated", jwtKey: "generated", betterAuthSecret: "none" },
    });
    // Polled every 25 ms while waiting (it answered at 700 ms: 28 sleeps).
    expect(w.sleeps).toEqual(Array(28).fill(25));
    expect(result.timings.map(([p]) => p)).toEqual([
      "Repository",
      "Check docker",
      "App",
      "Keys",
      "Postgres",
      "Write files",
      "Start containers",
      "Wait for the backend",
      "Admin key",
      "Deployment environment",
      "Deploy functions",
      "Verify",
    ]);
  });

  it("secret files are 0600, the compose file 0644; every secret is masked and none is logged", async () => {
    const w = world();
    const result = await setup(config(), w.deps);
    const mode = (f: string) => w.files.get(`/w/app/${f}`)?.mode;
    for (const f of [".env.convex.local", ".env.convex.deployment", ".env.local", "jwt_private_key.pem"])
      expect(mode(f), f).toBe(0o600);
    expect(mode("docker-compose.convex.yml")).toBe(0o644);
    const secret = envValues(parseEnvFile(w.files.get("/w/app/.env.convex.local")!.content)).INSTANCE_SECRET!;
    const pem = w.files.get("/w/app/jwt_private_key.pem")!.content;
    for (const s of [result.adminKey, secret, pem]) expect(w.masked).toContain(s);
    const log = w.lines.join("\n");
    for (const s of [
      result.adminKey,
      secret,
      ...pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")),
    ]) {
      expect(log).not.toContain(s);
    }
  });

  it("never healthy: times out after wait-timeout with the logs, polling every 25 ms meanwhile", async () => {
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY });
    await expect(setup(config({ "wait-timeout": "5" }), w.deps)).rejects.toThrow(
      /did not answer GET http:\/\/127\.0\.0\.1:3210\/version within 5 s/,
    );
    // The first 10 s every 25 ms, no faster (backing off after that, up to 250 ms).
    expect(new Set(w.sleeps)).toEqual(new Set([25]));
    expect(w.sleeps.length).toBe(5000 / 25);
    expect(w.now()).toBeGreaterThanOrEqual(5000);
    expect(w.lines.join("\n")).toContain("backend log line");
    expect(w.events).not.toContain("env 5");
  });

  it("after 10 s of waiting the poll backs off, doubling up to every 250 ms", async () => {
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY });
    await expect(setup(config({ "wait-timeout": "12" }), w.deps)).rejects.toThrow(/within 12 s/);
    expect(w.sleeps.slice(0, 400)).toEqual(Array(400).fill(25));
    expect(w.sleeps.slice(400, 406)).toEqual([50, 100, 200, 250, 250, 250]);
  });

  it("a container that exits fails fast, long before the timeout", async () => {
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY, exitsAtMs: 0 });
    await expect(setup(config({ "wait-timeout": "120" }), w.deps)).rejects.toThrow(
      /backend container exited with code 1/,
    );
    expect(w.now()).toBeLessThan(3000);
  });

  it("a rerun is idempotent: every file byte-identical, same admin key, nothing regenerated", async () => {
    const w = world();
    const first = await setup(config(), w.deps);
    const snapshot = new Map(w.files);
    const second = await setup(config(), w.deps);
    expect(new Map(w.files)).toEqual(snapshot);
    expect(second.adminKey).toBe(first.adminKey);
    expect(second.keySources).toEqual({
      instanceSecret: "reused",
      jwtKey: "reused",
      betterAuthSecret: "none",
    });
    expect(second.warnings).toEqual([]);
  });

  it.each([
    // The app's CLI (1.48.0) against a release from before evaluate_push: warned, and the run goes on.
    [
      "ghcr.io/get-convex/convex-backend:f50e8a5cba652a8bf629fcf47045b068282fc80a",
      /^The app's convex CLI 1\.48\.0 is newer than backend release precompiled-2025-11-03-f50e8a5 \(2025-11-03\) understands \(it serves 1\.19\.1 to 1\.29\.1\): .*\n {2}-> Upgrade the backend to release precompiled-2026-08-22-652b828: `command: upgrade` with `release: 652b828b5129e6cdbcaa3c20efa8d116d09ff3bf`; or pin the app's CLI to what the release serves: `npm install --save-exact convex@1\.29\.1`\.$/,
      undefined,
    ],
    // The pinned release serves it: said, not warned.
    [undefined, undefined, /^convex 1\.48\.0 can deploy to backend release precompiled-2026-08-22-652b828 /],
    // An image the table does not know: said, not warned.
    [
      "ghcr.io/get-convex/convex-backend:latest",
      undefined,
      /is not a release this tool knows .* was not checked/,
    ],
  ])("backend-image %s: the app's convex CLI against the release's table", async (image, warned, said) => {
    const w = world();
    const result = await setup(config(image ? { "backend-image": image } : {}), w.deps);
    expect(result.deployed).toBe(true);
    const about = result.warnings.filter((m) => /backend release|not a release this tool knows/.test(m));
    if (warned) expect(about).toEqual([expect.stringMatching(warned)]);
    else expect(about).toEqual([]);
    if (said) expect(w.lines.filter((l) => said.test(l))).toHaveLength(1);
  });

  it("deploy: false skips the CLI entirely", async () => {
    const w = world();
    const result = await setup(config({ deploy: "false" }), w.deps);
    expect(result.deployed).toBe(false);
    expect(w.events).not.toContain("locate");
    expect(w.events).not.toContain("deploy");
  });

  it("a signal stops the run at the next phase: one error saying what was done and what was not", async () => {
    const w = world({ upAfterMs: 700 });
    const stop = new AbortController();
    const up = w.deps.docker.up;
    w.deps.docker.up = async (...args) => {
      await up(...args);
      stop.abort("SIGTERM"); // the job is cancelled while the containers start
    };
    const error = await setup(config(), { ...w.deps, stop: stop.signal }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toMatch(
      /^Interrupted by SIGTERM during "Wait for the backend"\. Done: Repository, Check docker, App, Keys, Postgres, Write files, Start containers\. Not finished: Wait for the backend/,
    );
    expect(w.events).not.toContain("deploy");
    expect(w.events.filter((e) => e.startsWith("env"))).toEqual([]);
  });

  it("the lock is taken after the repository check and released at the end, even on failure", async () => {
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY, exitsAtMs: 0 });
    const calls: string[] = [];
    await expect(
      setup(config(), {
        ...w.deps,
        lock: async (dir) => {
          calls.push(`lock ${dir}`);
          return { release: async () => void calls.push("release") };
        },
      }),
    ).rejects.toThrow(/exited/);
    expect(calls).toEqual(["lock /w/app", "release"]);
  });
});

describe("setup with Better Auth (in-memory seams)", () => {
  const kept = (w: ReturnType<typeof world>) =>
    envValues(parseEnvFile(w.files.get("/w/app/.env.convex.local")!.content)).BETTER_AUTH_SECRET;

  it("BETTER_AUTH_SECRET: generated once (32 bytes, base64), kept 0600 beside INSTANCE_SECRET, masked, never logged; no JWT key", async () => {
    const w = world({ app: BETTER_AUTH_APP });
    const result = await setup(config(), w.deps);
    const secret = kept(w)!;
    expect(Buffer.from(secret, "base64")).toHaveLength(32);
    expect(w.files.get("/w/app/.env.convex.local")!.mode).toBe(0o600);
    expect(w.vars.BETTER_AUTH_SECRET).toBe(secret);
    expect(w.vars.SITE_URL).toBe("http://localhost:5173");
    expect(w.vars).not.toHaveProperty("JWKS");
    expect(w.files.has("/w/app/jwt_private_key.pem")).toBe(false);
    expect(w.masked).toContain(secret);
    expect(w.lines.join("\n")).not.toContain(secret);
    expect(result.keySources).toEqual({
      instanceSecret: "generated",
      jwtKey: "none",
      betterAuthSecret: "generated",
    });
  });

  it("reruns keep BETTER_AUTH_SECRET byte-identical: every file, the value sent, nothing regenerated", async () => {
    const w = world({ app: BETTER_AUTH_APP });
    await setup(config(), w.deps);
    const snapshot = new Map(w.files);
    const first = w.vars.BETTER_AUTH_SECRET;
    for (let i = 0; i < 2; i++) {
      const again = await setup(config(), w.deps);
      expect(again.keySources.betterAuthSecret).toBe("reused");
      expect(again.warnings).toEqual([]);
    }
    expect(new Map(w.files)).toEqual(snapshot);
    expect(w.vars.BETTER_AUTH_SECRET).toBe(first);
  });

  it("better-auth-secret: taken when nothing is kept, refused when it differs from the kept one", async () => {
    const w = world({ app: BETTER_AUTH_APP });
    const mine = "m".repeat(40);
    const result = await setup(config({ "better-auth-secret": mine }), w.deps);
    expect(result.keySources.betterAuthSecret).toBe("input");
    expect(kept(w)).toBe(mine);
    expect(w.masked).toContain(mine);
    await expect(setup(config({ "better-auth-secret": "n".repeat(40) }), w.deps)).rejects.toThrow(
      /better-auth-secret differs from BETTER_AUTH_SECRET in \/w\/app\/\.env\.convex\.local; refusing to replace it/,
    );
    expect(kept(w)).toBe(mine);
  });

  it("a deployment that has another BETTER_AUTH_SECRET is never overwritten by a generated one", async () => {
    const w = world({ app: BETTER_AUTH_APP });
    w.vars.BETTER_AUTH_SECRET = "theirs-".repeat(6);
    await expect(setup(config(), w.deps)).rejects.toThrow(
      /already has another BETTER_AUTH_SECRET than the one setup-coder-convex keeps; refusing to replace it/,
    );
    expect(w.vars.BETTER_AUTH_SECRET).toBe("theirs-".repeat(6));
    expect(w.events.filter((e) => e.startsWith("env"))).toEqual([]);
  });

  it("your own BETTER_AUTH_SECRET (or AUTH_SECRET) in env-vars: used, nothing generated or kept; with better-auth-secret too: refused", async () => {
    const w = world({ app: BETTER_AUTH_APP });
    const result = await setup(config({ "env-vars": `AUTH_SECRET=${"a".repeat(40)}` }), w.deps);
    expect(result.keySources.betterAuthSecret).toBe("yours");
    expect(w.vars).not.toHaveProperty("BETTER_AUTH_SECRET");
    expect(kept(w)).toBeUndefined();
    expect(w.lines.join("\n")).toContain("AUTH_SECRET: yours (env-vars)");
    await expect(
      setup(
        config({ "env-vars": `BETTER_AUTH_SECRET=${"a".repeat(40)}`, "better-auth-secret": "b".repeat(40) }),
        w.deps,
      ),
    ).rejects.toThrow(/better-auth-secret and BETTER_AUTH_SECRET in env-vars both give Better Auth's secret/);
  });

  it("SITE_URL read by the functions with no frontend URL to set (no framework, no frontend-url): stopped before anything starts", async () => {
    const pkg = JSON.stringify({ dependencies: { convex: "1.48.0", "@convex-dev/better-auth": "0.10.0" } });
    const w = world({ app: { ...BETTER_AUTH_APP, packageJsons: new Map([[".", pkg]]) } });
    await expect(setup(config(), w.deps)).rejects.toThrow(
      /convex\/auth\.ts reads SITE_URL, the frontend's URL \(Better Auth's trusted origin\), which is set nowhere: give frontend-url/,
    );
    expect(w.events).not.toContain("up");
    const ok = world({ app: { ...BETTER_AUTH_APP, packageJsons: new Map([[".", pkg]]) } });
    await setup(config({ "frontend-url": "https://app.example.com" }), ok.deps);
    expect(ok.vars.SITE_URL).toBe("https://app.example.com");
  });
});

describe("setup stops on doctor's failures before anything starts (one list of checks)", () => {
  const app = (over: Partial<Parameters<typeof describeApp>[0]>) => () =>
    describeApp({
      workingDirectory: ".",
      packageJsons: new Map([[".", JSON.stringify({ dependencies: { convex: "1.48.0" } })]]),
      pnpmWorkspaces: new Map(),
      lockfiles: new Set(["package-lock.json"]),
      sources: new Map([["convex/messages.ts", "export const x = 1;"]]),
      ...over,
    });

  it("no functions folder: stopped (nothing started, no file written) unless deploy is off", async () => {
    const w = world();
    w.deps.readApp = app({ sources: new Map() });
    await expect(setup(config(), w.deps)).rejects.toThrow(
      /The functions folder convex\/ is missing: convex deploy would have nothing to deploy\. Nothing was started\.\n {2}-> .*rerun with deploy: false/,
    );
    expect(w.events).not.toContain("up");
    expect([...w.files.keys()]).toEqual([]);
    // deploy: false makes it irrelevant: a warning, and the backend starts.
    const result = await setup(config({ deploy: "false" }), w.deps);
    expect(result.warnings.join("\n")).toMatch(/convex\/ is missing, so convex deploy has nothing to deploy/);
    expect(w.events).toContain("up");
  });

  it("a port held by something else: stopped in Check docker, in the action's words", async () => {
    const w = world();
    w.deps.portFree = async (port) => port !== 3211;
    w.deps.docker.ps = async () => [];
    await expect(setup(config(), w.deps)).rejects.toThrow(
      /Port 3211 on this host is in use by something else\. Nothing was started\.\n {2}-> .*choose other ports with api-port \/ site-port \/ dashboard-port and a distinct project-name\./,
    );
    expect(w.events).not.toContain("up");
  });

  it("a working directory inside the app (its functions folder): stopped, nothing written there", async () => {
    const w = world();
    w.deps.files.isDirectory = async () => true;
    w.deps.readApp = app({
      workingDirectory: "app/convex",
      packageJsons: new Map([["app", JSON.stringify({ dependencies: { convex: "1.48.0" } })]]),
      sources: new Map([["app/convex/messages.ts", "export const x = 1;"]]),
    });
    await expect(
      setup(config({ "working-directory": "app/convex" }), { ...w.deps, workspace: "/w" }),
    ).rejects.toThrow(
      /working-directory: app\/convex is inside the app at app \(its functions folder\), whose package\.json lists convex[\s\S]*-> Run it from app \(`cd \.\.`\)/,
    );
    expect(w.events).not.toContain("up");
    expect([...w.files.keys()]).toEqual([]);
  });
});

describe("long waits say what they wait for (virtual clock)", () => {
  const waitingLines = (lines: string[]) => lines.filter((l) => l.startsWith("Still waiting"));

  it("a backend that answers quickly: no extra line", async () => {
    const w = world({ upAfterMs: 700 });
    await setup(config(), w.deps);
    expect(waitingLines(w.lines)).toEqual([]);
  });

  it("a slow first start: one line every 10 s while the backend is waited for", async () => {
    const w = world({ upAfterMs: 25_000 });
    await setup(config({ "wait-timeout": "60" }), w.deps);
    expect(waitingLines(w.lines)).toEqual([
      "Still waiting for the backend to answer GET http://127.0.0.1:3210/version (10 s so far).",
      "Still waiting for the backend to answer GET http://127.0.0.1:3210/version (20 s so far).",
    ]);
    // Inside the phase it belongs to.
    const phase = w.lines.indexOf("# Wait for the backend");
    expect(w.lines.indexOf(waitingLines(w.lines)[0]!)).toBeGreaterThan(phase);
  });

  it("a slow deploy", async () => {
    const w = world();
    const deploy = w.deps.convexCli.deploy;
    w.deps.convexCli.deploy = async (...args) => {
      await w.deps.clock.sleep(15_000);
      return deploy(...args);
    };
    await setup(config(), w.deps);
    expect(waitingLines(w.lines)).toEqual(["Still waiting for convex deploy (10 s so far)."]);
  });

  it("a slow image pull, waited for before the containers start", async () => {
    const w = world();
    // The pull goes on after everything else is ready (the compose file is its last write).
    let ready!: () => void;
    const written = new Promise<void>((r) => {
      ready = r;
    });
    const write = w.deps.files.write;
    w.deps.files.write = async (path, content, mode) => {
      await write(path, content, mode);
      if (path.endsWith("docker-compose.convex.yml")) ready();
    };
    w.deps.ensureImages = async () => {
      await written;
      for (let i = 0; i < 25; i++) await w.deps.clock.sleep(1000);
    };
    await setup(config(), w.deps);
    expect(waitingLines(w.lines)[0]).toMatch(
      /^Still waiting for the image pull \(ghcr\.io\/get-convex\/convex-backend:.*\) \(10 s so far\)\.$/,
    );
  });
});
