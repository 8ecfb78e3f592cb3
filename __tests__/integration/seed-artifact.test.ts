/**
 * seed-artifact's download and unpacking (adapters/seed-artifact.ts) against GitHub's REST API
 * answered by nock (fixtures/github; no other request may leave): the list of artifacts, the
 * download's redirect to a storage URL, the artifact ZIP wrapping the backup ZIP as
 * actions/upload-artifact makes it, and hostile artifacts refused before anything is unpacked.
 * The backup ZIP has the layout of the stand-in's export (doubles/stand-in-store.mjs buildZip).
 * In this (integration) project because nock replaces the global fetch.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchSeedArtifact } from "../../src/action/seed-artifact.js";
import { writeZip } from "../doubles/zip-double.mjs";
import { ROOT } from "../helpers/sandbox.js";

const LIST = JSON.parse(readFileSync(join(ROOT, "__tests__/fixtures/github/artifacts-list.json"), "utf8"));
const API = "https://api.github.com";
const BLOB = "https://productionresultssa1.blob.core.windows.net";

/** A backup ZIP as `convex export` (and the stand-in's) lays it out: 3 users, 1 project. */
const users = [1, 2, 3].map((n) => `${JSON.stringify({ _id: `u${n}`, name: `user ${n}` })}\n`).join("");
const BACKUP = writeZip([
  ["README.md", "# A snapshot export\n"],
  ["_tables/documents.jsonl", '{"name":"users","id":10001}\n{"name":"projects","id":10002}\n'],
  ["users/documents.jsonl", users],
  ["users/generated_schema.jsonl", '"uniform"\n'],
  ["projects/documents.jsonl", '{"_id":"p1","title":"x"}\n'],
]);
const MANIFEST = JSON.stringify({ format: "setup-coder-convex/backup@1", zip: "app-20261205-031000Z.zip" });

/**
 * The list (the repository's, or run `runId`'s), then artifact `id`'s download: a 302 to storage,
 * which answers `zip`.
 */
function github(id: number, zip: Buffer, runId?: number) {
  const artifacts = LIST.artifacts
    .filter((a: { workflow_run: { id: number } }) => runId === undefined || a.workflow_run.id === runId)
    // The size the list gives is the artifact's (the ZIP downloaded).
    .map((a: object) => ({ ...a, size_in_bytes: zip.length }));
  const list = nock(API)
    .get(
      runId === undefined
        ? "/repos/acme/shop/actions/artifacts"
        : `/repos/acme/shop/actions/runs/${runId}/artifacts`,
    )
    .query({ name: "prod-backup", per_page: "100" })
    .reply(200, { total_count: artifacts.length, artifacts });
  const download = nock(API)
    .get(`/repos/acme/shop/actions/artifacts/${id}/zip`)
    .reply(302, "", { Location: `${BLOB}/actions-results/${id}/prod-backup.zip?sig=abc` });
  // The storage URL is another origin: fetch drops the token on the redirect (it never reaches storage).
  const blob = nock(BLOB, { badheaders: ["authorization"] })
    .get(`/actions-results/${id}/prod-backup.zip`)
    .query({ sig: "abc" })
    .reply(200, zip, { "Content-Type": "application/zip" });
  return () => [list, download, blob].every((s) => s.isDone());
}

let tmp: string;
const options = (extra: Partial<Parameters<typeof fetchSeedArtifact>[1]> = {}) => ({
  repository: "acme/shop",
  token: "ghs_testtoken",
  warn: () => {},
  tmp,
  retryAfterBaseValue: 0,
  ...extra,
});

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "seed-artifact-test-"));
});
afterEach(() => {
  nock.cleanAll();
  rmSync(tmp, { recursive: true, force: true });
});

describe("fetchSeedArtifact", () => {
  it("takes the newest artifact of that name, follows the redirect, unpacks the backup (0600) and removes it after", async () => {
    const done = github(
      4410002,
      writeZip([
        ["app-20261205-031000Z.zip", BACKUP],
        ["app-20261205-031000Z.env.json", MANIFEST],
      ]),
    );
    const seed = await fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options());
    expect(done()).toBe(true);
    expect(seed.summary.tables).toEqual({ users: 3, projects: 1 });
    expect(seed.description).toBe(
      "artifact prod-backup of run 9000000002 (app-20261205-031000Z.zip, made 2026-12-05T03:10:00Z)",
    );
    expect(readFileSync(seed.file)).toEqual(BACKUP);
    expect(statSync(seed.file).mode & 0o777).toBe(0o600);
    // Only the backup is left unpacked; the .env.json (values could be secrets) never is.
    expect(readdirSync(join(seed.file, ".."))).toEqual(["backup.zip"]);
    await seed.remove();
    expect(existsSync(seed.file)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("seed-artifact-run-id picks that run's artifact", async () => {
    const done = github(4410001, writeZip([["app.zip", BACKUP]]), 9000000001);
    const seed = await fetchSeedArtifact({ name: "prod-backup", runId: 9000000001 }, options());
    expect(done()).toBe(true);
    expect(seed.description).toMatch(/^artifact prod-backup of run 9000000001 \(app\.zip/);
    await seed.remove();
  });

  it.each<[string, Buffer, RegExp]>([
    [
      "an entry climbing out with ../",
      writeZip([
        ["../../.bashrc.zip", BACKUP],
        ["app.zip", BACKUP],
      ]),
      /^seed-artifact: artifact prod-backup holds an entry whose path leaves its folder \("\.\.\/\.\.\/\.bashrc\.zip"\): refused, nothing was unpacked\./,
    ],
    [
      "an absolute path",
      writeZip([["/etc/cron.d/x.zip", BACKUP]]),
      /holds an entry whose path leaves its folder \("\/etc\/cron\.d\/x\.zip"\)/,
    ],
    [
      "no backup in it",
      writeZip([["notes.txt", "hello"]]),
      /^seed-artifact: artifact prod-backup holds no \.zip: upload exactly one backup ZIP/,
    ],
    [
      "a ZIP that is not a snapshot export",
      writeZip([["app.zip", writeZip([["run.sh", "#!/bin/sh\nrm -rf /\n"]])]]),
      /is not a snapshot ZIP \(no README\.md or _tables\/documents\.jsonl/,
    ],
  ])("refuses %s, and leaves nothing behind", async (_, zip, message) => {
    github(4410002, zip);
    await expect(fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options())).rejects.toThrow(
      message,
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("stops unpacking an entry that inflates to more than it declares (a ZIP bomb), and leaves nothing behind", async () => {
    const artifact = writeZip([["app.zip", BACKUP]]);
    // The central directory's uncompressed size of the one entry, made to lie: 100 bytes.
    const central = artifact.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    artifact.writeUInt32LE(100, central + 24);
    github(4410002, artifact);
    await expect(fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options())).rejects.toThrow(
      /entry app\.zip inflates to more than the 100 bytes it declares: refused\./,
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("refuses an artifact the list says is too large without downloading it", async () => {
    const list = nock(API).get("/repos/acme/shop/actions/artifacts").query(true).reply(200, LIST);
    await expect(
      fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options({ maxBytes: 1000 })),
    ).rejects.toThrow(
      /^seed-artifact prod-backup is 1024 bytes, more than the 1000 a seed may be: refused\./,
    );
    expect(list.isDone()).toBe(true);
  });

  it("no artifact of that run: says what to check", async () => {
    nock(API)
      .get("/repos/acme/shop/actions/runs/1/artifacts")
      .query({ name: "prod-backup", per_page: "100" })
      .reply(200, { total_count: 0, artifacts: [] });
    await expect(fetchSeedArtifact({ name: "prod-backup", runId: 1 }, options())).rejects.toThrow(
      /^seed-artifact prod-backup of run 1: no unexpired artifact of that name in acme\/shop\./,
    );
  });

  it("an artifact uploaded by a pull request from a fork is never taken, even the newest or the run named", async () => {
    // A fork's pull_request run uploads to this repository's artifacts, under any name its
    // workflow (the fork's) gives: the newest "prod-backup" here is the fork's.
    const FORK = 987654321;
    const forked = {
      total_count: 3,
      artifacts: [
        {
          ...LIST.artifacts[0],
          id: 4410009,
          created_at: "2026-12-06T01:00:00Z",
          workflow_run: {
            ...LIST.artifacts[0].workflow_run,
            id: 9000000009,
            head_repository_id: FORK,
            head_branch: "main",
          },
        },
        ...LIST.artifacts,
      ],
    };
    const zip = writeZip([["app.zip", BACKUP]]);
    const sized = {
      ...forked,
      artifacts: forked.artifacts.map((a: object) => ({ ...a, size_in_bytes: zip.length })),
    };
    nock(API).get("/repos/acme/shop/actions/artifacts").query(true).reply(200, sized);
    nock(API)
      .get("/repos/acme/shop/actions/runs/9000000009/artifacts")
      .query(true)
      .reply(200, { total_count: 1, artifacts: sized.artifacts.slice(0, 1) });
    nock(API)
      .get("/repos/acme/shop/actions/artifacts/4410002/zip")
      .reply(302, "", { Location: `${BLOB}/actions-results/4410002/prod-backup.zip?sig=abc` });
    nock(BLOB)
      .get("/actions-results/4410002/prod-backup.zip")
      .query(true)
      .reply(200, zip, { "Content-Type": "application/zip" });
    const seed = await fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options());
    expect(seed.description).toMatch(/^artifact prod-backup of run 9000000002 /);
    await seed.remove();
    await expect(fetchSeedArtifact({ name: "prod-backup", runId: 9000000009 }, options())).rejects.toThrow(
      /^seed-artifact prod-backup of run 9000000009: no unexpired artifact of that name in acme\/shop \(1 uploaded by a pull request from a fork, never used\)\./,
    );
  });

  it("reads every page of the repository's list: the one unexpired artifact on page 2 is found", async () => {
    const zip = writeZip([["app.zip", BACKUP]]);
    const [newest, older] = LIST.artifacts.map((a: object) => ({ ...a, size_in_bytes: zip.length }));
    const expired = Array.from({ length: 100 }, (_, i) => ({ ...newest, id: 5000000 + i, expired: true }));
    const page2 = `${API}/repositories/1296269/actions/artifacts?name=prod-backup&per_page=100&page=2`;
    const first = nock(API)
      .get("/repos/acme/shop/actions/artifacts")
      .query({ name: "prod-backup", per_page: "100" })
      .reply(
        200,
        { total_count: 101, artifacts: expired },
        { Link: `<${page2}>; rel="next", <${page2}>; rel="last"` },
      );
    const second = nock(API)
      .get("/repositories/1296269/actions/artifacts")
      .query({ name: "prod-backup", per_page: "100", page: "2" })
      .reply(200, { total_count: 101, artifacts: [older] });
    nock(API)
      .get(`/repos/acme/shop/actions/artifacts/${older.id}/zip`)
      .reply(302, "", { Location: `${BLOB}/actions-results/${older.id}/prod-backup.zip?sig=abc` });
    nock(BLOB)
      .get(`/actions-results/${older.id}/prod-backup.zip`)
      .query(true)
      .reply(200, zip, { "Content-Type": "application/zip" });
    const seed = await fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options());
    expect(first.isDone() && second.isDone()).toBe(true);
    expect(seed.description).toMatch(/^artifact prod-backup of run 9000000001 /);
    await seed.remove();
  });

  it("a token that may not read artifacts (403): names the permission", async () => {
    nock(API)
      .get("/repos/acme/shop/actions/artifacts")
      .query(true)
      .reply(403, { message: "Resource not accessible by integration", status: "403" });
    await expect(fetchSeedArtifact({ name: "prod-backup", runId: undefined }, options())).rejects.toThrow(
      /^seed-artifact prod-backup: listing the artifacts of acme\/shop failed \(HTTP 403: Resource not accessible by integration.*\)\.\n {2}-> The token may not read the repository's artifacts: give the job permissions: actions: read\./,
    );
  });
});
