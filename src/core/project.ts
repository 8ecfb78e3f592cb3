/** Facts about the user's project: package manager, the convex CLI's environment. */
import type { Config } from "./config/types.js";
import { S3_CREDENTIAL_ENV } from "./s3-storage.js";

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** Lockfiles in the order they are looked for. */
export const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lockb", "bun"],
  ["bun.lock", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/** The package manager from the lockfiles present (npm when none), or from packageManager in package.json. */
export function detectPackageManager(
  present: ReadonlySet<string>,
  packageManagerField?: string,
): PackageManager {
  const declared = /^(npm|pnpm|yarn|bun)@/.exec(packageManagerField ?? "")?.[1] as PackageManager | undefined;
  if (declared) return declared;
  return LOCKFILES.find(([file]) => present.has(file))?.[1] ?? "npm";
}

export function installCommand(pm: PackageManager, pkg: string): string {
  switch (pm) {
    case "npm":
      return `npm install ${pkg}`;
    case "pnpm":
      return `pnpm add ${pkg}`;
    case "yarn":
      return `yarn add ${pkg}`;
    case "bun":
      return `bun add ${pkg}`;
  }
}

/** Installs the workspace's dependencies as its lockfile says. */
export function installAllCommand(pm: PackageManager): string {
  switch (pm) {
    case "npm":
      return "npm ci";
    case "pnpm":
      return "pnpm install --frozen-lockfile";
    case "yarn":
      return "yarn install --frozen-lockfile";
    case "bun":
      return "bun install --frozen-lockfile";
  }
}

/** Upgrades one package to at least a version. */
export function upgradeCommand(pm: PackageManager, pkg: string, version: string): string {
  return installCommand(pm, `${pkg}@^${version}`);
}

/** Pins one package to exactly a version (package.json then names that version, not a range). */
export function pinCommand(pm: PackageManager, pkg: string, version: string): string {
  // npm and pnpm spell the flag --save-exact; yarn and bun --exact.
  const exact = pm === "npm" || pm === "pnpm" ? "--save-exact" : "--exact";
  return installCommand(pm, `${exact} ${pkg}@${version}`);
}

/** How to run the project's own convex binary when node_modules/.bin is absent (Yarn PnP). */
export function execCommand(pm: PackageManager): [string, string[]] {
  switch (pm) {
    case "pnpm":
      return ["pnpm", ["exec", "convex"]];
    case "yarn":
      return ["yarn", ["convex"]];
    case "bun":
      return ["bun", ["x", "convex"]];
    default:
      return ["npm", ["exec", "--no", "--", "convex"]];
  }
}

/** Variables that silently beat CONVEX_SELF_HOSTED_* (or crash the CLI next to them): blanked. */
export const CONFLICTING_CLI_VARS = [
  "CONVEX_DEPLOY_KEY",
  "CONVEX_DEPLOYMENT_TOKEN",
  "CONVEX_DEPLOYMENT",
] as const;

/**
 * The variables of the environment this configuration took a credential from for the backend: a
 * database URL read from DATABASE_URL & co. (no postgres-url or mysql-url given), S3 keys read
 * from AWS_* (S3 storage without key inputs). Repository code (the project's convex CLI and the
 * build it runs) never gets them: they are the backend's. The same names when this tool did not
 * read them (postgres-url: none beside a Prisma DATABASE_URL, AWS keys without S3 storage) are the
 * project's own, and pass, as they would to a `run:` step of the job.
 */
export function credentialSources(config: Pick<Config, "postgres" | "mysql" | "storage">): string[] {
  const fromEnv = (source: string | undefined) =>
    source && source !== "postgres-url" && source !== "mysql-url" ? [source] : [];
  return [
    ...fromEnv(config.postgres.url?.source),
    ...fromEnv(config.mysql.url?.source),
    ...(config.storage?.credentials.source === "environment" ? Object.values(S3_CREDENTIAL_ENV) : []),
  ];
}

/** `env` without the variables this configuration took a credential from (credentialSources). */
export function withoutCredentials(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<Config, "postgres" | "mysql" | "storage">,
): Record<string, string | undefined> {
  const withheld = new Set(credentialSources(config));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !withheld.has(name)));
}

/**
 * The convex CLI's environment: target the self-hosted backend, and set the conflicting
 * variables to empty so that neither the parent's env nor .env.local can supply them.
 */
export function deriveConvexCliEnv(
  base: Readonly<Record<string, string | undefined>>,
  url: string,
  adminKey: string,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...base,
    CONVEX_SELF_HOSTED_URL: url,
    CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
  };
  for (const name of CONFLICTING_CLI_VARS) env[name] = "";
  // The project's CLI is repository code: it gets no way to the cluster named in the environment
  // (target kubernetes; a kubeconfig file on disk stays readable to it). The credentials this tool
  // read from the environment for the backend are taken out before (withoutCredentials).
  delete env.KUBECONFIG;
  return env;
}
