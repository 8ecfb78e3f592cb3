/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do.
 */

import { parse as parseShell } from "shell-quote";
import { isInstanceSecret } from "./admin-key.js";
import { deriveJwtKeyPair, type JwtKeyPair } from "./auth-keys.js";
import { MANAGED_DEPLOYMENT_NAMES, parseEnvVarsInput } from "./deployment-env.js";
import { ProblemList, SetupError } from "./errors.js";
import { INPUTS, type InputName } from "./inputs.js";
import {
  deriveDatabaseName,
  type NormalizedPostgresUrl,
  normalizePostgresUrl,
  SSL_MODES,
  type SslMode,
  selectPostgresUrl,
} from "./postgres-url.js";
import {
  type DerivedUrls,
  deriveFrontendUrl,
  deriveUrls,
  type Env,
  isCoderWorkspace,
  normalizePublicUrl,
  type Ports,
  type UrlStyle,
} from "./urls.js";

/** A normalised Postgres URL with the database the backend will use. */
export type PostgresTarget = NormalizedPostgresUrl & { name: string };

export type RawInputs = Partial<Record<InputName, string | undefined>>;

export interface Config {
  workingDirectory: string;
  /** The public URLs, derived from the URL inputs and the environment. */
  publicUrls: DerivedUrls;
  postgres: {
    /** The normalised Postgres URL and database name, or undefined for the embedded SQLite. */
    url: PostgresTarget | undefined;
    sslmode: SslMode;
    preflight: boolean;
    createDatabase: boolean;
  };
  instanceName: string;
  instanceSecret?: string;
  /** The key pair read from jwt-private-key, when given. */
  jwtKeyPair?: JwtKeyPair;
  images: { backend?: string; dashboard?: string };
  dashboard: boolean;
  ports: Ports;
  envVars: Array<[string, string]>;
  deploy: boolean;
  deployArgs: string[];
  verify: boolean;
  waitTimeoutMs: number;
  exportEnv: boolean;
  cleanup: boolean;
  cacheImages: boolean;
  projectName?: string;
  frontend: {
    /** frontend-directories, as given (relative to the base folder); empty: the default. */
    directories: string[];
    /** frontend-url, normalised. */
    url: string | undefined;
    port: number | undefined;
    /** The frontend URL for a dev port (Coder-aware). */
    urlForPort: (port: number) => string;
  };
  auth: AuthInput;
  /** up: set up; down: remove what an earlier up set up (action input `command`). */
  command: "up" | "down";
  /** Where the backend runs: started here (compose) or already running (connect). */
  target: "compose" | "connect";
  /** target connect: the admin key given instead of the instance secret. */
  adminKey?: string;
}

export type AuthInput = "auto" | "convex-auth" | "none";

const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;
const TRUE = new Set(["true", "yes", "1", "on"]);
const FALSE = new Set(["false", "no", "0", "off"]);

/** The one rule for boolean inputs: true/yes/1/on or false/no/0/off, any case; else undefined. */
export function parseBoolean(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}

/** Throws when a quote is left open (shell-quote would silently close it). */
function checkQuotes(text: string): void {
  let open: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open === "'") {
      if (c === "'") open = undefined;
    } else if (c === "\\") i++;
    else if (open === '"') {
      if (c === '"') open = undefined;
    } else if (c === "'" || c === '"') open = c;
  }
  if (open) {
    throw new SetupError(
      `the ${open} quote opened in "${text}" is never closed.`,
      `Close it, or escape it (\\${open}) if it is meant literally.`,
    );
  }
}

/**
 * A docker image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker's reference
 * grammar allows; nothing that docker could take as an option (a leading -) or that compose
 * would interpolate ($).
 */
const IMAGE_REF_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isImageReference(text: string): boolean {
  return IMAGE_REF_RE.test(text);
}

/** Splits a command line like a POSIX shell would, without running one. */
export function splitArgs(text: string): string[] {
  checkQuotes(text);
  return parseShell(text, (key) => `$${key}`).map((token) => {
    if (typeof token === "string") return token;
    const shown = "op" in token ? token.op : "comment" in token ? `#${token.comment}` : "?";
    throw new SetupError(
      `"${shown}" is shell syntax; the arguments are passed to convex deploy without a shell. Quote it if it is meant literally.`,
    );
  });
}

/** Builds the configuration or throws a ConfigError listing every problem. */
export function parseConfig(raw: RawInputs, env: Env = {}): Config {
  const problems = new ProblemList();
  const spec = new Map<string, (typeof INPUTS)[number]>(INPUTS.map((i) => [i.name, i]));
  const get = (name: InputName): string | undefined => {
    const value = raw[name]?.trim();
    if (value) return value;
    const def = spec.get(name);
    return def && "default" in def ? def.default : undefined;
  };
  const bool = (name: InputName): boolean => {
    const value = parseBoolean(get(name) ?? "false");
    if (value === undefined) problems.add(name, `"${raw[name]}" is not a boolean; use true or false.`);
    return value ?? false;
  };
  const integer = (name: InputName, min: number, max: number): number => {
    const text = get(name) ?? "";
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      problems.add(name, `"${text}" must be a whole number from ${min} to ${max}.`);
      return min;
    }
    return value;
  };
  const choice = <T extends string>(name: InputName, choices: readonly T[]): T => {
    const value = (get(name) ?? "") as T;
    if (!choices.includes(value)) {
      problems.add(name, `"${value}" is not one of ${choices.join(", ")}.`);
      return choices[0]!;
    }
    return value;
  };

  const instanceName = get("instance-name") ?? "app";
  if (!INSTANCE_NAME_RE.test(instanceName) || instanceName.length > 63) {
    problems.add(
      "instance-name",
      `"${instanceName}" must be lowercase letters and digits separated by single - or _ (at most 63 characters); it becomes the admin key prefix and the database name.`,
    );
  }
  const instanceSecret = get("instance-secret");
  if (instanceSecret !== undefined && !isInstanceSecret(instanceSecret)) {
    problems.add(
      "instance-secret",
      "must be exactly 64 hexadecimal characters; leave it empty to reuse or generate one.",
    );
  }
  const ports: Ports = {
    api: integer("api-port", 1, 65535),
    site: integer("site-port", 1, 65535),
    dashboard: integer("dashboard-port", 1, 65535),
  };
  const dashboard = bool("dashboard");
  const portList = dashboard ? [ports.api, ports.site, ports.dashboard] : [ports.api, ports.site];
  if (new Set(portList).size !== portList.length) {
    problems.add("api-port", "api-port, site-port and dashboard-port must all differ.");
  }
  const projectName = get("project-name");
  if (projectName !== undefined && !PROJECT_RE.test(projectName)) {
    problems.add(
      "project-name",
      `"${projectName}" must be lowercase letters, digits, - and _, starting with a letter or digit.`,
    );
  }
  const envVars =
    problems.try("env-vars", () => parseEnvVarsInput(raw["env-vars"] ?? "", "env-vars")) ??
    ([] as Array<[string, string]>);
  for (const [name] of envVars) {
    if ((MANAGED_DEPLOYMENT_NAMES as readonly string[]).includes(name)) {
      problems.add(
        "env-vars",
        `${name} is set by setup-coder-convex itself; remove it (use jwt-private-key or site-url instead).`,
      );
    }
  }
  const deployArgs = problems.try("deploy-args", () => splitArgs(get("deploy-args") ?? "")) ?? [];
  if (deployArgs.some((a) => a === "--preview-create" || a.startsWith("--preview-create="))) {
    problems.add(
      "deploy-args",
      "--preview-create makes convex deploy crash against a self-hosted backend (it has no preview deployments); run one instance per preview with its own project-name instead.",
    );
  }
  const waitSeconds = integer("wait-timeout", 1, 3600);
  const sslmode = choice<SslMode>("postgres-sslmode", SSL_MODES);
  const explicitUrls = Boolean(get("convex-url") || get("site-url"));
  const wildcardDomain = get("coder-wildcard-domain");
  const publicUrls = problems.try(
    !explicitUrls && (wildcardDomain || isCoderWorkspace(env)) ? "coder-wildcard-domain" : "convex-url",
    () =>
      deriveUrls(env, {
        convexUrl: get("convex-url"),
        siteUrl: get("site-url"),
        dashboardUrl: get("dashboard-url"),
        style: choice<UrlStyle>("url-style", ["app", "port"]),
        wildcardDomain,
        slugs: { api: get("api-slug")!, site: get("site-slug")!, dashboard: get("dashboard-slug")! },
        ports,
      }),
  );
  const selected = selectPostgresUrl(get("postgres-url"), env);
  const postgresUrl = selected
    ? problems.try(selected.source, () => ({
        ...normalizePostgresUrl(selected.url, sslmode, selected.source),
        name: deriveDatabaseName(instanceName),
      }))
    : undefined;
  const jwtKeyPair = get("jwt-private-key")
    ? problems.try("jwt-private-key", () => deriveJwtKeyPair(raw["jwt-private-key"]!, "jwt-private-key"))
    : undefined;
  for (const name of ["backend-image", "dashboard-image"] as const) {
    const image = get(name);
    if (image !== undefined && !isImageReference(image)) {
      problems.add(
        name,
        `"${image}" is not a docker image reference (registry/name:tag or name@sha256:digest, lowercase, no leading - or $).`,
      );
    }
  }
  const frontendUrl = get("frontend-url")
    ? problems.try("frontend-url", () => normalizePublicUrl(get("frontend-url")!, "frontend-url"))
    : undefined;
  const frontendPort = get("frontend-port") ? integer("frontend-port", 1, 65535) : undefined;
  const frontendDirectories = (raw["frontend-directories"] ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
  const auth = choice<AuthInput>("auth", ["auto", "convex-auth", "none"]);
  const target = choice<"compose" | "connect">("target", ["compose", "connect"]);
  const command = choice<"up" | "down">("command", ["up", "down"]);
  const adminKey = get("admin-key");
  if (adminKey !== undefined) {
    if (target !== "connect")
      problems.add(
        "admin-key",
        "is for target: connect only; with compose the key is computed from the instance secret.",
      );
    else if (!/^[^\s|]+\|[0-9a-f]+$/.test(adminKey))
      problems.add(
        "admin-key",
        "is not an admin key (instance-name|hex, as generate_admin_key.sh prints it).",
      );
    else if (!adminKey.startsWith(`${instanceName}|`))
      problems.add(
        "admin-key",
        `belongs to another instance: its prefix must be instance-name (${instanceName}).`,
      );
  }
  if (target === "connect") {
    if (!(get("convex-url") && get("site-url")))
      problems.add(
        "target",
        "connect needs convex-url and site-url: the URLs of the running backend's API and site proxy.",
      );
    if (!instanceSecret && !adminKey)
      problems.add(
        "target",
        "connect needs instance-secret (or admin-key) of the running backend to configure it.",
      );
  }
  const config: Config = {
    workingDirectory: get("working-directory") ?? ".",
    publicUrls: publicUrls!,
    postgres: {
      url: postgresUrl,
      sslmode,
      preflight: bool("postgres-preflight"),
      createDatabase: bool("create-database"),
    },
    instanceName,
    ...(instanceSecret ? { instanceSecret: instanceSecret.toLowerCase() } : {}),
    ...(jwtKeyPair ? { jwtKeyPair } : {}),
    images: {
      ...(get("backend-image") ? { backend: get("backend-image")! } : {}),
      ...(get("dashboard-image") ? { dashboard: get("dashboard-image")! } : {}),
    },
    dashboard,
    ports,
    envVars,
    deploy: bool("deploy"),
    verify: bool("verify"),
    deployArgs,
    waitTimeoutMs: waitSeconds * 1000,
    exportEnv: bool("export-env"),
    cleanup: bool("cleanup"),
    cacheImages: bool("cache-images"),
    frontend: {
      directories: frontendDirectories,
      url: frontendUrl,
      port: frontendPort,
      urlForPort: (port) => deriveFrontendUrl(env, port, wildcardDomain),
    },
    auth,
    target,
    command,
    ...(adminKey ? { adminKey } : {}),
    ...(projectName ? { projectName } : {}),
  };
  problems.throwIfAny();
  return config;
}
