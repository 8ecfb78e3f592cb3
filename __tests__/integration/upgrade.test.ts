/**
 * command upgrade on compose, end to end: setup-coder-convex's CLI as a child process, the fake
 * docker, the stand-in backend (whose image tag says its release's database version, and whether
 * it breaks: doubles/stand-in-release.mjs), and the real convex CLI making and importing the backup.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_REPOSITORIES } from "../../src/core/compose.js";
import {
  cli,
  deployWithFake,
  disposeSandboxes,
  docs,
  importTable,
  out,
  ownProject,
  sandbox,
  tables,
  volume,
} from "../helpers/day-two-sandbox.js";
import type { Sandbox } from "../helpers/sandbox.js";
import { CONNECT_FLAGS } from "../helpers/target-inputs.js";

disposeSandboxes();

const release = (tag: string) => [
  `${IMAGE_REPOSITORIES.backend}:${tag}`,
  `${IMAGE_REPOSITORIES.dashboard}:${tag}`,
];
const composeFile = (s: Sandbox) => readFileSync(join(s.app, "docker-compose.convex.yml"), "utf8");
const composeUps = (s: Sandbox) =>
  s.dockerCalls().filter((c) => c.argv.includes("up") && c.argv[0] === "compose").length;
const backups = (s: Sandbox) =>
  existsSync(join(s.app, ".convex-backups"))
    ? readdirSync(join(s.app, ".convex-backups")).filter((f) => f.endsWith(".zip"))
    : [];
const deploys = (s: Sandbox) =>
  readFileSync(s.files.convexLog, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { args: string[] })
    .filter((c) => c.args[0] === "deploy").length;
const databaseVersion = (s: Sandbox) => Number(readFileSync(join(volume(s), "database-version"), "utf8"));
/** The compose file with its image lines taken out: what must never change. */
const withoutImages = (text: string) =>
  text
    .split("\n")
    .filter((l) => !/^\s*image:/.test(l))
    .join("\n");

/** An app set up with the release tagged `tag` (the stand-in's database at its version), with data. */
async function setUp(tag: string) {
  const s = await sandbox();
  deployWithFake(s);
  const [backend, dashboard] = release(tag);
  const up = await cli(s, [
    "up",
    ...ownProject(s),
    "--no-deploy",
    "--backend-image",
    backend!,
    "--dashboard-image",
    dashboard!,
  ]);
  expect(up.code, out(up)).toBe(0);
  await importTable(s, "messages", [{ text: "a" }, { text: "b" }, { text: "c" }]);
  await importTable(s, "users", [{ name: "ann" }]);
  return s;
}

describe("upgrade (compose)", () => {
  it("dry-run changes nothing; images of two releases and target connect are refused", async () => {
    const s = await setUp("test-db127");
    const before = composeFile(s);
    const ups = composeUps(s);
    const dry = await cli(s, ["upgrade", "--release", "test-db128", "--dry-run"]);
    expect(dry.code, out(dry)).toBe(0);
    expect(dry.stdout).toContain(`backend    ${release("test-db127")[0]} → ${release("test-db128")[0]}`);
    expect(dry.stdout).toContain(`dashboard  ${release("test-db127")[1]} → ${release("test-db128")[1]}`);
    expect(dry.stdout).toContain("database   version 127 (from the backend's log)");
    expect(dry.stdout).toMatch(/backup {5}.*\.convex-backups\/app-\d{8}-\d{6}Z\.zip/);
    expect(dry.stdout).toContain("Dry run: nothing was changed.");
    expect(composeFile(s)).toBe(before);
    expect(composeUps(s)).toBe(ups);
    expect(backups(s)).toEqual([]);
    expect(databaseVersion(s)).toBe(127);

    // The same as the action's step: its summary holds the plan.
    const action = await s.runAction(
      s.actionEnv({ command: "upgrade", release: "test-db128", "dry-run": "true" }),
    );
    expect(action.code, out(action)).toBe(0);
    expect(s.summary()).toContain("### Convex upgrade");
    expect(s.summary()).toContain(`backend    ${release("test-db127")[0]} → ${release("test-db128")[0]}`);
    expect(composeFile(s)).toBe(before);
    expect(composeUps(s)).toBe(ups);

    const mixed = await cli(s, [
      "upgrade",
      "--backend-image",
      release("test-db128")[0]!,
      "--dashboard-image",
      release("test-db127")[1]!,
    ]);
    expect(mixed.code).toBe(1);
    expect(out(mixed)).toContain(
      "backend-image: (tag test-db128) and dashboard-image (tag test-db127) are not the same release",
    );
    const both = await cli(s, ["upgrade", "--release", "x", "--backend-image", release("x")[0]!]);
    expect(both.code).toBe(1);
    expect(out(both)).toContain("release: and backend-image/dashboard-image both say what to upgrade to");
    const connect = await cli(s, [
      "upgrade",
      ...CONNECT_FLAGS,
      "--admin-key",
      "app|0123",
      "--release",
      "test-db128",
    ]);
    expect(connect.code).toBe(1);
    expect(out(connect)).toContain(
      "target: is connect: command upgrade changes the images of a backend this tool runs",
    );
    expect(composeFile(s)).toBe(before);
    expect(composeUps(s)).toBe(ups);
  }, 240_000);

  it("upgrades (backup, images, migrations, verify, deploy); a release that breaks ends on the old images with the backup's data; no migration line in time fails too", async () => {
    const s = await setUp("test-db127");
    const original = composeFile(s);
    const messages = docs(volume(s), "messages");

    const ok = await cli(s, ["upgrade", "--release", "test-db128"]);
    expect(ok.code, out(ok)).toBe(0);
    expect(ok.stdout).toContain(`Upgraded t${s.ports.api} to release test-db128`);
    expect(ok.stdout).toContain("Database   127 → 128 (from the backend's log)");
    expect(ok.stdout).toContain("Verified   api, admin-key, variables");
    expect(ok.stdout).toContain("Deployed   yes");
    expect(out(ok)).toContain("Migrated the database to 128; up to date at 128.");
    // Only the image lines changed, and the new images run.
    const upgraded = composeFile(s);
    expect(withoutImages(upgraded)).toBe(withoutImages(original));
    expect(upgraded).toContain(`image: ${release("test-db128")[0]}`);
    expect(upgraded).toContain(`image: ${release("test-db128")[1]}`);
    expect(upgraded).not.toContain("test-db127");
    expect(databaseVersion(s)).toBe(128);
    expect(deploys(s)).toBe(1);
    expect(backups(s)).toHaveLength(1);
    expect(docs(volume(s), "messages")).toEqual(messages);
    const again = await cli(s, ["upgrade", "--release", "test-db128"]);
    expect(again.code, out(again)).toBe(0);
    expect(again.stdout).toContain("runs release test-db128 already: nothing was changed.");

    // A release whose migration empties the tables and crashes: the old images and the backup's data.
    const broken = await cli(s, ["upgrade", "--release", "test-db129-exit", "--wait-timeout", "30"]);
    expect(broken.code).toBe(1);
    const said = out(broken);
    expect(said).toContain('The upgrade failed at "Wait for the backend"');
    expect(said).toContain(
      `Rolled back: the old images run again (backend ${release("test-db128")[0]}, dashboard ${release("test-db128")[1]})`,
    );
    expect(said).toMatch(
      /its data is the backup's \(.*\.zip\), restored because a migration had run; verified\./,
    );
    expect(composeFile(s)).toBe(upgraded);
    expect(tables(volume(s))).toEqual({ messages: 3, users: 1 });
    expect(docs(volume(s), "messages")).toEqual(messages);
    const status = await cli(s, ["status"]);
    expect(status.stdout).toMatch(/backend\s+running/);

    // No migration line within wait-timeout: a failure; the log cannot tell, so the backup is restored.
    const silent = await cli(s, ["upgrade", "--release", "test-db130-silent", "--wait-timeout", "3"]);
    expect(silent.code).toBe(1);
    expect(out(silent)).toContain('The upgrade failed at "Migrations"');
    expect(out(silent)).toContain(
      'did not log that its migrations are complete ("db metadata version up to date at N") within 3 s',
    );
    expect(out(silent)).toContain(
      "restored because the log did not tell whether a migration had run; verified.",
    );
    expect(composeFile(s)).toBe(upgraded);
    expect(docs(volume(s), "messages")).toEqual(messages);
    expect(backups(s)).toHaveLength(3);
  }, 360_000);
});
