/**
 * Reaching a deployment that runs (for backup and restore) through its Target, the way `up` reached
 * it: compose from the files `up` wrote in the working directory (the compose file's ports and
 * INSTANCE_NAME, the instance secret of .env.convex.local), kubernetes from the instance's Secret
 * (and a port-forward for the length of the run), connect from the inputs. The target waits for
 * the backend and confirms the admin key; nothing is generated, written or started.
 */
import { resolve } from "node:path";
import type { ConvexProject } from "../adapters/convex-cli.js";
import type { FileStore } from "../adapters/files.js";
import type { Lock } from "../adapters/lock.js";
import type { Config } from "../core/config.js";
import { InterruptedError, SetupError } from "../core/errors.js";
import { FILES, type Layout, locate } from "../core/layout.js";
import { findSetup } from "../find-setup.js";
import { createTarget, type Target, type TargetRun } from "../targets/index.js";
import { checkRepository } from "./repository.js";
import type { Reporter, SetupDeps } from "./types.js";

/** Timed, named log groups (as setup's phases); a signal stops the run between them. */
export function createPhases(deps: Pick<SetupDeps, "logger" | "clock" | "stop">) {
  const timings: Array<[string, number]> = [];
  const phase = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    const interrupted = () =>
      new InterruptedError(
        String(deps.stop?.reason ?? "a signal"),
        timings.map(([t]) => t),
        title,
      );
    if (deps.stop?.aborted) throw interrupted();
    const start = deps.clock.now();
    try {
      return await deps.logger.group(title, fn);
    } catch (error) {
      throw deps.stop?.aborted ? interrupted() : error;
    } finally {
      timings.push([title, Math.round(deps.clock.now() - start)]);
    }
  };
  return { phase, timings };
}

export interface Reached {
  /** The configuration as the running instance has it (compose: its file's ports and name). */
  config: Config;
  layout: Layout;
  /** The file store confined to the repository, and its root. */
  files: FileStore;
  root: string;
  target: Target;
  /** The public API and site URLs it was given (compose: its compose file's origins). */
  publicUrls: { apiUrl: string; siteUrl: string };
  /** The API as this host reaches it, and the admin key the backend accepted. */
  url: string;
  adminKey: string;
  /** Ends what the run holds open (a port-forward, the lock). */
  close(): Promise<void>;
}

/** compose: the configuration of the instance `up` set up in the working directory, and its origins. */
async function composeConfig(
  config: Config,
  deps: SetupDeps,
): Promise<{ config: Config; origins: { apiUrl?: string | undefined; siteUrl?: string | undefined } }> {
  const found = deps.git
    ? await findSetup(config, deps.cwd, deps.files, deps.git)
    : await findSetup(config, deps.cwd, deps.files);
  const cwd = deps.cwd;
  if (!found)
    throw new SetupError(
      `No ${FILES.compose} in ${locate(config, cwd).dir}: nothing was set up here with target compose.`,
      "Run it in the app's folder (working-directory), after `up`; or give target kubernetes (with instance-name and namespace) or connect (with convex-url, site-url and admin-key).",
    );
  const { facts } = found;
  return {
    config: {
      ...config,
      projectName: found.state.composeProject,
      instanceName: facts.instanceName ?? config.instanceName,
      ports: {
        ...config.ports,
        api: facts.apiPort ?? config.ports.api,
        site: facts.sitePort ?? config.ports.site,
      },
    },
    origins: { apiUrl: facts.cloudOrigin, siteUrl: facts.siteOrigin },
  };
}

/** Finds the running deployment, waits for it and confirms its admin key. */
export async function reachDeployment(
  given: Config,
  deps: SetupDeps,
  report: Reporter,
  phase: TargetRun["phase"],
  verb: "backup" | "restore" | "upgrade",
): Promise<Reached> {
  const { files, root } = await phase("Repository", () =>
    checkRepository(locate(given, deps.cwd), deps, report, {
      // In CI a key on disk is used only when given or written by this tool (as for up).
      given: { instanceName: given.instanceName, instanceSecret: given.instanceSecret },
    }),
  );
  const found = given.target === "compose" ? await composeConfig(given, deps) : undefined;
  const config = found?.config ?? given;
  const publicUrls = {
    apiUrl: found?.origins.apiUrl ?? config.publicUrls.apiUrl,
    siteUrl: found?.origins.siteUrl ?? config.publicUrls.siteUrl,
  };
  const layout = locate(config, deps.cwd);
  const lock: Lock | undefined = deps.lock
    ? await deps.lock(layout.dir, (m) => report.logger.info(m))
    : undefined;
  const target = createTarget(config, deps, layout);
  const close = async () => {
    await target.close();
    await lock?.release();
  };
  try {
    const run: TargetRun = { config, layout, report, phase };
    for (const w of target.warnings) report.warn(w);
    await target.preflight(run);
    const keys = await phase("Keys", () =>
      target.resolveKeys(run, files, {
        convexAuth: false,
        betterAuth: false,
        generate: () => Promise.reject(new Error("no key is generated for a backup or restore")),
      }),
    );
    if (keys.secretSource === "generated")
      throw new SetupError(
        target.kind === "kubernetes"
          ? `No instance ${config.instanceName} in namespace ${config.kubernetes.namespace} (its Secret holds no instance secret): nothing to ${verb}.`
          : `No INSTANCE_SECRET in ${layout.path("backendEnv")}: nothing to ${verb} here.`,
        target.kind === "kubernetes"
          ? "Check instance-name and namespace (the ones `up` used), and the kubeconfig's cluster."
          : "Run `up` in this folder first, or give target connect with the backend's convex-url, site-url and admin-key.",
      );
    // compose: containers that do not run are said at once (the wait would only time out).
    if (target.kind === "compose" && target.instance) {
      const states = await target.instance.states();
      const backend = states.find((s) => s.service === "backend");
      if (backend?.state !== "running")
        throw new SetupError(
          `The backend of ${target.instance.name} is not running (${backend ? backend.state : "no container"}): nothing to ${verb}.`,
          "Start it with `setup-coder-convex up` (its data volume is kept by `down` without --volumes).",
        );
    }
    const admin = deps.admin(target.hostApiUrl);
    await phase("Wait for the backend", () => target.wait(run, admin));
    const confirmed = await phase("Admin key", () => target.confirmAdminKey(run, admin, keys));
    return {
      config,
      layout,
      files,
      root,
      target,
      publicUrls,
      url: target.hostApiUrl,
      adminKey: confirmed.key,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The project's own convex CLI (as `up` finds it), which makes and imports the snapshot. */
export async function locateProjectCli(reached: Reached, deps: SetupDeps): Promise<ConvexProject> {
  const facts = await deps.readApp(reached.layout.dir, reached.root, reached.files);
  return deps.convexCli.locate(reached.layout.dir, {
    root: reached.root,
    packageManager: facts.packageManager,
    workspaceRoot: resolve(reached.root, facts.workspaceRoot),
  });
}
