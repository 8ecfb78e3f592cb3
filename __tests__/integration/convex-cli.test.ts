/**
 * The real `convex` npm CLI (1.48.0) against the stand-in backend: proves the stand-in speaks
 * the CLI's protocol, and pins the CLI facts the project depends on (docs/backend-facts.md#convex-cli).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveAdminKey, generateInstanceSecret } from "../../src/core/admin-key.js";
import { deriveConvexCliEnv } from "../../src/core/project.js";
import { freePort, ROOT } from "../helpers/sandbox.js";

const CONVEX = join(ROOT, "node_modules/.bin/convex");
let dir: string;
let api: number;
let child: ReturnType<typeof spawn>;
const secret = generateInstanceSecret();
const adminKey = deriveAdminKey({ instanceName: "cli-test", instanceSecret: secret });

function convex(args: string[], env: Record<string, string | undefined>, input?: string) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(CONVEX, args, {
      cwd: join(dir, "app"),
      env: env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.stdin.end(input ?? "");
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}
/** The child environment setup-coder-convex gives the CLI, with this key. */
const cliEnv = (key: string) =>
  deriveConvexCliEnv({ PATH: process.env.PATH, HOME: dir }, `http://127.0.0.1:${api}`, key);
const vars = () => JSON.parse(readFileSync(join(dir, "data/environment-variables.json"), "utf8"));
const requests = () =>
  readFileSync(join(dir, "data/requests.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "convex-cli-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(
    join(dir, "app/package.json"),
    JSON.stringify({ name: "x", dependencies: { convex: "1.48.0" } }),
  );
  api = await freePort();
  child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
    env: {
      ...process.env,
      INSTANCE_NAME: "cli-test",
      INSTANCE_SECRET: secret,
      STANDIN_API_PORT: String(api),
      STANDIN_SITE_PORT: String(await freePort()),
      STANDIN_DATA: join(dir, "data"),
    },
    stdio: "ignore",
  });
  // Until it answers (a busy machine may take seconds to start Node), bounded.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (
      await fetch(`http://127.0.0.1:${api}/version`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("the real convex CLI against the stand-in backend", () => {
  it("`env set` is one POST /api/update_environment_variables with the admin key", async () => {
    const env = cliEnv(adminKey);
    const r = await convex(["env", "set", "GREETING", "hello world"], env);
    expect(r.code, r.out).toBe(0);
    expect(vars().GREETING).toBe("hello world");
    const last = requests().at(-1);
    expect(last).toMatchObject({ method: "POST", path: "/api/update_environment_variables", auth: "valid" });
    expect(JSON.parse(last.body)).toEqual({ changes: [{ name: "GREETING", value: "hello world" }] });
  });

  it("a wrong admin key is refused by the stand-in, and the CLI fails", async () => {
    const env = cliEnv(
      deriveAdminKey({ instanceName: "cli-test", instanceSecret: generateInstanceSecret() }),
    );
    const r = await convex(["env", "set", "NOPE", "x"], env);
    expect(r.code).not.toBe(0);
    expect(vars().NOPE).toBeUndefined();
  });

  it("FACT: a value starting with '-' (a PEM) is taken as an option, so the orchestrator never passes keys as argv", async () => {
    const env = cliEnv(adminKey);
    const r = await convex(["env", "set", "PEM_LIKE", "-----BEGIN PRIVATE KEY-----"], env);
    expect(r.code).not.toBe(0);
    expect(vars().PEM_LIKE).toBeUndefined();
    const ok = await convex(["env", "set", "PEM_LIKE=-----BEGIN PRIVATE KEY-----"], env);
    expect(ok.code, ok.out).toBe(0);
    expect(vars().PEM_LIKE).toBe("-----BEGIN PRIVATE KEY-----");
  });

  it("FACT: blanking CONVEX_DEPLOYMENT / CONVEX_DEPLOY_KEY in the child env beats a .env.local that sets them", async () => {
    writeFileSync(
      join(dir, "app/.env.local"),
      "CONVEX_DEPLOYMENT=dev:somewhere-else\nCONVEX_DEPLOY_KEY=prod:bogus|key\n",
    );
    try {
      const env = cliEnv(adminKey);
      const r = await convex(["env", "set", "AFTER_BLANKING", "yes"], env);
      expect(r.code, r.out).toBe(0);
      expect(vars().AFTER_BLANKING).toBe("yes");
      // Without blanking, the CLI crashes next to CONVEX_DEPLOYMENT (a CONVEX_DEPLOY_KEY would
      // silently send it to the cloud instead: slow to show here without a network).
      writeFileSync(join(dir, "app/.env.local"), "CONVEX_DEPLOYMENT=dev:somewhere-else\n");
      const unblanked = {
        PATH: process.env.PATH,
        HOME: dir,
        CONVEX_SELF_HOSTED_URL: `http://127.0.0.1:${api}`,
        CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
      };
      const before = requests().length;
      const bad = await convex(["env", "set", "UNBLANKED", "x"], unblanked);
      expect(bad.code).not.toBe(0);
      expect(bad.out).toMatch(/CONVEX_DEPLOYMENT must not be set/);
      expect(requests().length).toBe(before);
    } finally {
      rmSync(join(dir, "app/.env.local"));
    }
  });
});

/**
 * What backup and restore rely on (src/backup.ts, src/restore.ts): the CLI's `export` and `import`
 * against the routes of the pinned release (crates/local_backend/src/router.rs), in the order the
 * CLI calls them (npm convex 1.48.0 cli/lib/convexExport.ts and convexImport.ts).
 */
describe("the real convex CLI's export and import against the stand-in", () => {
  const since = (n: number) => requests().slice(n);
  const route = (r: { method: string; path: string; sync?: string; queries?: string[] }) =>
    r.method === "WS" ? `WS ${r.sync}${r.queries ? ` ${r.queries.join(" ")}` : ""}` : `${r.method} ${r.path}`;

  it("FACT: `import --table` uploads in parts, then waits on queryImport through the sync socket and confirms", async () => {
    writeFileSync(join(dir, "app/messages.jsonl"), '{"text":"a"}\n{"text":"b"}\n');
    const n = requests().length;
    const r = await convex(["import", "--yes", "--table", "messages", "messages.jsonl"], cliEnv(adminKey));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Added 2 documents to table "messages".');
    const calls = since(n).map(route);
    expect(calls).toEqual(
      expect.arrayContaining([
        "POST /api/query",
        "POST /api/import/start_upload",
        "POST /api/import/upload_part",
        "POST /api/import/finish_upload",
        "WS Authenticate",
        "WS ModifyQuerySet _system/cli/queryImport:default",
        "POST /api/perform_import",
      ]),
    );
    expect(calls.indexOf("POST /api/import/finish_upload")).toBeLessThan(
      calls.indexOf("POST /api/perform_import"),
    );
  });

  it("FACT: `export --path` requests a ZIP, waits on exports:getLatest through the sync socket, then downloads it", async () => {
    const n = requests().length;
    const zip = join(dir, "snap.zip");
    const r = await convex(["export", "--path", zip, "--include-file-storage"], cliEnv(adminKey));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Downloaded snapshot export to ${zip}`);
    const made = since(n);
    expect(made.find((q) => q.path === "/api/export/request/zip")).toMatchObject({
      method: "POST",
      query: "includeStorage=true",
      auth: "valid",
    });
    expect(made.map(route)).toEqual(expect.arrayContaining(["WS Authenticate", "WS ModifyQuerySet"]));
    expect(made.some((q) => q.method === "GET" && /^\/api\/export\/zip\/\d+$/.test(q.path))).toBe(true);
    // It refuses to write over an existing file (backup exports into a fresh folder anyway).
    const again = await convex(["export", "--path", zip], cliEnv(adminKey));
    expect(again.code).not.toBe(0);
    expect(again.out).toContain(`Path ${zip} already exists.`);
  });

  it("FACT: `import --replace-all` of the ZIP is mode replaceAll, format zip; it deletes tables the ZIP lacks", async () => {
    writeFileSync(join(dir, "app/extra.jsonl"), '{"x":1}\n');
    const extra = await convex(["import", "--yes", "--table", "extra", "extra.jsonl"], cliEnv(adminKey));
    expect(extra.code, extra.out).toBe(0);
    const n = requests().length;
    const r = await convex(["import", "--yes", "--replace-all", join(dir, "snap.zip")], cliEnv(adminKey));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("Import change summary:");
    const finish = since(n).find((q) => q.path === "/api/import/finish_upload");
    expect(JSON.parse(finish.body).import).toEqual({ mode: "replaceAll", format: "zip" });
    expect(JSON.parse(readFileSync(join(dir, "data/tables.json"), "utf8"))).toEqual({ messages: 2 });
  });

  it("a wrong admin key fails the export before anything is written", async () => {
    const bad = deriveAdminKey({ instanceName: "cli-test", instanceSecret: generateInstanceSecret() });
    const r = await convex(["export", "--path", join(dir, "never.zip")], cliEnv(bad));
    expect(r.code).not.toBe(0);
    expect(existsSync(join(dir, "never.zip"))).toBe(false);
  });
});
