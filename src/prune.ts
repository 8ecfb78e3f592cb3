/**
 * command prune: removes this repository's pull request previews (labelled by `up`:
 * core/preview.ts) whose pull request is closed, or that are older than max-age, on a compose
 * host or in a kubernetes namespace; with dry-run it only says what would go, and why. An instance
 * of another repository is never looked at: it is asked by its repository's label and compared
 * again exactly. With drop-database, each removed preview's database goes too (as `down` drops it).
 */
import { maskAll } from "./adapters/runtime.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { decidePrune, describeAge, isRepositoryName } from "./core/preview.js";
import type { ReadPullStates } from "./phases/github-seams.js";
import type { SetupDeps } from "./phases/types.js";
import { type FindDeps, type PreviewInstance, TARGETS, type TargetModule } from "./targets/index.js";
import { dropInstanceDatabase, instanceDatabase } from "./teardown.js";

export interface PruneDeps extends FindDeps, Pick<SetupDeps, "postgres" | "mysql"> {
  env: Readonly<Record<string, string | undefined>>;
  /** The wall-clock time; default now. */
  date?: () => Date;
  /** GitHub's REST API (the action's src/action/pull-states.ts); absent (the CLI): max-age alone. */
  readPullStates?: ReadPullStates;
  /** Tests: no waiting on a Retry-After. */
  retryAfterBaseValue?: number;
}

export interface PruneResult {
  /** Removed (or, with dry-run, that would be): what and why, and what became of its database. */
  removed: Array<{ name: string; reason: string; database?: string }>;
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
  maskAll(logger, (config.postgres.url ?? config.mysql.url)?.password);
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
  const { where, previews } = await list(config, repository, deps);
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
  const decisions = decidePrune(previews, states, now, config.prune.maxAgeMs);
  const database = databasePlan(
    config,
    decisions.filter((d) => !d.reason).map((d) => d.preview),
  );
  if (decisions.some((d) => d.reason)) database.announce(logger);
  const failures: string[] = [];
  /** Databases left after their previews went (a failed drop). */
  let orphaned = 0;
  for (const { preview, reason } of decisions) {
    if (!reason) {
      const state = states.get(preview.pullRequest) ?? "unknown";
      logger.info(
        `Keeping ${preview.name}: pull request #${preview.pullRequest} ${state === "unknown" ? "(state unknown)" : `is ${state}`}, created ${preview.created ?? "at an unknown time"}${config.prune.maxAgeMs ? ` (max-age ${describeAge(config.prune.maxAgeMs)})` : ""}.`,
      );
      result.kept.push(preview.name);
      continue;
    }
    const drop = database.of(preview);
    if (config.prune.dryRun) {
      logger.info(`Would remove ${preview.name}: ${reason}.${drop.dryRun}`);
      result.removed.push({ name: preview.name, reason, ...said(drop.dryRun.trim()) });
      continue;
    }
    logger.info(`Removing ${preview.name}: ${reason}.`);
    try {
      await preview.remove();
    } catch (error) {
      failures.push(`${preview.name}: ${(error as Error).message}`);
      continue; // its database stays while the instance may still use it
    }
    let fate = drop.kept;
    if (drop.kept) logger.warn(`${preview.name}: ${drop.kept}`);
    else if (drop.instanceName)
      try {
        fate = await dropInstanceDatabase(config, drop.instanceName, deps);
      } catch (error) {
        // The preview's labels went with it: a later prune cannot find this database again.
        const where = instanceDatabase(config, drop.instanceName)?.where ?? "its database";
        failures.push(
          `${preview.name} was removed, its database was not: drop ${where} by hand once the cause is fixed (prune no longer finds this preview). ${(error as Error).message}`,
        );
        orphaned++;
      }
    result.removed.push({ name: preview.name, reason, ...said(fate) });
  }
  if (failures.length)
    throw new SetupError(
      `prune failed for ${failures.length === 1 ? "a preview" : `${failures.length} previews`}:\n${failures.join("\n")}`,
      orphaned
        ? "The others were handled; once the cause is fixed, run prune again for the previews it could not remove, and drop the databases it names by hand."
        : "The others were handled; run prune again once the cause is fixed.",
    );
  logger.info(
    `${config.prune.dryRun ? "dry-run: would remove" : "Removed"} ${result.removed.length} of ${previews.length} previews of ${repository} ${where}.`,
  );
  return result;
}

/** `{ database }` when there is something to say of a preview's database. */
const said = (text: string | undefined) => (text ? { database: text } : {});

/** What prune does with the previews' databases (drop-database with a Postgres or MySQL URL). */
interface DatabasePlan {
  /** Says once, before anything goes, whether databases are dropped or kept. */
  announce(logger: PruneDeps["logger"]): void;
  of(preview: PreviewInstance): {
    /** The instance whose database is dropped after the preview is removed; undefined: none. */
    instanceName: string | undefined;
    /** Why its database is kept although drop-database is on (a warning); undefined otherwise. */
    kept: string | undefined;
    /** Appended to dry-run's "Would remove" line. */
    dryRun: string;
  };
}

/**
 * The database of each removed preview: dropped with drop-database, as `down` drops it (the one
 * named from its instance name), unless its instance name is not recorded, lacks preview-prefix,
 * or is also a kept preview's (two previews on one database: the kept one still uses it).
 */
function databasePlan(config: Config, kept: readonly PreviewInstance[]): DatabasePlan {
  const server = config.postgres.url ?? config.mysql.url;
  const none = { instanceName: undefined, kept: undefined, dryRun: "" };
  if (!server || !config.postgres.dropDatabase)
    return {
      announce: (logger) => {
        if (server)
          logger.info(
            `The previews' databases on ${server.host}:${server.port} are kept: prune drops them only with drop-database: true (--drop-database).`,
          );
      },
      of: () => none,
    };
  const inUse = new Set(kept.map((p) => p.instanceName).filter(Boolean));
  return {
    announce: (logger) =>
      logger.info(
        `drop-database: each removed preview's database on ${server.host}:${server.port} goes with it, when its instance name starts with preview-prefix "${config.postgres.previewPrefix}".`,
      ),
    of(preview) {
      const name = preview.instanceName;
      const db = name ? instanceDatabase(config, name) : undefined;
      const why = !name
        ? "its instance name is not recorded on it (set up before prune could drop databases): drop the preview's database by hand (its name is the instance name with - as _)"
        : inUse.has(name)
          ? `instance ${name} is also a kept preview's, which still uses its database`
          : db?.refused;
      const what = db ? `database ${db.where}` : "its database";
      if (why) {
        const kept = `${what} is kept: ${why}.`;
        return {
          instanceName: undefined,
          kept,
          dryRun: ` ${what[0]!.toUpperCase()}${what.slice(1)} would be kept: ${why}.`,
        };
      }
      return { instanceName: name, kept: undefined, dryRun: ` Its ${what} would be dropped.` };
    },
  };
}
