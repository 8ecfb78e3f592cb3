/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database (`dropInstanceDatabase`, prune's too).
 */
import { maskAll } from "./adapters/runtime.js";
import type { Config } from "./core/config.js";
import { SetupError } from "./core/errors.js";
import { type InstanceRef, locate } from "./core/layout.js";
import { deriveDatabaseName } from "./core/postgres-url.js";
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
  await removeConfiguredInstance(config, options, deps);
  await dropConfiguredDatabase(config, deps);
}

/** The instance of removeInstance, without its database (the action's down says which failed). */
export async function removeConfiguredInstance(
  config: Config,
  options: RemoveOptions,
  deps: Parameters<typeof removeInstance>[2],
): Promise<void> {
  await createTarget(config, deps, locate(config, deps.cwd)).remove(options);
}

/** drop-database: the configured instance's database, after the instance is gone (down). */
export async function dropConfiguredDatabase(
  config: Config,
  deps: Pick<SetupDeps, "postgres" | "mysql" | "logger">,
): Promise<void> {
  maskAll(deps.logger, (config.postgres.url ?? config.mysql.url)?.password);
  if (config.postgres.dropDatabase) await dropInstanceDatabase(config, config.instanceName, deps);
}

/** The database drop-database would drop for an instance, and how. */
export interface InstanceDatabase {
  /** "pr_7 on db.example.com:5432", for messages. */
  where: string;
  /** Why it may not be dropped (its instance's name lacks the preview prefix); undefined: it may. */
  refused: string | undefined;
  drop(deps: Pick<SetupDeps, "postgres" | "mysql">): Promise<"dropped" | "absent">;
}

/**
 * The database of instance `instanceName` on the configured server (Postgres or MySQL): named from
 * the instance's name as up names it (deriveDatabaseName), and refused unless that name starts
 * with preview-prefix, so that a production database is never dropped. undefined: no server is
 * configured (the backend's SQLite lives in its volume).
 */
export function instanceDatabase(config: Config, instanceName: string): InstanceDatabase | undefined {
  const server = config.mysql.url ?? config.postgres.url;
  if (!server) return undefined;
  const name = deriveDatabaseName(instanceName);
  const prefix = config.postgres.previewPrefix;
  return {
    where: `${name} on ${server.host}:${server.port}`,
    refused:
      prefix && instanceName.startsWith(prefix)
        ? undefined
        : `instance-name "${instanceName}" does not start with preview-prefix "${prefix}"`,
    drop: (deps) =>
      config.mysql.url
        ? need(deps.mysql, "MySQL").dropDatabase({ ...config.mysql.url, name })
        : need(deps.postgres, "Postgres").dropDatabase({ ...config.postgres.url!, name }),
  };
}

/**
 * drop-database: drops instance `instanceName`'s database (command down, and prune for each
 * preview it removes), after the instance is gone; says (and returns) what was dropped, or that
 * there was none; undefined: no database server is configured.
 * Checked when the configuration was read; checked again here, where it matters.
 */
export async function dropInstanceDatabase(
  config: Config,
  instanceName: string,
  deps: Pick<SetupDeps, "postgres" | "mysql" | "logger">,
): Promise<string | undefined> {
  const db = instanceDatabase(config, instanceName);
  if (!db) return undefined;
  if (db.refused) throw new SetupError(`drop-database refused: ${db.refused}.`);
  const said =
    (await db.drop(deps)) === "dropped"
      ? `Dropped database ${db.where}.`
      : `Database ${db.where} did not exist: nothing to drop.`;
  deps.logger.info(said);
  return said;
}

function need<T>(client: T | undefined, kind: string): T {
  if (!client)
    throw new SetupError(`drop-database needs a ${kind} client, which this caller did not provide.`);
  return client;
}
