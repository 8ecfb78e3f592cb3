/**
 * The GitHub Action shell. One bundle serves as main and post: main records `isPost` in the
 * step state, so the post run (which sees that state) tears down instead.
 */
import { createDocker } from "../adapters/docker.js";
import { createFileStore } from "../adapters/files.js";
import { createSetupDeps } from "../adapters/index.js";
import { createProcessRunner } from "../adapters/process.js";
import { type Config, parseConfig, type RawInputs } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { INPUTS } from "../core/inputs.js";
import type { TeardownState } from "../core/layout.js";
import { FILES } from "../core/layout.js";
import { findSetup } from "../find-setup.js";
import type { EnsureImages, SetupDeps } from "../phases/types.js";
import { setup, teardown } from "../setup.js";
import { deriveExportedVariables, deriveOutputs } from "./outputs.js";
import type { Platform } from "./platform.js";
import { renderSummary } from "./summary.js";

export const STATE = { isPost: "isPost", teardown: "teardown" } as const;

/** What main leaves for post: where the containers are, and whether to remove them. */
export interface PostState extends TeardownState {
  cleanup: boolean;
}

function readInputs(platform: Platform): RawInputs {
  const raw: RawInputs = {};
  for (const input of INPUTS) raw[input.name] = platform.getInput(input.name);
  return raw;
}

export function errorMessage(error: unknown): string {
  if (error instanceof SetupError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
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
      await runDown(config, platform, env);
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
 * command: down: removes the instance an earlier `up` set up in working-directory (a workflow on
 * pull_request: closed). Asked for explicitly, so it acts on the compose file it finds there;
 * main records no state, so the post step does nothing more.
 */
async function runDown(config: Config, platform: Platform, env: NodeJS.ProcessEnv): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const found = await findSetup(config, workspace, createFileStore(workspace));
  if (!found) {
    platform.logger.info(`Nothing to remove: no ${FILES.compose} in ${config.workingDirectory}.`);
    return;
  }
  const docker = createDocker(createProcessRunner(), env);
  await teardown(found.state, { dumpLogs: false, volumes: true }, { docker, logger: platform.logger });
}

function readPostState(platform: Platform): PostState | undefined {
  const text = platform.getState(STATE.teardown);
  if (!text) return undefined;
  const state = JSON.parse(text) as Partial<PostState>;
  if (
    typeof state.workingDirectory !== "string" ||
    typeof state.composeFile !== "string" ||
    typeof state.composeProject !== "string"
  )
    throw new Error("the state main saved is incomplete");
  return { ...(state as PostState), cleanup: state.cleanup !== false };
}

export async function runPost(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  makeDocker = () => createDocker(createProcessRunner(), env),
): Promise<void> {
  // Post-step problems are warnings: the job's result is decided by its own steps.
  try {
    // Only what main recorded in this job: never a compose file found on disk (it may not be ours).
    const state = readPostState(platform);
    if (!state) {
      platform.logger.info("Nothing to clean up: the main step started no containers.");
      return;
    }
    if (!state.cleanup) {
      platform.logger.info(`cleanup is off: ${state.composeProject} keeps running.`);
      return;
    }
    await teardown(
      state,
      { dumpLogs: true, volumes: true },
      { docker: makeDocker(), logger: platform.logger },
    );
  } catch (error) {
    platform.logger.warn(`Cleanup failed: ${errorMessage(error)}`);
  }
}

export async function run(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  stop?: AbortSignal,
): Promise<void> {
  if (platform.getState(STATE.isPost) === "true") await runPost(platform, env);
  else await runMain(platform, env, createSetupDeps, stop);
}
