/**
 * Real public apps as they are (fixtures: __tests__/fixtures/apps, sources and licenses in its
 * README), through the action and the CLI with the fake docker and the stand-in backend: a
 * hoisted monorepo, Clerk, OAuth providers, SITE_URL in and outside Coder.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { deriveAdminKey } from "../../src/core/admin-key.js";
import { ROOT, type RunResult, Sandbox } from "../helpers/sandbox.js";

const FIXTURES = join(ROOT, "__tests__/fixtures/apps");
const DOUBLES = join(ROOT, "__tests__/doubles");
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

/** A sandbox whose workspace is the fixture, with the fake convex installed in `installAt`. */
async function withFixture(
  name: string,
  installAt: string,
  convexVersion = "1.48.0",
  options: { kubectl?: boolean } = {},
): Promise<Sandbox> {
  const s = await Sandbox.create({
    convex: false,
    ...(options.kubectl ? { docker: false, kubectl: true } : {}),
  });
  sandboxes.push(s);
  rmSync(s.app, { recursive: true, force: true });
  cpSync(join(FIXTURES, name), s.workspace, { recursive: true });
  const nm = join(s.workspace, installAt, "node_modules");
  mkdirSync(join(nm, "convex"), { recursive: true });
  mkdirSync(join(nm, ".bin"), { recursive: true });
  writeFileSync(join(nm, "convex/package.json"), JSON.stringify({ name: "convex", version: convexVersion }));
  const bin = join(nm, ".bin/convex");
  writeFileSync(
    bin,
    `#!/bin/sh\nexec "${process.execPath}" "${join(DOUBLES, "fake-convex-cli.mjs")}" "$@"\n`,
  );
  chmodSync(bin, 0o755);
  return s;
}
const env = (s: Sandbox, dir: string) => (name: string) =>
  dotenvParse(readFileSync(join(s.workspace, dir, name)));

describe("a yarn workspace: backend in packages/backend, Next.js and Expo frontends (turbo + Clerk)", () => {
  const clerk = "CLERK_ISSUER_URL=https://clerk.example.com\nOPENAI_API_KEY=sk-x";

  it("one step: convex found hoisted at the workspace root, each frontend gets its own names", async () => {
    const s = await withFixture("turbo-yarn-nextjs-expo-clerk", ".");
    const run = await s.runAction(
      s.actionEnv({
        "working-directory": "packages/backend",
        "frontend-directories": "apps/web\napps/native",
        "env-vars": clerk,
        cleanup: "false",
      }),
    );
    expect(run.code, text(run)).toBe(0);
    const api = `http://localhost:${s.ports.api}`;
    const site = `http://localhost:${s.ports.site}`;
    expect(env(s, "apps/web")(".env.local")).toEqual({
      NEXT_PUBLIC_CONVEX_URL: api,
      NEXT_PUBLIC_CONVEX_SITE_URL: site,
    });
    expect(env(s, "apps/native")(".env.local")).toEqual({
      EXPO_PUBLIC_CONVEX_URL: api,
      EXPO_PUBLIC_CONVEX_SITE_URL: site,
    });
    // The backend package is no frontend: only the convex CLI's target.
    expect(Object.keys(env(s, "packages/backend")(".env.local")).sort()).toEqual([
      "CONVEX_SELF_HOSTED_ADMIN_KEY",
      "CONVEX_SELF_HOSTED_URL",
    ]);
    // Clerk, not @convex-dev/auth: no key, no JWT variables, no SITE_URL.
    expect(s.convexCalls()).toHaveLength(1);
    const update = s
      .backendRequests(`t${s.ports.api}`)
      .find((r: { path: string }) => r.path === "/api/update_environment_variables");
    const names = JSON.parse(update.body).changes.map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(["CLERK_ISSUER_URL", "OPENAI_API_KEY"]);
    expect(() => readFileSync(join(s.workspace, "packages/backend/jwt_private_key.pem"))).toThrow();
    const exported = s.exported();
    expect(Object.keys(exported)).toEqual(
      expect.arrayContaining(["NEXT_PUBLIC_CONVEX_URL", "EXPO_PUBLIC_CONVEX_URL", "CONVEX_SELF_HOSTED_URL"]),
    );
    expect(exported).not.toHaveProperty("VITE_CONVEX_URL");
    expect(run.stdout).toContain(
      "App: clerk; functions in packages/backend/convex/; yarn workspace rooted at the repository's top level",
    );
  });

  it("CLERK_ISSUER_URL (read by auth.config.js) given nowhere: stops before any container starts", async () => {
    const s = await withFixture("turbo-yarn-nextjs-expo-clerk", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": "packages/backend", cleanup: "false" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::packages\/backend\/convex\/auth\.config\.js reads CLERK_ISSUER_URL, which is set nowhere/,
    );
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("convex not installed anywhere: the install hint uses the workspace's package manager", async () => {
    const s = await withFixture("turbo-yarn-nextjs-expo-clerk", ".");
    rmSync(join(s.workspace, "node_modules"), { recursive: true, force: true });
    const run = await s.runAction(
      s.actionEnv({ "working-directory": "packages/backend", "env-vars": clerk, cleanup: "false" }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/The convex package is not installed for .*packages\/backend/);
    expect(run.stdout).toMatch(/yarn install --frozen-lockfile/);
  });
});

describe("@convex-dev/auth with OAuth and magic links (Vite, GitHub + Resend)", () => {
  it("missing provider secrets: one warning with the callback URL to register; SITE_URL is the dev server", async () => {
    const s = await withFixture("vite-convexauth-github-resend", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    const site = `http://localhost:${s.ports.site}`;
    const warning = run.stdout.split("\n").find((l) => l.startsWith("::warning::Sign-in providers"));
    expect(warning).toContain("AUTH_GITHUB_ID, AUTH_GITHUB_SECRET");
    expect(warning).toContain(`register the callback URL ${site}/api/auth/callback/github`);
    expect(warning).toContain("AUTH_RESEND_KEY");
    const update = s
      .backendRequests(`t${s.ports.api}`)
      .find((r: { path: string }) => r.path === "/api/update_environment_variables");
    const changes = Object.fromEntries(
      JSON.parse(update.body).changes.map((c: { name: string; value: string }) => [c.name, c.value]),
    );
    expect(changes.SITE_URL).toBe("http://localhost:5173");
    expect(changes.JWKS).toMatch(/"kty":"RSA"/);
    expect(env(s, ".")(".env.local")).toMatchObject({ VITE_CONVEX_URL: `http://localhost:${s.ports.api}` });
  });

  it("inside Coder, SITE_URL is the dev server's forwarded-port URL; frontend-port moves it; the user's SITE_URL wins", async () => {
    const s = await withFixture("vite-convexauth-github-resend", ".");
    const coder = {
      CODER: "true",
      CODER_WORKSPACE_NAME: "ws",
      CODER_WORKSPACE_AGENT_NAME: "main",
      CODER_WORKSPACE_OWNER_NAME: "me",
      VSCODE_PROXY_URI: "https://{{port}}--main--ws--me.apps.example.com",
    };
    const sites = async (inputs: Record<string, string>) => {
      const run = await s.runAction(
        // verify: false: the public Coder URLs do not exist here (verify's Coder checks: __tests__/phases).
        s.actionEnv(
          { "working-directory": ".", cleanup: "false", deploy: "false", verify: "false", ...inputs },
          coder,
        ),
      );
      expect(run.code, text(run)).toBe(0);
      const updates = s
        .backendRequests(`t${s.ports.api}`)
        .filter((r: { path: string }) => r.path === "/api/update_environment_variables");
      const last = JSON.parse(updates.at(-1).body).changes as Array<{ name: string; value: string }>;
      return last.filter((c) => c.name === "SITE_URL").map((c) => c.value);
    };
    expect(await sites({})).toEqual(["https://5173--main--ws--me.apps.example.com"]);
    expect(await sites({ "frontend-port": "4000" })).toEqual(["https://4000--main--ws--me.apps.example.com"]);
    expect(await sites({ "env-vars": "SITE_URL=https://app.example.com" })).toEqual([
      "https://app.example.com",
    ]);
  });
});

describe("the oldest convex CLI that can deploy here (1.19.1)", () => {
  it("convex 1.19.0: refused before anything starts, naming both versions and the upgrade command; doctor FAILs", async () => {
    const s = await withFixture("vite-convexauth-password", ".", "1.19.0");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::The project's convex CLI is 1\.19\.0, which cannot deploy to a self-hosted backend: CONVEX_SELF_HOSTED_URL is read from convex 1\.19\.1 on\./,
    );
    expect(run.stdout).toMatch(/npm install convex@\^1\.45\.0/);
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
    const doctor = await s.run(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), join(ROOT, "src/cli/bin.ts"), "doctor"],
      { PATH: `${s.bin}:${process.env.PATH}`, HOME: s.root, FAKE_DOCKER_STATE: s.dockerState },
      s.workspace,
    );
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✗ The project's convex CLI is 1\.19\.0/);
  });

  it("convex 1.19.1 is accepted", async () => {
    const s = await withFixture("vite-convexauth-password", ".", "1.19.1");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
  });
});

describe("the CLI on a real app", () => {
  it("env prints the framework's names (Next.js), not another framework's", async () => {
    const s = await withFixture("nextjs16-convexauth-password", ".");
    const run = await s.run(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        join(ROOT, "src/cli/bin.ts"),
        "env",
        "--api-port",
        String(s.ports.api),
        "--site-port",
        String(s.ports.site),
      ],
      { PATH: `${s.bin}:${process.env.PATH}`, HOME: s.root },
      s.workspace,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`NEXT_PUBLIC_CONVEX_URL='http://localhost:${s.ports.api}'`);
    expect(run.stdout).toContain(`NEXT_PUBLIC_CONVEX_SITE_URL='http://localhost:${s.ports.site}'`);
    expect(run.stdout).not.toContain("VITE_");
    expect(run.stdout).not.toContain("ADMIN_KEY");
    const json = await s.run(
      process.execPath,
      [
        "--import",
        import.meta.resolve("tsx"),
        join(ROOT, "src/cli/bin.ts"),
        "env",
        "--json",
        "--api-port",
        String(s.ports.api),
      ],
      { PATH: `${s.bin}:${process.env.PATH}`, HOME: s.root },
      s.workspace,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      NEXT_PUBLIC_CONVEX_URL: `http://localhost:${s.ports.api}`,
      CONVEX_SELF_HOSTED_URL: `http://127.0.0.1:${s.ports.api}`,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Better Auth, and the variables the apps' own code reads (issue 20): each case on the real app.

/** The variables of the last update_environment_variables call, by name. */
function lastUpdate(s: Sandbox): Record<string, string> {
  const updates = s
    .backendRequests(`t${s.ports.api}`)
    .filter((r: { path: string }) => r.path === "/api/update_environment_variables");
  const last = updates.at(-1);
  if (!last) return {};
  return Object.fromEntries(
    JSON.parse(last.body).changes.map((c: { name: string; value: string }) => [c.name, c.value]),
  );
}

describe("Better Auth (get-convex/better-auth examples)", () => {
  it("the React example (Vite): BETTER_AUTH_SECRET generated once, kept 0600, masked, reused byte-identical; SITE_URL the dev server; no JWT keys", async () => {
    const s = await withFixture("vite-better-auth-react", ".");
    const up = () => s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    const first = await up();
    expect(first.code, text(first)).toBe(0);
    const vars = lastUpdate(s);
    expect(vars.BETTER_AUTH_SECRET).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(vars.BETTER_AUTH_SECRET!, "base64")).toHaveLength(32);
    expect(vars.SITE_URL).toBe("http://localhost:5173");
    expect(vars).not.toHaveProperty("JWT_PRIVATE_KEY");
    expect(vars).not.toHaveProperty("JWKS");
    expect(() => readFileSync(join(s.workspace, "jwt_private_key.pem"))).toThrow();
    const kept = env(s, ".")(".env.convex.local").BETTER_AUTH_SECRET;
    expect(kept).toBe(vars.BETTER_AUTH_SECRET);
    expect(statSync(join(s.workspace, ".env.convex.local")).mode & 0o777).toBe(0o600);
    // Masked the moment it exists, never printed.
    expect(first.stdout).toContain(`::add-mask::${kept}`);
    const showing = first.stdout.split("\n").filter((l) => l.includes(kept!));
    expect(showing.length).toBeGreaterThan(0);
    for (const line of showing) expect(line).toBe(`::add-mask::${kept}`);
    expect(first.stdout).toContain("App: better-auth");
    // The frontend: its framework's names and the site URL its own code reads (VITE_SITE_URL).
    expect(env(s, ".")(".env.local")).toMatchObject({
      VITE_CONVEX_URL: `http://localhost:${s.ports.api}`,
      VITE_CONVEX_SITE_URL: `http://localhost:${s.ports.site}`,
      VITE_SITE_URL: "http://localhost:5173",
    });

    const second = await up();
    expect(second.code, text(second)).toBe(0);
    expect(lastUpdate(s).BETTER_AUTH_SECRET).toBe(kept);
    expect(env(s, ".")(".env.convex.local").BETTER_AUTH_SECRET).toBe(kept);
    expect(second.stdout).toMatch(/BETTER_AUTH_SECRET: reused/);

    // Another secret given as input: refused, the kept one is never replaced.
    const other = await s.runAction(
      s.actionEnv({
        "working-directory": ".",
        cleanup: "false",
        "better-auth-secret": Buffer.alloc(32, 7).toString("base64"),
      }),
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(
      /::error::better-auth-secret differs from BETTER_AUTH_SECRET in .*\.env\.convex\.local/,
    );
    expect(env(s, ".")(".env.convex.local").BETTER_AUTH_SECRET).toBe(kept);
  });

  it("in CI a BETTER_AUTH_SECRET this tool never wrote (planted beside a given instance secret) is refused", async () => {
    const s = await withFixture("vite-better-auth-react", ".");
    const secret = "ab".repeat(32);
    writeFileSync(
      join(s.workspace, ".env.convex.local"),
      `INSTANCE_SECRET=${secret}\nBETTER_AUTH_SECRET=${Buffer.alloc(32, 9).toString("base64")}\n`,
    );
    const run = await s.runAction(
      s.actionEnv({ "working-directory": ".", cleanup: "false", "instance-secret": secret }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::.*\.env\.convex\.local holds BETTER_AUTH_SECRET, but setup-coder-convex did not write it/,
    );
    expect(s.dockerCalls().some((c) => c.argv.includes("up"))).toBe(false);
  });

  it("frontend-url sets SITE_URL (and the frontend's VITE_SITE_URL) instead of being ignored", async () => {
    const s = await withFixture("vite-better-auth-react", ".");
    const run = await s.runAction(
      s.actionEnv({ "working-directory": ".", cleanup: "false", "frontend-url": "https://app.example.com" }),
    );
    expect(run.code, text(run)).toBe(0);
    expect(lastUpdate(s).SITE_URL).toBe("https://app.example.com");
    expect(env(s, ".")(".env.local").VITE_SITE_URL).toBe("https://app.example.com");
  });

  it("the Next.js example (local component install): NEXT_PUBLIC_ names, SITE_URL on port 3000, the secret", async () => {
    const s = await withFixture("nextjs-better-auth-local-component", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    const vars = lastUpdate(s);
    expect(Object.keys(vars).sort()).toEqual(["BETTER_AUTH_SECRET", "SITE_URL"]);
    expect(vars.SITE_URL).toBe("http://localhost:3000");
    expect(env(s, ".")(".env.local")).toMatchObject({
      NEXT_PUBLIC_CONVEX_URL: `http://localhost:${s.ports.api}`,
      NEXT_PUBLIC_CONVEX_SITE_URL: `http://localhost:${s.ports.site}`,
      NEXT_PUBLIC_SITE_URL: "http://localhost:3000",
    });
  });

  it("the TanStack Start example: VITE_ names (read on the server through process.env too), SITE_URL on port 3000", async () => {
    const s = await withFixture("tanstack-start-better-auth", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(lastUpdate(s).SITE_URL).toBe("http://localhost:3000");
    expect(lastUpdate(s).BETTER_AUTH_SECRET).toBeDefined();
    expect(env(s, ".")(".env.local")).toMatchObject({
      VITE_CONVEX_URL: `http://localhost:${s.ports.api}`,
      VITE_CONVEX_SITE_URL: `http://localhost:${s.ports.site}`,
    });
  });
});

describe("Better Auth with target kubernetes and connect: the secret kept where the instance's keys are", () => {
  it("kubernetes: in the instance's Secret (not in the working directory); a fresh checkout reuses it", async () => {
    const s = await withFixture("vite-better-auth-react", ".", "1.48.0", { kubectl: true });
    const env = s.actionEnv({
      "working-directory": ".",
      target: "kubernetes",
      namespace: "previews",
      "instance-name": "pr-9",
      "project-name": "",
    });
    const first = await s.runAction(env);
    expect(first.code, text(first)).toBe(0);
    const secretOf = async () => {
      const got = await s.run(
        join(s.bin, "kubectl"),
        ["get", "secret", "convex-pr-9", "-n", "previews", "-o", "json"],
        {
          PATH: process.env.PATH!,
          FAKE_KUBECTL_STATE: s.kubeState,
        },
      );
      return Buffer.from(JSON.parse(got.stdout).data["better-auth-secret"], "base64").toString();
    };
    const kept = await secretOf();
    expect(Buffer.from(kept, "base64")).toHaveLength(32);
    expect(first.stdout).toContain(`::add-mask::${kept}`);
    expect(() => readFileSync(join(s.workspace, ".env.convex.local"))).toThrow();
    rmSync(join(s.workspace, ".env.local"));
    rmSync(join(s.workspace, ".env.convex.deployment"));
    const again = await s.runAction(env);
    expect(again.code, text(again)).toBe(0);
    expect(again.stdout).toContain("BETTER_AUTH_SECRET: reused");
    expect(await secretOf()).toBe(kept);
  });
});

describe("Better Auth with target connect", () => {
  const SECRET = "cd".repeat(32);
  const backends: ChildProcess[] = [];
  afterEach(() => {
    for (const b of backends.splice(0)) b.kill("SIGKILL");
  });
  /** A backend running before the action does (a Coder sidecar, a Helm release). */
  async function runningBackend(s: Sandbox): Promise<{ api: string; site: string }> {
    const api = `http://127.0.0.1:${s.ports.api}`;
    const site = `http://127.0.0.1:${s.ports.site}`;
    const child = spawn(process.execPath, [join(DOUBLES, "stand-in-backend.mjs")], {
      env: {
        PATH: process.env.PATH,
        INSTANCE_NAME: "app",
        INSTANCE_SECRET: SECRET,
        STANDIN_API_PORT: String(s.ports.api),
        STANDIN_SITE_PORT: String(s.ports.site),
        STANDIN_DATA: join(s.root, "backend-data"),
        CONVEX_SITE_ORIGIN: site,
      },
      stdio: "ignore",
    });
    backends.push(child);
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      if (
        await fetch(`${api}/version`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return { api, site };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the stand-in did not start");
  }

  it("kept in the working directory's .env.convex.local (only it); a BETTER_AUTH_SECRET the deployment already has is never replaced", async () => {
    const s = await withFixture("vite-better-auth-react", ".");
    const { api, site } = await runningBackend(s);
    const adminKey = deriveAdminKey({ instanceName: "app", instanceSecret: SECRET });
    // Someone set the deployment's own secret by hand, as Better Auth's guide says.
    const theirs = Buffer.alloc(32, 1).toString("base64");
    const set = await fetch(`${api}/api/update_environment_variables`, {
      method: "POST",
      headers: { authorization: `Convex ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ changes: [{ name: "BETTER_AUTH_SECRET", value: theirs }] }),
    });
    expect(set.status).toBe(200);
    const connectEnv = (inputs: Record<string, string> = {}) =>
      s.actionEnv({
        "working-directory": ".",
        target: "connect",
        "convex-url": api,
        "site-url": site,
        "instance-secret": SECRET,
        "project-name": "",
        ...inputs,
      });
    const refused = await s.runAction(connectEnv());
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::The deployment already has another BETTER_AUTH_SECRET/);
    // Keeping theirs, as the error says: the kept line out, their value as the input.
    rmSync(join(s.workspace, ".env.convex.local"));
    const kept = await s.runAction(connectEnv({ "better-auth-secret": theirs }));
    expect(kept.code, text(kept)).toBe(0);
    expect(env(s, ".")(".env.convex.local")).toEqual({ BETTER_AUTH_SECRET: theirs });
    const again = await s.runAction(connectEnv());
    expect(again.code, text(again)).toBe(0);
    expect(again.stdout).toContain("BETTER_AUTH_SECRET: reused");
    expect(readFileSync(join(s.workspace, ".env.convex.local"), "utf8")).not.toContain("INSTANCE_SECRET");
  });
});

describe("the variable the frontend's own code reads", () => {
  it("Astro (get-convex/templates template-astro): CONVEX_URL through astro:env, the convex CLI's plain names", async () => {
    const s = await withFixture("astro-convex-url", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(env(s, ".")(".env.local")).toMatchObject({
      CONVEX_URL: `http://localhost:${s.ports.api}`,
      CONVEX_SITE_URL: `http://localhost:${s.ports.site}`,
    });
    expect(run.stdout).toMatch(/CONVEX_URL .*read by src\/lib\/convex\.tsx/);
    expect(s.exported()).toMatchObject({ CONVEX_URL: `http://localhost:${s.ports.api}` });
  });

  it("frontend-url given to an app that reads no SITE_URL and has no auth: said to be unused", async () => {
    const s = await withFixture("astro-convex-url", ".");
    const run = await s.runAction(
      s.actionEnv({ "working-directory": ".", cleanup: "false", "frontend-url": "https://app.example.com" }),
    );
    expect(run.code, text(run)).toBe(0);
    expect(run.stdout).toMatch(/::warning::frontend-url is not used/);
    expect(lastUpdate(s)).not.toHaveProperty("SITE_URL");
  });

  it("Remix on Vite (the official quickstart): the loader's process.env.CONVEX_URL as well as the table's VITE_ names", async () => {
    const s = await withFixture("remix-vite-quickstart", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    const api = `http://localhost:${s.ports.api}`;
    expect(env(s, ".")(".env.local")).toMatchObject({
      VITE_CONVEX_URL: api,
      VITE_CONVEX_SITE_URL: `http://localhost:${s.ports.site}`,
      CONVEX_URL: api,
    });
    expect(run.stdout).toMatch(/CONVEX_URL .*read by app\/root\.tsx/);
    expect(s.exported()).toMatchObject({ CONVEX_URL: api, VITE_CONVEX_URL: api });
  });

  it("Nuxt (the official quickstart): nuxt.config.ts reads process.env.CONVEX_URL", async () => {
    const s = await withFixture("nuxt-quickstart", ".");
    const run = await s.runAction(s.actionEnv({ "working-directory": ".", cleanup: "false" }));
    expect(run.code, text(run)).toBe(0);
    expect(env(s, ".")(".env.local")).toMatchObject({ CONVEX_URL: `http://localhost:${s.ports.api}` });
  });
});
