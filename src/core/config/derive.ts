/**
 * Values built from several inputs and the environment (the public URLs, the Postgres URL) or
 * parsed beyond their kind (env-vars, deploy-args, jwt-private-key, frontend-url). A value that
 * cannot be built becomes a problem of the input it came from, and is undefined.
 */
import { deriveJwtKeyPair, type JwtKeyPair } from "../auth-keys.js";
import { deriveBackendEnv, parseBackendEnvInput } from "../backend-settings.js";
import { MANAGED_DEPLOYMENT_NAMES, parseEnvVarsInput } from "../deployment-env.js";
import type { ProblemList } from "../errors.js";
import type { InputValues } from "../inputs.js";
import { deriveIngressHosts, deriveIngressUrls } from "../kubernetes.js";
import { conflictingDatabases, normalizeMysqlUrl, selectMysqlUrl } from "../mysql-url.js";
import { deriveDatabaseName, normalizePostgresUrl, selectPostgresUrl } from "../postgres-url.js";
import { deriveS3Storage, type S3Storage } from "../s3-storage.js";
import { type DerivedUrls, deriveUrls, type Env, isCoderWorkspace, normalizePublicUrl } from "../urls.js";
import { splitArgs } from "./split-args.js";
import type { MysqlTarget, PostgresTarget } from "./types.js";

export interface Derived {
  publicUrls: DerivedUrls | undefined;
  postgres: { url: PostgresTarget; source: string } | undefined;
  mysql: { url: MysqlTarget; source: string } | undefined;
  envVars: Array<[string, string]>;
  deployArgs: string[];
  jwtKeyPair: JwtKeyPair | undefined;
  frontendUrl: string | undefined;
  /** The backend's environment from its settings' inputs (empty with connect: nothing runs here). */
  backendEnv: Array<[string, string]>;
  /** S3 storage when the five buckets are given (core/s3-storage.ts); undefined: the data volume. */
  storage: S3Storage | undefined;
}

function envVars(text: string, problems: ProblemList): Array<[string, string]> {
  const vars = problems.try("env-vars", () => parseEnvVarsInput(text, "env-vars")) ?? [];
  for (const [name] of vars) {
    if ((MANAGED_DEPLOYMENT_NAMES as readonly string[]).includes(name))
      problems.add(
        "env-vars",
        `${name} is set by setup-coder-convex itself; remove it (use jwt-private-key or site-url instead).`,
      );
  }
  return vars;
}

function deployArgs(text: string, problems: ProblemList): string[] {
  const args = problems.try("deploy-args", () => splitArgs(text)) ?? [];
  if (args.some((a) => a === "--preview-create" || a.startsWith("--preview-create=")))
    problems.add(
      "deploy-args",
      "--preview-create makes convex deploy crash against a self-hosted backend (it has no preview deployments); run one instance per preview with its own project-name instead.",
    );
  return args;
}

/** From ingress-host when given (and valid), else from the URL inputs and the environment (Coder). */
function publicUrls(v: InputValues, env: Env, problems: ProblemList): DerivedUrls | undefined {
  const host = v["ingress-host"];
  const hosts = host
    ? problems.try("ingress-host", () => deriveIngressHosts(host, v["instance-name"]))
    : undefined;
  if (hosts) return deriveIngressUrls(hosts, v["ingress-tls-secret"] !== undefined, isCoderWorkspace(env));
  const explicit = Boolean(v["convex-url"] || v["site-url"]);
  const wildcardDomain = v["coder-wildcard-domain"];
  // Blamed on the input that would fix it: the wildcard domain inside Coder, else the URLs.
  const field =
    !explicit && (wildcardDomain || isCoderWorkspace(env)) ? "coder-wildcard-domain" : "convex-url";
  return problems.try(field, () =>
    deriveUrls(env, {
      convexUrl: v["convex-url"],
      siteUrl: v["site-url"],
      dashboardUrl: v["dashboard-url"],
      style: v["url-style"],
      wildcardDomain,
      slugs: { api: v["api-slug"], site: v["site-slug"], dashboard: v["dashboard-slug"] },
      ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
    }),
  );
}

/**
 * The Postgres or MySQL URL given or found in the environment, normalised, with its database. An
 * input beats the other kind's variables (as postgres-url beats DATABASE_URL); both inputs, or
 * both kinds in the environment and no input, are refused: the backend would silently take one.
 */
function databases(v: InputValues, env: Env, problems: ProblemList): Pick<Derived, "postgres" | "mysql"> {
  const explicit = (name: "postgres-url" | "mysql-url") => {
    const value = v[name]?.trim();
    return value !== undefined && value !== "" && value.toLowerCase() !== "none";
  };
  const explicitPostgres = explicit("postgres-url");
  const explicitMysql = explicit("mysql-url");
  const pg = explicitMysql && !explicitPostgres ? undefined : selectPostgresUrl(v["postgres-url"], env);
  const my = explicitPostgres && !explicitMysql ? undefined : selectMysqlUrl(v["mysql-url"], env);
  if (pg && my) {
    problems.add(my.source, conflictingDatabases(pg.source, my.source).message);
    return { postgres: undefined, mysql: undefined };
  }
  const name = deriveDatabaseName(v["instance-name"]);
  const postgresUrl =
    pg &&
    problems.try(pg.source, () => ({
      ...normalizePostgresUrl(pg.url, v["postgres-sslmode"], pg.source),
      name,
    }));
  const mysqlUrl =
    my &&
    problems.try(my.source, () => ({ ...normalizeMysqlUrl(my.url, v["mysql-ssl-mode"], my.source), name }));
  return {
    postgres: pg && postgresUrl && { url: postgresUrl, source: pg.source },
    mysql: my && mysqlUrl && { url: mysqlUrl, source: my.source },
  };
}

/** The backend's settings (core/backend-settings.ts); backend-env's problems are its own. */
function backendEnv(v: InputValues, problems: ProblemList): Array<[string, string]> {
  const text = v["backend-env"];
  const extra = text ? (problems.try("backend-env", () => parseBackendEnvInput(text)) ?? []) : [];
  return deriveBackendEnv({
    documentRetention: v["document-retention"],
    disableBeacon: v["disable-beacon"],
    redactLogsToClient: v["redact-logs-to-client"],
    logLevel: v["log-level"],
    extra,
  });
}

export function deriveValues(v: InputValues, env: Env, problems: ProblemList): Derived {
  const jwt = v["jwt-private-key"];
  const frontendUrl = v["frontend-url"];
  return {
    backendEnv: v.target === "connect" ? [] : backendEnv(v, problems),
    storage: deriveS3Storage(v, env, problems),
    envVars: envVars(v["env-vars"] ?? "", problems),
    deployArgs: deployArgs(v["deploy-args"] ?? "", problems),
    publicUrls: publicUrls(v, env, problems),
    ...databases(v, env, problems),
    jwtKeyPair: jwt
      ? problems.try("jwt-private-key", () => deriveJwtKeyPair(jwt, "jwt-private-key"))
      : undefined,
    frontendUrl: frontendUrl
      ? problems.try("frontend-url", () => normalizePublicUrl(frontendUrl, "frontend-url"))
      : undefined,
  };
}
