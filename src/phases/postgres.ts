/** Postgres: what the URL becomes for the backend's container, and the preflight. */
import type { Postgres, PreflightResult } from "../adapters/postgres.js";
import { maskAll } from "../adapters/runtime.js";
import type { Config } from "../core/config.js";
import { option } from "../core/naming.js";
import { type ContainerDatabasePlan, planContainerDatabaseUrl } from "../core/postgres-url.js";
import { checkPostgres, describePreflight, NO_POSTGRES_MESSAGE, postgresNotes } from "./preflight.js";
import type { Reporter } from "./types.js";

export interface PostgresPlan {
  preflight: PreflightResult | undefined;
  /** The URL and extra hosts the backend's container gets; undefined with the embedded SQLite. */
  container: ContainerDatabasePlan | undefined;
}

export async function preparePostgres(
  config: Pick<Config, "postgres">,
  postgres: Postgres | undefined,
  report: Reporter,
): Promise<PostgresPlan> {
  const { logger } = report;
  const db = config.postgres.url;
  if (!db) {
    logger.info(NO_POSTGRES_MESSAGE);
    return { preflight: undefined, container: undefined };
  }
  const notes = postgresNotes(db);
  for (const w of notes.warnings) report.warn(w);
  for (const i of notes.infos) logger.info(i);
  const container = planContainerDatabaseUrl(db);
  maskAll(logger, container.url);
  if (!config.postgres.preflight || !postgres) {
    logger.info(`Preflight skipped (${option("postgres-preflight", false)}).`);
    return { preflight: undefined, container };
  }
  const preflight = await checkPostgres(postgres, db, config.postgres.createDatabase);
  logger.info(describePreflight(db, preflight));
  return { preflight, container };
}
