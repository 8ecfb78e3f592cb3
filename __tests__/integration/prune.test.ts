/**
 * command prune end to end: previews labelled at `up`, found by their labels and removed as `down`
 * removes them, with GitHub's REST API answered by nock (replies in fixtures/github, shaped as the
 * documentation shows them; no other request may leave: disableNetConnect).
 *   compose: the real docker adapter against the fake docker (doubles/fake-docker.mjs), whose
 *            `compose up` reads the compose file renderCompose wrote and starts a stand-in backend.
 *   kubernetes: the real pipeline (`setup`) in a pull request's environment against the cluster in
 *            memory (helpers/memory-cluster.ts), then prune against the same cluster.
 *   databases: with drop-database, each removed preview's database is dropped on a real PostgreSQL
 *            (helpers/postgres-cluster.ts, as postgres.test.ts), with the code `down` uses.
 * In this (integration) project because nock replaces the global fetch.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { readPullStates } from "../../src/action/pull-states.js";
import { createSetupDeps } from "../../src/adapters/index.js";
import { createPostgres } from "../../src/adapters/postgres.js";
import type { Logger } from "../../src/adapters/runtime.js";
import { renderCompose } from "../../src/core/compose.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import type { SetupError } from "../../src/core/errors.js";
import { dockerPreviewLabels } from "../../src/core/preview.js";
import { type PruneDeps, prune } from "../../src/prune.js";
import { setup } from "../../src/setup.js";
import { MemoryCluster } from "../helpers/memory-cluster.js";
import { world } from "../helpers/memory-world.js";
import { PostgresCluster, SUPER_PASSWORD } from "../helpers/postgres-cluster.js";
import { freePort, ROOT, Sandbox } from "../helpers/sandbox.js";

const FIXTURES = join(ROOT, "__tests__/fixtures/github");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const OPEN = fixture("pull-open.json");
const CLOSED = fixture("pull-closed.json");
const FORBIDDEN = fixture("forbidden.json");
const API = "https://api.github.com";
const NOW = new Date("2026-12-10T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");

/** GET /repos/acme/shop/pulls/{n} answered with the fixture, its number and state set. */
function pulls(states: Record<number, "open" | "closed" | 403>) {
  const scope = nock(API);
  for (const [n, state] of Object.entries(states)) {
    const path = `/repos/acme/shop/pulls/${n}`;
    if (state === 403) scope.get(path).reply(403, FORBIDDEN);
    else scope.get(path).reply(200, { ...(state === "open" ? OPEN : CLOSED), number: Number(n) });
  }
  return scope;
}

function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (m) => void lines.push(m),
      warn: (m) => void lines.push(`warn: ${m}`),
      debug: () => {},
      group: (_t, fn) => fn(),
      mask: () => {},
    },
  };
}

const pruneConfig = (raw: RawInputs, env: Record<string, string> = {}) =>
  parseConfig({ command: "prune", "github-token": "ghs_testtoken", ...raw }, env);

/** The databases of `names` that exist on the server. */
const databases = (pg: PostgresCluster, names: readonly string[]) =>
  pg
    .sql(`SELECT datname FROM pg_database WHERE datname IN (${names.map((n) => `'${n}'`).join(", ")})`)
    .split("\n")
    .filter(Boolean)
    .sort();

// nock intercepts HTTP only: PostgreSQL's connections go through.
let pg: PostgresCluster;
beforeAll(async () => {
  nock.disableNetConnect();
  pg = await PostgresCluster.start();
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await pg?.stop();
});

describe("prune on a compose host (fake docker)", () => {
  let s: Sandbox;
  const env = () => ({ PATH: `${s.bin}:${process.env.PATH}`, FAKE_DOCKER_STATE: s.dockerState });

  /** A project as `up` starts it: the compose file renderCompose writes, with a preview's labels. */
  async function upProject(
    project: string,
    repository: string,
    pullRequest: number,
    created: string,
    instance = project,
  ) {
    const dir = join(s.root, project);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ".env.convex.local"), `INSTANCE_SECRET=${"cd".repeat(32)}\n`);
    const ports = { api: await freePort(), site: await freePort(), dashboard: await freePort() };
    const url = (p: number) => `http://127.0.0.1:${p}`;
    writeFileSync(
      join(dir, "docker-compose.convex.yml"),
      renderCompose({
        projectName: project,
        dashboard: false,
        ports,
        instanceName: instance,
        cloudOrigin: url(ports.api),
        siteOrigin: url(ports.site),
        dashboardDeploymentUrl: url(ports.api),
        envFile: "./.env.convex.local",
        doNotRequireSsl: false,
        labels: dockerPreviewLabels({ repository, pullRequest, created }, instance),
      }),
    );
    const r = spawnSync(
      "docker",
      ["compose", "-f", join(dir, "docker-compose.convex.yml"), "-p", project, "up", "-d"],
      {
        env: env(),
        encoding: "utf8",
      },
    );
    expect(r.status, r.stderr).toBe(0);
  }
  const exists = (project: string) => existsSync(join(s.dockerState, "projects", project, "labels.json"));
  const hasData = (project: string) => existsSync(join(s.dockerState, "projects", project, "volume-data"));

  /** As the action runs it (GitHub asked through readPullStates), or as the CLI does (`cli`: not asked). */
  async function run(raw: RawInputs, repository = "acme/shop", cli = false) {
    const { logger, lines } = memoryLogger();
    const deps = createSetupDeps({ logger, env: { ...env(), GITHUB_REPOSITORY: repository }, cwd: s.root });
    const result = await prune(pruneConfig(raw), {
      ...deps,
      date: () => NOW,
      retryAfterBaseValue: 0,
      ...(cli ? {} : { readPullStates }),
    });
    return { result, lines };
  }

  // Each test starts from these four (a test's removals are set up again by the next one).
  beforeEach(async () => {
    s ??= await Sandbox.create();
    if (!exists("pr-7")) await upProject("pr-7", "acme/shop", 7, ago(1)); // open, young
    if (!exists("pr-8")) await upProject("pr-8", "acme/shop", 8, ago(1)); // closed (young)
    if (!exists("pr-9")) await upProject("pr-9", "acme/shop", 9, ago(30)); // open, older than max-age
    if (!exists("other-8")) await upProject("other-8", "acme/other", 8, ago(60)); // another repository's
  });
  /** `docker compose down` without --volumes: the containers go, the labelled data volume stays. */
  const downKeepingData = (project: string) =>
    expect(spawnSync("docker", ["compose", "-p", project, "down"], { env: env() }).status).toBe(0);
  const removeProject = (project: string) =>
    spawnSync("docker", ["compose", "-p", project, "down", "--volumes"], { env: env() });
  afterAll(async () => {
    for (const p of ["pr-7", "pr-8", "pr-9", "other-8", "pr-10", "other-10", "other-12"]) removeProject(p);
    await s.dispose();
  });

  it("dry-run lists what would go and why, and removes nothing", async () => {
    const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
    const { result, lines } = await run({ target: "compose", "max-age": "7d", "dry-run": "true" });
    expect(scope.isDone()).toBe(true);
    expect(result.removed).toEqual([
      { name: "compose project pr-8", reason: "pull request #8 is closed" },
      {
        name: "compose project pr-9",
        reason: `created ${ago(30)}, older than max-age (7d)`,
      },
    ]);
    expect(lines).toContain("Would remove compose project pr-8: pull request #8 is closed.");
    for (const p of ["pr-7", "pr-8", "pr-9", "other-8"]) expect(exists(p)).toBe(true);
  });

  it("removes the closed and the old (containers and data volume), keeps the open and young, never looks at another repository's", async () => {
    const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
    const { result, lines } = await run({ target: "compose", "max-age": "7d" });
    expect(scope.isDone()).toBe(true);
    expect(result.removed.map((r) => r.name)).toEqual(["compose project pr-8", "compose project pr-9"]);
    expect(result.kept).toEqual(["compose project pr-7"]);
    expect([exists("pr-8"), hasData("pr-8"), exists("pr-9"), hasData("pr-9")]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([exists("pr-7"), exists("other-8"), hasData("other-8")]).toEqual([true, true, true]);
    expect(lines.join("\n")).not.toContain("other-8");
    expect(lines.at(-1)).toBe("Removed 2 of 3 previews of acme/shop on this Docker host.");
  });

  it("the command line asks GitHub nothing: it says so, and only age decides", async () => {
    const { result, lines } = await run(
      { target: "compose", "max-age": "7d", "dry-run": "true" },
      "acme/shop",
      true,
    );
    expect(lines.filter((l) => l.startsWith("warn: "))).toEqual([
      expect.stringMatching(
        /^warn: The command line does not ask GitHub .*only previews older than max-age are removed/,
      ),
    ]);
    expect(result.removed).toEqual([
      { name: "compose project pr-9", reason: `created ${ago(30)}, older than max-age (7d)` },
    ]);
    for (const p of ["pr-7", "pr-8", "pr-9", "other-8"]) expect(exists(p)).toBe(true);
  });

  it("GitHub answers 403: a clear warning, and only age decides", async () => {
    const scope = pulls({ 7: 403 });
    const { result, lines } = await run({ target: "compose", "max-age": "7d" });
    expect(scope.isDone()).toBe(true);
    expect(lines.filter((l) => l.startsWith("warn: "))).toEqual([
      expect.stringMatching(
        /^warn: GitHub refused to read pull request #7 of acme\/shop \(HTTP 403: .*Resource not accessible by integration.*\): .*permissions: pull-requests: read.*Only previews older than max-age are removed/,
      ),
    ]);
    expect(result.removed.map((r) => r.name)).toEqual(["compose project pr-9"]);
    expect(result.kept.sort()).toEqual(["compose project pr-7", "compose project pr-8"]);
    expect(exists("pr-8")).toBe(true);
  });

  it("without a token, or for a pull request GitHub does not know (404): warned, and age alone decides", async () => {
    const noToken = await run({ target: "compose", "max-age": "7d", "github-token": "" });
    expect(noToken.lines.filter((l) => l.startsWith("warn: "))).toEqual([
      expect.stringMatching(
        /^warn: No github-token: the state of the pull requests cannot be asked\. Only previews older than max-age are removed/,
      ),
    ]);
    expect(noToken.result.removed.map((r) => r.name)).toEqual(["compose project pr-9"]);

    await upProject("pr-9", "acme/shop", 9, ago(30));
    const scope = nock(API)
      .get("/repos/acme/shop/pulls/7")
      .reply(200, { ...OPEN, number: 7 })
      .get("/repos/acme/shop/pulls/8")
      .reply(404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
        status: "404",
      })
      .get("/repos/acme/shop/pulls/9")
      .reply(200, { ...OPEN, number: 9 });
    const notFound = await run({ target: "compose", "max-age": "7d", "dry-run": "true" });
    expect(scope.isDone()).toBe(true);
    expect(notFound.lines).toContain(
      "warn: Pull request #8 of acme/shop was not found (HTTP 404): its preview is kept unless it is older than max-age.",
    );
    expect(notFound.result.removed.map((r) => r.name)).toEqual(["compose project pr-9"]);
  });

  it("a preview whose containers are gone but whose data volume is left: found by the volume's labels, only that volume removed; another repository's left alone", async () => {
    onTestFinished(() => void removeProject("other-10"));
    await upProject("pr-10", "acme/shop", 10, ago(2));
    await upProject("other-10", "acme/other", 10, ago(60));
    downKeepingData("pr-10");
    downKeepingData("other-10");
    expect([exists("pr-10"), hasData("pr-10"), exists("other-10"), hasData("other-10")]).toEqual([
      false,
      true,
      false,
      true,
    ]);

    const dry = pulls({ 7: "open", 8: "open", 9: "open", 10: "closed" });
    const planned = await run({ target: "compose", "dry-run": "true" });
    expect(dry.isDone()).toBe(true);
    expect(planned.result.removed).toEqual([
      { name: "compose project pr-10", reason: "pull request #10 is closed" },
    ]);
    expect(hasData("pr-10")).toBe(true);

    const scope = pulls({ 7: "open", 8: "open", 9: "open", 10: "closed" });
    const { result, lines } = await run({ target: "compose" });
    expect(scope.isDone()).toBe(true);
    expect(result.removed.map((r) => r.name)).toEqual(["compose project pr-10"]);
    expect(lines).toContain(
      "Removed the data volume pr-10_data of compose project pr-10 (it had no containers left).",
    );
    expect([hasData("pr-10"), hasData("other-10")]).toEqual([false, true]);
    expect(lines.join("\n")).not.toContain("other-10");
    // Just the volume, by its name: the fake docker saw `volume rm pr-10_data` and no `down` of pr-10.
    const calls = readFileSync(join(s.dockerState, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { argv: string[] }).argv.join(" "));
    expect(calls).toContain("volume rm pr-10_data");
    expect(calls.filter((c) => c.startsWith("compose -p pr-10 down"))).toEqual(["compose -p pr-10 down"]);

    // The other repository's own prune finds its volume left behind.
    const other = nock(API)
      .get("/repos/acme/other/pulls/8")
      .reply(200, { ...OPEN, number: 8 })
      .get("/repos/acme/other/pulls/10")
      .reply(200, { ...OPEN, number: 10 });
    const theirs = await run({ target: "compose", "max-age": "30d", "dry-run": "true" }, "acme/other");
    expect(other.isDone()).toBe(true);
    expect(theirs.result.removed.map((r) => r.name)).toEqual([
      "compose project other-8",
      "compose project other-10",
    ]);
  });

  describe("the previews' databases (real PostgreSQL)", () => {
    const url = () => pg.url("postgres", SUPER_PASSWORD);
    const ALL = ["pr_7", "pr_8", "pr_9", "pr_112"];
    afterAll(() => void removeProject("other-12"));
    beforeEach(async () => {
      // Another repository's preview, older than max-age, whose instance name has the prefix too.
      if (!exists("other-12")) await upProject("other-12", "acme/other", 12, ago(60), "pr-112");
      for (const name of ALL) if (databases(pg, [name]).length === 0) pg.sql(`CREATE DATABASE ${name}`);
    });

    it("without drop-database they are kept, said once", async () => {
      const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
      const { result, lines } = await run({ target: "compose", "max-age": "7d", "postgres-url": url() });
      expect(scope.isDone()).toBe(true);
      expect(result.removed).toHaveLength(2);
      expect(lines.filter((l) => /databases/.test(l))).toEqual([
        `The previews' databases on 127.0.0.1:${pg.port} are kept: prune drops them only with drop-database: true (--drop-database).`,
      ]);
      expect(databases(pg, ALL)).toEqual(ALL.slice().sort());
    });

    it("with drop-database each removed preview's database is dropped as down drops it; dry-run says so and drops nothing; the kept one's and another repository's stay", async () => {
      const raw = { target: "compose", "max-age": "7d", "postgres-url": url(), "drop-database": "true" };
      const dry = pulls({ 7: "open", 8: "closed", 9: "open" });
      const planned = await run({ ...raw, "dry-run": "true" });
      expect(dry.isDone()).toBe(true);
      expect(planned.lines).toContain(
        `Would remove compose project pr-8: pull request #8 is closed. Its database pr_8 on 127.0.0.1:${pg.port} would be dropped.`,
      );
      expect(databases(pg, ALL)).toEqual(ALL.slice().sort());

      const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
      const { result, lines } = await run(raw);
      expect(scope.isDone()).toBe(true);
      expect(result.removed.map((r) => [r.name, r.database])).toEqual([
        ["compose project pr-8", `Dropped database pr_8 on 127.0.0.1:${pg.port}.`],
        ["compose project pr-9", `Dropped database pr_9 on 127.0.0.1:${pg.port}.`],
      ]);
      expect(planned.result.removed[0]?.database).toBe(
        `Its database pr_8 on 127.0.0.1:${pg.port} would be dropped.`,
      );
      expect(lines).toContain(`Dropped database pr_8 on 127.0.0.1:${pg.port}.`);
      expect(lines).toContain(`Dropped database pr_9 on 127.0.0.1:${pg.port}.`);
      expect(databases(pg, ALL)).toEqual(["pr_112", "pr_7"]);
      expect(exists("other-12")).toBe(true);
    });

    it("a drop that fails after its preview is removed: the error names the database to drop by hand (prune no longer finds that preview)", async () => {
      const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
      const error = await run({
        target: "compose",
        "max-age": "7d",
        // A role that may not drop the databases (not their owner, not a superuser).
        "postgres-url": pg.url("no_create", "plain-pw-1"),
        "drop-database": "true",
      }).then(
        () => undefined,
        (e: unknown) => e as SetupError,
      );
      expect(scope.isDone()).toBe(true);
      expect([exists("pr-8"), exists("pr-9")]).toEqual([false, false]);
      expect(databases(pg, ["pr_8", "pr_9"])).toEqual(["pr_8", "pr_9"]);
      expect(error?.message).toMatch(/^prune failed for 2 previews:\n/);
      expect(error?.message).toMatch(/may not drop database "pr_8"/);
      expect(error?.message).toContain(
        `compose project pr-8 was removed, its database was not: drop pr_8 on 127.0.0.1:${pg.port} by hand once the cause is fixed (prune no longer finds this preview).`,
      );
      expect(error?.hint).toMatch(/databases? it names by hand/);
    });

    it("a database is kept, with a warning, when the preview's instance name lacks preview-prefix or is a kept preview's", async () => {
      await upProject("pr-10", "acme/shop", 10, ago(30), "app"); // the default instance name
      await upProject("pr-9", "acme/shop", 9, ago(30), "pr-7"); // shares pr-7's database
      pg.sql("CREATE DATABASE app");
      const scope = pulls({ 7: "open", 8: "open", 9: "open", 10: "open" });
      const { result, lines } = await run({
        target: "compose",
        "max-age": "7d",
        "postgres-url": url(),
        "drop-database": "true",
      });
      expect(scope.isDone()).toBe(true);
      expect(result.removed.map((r) => r.name).sort()).toEqual([
        "compose project pr-10",
        "compose project pr-9",
      ]);
      expect(lines.filter((l) => l.startsWith("warn: ")).sort()).toEqual([
        `warn: compose project pr-10: database app on 127.0.0.1:${pg.port} is kept: instance-name "app" does not start with preview-prefix "pr-".`,
        `warn: compose project pr-9: database pr_7 on 127.0.0.1:${pg.port} is kept: instance pr-7 is also a kept preview's, which still uses its database.`,
      ]);
      expect(result.removed.find((r) => r.name === "compose project pr-10")?.database).toBe(
        `database app on 127.0.0.1:${pg.port} is kept: instance-name "app" does not start with preview-prefix "pr-".`,
      );
      expect(databases(pg, ["app", "pr_7"])).toEqual(["app", "pr_7"]);
      pg.sql("DROP DATABASE app");
    });
  });

  it("another repository prunes only its own", async () => {
    const scope = nock(API)
      .get("/repos/acme/other/pulls/8")
      .reply(200, { ...OPEN, number: 8 });
    const { result } = await run({ target: "compose", "max-age": "30d" }, "acme/other");
    expect(scope.isDone()).toBe(true);
    expect(result.removed.map((r) => r.name)).toEqual(["compose project other-8"]);
    expect([exists("pr-7"), exists("pr-8"), exists("other-8")]).toEqual([true, true, false]);
  });
});

describe("prune in a kubernetes namespace (cluster in memory)", () => {
  const NS = "previews";
  const cluster = new MemoryCluster();

  /** `up` in the action on pull request `n` of `repository`, at `date`. */
  async function upPreview(repository: string, n: number, instance: string, date: Date, raw: RawInputs = {}) {
    const w = world({ backend: (url) => cluster.backend(url) });
    w.deps.kubectl = cluster.kubectl;
    w.deps.env = {
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: repository,
      GITHUB_REF: `refs/pull/${n}/merge`,
    };
    w.deps.date = () => date;
    const config = parseConfig(
      {
        "working-directory": "app",
        target: "kubernetes",
        namespace: NS,
        "instance-name": instance,
        deploy: "false",
        verify: "false",
        ...raw,
      },
      {},
    );
    await setup(config, w.deps);
  }
  /** prune of acme/shop's previews in NS, at NOW, with the pull requests' states nock answers. */
  async function pruneShop(raw: RawInputs, more: Partial<PruneDeps> = {}) {
    const { logger, lines } = memoryLogger();
    const result = await prune(pruneConfig({ target: "kubernetes", namespace: NS, ...raw }), {
      docker: undefined as never,
      files: undefined as never,
      kubectl: cluster.kubectl,
      logger,
      env: { GITHUB_REPOSITORY: "acme/shop" },
      date: () => NOW,
      retryAfterBaseValue: 0,
      readPullStates,
      ...more,
    });
    return { result, lines };
  }
  const secret = (instance: string) =>
    cluster.objects.get(
      [...cluster.objects.keys()].find((k) => k.endsWith(`/Secret/convex-${instance}`)) ?? "",
    );

  it("up labels every object; a later up keeps the creation time", async () => {
    await upPreview("acme/shop", 7, "pr-7", new Date(ago(1)));
    await upPreview("acme/shop", 7, "pr-7", NOW);
    const meta = secret("pr-7")?.metadata;
    expect(meta?.annotations).toMatchObject({
      "setup-coder-convex/owner": "acme/shop",
      "setup-coder-convex/created-at": ago(1),
    });
    expect(meta?.labels).toMatchObject({
      "setup-coder-convex/pull-request": "7",
      "setup-coder-convex/created": String(Date.parse(ago(1)) / 1000),
    });
  });

  it("removes the closed and the old, keeps the open and young and another repository's instance", async () => {
    await upPreview("acme/shop", 7, "pr-7", new Date(ago(1)));
    await upPreview("acme/shop", 8, "pr-8", new Date(ago(2)));
    await upPreview("acme/shop", 9, "pr-9", new Date(ago(20)), { "network-policy": "true" });
    expect(await cluster.kubectl.list(NS, "app.kubernetes.io/instance=pr-9")).toContain(
      "networkpolicy.networking.k8s.io/convex-pr-9",
    );
    await upPreview("acme/other", 8, "other-8", new Date(ago(40)));
    const scope = pulls({ 7: "open", 8: "closed", 9: "open" });
    const { result, lines } = await pruneShop({ "max-age": "14d", "network-policy": "true" });
    expect(scope.isDone()).toBe(true);
    expect(result.removed).toEqual([
      { name: `instance pr-8 in namespace ${NS}`, reason: "pull request #8 is closed" },
      { name: `instance pr-9 in namespace ${NS}`, reason: `created ${ago(20)}, older than max-age (14d)` },
    ]);
    const left = await cluster.kubectl.list(NS, "app.kubernetes.io/managed-by=setup-coder-convex");
    expect(left.filter((o) => o.startsWith("secret/"))).toEqual([
      "secret/convex-other-8",
      "secret/convex-pr-7",
    ]);
    expect(left.some((o) => o.includes("pr-8") || o.includes("pr-9"))).toBe(false);
    expect(lines.join("\n")).not.toContain("other-8");
  });

  it("with drop-database each removed instance's database is dropped; the kept one's and another repository's stay", async () => {
    await upPreview("acme/shop", 7, "pr-7", new Date(ago(1)));
    await upPreview("acme/shop", 8, "pr-8", new Date(ago(2)));
    await upPreview("acme/other", 80, "pr-80", new Date(ago(40)));
    const names = ["pr_7", "pr_8", "pr_80"];
    for (const name of names) if (databases(pg, [name]).length === 0) pg.sql(`CREATE DATABASE ${name}`);
    const scope = pulls({ 7: "open", 8: "closed" });
    const { result, lines } = await pruneShop(
      {
        "max-age": "14d",
        "drop-database": "true",
        // The runner reaches the server the cluster's backends use (here: this machine).
        "postgres-url": pg.url("postgres", SUPER_PASSWORD),
      },
      { postgres: createPostgres() },
    );
    expect(scope.isDone()).toBe(true);
    expect(result.removed.map((r) => r.name)).toEqual([`instance pr-8 in namespace ${NS}`]);
    expect(lines).toContain(`Dropped database pr_8 on 127.0.0.1:${pg.port}.`);
    expect(databases(pg, names)).toEqual(["pr_7", "pr_80"]);
    const left = await cluster.kubectl.list(NS, "app.kubernetes.io/managed-by=setup-coder-convex");
    expect(left).toContain("secret/convex-pr-80");
  });

  it("target connect has nothing to prune: a clear error", async () => {
    const { logger } = memoryLogger();
    const error = await prune(
      pruneConfig({
        target: "connect",
        "convex-url": "https://a.example.com",
        "site-url": "https://b.example.com",
        "admin-key": `app|${"01".repeat(37)}`,
      }),
      {
        docker: undefined as never,
        files: undefined as never,
        logger,
        env: { GITHUB_REPOSITORY: "acme/shop" },
      },
    ).then(
      () => undefined,
      (e: SetupError) => e,
    );
    expect(error?.message).toMatch(/^target connect has nothing to prune/);
  });

  it("without GITHUB_REPOSITORY prune says how to give it", async () => {
    const { logger } = memoryLogger();
    await expect(
      prune(pruneConfig({ target: "kubernetes", namespace: NS }), {
        docker: undefined as never,
        files: undefined as never,
        kubectl: cluster.kubectl,
        logger,
        env: {},
      }),
    ).rejects.toThrow(/GITHUB_REPOSITORY is not set/);
  });
});
