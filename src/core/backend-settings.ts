/**
 * The backend's own settings (environment variables of the backend container or pod), from the
 * inputs document-retention, disable-beacon, redact-logs-to-client, log-level and backend-env.
 * Pure: the names are checked against the ones the pinned release reads (backend-env-names.ts,
 * generated from its source), rendered the same way for compose and kubernetes.
 *
 * Facts (get-convex/convex-backend at the pinned release; docs/day-two.md#backend-settings):
 * - run_backend.sh passes --disable-beacon / --redact-logs-to-client when DISABLE_BEACON /
 *   REDACT_LOGS_TO_CLIENT are non-empty (`${VAR:+flag}`): "false" turns them on too, so an off
 *   setting leaves the variable out.
 * - Knobs (crates/cmd_util env_config) that do not parse fall back to their default with only a
 *   log line, so values are checked here where their type is known.
 * - DOCUMENT_RETENTION_DELAY: whole seconds, the binary's default 14 days (crates/common knobs.rs).
 * - RUST_LOG: a tracing EnvFilter; when it does not parse the backend logs at `info`.
 */
import { BACKEND_ENV_NAMES } from "./backend-env-names.js";
import { isSecretName, parseEnvVarsInput } from "./deployment-env.js";
import { editDistance } from "./edit-distance.js";
import { SetupError } from "./errors.js";

/** The binary's own document retention (seconds) when DOCUMENT_RETENTION_DELAY is unset. */
export const BACKEND_DEFAULT_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Names set from their own inputs or by setup-coder-convex: backend-env must not set them. */
export const MANAGED_BACKEND_ENV: Readonly<Record<string, string>> = {
  INSTANCE_NAME: "set from instance-name",
  INSTANCE_SECRET: "set from instance-secret (or the one kept in .env.convex.local / the Secret)",
  CONVEX_CLOUD_ORIGIN: "set from convex-url (or derived)",
  CONVEX_SITE_ORIGIN: "set from site-url (or derived)",
  POSTGRES_URL: "set from postgres-url",
  DATABASE_URL: "set from postgres-url",
  DO_NOT_REQUIRE_SSL: "set from postgres-sslmode or mysql-ssl-mode",
  MYSQL_URL: "set from mysql-url",
  DOCUMENT_RETENTION_DELAY: "set by the document-retention input",
  DISABLE_BEACON: "set by the disable-beacon input",
  REDACT_LOGS_TO_CLIENT: "set by the redact-logs-to-client input",
  RUST_LOG: "set by the log-level input",
  AWS_REGION: "set by the s3-region input (S3 storage)",
  S3_ENDPOINT_URL: "set by the s3-endpoint input (S3 storage)",
  S3_STORAGE_EXPORTS_BUCKET: "set by the s3-exports-bucket input (S3 storage)",
  S3_STORAGE_FILES_BUCKET: "set by the s3-files-bucket input (S3 storage)",
  S3_STORAGE_MODULES_BUCKET: "set by the s3-modules-bucket input (S3 storage)",
  S3_STORAGE_SEARCH_BUCKET: "set by the s3-search-bucket input (S3 storage)",
  S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "set by the s3-snapshot-imports-bucket input (S3 storage)",
  AWS_S3_FORCE_PATH_STYLE: "set by the s3-force-path-style input (S3 storage)",
  AWS_S3_DISABLE_SSE: "set by the s3-disable-sse input (S3 storage)",
  AWS_S3_DISABLE_CHECKSUMS: "set by the s3-disable-checksums input (S3 storage)",
  AWS_ACCESS_KEY_ID: "set by the s3-access-key-id input or the environment's AWS_ACCESS_KEY_ID (S3 storage)",
  DATA_DIR: "fixed: the data volume is mounted at /convex/data",
  STORAGE_DIR: "fixed: file storage must stay on the data volume",
  SQLITE_DB: "fixed: the embedded database must stay on the data volume",
  TMPDIR: "fixed: temporary files stay on the data volume",
  CREDENTIALS_DIR: "fixed: the instance's credentials stay on the data volume",
};

const LEVELS = ["error", "warn", "info", "debug", "trace", "off"];
const LOG_TARGET = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A RUST_LOG value (tracing's EnvFilter, the simple directives): comma-separated `level` or
 * `target=level` (targets are Rust module paths such as `database::retention`). Returns the
 * problem, or undefined.
 */
export function checkLogLevel(text: string): string | undefined {
  const bad = text.split(",").find((directive) => {
    const d = directive.trim();
    const eq = d.indexOf("=");
    if (eq === -1) return !LEVELS.includes(d.toLowerCase());
    return !LOG_TARGET.test(d.slice(0, eq)) || !LEVELS.includes(d.slice(eq + 1).toLowerCase());
  });
  return bad === undefined
    ? undefined
    : `"${bad.trim()}" is not a log directive: give a level (${LEVELS.join(", ")}) or target=level, comma-separated, e.g. info or info,database=debug.`;
}

/** The known name closest to `name`, when close enough to be a typo. */
export function suggestBackendEnvName(
  name: string,
  known: Iterable<string> = BACKEND_ENV_NAMES,
): string | undefined {
  const upper = name.toUpperCase();
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = editDistance(upper, candidate);
    if (!best || d < best.d) best = { name: candidate, d };
  }
  // Case alone, or up to a quarter of the name's letters (at least 2) changed.
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

/**
 * backend-env (KEY=VALUE lines) read and checked: every name must be one the pinned backend reads,
 * not one that another input or setup-coder-convex sets, not a secret (it would be written in
 * clear into the compose file or the manifests), and have a value. Throws a SetupError listing
 * every problem.
 */
export function parseBackendEnvInput(text: string, field = "backend-env"): Array<[string, string]> {
  const entries = parseEnvVarsInput(text, field);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (seen.has(name)) problems.push(`${name} is given twice.`);
    seen.add(name);
    const managed = MANAGED_BACKEND_ENV[name];
    if (managed) {
      problems.push(`${name} is ${managed}: remove it from ${field}.`);
      continue;
    }
    if (!BACKEND_ENV_NAMES.has(name)) {
      const guess = suggestBackendEnvName(name);
      const managedGuess = guess && MANAGED_BACKEND_ENV[guess];
      problems.push(
        guess
          ? `${name} is not a setting the backend reads: did you mean ${guess}?${managedGuess ? ` (${guess} is ${managedGuess}.)` : ""}`
          : `${name} is not a setting the backend reads (the names come from its source at the pinned release; see docs/day-two.md#backend-settings).`,
      );
      continue;
    }
    if (isSecretName(name))
      problems.push(
        `${name} is a secret: ${field} is written in clear into docker-compose.convex.yml and the kubernetes manifests. Put it in .env.convex.local (compose) instead.`,
      );
    if (value.trim() === "")
      problems.push(
        `${name} has no value: the backend ignores an empty knob and keeps its default; remove the line for the default.`,
      );
  }
  if (problems.length > 0)
    throw new SetupError(
      `${field}: ${problems.join(" ")}`,
      "One backend setting per line, NAME=value, e.g. HTTP_SERVER_TIMEOUT_SECONDS=300.",
    );
  return entries;
}

export interface BackendSettingsInput {
  /** Seconds; undefined: the backend's default. */
  documentRetention: number | undefined;
  disableBeacon: boolean;
  redactLogsToClient: boolean;
  /** RUST_LOG; undefined: the backend's default (info). */
  logLevel: string | undefined;
  /** backend-env, parsed and checked. */
  extra: ReadonlyArray<readonly [string, string]>;
}

/**
 * The backend's environment for these settings, in a stable order: only what differs from the
 * backend's defaults is set (an off flag is left out: any non-empty value turns it on).
 */
export function deriveBackendEnv(input: BackendSettingsInput): Array<[string, string]> {
  const env: Array<[string, string]> = [];
  if (input.documentRetention !== undefined)
    env.push(["DOCUMENT_RETENTION_DELAY", String(input.documentRetention)]);
  if (input.disableBeacon) env.push(["DISABLE_BEACON", "1"]);
  if (input.redactLogsToClient) env.push(["REDACT_LOGS_TO_CLIENT", "1"]);
  if (input.logLevel !== undefined) env.push(["RUST_LOG", input.logLevel]);
  for (const [name, value] of input.extra) env.push([name, value]);
  return env;
}
