/**
 * command restore: a snapshot ZIP (command backup's, or any `convex export`) imported with the
 * project's own convex CLI, `convex import --replace-all` (every table of the app replaced by the
 * ZIP's, the tables it does not hold emptied), and the variables of its `<name>.env.json` set again
 * when it holds their values. A deployment that holds documents is replaced only with
 * confirm-restore (CLI --yes). Verified afterwards: each table's document count is the backup's,
 * and each variable set has its value.
 */
import { resolve } from "node:path";
import { createDeploymentData } from "./adapters/deployment-data.js";
import { maskAll } from "./adapters/runtime.js";
import { readSnapshot } from "./adapters/snapshot-zip.js";
import { storeFor } from "./backup.js";
import {
  type BackupManifest,
  compareTables,
  countDocuments,
  describeTables,
  documents,
  parseManifest,
  variablesFileOf,
} from "./core/backup-file.js";
import type { Config } from "./core/config.js";
import { type EnvChange, isMaskableValue, MANAGED_DEPLOYMENT_NAMES } from "./core/deployment-env.js";
import { SetupError } from "./core/errors.js";
import { locate } from "./core/layout.js";
import { withoutCredentials } from "./core/project.js";
import { withLoggedOutput } from "./phases/deploy.js";
import { locateProjectCli, type Reached, reachDeployment } from "./phases/reach.js";
import { createPhases, createReporter } from "./phases/runner.js";
import type { Reporter, SetupDeps } from "./phases/types.js";
import type { TargetRun } from "./targets/index.js";

export interface RestoreResult {
  file: string;
  /** The variables file read, when there was one next to the ZIP. */
  variablesFile: string | undefined;
  /** Documents per table before (what was replaced) and after (the backup's). */
  before: Record<string, number>;
  tables: Record<string, number>;
  /** Variables set again from the backup's values. */
  variablesSet: string[];
  /** Variable names of the backup that the deployment lacks (their values were not saved). */
  variablesMissing: string[];
  timings: Array<[string, number]>;
  warnings: string[];
}

const MANAGED = new Set<string>(MANAGED_DEPLOYMENT_NAMES);

export async function restore(config: Config, deps: SetupDeps): Promise<RestoreResult> {
  const { report, warnings } = createReporter(deps.logger);
  const { phase, timings } = createPhases(deps);
  const given = config.backup.file;
  if (!given) throw new SetupError("backup-file: command restore needs the snapshot ZIP to import.");
  const file = resolve(locate(config, deps.cwd).dir, given);

  const reached = await reachDeployment(config, deps, report, phase, "restore");
  try {
    return { ...(await restoreReached(config, file, reached, deps, report, phase)), timings, warnings };
  } finally {
    await reached.close();
  }
}

/**
 * A restore into a deployment reached already (command restore, and upgrade's rollback, which
 * gives confirm-restore itself: it restores the backup it has just taken).
 */
export async function restoreReached(
  config: Config,
  file: string,
  reached: Reached,
  deps: SetupDeps,
  report: Reporter,
  phase: TargetRun["phase"],
): Promise<Omit<RestoreResult, "timings" | "warnings">> {
  const { layout, files, root } = reached;
  // The backup, read before anything changes: a file that is not a snapshot stops here.
  const store = storeFor(file, root, files, deps.files);
  if (!(await store.exists(file)) || (await store.isDirectory(file)))
    throw new SetupError(
      `backup-file: ${file} is not a file.`,
      "Give the ZIP command: backup wrote (relative to working-directory), e.g. .convex-backups/app-20260101-120000Z.zip.",
    );
  const backupText = await store.read(variablesFileOf(file));
  const manifest: BackupManifest | undefined =
    backupText === undefined ? undefined : parseManifest(backupText, variablesFileOf(file));
  for (const value of Object.values(manifest?.values ?? {}))
    if (isMaskableValue(value)) maskAll(deps.logger, value);
  const snapshot = await phase("Read the backup", async () => {
    const s = await readSnapshot(file);
    deps.logger.info(
      `${file}: ${documents(countDocuments(s.tables))} (${describeTables(s.tables)})${s.storageFiles !== undefined ? `, ${s.storageFiles} stored files` : ""}${manifest ? `; variables from ${variablesFileOf(file)}${manifest.values ? " (with values)" : " (names only)"}` : ""}.`,
    );
    if (s.componentEntries > 0)
      report.warn(
        "The backup holds tables of components (_components/): they are imported, but only the app's own tables are verified.",
      );
    if (manifest && manifest.zip !== file.split(/[\\/]/).at(-1))
      report.warn(`${variablesFileOf(file)} was written for ${manifest.zip}, not for this ZIP.`);
    return s;
  });

  const data = createDeploymentData(reached.url, deps.fetch);
  const before = await phase("Check the deployment", async () => {
    const counts = await data.tableCounts(reached.adminKey);
    const holds = countDocuments(counts) > 0;
    deps.logger.info(`The deployment holds ${describeTables(counts)}.`);
    if (holds && !config.backup.confirmRestore)
      throw new SetupError(
        `restore refused: the deployment holds data (${describeTables(counts)}), and a restore replaces every table with the backup's (${describeTables(snapshot.tables)}).`,
        "To replace it, rerun with confirm-restore: true (CLI: --yes); take a backup of it first (command: backup) if you may want it back.",
      );
    if (holds) deps.logger.info("confirm-restore: true: its tables are replaced by the backup's.");
    return counts;
  });

  const project = await phase("Convex CLI", () => locateProjectCli(reached, deps));
  await phase("Import", async () => {
    deps.logger.info(`convex import --yes --replace-all ${file}`);
    await withLoggedOutput(deps.logger, (onOutput) =>
      deps.convexCli.restoreSnapshot(layout.dir, project, {
        url: reached.url,
        adminKey: reached.adminKey,
        env: withoutCredentials(deps.env, config),
        file,
        onOutput,
      }),
    );
  });

  const admin = deps.admin(reached.url);
  const { variablesSet, variablesMissing } = await phase("Variables", async () => {
    if (!manifest) {
      deps.logger.info(`No ${variablesFileOf(file)}: the deployment's variables are left as they are.`);
      return { variablesSet: [], variablesMissing: [] };
    }
    if (manifest.values) {
      // up sets its own (the JWT keys, the site URL) from its files: theirs are kept.
      const changes: EnvChange[] = Object.entries(manifest.values)
        .filter(([name]) => !MANAGED.has(name))
        .map(([name, value]) => ({ name, value }));
      if (changes.length) await admin.updateEnvironmentVariables(reached.adminKey, changes);
      const kept = Object.keys(manifest.values).filter((n) => MANAGED.has(n));
      deps.logger.info(
        `Set ${changes.length ? changes.map((c) => c.name).join(", ") : "no variables"} from the backup${kept.length ? `; kept ${kept.join(", ")} as up set them` : ""}.`,
      );
      return { variablesSet: changes.map((c) => c.name), variablesMissing: [] };
    }
    const now = await admin.listEnvironmentVariables(reached.adminKey);
    const missing = manifest.variables.filter((n) => !(n in now));
    if (missing.length)
      report.warn(
        `The backup's deployment had variables this one lacks: ${missing.join(", ")}. Their values were not saved (include-env-values): set them (env-vars, or .env.convex.deployment's user section) and run up.`,
      );
    return { variablesSet: [], variablesMissing: missing };
  });

  await phase("Verify", async () => {
    const after = await data.tableCounts(reached.adminKey);
    const problems = compareTables(snapshot.tables, after);
    if (problems.length)
      throw new SetupError(
        `The restore did not give the backup's data: ${problems.join("; ")}.`,
        "The convex CLI's output is above. Rerun the restore; if it keeps differing, compare the ZIP with `unzip -l`.",
      );
    deps.logger.info(`✓ every table holds the backup's documents (${describeTables(after)}).`);
    if (variablesSet.length) {
      const now = await admin.listEnvironmentVariables(reached.adminKey);
      const wrong = variablesSet.filter((n) => now[n] !== manifest?.values?.[n]);
      if (wrong.length)
        throw new SetupError(`The restored variables ${wrong.join(", ")} do not hold the backup's values.`);
      deps.logger.info(`✓ ${variablesSet.length} variables hold the backup's values.`);
    }
  });
  return {
    file,
    variablesFile: manifest ? variablesFileOf(file) : undefined,
    before,
    tables: snapshot.tables,
    variablesSet,
    variablesMissing,
  };
}
