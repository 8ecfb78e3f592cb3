/**
 * What the pipeline and prune ask of GitHub, as types only: the action provides them
 * (src/action/seed-artifact.ts, src/action/pull-states.ts, over @actions/github, which is bundled
 * into dist/ and is not a dependency of the npm package). On the command line they are absent:
 * prune goes by max-age, and seed-artifact says to download the artifact and give seed-import.
 */
import type { SnapshotSummary } from "../adapters/snapshot-zip.js";
import type { PullState } from "../core/preview.js";

export interface GitHubAccess {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server); default api.github.com. */
  baseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
  warn: (message: string) => void;
  /** Tests: no waiting on a Retry-After. */
  retryAfterBaseValue?: number;
}

export type SeedArtifactOptions = Omit<GitHubAccess, "token"> & {
  repository: string;
  token: string | undefined;
  /** Where the private temporary folder is made (RUNNER_TEMP in the action). */
  tmp: string;
  maxBytes?: number;
};

export interface FetchedSeed {
  /** The backup ZIP, unpacked (mode 0600), to import. */
  file: string;
  /** For the log: which artifact, from which run, and what it holds. */
  description: string;
  summary: SnapshotSummary;
  /** Removes the temporary folder (production data must not linger on the runner). */
  remove(): Promise<void>;
}

export type FetchSeedArtifact = (
  artifact: { name: string; runId: number | undefined },
  options: SeedArtifactOptions,
) => Promise<FetchedSeed>;

export type PullStateOptions = Omit<GitHubAccess, "token"> & { token: string | undefined };

export type ReadPullStates = (
  repository: string,
  numbers: readonly number[],
  options: PullStateOptions,
) => Promise<Map<number, PullState>>;
