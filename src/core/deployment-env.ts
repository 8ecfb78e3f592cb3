/** Deployment environment variables: parsing the `env-vars` input and the backend's limits (docs/backend-facts.md#admin-api). */
import { SetupError } from "./errors.js";

/** 256 since the backend of 2026-05 (the pinned release); 40 before. */
export const MAX_NAME_LENGTH = 256;
export const MAX_VALUE_BYTES = 8 * 1024;
export const MAX_VARIABLES = 512;
const NAME_RE = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;
/** Names the backend refuses (EnvVarNameForbidden): it sets them itself. */
export const BUILTIN_NAMES = new Set(["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"]);
/** Names setup-coder-convex sets itself for @convex-dev/auth (refused in env-vars). */
export const MANAGED_DEPLOYMENT_NAMES = [
  "JWT_PRIVATE_KEY",
  "JWKS",
  "JWT_ISSUER",
  "CONVEX_SITE_ORIGIN",
] as const;

export interface EnvChange {
  name: string;
  value: string | null;
}

/** Parses KEY=VALUE lines (blank lines and # comments skipped). */
export function parseEnvVarsInput(text: string, field = "env-vars"): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) {
      throw new SetupError(
        `${field}: line ${index + 1} is not KEY=VALUE.`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression shown to the user
        "Write one variable per line, e.g. OPENAI_API_KEY=${{ secrets.OPENAI_API_KEY }}.",
      );
    }
    out.push([trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1)]);
  });
  return out;
}

/** A change with where it came from (an input, a file, or this tool), for messages. */
export interface SourcedChange extends EnvChange {
  source: string;
}

/**
 * Checks names and sizes the way the backend will, so one bad variable does not fail the whole
 * transaction after the backend is up. Returns the problems (empty = fine); never echoes values.
 */
export function findDeploymentEnvProblems(changes: readonly SourcedChange[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { name, value, source } of changes) {
    if (!NAME_RE.test(name))
      problems.push(
        `${source}: "${name}" is not a valid name (letters, digits, _; not starting with a digit).`,
      );
    else if (name.length > MAX_NAME_LENGTH)
      problems.push(`${source}: "${name}" is longer than ${MAX_NAME_LENGTH} characters.`);
    if (BUILTIN_NAMES.has(name))
      problems.push(`${source}: ${name} is set by the backend itself and cannot be a deployment variable.`);
    if (value !== null && Buffer.byteLength(value, "utf8") > MAX_VALUE_BYTES) {
      problems.push(
        `${source}: the value of ${name} is ${Buffer.byteLength(value, "utf8")} bytes; the backend allows ${MAX_VALUE_BYTES}.`,
      );
    }
    const previous = seen.get(name);
    if (previous !== undefined)
      problems.push(`${source}: ${name} is already set by ${previous}; set it in one place only.`);
    seen.set(name, source);
  }
  if (changes.length > MAX_VARIABLES) {
    problems.push(
      `${changes.length} deployment variables; the backend accepts at most ${MAX_VARIABLES} in one deployment.`,
    );
  }
  return problems;
}

export interface DeploymentEnvInput {
  /** @convex-dev/auth's keys; absent for an app without it (no key variables are set). */
  auth?: {
    /** JWT_PRIVATE_KEY as stored (the PEM's lines joined by spaces). */
    privateKeyValue: string;
    jwks: string;
    /** SITE_URL (OAuth and magic-link redirects), unless the user sets it (same as `frontendUrl`). */
    frontendUrl?: string | undefined;
  };
  /** Better Auth's BETTER_AUTH_SECRET; absent: not set by this tool (no Better Auth, or the user's own). */
  betterAuthSecret?: string | undefined;
  /**
   * SITE_URL, the frontend's URL (frontend-url or its default), unless the user sets it: for
   * @convex-dev/auth, Better Auth, and any app whose functions read SITE_URL.
   */
  frontendUrl?: string | undefined;
  /** The site proxy URL: JWT_ISSUER and CONVEX_SITE_ORIGIN. */
  siteUrl: string;
  /** The env-vars input. */
  envVars: ReadonlyArray<readonly [string, string]>;
  /** The user section of the deployment env file, and that file's name. */
  userVars: ReadonlyArray<readonly [string, string]>;
  userSource: string;
}

/** The variables written to the deployment env file's managed part (JWT_PRIVATE_KEY has its own file). */
export function managedDeploymentFileEntries(input: {
  siteUrl: string;
  jwks: string | undefined;
}): Array<[string, string | undefined]> {
  // Without @convex-dev/auth the keys' lines are left out (undefined: removed when present).
  return [
    ["CONVEX_SITE_ORIGIN", input.jwks === undefined ? undefined : input.siteUrl],
    ["JWT_ISSUER", input.jwks === undefined ? undefined : input.siteUrl],
    ["JWKS", input.jwks],
  ];
}

/**
 * Every deployment variable, in one list for one transaction: the auth variables first, then the
 * env-vars input, then the user section. Empty values are skipped (reported), not sent.
 */
export function buildDeploymentChanges(input: DeploymentEnvInput): {
  changes: SourcedChange[];
  skipped: string[];
  problems: string[];
} {
  const own = "setup-coder-convex";
  const changes: SourcedChange[] = [];
  if (input.auth) {
    changes.push({ name: "JWT_PRIVATE_KEY", value: input.auth.privateKeyValue, source: own });
    for (const [name, value] of managedDeploymentFileEntries({
      siteUrl: input.siteUrl,
      jwks: input.auth.jwks,
    }))
      if (value !== undefined) changes.push({ name, value, source: own });
  }
  if (input.betterAuthSecret)
    changes.push({ name: "BETTER_AUTH_SECRET", value: input.betterAuthSecret, source: own });
  const userSets = (name: string) => [...input.envVars, ...input.userVars].some(([n]) => n === name);
  const frontendUrl = input.frontendUrl ?? input.auth?.frontendUrl;
  if (frontendUrl && !userSets("SITE_URL"))
    changes.push({ name: "SITE_URL", value: frontendUrl, source: `${own} (frontend-url)` });
  const skipped: string[] = [];
  for (const [list, source] of [
    [input.envVars, "env-vars"],
    [input.userVars, input.userSource],
  ] as const) {
    for (const [name, value] of list) {
      if (value === "") skipped.push(name);
      else changes.push({ name, value, source });
    }
  }
  return { changes, skipped, problems: findDeploymentEnvProblems(changes) };
}

/** Names that hold secrets by convention (masked as soon as they are read). */
export function isSecretName(name: string): boolean {
  // The name's last part: STRIPE_SECRET, RESEND_API_KEY, DB_PASSWORD; not MAX_TOKENS or PRIVATE_BETA.
  return /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|SECRET_KEY|CREDENTIALS?|DSN|KEY)$/i.test(
    name,
  );
}

/**
 * Whether a value of such a name is worth masking: a short value, a boolean or a number would
 * hide every occurrence of "1" or "true" in the job's log (and drop job outputs holding it).
 */
export function isMaskableValue(value: string): boolean {
  return value.length >= 8 && !/^(true|false|yes|no|on|off|-?\d+(\.\d+)?)$/i.test(value);
}
