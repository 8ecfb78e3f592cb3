/** The command line through real processes, against the fake docker and the stand-in backend. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "../helpers/sandbox.js";

// tsx runs the CLI from source; resolved here because the CLI's cwd is the sandboxed app.
const TSX = import.meta.resolve("tsx");
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});

function cli(s: Sandbox, args: string[], extraEnv: Record<string, string> = {}) {
  const env: Record<string, string> = {
    PATH: `${s.bin}:${process.env.PATH}`,
    HOME: s.root,
    FAKE_DOCKER_STATE: s.dockerState,
    FAKE_CONVEX_LOG: s.files.convexLog,
    ...extraEnv,
  };
  return s.run(process.execPath, ["--import", TSX, join(ROOT, "src/cli/bin.ts"), ...args], env, s.app);
}

async function sandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  return s;
}
/** The sandbox's free ports as flags (tests run in parallel: never the defaults). */
const portFlags = (s: Sandbox) => [
  "--api-port",
  String(s.ports.api),
  "--site-port",
  String(s.ports.site),
  "--dashboard-port",
  String(s.ports.dashboard),
];

describe("setup-coder-convex CLI", () => {
  it("up, status, env, keys, down", async () => {
    const s = await sandbox();
    const ports = portFlags(s);
    const up = await cli(s, ["up", ...ports, "--env-vars", "GREETING=hello"]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`API        http://localhost:${s.ports.api}`);
    expect(up.stderr).toContain("▸ Deploy functions");
    const adminKey = dotenvParse(readFileSync(join(s.app, ".env.local"))).CONVEX_SELF_HOSTED_ADMIN_KEY!;
    const secret = dotenvParse(readFileSync(join(s.app, ".env.convex.local"))).INSTANCE_SECRET!;
    for (const text of [up.stdout, up.stderr]) {
      expect(text).not.toContain(adminKey);
      expect(text).not.toContain(secret);
    }

    const status = await cli(s, ["status"]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/backend\s+running/);
    expect(status.stdout).toContain("Admin key in .env.local: accepted");
    expect(status.stdout).toContain("Instance: app");
    expect(status.stdout).toContain(
      "Deployment variables (6): CONVEX_SITE_ORIGIN, GREETING, JWKS, JWT_ISSUER, JWT_PRIVATE_KEY, SITE_URL",
    );

    const env = await cli(s, ["env", "--shell", ...ports]);
    const fromBash = execFileSync(
      "bash",
      ["-c", `${env.stdout}\necho "$VITE_CONVEX_URL|$CONVEX_SITE_ORIGIN"`],
      { encoding: "utf8" },
    );
    expect(fromBash.trim()).toBe(`http://localhost:${s.ports.api}|http://localhost:${s.ports.site}`);

    const keys = await cli(s, ["keys"]);
    expect(JSON.parse(keys.stdout).keys[0]).toMatchObject({ kty: "RSA", use: "sig" });

    const logs = await cli(s, ["logs", "--tail", "5"]);
    expect(logs.code).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv.slice(-5)).toEqual([
      "logs",
      "--no-color",
      "--timestamps",
      "--tail",
      "5",
    ]);

    const down = await cli(s, ["down", "--volumes"]);
    expect(down.code, down.stderr).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv.slice(-3)).toEqual(["down", "--remove-orphans", "--volumes"]);
    const after = await cli(s, ["status"]);
    expect(after.code).toBe(1);
  });

  it("status finds a custom project name in the compose file; down is given it, as up was", async () => {
    const s = await sandbox();
    const ports = portFlags(s);
    const up = await cli(s, ["up", ...ports, "--project-name", "my-preview-7", "--no-deploy"]);
    expect(up.code, up.stderr).toBe(0);
    const status = await cli(s, ["status"]);
    expect(status.stdout).toMatch(/Project my-preview-7 /);
    expect(status.stdout).toMatch(/backend\s+running/);
    // down never takes the project from a file of the checkout (untrusted.test.ts).
    const down = await cli(s, ["down", "--project-name", "my-preview-7"]);
    expect(down.code, down.stderr).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv).toContain("my-preview-7");
  });

  it("doctor reports each check and fails on a broken one", async () => {
    const s = await sandbox({ convex: false });
    const run = await cli(s, ["doctor"], { CODER: "true", CODER_WORKSPACE_NAME: "ws" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ Node\.js/);
    expect(run.stdout).toMatch(/✓ docker compose 2\.29\.7/);
    expect(run.stdout).toMatch(
      /✗ Invalid configuration[\s\S]*- coder-wildcard-domain: A Coder workspace was detected/,
    );
    const local = await cli(s, ["doctor", "--no-deploy"]);
    expect(local.stdout).toMatch(/✓ URLs from local/);
    expect(local.stdout).toMatch(/! The convex package is not installed/);
    expect(local.stdout).toMatch(/✓ No Postgres URL/);
    expect(local.code).toBe(0);
  });

  it("bad flags: every problem, no stack trace, exit 1", async () => {
    const s = await sandbox();
    const run = await cli(s, ["up", "--instance-name", "NO GOOD", "--api-port", "x"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ Invalid configuration \(2 problems\)/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    // down works from its flags alone; nothing there is said loudly, naming the project.
    const nothing = await cli(s, ["down"]);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toMatch(
      /! Nothing to remove: no container and no volume of compose project convex-app on this host\./,
    );
    const noKey = await cli(s, ["keys"]);
    expect(noKey.stderr).toMatch(/✗ No jwt_private_key.pem in .*\n {2}-> Run `setup-coder-convex up` first/);
    const unknown = await cli(s, ["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
