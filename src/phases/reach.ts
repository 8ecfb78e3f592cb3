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
import { type Layout, locate } from "../core/layout.js";
import { createTarget, reachConfig, type Target, type TargetRun } from "../targets/index.js";
import { checkRepository } from "./repository.js";
import type { Reporter, SetupDeps } from "./types.js";

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
  const config = await reachConfig(given, deps, deps.targets);
  const publicUrls = { apiUrl: config.publicUrls.apiUrl, siteUrl: config.publicUrls.siteUrl };
  const layout = locate(config, deps.cwd);
  const lock: Lock | undefined = deps.lock
    ? await deps.lock(layout.dir, (m) => report.logger.info(m))
    : undefined;
  const target = createTarget(config, deps, layout, deps.targets);
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
    await target.requireRunning(keys, verb);
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
