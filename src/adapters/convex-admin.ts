/** The self-hosted backend's admin HTTP API (docs/backend-facts.md#admin-api), over fetch. */
import type { EnvChange } from "../core/deployment-env.js";
import { SetupError } from "../core/errors.js";

export interface ConvexAdmin {
  readonly baseUrl: string;
  /** GET /version: resolves true on 200, false when nothing answers (yet). */
  isUp(timeoutMs?: number): Promise<boolean>;
  instanceName(): Promise<string>;
  /** GET /api/check_admin_key: true on 200, false on 401/403. */
  checkAdminKey(adminKey: string): Promise<boolean>;
  /** One transaction; null deletes. */
  updateEnvironmentVariables(adminKey: string, changes: readonly EnvChange[]): Promise<void>;
  listEnvironmentVariables(adminKey: string): Promise<Record<string, string>>;
  /**
   * POST /api/get_config_hashes (what the convex CLI asks before a push): true when the
   * deployment has functions, false for one that was never deployed to.
   */
  hasDeployedFunctions(adminKey: string): Promise<boolean>;
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

async function errorText(response: Response): Promise<string> {
  const body = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(body) as { code?: string; message?: string };
    if (parsed.code || parsed.message) return `${parsed.code ?? "Error"}: ${parsed.message ?? ""}`.trim();
  } catch {}
  return body.slice(0, 300) || response.statusText;
}

export function createConvexAdmin(baseUrl: string, fetchImpl: FetchLike = fetch): ConvexAdmin {
  const url = (path: string) => `${baseUrl.replace(/\/$/, "")}${path}`;
  const auth = (key: string) => ({ Authorization: `Convex ${key}` });
  /**
   * One retry on a connection-level failure: an idle keep-alive socket closed by the server
   * ("other side closed") is not a down backend. Every call here is idempotent.
   */
  const request = async (path: string, init: RequestInit = {}, timeoutMs = 15_000) => {
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await fetchImpl(url(path), { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        lastError = error;
      }
    }
    const error = lastError as Error;
    throw new SetupError(
      `The backend at ${baseUrl} did not answer ${init.method ?? "GET"} ${path}: ${error.cause ?? error.message}`,
      "Check that the backend container runs (setup-coder-convex status) and that its port is published on this host.",
    );
  };
  return {
    baseUrl,
    async isUp(timeoutMs = 2000) {
      try {
        const response = await fetchImpl(url("/version"), { signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer();
        return response.ok;
      } catch {
        return false;
      }
    },
    async instanceName() {
      const response = await request("/instance_name");
      return (await response.text()).trim();
    },
    async checkAdminKey(adminKey) {
      const response = await request("/api/check_admin_key", { headers: auth(adminKey) });
      await response.arrayBuffer();
      if (response.ok) return true;
      if (response.status === 401 || response.status === 403) return false;
      throw new SetupError(`GET /api/check_admin_key answered ${response.status}.`);
    },
    async updateEnvironmentVariables(adminKey, changes) {
      const response = await request("/api/update_environment_variables", {
        method: "POST",
        headers: { ...auth(adminKey), "Content-Type": "application/json" },
        body: JSON.stringify({ changes }),
      });
      if (!response.ok) {
        throw new SetupError(
          `The backend refused the deployment environment variables (${response.status} ${await errorText(response)}).`,
          "Nothing was changed (one transaction). Fix the variable named above in env-vars or the user section of .env.convex.deployment.",
        );
      }
      await response.arrayBuffer();
    },
    async listEnvironmentVariables(adminKey) {
      const response = await request("/api/v1/list_environment_variables", { headers: auth(adminKey) });
      if (!response.ok)
        throw new SetupError(
          `Listing environment variables failed (${response.status} ${await errorText(response)}).`,
        );
      const body = (await response.json()) as { environmentVariables?: Record<string, string> };
      return body.environmentVariables ?? {};
    },
    async hasDeployedFunctions(adminKey) {
      // The backend reads the key from the body (GetConfigRequest); the header is sent as the CLI
      // sends it. The answer lists the root component's modules, system modules left out
      // (docs/backend-facts.md#admin-api).
      const response = await request("/api/get_config_hashes", {
        method: "POST",
        headers: { ...auth(adminKey), "Content-Type": "application/json" },
        body: JSON.stringify({ adminKey }),
      });
      if (!response.ok) {
        const refused = response.status === 401 || response.status === 403;
        throw new SetupError(
          `Asking the backend whether functions were deployed before (POST /api/get_config_hashes) failed (${response.status} ${await errorText(response)}).`,
          refused
            ? "The backend refused the admin key: it was made for another INSTANCE_NAME or INSTANCE_SECRET than the backend runs with. Nothing was deployed or seeded."
            : "This tells seed-function / seed-import whether the deployment is new. Nothing was deployed or seeded; check that the backend image serves /api/get_config_hashes (every release since 2024-03 does).",
        );
      }
      const body = (await response.json().catch(() => undefined)) as { moduleHashes?: unknown } | undefined;
      if (!Array.isArray(body?.moduleHashes))
        throw new SetupError(
          "POST /api/get_config_hashes answered without a moduleHashes list, so whether the deployment is new is unknown.",
          `Nothing was deployed or seeded. Check that ${baseUrl} is a Convex backend's API (container port 3210), not its site proxy.`,
        );
      return body.moduleHashes.length > 0;
    },
  };
}
