/** Postgres: what the URL becomes for the backend's container, and the preflight. */
import type { MysqlPreflightResult } from "../adapters/mysql.js";
import type { Postgres, PreflightResult } from "../adapters/postgres.js";
import { maskAll } from "../adapters/runtime.js";
import type { Config } from "../core/config.js";
import { option } from "../core/naming.js";
import { type ContainerDatabasePlan, planContainerDatabaseUrl } from "../core/postgres-url.js";
import { checkPostgres, describePreflight, NO_POSTGRES_MESSAGE, postgresNotes } from "./preflight.js";
import type { Reporter } from "./types.js";

/** The database URL for the backend's container, and the variable of run_backend.sh it goes in. */
export type DatabaseContainerPlan = ContainerDatabasePlan & { variable: "POSTGRES_URL" | "MYSQL_URL" };

/** The database phase's result (Postgres, or MySQL instead: phases/mysql.ts). */
export interface PostgresPlan {
  preflight: PreflightResult | undefined;
  /** The MySQL preflight, when the database is MySQL and the preflight ran. */
  mysql?: MysqlPreflightResult | undefined;
  /** The URL and extra hosts the backend's container gets; undefined with the embedded SQLite. */
  container: DatabaseContainerPlan | undefined;
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
  const container: DatabaseContainerPlan = { ...planContainerDatabaseUrl(db), variable: "POSTGRES_URL" };
  maskAll(logger, container.url);
  if (!config.postgres.preflight || !postgres) {
    logger.info(`Preflight skipped (${option("postgres-preflight", false)}).`);
    return { preflight: undefined, container };
  }
  const preflight = await checkPostgres(postgres, db, config.postgres.createDatabase);
  logger.info(describePreflight(db, preflight));
  return { preflight, container };
}
