/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database.
 */
import { maskAll } from "./adapters/runtime.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { type InstanceRef, locate } from "./core/layout.js";
import type { SetupDeps } from "./phases/types.js";
import { createTarget, openInstance, type RemoveOptions } from "./targets/index.js";

export type TeardownOptions = RemoveOptions;

/**
 * Prints logs if asked, then removes the instance: a compose project's containers (and its volume
 * if asked), or a kubernetes instance's objects by their labels (its volume claim with them).
 */
export async function teardown(
  state: InstanceRef,
  options: TeardownOptions,
  deps: Pick<SetupDeps, "docker" | "logger" | "kubectl">,
): Promise<void> {
  await openInstance(state, deps).remove(options);
}

/**
 * command down: removes what `up` set up for this configuration, from its inputs alone: the
 * compose project named exactly as `up` names it (project-name, else convex-<folder>) by its
 * labels, with its volume (a clean checkout has no compose file left, and a file of the checkout
 * never names what is removed); or the kubernetes instance by its labels. Then, with
 * drop-database, the instance's Postgres database: only for an instance-name with the preview prefix.
 */
export async function removeInstance(
  config: Config,
  options: TeardownOptions,
  deps: Pick<
    SetupDeps,
    | "docker"
    | "logger"
    | "kubectl"
    | "files"
    | "cwd"
    | "postgres"
    | "mysql"
    | "env"
    | "clock"
    | "stop"
    | "git"
    | "workspace"
  >,
): Promise<void> {
  const { logger } = deps;
  const layout = locate(config, deps.cwd);
  await createTarget(config, deps, layout).remove(options);
  const db = config.postgres.url ?? config.mysql.url;
  maskAll(logger, db?.password);
  if (!config.postgres.dropDatabase || !db) return;
  // Checked when the configuration was read; checked again here, where it matters.
  const prefix = config.postgres.previewPrefix;
  if (!prefix || !config.instanceName.startsWith(prefix))
    throw new SetupError(
      `drop-database refused: instance-name "${config.instanceName}" does not start with preview-prefix "${prefix}".`,
    );
  const outcome = config.mysql.url
    ? await need(deps.mysql, "MySQL").dropDatabase(config.mysql.url)
    : await need(deps.postgres, "Postgres").dropDatabase(config.postgres.url!);
  logger.info(
    outcome === "dropped"
      ? `Dropped database ${db.name} on ${db.host}:${db.port}.`
      : `Database ${db.name} on ${db.host}:${db.port} did not exist: nothing to drop.`,
  );
}

function need<T>(client: T | undefined, kind: string): T {
  if (!client)
    throw new SetupError(`drop-database needs a ${kind} client, which this caller did not provide.`);
  return client;
}
