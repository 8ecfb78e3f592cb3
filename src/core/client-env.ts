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

/**
 * A frontend's variables under its framework's names (the convex CLI's own table):
 * `<prefix>CONVEX_URL` is the API, `<prefix>CONVEX_SITE_URL` the site proxy. Nothing of other
 * frameworks (no VITE_ in a Next.js app).
 */
export function deriveFrontendEnv(framework: Framework, endpoints: Endpoints): Array<[string, string]> {
  return [
    [framework.urlVar, endpoints.apiUrl],
    [framework.siteUrlVar, endpoints.siteUrl],
  ];
}

/**
 * What the action exports to later steps (export-env) and the CLI's `env` prints (minus
 * secrets): the fixed names, then each frontend framework's names.
 */
export function deriveExportedEnv(
  endpoints: Endpoints,
  adminKey: string,
  frameworks: readonly Framework[] = [],
): Record<string, string> {
  const fixed = {
    CONVEX_SELF_HOSTED_URL: endpoints.hostApiUrl,
    CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
    CONVEX_CLOUD_ORIGIN: endpoints.apiUrl,
    CONVEX_SITE_ORIGIN: endpoints.siteUrl,
  } satisfies Record<ExportedName, string>;
  return { ...fixed, ...Object.fromEntries(frameworks.flatMap((f) => deriveFrontendEnv(f, endpoints))) };
}
