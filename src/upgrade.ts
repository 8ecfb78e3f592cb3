/**
 * command upgrade (compose and kubernetes): the running instance found as backup finds it; a backup
 * first; the backend's and the dashboard's images changed together to one release; then the
 * backend must answer and its migration worker log that the database is at its version
 * (docs/day-two.md#upgrade); then verify and a deploy of the app's functions. A failure after the
 * images changed puts the old images back, restores the backup when the database moved forward (or
 * the log cannot tell), verifies again, and says in what state it ends.
 */

import { backupPathFor, backupReached } from "./backup.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { withoutCredentials } from "./core/project.js";
import { findRelease } from "./core/releases.js";
import {
  databaseVersionOf,
  deriveUpgradeImages,
  type MigrationLog,
  movedForward,
  parseMigrationLog,
  type ReleaseImages,
  renderUpgradePlan,
} from "./core/upgrade.js";
import { deployFunctions } from "./phases/deploy.js";
import { locateProjectCli, type Reached, reachDeployment } from "./phases/reach.js";
import { createPhases, createReporter } from "./phases/runner.js";
import { printLogs } from "./phases/start.js";
import type { Reporter, SetupDeps } from "./phases/types.js";
import { VerificationError, type VerifyCheck, verifyDeployment } from "./phases/verify.js";
import { restoreReached } from "./restore.js";
import type { BackendView, ImageSwitch, Instance, TargetRun } from "./targets/index.js";

/** Lines of the backend's log read for the migration worker's lines (they come early in a container's life). */
const LOG_TAIL = 5000;
/** How often the log is read while waiting for the migrations. */
const MIGRATION_POLL_MS = 500;

export interface UpgradeResult {
  instance: string;
  /** upgraded; unchanged (it runs that release already); dry-run (the plan only). */
  outcome: "upgraded" | "unchanged" | "dry-run";
  release: string;
  before: ReleaseImages;
  after: ReleaseImages;
  /** The database version the backend's log showed before and after (undefined: not in the log). */
  databaseBefore: number | undefined;
  databaseAfter: number | undefined;
  /** The backup taken first (undefined: none was needed, or dry-run). */
  backupFile: string | undefined;
  plan: string[];
  verified: VerifyCheck[];
  deployed: boolean;
  timings: Array<[string, number]>;
  warnings: string[];
}

/** Where a failed upgrade ended after its rollback. */
export interface RollbackOutcome {
  /** The old images run again (and answer). */
  imagesBack: boolean;
  images: ReleaseImages;
  /** Whether the database had moved forward (undefined: the log did not tell). */
  databaseMoved: boolean | undefined;
  /** The backup restored, when it was. */
  restoredFrom: string | undefined;
  verified: boolean;
  /** What failed in the rollback itself. */
  problems: string[];
}

/** The upgrade failed after the images changed: the error says how, and where the rollback left it. */
export class UpgradeError extends SetupError {
  override name = "UpgradeError";
  constructor(
    readonly step: string,
    readonly failure: unknown,
    readonly rollback: RollbackOutcome,
    readonly backupFile: string,
  ) {
    super(describeFailure(step, failure, rollback, backupFile), rollbackHint(rollback, backupFile), {
      cause: failure,
    });
  }
}

function describeFailure(step: string, failure: unknown, r: RollbackOutcome, backupFile: string): string {
  const why = failure instanceof Error ? failure.message : String(failure);
  const images = `backend ${r.images.backend}${r.images.dashboard ? `, dashboard ${r.images.dashboard}` : ""}`;
  const data =
    r.restoredFrom !== undefined
      ? `its data is the backup's (${r.restoredFrom}), restored because ${r.databaseMoved ? "a migration had run" : "the log did not tell whether a migration had run"}`
      : r.databaseMoved === false
        ? "its data was left as it was (no migration had run)"
        : `its data was NOT restored (the backup is ${backupFile})`;
  return [
    `The upgrade failed at "${step}": ${why}`,
    r.imagesBack
      ? `Rolled back: the old images run again (${images}); ${data}; ${r.verified ? "verified" : "NOT verified"}.`
      : `The rollback did not bring the old images back (${images}); ${data}; NOT verified.`,
    ...r.problems.map((p) => `  - ${p}`),
  ].join("\n");
}

function rollbackHint(r: RollbackOutcome, backupFile: string): string {
  return r.imagesBack && r.verified
    ? `Read the backend's logs above for why the new release failed. The backup stays at ${backupFile}.`
    : `Check the backend (setup-coder-convex status, logs); to put the data back by hand: setup-coder-convex restore --backup-file ${backupFile} --yes.`;
}

/** What the steps share. */
interface Upgrade {
  config: Config;
  deps: SetupDeps;
  report: Reporter;
  phase: TargetRun["phase"];
  reached: Reached;
  run: TargetRun;
  swap: ImageSwitch;
  instance: Instance;
  /** Variable names the deployment had (the backup's): they must still be there. */
  variables: readonly string[];
  /** The migration log of the new backend as last read. */
  migration: MigrationLog | undefined;
  step: string;
}

export async function upgrade(config: Config, deps: SetupDeps): Promise<UpgradeResult> {
  const { report, warnings } = createReporter(deps.logger);
  const { phase, timings } = createPhases(deps);
  if (config.target === "connect")
    throw new SetupError(
      "target connect: command upgrade changes the images of a backend this tool runs; a connect backend runs elsewhere.",
      "Upgrade it where it runs (its Helm release, the Coder template), then run up to deploy; or use target compose or kubernetes.",
    );
  const wanted = deriveUpgradeImages({
    release: config.upgrade.release,
    backendImage: config.images.backend,
    dashboardImage: config.images.dashboard,
  });
  if ("problems" in wanted) throw new SetupError(wanted.problems.map(([f, m]) => `${f}: ${m}`).join("\n"));
  if (!findRelease(wanted.images.backend))
    report.warn(
      `${wanted.images.backend} is not in the release table (docs/convex-cli-versions.md): which convex CLI versions it serves is not known here; up checks the app's CLI only against known releases.`,
    );
  const reached = await reachDeployment(config, deps, report, phase, "upgrade");
  try {
    const { target } = reached;
    const swap = target.switchImages;
    const instance = target.instance;
    if (!swap || !instance)
      throw new SetupError(`target ${target.kind}: its images are not changed from here.`);
    const current = await phase("Current release", () => swap.current(reached.files));
    const next: ReleaseImages = {
      backend: wanted.images.backend,
      dashboard: current.dashboard ? wanted.images.dashboard : undefined,
    };
    const databaseBefore = databaseVersionOf(
      parseMigrationLog(await instance.logs(LOG_TAIL).catch(() => "")),
    );
    const createdAt = deps.date?.() ?? new Date();
    const backupFile = backupPathFor(config, reached, createdAt);
    const plan = renderUpgradePlan({
      instance: instance.name,
      current,
      next,
      databaseVersion: databaseBefore,
      backupFile,
      where: swap.where,
      deploy: config.deploy,
      verify: config.verify,
    });
    const result = {
      instance: instance.name,
      release: wanted.release,
      before: current,
      databaseBefore,
      plan,
    };
    const unchanged = { verified: [], deployed: false, backupFile: undefined, timings, warnings };
    if (current.backend === next.backend && current.dashboard === next.dashboard) {
      deps.logger.info(`${instance.name} runs ${next.backend} already: nothing to upgrade.`);
      return { ...result, ...unchanged, outcome: "unchanged", after: current, databaseAfter: databaseBefore };
    }
    for (const line of plan) deps.logger.info(line);
    if (config.upgrade.dryRun) {
      deps.logger.info("dry-run: nothing was changed.");
      return { ...result, ...unchanged, outcome: "dry-run", after: current, databaseAfter: databaseBefore };
    }
    // Before anything changes: the images are there (compose), and the backup is taken.
    await phase("Pull images", () => swap.prepare(next, report.warn));
    const saved = await backupReached(config, reached, deps, phase, createdAt);
    const run: TargetRun = { config: reached.config, layout: reached.layout, report, phase };
    const u: Upgrade = {
      config,
      deps,
      report,
      phase,
      reached,
      run,
      swap,
      instance,
      variables: saved.variables,
      migration: undefined,
      step: "Change images",
    };
    try {
      const done = await switchAndCheck(u, next);
      return {
        ...result,
        outcome: "upgraded",
        after: next,
        databaseAfter: databaseVersionOf(done.migration),
        backupFile: saved.file,
        verified: done.verified,
        deployed: done.deployed,
        timings,
        warnings,
      };
    } catch (error) {
      const rollback = await rollBack(u, current, databaseBefore, saved.file);
      throw new UpgradeError(u.step, error, rollback, saved.file);
    }
  } finally {
    await reached.close();
  }
}

/** The images changed, the backend waited for (its migrations too), verified, the functions deployed. */
async function switchAndCheck(u: Upgrade, next: ReleaseImages) {
  const { reached, deps, phase, run, config } = u;
  const step = (name: string) => {
    u.step = name;
  };
  await phase("Change images", () => u.swap.change(run, reached.files, next));
  step("Wait for the backend");
  const admin = deps.admin(reached.url);
  await phase("Wait for the backend", () => reached.target.wait(run, admin));
  step("Migrations");
  const migration = await phase("Migrations", () => waitForMigrations(u, u.instance, config.waitTimeoutMs));
  if (migration.ahead)
    throw new SetupError(
      `The database is at version ${migration.ahead.database}, newer than this release's ${migration.ahead.binary}: it is an older release than the one that ran.`,
      "Upgrade to a release at least as new as the one running (release), never back.",
    );
  step("Verify");
  const verified = config.verify ? await phase("Verify", () => verifyAfter(u)) : [];
  if (verified.some((c) => !c.ok)) throw new VerificationError(verified);
  step("Deploy functions");
  if (config.deploy)
    await phase("Deploy functions", async () => {
      const project = await locateProjectCli(reached, deps);
      await deployFunctions(
        deps.convexCli,
        reached.layout.dir,
        project,
        {
          url: reached.url,
          adminKey: reached.adminKey,
          args: config.deployArgs,
          env: withoutCredentials(deps.env, config),
        },
        deps.logger,
        deps.clock,
      );
    });
  return { migration, verified, deployed: config.deploy };
}

/**
 * Reads the new backend's log until its migration worker says the database is at its version
 * (`db metadata version up to date at N`) or newer than it; a failed step, a stopped backend or
 * no such line within wait-timeout is a failure.
 */
async function waitForMigrations(u: Upgrade, view: BackendView, timeoutMs: number): Promise<MigrationLog> {
  const { clock, logger } = u.deps;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const log = parseMigrationLog(await view.logs(LOG_TAIL).catch(() => ""));
    u.migration = log;
    if (log.failed) {
      await printLogs(logger, () => view.logs(200), "a migration failed");
      throw new SetupError("The backend's migration worker failed (`Migration worker failed` in its log).");
    }
    if (log.ahead) return log;
    if (log.upToDate !== undefined) {
      logger.info(
        log.migrated.length
          ? `Migrated the database to ${log.migrated.join(", ")}; up to date at ${log.upToDate}.`
          : `The database is at version ${log.upToDate}: no migration was needed.`,
      );
      return log;
    }
    const backend = (await view.states().catch(() => [])).find((s) => s.service === "backend");
    if (backend && (backend.state === "exited" || backend.state === "dead")) {
      await printLogs(logger, () => view.logs(200), "the backend stopped");
      throw new SetupError(`The backend ${backend.state} before its migrations were complete.`);
    }
    if (clock.now() >= deadline) {
      await printLogs(logger, () => view.logs(200), "no migration line");
      throw new SetupError(
        `The backend did not log that its migrations are complete ("db metadata version up to date at N") within ${timeoutMs / 1000} s.`,
        "Read its logs above: a long migration needs a longer wait-timeout; a log-level above info hides the line.",
      );
    }
    await clock.sleep(MIGRATION_POLL_MS);
  }
}

/** The checks of verify against the upgraded backend: it answers, the key, the variables it had, auth discovery. */
async function verifyAfter(u: Upgrade): Promise<VerifyCheck[]> {
  const { reached, deps } = u;
  const admin = deps.admin(reached.url);
  const deployed = await admin.hasDeployedFunctions(reached.adminKey).catch(() => false);
  const checks = await verifyDeployment(
    { admin: deps.admin, fetch: deps.fetch ?? fetch },
    {
      hostApiUrl: reached.target.hostApiUrl,
      hostSiteUrl: reached.target.hostSiteUrl,
      apiUrl: reached.publicUrls.apiUrl,
      siteUrl: reached.publicUrls.siteUrl,
      adminKey: reached.adminKey,
      expectedVariables: u.variables,
      // Served by the deployed http.ts of a @convex-dev/auth app (its JWKS variable).
      authDiscovery: deployed && u.variables.includes("JWKS"),
      publicUrls: false,
    },
  );
  for (const c of checks) deps.logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
  return checks;
}

/** The old images back; the backup restored when the database moved (or the log cannot tell); verified. */
async function rollBack(
  u: Upgrade,
  old: ReleaseImages,
  databaseBefore: number | undefined,
  backupFile: string,
): Promise<RollbackOutcome> {
  const { deps, reached, run } = u;
  const group = <T>(title: string, fn: () => Promise<T>) => deps.logger.group(title, fn);
  // What the new backend did, read before it is replaced.
  const seen = parseMigrationLog(await u.instance.logs(LOG_TAIL).catch(() => ""));
  const log = u.migration && databaseVersionOf(u.migration) !== undefined ? u.migration : seen;
  const moved = movedForward(
    { ...log, migrated: [...new Set([...log.migrated, ...seen.migrated])] },
    databaseBefore,
  );
  const outcome: RollbackOutcome = {
    imagesBack: false,
    images: old,
    databaseMoved: moved,
    restoredFrom: undefined,
    verified: false,
    problems: [],
  };
  const problem = (what: string, error: unknown) =>
    outcome.problems.push(
      `${what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  const admin = deps.admin(reached.url);
  try {
    await group("Roll back: the old images", () => u.swap.change(run, reached.files, old));
    await group("Roll back: wait for the backend", () => reached.target.wait(run, admin));
    outcome.imagesBack = true;
  } catch (error) {
    problem("putting the old images back failed", error);
    return outcome;
  }
  if (moved !== false) {
    try {
      const confirmed = { ...u.config, backup: { ...u.config.backup, confirmRestore: true } };
      await restoreReached(confirmed, backupFile, reached, deps, u.report, group);
      outcome.restoredFrom = backupFile;
    } catch (error) {
      problem(`restoring ${backupFile} failed`, error);
    }
  }
  try {
    const checks = await group("Roll back: verify", () => verifyAfter(u));
    outcome.verified = checks.every((c) => c.ok) && outcome.problems.length === 0;
    for (const c of checks.filter((x) => !x.ok)) outcome.problems.push(`verify: ${c.detail}`);
  } catch (error) {
    problem("verify failed", error);
  }
  return outcome;
}
