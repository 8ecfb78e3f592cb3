/**
 * A preview on its pull request, against a fake api.github.com (nock, no network; the answers are
 * GitHub's documented bodies, __tests__/fixtures/github): the comment found again across pages,
 * the deployment and its statuses, a read-only token, rate limits, and a pull request's whole life
 * through the action's main (the in-memory pipeline of helpers/memory-world.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/action/github.js";
import { runMain } from "../../src/action/main.js";
import { runPost } from "../../src/action/post.js";
import { openPreviewReporter, type PreviewOptions, previewSpecOf } from "../../src/action/preview.js";
import { parseConfig } from "../../src/core/config.js";
import { previewMarker } from "../../src/core/preview-comment.js";
import { platform } from "../helpers/fake-platform.js";
import { fakeGitHub, fixture } from "../helpers/github-fake.js";
import { world } from "../helpers/memory-world.js";

const SHA_1 = "1111111111111111111111111111111111111111";
const SHA_2 = "2222222222222222222222222222222222222222";
const TOKEN = "ghs_0123456789abcdefghijklmnopqrstuvwxyz";

let dir: string;
beforeAll(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(join(tmpdir(), "preview-"));
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
});

/** The runner's environment on a pull_request event for pull request 7 of octo/app at `sha`. */
function prEnv(sha: string, action = "synchronize", event = "pull_request"): NodeJS.ProcessEnv {
  const path = join(dir, `event-${sha.slice(0, 4)}-${action}.json`);
  writeFileSync(path, JSON.stringify({ action, number: 7, pull_request: { number: 7, head: { sha } } }));
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: "octo/app",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "99",
    GITHUB_WORKSPACE: "/w",
  };
}

const inputs = { "working-directory": "app", "project-name": "pr-7" };
/** The action's client, waiting neither for a Retry-After nor between writes. */
const makeClient = async (token: string, warn: (m: string) => void) =>
  createGitHubClient({ token, warn, retryAfterBaseValue: 0 });

function reporter(env: NodeJS.ProcessEnv, warnings: string[], extra: Record<string, string> = {}) {
  const options: PreviewOptions = {
    spec: previewSpecOf(parseConfig({ ...inputs, ...extra }, env), "/w"),
    env,
    token: TOKEN,
    warn: (m) => void warnings.push(m),
    date: () => new Date("2026-12-06T07:00:00Z"),
    makeClient,
  };
  return openPreviewReporter(options);
}

const marked = (gh: ReturnType<typeof fakeGitHub>) =>
  gh.comments.filter((c) => c.body.startsWith(previewMarker("pr-7")));

describe("the preview's comment", () => {
  it("is created once, then found again by its marker on a later page and edited", async () => {
    const gh = fakeGitHub("octo", "app", 7, 150); // 150 other comments: two pages before ours
    const warnings: string[] = [];
    const first = await reporter(prEnv(SHA_1), warnings);
    await first!.report({ state: "deploying" });
    await first!.report({ state: "ready", durationMs: 4200 });
    expect(marked(gh)).toHaveLength(1);
    expect(marked(gh)[0]!.edits).toBe(1);
    expect(first!.outputs()["comment-url"]).toBe(
      `https://github.com/octo/app/pull/7#issuecomment-${marked(gh)[0]!.id}`,
    );

    gh.requests.length = 0;
    const second = await reporter(prEnv(SHA_2), warnings); // the next push: a new run
    await second!.report({ state: "deploying" });
    const comments = gh.requests.filter((r) => r.includes("comments"));
    expect(comments).toEqual([
      "GET /repos/octo/app/issues/7/comments",
      "GET /repos/octo/app/issues/7/comments", // page 2, from the Link header
      `PATCH /repos/octo/app/issues/comments/${marked(gh)[0]!.id}`,
    ]);
    expect(marked(gh)).toHaveLength(1);
    expect(marked(gh)[0]!.body).toContain("`222222222222`");
    expect(warnings).toEqual([]);
  });

  it("two previews in one pull request keep two comments (the marker holds the name)", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const warnings: string[] = [];
    const web = await reporter(prEnv(SHA_1), warnings, { "project-name": "pr-7-web" });
    const admin = await reporter(prEnv(SHA_1), warnings, { "project-name": "pr-7-admin" });
    for (const r of [web, admin, web, admin]) await r!.report({ state: "ready" });
    expect(gh.comments.map((c) => [c.body.split("\n")[0], c.edits])).toEqual([
      [previewMarker("pr-7-web"), 1],
      [previewMarker("pr-7-admin"), 1],
    ]);
    expect(gh.deployments.map((d) => d.environment)).toEqual(["preview/pr-7-web", "preview/pr-7-admin"]);
  });
});

describe("a comment that forges the marker", () => {
  it.each([
    ["a contributor from a fork", "CONTRIBUTOR"],
    ["a first-time contributor", "FIRST_TIME_CONTRIBUTOR"],
    ["anyone (no association)", "NONE"],
  ])(
    "by %s is never taken for the preview's: it is left as it is, and the preview writes its own",
    async (_, association) => {
      const gh = fakeGitHub("octo", "app", 7, 3);
      const forged = `${previewMarker("pr-7")}\n### Convex preview pr-7: ✅ Ready\n- API: <https://evil.example>`;
      gh.comments.push({
        id: 900,
        body: forged,
        edits: 0,
        author: { login: "mallory", type: "User", association },
      });
      const warnings: string[] = [];
      const first = await reporter(prEnv(SHA_1), warnings);
      await first!.report({ state: "deploying" });
      await first!.report({ state: "ready" });
      const again = await reporter(prEnv(SHA_2), warnings);
      await again!.report({ state: "ready" });
      expect(gh.comments.find((c) => c.id === 900)).toMatchObject({ body: forged, edits: 0 });
      const own = marked(gh).filter((c) => c.id !== 900);
      expect(own).toHaveLength(1);
      expect(own[0]!.edits).toBe(2);
      expect(again!.outputs()["comment-url"]).toContain(`issuecomment-${own[0]!.id}`);
      expect(gh.requests).not.toContain("PATCH /repos/octo/app/issues/comments/900");
      expect(warnings).toEqual([]);
    },
  );

  it("one by a collaborator (a token of theirs wrote it) or a GitHub App is the preview's", async () => {
    for (const author of [
      { login: "octocat", type: "User" as const, association: "COLLABORATOR" },
      { login: "preview-app[bot]", type: "Bot" as const, association: "NONE" },
    ]) {
      const gh = fakeGitHub("octo", "app", 7);
      gh.comments.push({ id: 900, body: `${previewMarker("pr-7")}\nold`, edits: 0, author });
      const r = await reporter(prEnv(SHA_1), []);
      await r!.report({ state: "ready" });
      expect(gh.comments.map((c) => [c.id, c.edits])).toEqual([[900, 1]]);
      nock.cleanAll();
    }
  });
});

describe("the preview's deployment", () => {
  it("is created for the head commit, transient, merging nothing; statuses in order with the URLs", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    // Another pull request's deployment in the same environment (a stable preview name) is not this one's.
    const other = { id: 1, ref: SHA_2, environment: "preview/pr-7", transient: true, autoMerge: false };
    gh.deployments.push({ ...other, requiredContexts: [], payload: { pull_request: 8 }, statuses: [] });
    const warnings: string[] = [];
    const r = await reporter(prEnv(SHA_1), warnings, { "frontend-url": "https://web.example.com" });
    await r!.report({ state: "deploying" });
    await r!.report({ state: "failed", failedPhase: "Deploy", durationMs: 1000 });
    expect(gh.deployments.slice(1)).toEqual([
      {
        id: expect.any(Number),
        ref: SHA_1,
        environment: "preview/pr-7",
        transient: true,
        autoMerge: false,
        requiredContexts: [],
        payload: { pull_request: 7 },
        statuses: [
          {
            state: "in_progress",
            environment_url: "https://web.example.com",
            log_url: "https://github.com/octo/app/actions/runs/99",
            description: "Deploying 1111111",
          },
          {
            state: "failure",
            environment_url: "https://web.example.com",
            log_url: "https://github.com/octo/app/actions/runs/99",
            description: "Failed in Deploy (1111111)",
          },
        ],
      },
    ]);
    expect(r!.outputs()["deployment-id"]).toBe(String(gh.deployments[1]!.id));
    // Without a frontend URL, the environment's URL is the API's.
    const api = await reporter(prEnv(SHA_1), warnings);
    await api!.report({ state: "ready" });
    expect(gh.deployments[1]!.statuses.at(-1)).toMatchObject({
      state: "success",
      environment_url: "http://localhost:3210",
    });
    expect(gh.deployments).toHaveLength(2);
    expect(gh.deployments[0]!.statuses).toEqual([]);
  });
});

describe("what GitHub refuses", () => {
  it("a fork's read-only token (403 on both): ONE warning naming both permissions, then silence", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const forbidden = fixture("forbidden-integration");
    gh.failNext("POST", /\/issues\/7\/comments$/, 403, forbidden);
    gh.failNext("GET", /\/deployments$/, 403, forbidden);
    const warnings: string[] = [];
    const r = await reporter(prEnv(SHA_1), warnings);
    await r!.report({ state: "deploying" });
    await r!.report({ state: "ready" });
    expect(warnings).toEqual([
      "Could not comment on nor create the deployment of pull request #7 (GitHub said: 403 Resource not accessible by integration - https://docs.github.com/rest/issues/comments#create-an-issue-comment); the preview goes on without it. Give the job `permissions:` pull-requests: write, deployments: write, or set comment: false (a pull request from a fork gets a read-only token: its preview is reported in the job summary only).",
    ]);
    expect(r!.outputs()).toEqual({ "comment-url": "", "deployment-id": "" });
    // Nothing more was asked after the refusal.
    expect(gh.requests).toEqual([
      "GET /repos/octo/app/issues/7/comments",
      "POST /repos/octo/app/issues/7/comments",
      "GET /repos/octo/app/deployments",
    ]);
  });

  it("secondary rate limits (403 with retry-after, 429) are retried, each retry said", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const limited = fixture("secondary-rate-limit");
    gh.failNext("POST", /\/issues\/7\/comments$/, 403, limited, { "retry-after": "1" });
    gh.failNext("POST", /\/deployments$/, 429, { ...limited, status: "429" }, { "retry-after": "2" });
    const warnings: string[] = [];
    const r = await reporter(prEnv(SHA_1), warnings);
    await r!.report({ state: "deploying" });
    expect(marked(gh)).toHaveLength(1);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress"]);
    // The 403 is the throttling plugin's (it says so); the retry plugin retries a 429 itself.
    expect(warnings).toEqual([
      "GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments: retrying in 1 s (1 of 2).",
    ]);
    expect(gh.requests.filter((q) => q.startsWith("POST"))).toEqual([
      "POST /repos/octo/app/issues/7/comments",
      "POST /repos/octo/app/issues/7/comments",
      "POST /repos/octo/app/deployments",
      "POST /repos/octo/app/deployments",
      `POST /repos/octo/app/deployments/${gh.deployments[0]!.id}/statuses`,
    ]);
  });

  it("removing a preview that never spoke writes nothing new", async () => {
    const gh = fakeGitHub("octo", "app", 7, 3);
    const warnings: string[] = [];
    const r = await reporter(prEnv(SHA_1, "closed"), warnings);
    await r!.report({ state: "removed" });
    expect(gh.requests.filter((q) => !q.startsWith("GET"))).toEqual([]);
    expect(gh.comments).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  it("speaks only on a pull request event with comment on", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const warnings: string[] = [];
    expect(await reporter({ ...prEnv(SHA_1), GITHUB_EVENT_NAME: "push" }, warnings)).toBeUndefined();
    expect(await reporter(prEnv(SHA_1, "opened", "pull_request_target"), warnings)).toBeDefined();
    expect(gh.requests).toEqual([]);
  });
});

/** Pull request 7 opened: its preview up through the action's main (cleanup as given), on a fake GitHub. */
async function previewUp(cleanup: "true" | "false") {
  const gh = fakeGitHub("octo", "app", 7);
  const w = world();
  const env = prEnv(SHA_1, "opened");
  const main = platform({ ...inputs, cleanup, "github-token": TOKEN });
  await runMain(main.platform, env, () => w.deps, undefined, { makeGitHubClient: makeClient });
  expect(main.failed).toEqual([]);
  /** The world's docker down made to fail with `message`. */
  const failDown = (message: string) => {
    const docker = w.deps.docker as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    docker.down = async () => {
      throw new Error(message);
    };
  };
  return { gh, w, env, main, failDown };
}

/** Pull request 7 closed: command down through the action's main, with `deps`. */
async function previewDown(deps: SetupDepsOf, extra: Record<string, string> = {}) {
  const down = platform({ ...inputs, ...extra, command: "down", "github-token": TOKEN });
  await runMain(down.platform, prEnv(SHA_1, "closed"), () => deps, undefined, {
    makeGitHubClient: makeClient,
  });
  return down;
}
type SetupDepsOf = ReturnType<typeof world>["deps"];

describe("a pull request's life through the action's main", () => {
  it("opened, pushed twice, closed: one comment edited, one deployment, nothing left", async () => {
    const gh = fakeGitHub("octo", "app", 7, 120);
    const w = world();
    const running = new Set<string>();
    const docker = w.deps.docker as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const [up, down] = [docker.up!, docker.down!];
    docker.up = async (...a) => {
      running.add("pr-7");
      return up(...a);
    };
    docker.down = async (...a) => {
      running.delete("pr-7");
      return down(...a);
    };
    const run = async (sha: string, action: string) => {
      const r = platform({
        ...inputs,
        cleanup: "false",
        command: action === "closed" ? "down" : "up",
        "github-token": TOKEN,
      });
      await runMain(r.platform, prEnv(sha, action), () => w.deps, undefined, {
        makeGitHubClient: makeClient,
      });
      expect(r.failed).toEqual([]);
      expect(r.calls.filter((c) => c.startsWith("warn"))).toEqual([]);
      // The token is masked before anything else happens.
      expect(r.calls[0]).toBe(`mask ${TOKEN}`);
      return r;
    };
    const bodies: string[] = [];
    for (const [sha, action] of [
      [SHA_1, "opened"],
      [SHA_1, "synchronize"],
      [SHA_2, "synchronize"],
      [SHA_2, "closed"],
    ] as const) {
      const r = await run(sha, action);
      expect(r.outputs["comment-url"]).toMatch(
        /^https:\/\/github\.com\/octo\/app\/pull\/7#issuecomment-\d+$/,
      );
      expect(r.outputs["deployment-id"]).toBe(String(gh.deployments[0]!.id));
      bodies.push(marked(gh)[0]!.body);
    }
    expect(gh.requests.filter((q) => q === "POST /repos/octo/app/issues/7/comments")).toHaveLength(1);
    expect(marked(gh)).toHaveLength(1);
    expect(marked(gh)[0]!.edits).toBe(6); // ready, then deploying + ready twice, then removed
    expect(bodies[0]).toMatch(/Ready[\s\S]*Commit `111111111111` deployed/);
    expect(bodies[2]).toMatch(/Ready[\s\S]*Commit `222222222222` deployed/);
    expect(bodies[3]).toMatch(/Removed/);
    expect(bodies[3]).not.toContain("localhost:3210");
    expect(gh.deployments).toHaveLength(1);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual([
      "in_progress",
      "success",
      "in_progress",
      "success",
      "in_progress",
      "success",
      "inactive",
    ]);
    expect(running.size).toBe(0);
    expect(w.events.filter((e) => e === "up" || e === "down")).toEqual(["up", "up", "up", "down"]);
  });

  it("a failed up says which phase failed, and the step still fails for the pipeline's reason", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const w = world({ upAfterMs: Number.POSITIVE_INFINITY, exitsAtMs: 0 });
    const r = platform({ ...inputs, cleanup: "false", "github-token": TOKEN });
    await runMain(r.platform, prEnv(SHA_1, "opened"), () => w.deps, undefined, {
      makeGitHubClient: makeClient,
    });
    expect(r.failed[0]).toMatch(/backend container exited/);
    expect(marked(gh)[0]!.body).toMatch(/❌ Failed[\s\S]*in the phase \*\*Wait for the backend\*\*/);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "failure"]);
    expect(r.outputs["comment-url"]).not.toBe("");
  });

  it("cleanup: true: the post step removes the backend, then the comment and deployment say so", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const w = world();
    const env = prEnv(SHA_1, "opened");
    const main = platform({ ...inputs, cleanup: "true", "github-token": TOKEN });
    await runMain(main.platform, env, () => w.deps, undefined, { makeGitHubClient: makeClient });
    expect(main.failed).toEqual([]);
    gh.requests.length = 0;
    const post = platform({ "github-token": TOKEN }, main.state);
    await runPost(post.platform, env, () => w.deps.docker, undefined, makeClient);
    expect(post.calls).toContain(`mask ${TOKEN}`);
    expect(post.calls.filter((c) => c.startsWith("warn"))).toEqual([]);
    expect(w.events.at(-1)).toBe("down");
    expect(marked(gh)[0]!.body).toMatch(/Removed/);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
    // What main found is not looked for again.
    expect(gh.requests.filter((q) => q.startsWith("GET"))).toEqual([]);
  });

  it("a down that fails says so on the pull request (never left at Ready), and the step fails for its reason", async () => {
    const { gh, w, main, failDown } = await previewUp("false");
    failDown("Cannot connect to the Docker daemon at unix:///var/run/docker.sock");
    const down = await previewDown(w.deps);
    expect(down.failed[0]).toMatch(/Cannot connect to the Docker daemon/);
    expect(marked(gh)).toHaveLength(1);
    expect(marked(gh)[0]!.body).toMatch(/⚠️ Not removed[\s\S]*may still be running/);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "failure"]);
    expect(down.outputs["comment-url"]).toBe(main.outputs["comment-url"]);
  });

  it("a down whose instance went but whose database could not be dropped says Removed, and the step fails for the database", async () => {
    const { gh, w } = await previewUp("false");
    const deps = {
      ...w.deps,
      postgres: {
        dropDatabase: async () => {
          throw new Error("permission denied to drop database pr_7");
        },
      },
    } as unknown as SetupDepsOf;
    const down = await previewDown(deps, {
      "postgres-url": "postgres://u:p@db.example:5432",
      "drop-database": "true",
      "instance-name": "pr-7",
    });
    expect(down.failed[0]).toMatch(/permission denied to drop database pr_7/);
    expect(w.events.at(-1)).toBe("down");
    expect(marked(gh)[0]!.body).toMatch(/🗑️ Removed/);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
  });

  it("cleanup: true, and the post step cannot remove the backend: it warns, and the comment says Not removed", async () => {
    const { gh, w, env, main, failDown } = await previewUp("true");
    failDown("compose down timed out");
    const post = platform({ "github-token": TOKEN }, main.state);
    await runPost(post.platform, env, () => w.deps.docker, undefined, makeClient);
    expect(post.calls.filter((c) => c.startsWith("warn"))).toEqual([
      expect.stringMatching(/Cleanup failed: .*compose down timed out/),
    ]);
    expect(marked(gh)[0]!.body).toMatch(/⚠️ Not removed/);
    expect(gh.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "failure"]);
  });

  it("comment: false: nothing is asked of GitHub, on a pull request too", async () => {
    const gh = fakeGitHub("octo", "app", 7);
    const w = world();
    const r = platform({ ...inputs, cleanup: "false", comment: "false", "github-token": TOKEN });
    await runMain(r.platform, prEnv(SHA_1, "opened"), () => w.deps, undefined, {
      makeGitHubClient: makeClient,
    });
    expect(r.failed).toEqual([]);
    expect(gh.requests).toEqual([]);
    expect(r.outputs).toMatchObject({ "comment-url": "", "deployment-id": "" });
  });
});
