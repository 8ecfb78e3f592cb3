/** The command line through real processes, against the fake docker and the stand-in backend. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { cli, ports as portFlags } from "../helpers/day-two-sandbox.js";
import { Sandbox } from "../helpers/sandbox.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});

async function sandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  return s;
}

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

  it("run from the functions folder: the app's folder is used, and said; nothing is written in convex/", async () => {
    const s = await sandbox();
    const functions = join(s.app, "convex");
    const before = readdirSync(functions).sort();
    const up = await cli(s, ["up", ...portFlags(s), "--no-verify"], {}, functions);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain(
      `Using the app in .. (${s.app}): the nearest package.json above this folder that lists convex.`,
    );
    expect(readdirSync(functions).sort()).toEqual(before);
    for (const f of [".env.local", ".env.convex.local", "docker-compose.convex.yml"])
      expect(existsSync(join(s.app, f)), f).toBe(true);
    // One project, named after the app's folder (not convex-convex).
    const status = await cli(s, ["status"], {}, functions);
    expect(status.stdout).toMatch(/^Project convex-app /);
    expect(status.code).toBe(0);
    expect((await cli(s, ["down"], {}, functions)).stderr).toContain("Stopped convex-app.");
  });

  it("green after red: status and verify say that the last up failed at its deploy", async () => {
    const s = await sandbox();
    const ports = portFlags(s);
    const failed = await cli(s, ["up", ...ports], { FAKE_CONVEX_FAIL: "1" });
    expect(failed.code).toBe(1);
    const status = await cli(s, ["status"]);
    // The backend answers, but the record says the functions were not deployed.
    expect(status.stdout).toContain(`API http://127.0.0.1:${s.ports.api}/version: answers`);
    expect(status.stdout).toMatch(
      /Last up \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: FAILED in "Deploy functions"; convex\/ was not deployed, so the backend may run older functions or none\. Rerun up\./,
    );
    const verify = await cli(s, ["verify"]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/✗ Last up .*: FAILED in "Deploy functions"/);
    expect(JSON.parse(readFileSync(join(s.app, ".convex-last-up.json"), "utf8"))).toMatchObject({
      outcome: "failed",
      failedPhase: "Deploy functions",
      deployed: false,
      functions: { dir: "convex" },
    });
    // A good run replaces the record.
    const again = await cli(s, ["up", ...ports]);
    expect(again.code, again.stderr).toBe(0);
    expect((await cli(s, ["status"])).stdout).toMatch(/Last up .* UTC: deployed convex\/\./);
    expect((await cli(s, ["verify"])).code).toBe(0);
  });

  it("--no-deploy: status and verify say that no functions were deployed", async () => {
    const s = await sandbox();
    const up = await cli(s, ["up", ...portFlags(s), "--no-deploy"]);
    expect(up.code, up.stderr).toBe(0);
    expect((await cli(s, ["status"])).stdout).toMatch(
      /Last up .* UTC: started the backend without deploying \(--no-deploy\); convex\/ was not deployed by it\./,
    );
    const verify = await cli(s, ["verify"]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(
      "! No functions are deployed on this backend (the last up ran with --no-deploy): it answers, but the app's queries and mutations are not there.",
    );
    expect(verify.stdout).toMatch(/works as a client sees it, with no functions deployed\.$/m);
  });

  it("down when nothing runs says so; a second down too", async () => {
    const s = await sandbox();
    const up = await cli(s, ["up", ...portFlags(s), "--no-deploy", "--no-verify"]);
    expect(up.code, up.stderr).toBe(0);
    const down = await cli(s, ["down"]);
    expect(down.stderr).toContain("Stopped convex-app.");
    const again = await cli(s, ["down"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Nothing was running: project convex-app has no containers.");
    expect(again.stderr).not.toContain("Stopped");
  });

  it("in Coder, a failed verify still prints what runs where, with advice for the URL style", async () => {
    const s = await sandbox();
    const coder = {
      CODER: "true",
      CODER_WORKSPACE_NAME: "ws",
      CODER_WORKSPACE_OWNER_NAME: "alice",
      CODER_WORKSPACE_AGENT_NAME: "main",
      VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.invalid",
    };
    const run = await cli(s, ["up", ...portFlags(s), "--url-style", "port"], coder);
    expect(run.code).toBe(1);
    // The summary first (stdout), then the failure (stderr), in the CLI's words.
    expect(run.stdout).toContain("Convex runs, but verification failed (below).");
    expect(run.stdout).toContain(`API        https://${s.ports.api}--main--ws--alice.invalid`);
    expect(run.stdout).toContain(`share ports ${s.ports.api} and ${s.ports.site} with level Public`);
    expect(run.stderr).toMatch(/✗ Verification failed:/);
    expect(run.stderr).toContain("Rerun with --no-verify to skip them.");
    expect(run.stderr).not.toContain("verify: false");
  });

  it("up --help lists up's flags, not down's", async () => {
    const s = await sandbox();
    const help = await cli(s, ["up", "--help"]);
    expect(help.stdout).toContain("--no-deploy");
    expect(help.stdout).not.toMatch(/--drop-database|--preview-prefix/);
    const down = await cli(s, ["down", "--help"]);
    expect(down.stdout).toMatch(/--drop-database[\s\S]*--preview-prefix/);
    const typo = await cli(s, ["up", "--no-deploi"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown flag --no-deploi. Did you mean --no-deploy?");
  });

  it("doctor reports each check and fails on a broken one", async () => {
    const s = await sandbox({ convex: false });
    const run = await cli(s, ["doctor"], { CODER: "true", CODER_WORKSPACE_NAME: "ws" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ Node\.js/);
    // In the words of the CLI: flags, not the action's inputs.
    expect(run.stdout).toMatch(
      /✗ Invalid configuration[\s\S]*- --coder-wildcard-domain: A Coder workspace was detected[\s\S]*-> Set --coder-wildcard-domain .* or give --convex-url and --site-url/,
    );
    const local = await cli(s, ["doctor", "--no-deploy", ...portFlags(s)]);
    expect(local.stdout).toMatch(/✓ docker compose 2\.29\.7/);
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
