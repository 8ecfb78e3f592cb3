/**
 * Postgres preflight over the `pg` client: connect with a short timeout, explain each failure
 * (never with the password), check the server version, and create the backend's database.
 */
import type pg from "pg";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import type { NormalizedPostgresUrl } from "../core/postgres-url.js";

/** Older servers are refused: out of upstream support and never tested with the backend. */
export const MIN_SERVER_VERSION_NUM = 130000;

export interface PreflightOptions {
  createDatabase: boolean;
  timeoutMs?: number;
}

export interface PreflightResult {
  serverVersion: string;
  database: string;
  created: boolean;
  /** Whether TLS was used for the check. */
  ssl: boolean;
}

export interface Postgres {
  preflight(
    db: NormalizedPostgresUrl & { name: string },
    options: PreflightOptions,
  ): Promise<PreflightResult>;
  /**
   * Drops the database (its other sessions are ended: the backend may still be going away).
   * "absent" when there was none. Callers check the preview prefix first (core/config.ts).
   */
  dropDatabase(
    db: NormalizedPostgresUrl & { name: string },
    options?: { timeoutMs?: number },
  ): Promise<"dropped" | "absent">;
}

type SslConfig = false | { rejectUnauthorized: boolean; servername?: string };

/** How the preflight connects for the URL's sslmode, tried in order (prefer falls back to plain). */
export function sslAttempts(sslmode: string | undefined, host: string): SslConfig[] {
  const servername = /^[\d.:]+$/.test(host) ? undefined : host;
  const verify: SslConfig = { rejectUnauthorized: true, ...(servername ? { servername } : {}) };
  switch ((sslmode ?? "prefer").toLowerCase()) {
    case "disable":
      return [false];
    case "allow":
      return [false, { rejectUnauthorized: false }];
    case "require":
      // The backend verifies the certificate and host name when it enforces sslmode=require.
      return [verify];
    case "verify-ca":
    case "verify-full":
      return [verify];
    default:
      return [{ rejectUnauthorized: false }, false];
  }
}

/** Quotes an identifier for SQL: double quotes, inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  if (name.includes("\0")) throw new SetupError("A database name cannot contain NUL.");
  return `"${name.replaceAll('"', '""')}"`;
}

/** The backend's database is missing and create-database is off (doctor reports what `up` would do). */
export class MissingDatabaseError extends SetupError {
  override name = "MissingDatabaseError";
}

interface PgError extends Error {
  code?: string;
}

/** Turns a connection error into a message naming host and port and what to do. */
export function explainPostgresError(
  error: PgError,
  db: Pick<NormalizedPostgresUrl, "host" | "port" | "user" | "source"> & { password?: string },
  sslTried: SslConfig,
): SetupError {
  const where = `Postgres at ${db.host}:${db.port} (from ${db.source})`;
  const message = error.message ?? "";
  const code = error.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /getaddrinfo/.test(message)) {
    return new SetupError(
      `${where}: the host name does not resolve (DNS).`,
      "Check the host in the URL; inside Coder, use the name the template gives the database service.",
    );
  }
  if (code === "ECONNREFUSED") {
    return new SetupError(
      `${where}: connection refused, nothing listens on that port.`,
      "Start Postgres, or fix the host and port in the URL.",
    );
  }
  if (code === "ETIMEDOUT" || /timeout/i.test(message)) {
    return new SetupError(
      `${where}: no answer before the timeout.`,
      "A firewall or a wrong address? Check that the host is reachable from here.",
    );
  }
  if (code === "28P01" || /password authentication failed/i.test(message)) {
    return new SetupError(
      `${where}: password authentication failed for user "${db.user}".`,
      "Check the user name and password (percent-encode special characters in the URL).",
    );
  }
  if (/SASL|client password must be a string/i.test(message) && !db.password) {
    return new SetupError(
      `${where}: the server asks user "${db.user}" for a password, and the URL has none.`,
      "Put the password in the URL (postgres://USER:PASSWORD@HOST, percent-encoded), or allow this client without one in pg_hba.conf.",
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new SetupError(
      `${where}: the server does not support SSL, but SSL was required.`,
      `Set ${option("postgres-sslmode", "disable")}.`,
    );
  }
  if (
    code === "28000" &&
    /no encryption|SSL off|hostnossl|no pg_hba.conf entry/i.test(message) &&
    sslTried === false
  ) {
    return new SetupError(
      `${where}: the server refuses connections without SSL.`,
      `Set ${option("postgres-sslmode", "require")} (or prefer).`,
    );
  }
  if (code === "28000") {
    return new SetupError(
      `${where}: the server refused user "${db.user}" (pg_hba.conf).`,
      "Allow this client in pg_hba.conf, or use another user.",
    );
  }
  if (/self[- ]signed certificate|unable to verify|certificate|altnames/i.test(message)) {
    return new SetupError(
      `${where}: the server's TLS certificate could not be verified (${message}).`,
      "With postgres-sslmode: require the backend verifies the certificate: give its CA with PG_CA_FILE, or use postgres-sslmode: prefer or disable on a trusted network.",
    );
  }
  if (code === "3D000") {
    return new SetupError(
      `${where}: ${message}.`,
      `The preflight connects to the 'postgres' maintenance database; grant CONNECT on it, or set ${option("postgres-preflight", false)}.`,
    );
  }
  return new SetupError(`${where}: ${message || code || "connection failed"}.`);
}

export function createPostgres(options: { minServerVersionNum?: number } = {}): Postgres {
  const minVersion = options.minServerVersionNum ?? MIN_SERVER_VERSION_NUM;
  /** Connects to the maintenance database with the URL's sslmode (each way in turn). */
  async function connect(
    db: NormalizedPostgresUrl,
    timeoutMs: number,
  ): Promise<{ client: pg.Client; usedSsl: SslConfig }> {
    // Loaded on first use: most runs (SQLite) never need a Postgres client.
    const { default: pgModule } = await import("pg");
    let lastError: PgError | undefined;
    let usedSsl: SslConfig = false;
    for (const ssl of sslAttempts(db.sslmode, db.host)) {
      const candidate = new pgModule.Client({
        host: db.host,
        port: db.port,
        user: db.user,
        password: db.password,
        database: "postgres",
        ssl,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
        application_name: "setup-coder-convex",
      });
      candidate.on("error", () => {});
      try {
        await candidate.connect();
        return { client: candidate, usedSsl: ssl };
      } catch (error) {
        lastError = error as PgError;
        usedSsl = ssl;
        await candidate.end().catch(() => {});
      }
    }
    throw explainPostgresError(lastError ?? new Error("connection failed"), db, usedSsl);
  }
  return {
    async dropDatabase(db, options = {}) {
      const { client, usedSsl } = await connect(db, options.timeoutMs ?? 10_000);
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name]);
        if (exists.rowCount === 0) return "absent";
        // WITH (FORCE) (PostgreSQL 13+, the oldest supported here) ends the sessions still open.
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db.name)} WITH (FORCE)`);
        return "dropped";
      } catch (error) {
        const e = error as PgError;
        if (e.code === "42501")
          throw new SetupError(
            `User "${db.user}" may not drop database "${db.name}" on ${db.host}:${db.port} (from ${db.source}): only its owner or a superuser may.`,
            `Drop it as its owner (DROP DATABASE ${quoteIdentifier(db.name)};), or leave ${option("drop-database")} off.`,
          );
        if (e instanceof SetupError) throw e;
        throw explainPostgresError(e, db, usedSsl);
      } finally {
        await client.end().catch(() => {});
      }
    },
    async preflight(db, options) {
      const { client, usedSsl } = await connect(db, options.timeoutMs ?? 5000);
      try {
        const version = await client.query<{ server_version_num: string; server_version: string }>(
          "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
        );
        const row = version.rows[0]!;
        if (Number(row.server_version_num) < minVersion) {
          throw new SetupError(
            `Postgres at ${db.host}:${db.port} (from ${db.source}) runs version ${row.server_version}; setup-coder-convex needs ${Math.floor(minVersion / 10000)} or newer.`,
            `Upgrade the server, or leave ${option("postgres-url")} empty to use the backend's embedded SQLite.`,
          );
        }
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name]);
        let created = false;
        if (exists.rowCount === 0) {
          if (!options.createDatabase) {
            throw new MissingDatabaseError(
              `Postgres at ${db.host}:${db.port} (from ${db.source}) has no database "${db.name}", which the backend needs and never creates itself.`,
              `Create it (CREATE DATABASE ${quoteIdentifier(db.name)};), or let setup-coder-convex create it: create-database is on by default (input create-database: true, flag --create-database).`,
            );
          }
          try {
            await client.query(`CREATE DATABASE ${quoteIdentifier(db.name)}`);
            created = true;
          } catch (error) {
            const e = error as PgError;
            if (e.code === "42P04")
              created = false; // created concurrently: fine
            else if (e.code === "42501") {
              throw new SetupError(
                `User "${db.user}" may not create databases on ${db.host}:${db.port} (from ${db.source}; no CREATEDB), and database "${db.name}" does not exist.`,
                `Ask an administrator to run: CREATE DATABASE ${quoteIdentifier(db.name)} OWNER ${quoteIdentifier(db.user)};  or: ALTER ROLE ${quoteIdentifier(db.user)} CREATEDB;`,
              );
            } else throw explainPostgresError(e, db, usedSsl);
          }
        }
        return { serverVersion: row.server_version, database: db.name, created, ssl: usedSsl !== false };
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
