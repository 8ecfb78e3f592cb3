/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do:
 * the inputs are read by the INPUTS table (config/read-inputs.ts), values made of several inputs
 * are derived (config/derive.ts), then the rules between inputs run (config/rules.ts).
 */

import { type Derived, deriveValues } from "./config/derive.js";
import { readInputs } from "./config/read-inputs.js";
import { RULES } from "./config/rules.js";
import type { Config, RawInputs, TargetOptions } from "./config/types.js";
import { ProblemList } from "./errors.js";
import type { InputValues } from "./inputs.js";
import { parseMaxAge } from "./preview.js";
import { deriveFrontendUrl, type Env } from "./urls.js";

export { parseBoolean } from "./boolean.js";
export { isImageReference } from "./config/field-checks.js";
export { isFunctionPath, SEED_IMPORT_EXTENSIONS, seedImportTable } from "./config/seed.js";
export { splitArgs } from "./config/split-args.js";
export type {
  AuthInput,
  BackupInput,
  CommonConfig,
  Config,
  ConfigOf,
  KubernetesInput,
  MysqlTarget,
  PostgresTarget,
  RawInputs,
  SeedInput,
  Target,
  TargetOptions,
} from "./config/types.js";

/** Builds the configuration or throws a ConfigError listing every problem. */
export function parseConfig(raw: RawInputs, env: Env = {}): Config {
  const problems = new ProblemList();
  const read = readInputs(raw, problems);
  const derived = deriveValues(read.values, env, problems);
  for (const rule of RULES)
    for (const p of rule({ ...read, postgres: derived.postgres, mysql: derived.mysql }))
      problems.add(p.field, p.message);
  problems.throwIfAny();
  return buildConfig(read.values, derived, env);
}

/** The options of the target chosen (the rules refused those of another target). */
function targetOptions(v: InputValues): TargetOptions {
  switch (v.target) {
    case "compose":
      return { target: "compose" };
    case "connect":
      return { target: "connect", ...(v["admin-key"] ? { adminKey: v["admin-key"] } : {}) };
    case "kubernetes":
      return {
        target: "kubernetes",
        kubernetes: {
          namespace: v.namespace,
          ingressHost: v["ingress-host"],
          ingressClass: v["ingress-class"],
          tlsSecret: v["ingress-tls-secret"],
          volumeSize: v["volume-size"],
          renderOnly: v["render-only"],
          networkPolicy: v["network-policy"],
        },
      };
  }
}

/**
 * github-token as given; the action's default expression reaches the CLI unexpanded (its flags
 * share the action's defaults): then, or when blank, the environment's GITHUB_TOKEN or GH_TOKEN.
 */
function githubToken(given: string | undefined, env: Env): string | undefined {
  const token = given && !given.startsWith("${{") ? given.trim() : "";
  return token || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/** The configuration from inputs that are all valid. */
function buildConfig(v: InputValues, d: Derived, env: Env): Config {
  const target = v.target;
  const instanceSecret = v["instance-secret"];
  return {
    workingDirectory: v["working-directory"],
    publicUrls: d.publicUrls!,
    postgres: {
      url: d.postgres?.url,
      sslmode: v["postgres-sslmode"],
      preflight: v["postgres-preflight"],
      createDatabase: v["create-database"],
      dropDatabase: v["drop-database"],
      previewPrefix: v["preview-prefix"],
    },
    mysql: { url: d.mysql?.url, sslMode: v["mysql-ssl-mode"] },
    instanceName: v["instance-name"],
    ...(instanceSecret ? { instanceSecret: instanceSecret.toLowerCase() } : {}),
    ...(v["better-auth-secret"] ? { betterAuthSecret: v["better-auth-secret"] } : {}),
    ...(d.jwtKeyPair ? { jwtKeyPair: d.jwtKeyPair } : {}),
    images: {
      ...(v["backend-image"] ? { backend: v["backend-image"] } : {}),
      ...(v["dashboard-image"] ? { dashboard: v["dashboard-image"] } : {}),
    },
    dashboard: v.dashboard,
    metricsEndpoint: v["metrics-endpoint"],
    ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
    envVars: d.envVars,
    deploy: v.deploy,
    verify: v.verify,
    deployArgs: d.deployArgs,
    waitTimeoutMs: v["wait-timeout"] * 1000,
    exportEnv: v["export-env"],
    // A compose stack lives as long as the job; a kubernetes preview outlives it.
    cleanup: target === "connect" ? false : (v.cleanup ?? target === "compose"),
    cacheImages: v["cache-images"],
    comment: v.comment,
    frontend: {
      directories: (v["frontend-directories"] ?? "")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith("#")),
      url: d.frontendUrl,
      port: v["frontend-port"],
      urlForPort: (port) => deriveFrontendUrl(env, port, v["coder-wildcard-domain"]),
    },
    auth: v.auth,
    ...targetOptions(v),
    seed: {
      function: v["seed-function"],
      args: v["seed-args"] ?? "{}",
      import: v["seed-import"],
      artifact: v["seed-artifact"]
        ? {
            name: v["seed-artifact"],
            runId: v["seed-artifact-run-id"] ? Number(v["seed-artifact-run-id"]) : undefined,
          }
        : undefined,
      scrub: v["seed-scrub"],
      always: v["seed-always"],
    },
    command: v.command,
    backend: { env: d.backendEnv },
    ...(d.storage ? { storage: d.storage } : {}),
    backup: {
      file: v["backup-file"],
      includeFileStorage: v["include-file-storage"],
      includeEnvValues: v["include-env-values"],
      confirmRestore: v["confirm-restore"],
    },
    upgrade: { release: v.release, dryRun: v["dry-run"] },
    prune: {
      maxAgeMs: v["max-age"] ? (parseMaxAge(v["max-age"]) as { ms: number }).ms : undefined,
      dryRun: v["dry-run"],
    },
    githubToken: githubToken(v["github-token"], env),
    ...(v["project-name"] ? { projectName: v["project-name"] } : {}),
  };
}
