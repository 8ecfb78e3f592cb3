/**
 * MySQL preflight over the `mysql2` client: connect with TLS as the backend will, explain each
 * failure (never with the password: every text from the driver is redacted), check the server's
 * version and that it is writable, create the backend's database, and check the privileges the
 * backend needs on it with a table created and dropped again. Also drops a preview's database.
 */
import type { Connection, ConnectionOptions } from "mysql2/promise";
import type { MysqlTarget } from "../core/config.js";
import { redactDatabaseUrl } from "../core/database-url.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import { MissingDatabaseError } from "./postgres.js";

/** The oldest MySQL taken (docs/mysql.md#server-versions). */
export const MIN_MYSQL = [8, 0] as const;
/**
 * The collation of a column of the backend's own tables (persistence_globals.key): a server
 * without it cannot hold them, and the backend exits at start. MySQL has it from 8.0.17;
 * MariaDB 10.11 has not (docs/mysql.md#server-versions).
 */
export const REQUIRED_COLLATION = "utf8mb4_0900_bin";

/** The table the privilege check creates and drops in the backend's database. */
export const CHECK_TABLE = "setup_coder_convex_check";

export interface MysqlPreflightResult {
  /** The server's version text, e.g. 8.4.3 or 10.11.18-MariaDB-0+deb12u1. */
  serverVersion: string;
  flavor: "MySQL" | "MariaDB";
  database: string;
  created: boolean;
  ssl: boolean;
}

export interface Mysql {
  preflight(
    db: MysqlTarget,
    options: { createDatabase: boolean; timeoutMs?: number },
  ): Promise<MysqlPreflightResult>;
  /** Drops the database; "absent" when there was none. Callers check the preview prefix first. */
  dropDatabase(db: MysqlTarget, options?: { timeoutMs?: number }): Promise<"dropped" | "absent">;
}

interface MysqlError extends Error {
  code?: string;
  errno?: number;
}

/** Quotes an identifier for MySQL: backticks, inner backticks doubled. */
export function quoteMysqlIdentifier(name: string): string {
  if (name.includes("\0")) throw new SetupError("A database name cannot contain NUL.");
  return `\`${name.replaceAll("`", "``")}\``;
}

/** A text from the driver with the password (as given and percent-encoded) and any URL masked. */
export function redactMysqlText(text: string, db: Pick<MysqlTarget, "password" | "url">): string {
  let out = text.replaceAll(db.url, redactDatabaseUrl(db.url));
  out = out.replace(/mysql:\/\/[^\s'"]+/gi, (url) => redactDatabaseUrl(url));
  for (const secret of [db.password, encodeURIComponent(db.password)])
    if (secret) out = out.replaceAll(secret, "***");
  return out;
}

/** The version text split into flavour and numbers; undefined numbers when unreadable. */
export function parseServerVersion(text: string): { flavor: "MySQL" | "MariaDB"; numbers: number[] } {
  // MariaDB 10 and 11 may announce themselves as 5.5.5-10.11.6-MariaDB to old clients.
  const flavor = /mariadb/i.test(text) ? "MariaDB" : "MySQL";
  const cleaned = text.replace(/^5\.5\.5-/, "");
  const numbers = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(cleaned) ?? []).slice(1).map((n) => Number(n ?? 0));
  return { flavor, numbers };
}

function older(numbers: number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    const n = numbers[i] ?? 0;
    if (n !== minimum[i]) return n < minimum[i]!;
  }
  return false;
}

type Where = Pick<MysqlTarget, "host" | "port" | "user" | "source" | "password" | "url">;

/** Turns a driver error into a message naming host, port and source and what to do. */
export function explainMysqlError(error: MysqlError, db: Where, usedTls: boolean): SetupError {
  const where = `MySQL at ${db.host}:${db.port} (from ${db.source})`;
  const message = redactMysqlText(error.message ?? "", db);
  const code = error.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new SetupError(`${where}: the host name does not resolve (DNS).`, "Check the host in the URL.");
  if (code === "ECONNREFUSED")
    return new SetupError(
      `${where}: connection refused, nothing listens on that port.`,
      "Start MySQL, or fix the host and port in the URL.",
    );
  if (code === "ETIMEDOUT" || /timeout/i.test(message))
    return new SetupError(
      `${where}: no answer before the timeout.`,
      "A firewall or a wrong address? Check that the host is reachable from here.",
    );
  if (code === "HANDSHAKE_NO_SSL_SUPPORT")
    return new SetupError(
      `${where}: the server does not offer TLS, but mysql-ssl-mode asks for it.`,
      `Set ${option("mysql-ssl-mode", "disable")}, or turn TLS on in the server.`,
    );
  if (/insecure transport|secure transport/i.test(message) && !usedTls)
    return new SetupError(
      `${where}: the server refuses connections without TLS.`,
      `Set ${option("mysql-ssl-mode", "require")}.`,
    );
  if (code === "ER_ACCESS_DENIED_ERROR" || error.errno === 1045)
    return new SetupError(
      `${where}: access denied for user "${db.user}" (wrong password, or the user may not connect from this host).`,
      `Check the user name and password (percent-encode special characters in the URL) and the host part of the account ('USER'@'%')${usedTls ? "" : `; an account created with REQUIRE SSL also needs ${option("mysql-ssl-mode", "require")} (or keep with require_ssl=true)`}.`,
    );
  if (/certificate|self[- ]signed|unable to verify|altnames|Hostname\/IP/i.test(message))
    return new SetupError(
      `${where}: the server's TLS certificate could not be verified (${message}).`,
      "With mysql-ssl-mode: require the backend verifies the certificate and host name: use a certificate from a public CA or give the backend MYSQL_CA_FILE; on a trusted network use mysql-ssl-mode: keep with require_ssl=true&verify_ca=false in the URL, or disable.",
    );
  return new SetupError(`${where}: ${message || code || "connection failed"}.`);
}

/** Runs the statements the backend needs on its database: create, insert, update, read, delete, drop. */
async function checkPrivileges(conn: Connection, db: MysqlTarget): Promise<void> {
  const table = `${quoteMysqlIdentifier(db.name)}.${quoteMysqlIdentifier(CHECK_TABLE)}`;
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT NOT NULL PRIMARY KEY, v LONGBLOB) ROW_FORMAT=DYNAMIC`,
    `INSERT INTO ${table} (id, v) VALUES (1, 'a') ON DUPLICATE KEY UPDATE v = VALUES(v)`,
    `SELECT v FROM ${table} WHERE id = 1`,
    `DELETE FROM ${table} WHERE id = 1`,
    `DROP TABLE ${table}`,
  ];
  for (const sql of statements) {
    try {
      await conn.query(sql);
    } catch (error) {
      const e = error as MysqlError;
      const verb = sql.split(" ")[0];
      if (e.errno === 1142 || e.errno === 1044 || e.code === "ER_TABLEACCESS_DENIED_ERROR")
        throw new SetupError(
          `User "${db.user}" may not ${verb} in database "${db.name}" on ${db.host}:${db.port} (from ${db.source}); the backend creates its tables there and writes to them.`,
          `Ask an administrator to run: GRANT ALL PRIVILEGES ON ${quoteMysqlIdentifier(db.name)}.* TO '${db.user.replaceAll("'", "''")}'@'%';${verb === "DROP" ? ` and to drop the check table ${CHECK_TABLE} left there.` : ""}`,
        );
      throw explainMysqlError(e, db, db.tls !== undefined);
    }
  }
}

async function databaseExists(conn: Connection, name: string): Promise<boolean> {
  const [rows] = await conn.query(
    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
    [name],
  );
  return (rows as unknown[]).length > 0;
}

async function createDatabase(conn: Connection, db: MysqlTarget): Promise<boolean> {
  try {
    await conn.query(`CREATE DATABASE ${quoteMysqlIdentifier(db.name)}`);
    return true;
  } catch (error) {
    const e = error as MysqlError;
    if (e.errno === 1007) return false; // created concurrently: fine
    if (e.errno === 1044 || e.code === "ER_DBACCESS_DENIED_ERROR")
      throw new SetupError(
        `User "${db.user}" may not create databases on ${db.host}:${db.port} (from ${db.source}), and database "${db.name}" does not exist.`,
        `Ask an administrator to run: CREATE DATABASE ${quoteMysqlIdentifier(db.name)}; GRANT ALL PRIVILEGES ON ${quoteMysqlIdentifier(db.name)}.* TO '${db.user.replaceAll("'", "''")}'@'%';`,
      );
    throw explainMysqlError(e, db, db.tls !== undefined);
  }
}

async function checkServer(conn: Connection, db: MysqlTarget, collation: string) {
  const [rows] = await conn.query(
    "SELECT VERSION() AS version, @@global.read_only OR @@global.innodb_read_only AS ro, (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?) AS collations",
    [collation],
  );
  const row = (rows as Array<{ version: string; ro: number | string; collations: number | string }>)[0]!;
  const { flavor, numbers } = parseServerVersion(row.version);
  const where = `${flavor} at ${db.host}:${db.port} (from ${db.source})`;
  if (flavor === "MySQL" && (numbers.length === 0 || older(numbers, MIN_MYSQL)))
    throw new SetupError(
      `${where} runs version ${row.version}; the backend needs MySQL ${MIN_MYSQL.join(".")} or newer.`,
      "Upgrade the server, or use Postgres or the backend's embedded SQLite.",
    );
  if (Number(row.collations) === 0)
    throw new SetupError(
      `${where} runs version ${row.version}, which has no collation ${collation}: the backend's own tables use it, so the backend would exit at start.`,
      "Use MySQL 8.0.17 or newer (MariaDB 10.x lacks it), Postgres, or the backend's embedded SQLite.",
    );
  if (Number(row.ro) === 1)
    throw new SetupError(
      `${where} is read-only (read_only or innodb_read_only is on: a replica?); the backend refuses to start on it.`,
      "Give the URL of the primary (writable) server.",
    );
  return { serverVersion: row.version, flavor };
}

/** requiredCollation: what the server must have (the tests on MariaDB, which lacks the backend's, pass another). */
export function createMysql(options: { requiredCollation?: string } = {}): Mysql {
  const collation = options.requiredCollation ?? REQUIRED_COLLATION;
  async function connect(db: MysqlTarget, timeoutMs: number): Promise<Connection> {
    // Loaded on first use: most runs never need a MySQL client.
    const mysql = await import("mysql2/promise");
    const ssl: ConnectionOptions["ssl"] = db.tls
      ? { rejectUnauthorized: db.tls.verifyCa, verifyIdentity: db.tls.verifyCa && db.tls.verifyIdentity }
      : undefined;
    try {
      const conn = await mysql.createConnection({
        host: db.host,
        port: db.port,
        user: db.user,
        password: db.password,
        connectTimeout: timeoutMs,
        ...(ssl ? { ssl } : {}),
      });
      conn.on("error", () => {});
      return conn;
    } catch (error) {
      throw explainMysqlError(error as MysqlError, db, ssl !== undefined);
    }
  }
  async function withConnection<T>(db: MysqlTarget, timeoutMs: number, fn: (c: Connection) => Promise<T>) {
    const conn = await connect(db, timeoutMs);
    try {
      return await fn(conn);
    } catch (error) {
      if (error instanceof SetupError) throw error;
      throw explainMysqlError(error as MysqlError, db, db.tls !== undefined);
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
  }
  return {
    preflight: (db, options) =>
      withConnection(db, options.timeoutMs ?? 5000, async (conn) => {
        const server = await checkServer(conn, db, collation);
        let created = false;
        if (!(await databaseExists(conn, db.name))) {
          if (!options.createDatabase)
            throw new MissingDatabaseError(
              `MySQL at ${db.host}:${db.port} (from ${db.source}) has no database "${db.name}", which the backend needs and never creates itself.`,
              `Create it (CREATE DATABASE ${quoteMysqlIdentifier(db.name)};), or let setup-coder-convex create it: create-database is on by default (input create-database: true, flag --create-database).`,
            );
          created = await createDatabase(conn, db);
        }
        await checkPrivileges(conn, db);
        return { ...server, database: db.name, created, ssl: db.tls !== undefined };
      }),
    dropDatabase: (db, options = {}) =>
      withConnection(db, options.timeoutMs ?? 10_000, async (conn) => {
        if (!(await databaseExists(conn, db.name))) return "absent";
        // A backend still connected holds metadata locks: wait at most 30 s, then say so.
        await conn.query("SET SESSION lock_wait_timeout = 30");
        try {
          await conn.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(db.name)}`);
        } catch (error) {
          const e = error as MysqlError;
          if (e.errno === 1044 || e.errno === 1142)
            throw new SetupError(
              `User "${db.user}" may not drop database "${db.name}" on ${db.host}:${db.port} (from ${db.source}).`,
              `Drop it as a user with the DROP privilege (DROP DATABASE ${quoteMysqlIdentifier(db.name)};), or leave ${option("drop-database")} off.`,
            );
          if (e.errno === 1205)
            throw new SetupError(
              `Database "${db.name}" on ${db.host}:${db.port} (from ${db.source}) is still in use after 30 s: a backend is still connected.`,
              "Stop the backend first (down removes it before dropping), then run down again.",
            );
          throw e;
        }
        return "dropped";
      }),
  };
}
