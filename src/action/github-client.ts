/**
 * The GitHub client loaded when a command needs it (github.ts pulls in @actions/github,
 * which is large): prune's pull request states, seed-artifact's download.
 */
import type { GitHubAccess } from "../phases/github-seams.js";
import type { GitHubClient } from "./github.js";

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
