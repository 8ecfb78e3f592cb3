/**
 * target compose: the backend (and the dashboard) as a docker compose project started on this
 * host. The keys live in the working directory's env files (mode 0600); the images are pulled in
 * the background while the run prepares; the admin key falls back to the container's script.
 */
import type { Docker } from "../adapters/docker.js";
import type { Logger } from "../adapters/runtime.js";
import { DEFAULT_BACKEND_IMAGE, DEFAULT_DASHBOARD_IMAGE } from "../core/compose.js";
import type { Config } from "../core/config.js";
import {
  type ComposeTarget,
  composeTargetOf,
  type Layout,
  type TeardownState,
  teardownStateOf,
} from "../core/layout.js";
import { deriveTargetPlan } from "../core/target-plan.js";
import { confirmAdminKey } from "../phases/admin-key.js";
import { resolveKeys } from "../phases/keys.js";
import { checkDocker } from "../phases/preflight.js";
import { type BackendView, printLogs, startContainers, waitForBackend } from "../phases/start.js";
import type { Instance, Target, TargetDeps } from "./types.js";

/** The backend's images as configured (the pinned release by default). */
export function backendImages(config: Pick<Config, "images">): { backend: string; dashboard: string } {
  return {
    backend: config.images.backend ?? DEFAULT_BACKEND_IMAGE,
    dashboard: config.images.dashboard ?? DEFAULT_DASHBOARD_IMAGE,
  };
}

/** A compose project's containers, as the wait and `status` see them. */
export function composeView(docker: Pick<Docker, "ps" | "logs">, target: ComposeTarget): BackendView {
  return {
    states: () => docker.ps(target),
    logs: (tail) => docker.logs(target, tail),
    advice: {
      stopped: (s) => ({
        message: `The backend container ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
        hint: "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.",
      }),
      timeout:
        "Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise wait-timeout.",
    },
  };
}

/** A compose project found again (the post step's state, `down`, `status`, `logs`). */
export function composeInstance(
  state: TeardownState,
  deps: { docker: Pick<Docker, "ps" | "logs" | "down" | "volumes">; logger: Logger },
): Instance {
  const target = composeTargetOf(state);
  return {
    ...composeView(deps.docker, target),
    ref: state,
    name: target.project,
    // By the project's name: no compose file is read (it may be gone, or not ours any more).
    async remove(options) {
      if (options.dumpLogs)
        await printLogs(deps.logger, () => deps.docker.logs(target, 200), "requested", { grouped: true });
      const [containers, volumes] = await Promise.all([
        deps.docker.ps(target),
        deps.docker.volumes(target.project),
      ]);
      await deps.docker.down(target, options.volumes);
      if (containers.length === 0 && volumes.length === 0) {
        deps.logger.warn(
          `Nothing to remove: no container and no volume of compose project ${target.project} on this host.${options.unmatchedHint ? ` ${options.unmatchedHint}` : ""}`,
        );
        return;
      }
      const volume =
        volumes.length === 0
          ? ""
          : options.volumes
            ? " and removed its data volume"
            : ` (its data volume ${volumes.join(", ")} is kept)`;
      deps.logger.info(`Stopped ${target.project}${volume}.`);
    },
  };
}

export function createComposeTarget(config: Config, deps: TargetDeps, layout: Layout): Target {
  const plan = deriveTargetPlan(config);
  const images = backendImages(config);
  const target = layout.target;
  const instance = composeInstance(teardownStateOf(target), deps);
  const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
  return {
    kind: "compose",
    hostApiUrl: plan.hostApiUrl,
    hostSiteUrl: plan.hostSiteUrl,
    viaPublicUrls: false,
    runs: true,
    warnings: plan.warnings,
    images: imageList,
    usesDatabase: true,
    backendFiles: "compose",
    instance,
    async preflight(run) {
      await run.phase("Check docker", async () => run.report.logger.info(await checkDocker(deps.docker)));
    },
    resolveKeys: (run, files, options) =>
      resolveKeys(run.config, files, run.layout, run.report.logger, options),
    async start(run, prepared) {
      await run.phase("Start containers", () =>
        startContainers(deps, target, prepared.pull, imageList, prepared.written.envFileKeys),
      );
      return undefined;
    },
    wait: (run, admin) => waitForBackend(admin, instance, run.config.waitTimeoutMs, deps),
    confirmAdminKey: (run, admin, keys) =>
      confirmAdminKey(
        admin,
        deps.docker,
        target,
        { key: keys.adminKey, instanceSecret: keys.instanceSecret },
        run.report,
      ),
    describe: () => ({
      envFile: layout.path("backendEnv"),
      composeFile: target.file,
      composeProject: target.project,
      namespace: undefined,
      manifestFile: undefined,
    }),
    close: async () => {},
    remove: (options) => instance.remove(options),
  };
}
