/**
 * Finding and normalising the MySQL URL for the backend (docs/mysql.md#the-backends-rules): the
 * scheme mysql://, a user name, no database path, only the query parameters the backend's
 * client (mysql_async) knows, and the TLS parameters the chosen mysql-ssl-mode asks for.
 */
import {
  type DatabaseUrlKind,
  parseDatabaseUrl,
  pathDatabase,
  queryParams,
  type SelectedDatabaseUrl,
  selectDatabaseUrl,
} from "./database-url.js";
import { SetupError } from "./errors.js";
import { option } from "./naming.js";
import type { Env } from "./urls.js";

export type MysqlSslMode = "disable" | "require" | "keep";
export const MYSQL_SSL_MODES: readonly MysqlSslMode[] = ["disable", "require", "keep"];

/** Where a MySQL URL may come from after the explicit input (the backend's own variable). */
export const MYSQL_ENV_VARS = ["MYSQL_URL"] as const;

export const MYSQL_KIND: DatabaseUrlKind = {
  label: "MySQL",
  schemes: ["mysql"],
  defaultPort: 3306,
  form: "mysql://USER:PASSWORD@HOST:3306",
};

/** How the backend's client would use TLS with the final URL (and the preflight does too). */
export interface MysqlTls {
  /** Verify the server's certificate against the trusted roots (verify_ca). */
  verifyCa: boolean;
  /** Check that the certificate names the host (verify_identity). */
  verifyIdentity: boolean;
}

export interface NormalizedMysqlUrl {
  /** The URL the backend gets: mysql://, no database path, known parameters only. */
  url: string;
  source: string;
  /** The database name that was in the path and was removed, decoded; undefined if none. */
  removedDatabase: string | undefined;
  /** Query parameters the backend's client would refuse (Prisma's sslaccept=, mysql2's ssl=), removed. */
  droppedParams: string[];
  /** The URL's own TLS parameters that mysql-ssl-mode replaced, removed. */
  replacedTlsParams: string[];
  host: string;
  port: number;
  /** Decoded user name and password (for the preflight client). */
  user: string;
  password: string;
  /** TLS as the backend will use it; undefined: a plain connection. */
  tls: MysqlTls | undefined;
  /** Whether the backend must get DO_NOT_REQUIRE_SSL (anything but mysql-ssl-mode require). */
  doNotRequireSsl: boolean;
}

export type SelectedMysqlUrl = SelectedDatabaseUrl;

/** The explicit input, else MYSQL_URL; `none` means no MySQL, whatever the environment says. */
export function selectMysqlUrl(explicit: string | undefined, env: Env): SelectedMysqlUrl | undefined {
  return selectDatabaseUrl(explicit, env, "mysql-url", MYSQL_ENV_VARS);
}

/** Parameters of mysql_async's URL parser taking true or false (nothing else: "1" stops the backend). */
const BOOLEAN_PARAMS = new Set([
  "enable_cleartext_plugin",
  "reset_connection",
  "tcp_nodelay",
  "prefer_socket",
  "secure_auth",
  "client_found_rows",
  "require_ssl",
  "verify_ca",
  "verify_identity",
  "built_in_roots",
]);
/** Parameters taking a whole number. */
const NUMBER_PARAMS = new Set([
  "pool_min",
  "pool_max",
  "inactive_connection_ttl",
  "ttl_check_interval",
  "conn_ttl",
  "abs_conn_ttl",
  "abs_conn_ttl_jitter",
  "tcp_keepalive",
  "max_allowed_packet",
  "wait_timeout",
  "stmt_cache_size",
]);
/** The TLS parameters mysql-ssl-mode decides (disable: none of them; require: the backend's own). */
const TLS_PARAMS = new Set(["require_ssl", "verify_ca", "verify_identity", "built_in_roots"]);
const OTHER_PARAMS = new Set(["socket", "compression"]);

function checkValue(key: string, value: string, source: string): void {
  const ok = BOOLEAN_PARAMS.has(key)
    ? value === "true" || value === "false"
    : NUMBER_PARAMS.has(key)
      ? /^\d+$/.test(value)
      : key !== "compression" || /^(fast|best|on|true|\d)$/.test(value);
  if (!ok) {
    const expected = BOOLEAN_PARAMS.has(key)
      ? "true or false"
      : NUMBER_PARAMS.has(key)
        ? "a whole number"
        : "fast, best, on, true or a digit";
    throw new SetupError(
      `${source}: ${key}=${value} in the MySQL URL would stop the backend: its client takes ${expected} there.`,
      `Write ${key}=${BOOLEAN_PARAMS.has(key) ? "true" : NUMBER_PARAMS.has(key) ? "10" : "fast"} (or remove it).`,
    );
  }
}

/** TLS as mysql_async reads it from the final query: on with require_ssl=true, both checks on by default. */
function tlsOf(params: ReadonlyMap<string, string>): MysqlTls | undefined {
  if (params.get("require_ssl") !== "true") return undefined;
  return {
    verifyCa: params.get("verify_ca") !== "false",
    verifyIdentity: params.get("verify_identity") !== "false",
  };
}

/**
 * Normalises a MySQL URL for the backend. mysql-ssl-mode:
 * - disable: no TLS; the URL's TLS parameters are removed, DO_NOT_REQUIRE_SSL is set;
 * - require: the backend appends require_ssl=true&verify_ca=true itself (the URL's own are
 *   removed so that nothing is said twice), the host name is checked unless verify_identity=false;
 * - keep: the URL's own require_ssl, verify_ca, verify_identity, built_in_roots; DO_NOT_REQUIRE_SSL.
 */
export function normalizeMysqlUrl(
  raw: string,
  sslMode: MysqlSslMode = "disable",
  source = "mysql-url",
): NormalizedMysqlUrl {
  const parts = parseDatabaseUrl(
    raw,
    source,
    MYSQL_KIND,
    source === "mysql-url"
      ? "Use the form mysql://USER:PASSWORD@HOST:3306 (the database name is derived from instance-name)."
      : `Use the form mysql://USER:PASSWORD@HOST:3306, or, when ${source} is for another tool, set mysql-url: none (--mysql-url none).`,
  );
  const removedDatabase = pathDatabase(parts, source, MYSQL_KIND);
  const kept: string[] = [];
  const droppedParams: string[] = [];
  const replacedTlsParams: string[] = [];
  const final = new Map<string, string>();
  for (const [key, value, param] of queryParams(parts.query)) {
    // mysql_async matches names exactly (lower case) and refuses any other: the backend would exit.
    if (!BOOLEAN_PARAMS.has(key) && !NUMBER_PARAMS.has(key) && !OTHER_PARAMS.has(key)) {
      droppedParams.push(key);
      continue;
    }
    checkValue(key, value, source);
    const replaced =
      (sslMode === "disable" && TLS_PARAMS.has(key)) ||
      (sslMode === "require" && (key === "require_ssl" || key === "verify_ca"));
    if (replaced) {
      replacedTlsParams.push(key);
      continue;
    }
    kept.push(param);
    final.set(key, value);
  }
  // What the backend will add (and the preflight must use): require_ssl=true&verify_ca=true.
  if (sslMode === "require") {
    final.set("require_ssl", "true");
    final.set("verify_ca", "true");
  }
  const url = `mysql://${parts.userinfo}@${parts.hostport}${kept.length ? `?${kept.join("&")}` : ""}`;
  return {
    url,
    source,
    removedDatabase,
    droppedParams,
    replacedTlsParams,
    host: parts.host,
    port: parts.port,
    user: parts.user,
    password: parts.password,
    tls: tlsOf(final),
    doNotRequireSsl: sslMode !== "require",
  };
}

/** Both kinds found: the backend would take only one (POSTGRES_URL first), so the user chooses. */
export function conflictingDatabases(postgresSource: string, mysqlSource: string): SetupError {
  return new SetupError(
    `both a Postgres URL (${postgresSource}) and a MySQL URL (${mysqlSource}) are set; the backend uses one database.`,
    `Keep one: remove the other, or set ${option("postgres-url", "none")} or ${option("mysql-url", "none")} to ignore it.`,
  );
}

export interface MysqlNotes {
  warnings: string[];
  infos: string[];
}

/** What is said about a MySQL URL before the backend starts: the same words in `up` and `doctor`. */
export function describeMysqlPlan(
  db: Pick<NormalizedMysqlUrl, "droppedParams" | "removedDatabase" | "replacedTlsParams" | "source"> & {
    name: string;
  },
): MysqlNotes {
  const warnings: string[] = [];
  const infos: string[] = [];
  if (db.droppedParams.length > 0) {
    warnings.push(
      `Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's MySQL client refuses options it does not know (your ${db.source} itself is unchanged; TLS is set with mysql-ssl-mode).`,
    );
  }
  if (db.replacedTlsParams.length > 0) {
    infos.push(`Replaced ${db.replacedTlsParams.join(", ")} from ${db.source} by what mysql-ssl-mode says.`);
  }
  if (db.removedDatabase) {
    infos.push(
      `Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`,
    );
  }
  return { warnings, infos };
}
