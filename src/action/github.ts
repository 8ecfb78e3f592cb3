/**
 * The one GitHub REST client of the action (action-only: its packages are bundled into dist/, not
 * dependencies of the npm package) (pull request comments, deployments, prune's pull
 * request states, artifacts): @actions/github's Octokit with the retry and throttling plugins, so
 * that a secondary rate limit or a 5xx is retried a bounded number of times, and every retry is a
 * warning the user sees. The token is masked by the caller the moment it is read; it is never
 * logged here. Loaded only by the commands that use it (@actions/github is large).
 */
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** The REST API root: GITHUB_API_URL on GitHub Enterprise Server; default api.github.com. */
  baseUrl?: string;
  /** Said once per retry (rate limits) and for the final give-up. */
  warn: (message: string) => void;
  /** How many times a rate-limited request is retried (default 2). */
  retries?: number;
  /**
   * Tests: milliseconds per second of a Retry-After (default 1000). 0 = no waiting at all: nor
   * for a Retry-After, nor between writes (the throttling plugin spaces writes 1 s apart and
   * those that notify, such as a new comment, 3 s apart, as GitHub's best practices ask).
   */
  retryAfterBaseValue?: number;
  /** The environment, for the proxy variables (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A proxy for HTTPS set in the environment (the runner's HTTPS_PROXY; NO_PROXY is honoured there). */
function proxied(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * A stand-in for the plugin's Bottleneck groups that space writes: it schedules at once. The
 * plugin only asks a group for `key(id).schedule(options, job)` before a write.
 */
const unspaced = {
  key: () => ({ schedule: async (_options: unknown, job: () => unknown) => job() }),
};

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.retries ?? 2;
  const onLimit =
    (kind: string) =>
    (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => {
      if (count < retries) {
        options.warn(
          `GitHub ${kind} on ${request.method} ${request.url}: retrying in ${after} s (${count + 1} of ${retries}).`,
        );
        return true;
      }
      options.warn(`GitHub ${kind} on ${request.method} ${request.url}: gave up after ${retries} retries.`);
      return false;
    };
  return getOctokit(
    options.token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : {}),
      // Node's own fetch unless a proxy is set: then @actions/github's proxy-aware fetch is kept.
      ...(proxied(options.env ?? process.env) ? {} : { request: { fetch: globalThis.fetch } }),
      retry: {
        retries,
        ...(options.retryAfterBaseValue !== undefined
          ? { retryAfterBaseValue: options.retryAfterBaseValue }
          : {}),
      },
      throttle: {
        onRateLimit: onLimit("rate limit"),
        onSecondaryRateLimit: onLimit("secondary rate limit"),
        ...(options.retryAfterBaseValue !== undefined
          ? { retryAfterBaseValue: options.retryAfterBaseValue, fallbackSecondaryRateRetryAfter: 0 }
          : {}),
        // Typed as the plugin's Bottleneck.Group, of which it uses only key().schedule().
        ...(options.retryAfterBaseValue === 0
          ? ({ write: unspaced, notifications: unspaced } as object)
          : {}),
      },
    },
    retry,
    throttling,
  );
}
