/**
 * prune's question to GitHub: is each preview's pull request still open? One
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}` per number (its `state` is open or closed),
 * through the one REST client (adapters/github.ts, loaded only here, lazily). A token that may not
 * read pull requests is said once, and prune then goes by age alone.
 */
import { SetupError } from "../core/errors.js";
import type { PullState } from "../core/preview.js";
import type { ReadPullStates } from "../phases/github-seams.js";
import { openGitHubClient } from "./github-client.js";

const AGE_ONLY = "Only previews older than max-age are removed in this run.";

export const readPullStates: ReadPullStates = async (repository, numbers, options) => {
  const states = new Map<number, PullState>();
  if (numbers.length === 0) return states;
  if (!options.token) {
    options.warn(
      `No github-token: the state of the pull requests cannot be asked. ${AGE_ONLY} Give github-token (the default \${{ github.token }} in a workflow; GITHUB_TOKEN on the command line).`,
    );
    return states;
  }
  const client = await openGitHubClient({ ...options, token: options.token });
  const [owner, repo] = repository.split("/") as [string, string];
  for (const n of numbers) {
    try {
      const { data } = await client.rest.pulls.get({ owner, repo, pull_number: n });
      states.set(n, data.state === "closed" ? "closed" : "open");
    } catch (error) {
      const status = (error as { status?: number }).status;
      const reason = (error as Error).message;
      if (status === 401 || status === 403) {
        options.warn(
          `GitHub refused to read pull request #${n} of ${repository} (HTTP ${status}: ${reason}): the token may not read pull requests; give the workflow \`permissions: pull-requests: read\`. ${AGE_ONLY}`,
        );
        return new Map();
      }
      if (status === 404) {
        options.warn(
          `Pull request #${n} of ${repository} was not found (HTTP 404): its preview is kept unless it is older than max-age.`,
        );
        states.set(n, "unknown");
        continue;
      }
      throw new SetupError(
        `Reading pull request #${n} of ${repository} from GitHub failed: ${reason}.`,
        "Nothing was removed. Retry later, or check GITHUB_API_URL and the network.",
      );
    }
  }
  return states;
};
