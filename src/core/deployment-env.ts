/** Deployment environment variables: parsing the `env-vars` input and the backend's limits (FACTS.md §1). */
import { SetupError } from "./errors.js";

export const MAX_NAME_LENGTH = 40;
export const MAX_VALUE_BYTES = 8 * 1024;
export const MAX_VARIABLES = 512;
const NAME_RE = /^[a-zA-Z_]+[a-zA-Z0-9_]*$/;
/** Names the backend refuses (EnvVarNameForbidden): it sets them itself. */
export const BUILTIN_NAMES = new Set(["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"]);
/** Names setup-coder-convex sets itself for @convex-dev/auth. */
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

/**
 * Checks names and sizes the way the backend will, so one bad variable does not fail the whole
 * transaction after the backend is up. Returns the problems (empty = fine); never echoes values.
 */
export function findDeploymentEnvProblems(
  changes: readonly EnvChange[],
  origin: (name: string) => string,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { name, value } of changes) {
    const where = origin(name);
    if (!NAME_RE.test(name))
      problems.push(
        `${where}: "${name}" is not a valid name (letters, digits, _; not starting with a digit).`,
      );
    else if (name.length > MAX_NAME_LENGTH)
      problems.push(`${where}: "${name}" is longer than ${MAX_NAME_LENGTH} characters.`);
    if (BUILTIN_NAMES.has(name))
      problems.push(`${where}: ${name} is set by the backend itself and cannot be a deployment variable.`);
    if (value !== null && Buffer.byteLength(value, "utf8") > MAX_VALUE_BYTES) {
      problems.push(
        `${where}: the value of ${name} is ${Buffer.byteLength(value, "utf8")} bytes; the backend allows ${MAX_VALUE_BYTES}.`,
      );
    }
    const previous = seen.get(name);
    if (previous !== undefined) problems.push(`${where}: ${name} is also set by ${previous}.`);
    seen.set(name, where);
  }
  if (changes.length > MAX_VARIABLES) {
    problems.push(
      `${changes.length} deployment variables; the backend accepts at most ${MAX_VARIABLES} in one deployment.`,
    );
  }
  return problems;
}
