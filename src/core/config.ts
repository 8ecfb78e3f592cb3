/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do.
 */

import { parse as parseShell } from "shell-quote";
import { isInstanceSecret } from "./admin-key.js";
import { deriveJwtKeyPair, type JwtKeyPair } from "./auth-keys.js";
import { parseBoolean } from "./boolean.js";
import { MANAGED_DEPLOYMENT_NAMES, parseEnvVarsInput } from "./deployment-env.js";
import { ProblemList, SetupError } from "./errors.js";
import { INPUTS, type InputName } from "./inputs.js";
import {
  deriveIngressHosts,
  deriveIngressUrls,
  isDnsLabel,
  isDnsSubdomain,
  isQuantity,
  MAX_KUBE_INSTANCE_NAME,
} from "./kubernetes.js";
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
    /** command down: drop the instance's database (only with the preview prefix). */
    dropDatabase: boolean;
    previewPrefix: string;
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
  /** Where the backend runs: started here (compose), already running (connect), or in a cluster. */
  target: Target;
  /** target kubernetes. */
  kubernetes: KubernetesInput;
  /** Data for a new deployment, after its first deploy. */
  seed: SeedInput;
  /** target connect: the admin key given instead of the instance secret. */
  adminKey?: string;
}

export type AuthInput = "auto" | "convex-auth" | "none";
export type Target = "compose" | "connect" | "kubernetes";

export interface KubernetesInput {
  namespace: string;
  /** The host template (with {instance}); undefined: no Ingress, port-forward during the run. */
  ingressHost: string | undefined;
  ingressClass: string | undefined;
  tlsSecret: string | undefined;
  volumeSize: string;
  renderOnly: boolean;
}

export interface SeedInput {
  /** A function path (module:export, or a folder path like admin/seed:run). */
  function: string | undefined;
  /** seed-args: a JSON object's text, validated. */
  args: string;
  /** A file in the repository, relative to the working directory. */
  import: string | undefined;
  always: boolean;
}

const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;

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

export { parseBoolean } from "./boolean.js";

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
  const target = choice<Target>("target", ["compose", "connect", "kubernetes"]);
  const kubernetes = parseKubernetesInputs(raw, get, bool, problems, target, instanceName, explicitUrls);
  const ingressHosts = kubernetes.ingressHost
    ? problems.try("ingress-host", () => deriveIngressHosts(kubernetes.ingressHost!, instanceName))
    : undefined;
  const publicUrls = ingressHosts
    ? deriveIngressUrls(ingressHosts, kubernetes.tlsSecret !== undefined, isCoderWorkspace(env))
    : problems.try(
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
  // Only for up: down may reach the same server through a tunnel (drop-database).
  if (
    target === "kubernetes" &&
    raw.command?.trim() !== "down" &&
    selected &&
    postgresUrl &&
    /^(localhost\.?$|127\.|::1$|\[::1\])/.test(postgresUrl.host)
  )
    problems.add(
      selected.source,
      `points at ${postgresUrl.host}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. postgres.db.svc.cluster.local; with postgres-preflight: false when this runner cannot reach it), or no Postgres URL for the embedded SQLite.`,
    );
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
  const command = choice<"up" | "down">("command", ["up", "down"]);
  const seed = parseSeedInputs(get, bool, problems);
  if ((seed.function || seed.import) && !bool("deploy"))
    problems.add(
      seed.function ? "seed-function" : "seed-import",
      "seeds a deployment after its first deploy; it needs deploy: true.",
    );
  if ((seed.function || seed.import) && kubernetes.renderOnly)
    problems.add(
      seed.function ? "seed-function" : "seed-import",
      "does nothing with render-only (nothing is deployed): seed when you deploy (up --target connect after applying).",
    );
  const dropDatabase = bool("drop-database");
  const previewPrefix = get("preview-prefix") ?? "";
  if (dropDatabase) {
    if (command !== "down")
      problems.add("drop-database", "is for command: down (removing a preview); remove it from this step.");
    else if (!postgresUrl)
      problems.add(
        "drop-database",
        "has no database to drop: the backend uses SQLite unless postgres-url (or DATABASE_URL) is set.",
      );
    else if (!/^[a-z0-9][a-z0-9_-]*[-_]$/.test(previewPrefix))
      problems.add(
        "preview-prefix",
        `"${previewPrefix}" must be lowercase letters, digits, - and _, ending in - or _ (as pr-): it is what keeps drop-database away from other databases, and without the separator "pr" would match "prod".`,
      );
    else if (!instanceName.startsWith(previewPrefix))
      problems.add(
        "drop-database",
        `refused: instance-name "${instanceName}" does not start with preview-prefix "${previewPrefix}", so its database (${postgresUrl.name}) is not a preview's.`,
      );
  }
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
      dropDatabase,
      previewPrefix,
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
    // A compose stack lives as long as the job; a kubernetes preview outlives it.
    cleanup: target === "connect" ? false : get("cleanup") ? bool("cleanup") : target === "compose",
    cacheImages: bool("cache-images"),
    frontend: {
      directories: frontendDirectories,
      url: frontendUrl,
      port: frontendPort,
      urlForPort: (port) => deriveFrontendUrl(env, port, wildcardDomain),
    },
    auth,
    target,
    kubernetes,
    seed,
    command,
    ...(adminKey ? { adminKey } : {}),
    ...(projectName ? { projectName } : {}),
  };
  problems.throwIfAny();
  return config;
}

type Getter = (name: InputName) => string | undefined;

/** target kubernetes's inputs; given with another target they are an error (they would do nothing). */
export function parseKubernetesInputs(
  raw: RawInputs,
  get: Getter,
  bool: (name: InputName) => boolean,
  problems: ProblemList,
  target: Target,
  instanceName: string,
  explicitUrls: boolean,
): KubernetesInput {
  const input: KubernetesInput = {
    namespace: get("namespace") ?? "convex-previews",
    ingressHost: get("ingress-host"),
    ingressClass: get("ingress-class"),
    tlsSecret: get("ingress-tls-secret"),
    volumeSize: get("volume-size") ?? "1Gi",
    renderOnly: bool("render-only"),
  };
  if (target !== "kubernetes") {
    for (const [name, given] of [
      ["ingress-host", input.ingressHost],
      ["ingress-class", input.ingressClass],
      ["ingress-tls-secret", input.tlsSecret],
      ["render-only", input.renderOnly ? "true" : undefined],
    ] as const) {
      if (given !== undefined) problems.add(name, `is for target: kubernetes only (target is ${target}).`);
    }
    return input;
  }
  if (!isDnsLabel(input.namespace))
    problems.add(
      "namespace",
      `"${input.namespace}" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.`,
    );
  if (instanceName.length > MAX_KUBE_INSTANCE_NAME)
    problems.add(
      "instance-name",
      `"${instanceName}" is longer than ${MAX_KUBE_INSTANCE_NAME} characters, too long for target kubernetes (its StatefulSet's pods carry a label of at most 63 characters built from it).`,
    );
  // Object names cannot hold _: a_b and a-b would be the same objects, so _ is refused here.
  if (instanceName.includes("_"))
    problems.add(
      "instance-name",
      `"${instanceName}" holds _, which Kubernetes object names and host names cannot: use - (e.g. ${instanceName.replaceAll("_", "-")}).`,
    );
  for (const [name, value] of [
    ["ingress-class", input.ingressClass],
    ["ingress-tls-secret", input.tlsSecret],
  ] as const) {
    if (value !== undefined && !isDnsSubdomain(value))
      problems.add(name, `"${value}" is not a Kubernetes object name (lowercase letters, digits, - and .).`);
  }
  if ((input.ingressClass || input.tlsSecret) && !input.ingressHost)
    problems.add(
      input.ingressClass ? "ingress-class" : "ingress-tls-secret",
      "needs ingress-host: without it no Ingress is made.",
    );
  if (input.ingressHost && explicitUrls)
    problems.add(
      "ingress-host",
      "and convex-url/site-url both say where the backend is public: give one of them.",
    );
  if (!isQuantity(input.volumeSize) || !/[1-9]/.test(input.volumeSize))
    problems.add("volume-size", `"${input.volumeSize}" is not a storage size such as 1Gi or 500Mi.`);
  // Inputs that would be silently ignored: an error instead.
  const ignored: Array<[InputName, string]> = [
    ["cache-images", "the cluster pulls the images itself"],
    ["project-name", "kubernetes objects are named after instance-name"],
  ];
  if (input.ingressHost)
    for (const name of ["dashboard-url", "url-style", "coder-wildcard-domain"] as const)
      ignored.push([name, "ingress-host gives the public URLs"]);
  for (const [name, why] of ignored) {
    const given = raw[name]?.trim();
    if (given && !(name === "cache-images" && parseBoolean(given) === false))
      problems.add(name, `does nothing with target kubernetes (${why}): remove it.`);
  }
  return input;
}

/** A module path component as the backend takes it: letters, digits, _ and ., one letter or digit at least. */
const MODULE_COMPONENT_RE = /^(?=[\w.]*[A-Za-z0-9])[\w.]{1,64}$/;
/** An export name or table name: a letter or _ first, then letters, digits and _ (at most 64). */
const IDENTIFIER_RE = /^(?=\w*[A-Za-z0-9])[A-Za-z_]\w{0,63}$/;
/** A user table: like an identifier, but never starting with _ (those are system tables). */
const TABLE_NAME_RE = /^[A-Za-z]\w{0,63}$/;
/** What `convex import` reads, picked by the extension: a snapshot ZIP, or one table. */
export const SEED_IMPORT_EXTENSIONS = [".zip", ".jsonl", ".json", ".csv"] as const;

/**
 * A function name as `convex run` takes it: `module`, `dir/module:export` (a file extension
 * and the functions folder's name are allowed: the CLI strips them), or `api.dir.module.export`
 * / `internal....`. Module path components and export names follow the backend's rules
 * (docs/backend-facts.md#convex-cli).
 */
export function isFunctionPath(text: string): boolean {
  if (/^(?:api|internal)\./.test(text)) {
    const parts = text.split(".").slice(1);
    return (
      parts.length >= 2 &&
      parts.slice(0, -1).every((p) => MODULE_COMPONENT_RE.test(p)) &&
      IDENTIFIER_RE.test(parts.at(-1)!)
    );
  }
  const colon = text.lastIndexOf(":");
  const module = colon === -1 ? text : text.slice(0, colon);
  const name = colon === -1 ? undefined : text.slice(colon + 1);
  if (name !== undefined && !IDENTIFIER_RE.test(name)) return false;
  return module.split("/").every((p) => MODULE_COMPONENT_RE.test(p));
}

/** The table a one-table seed file goes to: its name without the extension. */
export function seedImportTable(file: string): string | undefined {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const ext = SEED_IMPORT_EXTENSIONS.find((e) => name.endsWith(e));
  return ext && ext !== ".zip" ? name.slice(0, -ext.length) : undefined;
}

/** Whether a relative path climbs above its base (`a/../../b`), lexically. */
function climbsOut(path: string): boolean {
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "" && part !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

/** seed-function, seed-args, seed-import, seed-always. */
export function parseSeedInputs(
  get: (name: InputName) => string | undefined,
  bool: (name: InputName) => boolean,
  problems: ProblemList,
): SeedInput {
  const fn = get("seed-function");
  const argsText = get("seed-args");
  const file = get("seed-import");
  const always = bool("seed-always");
  if (fn !== undefined && !isFunctionPath(fn))
    problems.add(
      "seed-function",
      `"${fn}" is not a Convex function name: give it as convex run takes it, module:export relative to the functions folder (e.g. seed:init for the export init of convex/seed.ts, or admin/seed:run).`,
    );
  let args = "{}";
  if (argsText !== undefined) {
    if (fn === undefined)
      problems.add(
        "seed-args",
        "holds arguments for seed-function, which is not set: set seed-function or remove seed-args.",
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(argsText);
    } catch (error) {
      problems.add(
        "seed-args",
        `is not valid JSON (${(error as Error).message}): give a JSON object, e.g. {"users": 10}.`,
      );
    }
    if (parsed !== undefined) {
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        problems.add(
          "seed-args",
          `must be a JSON object (the function's named arguments), not ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`}: e.g. {"users": 10}.`,
        );
      else args = argsText;
    }
  }
  if (file !== undefined) {
    const base = get("working-directory") ?? ".";
    const ext = SEED_IMPORT_EXTENSIONS.find((e) => file.endsWith(e));
    const table = seedImportTable(file);
    if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith("\\"))
      problems.add(
        "seed-import",
        `"${file}" is an absolute path: give the file's path in the repository, relative to working-directory (e.g. seed/users.jsonl).`,
      );
    else if (climbsOut(base.startsWith("/") ? file : `${base}/${file}`))
      problems.add(
        "seed-import",
        `"${file}" climbs out of the repository with ..: the file must be inside it; give its path relative to working-directory.`,
      );
    else if (ext === undefined)
      problems.add(
        "seed-import",
        `"${file}" must end in .zip (a snapshot export: all its tables), or .jsonl, .json or .csv (one table, named after the file): convex import picks the format from the extension (lowercase). Rename the file.`,
      );
    else if (table !== undefined && !TABLE_NAME_RE.test(table))
      problems.add(
        "seed-import",
        `imports "${file}" into the table named after the file, and "${table}" is not a valid Convex table name (a letter first, then letters, digits or _, at most 64 characters): rename the file, e.g. to ${suggestTableName(table)}${ext}.`,
      );
  }
  if (always && fn === undefined && file === undefined)
    problems.add(
      "seed-always",
      "is true but there is nothing to seed: set seed-function or seed-import, or remove seed-always.",
    );
  return { function: fn, args, import: file, always };
}

function suggestTableName(name: string): string {
  const cleaned = name.replace(/\W+/g, "_").replace(/^_+/, "").slice(0, 64);
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `t_${cleaned}`.slice(0, 64);
}
