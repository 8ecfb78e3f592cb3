/**
 * The environment given to child processes. Previews run on pull requests, so the repository's
 * code (its `node_modules/.bin/convex`, its convex.json, the scripts the convex CLI runs) is not
 * trusted. A JavaScript action's process holds runner internals that a `run:` step does not
 * get; none of them may reach a child, nor a GitHub token the workflow put in the environment
 * (setup-coder-convex reads it itself, for github-token). See docs/backend-facts.md#actions-platform.
 */

/** Removed from every child's environment, each with the reason. */
export const WITHHELD_ENV: ReadonlyArray<readonly [name: string, reason: string]> = [
  [
    "ACTIONS_RUNTIME_TOKEN",
    "the runner's token for the cache and artifact services (given to JavaScript actions only)",
  ],
  ["ACTIONS_RUNTIME_URL", "the runner's service URL that goes with that token"],
  ["ACTIONS_CACHE_URL", "the cache service: code holding it and the token could poison the cache"],
  ["ACTIONS_CACHE_SERVICE_V2", "the cache service's protocol switch"],
  ["ACTIONS_RESULTS_URL", "the results (artifact, cache v2) service"],
  ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "mints OIDC tokens that cloud providers trust as this workflow"],
  ["ACTIONS_ID_TOKEN_REQUEST_URL", "where those OIDC tokens are minted"],
  ["GITHUB_STATE", "the step's state file: a child could plant what the post step acts on"],
  ["GITHUB_OUTPUT", "the step's outputs file: a child could forge this action's outputs"],
  ["GITHUB_ENV", "exports to later steps: a child could change every later step's environment"],
  ["GITHUB_PATH", "PATH of later steps: a child could put its own programs first"],
  ["GITHUB_STEP_SUMMARY", "the job summary: a child could write into this action's summary"],
  [
    "GITHUB_TOKEN",
    "the job's GitHub token when the workflow puts it in the environment (for gh): it can write to the repository",
  ],
  ["GH_TOKEN", "gh's token, the same"],
  ["GITHUB_ENTERPRISE_TOKEN", "gh's token for GitHub Enterprise Server, the same"],
  ["GH_ENTERPRISE_TOKEN", "gh's token for GitHub Enterprise Server, the same"],
];

/** Prefixes removed too: the action's inputs (the instance secret, a private key) and the post step's saved state. */
export const WITHHELD_PREFIXES: ReadonlyArray<readonly [prefix: string, reason: string]> = [
  ["INPUT_", "the action's inputs, secrets among them (instance-secret, jwt-private-key, env-vars)"],
  ["STATE_", "the state main saved for the post step"],
];

const WITHHELD = new Set(WITHHELD_ENV.map(([name]) => name));

export function isWithheld(name: string): boolean {
  const upper = name.toUpperCase();
  return WITHHELD.has(upper) || WITHHELD_PREFIXES.some(([prefix]) => upper.startsWith(prefix));
}

/** The environment without the runner's internals and the action's inputs. */
export function deriveChildEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isWithheld(name)));
}

/**
 * The PATH a tool this project runs by name (docker, kubectl, git, the package manager) is looked
 * up on: without the folders a package manager puts first when it runs a script or `npx` (every
 * `node_modules/.bin` up the tree) and without relative or empty entries (the working directory,
 * i.e. the checkout). A pull request can commit `node_modules/.bin/docker`; the docker on PATH is
 * trusted, that one is not. The project's convex CLI is run by its path, so it is not concerned.
 */
export function deriveToolPath(path: string | undefined, delimiter = ":"): string | undefined {
  if (path === undefined) return undefined;
  return path
    .split(delimiter)
    .filter(
      (entry) =>
        /^([/\\]|[A-Za-z]:[/\\])/.test(entry) &&
        !entry.split(/[/\\]/).some((segment) => segment.toLowerCase() === "node_modules"),
    )
    .join(delimiter);
}
