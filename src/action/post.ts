/**
 * The action's post step: removes what main recorded in this job's state (never a compose file
 * found on disk: it may not be ours), when cleanup is on. Loaded only in the post run, so that it
 * does not parse the pipeline.
 */
import { createDocker } from "../adapters/docker.js";
import { createKubectl } from "../adapters/kubectl.js";
import { createProcessRunner } from "../adapters/process.js";
import { deriveChildEnv } from "../core/child-env.js";
import { isKubernetesInstance } from "../core/layout.js";
import { openInstance } from "../targets/index.js";
import type { Platform } from "./platform.js";
import type { PreviewOptions, PreviewSpec } from "./preview.js";
import { errorMessage, type PostState, STATE } from "./state.js";

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

/**
 * Once cleanup removed the instance, its pull request's comment and deployment say so (main left
 * the preview's spec in the state when it spoke there). @actions/github loads only then.
 */
async function reportRemoved(
  platform: Platform,
  env: NodeJS.ProcessEnv,
  makeClient: PreviewOptions["makeClient"],
  state: "removed" | "remove-failed",
): Promise<void> {
  const text = platform.getState(STATE.preview);
  if (!text) return;
  const token = platform.getInput("github-token");
  if (token) platform.setSecret(token);
  const { openPreviewReporter } = await import("./preview.js");
  const reporter = await openPreviewReporter({
    spec: JSON.parse(text) as PreviewSpec,
    env,
    token,
    warn: (m) => platform.logger.warn(m),
    ...(makeClient ? { makeClient } : {}),
  });
  await reporter?.report({ state });
}

export async function runPost(
  platform: Platform,
  env: NodeJS.ProcessEnv = process.env,
  makeDocker = () => createDocker(createProcessRunner(), env),
  makeKubectl = () => createKubectl(createProcessRunner(), deriveChildEnv(env)),
  makeGitHubClient?: PreviewOptions["makeClient"],
): Promise<void> {
  // Post-step problems are warnings: the job's result is decided by its own steps.
  try {
    // Only what main recorded in this job: never a compose file found on disk (it may not be ours).
    const state = readPostState(platform);
    if (!state) {
      platform.logger.info("Nothing to clean up: the main step started no containers.");
      return;
    }
    // Adapters are made only for the kind of instance recorded (kubectl only for kubernetes).
    const instance = openInstance(state, {
      docker: makeDocker(),
      ...(isKubernetesInstance(state) ? { kubectl: makeKubectl() } : {}),
      logger: platform.logger,
    });
    if (!state.cleanup) {
      platform.logger.info(`cleanup is off: ${instance.name} keeps running.`);
      return;
    }
    try {
      await instance.remove({ dumpLogs: true, volumes: true });
    } catch (error) {
      await reportRemoved(platform, env, makeGitHubClient, "remove-failed").catch((e: unknown) =>
        platform.logger.warn(`The pull request is not told that removal failed: ${errorMessage(e)}`),
      );
      throw error;
    }
    await reportRemoved(platform, env, makeGitHubClient, "removed");
  } catch (error) {
    platform.logger.warn(`Cleanup failed: ${errorMessage(error)}`);
  }
}
