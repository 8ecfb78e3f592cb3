/**
 * What the app needs from the backend, decided from what the app is (core/app.ts) and the
 * configuration: which keys, which frontend variables, SITE_URL, and which of the variables the
 * app reads are given nowhere. Pure.
 */
import type { AppFacts, AuthProvider, Framework } from "./app.js";
import type { AuthInput } from "./config.js";
import { BUILTIN_NAMES } from "./deployment-env.js";

/** Whether the app gets @convex-dev/auth's JWT key, JWKS and variables. */
export function usesConvexAuth(input: AuthInput, facts: Pick<AppFacts, "auth">): boolean {
  if (input === "convex-auth") return true;
  if (input === "none") return false;
  return facts.auth === "convex-auth";
}

/** A frontend folder and the variables its .env.local gets. */
export interface FrontendTarget {
  /** Absolute folder. */
  dir: string;
  framework: Framework;
}

/**
 * SITE_URL for @convex-dev/auth: the frontend-url input; else the dev server of the first
 * frontend (frontend-port, else the framework's dev port) as the browser reaches it; none for a
 * framework without a dev port (Expo) unless given.
 */
export function deriveSiteUrl(options: {
  frontendUrl: string | undefined;
  frontendPort: number | undefined;
  framework: Framework | undefined;
  urlForPort: (port: number) => string;
}): string | undefined {
  if (options.frontendUrl) return options.frontendUrl;
  const port = options.frontendPort ?? options.framework?.devPort;
  return port === undefined ? undefined : options.urlForPort(port);
}

export interface AppCheck {
  /** Stop the run before anything starts. */
  problems: string[];
  /** One warning each. */
  warnings: string[];
  notices: string[];
}

/**
 * Compares what the app reads with what is given: auth.config variables given nowhere are
 * problems (the backend refuses such a push, but only after everything started); provider
 * secrets not given are one warning, with each OAuth provider's callback URL; other variables
 * read under the functions folder are one notice.
 */
export function checkAppVariables(
  facts: Pick<AppFacts, "authConfigEnv" | "authConfigFile" | "providers" | "envVarsRead" | "functionsDir">,
  given: ReadonlySet<string>,
  siteUrl: string,
  convexAuth: boolean,
): AppCheck {
  const has = (name: string) => given.has(name) || BUILTIN_NAMES.has(name);
  const problems: string[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  const missingConfig = facts.authConfigEnv.filter((name) => !has(name));
  if (missingConfig.length > 0) {
    problems.push(
      `${facts.authConfigFile ?? "convex/auth.config.ts"} reads ${missingConfig.join(", ")}, which ${missingConfig.length === 1 ? "is" : "are"} set nowhere (env-vars, the user section of .env.convex.deployment). The backend refuses to deploy an auth config whose variables are missing: set ${missingConfig.length === 1 ? "it" : "them"} in env-vars.`,
    );
  }
  if (convexAuth) {
    const unset = (p: AuthProvider) => p.envVars.filter((name) => !has(name));
    const lacking = facts.providers.filter((p) => p.used && unset(p).length > 0);
    if (lacking.length > 0) {
      const parts = lacking.map((p) => {
        const callback = p.callbackPath ? ` (register the callback URL ${siteUrl}${p.callbackPath})` : "";
        return `${p.name}: ${unset(p).join(", ")}${callback}`;
      });
      warnings.push(
        `Sign-in providers in convex/auth.ts have no secrets set, so they fail at sign-in: ${parts.join("; ")}. Give them in env-vars (from your secret store).`,
      );
    }
  }
  const known = new Set([
    ...facts.authConfigEnv,
    ...facts.providers.flatMap((p) => [...p.envVars, ...p.optionalEnvVars]),
  ]);
  const others = facts.envVarsRead.map((r) => r.name).filter((name) => !known.has(name) && !has(name));
  if (others.length > 0) {
    notices.push(
      `The functions in ${facts.functionsDir}/ read ${others.join(", ")}, not set on this deployment (fine if they are optional).`,
    );
  }
  return { problems, warnings, notices };
}
