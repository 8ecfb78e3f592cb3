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
import { dropConfiguredDatabase, removeConfiguredInstance } from "../teardown.js";
import { upgrade } from "../upgrade.js";
import { deriveExportedVariables, deriveOutputs } from "./outputs.js";
import type { Platform } from "./platform.js";
import {
  openPreviewReporter,
  type PreviewOptions,
  type PreviewOutcome,
  type PreviewReporter,
  previewSpecOf,
} from "./preview.js";
import { errorMessage, type PostState, STATE } from "./state.js";
import { renderSummary } from "./summary.js";

function readInputs(platform: Platform): RawInputs {
  const raw: RawInputs = {};
  for (const input of INPUTS) {
    const value = platform.getInput(input.name);
    // Masked the moment it is read: nothing prints it, but a request's error might.
    if (input.name === "github-token" && value) platform.setSecret(value);
    raw[input.name] = value;
  }
  return raw;
}

/** The preview's reporter on its pull request (comment: true on a pull_request event), or undefined. */
async function previewReporter(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  deps: Pick<SetupDeps, "date" | "cwd">,
  hooks: MainHooks,
): Promise<PreviewReporter | undefined> {
  if (!config.comment) return undefined;
  return openPreviewReporter({
    ...(hooks.makeGitHubClient ? { makeClient: hooks.makeGitHubClient } : {}),
    spec: previewSpecOf(config, deps.cwd),
    env,
    token: config.githubToken ?? "",
    warn: (m) => platform.logger.warn(m),
    ...(deps.date ? { date: deps.date } : {}),
  }).catch((error: unknown) => {
    platform.logger.warn(`The preview is not reported on the pull request: ${errorMessage(error)}`);
    return undefined;
  });
}

/** The title of the innermost log group (a phase) that threw first: where a run failed. */
function trackFailedPhase(deps: SetupDeps): () => string | undefined {
  const logger = deps.logger;
  let failed: string | undefined;
  deps.logger = {
    ...logger,
    group: async (title, fn) =>
      logger.group(title, async () => {
        try {
          return await fn();
        } catch (error) {
          failed ??= title;
          throw error;
        }
      }),
  };
  return () => failed;
}

/** cache-images: @actions/cache is large and slow to import, so it is loaded only when on. */
async function imageCache(deps: SetupDeps, tmp: string): Promise<EnsureImages> {
  const { restoreOrPull } = await import("./image-cache.js");
  return (images, signal, warn) =>
    restoreOrPull(images, signal, warn, { docker: deps.docker, logger: deps.logger, tmp });
}

/**
 * The seams of a step: the checkout is the working directory and the boundary (nothing outside it
 * is read or written; a committed secret stops the run).
 */
function stepDeps(
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
  stop?: AbortSignal,
): SetupDeps {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const deps = makeDeps({
    logger: platform.logger,
    env,
    cwd: workspace,
    workspace,
    ci: true,
    ...(stop ? { stop } : {}),
  });
  // GitHub's REST API (@actions/github is large: loaded only when a seed artifact is downloaded).
  deps.fetchSeedArtifact ??= async (artifact, o) =>
    (await import("./seed-artifact.js")).fetchSeedArtifact(artifact, o);
  return deps;
}

/** Seams for tests. */
export interface MainHooks {
  /** The GitHub client of the preview's comment and deployment (default: github.ts's). */
  makeGitHubClient?: PreviewOptions["makeClient"];
}

export async function runMain(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  makeDeps: typeof createSetupDeps = createSetupDeps,
  stop?: AbortSignal,
  hooks: MainHooks = {},
): Promise<void> {
  platform.saveState(STATE.isPost, "true");
  try {
    const config: Config = parseConfig(readInputs(platform), env);
    if (config.command === "down") {
      await runDown(config, platform, env, makeDeps, hooks);
      return;
    }
    if (config.command === "prune") {
      await runPrune(config, platform, env, makeDeps);
      return;
    }
    if (config.command === "backup" || config.command === "restore" || config.command === "upgrade") {
      await runDayTwo(config, platform, env, makeDeps, stop);
      return;
    }
    await runUp(config, platform, env, makeDeps, stop, hooks);
  } catch (error) {
    if (!(error instanceof SetupError) && error instanceof Error && error.stack)
      platform.logger.debug(error.stack);
    platform.setFailed(errorMessage(error));
  }
}

/**
 * Says how the run ended on the pull request, once the first report is done; when the post step
 * will remove the instance (cleanup), leaves it what it needs to say "removed" then.
 */
async function settlePreview(
  opening: Promise<PreviewReporter | undefined>,
  deploying: Promise<void>,
  outcome: PreviewOutcome,
  config: Config,
  platform: Platform,
): Promise<PreviewReporter | undefined> {
  const preview = await opening;
  if (!preview) return undefined;
  await deploying;
  await preview.report(outcome);
  if (config.cleanup) platform.saveState(STATE.preview, JSON.stringify(preview.spec()));
  return preview;
}

/** command: up: the pipeline, said on the pull request as it goes (deploying, then ready or failed). */
async function runUp(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
  stop: AbortSignal | undefined,
  hooks: MainHooks,
): Promise<void> {
  const deps = stepDeps(platform, env, makeDeps, stop);
  if (config.cacheImages) deps.ensureImages = await imageCache(deps, env.RUNNER_TEMP ?? "/tmp");
  // Recorded before the compose file is written: from then on post has something to stop.
  deps.onTeardownState = (state) => {
    const post: PostState = { ...state, cleanup: config.cleanup };
    platform.saveState(STATE.teardown, JSON.stringify(post));
  };
  const failedPhase = trackFailedPhase(deps);
  const started = deps.clock.now();
  // Opened and said while the pipeline runs (loading @actions/github, the first requests): the
  // run never waits for GitHub before it starts; the reports never throw.
  const opening = previewReporter(config, platform, env, deps, hooks);
  const deploying = opening.then((p) => p?.report({ state: "deploying" }));
  let result: Awaited<ReturnType<typeof setup>>;
  try {
    result = await setup(config, deps);
  } catch (error) {
    const phase = failedPhase();
    const outcome = { state: "failed", durationMs: deps.clock.now() - started } as const;
    const failed = { ...outcome, ...(phase ? { failedPhase: phase } : {}) };
    const preview = await settlePreview(opening, deploying, failed, config, platform);
    for (const [name, value] of Object.entries(preview?.outputs() ?? {})) platform.setOutput(name, value);
    throw error;
  }
  const ready = { state: "ready", durationMs: deps.clock.now() - started } as const;
  const preview = await settlePreview(opening, deploying, ready, config, platform);
  platform.setSecret(result.adminKey);
  for (const [name, value] of Object.entries(deriveOutputs(result, preview?.outputs())))
    platform.setOutput(name, value);
  if (config.exportEnv) {
    for (const [name, value] of Object.entries(deriveExportedVariables(result)))
      platform.exportVariable(name, value);
  }
  await platform
    .writeSummary(renderSummary(result))
    .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
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
  hooks: MainHooks,
): Promise<void> {
  const deps = stepDeps(platform, env, makeDeps);
  const started = deps.clock.now();
  const opening = previewReporter(config, platform, env, deps, hooks);
  // "Not removed" only while the instance may still run: a database left behind is the step's error.
  let state: "removed" | "remove-failed" = "remove-failed";
  try {
    await removeConfiguredInstance(
      config,
      { dumpLogs: false, volumes: true },
      { ...deps, files: createFileStore(deps.cwd) },
    );
    state = "removed";
    await dropConfiguredDatabase(config, deps);
  } finally {
    // Said either way: a comment left at "Ready" would point at a preview that may be half gone.
    const preview = await opening;
    await preview?.report({ state, durationMs: deps.clock.now() - started });
    for (const [name, value] of Object.entries(preview?.outputs() ?? {})) platform.setOutput(name, value);
  }
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
  const r = await prune(config, {
    ...stepDeps(platform, env, makeDeps),
    readPullStates: async (...args) => (await import("./pull-states.js")).readPullStates(...args),
  });
  const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  const lines = r.removed.map(
    (x) => `- ${x.name}: ${x.reason}.${x.database ? ` ${sentence(x.database)}` : ""}`,
  );
  await platform
    .writeSummary(
      `### Convex previews pruned${r.dryRun ? " (dry-run: nothing removed)" : ""}\n\n${lines.length ? lines.join("\n") : "None."}\n\nKept: ${r.kept.length}.\n`,
    )
    .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
}

/**
 * command: backup / restore / upgrade: the running instance (found as `down` finds it) is backed up
 * to backup-file (output backup-file), backup-file is restored into it, or it is upgraded to
 * release (output backup-file: the backup taken first). Main records no state, so
 * post does nothing more.
 */
async function runDayTwo(
  config: Config,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeDeps: typeof createSetupDeps,
  stop: AbortSignal | undefined,
): Promise<void> {
  const deps = stepDeps(platform, env, makeDeps, stop);
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
  if (config.command === "upgrade") {
    const r = await upgrade(config, deps);
    if (r.backupFile) platform.setOutput("backup-file", r.backupFile);
    const text =
      r.outcome === "upgraded"
        ? `${r.instance}: \`${r.before.backend}\` → \`${r.after.backend}\`; database ${r.databaseBefore ?? "?"} → ${r.databaseAfter ?? "?"}; backup \`${r.backupFile}\`; ${r.verified.length ? "verified" : "not verified (verify: false)"}${r.deployed ? ", functions deployed" : ""}.`
        : r.outcome === "dry-run"
          ? `Dry run, nothing changed:\n\n\`\`\`\n${r.plan.join("\n")}\n\`\`\``
          : `${r.instance} runs release ${r.release} already: nothing changed.`;
    await platform
      .writeSummary(`### Convex upgrade\n\n${text}\n`)
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
