/**
 * A preview speaking on its pull request (comment: true and a pull_request event): its comment
 * (deploying, ready, failed, removed) and its GitHub deployment (in_progress, success, failure,
 * inactive). Never fails the step: a token that may not write (a fork's pull request, a missing
 * `permissions:` entry) gives one warning naming the permission, and that channel stays quiet for
 * the rest of the run. @actions/github is loaded only here, only when there is a pull request.
 */

import type { Config } from "../core/config.js";
import { locate } from "../core/layout.js";
import {
  describePreviewStatus,
  isEnding,
  type PreviewReport,
  type PreviewState,
  previewEnvironment,
  renderPreviewComment,
} from "../core/preview-comment.js";
import type { GitHubClient } from "./github.js";
import {
  type CommentRef,
  type DeploymentStatus,
  type PullRequestRef,
  pullRequestApi,
  readPullRequest,
  runUrlOf,
} from "./pull-request.js";

export interface PreviewOutcome {
  state: PreviewState;
  failedPhase?: string;
  durationMs?: number;
}

export interface PreviewReporter {
  /** Never throws: what GitHub refuses is one warning. */
  report(outcome: PreviewOutcome): Promise<void>;
  /** The spec with what was found, for the post step. */
  spec(): PreviewSpec;
  /** The outputs comment-url and deployment-id (empty when there is none). */
  outputs(): { "comment-url": string; "deployment-id": string };
}

/**
 * What the comment and the deployment say about a preview, besides its state: from the
 * configuration (main), or from the step's state (post, after cleanup removed it).
 */
export interface PreviewSpec {
  /** The compose project (one per pull request), else the instance name. */
  preview: string;
  target: Config["target"];
  namespace?: string;
  urls: PreviewReport["urls"];
  /** The deployment's environment_url: the frontend's URL when known, else the API's. */
  environmentUrl: string;
  /** What an earlier report of this run found (post: no search again). */
  known?: { comment?: CommentRef; deploymentId?: number };
}

export function previewSpecOf(config: Config, cwd: string): PreviewSpec {
  const urls = config.publicUrls;
  return {
    preview: config.target === "compose" ? locate(config, cwd).target.project : config.instanceName,
    target: config.target,
    ...(config.target === "kubernetes" ? { namespace: config.kubernetes.namespace } : {}),
    urls: {
      api: urls.apiUrl,
      site: urls.siteUrl,
      ...(config.dashboard ? { dashboard: urls.dashboardUrl } : {}),
    },
    environmentUrl: config.frontend.url ?? urls.apiUrl,
  };
}

export interface PreviewOptions {
  spec: PreviewSpec;
  env: NodeJS.ProcessEnv;
  /** The github-token input, masked already. */
  token: string;
  warn: (message: string) => void;
  date?: () => Date;
  /** Tests: a client with no waiting on Retry-After. */
  makeClient?: (token: string, warn: (m: string) => void) => Promise<GitHubClient>;
}

async function defaultClient(token: string, warn: (m: string) => void, env: NodeJS.ProcessEnv) {
  const { createGitHubClient } = await import("./github.js");
  return createGitHubClient({
    token,
    warn,
    env,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
  });
}

/** undefined when the event is not a pull request, or there is no token (comment is the caller's). */
export async function openPreviewReporter(options: PreviewOptions): Promise<PreviewReporter | undefined> {
  const { env, warn } = options;
  const pr = await readPullRequest(env);
  if (!pr) return undefined;
  if (!options.token) {
    warn("comment: no github-token: the preview is not reported on the pull request.");
    return undefined;
  }
  const client = await (options.makeClient ?? ((t, w) => defaultClient(t, w, env)))(options.token, warn);
  return createReporter(client, pr, options);
}

type Channel = "comment" | "deployment";

const PERMISSION: Record<Channel, string> = {
  comment: "pull-requests: write",
  deployment: "deployments: write",
};

function createReporter(client: GitHubClient, pr: PullRequestRef, options: PreviewOptions): PreviewReporter {
  const { spec, env, warn } = options;
  const { preview } = spec;
  const environment = previewEnvironment(preview);
  const runUrl = runUrlOf(env);
  const off = new Set<Channel>();
  let comment: CommentRef | undefined = spec.known?.comment;
  let deploymentId: number | undefined = spec.known?.deploymentId;
  let searched = false;
  const github = pullRequestApi(client, pr);

  const writeComment = async (report: PreviewReport) => {
    comment ??= await github.findComment(preview);
    if (isEnding(report.state) && !comment) return; // never a new comment to say "removed"
    comment = await github.writeComment(comment, renderPreviewComment(report));
  };
  const writeDeployment = async (report: PreviewReport) => {
    if (!searched && deploymentId === undefined) deploymentId = await github.findDeployment(environment);
    searched = true;
    if (isEnding(report.state) && deploymentId === undefined) return; // none to retire
    deploymentId ??= await github.createDeployment(environment);
    await github.setDeploymentStatus(deploymentId, statusOf(report, spec, runUrl));
  };

  return {
    async report(outcome) {
      const report: PreviewReport = {
        preview,
        state: outcome.state,
        target: spec.target,
        sha: pr.headSha,
        urls: spec.urls,
        at: (options.date?.() ?? new Date()).toISOString(),
        ...(outcome.failedPhase ? { failedPhase: outcome.failedPhase } : {}),
        ...(outcome.durationMs !== undefined ? { durationMs: outcome.durationMs } : {}),
        ...(runUrl ? { runUrl } : {}),
        ...(spec.namespace ? { namespace: spec.namespace } : {}),
      };
      const failures: Array<[Channel, unknown]> = [];
      for (const [channel, write] of [
        ["comment", writeComment],
        ["deployment", writeDeployment],
      ] as const) {
        if (off.has(channel)) continue;
        try {
          await write(report);
        } catch (error) {
          off.add(channel);
          failures.push([channel, error]);
        }
      }
      if (failures.length) warn(explainFailures(pr, failures));
    },
    spec: () => ({
      ...spec,
      known: { ...(comment ? { comment } : {}), ...(deploymentId !== undefined ? { deploymentId } : {}) },
    }),
    outputs: () => ({
      "comment-url": comment?.url ?? "",
      "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
    }),
  };
}

function statusOf(report: PreviewReport, spec: PreviewSpec, logUrl: string | undefined): DeploymentStatus {
  const state = (
    {
      deploying: "in_progress",
      ready: "success",
      failed: "failure",
      removed: "inactive",
      "remove-failed": "failure",
    } as const
  )[report.state];
  return {
    state,
    description: describePreviewStatus(report),
    ...(report.state === "removed" ? {} : { environmentUrl: spec.environmentUrl }),
    ...(logUrl ? { logUrl } : {}),
  };
}

/** The HTTP status of an Octokit RequestError, if it is one. */
function statusCode(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** One warning for what could not be written in this report, naming the permissions to give. */
export function explainFailures(pr: PullRequestRef, failures: Array<[Channel, unknown]>): string {
  const what = failures
    .map(([c]) => (c === "comment" ? "comment on" : "create the deployment of"))
    .join(" nor ");
  const said = failures
    .map(([, e]) => {
      const code = statusCode(e);
      const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
      return code ? `${code} ${message}` : message;
    })
    .filter((m, i, all) => all.indexOf(m) === i)
    .join("; ");
  const denied = failures
    .filter(([, e]) => [401, 403, 404].includes(statusCode(e) ?? 0))
    .map(([c]) => PERMISSION[c]);
  const fix = denied.length
    ? ` Give the job \`permissions:\` ${denied.join(", ")}, or set comment: false (a pull request from a fork gets a read-only token: its preview is reported in the job summary only).`
    : "";
  return `Could not ${what} pull request #${pr.number} (GitHub said: ${said}); the preview goes on without it.${fix}`;
}
