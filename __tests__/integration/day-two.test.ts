/**
 * backup and restore end to end: setup-coder-convex's CLI (and the action) as child processes,
 * the fake docker (and fake kubectl), the stand-in backend, and the REAL convex CLI 1.48.0 of
 * node_modules making and importing the snapshot (`convex export`, `convex import --replace-all`):
 * the stand-in speaks the pinned release's export/import routes and the sync socket the CLI waits on.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { describe, expect, it } from "vitest";
// The double's own ZIP reader, independent of src/adapters/snapshot-zip.ts.
import { readZip, writeZip } from "../doubles/zip-double.mjs";
import {
  cli,
  disposeSandboxes,
  docs,
  importTable,
  out,
  ownProject,
  plainSandbox,
  ports,
  requests,
  sandbox,
  tables,
  volume,
} from "../helpers/day-two-sandbox.js";
import { ROOT } from "../helpers/sandbox.js";
import { zip64 } from "../helpers/zip64.js";

disposeSandboxes();

describe("backup and restore (compose, the real convex CLI)", () => {
  it("backs up, refuses to replace data without --yes, restores with it, and verifies", async () => {
    const s = await sandbox();
    const up = await cli(s, [
      "up",
      ...ownProject(s),
      "--no-deploy",
      "--env-vars",
      "GREETING=hello",
      "--disable-beacon",
      "--document-retention",
      "172800",
      "--backend-env",
      "LOG_FORMAT=json",
    ]);
    expect(up.code, out(up)).toBe(0);
    // The backend's settings reach the container's environment through the compose file.
    const compose = readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8");
    for (const line of ['DISABLE_BEACON: "1"', 'DOCUMENT_RETENTION_DELAY: "172800"', "LOG_FORMAT: json"])
      expect(compose).toContain(line);
    await importTable(s, "messages", [{ text: "a" }, { text: "b" }, { text: "c" }]);
    await importTable(s, "users", [{ name: "ann" }, { name: "bob" }]);
    const before = docs(volume(s), "messages");

    const b = await cli(s, ["backup"]);
    expect(b.code, out(b)).toBe(0);
    const folder = join(s.app, ".convex-backups");
    const [zipName] = readdirSync(folder).filter((f) => f.endsWith(".zip"));
    expect(zipName).toMatch(/^app-\d{8}-\d{6}Z\.zip$/);
    const zip = join(folder, zipName!);
    expect(statSync(zip).mode & 0o777).toBe(0o600);
    expect(b.stdout).toContain(`ZIP        .convex-backups/${zipName}`);
    expect(b.stdout).toContain("Documents  5 (messages: 3, users: 2)");
    // The snapshot as the backend lays it out, read with the double's own reader.
    const entries = readZip(readFileSync(zip));
    expect([...entries.keys()]).toEqual(
      expect.arrayContaining([
        "README.md",
        "_tables/documents.jsonl",
        "messages/documents.jsonl",
        "users/documents.jsonl",
      ]),
    );
    // The variables file: names only, not secret.
    const envFile = zip.replace(/\.zip$/, ".env.json");
    expect(statSync(envFile).mode & 0o777).toBe(0o644);
    const manifest = JSON.parse(readFileSync(envFile, "utf8"));
    expect(manifest).toMatchObject({
      format: "setup-coder-convex/backup@1",
      target: "compose",
      instanceName: "app",
      zip: zipName,
      convexVersion: "1.48.0",
      tables: { messages: 3, users: 2 },
      includesFileStorage: false,
    });
    expect(manifest.variables).toEqual(expect.arrayContaining(["GREETING", "JWKS", "JWT_PRIVATE_KEY"]));
    expect(manifest.values).toBeUndefined();
    expect(readFileSync(envFile, "utf8")).not.toContain("hello");
    // git-ignored the way the tool manages .gitignore: added once.
    expect(readFileSync(join(s.app, ".gitignore"), "utf8")).toContain("\n/.convex-backups/\n");
    // The CLI's own export: requested, waited on through the sync socket, downloaded.
    const paths = requests(volume(s)).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(["POST /api/export/request/zip", "WS /api/sync"]));
    expect(paths.some((p) => p.startsWith("GET /api/export/zip/"))).toBe(true);
    // Secrets never printed.
    const adminKey = dotenvParse(readFileSync(join(s.app, ".env.local"))).CONVEX_SELF_HOSTED_ADMIN_KEY!;
    expect(out(b)).not.toContain(adminKey);

    // The deployment changes after the backup.
    await importTable(s, "messages", [{ text: "d" }], ["--append"]);
    await importTable(s, "extra", [{ x: 1 }]);
    expect(tables(volume(s))).toEqual({ messages: 4, users: 2, extra: 1 });

    const refused = await cli(s, ["restore", "--backup-file", `.convex-backups/${zipName}`]);
    expect(refused.code).toBe(1);
    expect(out(refused)).toContain(
      "restore refused: the deployment holds data (extra: 1, messages: 4, users: 2), and a restore replaces every table with the backup's (messages: 3, users: 2).",
    );
    expect(out(refused)).toContain("confirm-restore: true (CLI: --yes)");
    expect(tables(volume(s))).toEqual({ messages: 4, users: 2, extra: 1 });

    const restored = await cli(s, ["restore", "--backup-file", `.convex-backups/${zipName}`, "--yes"]);
    expect(restored.code, out(restored)).toBe(0);
    expect(tables(volume(s))).toEqual({ messages: 3, users: 2 });
    // The documents themselves, with their ids, as they were backed up.
    expect(docs(volume(s), "messages")).toEqual(before);
    expect(restored.stdout).toContain("verified");
    expect(restored.stdout).toContain("Before     extra: 1, messages: 4, users: 2");
    expect(out(restored)).toContain("✓ every table holds the backup's documents (messages: 3, users: 2).");
    const importCall = requests(volume(s))
      .filter((r) => r.path === "/api/import/finish_upload")
      .at(-1);
    expect(JSON.parse(importCall.body).import).toMatchObject({ mode: "replaceAll", format: "zip" });

    // A backup never replaces a file.
    const again = await cli(s, ["backup", "--backup-file", `.convex-backups/${zipName}`]);
    expect(again.code).toBe(1);
    expect(out(again)).toContain("exists; a backup never replaces a file.");
  }, 360_000);

  it("a backup seeds a new preview: the stand-in's export, made by `backup`, imported with seed-import from a path", async () => {
    const s = await sandbox();
    const up = await cli(s, ["up", ...ownProject(s), "--no-deploy"]);
    expect(up.code, out(up)).toBe(0);
    await importTable(s, "messages", [{ text: "a" }, { text: "b" }, { text: "c" }]);
    await importTable(s, "users", [{ name: "ann" }, { name: "bob" }]);
    const b = await cli(s, ["backup", "--backup-file", ".convex-backups/prod.zip"]);
    expect(b.code, out(b)).toBe(0);

    // Another checkout (the fake convex CLI for deploy, run and import) with that backup in it.
    const preview = await plainSandbox();
    mkdirSync(join(preview.app, ".convex-backups"));
    writeFileSync(
      join(preview.app, ".convex-backups/prod.zip"),
      readFileSync(join(s.app, ".convex-backups/prod.zip")),
    );
    const run = await preview.runAction(
      preview.actionEnv({ cleanup: "false", "seed-import": ".convex-backups/prod.zip" }),
    );
    expect(run.code, out(run)).toBe(0);
    expect(preview.outputs().seeded).toBe("true");
    expect(tables(volume(preview))).toEqual({ messages: 3, users: 2 });
    expect(docs(volume(preview), "messages").map((d) => d.text)).toEqual(["a", "b", "c"]);
  }, 360_000);

  it("include-env-values saves the values (0600) outside the app, and restore sets them again; an empty deployment needs no --yes", async () => {
    const s = await sandbox();
    const project = ["--project-name", `t${s.ports.api}`];
    const up = await cli(s, [
      "up",
      ...ports(s),
      ...project,
      "--no-deploy",
      "--env-vars",
      "GREETING=hello\nSTRIPE_SECRET_KEY=sk_test_0123456789abcdef",
    ]);
    expect(up.code, out(up)).toBe(0);
    await importTable(s, "messages", [{ text: "a" }]);
    const outside = join(s.root, "backups");
    mkdirSync(outside);
    const b = await cli(s, [
      "backup",
      "--backup-file",
      join(outside, "b.zip"),
      "--include-env-values",
      "--include-file-storage",
    ]);
    expect(b.code, out(b)).toBe(0);
    expect(out(b)).not.toContain("sk_test_0123456789abcdef");
    const envFile = join(outside, "b.env.json");
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(envFile, "utf8"));
    expect(manifest.values).toMatchObject({
      GREETING: "hello",
      STRIPE_SECRET_KEY: "sk_test_0123456789abcdef",
    });
    expect(manifest.includesFileStorage).toBe(true);
    expect(manifest.storageFiles).toBe(0);
    expect(requests(volume(s)).find((r) => r.path === "/api/export/request/zip").query).toBe(
      "includeStorage=true",
    );
    expect(readZip(readFileSync(join(outside, "b.zip"))).has("_storage/documents.jsonl")).toBe(true);
    // An explicit path outside the app: .gitignore is not touched.
    expect(readFileSync(join(s.app, ".gitignore"), "utf8")).not.toContain("convex-backups");

    // A new, empty deployment (its volume removed): restore fills it without --yes.
    const down = await cli(s, ["down", ...project, "--volumes"]);
    expect(down.code, out(down)).toBe(0);
    const again = await cli(s, [
      "up",
      ...ports(s),
      ...project,
      "--no-deploy",
      "--env-vars",
      "GREETING=changed",
    ]);
    expect(again.code, out(again)).toBe(0);
    expect(tables(volume(s))).toEqual({});
    const r = await cli(s, ["restore", "--backup-file", join(outside, "b.zip")]);
    expect(r.code, out(r)).toBe(0);
    expect(tables(volume(s))).toEqual({ messages: 1 });
    const vars = JSON.parse(readFileSync(join(volume(s), "environment-variables.json"), "utf8"));
    expect(vars).toMatchObject({ GREETING: "hello", STRIPE_SECRET_KEY: "sk_test_0123456789abcdef" });
    // GREETING, SITE_URL and STRIPE_SECRET_KEY; the keys up manages are kept as up set them.
    expect(out(r)).toContain("✓ 3 variables hold the backup's values.");
    expect(out(r)).toContain("kept CONVEX_SITE_ORIGIN, JWKS, JWT_ISSUER, JWT_PRIVATE_KEY as up set them.");
    expect(out(r)).not.toContain("sk_test_0123456789abcdef");
  }, 360_000);

  it("nothing set up here: backup says so before anything runs", async () => {
    const s = await sandbox();
    const r = await cli(s, ["backup"]);
    expect(r.code).toBe(1);
    expect(out(r)).toContain("No docker-compose.convex.yml in");
    expect(out(r)).toContain("nothing was set up here with target compose");
  }, 60_000);
});

describe("backup as the action's command", () => {
  it("command: backup sets the backup-file output", async () => {
    const s = await sandbox();
    const up = await s.runAction(s.actionEnv({ cleanup: "false", deploy: "false" }));
    expect(up.code, out(up)).toBe(0);
    await importTable(s, "messages", [{ text: "a" }, { text: "b" }]);
    writeFileSync(s.files.output, "");
    const b = await s.runAction(s.actionEnv({ command: "backup", "backup-file": "snap.zip" }));
    expect(b.code, out(b)).toBe(0);
    expect(s.outputs()["backup-file"]).toBe(join(s.app, "snap.zip"));
    expect(s.summary()).toContain("### Convex backup");
    expect(s.summary()).toContain("2 documents (messages: 2)");
  }, 180_000);
});

describe("backup and restore on kubernetes (fake kubectl, port-forward)", () => {
  it("reaches the instance through its Secret and a port-forward", async () => {
    const s = await sandbox({ kubectl: true });
    const k8s = [
      "--target",
      "kubernetes",
      "--namespace",
      "previews",
      "--instance-name",
      "pr-7",
      "--api-port",
      String(s.ports.api),
      "--site-port",
      String(s.ports.site),
    ];
    const up = await cli(s, [
      "up",
      ...k8s,
      "--no-deploy",
      "--no-dashboard",
      "--log-level",
      "warn,database=debug",
      "--redact-logs-to-client",
    ]);
    expect(up.code, out(up)).toBe(0);
    // The same settings, in the StatefulSet the cluster stored.
    const sts = JSON.parse(
      readFileSync(join(s.kubeState, "objects/previews/statefulset/convex-pr-7.json"), "utf8"),
    );
    expect(sts.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: "RUST_LOG", value: "warn,database=debug" },
        { name: "REDACT_LOGS_TO_CLIENT", value: "1" },
      ]),
    );
    const b = await cli(s, ["backup", ...k8s]);
    expect(b.code, out(b)).toBe(0);
    expect(b.stdout).toContain("ZIP        .convex-backups/pr-7-");
    expect(b.stdout).toContain("Documents  0 (no documents)");
    const zip = readdirSync(join(s.app, ".convex-backups")).find((f) => f.endsWith(".zip"))!;
    const r = await cli(s, ["restore", ...k8s, "--backup-file", `.convex-backups/${zip}`]);
    expect(r.code, out(r)).toBe(0);
    expect(r.stdout).toContain("verified");
  }, 180_000);
});

describe("the ZIPs the snapshot reader's unit tests read", () => {
  const unzip = spawnSync("unzip", ["-v"]).status === 0;
  it.skipIf(!unzip)("are valid for Info-ZIP's unzip: the stand-in's and the ZIP64 one", () => {
    const dir = join(ROOT, ".cache");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `zip64-${process.pid}.zip`);
    writeFileSync(
      path,
      zip64([
        ["README.md", "x"],
        ["big/documents.jsonl", '{"n":1}\n{"n":2}\n'],
      ]),
    );
    const r = spawnSync("unzip", ["-tq", path], { encoding: "utf8" });
    rmSync(path, { force: true });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const standIn = join(dir, `standin-${process.pid}.zip`);
    writeFileSync(
      standIn,
      writeZip([
        ["README.md", "x"],
        ["t/documents.jsonl", '{"a":1}\n'],
      ]),
    );
    const s = spawnSync("unzip", ["-tq", standIn], { encoding: "utf8" });
    rmSync(standIn, { force: true });
    expect(s.status, s.stdout + s.stderr).toBe(0);
  });
});
