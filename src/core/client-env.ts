/**
 * The variables clients of the backend get: written to the apps' .env.local, exported to later
 * steps by the action, printed by the CLI's `env`. One definition for all three.
 */
import type { Framework } from "./app.js";
import type { ExportedName } from "./inputs.js";

/** Where the backend is reached, from the browser and from this host. */
export interface Endpoints {
  /** Public URL of the API (what a browser or a frontend build uses). */
  apiUrl: string;
  /** Public URL of the site proxy (HTTP actions, auth issuer). */
  siteUrl: string;
  dashboardUrl: string;
  /**
   * The API as this host reaches it: what the convex CLI and the admin API use.
   *
   * Decision: CONVEX_SELF_HOSTED_URL is this URL everywhere (.env.local, the action's exported
   * env, the CLI's `env`). The convex CLI runs on the host that publishes the backend's port
   * (a later CI step, a terminal in the workspace); the loopback URL needs no Coder port sharing,
   * no login redirect and no TLS proxy, while the public URL may need all three.
   */
  hostApiUrl: string;
}

/** The API as this host reaches it when the backend's port is published on loopback. */
export function deriveHostApiUrl(apiPort: number): string {
  return `http://127.0.0.1:${apiPort}`;
}

/** Names whose values are secrets: never printed by `env`, masked by the action. */
export const SECRET_CLIENT_ENV: ReadonlySet<string> = new Set(["CONVEX_SELF_HOSTED_ADMIN_KEY"]);

/** The convex CLI's target and its admin key (the working directory's .env.local). */
export function deriveCliEnv(endpoints: Endpoints, adminKey: string): Array<[string, string]> {
  return [
    ["CONVEX_SELF_HOSTED_URL", endpoints.hostApiUrl],
    ["CONVEX_SELF_HOSTED_ADMIN_KEY", adminKey],
  ];
}

/** A variable a frontend's own code reads, what it gets, and the files that read it. */
export interface FrontendVariable {
  name: string;
  /** The API URL, the site proxy URL, or the frontend's own URL (SITE_URL's value). */
  holds: "api" | "site" | "frontend-url";
  files: readonly string[];
}

/** A frontend's names: its framework's (the convex CLI's table) and those its own code reads. */
export interface FrontendNames {
  framework: Framework;
  /** Names beyond the framework's two, read by the frontend's code (core/app-plan.ts). */
  extra?: readonly FrontendVariable[];
  /** The value of an extra variable holding the frontend's URL. */
  frontendUrl?: string | undefined;
}

/**
 * A frontend's variables: under its framework's names (the convex CLI's own table),
 * `<prefix>CONVEX_URL` is the API and `<prefix>CONVEX_SITE_URL` the site proxy; then the names its
 * own code reads (`CONVEX_URL` in a Remix loader on Vite, `VITE_SITE_URL` for the frontend's own
 * URL). Nothing of other frameworks (no VITE_ in a Next.js app).
 */
export function deriveFrontendEnv(
  frontend: Framework | FrontendNames,
  endpoints: Endpoints,
): Array<[string, string]> {
  const names: FrontendNames = "framework" in frontend ? frontend : { framework: frontend };
  const out: Array<[string, string]> = [
    [names.framework.urlVar, endpoints.apiUrl],
    [names.framework.siteUrlVar, endpoints.siteUrl],
  ];
  for (const v of names.extra ?? []) {
    const value =
      v.holds === "api" ? endpoints.apiUrl : v.holds === "site" ? endpoints.siteUrl : names.frontendUrl;
    if (value !== undefined && !out.some(([n]) => n === v.name)) out.push([v.name, value]);
  }
  return out;
}

/**
 * What the action exports to later steps (export-env) and the CLI's `env` prints (minus
 * secrets): the fixed names, then each frontend's names (its framework's, and those its code reads).
 */
export function deriveExportedEnv(
  endpoints: Endpoints,
  adminKey: string,
  frameworks: ReadonlyArray<Framework | FrontendNames> = [],
): Record<string, string> {
  const fixed = {
    CONVEX_SELF_HOSTED_URL: endpoints.hostApiUrl,
    CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
    CONVEX_CLOUD_ORIGIN: endpoints.apiUrl,
    CONVEX_SITE_ORIGIN: endpoints.siteUrl,
  } satisfies Record<ExportedName, string>;
  return { ...fixed, ...Object.fromEntries(frameworks.flatMap((f) => deriveFrontendEnv(f, endpoints))) };
}
