/**
 * Finding and normalising the Postgres URL for the backend (docs/backend-facts.md#postgres-rules):
 * no database path, a username, one sslmode, percent-encoded credentials kept byte for byte.
 */
import {
  type DatabaseUrlKind,
  parseDatabaseUrl,
  pathDatabase,
  queryParams,
  redactDatabaseUrl,
  type SelectedDatabaseUrl,
  selectDatabaseUrl,
} from "./database-url.js";
import { SetupError } from "./errors.js";
import { option } from "./naming.js";
import type { Env } from "./urls.js";

export type SslMode = "disable" | "require" | "prefer" | "keep";
export const SSL_MODES: readonly SslMode[] = ["disable", "require", "prefer", "keep"];

/** Where a Postgres URL may come from, in priority order after the explicit input. */
export const POSTGRES_ENV_VARS = ["DATABASE_URL", "POSTGRES_URI", "POSTGRES_URL"] as const;

export type SelectedPostgresUrl = SelectedDatabaseUrl;

export interface NormalizedPostgresUrl {
  /** The URL the backend gets: no database path, the chosen sslmode. */
  url: string;
  source: string;
  /** The database name that was in the path and was removed, decoded; undefined if none. */
  removedDatabase: string | undefined;
  /** Query parameters the backend's client would refuse (e.g. Prisma's schema=), removed. */
  droppedParams: string[];
  host: string;
  port: number;
  /** Decoded username and password (for the preflight client). */
  user: string;
  password: string;
  /** The sslmode in the final URL, or undefined when none is set. */
  sslmode: string | undefined;
  /** Whether the backend must get DO_NOT_REQUIRE_SSL (anything but sslmode=require). */
  doNotRequireSsl: boolean;
}

/** Picks the first non-empty URL: explicit, then DATABASE_URL, POSTGRES_URI, POSTGRES_URL; `none`: SQLite. */
export function selectPostgresUrl(explicit: string | undefined, env: Env): SelectedPostgresUrl | undefined {
  return selectDatabaseUrl(explicit, env, "postgres-url", POSTGRES_ENV_VARS);
}

/** Connection parameters tokio-postgres (the backend's client) accepts; `dbname` is left out on purpose. */
const TOKIO_POSTGRES_PARAMS = new Set([
  "user",
  "password",
  "options",
  "application_name",
  "sslnegotiation",
  "host",
  "hostaddr",
  "port",
  "connect_timeout",
  "tcp_user_timeout",
  "keepalives",
  "keepalives_idle",
  "keepalives_interval",
  "keepalives_retries",
  "target_session_attrs",
  "channel_binding",
  "load_balance_hosts",
]);
const POSTGRES_KIND: DatabaseUrlKind = {
  label: "Postgres",
  schemes: ["postgres", "postgresql"],
  defaultPort: 5432,
  form: "postgres://USER:PASSWORD@HOST:5432",
};
const TOKIO_SSLMODES = new Set(["disable", "prefer", "require"]);

/** The database the backend uses for an instance name: every `-` becomes `_`. */
export function deriveDatabaseName(instanceName: string): string {
  return instanceName.replaceAll("-", "_");
}

/**
 * Normalises a Postgres URL for the backend. Errors name the source and never echo the URL,
 * which may hold a password.
 */
export function normalizePostgresUrl(
  raw: string,
  sslmode: SslMode = "disable",
  source = "postgres-url",
): NormalizedPostgresUrl {
  const parts = parseDatabaseUrl(
    raw,
    source,
    POSTGRES_KIND,
    source === "postgres-url"
      ? "Use the form postgres://USER:PASSWORD@HOST:5432 (the database name is derived from instance-name)."
      : `Use the form postgres://USER:PASSWORD@HOST:5432, or, when ${source} is for another tool, set postgres-url: none (--postgres-url none) to use the backend's embedded SQLite.`,
  );
  const removedDatabase = pathDatabase(parts, source, POSTGRES_KIND);

  // The backend hands the query to tokio-postgres, which refuses unknown keys and sslmodes other
  // than disable/prefer/require, and exits. Options of other tools (Prisma's schema=,
  // connection_limit=, ...) are dropped and reported; the user's own variable is untouched.
  const kept: string[] = [];
  const droppedParams: string[] = [];
  let ownSslmode: string | undefined;
  for (const [name, value, param] of queryParams(parts.query)) {
    const key = name.toLowerCase();
    if (key === "sslmode") ownSslmode = value;
    else if (TOKIO_POSTGRES_PARAMS.has(key)) kept.push(param);
    else droppedParams.push(key);
  }
  if (sslmode === "keep" && ownSslmode !== undefined && !TOKIO_SSLMODES.has(ownSslmode)) {
    throw new SetupError(
      `${source}: sslmode=${ownSslmode} is not understood by the backend's Postgres client (it accepts disable, prefer and require).`,
      `Set ${option("postgres-sslmode", "require")} (the backend then verifies the certificate and host name itself), prefer or disable.`,
    );
  }
  // With require the backend appends sslmode=require itself: the URL carries none, so no duplicate.
  const finalSsl = sslmode === "keep" ? ownSslmode : sslmode;
  if (finalSsl !== undefined && sslmode !== "require") kept.push(`sslmode=${finalSsl}`);

  const url = `${parts.scheme}://${parts.userinfo}@${parts.hostport}${kept.length ? `?${kept.join("&")}` : ""}`;
  return {
    url,
    source,
    removedDatabase,
    host: parts.host,
    port: parts.port,
    user: parts.user,
    password: parts.password,
    sslmode: finalSsl,
    droppedParams,
    doNotRequireSsl: sslmode !== "require",
  };
}

/** The URL with its password replaced, for messages. */
export const redactPostgresUrl = redactDatabaseUrl;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0"]);
export const DOCKER_HOST_ALIAS = "host.docker.internal";
/** The extra_hosts entry that makes DOCKER_HOST_ALIAS the docker host (Linux engines lack it). */
export const DOCKER_HOST_EXTRA = `${DOCKER_HOST_ALIAS}:host-gateway`;

/** A host name that is this machine (a URL's hostname: IPv6 in brackets or not). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return LOOPBACK_HOSTS.has(h) || h.startsWith("127.");
}

export interface ContainerDatabasePlan {
  /** The URL the backend container gets. */
  url: string;
  /** extra_hosts entries the backend service needs. */
  extraHosts: string[];
  /** Said to the user when the URL was rewritten. */
  note: string | undefined;
}

/**
 * Inside the backend's container, localhost is the container itself. Decision table:
 * - loopback host (localhost, 127.x, ::1) -> host.docker.internal, mapped to the docker host's
 *   gateway with extra_hosts (Postgres must listen on the docker bridge, not only on 127.0.0.1);
 * - host.docker.internal already -> kept, with the same extra_hosts (Linux engines lack it);
 * - any other host -> unchanged.
 */
export function planContainerDatabaseUrl(
  db: Pick<NormalizedPostgresUrl, "url" | "host">,
  label: "Postgres" | "MySQL" = "Postgres",
): ContainerDatabasePlan {
  if (isLoopbackHost(db.host)) {
    const url = db.url.replace(/@(\[[^\]]+\]|[^:/?]+)(?=[:/?]|$)/, `@${DOCKER_HOST_ALIAS}`);
    return {
      url,
      extraHosts: [DOCKER_HOST_EXTRA],
      note: `${label} at ${db.host} is this host, not the backend's container: the backend reaches it as ${DOCKER_HOST_ALIAS}. ${label === "Postgres" ? "Postgres must listen on the docker bridge (listen_addresses = '*' or the bridge address) and pg_hba.conf must allow 172.16.0.0/12." : "MySQL must listen on the docker bridge (bind-address = 0.0.0.0 or the bridge address) and its user must be allowed from there (e.g. 'USER'@'172.%')."}`,
    };
  }
  if (db.host === DOCKER_HOST_ALIAS) return { url: db.url, extraHosts: [DOCKER_HOST_EXTRA], note: undefined };
  return { url: db.url, extraHosts: [], note: undefined };
}

/** What is said about a Postgres URL before the backend starts: the same words in `up` and `doctor`. */
export interface PostgresNotes {
  /** Things the user should change or know is changed for them. */
  warnings: string[];
  infos: string[];
}

export function describePostgresPlan(
  db: Pick<NormalizedPostgresUrl, "droppedParams" | "removedDatabase" | "source" | "host" | "url"> & {
    name: string;
  },
): PostgresNotes {
  const warnings: string[] = [];
  const infos: string[] = [];
  if (db.droppedParams.length > 0) {
    warnings.push(
      `Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's Postgres client refuses options it does not know (your ${db.source} itself is unchanged).`,
    );
  }
  if (db.removedDatabase) {
    infos.push(
      `Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`,
    );
  }
  const note = planContainerDatabaseUrl(db).note;
  if (note) warnings.push(note);
  return { warnings, infos };
}
