/**
 * Verifying the result from this host (and through the public URLs): the API answers, the admin
 * key is accepted, the deployment's variables are the ones set, and for @convex-dev/auth apps
 * the site proxy serves the OpenID configuration with the site URL as issuer and the deployment's
 * JWKS. A green `up` must mean sign-in works. Used as setup's last phase and by `verify`.
 */
import { type ConvexAdmin, type FetchLike, readAnswer } from "../adapters/convex-admin.js";
import { describeSharing } from "../core/coder-sharing.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import type { SetupResult } from "./types.js";

export interface VerifyInput {
  /** The API and the site proxy as this host reaches them. */
  hostApiUrl: string;
  hostSiteUrl: string;
  /** The public URLs (what the browser and the backend itself use). */
  apiUrl: string;
  siteUrl: string;
  adminKey: string;
  /** Names that must be among the deployment's variables. */
  expectedVariables: readonly string[];
  /** @convex-dev/auth app whose functions were deployed: check the auth discovery routes. */
  authDiscovery: boolean;
  /** Also check the public URLs (Coder: shared publicly, no login redirect). */
  publicUrls: boolean;
}

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

async function getJson(
  fetchImpl: FetchLike,
  url: string,
): Promise<{ status: number; body: unknown; location?: string }> {
  const response = await fetchImpl(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  // Discovery documents and JWKS are a few KiB: nothing larger is read.
  const text = await readAnswer(response, `${url} answered`, 1024 * 1024);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const location = response.headers.get("location") ?? undefined;
  return { status: response.status, body, ...(location ? { location } : {}) };
}

/** The RSA keys of a JWKS as comparable strings (n and e: other fields may be added). */
function keyIds(jwks: unknown): string[] {
  const keys = (jwks as { keys?: Array<{ n?: string; e?: string }> })?.keys ?? [];
  return keys.map((k) => `${k.n}.${k.e}`).sort();
}

export async function verifyDeployment(
  deps: { admin: (baseUrl: string) => ConvexAdmin; fetch: FetchLike },
  input: VerifyInput,
): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = [];
  const admin = deps.admin(input.hostApiUrl);
  const up = await admin.isUp(5000);
  checks.push({
    name: "api",
    ok: up,
    detail: `GET ${input.hostApiUrl}/version ${up ? "answers" : "does not answer"}`,
    ...(up ? {} : { fix: "Check the containers: `setup-coder-convex status` and `logs`." }),
  });
  if (!up) return checks;
  const keyOk = await admin.checkAdminKey(input.adminKey);
  checks.push({
    name: "admin-key",
    ok: keyOk,
    detail: `the admin key is ${keyOk ? "accepted" : "refused"}`,
    ...(keyOk
      ? {}
      : { fix: "Another backend answers on that port, or it runs with another INSTANCE_SECRET." }),
  });
  let deploymentJwks: string | undefined;
  if (keyOk) {
    const vars = await admin.listEnvironmentVariables(input.adminKey);
    deploymentJwks = vars.JWKS;
    const missing = input.expectedVariables.filter((n) => !(n in vars));
    checks.push({
      name: "variables",
      ok: missing.length === 0,
      detail:
        missing.length === 0
          ? `the deployment has the ${input.expectedVariables.length} variables set`
          : `the deployment lacks ${missing.join(", ")}`,
      ...(missing.length
        ? { fix: "Rerun; if it persists, the admin API refused them (see the log above)." }
        : {}),
    });
  }
  if (input.authDiscovery) {
    const config = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/openid-configuration`).catch(
      (e: Error) => ({ status: 0, body: e.message }) as { status: number; body: unknown },
    );
    const issuer = (config.body as { issuer?: string })?.issuer;
    const issuerOk = config.status === 200 && issuer === input.siteUrl;
    checks.push({
      name: "auth-discovery",
      ok: issuerOk,
      detail:
        config.status === 200
          ? `the site proxy's OpenID configuration has issuer ${issuer}${issuerOk ? "" : ` (expected ${input.siteUrl})`}`
          : `GET ${input.hostSiteUrl}/.well-known/openid-configuration answered ${config.status || "nothing"}`,
      ...(issuerOk
        ? {}
        : {
            fix:
              config.status === 404
                ? "convex/http.ts must call auth.addHttpRoutes(http) (setup-coder-convex init scaffolds it), then deploy."
                : "The backend's CONVEX_SITE_ORIGIN must be the site URL: rerun up so the compose file and the deployment agree.",
          }),
    });
    // Compared only when the deployment's JWKS could be read (the admin key was accepted).
    if (config.status === 200 && deploymentJwks !== undefined) {
      const jwks = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/jwks.json`).catch(
        (e: Error) => ({ status: 0, body: e.message }) as { status: number; body: unknown },
      );
      let expected: string[] = [];
      try {
        expected = deploymentJwks ? keyIds(JSON.parse(deploymentJwks)) : [];
      } catch {}
      const served = jwks.status === 200 ? keyIds(jwks.body) : [];
      const same = served.length > 0 && served.join() === expected.join();
      checks.push({
        name: "jwks",
        ok: same,
        detail: same
          ? "the site proxy serves the deployment's JWKS"
          : `the JWKS served (${jwks.status}) differs from the deployment's JWKS variable`,
        ...(same
          ? {}
          : { fix: "Rerun up: JWKS and JWT_PRIVATE_KEY are set together from jwt_private_key.pem." }),
      });
    }
  }
  if (input.publicUrls) {
    for (const [name, url] of [
      ["public-api", `${input.apiUrl}/version`],
      ["public-site", `${input.siteUrl}/.well-known/openid-configuration`],
    ] as const) {
      const r = await getJson(deps.fetch, url).catch(
        (e: Error) =>
          ({ status: 0, body: e.message }) as { status: number; body: unknown; location?: string },
      );
      const redirected = r.status >= 300 && r.status < 400;
      const ok = r.status > 0 && !redirected && (name === "public-api" ? r.status === 200 : r.status !== 502);
      checks.push({
        name,
        ok,
        detail: redirected
          ? `${url} redirects to ${r.location ?? "a login page"} (not shared publicly)`
          : r.status === 0
            ? `${url} is not reachable from here (${String(r.body)})`
            : `${url} answers ${r.status}`,
        ...(ok ? {} : { fix: describeSharing(input.apiUrl, input.siteUrl) }),
      });
    }
  }
  return checks;
}

/**
 * The verify phase found a failure: one error listing every failed check with its fix. The
 * backend runs, so it carries what the run set up (`result`, for setup()) to say where.
 */
export class VerificationError extends SetupError {
  override name = "VerificationError";
  constructor(
    readonly checks: readonly VerifyCheck[],
    readonly result?: SetupResult,
  ) {
    const failed = checks.filter((c) => !c.ok);
    super(
      `Verification failed:\n${failed.map((c) => `  - ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ""}`).join("\n")}`,
      `The backend runs; the checks above say what a client would hit. Rerun with ${option("verify", false)} to skip them.`,
    );
  }
}

/** Throws one error listing every failed check with its fix. */
export function assertVerified(checks: readonly VerifyCheck[]): void {
  if (checks.some((c) => !c.ok)) throw new VerificationError(checks);
}
