/**
 * The parts of a database URL (Postgres or MySQL), split by hand so that percent-encoding stays
 * exactly as given, with the checks both backends' URL parsers share: a user name, a host, a port,
 * no unencoded `#`, no characters an env file cannot hold. Errors name the source and never echo
 * the URL, which may hold a password.
 */
import { SetupError } from "./errors.js";
import type { Env } from "./urls.js";

export interface DatabaseUrlKind {
  /** "Postgres" or "MySQL", in messages. */
  label: string;
  /** The accepted schemes, lower case (the first is the one suggested). */
  schemes: readonly string[];
  defaultPort: number;
  /** The URL's form, for hints: postgres://USER:PASSWORD@HOST:5432. */
  form: string;
}

export interface DatabaseUrlParts {
  /** The scheme as given (without ://). */
  scheme: string;
  /** user[:password], still percent-encoded. */
  userinfo: string;
  /** host[:port] as given. */
  hostport: string;
  /** The path after the first /, as given (a database name, or empty). */
  path: string;
  /** The query after ?, as given. */
  query: string;
  /** Decoded user name and password. */
  user: string;
  password: string;
  /** The host without IPv6 brackets. */
  host: string;
  port: number;
}

export interface SelectedDatabaseUrl {
  url: string;
  /** The input or variable it came from: `postgres-url`, `DATABASE_URL`, `mysql-url`, ... */
  source: string;
}

/**
 * The explicit input, else the first non-empty variable of `envVars`, in order; `none` as the input
 * means no such database, whatever the environment says (e.g. a Prisma file: URL in CI).
 */
export function selectDatabaseUrl(
  explicit: string | undefined,
  env: Env,
  input: string,
  envVars: readonly string[],
): SelectedDatabaseUrl | undefined {
  const given = explicit?.trim();
  if (given?.toLowerCase() === "none") return undefined;
  if (given) return { url: given, source: input };
  const name = envVars.find((n) => env[n]?.trim());
  return name ? { url: env[name]?.trim() ?? "", source: name } : undefined;
}

/** Decodes a percent-encoded component; a malformed escape is left as it is. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decode(component: string, what: string, source: string, kind: DatabaseUrlKind): string {
  try {
    return decodeURIComponent(component);
  } catch {
    throw new SetupError(
      `${source}: the ${what} in the ${kind.label} URL has a malformed percent-escape.`,
      "Percent-encode special characters in the user name and password (e.g. @ as %40, % as %25).",
    );
  }
}

/** The decoded database name in a URL's path, or undefined when the path is empty or `/`. */
export function pathDatabase(
  parts: DatabaseUrlParts,
  source: string,
  kind: DatabaseUrlKind,
): string | undefined {
  const path = parts.path.replace(/\/+$/, "");
  return path ? decode(path, "database name", source, kind) : undefined;
}

function checkUserinfo(userinfo: string, source: string, kind: DatabaseUrlKind): void {
  if (/[\s@/]/.test(userinfo.replace(/%[0-9a-fA-F]{2}/g, ""))) {
    throw new SetupError(
      `${source}: the user name or password in the ${kind.label} URL has unencoded special characters.`,
      "Percent-encode them (space as %20, @ as %40, / as %2F, : in the user name as %3A).",
    );
  }
  // Valid in a URL, but no env-file quoting reads ' together with $ ` " \ back the same
  // everywhere: percent-encoded they mean the same to the backend and are safe in the file.
  const unsafe = userinfo.includes("'") ? [...new Set(userinfo.match(/['"$`\\]/g) ?? [])] : [];
  if (unsafe.length > 1) {
    throw new SetupError(
      `${source}: the user name or password in the ${kind.label} URL has ${unsafe.map((c) => `"${c}"`).join(" ")} unencoded.`,
      `Percent-encode them: ${unsafe.map((c) => `${c} as %${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join(", ")}.`,
    );
  }
}

/**
 * Splits a database URL into its parts and checks what every backend driver needs. The caller
 * decides what the path and the query may hold.
 */
export function parseDatabaseUrl(
  raw: string,
  source: string,
  kind: DatabaseUrlKind,
  notThisKindHint: string,
): DatabaseUrlParts {
  const text = raw.trim();
  const scheme = new RegExp(`^(${kind.schemes.join("|")})://`, "i").exec(text);
  if (!scheme) {
    throw new SetupError(
      `${source} is not a ${kind.label} URL: it must start with ${kind.schemes.map((s) => `${s}://`).join(" or ")}.`,
      notThisKindHint,
    );
  }
  const afterScheme = text.slice(scheme[0].length);
  if (afterScheme.includes("#")) {
    throw new SetupError(
      `${source}: the ${kind.label} URL contains an unencoded "#".`,
      "Percent-encode # in the password as %23.",
    );
  }
  const queryAt = afterScheme.indexOf("?");
  const beforeQuery = queryAt >= 0 ? afterScheme.slice(0, queryAt) : afterScheme;
  const query = queryAt >= 0 ? afterScheme.slice(queryAt + 1) : "";
  const slashAt = beforeQuery.indexOf("/");
  const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery;
  const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : "";
  const atAt = authority.lastIndexOf("@");
  if (atAt < 0) {
    throw new SetupError(
      `${source}: the ${kind.label} URL has no user name.`,
      `The backend requires one: ${kind.form}.`,
    );
  }
  const userinfo = authority.slice(0, atAt);
  const hostport = authority.slice(atAt + 1);
  const colon = userinfo.indexOf(":");
  const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const rawPassword = colon >= 0 ? userinfo.slice(colon + 1) : "";
  if (!rawUser) {
    throw new SetupError(
      `${source}: the ${kind.label} URL has an empty user name.`,
      `Give one: ${kind.form}.`,
    );
  }
  checkUserinfo(userinfo, source, kind);
  const user = decode(rawUser, "user name", source, kind);
  const password = decode(rawPassword, "password", source, kind);

  const hostMatch = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostport);
  if (!hostMatch) {
    throw new SetupError(
      `${source}: the host part of the ${kind.label} URL is missing or malformed.`,
      "Use HOST, HOST:PORT or [IPv6]:PORT after the @.",
    );
  }
  const host = hostMatch[1]!;
  const port = hostMatch[2] ? Number(hostMatch[2]) : kind.defaultPort;
  if (port < 1 || port > 65535) {
    throw new SetupError(`${source}: the ${kind.label} port must be between 1 and 65535.`);
  }
  return {
    scheme: scheme[1]!,
    userinfo,
    hostport,
    path,
    query,
    user,
    password,
    host: host.startsWith("[") ? host.slice(1, -1) : host,
    port,
  };
}

/** A query's parameters as [decoded key, decoded value, as given]. */
export function queryParams(query: string): Array<[key: string, value: string, given: string]> {
  return query
    .split("&")
    .filter((p) => p.length > 0)
    .map((param) => {
      const eq = param.indexOf("=");
      const key = safeDecode(eq >= 0 ? param.slice(0, eq) : param);
      const value = eq >= 0 ? safeDecode(param.slice(eq + 1)) : "";
      return [key, value, param];
    });
}

/** The URL with its password replaced, for messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@]*@/i, "$1***@");
}
