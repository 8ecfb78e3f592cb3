/**
 * command prune: removes this repository's pull request previews (labelled by `up`:
 * core/preview.ts) whose pull request is closed, or that are older than max-age, on a compose
 * host or in a kubernetes namespace; with dry-run it only says what would go, and why. An instance
 * of another repository is never looked at: it is asked by its repository's label and compared
 * again exactly.
 */
import { maskAll } from "./adapters/runtime.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { decidePrune, describeAge, isRepositoryName } from "./core/preview.js";
import type { ReadPullStates } from "./phases/github-seams.js";
import { type FindDeps, TARGETS, type TargetModule } from "./targets/index.js";

export interface PruneDeps extends FindDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** The wall-clock time; default now. */
  date?: () => Date;
  /** GitHub's REST API (the action's src/action/pull-states.ts); absent (the CLI): max-age alone. */
  readPullStates?: ReadPullStates;
  /** Tests: no waiting on a Retry-After. */
  retryAfterBaseValue?: number;
}

export interface PruneResult {
  /** Removed (or, with dry-run, that would be): what and why. */
  removed: Array<{ name: string; reason: string }>;
  kept: string[];
  dryRun: boolean;
}

export async function prune(
  config: Config,
  deps: PruneDeps,
  modules: Readonly<Record<string, TargetModule>> = TARGETS,
): Promise<PruneResult> {
  const { logger } = deps;
  maskAll(logger, config.githubToken);
  const repository = deps.env.GITHUB_REPOSITORY ?? "";
  if (!isRepositoryName(repository))
    throw new SetupError(
      `prune needs the repository whose previews it removes: GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/name` : "not set"}.`,
      "In a workflow it is set for you; on the command line run it as GITHUB_REPOSITORY=owner/name setup-coder-convex prune.",
    );
  const list = modules[config.target]?.list;
  if (!list)
    throw new SetupError(
      `target ${config.target} has nothing to prune: this tool sets up no instance there (the backend runs elsewhere).`,
      "Prune where the previews run: target compose (on their host) or kubernetes (their namespace).",
    );
  const kube = config.target === "kubernetes" ? config.kubernetes : undefined;
  const where = kube ? `in namespace ${kube.namespace}` : "on this Docker host";
  const previews = await list(
    { repository, namespace: kube?.namespace ?? "", networkPolicy: kube?.networkPolicy ?? false },
    deps,
  );
  const result: PruneResult = { removed: [], kept: [], dryRun: config.prune.dryRun };
  if (previews.length === 0) {
    logger.info(`No preview of ${repository} ${where}: nothing to prune.`);
    return result;
  }
  const numbers = [...new Set(previews.map((p) => p.pullRequest))].sort((a, b) => a - b);
  const read: ReadPullStates =
    deps.readPullStates ??
    (async () => {
      logger.warn(
        "The command line does not ask GitHub for the pull requests' states: only previews older than max-age are removed. Run command: prune in a workflow (permissions: pull-requests: read) to remove those of closed pull requests.",
      );
      return new Map();
    });
  const states = await read(repository, numbers, {
    token: config.githubToken,
    baseUrl: deps.env.GITHUB_API_URL,
    warn: (m) => logger.warn(m),
    env: deps.env as NodeJS.ProcessEnv,
    ...(deps.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: deps.retryAfterBaseValue } : {}),
  });
  const now = deps.date?.() ?? new Date();
  const failures: string[] = [];
  for (const { preview, reason } of decidePrune(previews, states, now, config.prune.maxAgeMs)) {
    if (!reason) {
      const state = states.get(preview.pullRequest) ?? "unknown";
      logger.info(
        `Keeping ${preview.name}: pull request #${preview.pullRequest} ${state === "unknown" ? "(state unknown)" : `is ${state}`}, created ${preview.created ?? "at an unknown time"}${config.prune.maxAgeMs ? ` (max-age ${describeAge(config.prune.maxAgeMs)})` : ""}.`,
      );
      result.kept.push(preview.name);
      continue;
    }
    if (config.prune.dryRun) {
      logger.info(`Would remove ${preview.name}: ${reason}.`);
      result.removed.push({ name: preview.name, reason });
      continue;
    }
    logger.info(`Removing ${preview.name}: ${reason}.`);
    try {
      await preview.remove();
      result.removed.push({ name: preview.name, reason });
    } catch (error) {
      failures.push(`${preview.name}: ${(error as Error).message}`);
    }
  }
  if (failures.length)
    throw new SetupError(
      `prune could not remove ${failures.length === 1 ? "a preview" : `${failures.length} previews`}:\n${failures.join("\n")}`,
      "The others were handled; run prune again once the cause is fixed.",
    );
  logger.info(
    `${config.prune.dryRun ? "dry-run: would remove" : "Removed"} ${result.removed.length} of ${previews.length} previews of ${repository} ${where}.`,
  );
  return result;
}
