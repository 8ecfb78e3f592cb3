/**
 * The GitHub Action shell. One bundle serves as main and post: main records `isPost` in the
 * step state, so the post run (which sees that state) tears down instead.
 */
import { createDocker } from "../adapters/docker.js";
import { createFileStore } from "../adapters/files.js";
import { createSetupDeps } from "../adapters/index.js";
import { createKubectl } from "../adapters/kubectl.js";
import { createProcessRunner } from "../adapters/process.js";
import { deriveChildEnv } from "../core/child-env.js";
import { type Config, parseConfig, type RawInputs } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { INPUTS } from "../core/inputs.js";
import { type InstanceRef, isKubernetesInstance } from "../core/layout.js";
import type { EnsureImages, SetupDeps } from "../phases/types.js";
import { removeInstance, setup, teardown } from "../setup.js";
import { deriveExportedVariables, deriveOutputs } from "./outputs.js";
import type { Platform } from "./platform.js";
import { renderSummary } from "./summary.js";

export const STATE = { isPost: "isPost", teardown: "teardown" } as const;

/** What main leaves for post: where the instance is (compose or kubernetes), and whether to remove it. */
export type PostState = InstanceRef & { cleanup: boolean };

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
      await runDown(config, platform, env, makeDeps);
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

function readPostState(platform: Platform): PostState | undefined {
  const text = platform.getState(STATE.teardown);
  if (!text) return undefined;
  const state = JSON.parse(text) as Record<string, unknown>;
  const strings = (...keys: string[]) => keys.every((k) => typeof state[k] === "string");
  const complete =
    state.kind === "kubernetes"
      ? strings("namespace", "instanceName")
      : strings("workingDirectory", "composeFile", "composeProject");
  if (!complete) throw new Error("the state main saved is incomplete");
  return { ...(state as unknown as PostState), cleanup: state.cleanup !== false };
}

export async function runPost(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  makeDocker = () => createDocker(createProcessRunner(), env),
  makeKubectl = () => createKubectl(createProcessRunner(), deriveChildEnv(env)),
): Promise<void> {
  // Post-step problems are warnings: the job's result is decided by its own steps.
  try {
    // Only what main recorded in this job: never a compose file found on disk (it may not be ours).
    const state = readPostState(platform);
    if (!state) {
      platform.logger.info("Nothing to clean up: the main step started no containers.");
      return;
    }
    const name = isKubernetesInstance(state)
      ? `instance ${state.instanceName} in namespace ${state.namespace}`
      : state.composeProject;
    if (!state.cleanup) {
      platform.logger.info(`cleanup is off: ${name} keeps running.`);
      return;
    }
    await teardown(
      state,
      { dumpLogs: true, volumes: true },
      isKubernetesInstance(state)
        ? { docker: makeDocker(), kubectl: makeKubectl(), logger: platform.logger }
        : { docker: makeDocker(), logger: platform.logger },
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
