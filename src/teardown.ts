/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database.
 */
import { maskAll } from "./adapters/runtime.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { deriveKubeNames } from "./core/kubernetes.js";
import { composeTargetOf, FILES, type InstanceRef, isKubernetesInstance, locate } from "./core/layout.js";
import { findSetup } from "./find-setup.js";
import { removeKubernetesInstance, requireKubectl } from "./phases/kubernetes.js";
import { printLogs, stopContainers } from "./phases/start.js";
import type { SetupDeps } from "./phases/types.js";

export interface TeardownOptions {
  /** Print the backend's logs first (the job failed, or asked for). */
  dumpLogs: boolean;
  /** Remove the data volume too. */
  volumes: boolean;
}

/**
 * Prints logs if asked, then removes the instance: a compose project's containers (and its volume
 * if asked), or a kubernetes instance's objects by their labels (its volume claim with them).
 */
export async function teardown(
  state: InstanceRef,
  options: TeardownOptions,
  deps: Pick<SetupDeps, "docker" | "logger" | "kubectl">,
): Promise<void> {
  if (isKubernetesInstance(state)) {
    const kubectl = requireKubectl(deps.kubectl);
    if (options.dumpLogs) {
      const statefulSet = `statefulset/${deriveKubeNames(state.instanceName).backend}`;
      await printLogs(deps.logger, () => kubectl.logs(state.namespace, statefulSet, 200), "requested", {
        grouped: true,
      });
    }
    await removeKubernetesInstance(kubectl, state, deps.logger);
    return;
  }
  await stopContainers(deps, composeTargetOf(state), options);
}

/**
 * command down: removes what `up` set up for this configuration (the compose project found in the
 * working directory, or the kubernetes instance by its labels), then, with drop-database, the
 * instance's Postgres database: only for an instance-name with the preview prefix.
 */
export async function removeInstance(
  config: Config,
  options: TeardownOptions,
  deps: Pick<SetupDeps, "docker" | "logger" | "kubectl" | "files" | "cwd" | "postgres" | "env">,
): Promise<void> {
  const { logger } = deps;
  if (config.target === "connect")
    throw new SetupError(
      "command down removes what up started; with target connect the backend runs elsewhere and is not removed from here.",
      "Remove it where it runs (its Helm release, the Coder template), or use target compose or kubernetes.",
    );
  if (config.target === "kubernetes") {
    const owner = deps.env.GITHUB_REPOSITORY || undefined;
    await teardown(
      {
        kind: "kubernetes",
        namespace: config.kubernetes.namespace,
        instanceName: config.instanceName,
        ...(owner ? { owner } : {}),
      },
      options,
      deps,
    );
  } else {
    const found = await findSetup(config, deps.cwd, deps.files);
    if (found) await teardown(found.state, options, deps);
    else logger.info(`Nothing to remove: no ${FILES.compose} in ${locate(config, deps.cwd).dir}.`);
  }
  const db = config.postgres.url;
  maskAll(logger, db?.password);
  if (!config.postgres.dropDatabase || !db) return;
  // Checked when the configuration was read; checked again here, where it matters.
  const prefix = config.postgres.previewPrefix;
  if (!prefix || !config.instanceName.startsWith(prefix))
    throw new SetupError(
      `drop-database refused: instance-name "${config.instanceName}" does not start with preview-prefix "${prefix}".`,
    );
  if (!deps.postgres)
    throw new SetupError("drop-database needs a Postgres client, which this caller did not provide.");
  const outcome = await deps.postgres.dropDatabase(db);
  logger.info(
    outcome === "dropped"
      ? `Dropped database ${db.name} on ${db.host}:${db.port}.`
      : `Database ${db.name} on ${db.host}:${db.port} did not exist: nothing to drop.`,
  );
}
