/** MySQL instead of Postgres: what the URL becomes for the backend's container, and the preflight. */
import type { Mysql, MysqlPreflightResult } from "../adapters/mysql.js";
import { maskAll } from "../adapters/runtime.js";
import type { Config, MysqlTarget } from "../core/config.js";
import { describeMysqlPlan, type MysqlNotes } from "../core/mysql-url.js";
import { option } from "../core/naming.js";
import { planContainerDatabaseUrl } from "../core/postgres-url.js";
import type { DatabaseContainerPlan, PostgresPlan } from "./postgres.js";
import type { Reporter } from "./types.js";

/** What the MySQL URL becomes for the backend, said the same way in `up` and `doctor`. */
export function mysqlNotes(db: MysqlTarget): MysqlNotes {
  const notes = describeMysqlPlan(db);
  const note = planContainerDatabaseUrl(db, "MySQL").note;
  return note ? { ...notes, warnings: [...notes.warnings, note] } : notes;
}

export function describeMysqlPreflight(db: MysqlTarget, result: MysqlPreflightResult): string {
  return `${result.flavor} ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}, privileges checked.`;
}

/** The database phase with MySQL: notes, the container's MYSQL_URL, and the preflight. */
export async function prepareMysql(
  config: Pick<Config, "postgres" | "mysql">,
  mysql: Mysql | undefined,
  report: Reporter,
): Promise<PostgresPlan> {
  const { logger } = report;
  const db = config.mysql.url;
  if (!db) return { preflight: undefined, container: undefined };
  const notes = mysqlNotes(db);
  for (const w of notes.warnings) report.warn(w);
  for (const i of notes.infos) logger.info(i);
  const container: DatabaseContainerPlan = {
    ...planContainerDatabaseUrl(db, "MySQL"),
    variable: "MYSQL_URL",
  };
  maskAll(logger, container.url);
  if (!config.postgres.preflight || !mysql) {
    logger.info(`Preflight skipped (${option("postgres-preflight", false)}).`);
    return { preflight: undefined, container };
  }
  const result = await mysql.preflight(db, { createDatabase: config.postgres.createDatabase });
  logger.info(describeMysqlPreflight(db, result));
  return { preflight: undefined, mysql: result, container };
}
