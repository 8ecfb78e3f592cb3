/**
 * Real public apps as they are (fixtures: __tests__/fixtures/apps, sources and licenses in its
 * README), through the action and the CLI with the fake docker and the stand-in backend: a
 * hoisted monorepo, Clerk, OAuth providers, SITE_URL in and outside Coder.
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, type RunResult, Sandbox } from "../helpers/sandbox.js";

const FIXTURES = join(ROOT, "__tests__/fixtures/apps");
const DOUBLES = join(ROOT, "__tests__/doubles");
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

/** A sandbox whose workspace is the fixture, with the fake convex installed in `installAt`. */
async function withFixture(name: string, installAt: string, convexVersion = "1.48.0"): Promise<Sandbox> {
  const s = await Sandbox.create({ convex: false });
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
    expect(run.stdout).toContain("App: clerk; functions in packages/backend/convex/; yarn workspace at .");
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
