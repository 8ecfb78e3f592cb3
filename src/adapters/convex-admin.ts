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
  };
}
