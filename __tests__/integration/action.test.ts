/**
 * The whole pipeline through real processes: the bundled action (dist/) runs as the Actions
 * runner would run it, with a fake docker on PATH that starts the stand-in backend.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { decodeAdminKey } from "../../src/core/admin-key.js";
import { type RunResult, Sandbox, visible } from "../helpers/sandbox.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
async function sandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  return s;
}

const mode = (path: string) => statSync(path).mode & 0o777;

function expectNoSecrets(run: RunResult, secrets: string[]) {
  const text = visible(run);
  for (const secret of secrets.filter((s) => s.length >= 8)) expect(text).not.toContain(secret);
}

describe("the action, end to end (from source; the bundle where it says so)", () => {
  it("sets up, configures, deploys, exports; the post step tears down", async () => {
    const s = await sandbox();
    const env = s.actionEnv({ "env-vars": "OPENAI_API_KEY=sk-test-value-123\nFEATURE_FLAG=on\nNOT_YET=" });
    const main = await s.runAction(env);
    expect(main.code, visible(main)).toBe(0);
    expect(main.stdout).toContain("::warning::Not set (empty value): NOT_YET.");

    const out = s.outputs();
    const api = `http://localhost:${s.ports.api}`;
    const site = `http://localhost:${s.ports.site}`;
    expect(out).toMatchObject({
      "convex-url": api,
      "site-url": site,
      "dashboard-url": `http://localhost:${s.ports.dashboard}`,
      "instance-name": "app",
      "postgres-database": "",
      "env-file": join(s.app, ".env.convex.local"),
      "compose-file": join(s.app, "docker-compose.convex.yml"),
      "compose-project": `t${s.ports.api}`,
      deployed: "true",
    });
    const backendEnv = dotenvParse(readFileSync(join(s.app, ".env.convex.local")));
    const secret = backendEnv.INSTANCE_SECRET!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const adminKey = out["admin-key"]!;
    expect(decodeAdminKey(adminKey, secret, "app").memberId).toBe(0);

    // CONVEX_SELF_HOSTED_URL is the API on this host everywhere (.env.local, export, `env`).
    expect(s.exported()).toEqual({
      CONVEX_SELF_HOSTED_URL: `http://127.0.0.1:${s.ports.api}`,
      CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
      // The app is a Vite app: its framework's names (the convex CLI's table), and no others.
      VITE_CONVEX_URL: api,
      VITE_CONVEX_SITE_URL: site,
      CONVEX_CLOUD_ORIGIN: api,
      CONVEX_SITE_ORIGIN: site,
    });

    // Files: content and modes.
    for (const f of [".env.convex.local", ".env.convex.deployment", ".env.local", "jwt_private_key.pem"]) {
      expect(mode(join(s.app, f)), f).toBe(0o600);
    }
    expect(mode(join(s.app, "docker-compose.convex.yml"))).toBe(0o644);
    const pem = readFileSync(join(s.app, "jwt_private_key.pem"), "utf8");
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(dotenvParse(readFileSync(join(s.app, ".env.local")))).toEqual({
      CONVEX_SELF_HOSTED_URL: `http://127.0.0.1:${s.ports.api}`,
      CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
      VITE_CONVEX_URL: api,
      VITE_CONVEX_SITE_URL: site,
    });
    const deploymentEnv = dotenvParse(readFileSync(join(s.app, ".env.convex.deployment")));
    expect(deploymentEnv).toMatchObject({ CONVEX_SITE_ORIGIN: site, JWT_ISSUER: site });
    const gitignore = readFileSync(join(s.app, ".gitignore"), "utf8");
    for (const f of [".env.convex.local", ".env.convex.deployment", ".env.local", "jwt_private_key.pem"])
      expect(gitignore).toContain(f);
    const compose = parseYaml(readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8"));
    expect(compose.services.backend.environment.CONVEX_CLOUD_ORIGIN).toBe(api);
    expect(compose.services["origin-forwarder"].network_mode).toBe("service:backend");
    expect(readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8")).not.toContain(secret);

    // The backend saw the env vars in ONE transaction, before the deploy, with a valid key.
    const requests = s.backendRequests(`t${s.ports.api}`);
    const updates = requests.filter((r) => r.path === "/api/update_environment_variables");
    expect(updates).toHaveLength(1);
    expect(updates[0].auth).toBe("valid");
    const changes = Object.fromEntries(
      JSON.parse(updates[0].body).changes.map((c: { name: string; value: string }) => [c.name, c.value]),
    );
    expect(Object.keys(changes).sort()).toEqual([
      "CONVEX_SITE_ORIGIN",
      "FEATURE_FLAG",
      "JWKS",
      "JWT_ISSUER",
      "JWT_PRIVATE_KEY",
      "OPENAI_API_KEY",
      "SITE_URL",
    ]);
    expect(changes).toMatchObject({
      // @convex-dev/auth redirects sign-ins there: the Vite dev server (port 5173) outside Coder.
      SITE_URL: "http://localhost:5173",
      JWT_ISSUER: site,
      CONVEX_SITE_ORIGIN: site,
      OPENAI_API_KEY: "sk-test-value-123",
      JWKS: deploymentEnv.JWKS,
    });
    expect(changes.JWT_PRIVATE_KEY).toBe(pem.trim().split("\n").join(" "));
    const push = requests.find((r) => r.path === "/api/deploy2/start_push");
    expect(push?.auth).toBe("valid");
    expect(push.t).toBeGreaterThanOrEqual(updates[0].t);
    // The project's convex CLI ran with the self-hosted target and the conflicting vars blanked.
    expect(s.convexCalls()).toEqual([
      expect.objectContaining({
        args: ["deploy"],
        url: `http://127.0.0.1:${s.ports.api}`,
        hasAdminKey: true,
        blanked: { CONVEX_DEPLOY_KEY: "", CONVEX_DEPLOYMENT_TOKEN: "", CONVEX_DEPLOYMENT: "" },
      }),
    ]);

    // Summary with links, origins and timings.
    const summary = s.summary();
    expect(summary).toContain(`<a href="${api}">`);
    expect(summary).toMatch(/Instance secret \| generated/);
    expect(summary).toMatch(/Wait for the backend \| \d+\.\d\d s/);

    // Secrets masked before anything is printed, and never printed.
    const masks = main.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
    expect(masks.some((l) => l.includes(adminKey))).toBe(true);
    expect(masks.some((l) => l.includes(secret))).toBe(true);
    const pemLines = pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
    expectNoSecrets(main, [adminKey, secret, ...pemLines, changes.JWT_PRIVATE_KEY]);
    const firstSecretUse = main.stdout.indexOf(`::add-mask::${adminKey}`);
    expect(firstSecretUse).toBeGreaterThanOrEqual(0);
    expect(main.stdout.indexOf(adminKey)).toBe(firstSecretUse + "::add-mask::".length);

    // Post step: logs, then down --volumes; the stand-in is gone.
    const post = await s.runAction(s.postEnv(env));
    expect(post.code, visible(post)).toBe(0);
    expect(post.stdout).toContain("stand-in backend app starting");
    // By the project's name: the post step hands docker no file of the checkout.
    expect(s.dockerCalls().at(-1)?.argv).toEqual([
      "compose",
      "-p",
      `t${s.ports.api}`,
      "down",
      "--remove-orphans",
      "--volumes",
    ]);
    const api2 = await fetch(`http://127.0.0.1:${s.ports.api}/version`).then(
      () => "up",
      () => "down",
    );
    expect(api2).toBe("down");
    expectNoSecrets(post, [adminKey, secret]);
  });

  it("command: down removes what an earlier up set up (a workflow on pull_request: closed)", async () => {
    const s = await sandbox();
    const up = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(up.code, visible(up)).toBe(0);
    const down = await s.runAction(s.actionEnv({ command: "down" }));
    expect(down.code, visible(down)).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv.slice(-5)).toEqual([
      "-p",
      `t${s.ports.api}`,
      "down",
      "--remove-orphans",
      "--volumes",
    ]);
    expect(down.stdout).toContain(`Stopped t${s.ports.api} and removed its data volume.`);
    const again = await s.runAction(s.actionEnv({ command: "down", "working-directory": "nowhere" }));
    // Nothing of that project is left: said as a warning, naming the project.
    expect(again.stdout).toContain(
      `::warning::Nothing to remove: no container and no volume of compose project t${s.ports.api} on this host.`,
    );
  });

  it("inside Coder, verify checks the public URLs and says what to share, in the URL style's terms", async () => {
    const s = await sandbox();
    const coder = {
      CODER: "true",
      CODER_WORKSPACE_NAME: "ws",
      CODER_WORKSPACE_OWNER_NAME: "alice",
      CODER_WORKSPACE_AGENT_NAME: "main",
      VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.invalid",
    };
    const run = await s.runAction(s.actionEnv({ cleanup: "false" }, coder));
    expect(run.code).toBe(1);
    // From this host everything works; through the public URLs nothing answers.
    expect(run.stdout).toContain("✓ the site proxy serves the deployment's JWKS");
    expect(run.stdout).toMatch(/::error::Verification failed:/);
    // url-style app (the default): the apps need coder_app blocks, not shared ports.
    expect(run.stdout).toContain('needs a coder_app for each (slug "convex-api" and "convex-site"');
    expect(run.stdout).not.toMatch(/share ports/i);
  });

  it("inside a Coder workspace: Coder URLs everywhere, the admin API still on this host", async () => {
    const s = await sandbox();
    const coder = {
      CODER: "true",
      CODER_WORKSPACE_NAME: "ws",
      CODER_WORKSPACE_OWNER_NAME: "alice",
      CODER_WORKSPACE_AGENT_NAME: "main",
      VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.apps.example.com",
    };
    // verify: false here: the public URLs do not exist (the next test checks what verify says).
    const run = await s.runAction(s.actionEnv({ cleanup: "false", verify: "false" }, coder));
    expect(run.code, visible(run)).toBe(0);
    const api = "https://convex-api--main--ws--alice.apps.example.com";
    const site = "https://convex-site--main--ws--alice.apps.example.com";
    expect(s.outputs()).toMatchObject({
      "convex-url": api,
      "site-url": site,
      "dashboard-url": "https://convex-dashboard--main--ws--alice.apps.example.com",
    });
    const compose = parseYaml(readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8"));
    expect(compose.services.backend.environment).toMatchObject({
      CONVEX_CLOUD_ORIGIN: api,
      CONVEX_SITE_ORIGIN: site,
    });
    expect(compose.services.dashboard.environment.NEXT_PUBLIC_DEPLOYMENT_URL).toBe(api);
    expect(compose.services).not.toHaveProperty("origin-forwarder");
    const update = s
      .backendRequests(`t${s.ports.api}`)
      .find((r) => r.path === "/api/update_environment_variables");
    expect(JSON.parse(update.body).changes).toContainEqual({ name: "JWT_ISSUER", value: site });
    expect(s.convexCalls()[0].url).toBe(`http://127.0.0.1:${s.ports.api}`);
    expect(dotenvParse(readFileSync(join(s.app, ".env.local"))).VITE_CONVEX_URL).toBe(api);
    expect(s.summary()).toMatch(/URLs from \| vscode-proxy-uri/);
  });

  it("a POSTGRES_URL exported in the job does not override the normalised one in the env_file", async () => {
    const s = await sandbox();
    const raw = "postgres://app:pw@127.0.0.1:5432/appdb?schema=public";
    const run = await s.runAction(
      s.actionEnv(
        { cleanup: "false", deploy: "false", "postgres-preflight": "false" },
        { POSTGRES_URL: raw },
      ),
    );
    expect(run.code, visible(run)).toBe(0);
    const seen = JSON.parse(
      readFileSync(join(s.dockerState, "projects", `t${s.ports.api}`, "backend.env.json"), "utf8"),
    );
    expect(seen.POSTGRES_URL).toBe("postgres://app:pw@host.docker.internal:5432?sslmode=disable");
    expect(s.outputs()["postgres-database"]).toBe("app");
    expect(run.stdout).toContain("::warning::Dropped schema from POSTGRES_URL");
  });

  it("a rerun reuses keys and secret, keeps user variables and the user's lines", async () => {
    const s = await sandbox();
    const env = s.actionEnv({ cleanup: "false" });
    expect((await s.runAction(env)).code).toBe(0);
    const before = {
      adminKey: s.outputs()["admin-key"],
      pem: readFileSync(join(s.app, "jwt_private_key.pem"), "utf8"),
      secret: dotenvParse(readFileSync(join(s.app, ".env.convex.local"))).INSTANCE_SECRET,
    };
    // The user adds their own lines.
    const dep = join(s.app, ".env.convex.deployment");
    writeFileSync(dep, `${readFileSync(dep, "utf8")}MY_API_TOKEN='tok with spaces'\n`);
    const local = join(s.app, ".env.local");
    writeFileSync(
      local,
      `${readFileSync(local, "utf8").replace(/^VITE_CONVEX_URL=.*$/m, "VITE_CONVEX_URL=https://prod.example.com")}# mine\nVITE_OTHER=keep\n`,
    );
    const backend = join(s.app, ".env.convex.local");
    writeFileSync(backend, `${readFileSync(backend, "utf8")}RUST_LOG=debug\n`);

    const again = await s.runAction(env);
    expect(again.code, visible(again)).toBe(0);
    expect(readFileSync(join(s.app, "jwt_private_key.pem"), "utf8")).toBe(before.pem);
    // The admin key in .env.local is still valid: kept, not recomputed.
    expect(s.outputs()["admin-key"]).toBe(before.adminKey);
    expect(dotenvParse(readFileSync(backend)).INSTANCE_SECRET).toBe(before.secret);
    expect(dotenvParse(readFileSync(backend)).RUST_LOG).toBe("debug");
    expect(readFileSync(dep, "utf8")).toContain("MY_API_TOKEN='tok with spaces'");
    expect(readFileSync(local, "utf8")).toContain("# mine\nVITE_OTHER=keep");
    // A URL for another deployment is replaced out loud, naming the variable and the old host.
    expect(again.stdout).toContain(
      `::warning::${local}: replaced VITE_CONVEX_URL (was prod.example.com) with this backend's values`,
    );
    expect(dotenvParse(readFileSync(local)).VITE_CONVEX_URL).toBe(`http://localhost:${s.ports.api}`);
    expect(s.summary()).toMatch(/Instance secret \| reused/);
    expect(s.summary()).toMatch(/JWT key \| reused/);
    const updates = s
      .backendRequests(`t${s.ports.api}`)
      .filter((r) => r.path === "/api/update_environment_variables");
    const last = JSON.parse(updates.at(-1).body).changes;
    expect(last).toContainEqual({ name: "MY_API_TOKEN", value: "tok with spaces" });
    // The backend's variables persisted across the restart and hold the user's.
    const vars = JSON.parse(
      readFileSync(
        join(s.dockerState, "projects", `t${s.ports.api}`, "volume-data/environment-variables.json"),
        "utf8",
      ),
    );
    expect(vars.MY_API_TOKEN).toBe("tok with spaces");
  });

  it("refuses to replace an existing key with a different jwt-private-key input", async () => {
    const s = await sandbox();
    expect((await s.runAction(s.actionEnv({ deploy: "false", cleanup: "false" }))).code).toBe(0);
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const run = await s.runAction(s.actionEnv({ deploy: "false", "jwt-private-key": other }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::jwt-private-key differs from the key in .*jwt_private_key.pem; refusing to replace it/,
    );
  });

  it.each([
    [
      "the backend never becomes healthy: clear error and its logs",
      { FAKE_DOCKER_BACKEND: "never-healthy" },
      { "wait-timeout": "2" },
      /did not answer GET http:\/\/127\.0\.0\.1:\d+\/version within 2 s/,
      /waiting for the database forever/,
    ],
    [
      "the backend exits: fails fast with its logs",
      { FAKE_DOCKER_BACKEND: "exit" },
      {},
      /backend container exited with code 1 before answering/,
      /failed to connect to the database/,
    ],
    [
      "compose up fails (unhealthy dependency): its error, with the logs",
      { FAKE_DOCKER_UP_UNHEALTHY: "1" },
      {},
      /up -d --remove-orphans` failed \(exit 1\): dependency failed to start: container t\d+-backend-1 is unhealthy/,
      /---- backend logs \(docker compose up failed\) ----\n.*stand-in backend app starting/,
    ],
    [
      "the compose plugin is missing",
      { FAKE_DOCKER_NO_COMPOSE: "1" },
      {},
      /docker compose v2 plugin/,
      undefined,
    ],
    [
      "the image does not exist",
      { FAKE_DOCKER_PULL_FAIL: "1" },
      { "backend-image": "ghcr.io/x/nope:1" },
      /manifest unknown.*\n.*check backend-image/,
      undefined,
    ],
    [
      "deploy fails: the line that explains it is the error (not merely the last)",
      { FAKE_CONVEX_FAIL: "1" },
      {},
      /convex.* deploy` failed \(exit 1\): .*JWT_ISSUER is used in auth config file but its value was not set/,
      undefined,
    ],
    [
      "every admin key is refused",
      { FAKE_DOCKER_BACKEND: "reject-all" },
      {},
      /No working admin key/,
      undefined,
    ],
  ])("%s", async (_name, extraEnv, inputs, error, logs) => {
    const s = await sandbox();
    const run = await s.runAction(s.actionEnv({ cleanup: "false", ...inputs }, extraEnv));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::/);
    expect(run.stdout.replace(/%0A/g, "\n")).toMatch(error);
    if (logs) expect(run.stdout).toMatch(logs);
  });

  it("falls back to generate_admin_key.sh when the backend runs with another secret", async () => {
    const s = await sandbox();
    const run = await s.runAction(
      s.actionEnv({ cleanup: "false", deploy: "false" }, { FAKE_DOCKER_BACKEND: "foreign-secret" }),
    );
    expect(run.code, visible(run)).toBe(0);
    expect(run.stdout).toMatch(/asking the container's generate_admin_key.sh/);
    expect(run.stdout).toMatch(/backend runs with another secret/);
    expect(s.dockerCalls().some((c) => c.argv.includes("./generate_admin_key.sh"))).toBe(true);
    expect(s.outputs()["admin-key"]).toMatch(/^app\|01[0-9a-f]{72}$/);
  });

  it("a failure before the containers start stops the image pull still under way", async () => {
    const s = await sandbox();
    const { freePort } = await import("../helpers/sandbox.js");
    const closed = await freePort();
    const run = await s.runAction(
      s.actionEnv(
        { "postgres-url": `postgres://u:pw@127.0.0.1:${closed}`, cleanup: "false" },
        { FAKE_DOCKER_PULL_MS: "60000" },
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/connection refused/);
    const calls = s.dockerCalls() as Array<{ argv: string[]; event?: string }>;
    // Stopped, not finished (a SIGTERM that lands before the double's handler leaves no "killed" line,
    // so the absence of "done" is what is asserted; the step also ended long before the 60 s pull).
    expect(calls.some((c) => c.argv[0] === "pull" && !c.event)).toBe(true);
    expect(calls.some((c) => c.argv[0] === "pull" && c.event === "done")).toBe(false);
    expect(calls.some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("cache-images loads the cache chunk lazily; without a cache service it says so and pulls", async () => {
    const s = await sandbox();
    // The bundle: the cache module is a separate chunk of dist/ loaded on demand.
    const run = await s.runAction(
      s.actionEnv({ "cache-images": "true", cleanup: "false", deploy: "false" }),
      process.execPath,
    );
    expect(run.code, visible(run)).toBe(0);
    expect(run.stdout).toContain(
      "::warning::cache-images: the Actions cache service is not available to this job; pulling instead.",
    );
    expect(s.dockerCalls().some((c) => c.argv[0] === "pull")).toBe(true);
  });

  it("docker missing: a clear error", async () => {
    const s = await sandbox({ docker: false });
    const run = await s.runAction({ ...s.actionEnv({}), PATH: `${s.bin}:/nonexistent` }, process.execPath);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::docker was not found on PATH/);
  });

  it("a port already taken: stopped before anything starts, in the action's words", async () => {
    const s = await sandbox();
    const { createServer } = await import("node:net");
    const blocker = createServer().listen(s.ports.site, "127.0.0.1");
    try {
      const run = await s.runAction(s.actionEnv({ cleanup: "false" }));
      expect(run.code).toBe(1);
      expect(run.stdout.replace(/%0A/g, "\n")).toMatch(
        new RegExp(
          `Port ${s.ports.site} on this host is in use by something else\\. Nothing was started\\.\\n.*choose other ports with api-port / site-port / dashboard-port and a distinct project-name`,
        ),
      );
      expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("convex not installed: the install command for the project's package manager", async () => {
    const s = await sandbox({ convex: false });
    writeFileSync(join(s.app, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    const run = await s.runAction(s.actionEnv({ cleanup: "false" }));
    expect(run.code).toBe(1);
    expect(run.stdout.replace(/%0A/g, "\n")).toMatch(/convex package is not installed.*\n.*pnpm add convex/);
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("bad inputs: every problem at once, nothing started", async () => {
    const s = await sandbox();
    const run = await s.runAction(
      s.actionEnv({ "instance-name": "Bad!", "api-port": "99999", "postgres-url": "mysql://x" }),
    );
    expect(run.code).toBe(1);
    const text = run.stdout.replace(/%0A/g, "\n");
    expect(text).toMatch(/3 problems/);
    expect(text).toMatch(/instance-name/);
    expect(text).toMatch(/api-port/);
    expect(text).toMatch(/postgres-url/);
    expect(s.dockerCalls()).toEqual([]);
  });

  it("two instances on one host, each on its own ports and project", async () => {
    const a = await sandbox();
    const b = await sandbox();
    const [ra, rb] = await Promise.all([
      a.runAction(a.actionEnv({ cleanup: "false" })),
      b.runAction(b.actionEnv({ cleanup: "false" })),
    ]);
    expect(ra.code, visible(ra)).toBe(0);
    expect(rb.code, visible(rb)).toBe(0);
    expect(a.outputs()["admin-key"]).not.toBe(b.outputs()["admin-key"]);
    for (const s of [a, b]) {
      const key = s.outputs()["admin-key"]!;
      const res = await fetch(`http://127.0.0.1:${s.ports.api}/api/check_admin_key`, {
        headers: { Authorization: `Convex ${key}` },
      });
      expect(res.status).toBe(200);
    }
  });
});
