/**
 * command backup: a snapshot ZIP of a running deployment made with the project's own convex CLI
 * (`convex export --path`, `--include-file-storage` on request), and next to it `<name>.env.json`
 * (the tables and document counts found in the ZIP, the deployment's variable names, and their
 * values only when asked: then mode 0600). The ZIP holds the app's data: it is written 0600 too,
 * first into a private folder, then linked into place (an existing file is never replaced).
 */
import { chmod, link, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isInside } from "./adapters/confine.js";
import type { FileStore } from "./adapters/files.js";
import { maskAll } from "./adapters/runtime.js";
import { readSnapshot, type SnapshotSummary } from "./adapters/snapshot-zip.js";
import {
  BACKUP_FORMAT,
  BACKUPS_DIR,
  type BackupManifest,
  countDocuments,
  defaultBackupName,
  describeTables,
  documents,
  renderManifest,
  variablesFileOf,
} from "./core/backup-file.js";
import type { Config } from "./core/config.js";
import { isMaskableValue } from "./core/deployment-env.js";
import { SetupError } from "./core/errors.js";
import { mergeGitignoreFolder } from "./core/gitignore.js";
import { PUBLIC_MODE, SECRET_MODE } from "./core/layout.js";
import { withoutCredentials } from "./core/project.js";
import { withLoggedOutput } from "./phases/deploy.js";
import { locateProjectCli, type Reached, reachDeployment } from "./phases/reach.js";
import { createPhases, createReporter } from "./phases/runner.js";
import type { SetupDeps } from "./phases/types.js";
import type { TargetRun } from "./targets/index.js";

export interface BackupResult {
  /** The ZIP written (absolute). */
  file: string;
  /** Its variables file (absolute). */
  variablesFile: string;
  bytes: number;
  tables: Record<string, number>;
  storageFiles: number | undefined;
  /** The deployment's variable names. */
  variables: string[];
  /** include-env-values: their values are in the variables file. */
  valuesSaved: boolean;
  timings: Array<[string, number]>;
  warnings: string[];
}

/** The store for a path: confined to the repository inside it; as given outside (an explicit path). */
export function storeFor(path: string, root: string, confined: FileStore, unconfined: FileStore): FileStore {
  return isInside(root, path) ? confined : unconfined;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

export async function backup(config: Config, deps: SetupDeps): Promise<BackupResult> {
  const { report, warnings } = createReporter(deps.logger);
  const { phase, timings } = createPhases(deps);
  const reached = await reachDeployment(config, deps, report, phase, "backup");
  try {
    return { ...(await backupReached(config, reached, deps, phase)), timings, warnings };
  } finally {
    await reached.close();
  }
}

/** Where a backup made at `at` goes: backup-file, else .convex-backups/<instance>-<UTC time>.zip. */
export function backupPathFor(config: Config, reached: Pick<Reached, "layout" | "config">, at: Date): string {
  return config.backup.file
    ? resolve(reached.layout.dir, config.backup.file)
    : join(reached.layout.dir, BACKUPS_DIR, defaultBackupName(reached.config.instanceName, at));
}

/** The backup of a deployment reached already (command backup, and upgrade before it changes anything). */
export async function backupReached(
  config: Config,
  reached: Reached,
  deps: SetupDeps,
  phase: TargetRun["phase"],
  createdAt = new Date(),
): Promise<Omit<BackupResult, "timings" | "warnings">> {
  const { layout, files, root } = reached;
  const file = backupPathFor(config, reached, createdAt);
  const variablesFile = variablesFileOf(file);
  const store = storeFor(file, root, files, deps.files);
  for (const path of [file, variablesFile]) {
    if (await store.exists(path))
      throw new SetupError(
        `backup-file: ${path} exists; a backup never replaces a file.`,
        "Give another backup-file, or move that one away.",
      );
    // Never through a link, out of the repository or into .git (as every file the tool writes).
    await store.checkWritable(path);
  }
  const project = await phase("Convex CLI", async () => {
    const p = await locateProjectCli(reached, deps);
    deps.logger.info(`The app's convex CLI ${p.convexVersion}.`);
    return p;
  });
  if (!config.backup.file) {
    const gitignore = layout.path("gitignore");
    const merged = mergeGitignoreFolder(
      await files.read(gitignore),
      BACKUPS_DIR,
      "setup-coder-convex: backups (the deployment's data)",
    );
    if (merged.added) {
      await files.write(gitignore, merged.text, PUBLIC_MODE);
      deps.logger.info(`Added /${BACKUPS_DIR}/ to ${gitignore}.`);
    }
  }

  // The CLI writes into a private folder next to the destination (mode 0700, same file system).
  await mkdir(dirname(file), { recursive: true });
  const privateDir = await mkdtemp(join(dirname(file), ".convex-export-"));
  let summary: SnapshotSummary;
  let bytes: number;
  try {
    const temporary = join(privateDir, basename(file));
    await phase("Export", async () => {
      deps.logger.info(
        `convex export --path ${file}${config.backup.includeFileStorage ? " --include-file-storage" : ""}`,
      );
      await withLoggedOutput(deps.logger, (onOutput) =>
        deps.convexCli.exportSnapshot(layout.dir, project, {
          url: reached.url,
          adminKey: reached.adminKey,
          env: withoutCredentials(deps.env, config),
          path: temporary,
          includeFileStorage: config.backup.includeFileStorage,
          onOutput,
        }),
      );
    });
    await chmod(temporary, SECRET_MODE);
    summary = await readSnapshot(temporary);
    bytes = (await stat(temporary)).size;
    // link: fails if the destination appeared meanwhile, never replaces it.
    await link(temporary, file).catch((error: NodeJS.ErrnoException) => {
      throw new SetupError(
        error.code === "EEXIST"
          ? `backup-file: ${file} appeared while the export ran; a backup never replaces a file.`
          : `Could not put the backup at ${file}: ${error.message}`,
        "Give another backup-file.",
      );
    });
  } finally {
    await rm(privateDir, { recursive: true, force: true });
  }

  const admin = deps.admin(reached.url);
  const variables = await admin.listEnvironmentVariables(reached.adminKey);
  for (const value of Object.values(variables)) if (isMaskableValue(value)) maskAll(deps.logger, value);
  const names = Object.keys(variables).sort();
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: createdAt.toISOString(),
    target: reached.target.kind,
    instanceName: reached.config.instanceName,
    zip: basename(file),
    convexVersion: project.convexVersion,
    includesFileStorage: config.backup.includeFileStorage,
    tables: summary.tables,
    storageFiles: summary.storageFiles,
    variables: names,
    ...(config.backup.includeEnvValues
      ? { values: Object.fromEntries(names.map((n) => [n, variables[n]!])) }
      : {}),
  };
  await store.write(
    variablesFile,
    renderManifest(manifest),
    config.backup.includeEnvValues ? SECRET_MODE : PUBLIC_MODE,
  );
  deps.logger.info(
    `Backed up ${documents(countDocuments(summary.tables))} (${describeTables(summary.tables)})${summary.storageFiles !== undefined ? ` and ${summary.storageFiles} stored files` : ""} to ${file} (${mib(bytes)}, mode 0600).`,
  );
  deps.logger.info(
    `Variables: ${names.length ? names.join(", ") : "none"} in ${variablesFile}${config.backup.includeEnvValues ? " with their values (mode 0600: they are secrets)" : " (names only; include-env-values saves the values too)"}.`,
  );
  return {
    file,
    variablesFile,
    bytes,
    tables: summary.tables,
    storageFiles: summary.storageFiles,
    variables: names,
    valuesSaved: config.backup.includeEnvValues,
  };
}
