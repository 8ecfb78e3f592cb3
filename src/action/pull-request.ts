/**
 * The pull request a preview runs for, read from the event the runner wrote (GITHUB_EVENT_PATH),
 * and the GitHub requests that speak on it: its preview's comment (found again by its marker,
 * across every page of comments) and the preview's deployment with its statuses. The client is
 * @actions/github's, loaded by the caller only when a pull request is there to speak on.
 */
import { readFile } from "node:fs/promises";
import { isPreviewComment } from "../core/preview-comment.js";
import type { GitHubClient } from "./github.js";

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** The pull request's head commit (GITHUB_SHA is the merge commit on pull_request). */
  headSha: string;
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

/** The pull request of this run's event; undefined for another event or an unreadable payload. */
export async function readPullRequest(env: NodeJS.ProcessEnv): Promise<PullRequestRef | undefined> {
  if (!PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? "") || !env.GITHUB_EVENT_PATH) return undefined;
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length) return undefined;
  try {
    const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8")) as {
      pull_request?: { number?: unknown; head?: { sha?: unknown } };
    };
    const number = event.pull_request?.number;
    const headSha = event.pull_request?.head?.sha;
    if (typeof number !== "number" || typeof headSha !== "string") return undefined;
    return { owner, repo, number, headSha };
  } catch {
    return undefined;
  }
}

/** The run's page: GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server.replace(/\/+$/, "")}/${repo}/actions/runs/${run}` : undefined;
}

export interface CommentRef {
  id: number;
  url: string;
}

/** This preview's comment on the pull request, looked for page by page (100 a page) until found. */
export async function findPreviewComment(
  client: GitHubClient,
  pr: PullRequestRef,
  preview: string,
): Promise<CommentRef | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    ...listing(pr),
    issue_number: pr.number,
  });
  const found = await firstInPages(pages, (c) => isPreviewComment(c.body, preview));
  return found ? { id: found.id, url: found.html_url } : undefined;
}

/** The repository's list, 100 a page (GitHub's largest). */
const listing = (pr: PullRequestRef) => ({ owner: pr.owner, repo: pr.repo, per_page: 100 });

/** The first item of a paginated list that matches, asking for no page after it. */
async function firstInPages<T>(
  pages: AsyncIterable<{ data: T[] }>,
  match: (item: T) => boolean,
): Promise<T | undefined> {
  for await (const page of pages) {
    const found = page.data.find(match);
    if (found) return found;
  }
  return undefined;
}

/** Updates the comment known, else creates it. */
export async function writePreviewComment(
  client: GitHubClient,
  pr: PullRequestRef,
  existing: CommentRef | undefined,
  body: string,
): Promise<CommentRef> {
  const where = { owner: pr.owner, repo: pr.repo };
  const { data } = existing
    ? await client.rest.issues.updateComment({ ...where, comment_id: existing.id, body })
    : await client.rest.issues.createComment({ ...where, issue_number: pr.number, body });
  return { id: data.id, url: data.html_url };
}

/**
 * The preview's deployment for this pull request: the newest one of its environment whose payload
 * names this pull request (an environment's name may be shared by the pull requests of a stable
 * preview name), looked for page by page. One per preview and pull request, kept across pushes.
 */
export async function findPreviewDeployment(
  client: GitHubClient,
  pr: PullRequestRef,
  environment: string,
): Promise<number | undefined> {
  const pages = client.paginate.iterator(client.rest.repos.listDeployments, {
    ...listing(pr),
    environment,
  });
  return (await firstInPages(pages, (d) => ownPayload(d.payload, pr.number)))?.id;
}

/** Whether a deployment's payload is the one createPreviewDeployment gives: this pull request's. */
function ownPayload(payload: unknown, number: number): boolean {
  return (
    typeof payload === "object" &&
    payload !== null &&
    (payload as Record<string, unknown>).pull_request === number
  );
}

/** A transient deployment of the head commit in the preview's environment, merging nothing. */
export async function createPreviewDeployment(
  client: GitHubClient,
  pr: PullRequestRef,
  environment: string,
): Promise<number> {
  const { data } = await client.rest.repos.createDeployment({
    owner: pr.owner,
    repo: pr.repo,
    ref: pr.headSha,
    environment,
    description: `Convex preview of pull request #${pr.number}`,
    payload: { pull_request: pr.number },
    transient_environment: true,
    production_environment: false,
    auto_merge: false,
    required_contexts: [],
  });
  // 202 is GitHub's answer when it merged the default branch in first (auto_merge), never asked here.
  if (!("id" in data)) throw new Error(`GitHub created no deployment: ${data.message ?? "no reason given"}`);
  return data.id;
}

export interface DeploymentStatus {
  state: "in_progress" | "success" | "failure" | "inactive";
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export async function setDeploymentStatus(
  client: GitHubClient,
  pr: PullRequestRef,
  deploymentId: number,
  status: DeploymentStatus,
): Promise<void> {
  await client.rest.repos.createDeploymentStatus({
    owner: pr.owner,
    repo: pr.repo,
    deployment_id: deploymentId,
    state: status.state,
    description: status.description,
    ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
    ...(status.logUrl ? { log_url: status.logUrl } : {}),
  });
}
