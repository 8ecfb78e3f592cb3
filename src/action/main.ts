/**
 * The GitHub Action shell. One bundle serves as main and post: main records `isPost` in the
 * step state, so the post run (which sees that state) tears down instead.
 */
import { createDocker, type Docker } from "../adapters/docker.js";
import { createFileStore } from "../adapters/files.js";
import { createSetupDeps } from "../adapters/index.js";
import { createProcessRunner } from "../adapters/process.js";
import { parseConfig, type RawInputs } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { INPUTS } from "../core/inputs.js";
import { locateExisting, setup, type TeardownState, teardown } from "../setup.js";
import type { Platform } from "./platform.js";
import { renderSummary } from "./summary.js";

export const STATE = { isPost: "isPost", teardown: "teardown" } as const;

function readInputs(platform: Platform): RawInputs {
  const raw: RawInputs = {};
  for (const input of INPUTS) raw[input.name] = platform.getInput(input.name);
  return raw;
}

function message(error: unknown): string {
  if (error instanceof SetupError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function imageCache(docker: Docker, platform: Platform, workspaceTmp: string) {
  // Loaded only when cache-images is on: @actions/cache is large and slow to import.
  const { restoreOrPull } = await import("./image-cache.js");
  return (images: readonly string[]) => restoreOrPull(images, docker, platform.logger, workspaceTmp);
}

export async function runMain(platform: Platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  platform.saveState(STATE.isPost, "true");
  try {
    const config = parseConfig(readInputs(platform), env);
    const deps = createSetupDeps({
      logger: platform.logger,
      env,
      cwd: env.GITHUB_WORKSPACE ?? process.cwd(),
    });
    if (config.cacheImages)
      deps.ensureImages = await imageCache(deps.docker, platform, env.RUNNER_TEMP ?? "/tmp");
    const result = await setup(config, deps);
    platform.setSecret(result.adminKey);
    const state: TeardownState = {
      workingDirectory: result.workingDirectory,
      composeFile: result.composeFile,
      composeProject: result.composeProject,
    };
    platform.saveState(STATE.teardown, JSON.stringify(state));
    const outputs: Record<string, string> = {
      "convex-url": result.apiUrl,
      "site-url": result.siteUrl,
      "dashboard-url": result.dashboardUrl,
      "admin-key": result.adminKey,
      "instance-name": result.instanceName,
      "postgres-database": result.postgresDatabase ?? "",
      "env-file": result.envFile,
      "compose-file": result.composeFile,
      "compose-project": result.composeProject,
      deployed: String(result.deployed),
    };
    for (const [name, value] of Object.entries(outputs)) platform.setOutput(name, value);
    if (config.exportEnv) {
      platform.exportVariable("CONVEX_SELF_HOSTED_URL", result.apiUrl);
      platform.exportVariable("CONVEX_SELF_HOSTED_ADMIN_KEY", result.adminKey);
      platform.exportVariable("VITE_CONVEX_URL", result.apiUrl);
      platform.exportVariable("CONVEX_CLOUD_ORIGIN", result.apiUrl);
      platform.exportVariable("CONVEX_SITE_ORIGIN", result.siteUrl);
    }
    await platform
      .writeSummary(renderSummary(result))
      .catch((e: Error) => platform.logger.warn(`Job summary not written: ${e.message}`));
  } catch (error) {
    if (!(error instanceof SetupError) && error instanceof Error && error.stack)
      platform.logger.debug(error.stack);
    platform.setFailed(message(error));
  }
}

export async function runPost(platform: Platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Post-step problems are warnings: the job's result is decided by its own steps.
  try {
    const cleanup = platform.getInput("cleanup").trim().toLowerCase();
    const stateText = platform.getState(STATE.teardown);
    let state: TeardownState | undefined = stateText ? JSON.parse(stateText) : undefined;
    if (!state) {
      // main failed before recording its state: find the containers from the inputs.
      const projectName = platform.getInput("project-name").trim();
      state = await locateExisting(
        {
          workingDirectory: platform.getInput("working-directory").trim() || ".",
          ...(projectName ? { projectName } : {}),
        },
        env.GITHUB_WORKSPACE ?? process.cwd(),
        createFileStore(),
      );
      if (!state) {
        platform.logger.info("Nothing to clean up: setup stopped before writing the compose file.");
        return;
      }
    }
    if (["false", "no", "0", "off"].includes(cleanup)) {
      platform.logger.info(`cleanup is off: ${state.composeProject} keeps running.`);
      return;
    }
    const docker = createDocker(createProcessRunner(), env);
    await teardown(state, { dumpLogs: true, volumes: true }, { docker, logger: platform.logger });
  } catch (error) {
    platform.logger.warn(`Cleanup failed: ${message(error)}`);
  }
}

export async function run(platform: Platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (platform.getState(STATE.isPost) === "true") await runPost(platform, env);
  else await runMain(platform, env);
}
