/**
 * Checks made before anything starts, shared by `setup()` and the CLI's `doctor`, so that both
 * say the same thing. Each returns what it found or throws a SetupError naming the fix.
 */
import type { ConvexCli, ConvexProject, LocateOptions } from "../adapters/convex-cli.js";
import type { Postgres, PreflightResult } from "../adapters/postgres.js";
import type { PostgresTarget } from "../core/config.js";
import { describePostgresPlan } from "../core/postgres-url.js";

/** The project's own convex CLI (throws with the install command when it is missing). */
export async function checkConvexCli(
  convexCli: ConvexCli,
  dir: string,
  options: LocateOptions,
): Promise<ConvexProject> {
  return convexCli.locate(dir, options);
}

export const NO_POSTGRES_MESSAGE =
  "No Postgres URL (postgres-url, DATABASE_URL, POSTGRES_URI, POSTGRES_URL) and no MySQL URL (mysql-url, MYSQL_URL): the backend uses its embedded SQLite.";

/** What the Postgres URL becomes for the backend, said the same way everywhere. */
export const postgresNotes = describePostgresPlan;

/** Connects, checks the version, and creates the database when asked. */
export async function checkPostgres(
  postgres: Postgres,
  db: PostgresTarget,
  createDatabase: boolean,
): Promise<PreflightResult> {
  return postgres.preflight(db, { createDatabase });
}

export function describePreflight(db: PostgresTarget, result: PreflightResult): string {
  return `Postgres ${result.serverVersion} at ${db.host}:${db.port} (from ${db.source}): database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}.`;
}
