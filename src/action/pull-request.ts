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

export interface DeploymentStatus {
  state: "in_progress" | "success" | "failure" | "inactive";
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

/** The requests that speak on one pull request: its preview's comment and its preview's deployment. */
export interface PullRequestApi {
  /** This preview's comment, looked for page by page until found. */
  findComment(preview: string): Promise<CommentRef | undefined>;
  /** Updates the comment known, else creates it. */
  writeComment(existing: CommentRef | undefined, body: string): Promise<CommentRef>;
  /**
   * The preview's deployment for this pull request: the newest one of its environment whose
   * payload names this pull request (an environment's name may be shared by the pull requests of
   * a stable preview name). One per preview and pull request, kept across pushes.
   */
  findDeployment(environment: string): Promise<number | undefined>;
  /** A transient deployment of the head commit in the preview's environment, merging nothing. */
  createDeployment(environment: string): Promise<number>;
  setDeploymentStatus(deploymentId: number, status: DeploymentStatus): Promise<void>;
}

export function pullRequestApi(client: GitHubClient, pr: PullRequestRef): PullRequestApi {
  const where = { owner: pr.owner, repo: pr.repo };
  /** A list's pages, 100 each (GitHub's largest). */
  const listing = { ...where, per_page: 100 };
  return {
    async findComment(preview) {
      const comments = client.paginate.iterator(client.rest.issues.listComments, {
        ...listing,
        issue_number: pr.number,
      });
      const found = await firstInPages(comments, (c) => isPreviewComment(c, preview));
      return found && { id: found.id, url: found.html_url };
    },
    async writeComment(existing, body) {
      const { data } = existing
        ? await client.rest.issues.updateComment({ ...where, comment_id: existing.id, body })
        : await client.rest.issues.createComment({ ...where, issue_number: pr.number, body });
      return { id: data.id, url: data.html_url };
    },
    async findDeployment(environment) {
      const deployments = client.paginate.iterator(client.rest.repos.listDeployments, {
        ...listing,
        environment,
      });
      return (await firstInPages(deployments, (d) => ownPayload(d.payload, pr.number)))?.id;
    },
    async createDeployment(environment) {
      const { data } = await client.rest.repos.createDeployment({
        ...where,
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
      if (!("id" in data))
        throw new Error(`GitHub created no deployment: ${data.message ?? "no reason given"}`);
      return data.id;
    },
    async setDeploymentStatus(deploymentId, status) {
      await client.rest.repos.createDeploymentStatus({
        ...where,
        deployment_id: deploymentId,
        state: status.state,
        description: status.description,
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
      });
    },
  };
}

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

/** Whether a deployment's payload is the one createDeployment gives: this pull request's. */
function ownPayload(payload: unknown, number: number): boolean {
  return (
    typeof payload === "object" &&
    payload !== null &&
    (payload as Record<string, unknown>).pull_request === number
  );
}
