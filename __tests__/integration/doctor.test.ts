/**
 * doctor predicts up: each check shown to FAIL on the state it targets (the CLI as a process,
 * fake docker, real files). Postgres, committed secrets and the CLI version floor have their own
 * tests (postgres.test.ts, untrusted.test.ts, real-apps.test.ts).
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ports, cli as runCli } from "../helpers/day-two-sandbox.js";
import { S3RVER_CREDENTIALS, startS3Server } from "../helpers/s3-server.js";
import { Sandbox } from "../helpers/sandbox.js";
import { CONNECT_FLAGS } from "../helpers/target-inputs.js";

const sandboxes: Sandbox[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});

/** The CLI in the sandbox's app, on its own ports. */
function cli(s: Sandbox, command: string, flags: string[] = [], extraEnv: Record<string, string> = {}) {
  return runCli(s, [command, ...ports(s), ...flags], extraEnv);
}

async function doctor(
  setup: (s: Sandbox) => void | Promise<void>,
  extraEnv: Record<string, string> = {},
  flags: string[] = [],
) {
  const s = await Sandbox.create();
  sandboxes.push(s);
  await setup(s);
  const run = await cli(s, "doctor", flags, extraEnv);
  return { s, run };
}

describe("doctor", () => {
  it("all green on a healthy app, and --json says the same", async () => {
    const { run } = await doctor(() => {}, {}, ["--json"]);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: Array<{ status: string; message: string }>;
    };
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(run.code).toBe(0);
    expect(report.checks.map((c) => c.message).join("\n")).toMatch(/engine 28\.2\.2/);
  });

  it.each([
    [
      "the Docker engine is down",
      () => {},
      { FAKE_DOCKER_NO_ENGINE: "1" },
      /✗ The Docker engine does not answer/,
      /✗ The Docker engine does not answer/,
    ],
    [
      "a port is taken by something else",
      async (s: Sandbox) => {
        const server = createServer();
        servers.push(server);
        await new Promise<void>((r) => server.listen(s.ports.site, "127.0.0.1", () => r()));
      },
      {},
      /✗ Port \d+ on this host is in use by something else/,
      /✗ Port \d+ on this host is in use by something else\. Nothing was started\.\n {2}-> Stop it .* or choose other ports with --api-port \/ --site-port \/ --dashboard-port and a distinct --project-name\./,
    ],
    [
      "no functions folder",
      (s: Sandbox) => rmSync(join(s.app, "convex"), { recursive: true, force: true }),
      {},
      /✗ App: .*functions in convex\/; npm: convex\/ is missing, so convex deploy has nothing to deploy\./,
      /✗ The functions folder convex\/ is missing: convex deploy would have nothing to deploy\. Nothing was started\.\n.*--no-deploy/,
    ],
    [
      "auth.config reads a variable given nowhere",
      (s: Sandbox) =>
        writeFileSync(
          join(s.app, "convex/auth.config.ts"),
          'export default { providers: [{ domain: process.env.CLERK_ISSUER_URL!, applicationID: "convex" }] };\n',
        ),
      {},
      /✗ convex\/auth\.config\.ts reads CLERK_ISSUER_URL, which is set nowhere/,
      /✗ convex\/auth\.config\.ts reads CLERK_ISSUER_URL, which is set nowhere/,
    ],
  ] as Array<[string, (s: Sandbox) => void | Promise<void>, Record<string, string>, RegExp, RegExp]>)(
    "%s: doctor FAILs, and up stops on it before anything starts",
    async (_n, setup, env, line, upLine) => {
      const { s, run } = await doctor(setup, env);
      expect(run.stdout).toMatch(line);
      expect(run.code).toBe(1);
      // The same check stops up: exit 1, no container started, no file of the app written.
      const up = await cli(s, "up", [], env);
      expect(up.code, up.stderr).toBe(1);
      expect(up.stderr).toMatch(upLine);
      expect(s.dockerCalls().filter((c) => c.argv.includes("up"))).toEqual([]);
      expect(existsSync(join(s.app, "docker-compose.convex.yml"))).toBe(false);
      expect(existsSync(join(s.app, ".env.convex.local"))).toBe(false);
    },
  );

  it("S3 storage with a bucket missing (a real S3 server): doctor FAILs naming the flag, and up stops on it", async () => {
    const server = await startS3Server(["c-exports", "c-files", "c-modules", "c-imports"]);
    try {
      const flags = [
        ...["exports", "files", "modules", "search", "snapshot-imports"].flatMap((area) => [
          `--s3-${area}-bucket`,
          `c-${area === "snapshot-imports" ? "imports" : area}`,
        ]),
        "--s3-endpoint",
        server.endpoint,
        "--s3-region",
        "us-east-1",
      ];
      // The keys from the environment, as the docs advise on the command line.
      const env = {
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: "cli-secret-value",
      };
      const { s, run } = await doctor(() => {}, env, flags);
      expect(run.stdout).toMatch(
        /✗ S3 storage: bucket "c-search" \(--s3-search-bucket\) does not exist at 127\.0\.0\.1:\d+\.\n {2}-> Create it/,
      );
      expect(run.code).toBe(1);
      const up = await cli(s, "up", flags, env);
      expect(up.code, up.stderr).toBe(1);
      expect(up.stderr).toMatch(
        /S3 storage: bucket "c-search" \(--s3-search-bucket\) does not exist .* Nothing was started\./,
      );
      expect(`${run.stdout}${up.stdout}${up.stderr}`).not.toContain("cli-secret-value");
      expect(s.dockerCalls().filter((c) => c.argv.includes("up"))).toEqual([]);
      expect(existsSync(join(s.app, ".env.convex.local"))).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it("a JWKS on disk that is not the key's: WARN (up rewrites it from the key), exit 0", async () => {
    const { run } = await doctor(async (s) => {
      const { generateKeyPairSync } = await import("node:crypto");
      const pem = (k: unknown) =>
        (k as { export(o: object): string }).export({ type: "pkcs8", format: "pem" });
      writeFileSync(
        join(s.app, "jwt_private_key.pem"),
        pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
      );
      writeFileSync(
        join(s.app, ".env.convex.deployment"),
        `JWKS='{"keys":[{"kty":"RSA","n":"other","e":"AQAB"}]}'\n`,
      );
    });
    expect(run.stdout).toMatch(
      /! JWKS in \.env\.convex\.deployment is not the public key of jwt_private_key\.pem: up rewrites JWKS from the key/,
    );
    expect(run.code, run.stdout).toBe(0);
  });

  it("a convex CLI newer than the backend image's release: WARN naming both fixes, exit 0; the pinned release passes", async () => {
    const old = "ghcr.io/get-convex/convex-backend:ef9b6644c14012425503c9d66b50effdfc16a950";
    const { run } = await doctor(() => {}, {}, ["--backend-image", old]);
    expect(run.stdout).toMatch(
      /^! The app's convex CLI 1\.48\.0 is newer than backend release precompiled-2025-11-04-ef9b664 \(2025-11-04\) understands \(it serves 1\.19\.1 to 1\.31\.6\): from convex 1\.31\.7 on, the CLI sends appDefinition\.changedModules .* missing field `functions`.*\n {2}-> Upgrade the backend to release precompiled-2026-08-22-652b828: `npx setup-coder-convex upgrade --release 652b828b5129e6cdbcaa3c20efa8d116d09ff3bf`; or pin the app's CLI to what the release serves: `npm install --save-exact convex@1\.31\.6`\.$/m,
    );
    expect(run.code, run.stdout).toBe(0);
    const pinned = await doctor(() => {});
    expect(pinned.run.stdout).toMatch(
      /^✓ convex 1\.48\.0 can deploy to backend release precompiled-2026-08-22-652b828 \(2026-08-21\) \(it serves 1\.19\.1 to 1\.51\.0, newer not checked\)\.$/m,
    );
    expect(pinned.run.stdout).not.toMatch(/newer than backend release/);
  });

  it("target connect: no Docker, port or database checks (up makes none), even with the engine down", async () => {
    const { run } = await doctor(() => {}, { FAKE_DOCKER_NO_ENGINE: "1" }, [
      ...CONNECT_FLAGS,
      "--instance-secret",
      "ab".repeat(32),
    ]);
    expect(run.stdout).not.toMatch(/Docker engine|docker compose|Ports /);
    // Its image is not known here: no release check, neither a warning nor a note.
    expect(run.stdout).not.toMatch(/backend release|not a release this tool knows/);
    expect(run.stdout).toContain("✓ target connect: the running backend has its own database and ports");
    expect(run.code, run.stdout).toBe(0);
  });

  it("ports held by this app's own running backend pass", async () => {
    const { s } = await doctor(() => {});
    const up = await cli(s, "up", ["--no-deploy", "--no-verify"]);
    expect(up.code, up.stderr).toBe(0);
    const again = await cli(s, "doctor");
    expect(again.stdout).toMatch(/✓ Ports \d+, \d+ are held by this app's own containers/);
    expect(again.stdout).toMatch(/✓ The admin key in \.env\.local belongs to this instance/);
  });
});
