/**
 * command upgrade on target kubernetes, in process: the real pipeline against the cluster in memory
 * (helpers/memory-cluster.ts), whose backend pod migrates its volume's database as the release in
 * its image's tag does (doubles/stand-in-release.mjs). The deployment's documents are a small
 * model here: the convex CLI's export writes them as a snapshot ZIP (the double's ZIP writer) on
 * disk, its import puts a ZIP's back, and the system queries restore counts with read them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IMAGE_REPOSITORIES } from "../../src/core/compose.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { setup } from "../../src/setup.js";
import { type UpgradeError, upgrade } from "../../src/upgrade.js";
import { readZip, writeZip } from "../doubles/zip-double.mjs";
import { MemoryCluster } from "../helpers/memory-cluster.js";
import { world } from "../helpers/memory-world.js";

const NS = "previews";
const STS = "statefulset/convex-pr-7";
const DASHBOARD = "deployment/convex-pr-7-dashboard";
const image = (kind: "backend" | "dashboard", tag: string) => `${IMAGE_REPOSITORIES[kind]}:${tag}`;
const config = (raw: RawInputs) =>
  parseConfig(
    { "working-directory": "app", target: "kubernetes", namespace: NS, "instance-name": "pr-7", ...raw },
    {},
  );
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An instance set up with the release `tag`, holding documents; the export and import on disk. */
async function instance(tag: string) {
  const dir = mkdtempSync(join(tmpdir(), "upgrade-k8s-"));
  dirs.push(dir);
  const cluster = new MemoryCluster();
  const w = world({ backend: (url) => cluster.backend(url) });
  w.deps.kubectl = cluster.kubectl;
  const tables = new Map<string, object[]>([
    [
      "messages",
      [
        { _id: "m1", text: "a" },
        { _id: "m2", text: "b" },
      ],
    ],
    ["users", [{ _id: "u1", name: "ann" }]],
  ]);
  // A broken release's migration loses the documents.
  cluster.onBrokenMigration = () => tables.clear();
  const memory = w.deps.files;
  w.deps.files = {
    ...memory,
    exists: async (p) => (p.startsWith(dir) ? existsSync(p) : memory.exists(p)),
    isDirectory: async (p) => (p.startsWith(dir) ? false : memory.isDirectory(p)),
  };
  const cli = w.deps.convexCli;
  w.deps.convexCli = {
    ...cli,
    exportSnapshot: async (d, project, o) => {
      await cli.exportSnapshot(d, project, o);
      const names = [...tables.keys()].sort();
      writeFileSync(
        o.path,
        writeZip([
          ["README.md", "# snapshot\n"],
          ["_tables/documents.jsonl", names.map((name) => `${JSON.stringify({ name })}\n`).join("")],
          ...names.map(
            (t) =>
              [
                `${t}/documents.jsonl`,
                tables
                  .get(t)!
                  .map((x) => `${JSON.stringify(x)}\n`)
                  .join(""),
              ] as const,
          ),
        ]),
      );
      return { code: 0, stdout: "", stderr: "" };
    },
    restoreSnapshot: async (d, project, o) => {
      await cli.restoreSnapshot(d, project, o);
      tables.clear();
      for (const [entry, data] of readZip(readFileSync(o.file))) {
        const m = /^([^_/][^/]*)\/documents\.jsonl$/.exec(entry);
        if (m)
          tables.set(
            m[1]!,
            data
              .toString("utf8")
              .split("\n")
              .filter(Boolean)
              .map((l) => JSON.parse(l)),
          );
      }
      return { code: 0, stdout: "", stderr: "" };
    },
  };
  const fetchSite = w.deps.fetch!;
  w.deps.fetch = async (url, init) => {
    if (!String(url).endsWith("/api/query")) return fetchSite(url, init);
    const { path, args } = JSON.parse(String(init?.body)) as { path: string; args: [{ tableName?: string }] };
    const value =
      path === "_system/cli/tables"
        ? { page: [...tables.keys()].map((name) => ({ name })), isDone: true }
        : (tables.get(args[0].tableName!) ?? []).length;
    return Response.json({ status: "success", value });
  };
  const up = await setup(
    config({
      deploy: "false",
      "backend-image": image("backend", tag),
      "dashboard-image": image("dashboard", tag),
    }),
    w.deps,
  );
  expect(up.verified.every((c) => c.ok)).toBe(true);
  const documents = () => Object.fromEntries([...tables].map(([t, d]) => [t, d]));
  const images = () =>
    [STS, DASHBOARD].map((r) => {
      const [kind, name] = r.split("/") as [string, string];
      const o = cluster.get(NS, kind === "statefulset" ? "StatefulSet" : "Deployment", name);
      return o?.spec.template.spec.containers[0].image as string;
    });
  return { cluster, w, dir, documents, images };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => new Error("no error") as UpgradeError,
    (e: UpgradeError) => e,
  );

describe("upgrade on kubernetes (in process)", () => {
  it("dry-run prints the plan and changes nothing", async () => {
    const { cluster, w, dir, images } = await instance("test-db127");
    const calls = cluster.calls.length;
    const r = await upgrade(
      config({
        command: "upgrade",
        release: "test-db128",
        "dry-run": "true",
        "backup-file": join(dir, "b.zip"),
      }),
      w.deps,
    );
    expect(r.outcome).toBe("dry-run");
    expect(r.databaseBefore).toBe(127);
    expect(r.plan).toContain(
      `  backend    ${image("backend", "test-db127")} → ${image("backend", "test-db128")}`,
    );
    expect(images()).toEqual([image("backend", "test-db127"), image("dashboard", "test-db127")]);
    expect(
      cluster.calls.slice(calls).filter((c) => c.startsWith("setImage") || c.startsWith("apply")),
    ).toEqual([]);
    expect(existsSync(join(dir, "b.zip"))).toBe(false);
    expect(w.events).not.toContain("export");
  });

  it("upgrades: backup, both images together, the migration line, verify, deploy", async () => {
    const { cluster, w, dir, documents, images } = await instance("test-db127");
    const before = documents();
    const r = await upgrade(
      config({ command: "upgrade", release: "test-db128", "backup-file": join(dir, "b.zip") }),
      w.deps,
    );
    expect(r).toMatchObject({ outcome: "upgraded", databaseBefore: 127, databaseAfter: 128, deployed: true });
    expect(r.verified.map((c) => [c.name, c.ok])).toEqual([
      ["api", true],
      ["admin-key", true],
      ["variables", true],
    ]);
    expect(images()).toEqual([image("backend", "test-db128"), image("dashboard", "test-db128")]);
    expect(cluster.databases.get(`${NS}/convex-pr-7`)).toBe(128);
    // The backup before the images changed; the deploy after the migrations.
    const order = ["export", "deploy"].map((e) => w.events.indexOf(e));
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[1]).toBeGreaterThan(order[0]!);
    expect(cluster.calls.filter((c) => c.startsWith("setImage"))).toEqual([
      `setImage ${NS} ${STS} ${image("backend", "test-db128")}`,
      `setImage ${NS} ${DASHBOARD} ${image("dashboard", "test-db128")}`,
    ]);
    expect(documents()).toEqual(before);
    expect(w.lines).toContain("Migrated the database to 128; up to date at 128.");
  });

  it("a release that breaks after migrating: the old images, the backup's documents, verified", async () => {
    const { cluster, w, dir, documents, images } = await instance("test-db128");
    const before = documents();
    const e = await failure(
      upgrade(
        config({ command: "upgrade", release: "test-db129-exit", "backup-file": join(dir, "b.zip") }),
        w.deps,
      ),
    );
    expect(e.name).toBe("UpgradeError");
    expect(e.rollback).toMatchObject({
      imagesBack: true,
      databaseMoved: true,
      restoredFrom: join(dir, "b.zip"),
      verified: true,
    });
    expect(e.message).toContain(
      `Rolled back: the old images run again (backend ${image("backend", "test-db128")}, dashboard ${image("dashboard", "test-db128")}); its data is the backup's (${join(dir, "b.zip")}), restored because a migration had run; verified.`,
    );
    expect(images()).toEqual([image("backend", "test-db128"), image("dashboard", "test-db128")]);
    expect(documents()).toEqual(before);
    expect(w.events).toContain("import replace-all");
    expect(w.events).not.toContain("deploy");
    // The crashing pod was replaced by the old template's (the controller would wait for it).
    expect(cluster.deletedPods).toEqual(["convex-pr-7-0"]);
  });

  it("a release that breaks without migrating: the old images, the data left as it was (no restore)", async () => {
    const { w, dir, documents, images } = await instance("test-db128");
    const before = documents();
    const e = await failure(
      upgrade(
        config({ command: "upgrade", release: "test-db128-exit", "backup-file": join(dir, "b.zip") }),
        w.deps,
      ),
    );
    expect(e.rollback).toMatchObject({
      imagesBack: true,
      databaseMoved: false,
      restoredFrom: undefined,
      verified: true,
    });
    expect(e.message).toContain("its data was left as it was (no migration had run); verified.");
    expect(images()).toEqual([image("backend", "test-db128"), image("dashboard", "test-db128")]);
    expect(documents()).toEqual(before);
    expect(w.events).not.toContain("import replace-all");
  });

  it("no migration line within wait-timeout is a failure; the log cannot tell, so the backup is restored", async () => {
    const { w, dir, images } = await instance("test-db128");
    const e = await failure(
      upgrade(
        config({
          command: "upgrade",
          release: "test-db130-silent",
          "wait-timeout": "20",
          "backup-file": join(dir, "b.zip"),
        }),
        w.deps,
      ),
    );
    expect(e.step).toBe("Migrations");
    expect(e.message).toContain(
      'The backend did not log that its migrations are complete ("db metadata version up to date at N") within 20 s.',
    );
    expect(e.rollback).toMatchObject({ imagesBack: true, databaseMoved: undefined, verified: true });
    expect(e.message).toContain(
      "restored because the log did not tell whether a migration had run; verified.",
    );
    expect(images()).toEqual([image("backend", "test-db128"), image("dashboard", "test-db128")]);
  });

  it("refuses target connect and images of two releases before anything runs", () => {
    expect(() =>
      config({ command: "upgrade", target: "connect", release: "x", "convex-url": "https://a.example.com" }),
    ).toThrow(/target: is connect: command upgrade changes the images of a backend this tool runs/);
    expect(() =>
      config({
        command: "upgrade",
        "backend-image": image("backend", "a"),
        "dashboard-image": image("dashboard", "b"),
      }),
    ).toThrow(/backend-image: \(tag a\) and dashboard-image \(tag b\) are not the same release/);
    expect(() => config({ command: "upgrade" })).toThrow(/command: upgrade needs the release to upgrade to/);
  });
});
