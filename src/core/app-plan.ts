/**
 * What the app needs from the backend, decided from what the app is (core/app.ts) and the
 * configuration: which keys, which frontend variables, SITE_URL, and which of the variables the
 * app reads are given nowhere. Pure.
 */
import type { AppFacts, AuthProvider, EnvRead, Framework } from "./app.js";
import { BETTER_AUTH_SECRET_NAMES } from "./better-auth.js";
import type { FrontendNames, FrontendVariable } from "./client-env.js";
import type { AuthInput } from "./config.js";
import { BUILTIN_NAMES } from "./deployment-env.js";

/** Whether the app gets @convex-dev/auth's JWT key, JWKS and variables. */
export function usesConvexAuth(input: AuthInput, facts: Pick<AppFacts, "auth">): boolean {
  if (input === "convex-auth") return true;
  if (input === "auto") return facts.auth === "convex-auth";
  return false;
}

/** Whether the app gets Better Auth's BETTER_AUTH_SECRET and SITE_URL. */
export function usesBetterAuth(input: AuthInput, facts: Pick<AppFacts, "auth">): boolean {
  if (input === "better-auth") return true;
  if (input === "auto") return facts.auth === "better-auth";
  return false;
}

/** A frontend folder and the variables its .env.local gets. */
export interface FrontendTarget extends FrontendNames {
  /** Absolute folder. */
  dir: string;
  framework: Framework;
}

/**
 * The variables a frontend gets beyond its framework's two, from what its own code reads
 * (core/app/frontend-env.ts): a name ending in CONVEX_SITE_URL gets the site proxy's URL, one
 * ending in CONVEX_URL the API's; `<prefix>SITE_URL` with the framework's public prefix
 * (`VITE_SITE_URL`, `NEXT_PUBLIC_SITE_URL`; plain `SITE_URL` without one) is the frontend's own
 * URL, written only when that is known.
 */
export function frontendExtras(
  framework: Framework,
  reads: readonly EnvRead[],
  frontendUrlKnown: boolean,
): FrontendVariable[] {
  const out: FrontendVariable[] = [];
  for (const { name, files } of reads) {
    if (name === framework.urlVar || name === framework.siteUrlVar) continue;
    if (name.endsWith("CONVEX_SITE_URL")) out.push({ name, holds: "site", files });
    else if (name.endsWith("CONVEX_URL")) out.push({ name, holds: "api", files });
    else if (name === `${framework.publicPrefix}SITE_URL` && frontendUrlKnown)
      out.push({ name, holds: "frontend-url", files });
  }
  return out;
}

/** Whether SITE_URL is set on the deployment, why, and the functions' files that read it. */
export interface SiteUrlNeed {
  deployment: boolean;
  /** Why (for the log), when `deployment`. */
  why: string | undefined;
  readers: string[];
}

/** SITE_URL is set for @convex-dev/auth and Better Auth, and for any app whose functions read it. */
export function siteUrlNeed(
  facts: Pick<AppFacts, "envVarsRead">,
  auth: { convexAuth: boolean; betterAuth: boolean },
): SiteUrlNeed {
  const readers = facts.envVarsRead.find((r) => r.name === "SITE_URL")?.files ?? [];
  const why = auth.convexAuth
    ? "@convex-dev/auth's OAuth and magic-link redirects"
    : auth.betterAuth
      ? "Better Auth's trusted origin"
      : readers.length > 0
        ? `read by ${readers.join(", ")}`
        : undefined;
  return { deployment: why !== undefined, why, readers: [...readers] };
}

/**
 * The frontend's URL (SITE_URL): the frontend-url input; else the dev server of the first
 * frontend (frontend-port, else the framework's dev port) as the browser reaches it; none for a
 * framework without a dev port (Expo, none) unless given.
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
 * problems (the backend refuses such a push, but only after everything started), and so are
 * Better Auth's secret and a SITE_URL its functions read; provider secrets not given are one
 * warning, with each OAuth provider's callback URL; other variables read under the functions
 * folder (SITE_URL naming frontend-url) are notices.
 */
export function checkAppVariables(
  facts: Pick<AppFacts, "authConfigEnv" | "authConfigFile" | "providers" | "envVarsRead" | "functionsDir">,
  given: ReadonlySet<string>,
  siteUrl: string,
  auth: boolean | { convexAuth: boolean; betterAuth?: boolean },
): AppCheck {
  const { convexAuth, betterAuth = false } = typeof auth === "boolean" ? { convexAuth: auth } : auth;
  const has = (name: string) => given.has(name) || BUILTIN_NAMES.has(name);
  const problems: string[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  if (betterAuth && !BETTER_AUTH_SECRET_NAMES.some(has)) {
    problems.push(
      "Better Auth needs BETTER_AUTH_SECRET, which is set nowhere: give better-auth-secret (or leave it out to have one generated and kept).",
    );
  }
  const siteReaders = facts.envVarsRead.find((r) => r.name === "SITE_URL")?.files ?? [];
  if (siteReaders.length > 0 && !has("SITE_URL")) {
    const what = `${siteReaders.join(", ")} ${siteReaders.length === 1 ? "reads" : "read"} SITE_URL, the frontend's URL`;
    const fix =
      "give frontend-url (there is no default for this frontend: Expo, or no framework), or SITE_URL in env-vars";
    if (betterAuth)
      problems.push(
        `${what} (Better Auth's trusted origin), which is set nowhere: ${fix}. Sign-in fails without it.`,
      );
    else notices.push(`${what}, which is not set on this deployment: ${fix}, unless it is optional.`);
  }
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
  const others = facts.envVarsRead
    .map((r) => r.name)
    .filter((name) => name !== "SITE_URL" && !known.has(name) && !has(name));
  if (others.length > 0) {
    notices.push(
      `The functions in ${facts.functionsDir}/ read ${others.join(", ")}, not set on this deployment (fine if they are optional).`,
    );
  }
  return { problems, warnings, notices };
}
