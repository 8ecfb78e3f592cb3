/**
 * The GitHub client loaded when a command needs it (adapters/github.ts pulls in @actions/github,
 * which is large): prune's pull request states, seed-artifact's download.
 */
import type { GitHubClient } from "./github.js";

export interface GitHubAccess {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server); default api.github.com. */
  baseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
  warn: (message: string) => void;
  /** Tests: no waiting on a Retry-After. */
  retryAfterBaseValue?: number;
}

export async function openGitHubClient(access: GitHubAccess): Promise<GitHubClient> {
  const { createGitHubClient } = await import("./github.js");
  return createGitHubClient({
    token: access.token,
    warn: access.warn,
    ...(access.baseUrl ? { baseUrl: access.baseUrl } : {}),
    ...(access.env ? { env: access.env } : {}),
    ...(access.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: access.retryAfterBaseValue } : {}),
  });
}
