import { createFileStore } from "../adapters/files.js";
import { createSetupDeps } from "../adapters/index.js";
import { backup } from "../backup.js";
import { countDocuments, describeTables } from "../core/backup-file.js";
import { type Config, parseConfig, type RawInputs } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { INPUTS } from "../core/inputs.js";
import type { EnsureImages, SetupDeps } from "../phases/types.js";
import { prune } from "../prune.js";
import { restore } from "../restore.js";
import { setup } from "../setup.js";
import { removeInstance } from "../teardown.js";
import { deriveExportedVariables, deriveOutputs } from "./outputs.js";
import type { Platform } from "./platform.js";
import { errorMessage, type PostState, STATE } from "./state.js";
import { renderSummary } from "./summary.js";

function readInputs(platform: Platform): RawInputs {
  const raw: RawInputs = {};
  for (const input of INPUTS) raw[input.name] = platform.getInput(input.name);
  return raw;
}

/** cache-images: @actions/cache is large and slow to import, so it is loaded only when on. */
async function imageCache(deps: SetupDeps, tmp: string): Promise<EnsureImages> {
  const { restoreOrPull } = await import("./image-cache.js");
  return (images, signal, warn) =>
    restoreOrPull(images, signal, warn, { docker: deps.docker, logger: deps.logger, tmp });
}

export async function runMain(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  makeDeps: typeof createSetupDeps = createSetupDeps,
  stop?: AbortSignal,
): Promise<void> {
  platform.saveState(STATE.isPost, "true");
  try {
    const config: Config = parseConfig(readInputs(platform), env);
    if (config.command === "down") {
      await runDown(config, platform, env, makeDeps);
      return;
    }
    if (config.command === "prune") {
      await runPrune(config, platform, env, makeDeps);
      return;
    }
    if (config.command === "backup" || config.command === "restore") {
      await runDayTwo(config, platform, env, makeDeps, stop);
      return;
    }
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const deps = makeDeps({
      logger: platform.logger,
      env,
      cwd: workspace,
      // Nothing outside the checkout is read or written; a committed secret stops the run.
      workspace,
      ci: true,
      ...(stop ? { stop } : {}),
    });
    if (config.cacheImages) deps.ensureImages = await imageCache(deps, env.RUNNER_TEMP ?? "/tmp");
    // Recorded before the compose file is written: from then on post has something to stop.
    deps.onTeardownState = (state) => {
      const post: PostState = { ...state, cleanup: config.cleanup };
      platform.saveState(STATE.teardown, JSON.stringify(post));
    };
    const result = await setup(config, deps);
    platform.setSecret(result.adminKey);
    for (const [name, value] of Object.entries(deriveOutputs(result))) platform.setOutput(name, value);
    if (config.exportEnv) {
      for (const [name, value] of Object.entries(deriveExportedVariables(result)))
        platform.exportVariable(name, value);
    }
    await platform
      .writeSummary(renderSummary(result))
      .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
  } catch (error) {
    if (!(error instanceof SetupError) && error instanceof Error && error.stack)
      platform.logger.debug(error.stack);
    platform.setFailed(errorMessage(error));
  }
}

/**
 * command: down: removes the instance an earlier `up` set up (a workflow on pull_request:
 * closed): the compose file found in working-directory, or the kubernetes instance by its
 * labels, and with drop-database its database. Main records no state, so post does nothing more.
 */
async function runDown(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const deps = makeDeps({ logger: platform.logger, env, cwd: workspace, workspace, ci: true });
  await removeInstance(
    config,
    { dumpLogs: false, volumes: true },
    { ...deps, files: createFileStore(workspace) },
  );
}

/**
 * command: prune: this repository's previews whose pull request is closed or that are older than
 * max-age are removed (dry-run: listed). Main records no state, so post does nothing more.
 */
async function runPrune(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const deps = makeDeps({ logger: platform.logger, env, cwd: workspace, workspace, ci: true });
  const r = await prune(config, deps);
  const lines = r.removed.map((x) => `- ${x.name}: ${x.reason}`);
  await platform
    .writeSummary(
      `### Convex previews pruned${r.dryRun ? " (dry-run: nothing removed)" : ""}\n\n${lines.length ? lines.join("\n") : "None."}\n\nKept: ${r.kept.length}.\n`,
    )
    .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
}

/**
 * command: backup / restore: the running instance (found as `down` finds it) is backed up to
 * backup-file (output backup-file), or backup-file is restored into it. Main records no state, so
 * post does nothing more.
 */
async function runDayTwo(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
  stop: AbortSignal | undefined,
): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const deps = makeDeps({
    logger: platform.logger,
    env,
    cwd: workspace,
    workspace,
    ci: true,
    ...(stop ? { stop } : {}),
  });
  if (config.command === "backup") {
    const r = await backup(config, deps);
    platform.setOutput("backup-file", r.file);
    await platform
      .writeSummary(
        `### Convex backup\n\n\`${r.file}\`: ${countDocuments(r.tables)} documents (${describeTables(r.tables)})${r.storageFiles !== undefined ? `, ${r.storageFiles} stored files` : ""}; ${r.variables.length} variable names${r.valuesSaved ? " with values" : ""} in \`${r.variablesFile}\`.\n`,
      )
      .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
    return;
  }
  const r = await restore(config, deps);
  await platform
    .writeSummary(
      `### Convex restore\n\n\`${r.file}\` restored and verified: ${describeTables(r.tables)} (before: ${describeTables(r.before)})${r.variablesSet.length ? `; variables set: ${r.variablesSet.join(", ")}` : ""}.\n`,
    )
    .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
}

export { errorMessage, type PostState, STATE } from "./state.js";
