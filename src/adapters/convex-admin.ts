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

/** The admin API's answers are small (the variables: at most a few MiB): nothing larger is read. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * What answered, quoted on one line and short: a server that is not the backend may answer
 * anything (newlines that would start a workflow command in the log, escape sequences).
 */
export function quoteAnswer(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}

/** The body's text, at most `limit` bytes (`what`: the request, for the message). */
export async function readAnswer(
  response: Response,
  what: string,
  limit = MAX_ANSWER_BYTES,
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new SetupError(
        `${what} with more than ${limit} bytes; not read.`,
        "The admin API's answers are small: check that the URL is a Convex backend's API (container port 3210).",
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body as JSON; an answer that is not JSON is named with what answered (never a raw SyntaxError). */
async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await readAnswer(response, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new SetupError(
      `${what} with ${response.status} ${quoteAnswer(text)}, not JSON.`,
      "Check that the URL is a Convex backend's API (container port 3210), not another server or its site proxy.",
    );
  }
}

async function errorText(response: Response, what: string): Promise<string> {
  const body = await readAnswer(response, what).catch(() => "");
  try {
    const parsed = JSON.parse(body) as { code?: string; message?: string };
    if (parsed.code || parsed.message) return `${parsed.code ?? "Error"}: ${parsed.message ?? ""}`.trim();
  } catch {}
  return body ? quoteAnswer(body.slice(0, 300)) : response.statusText;
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
      const what = `${baseUrl} answered GET /instance_name`;
      const response = await request("/instance_name");
      const text = (await readAnswer(response, what, 64 * 1024)).trim();
      if (!response.ok)
        throw new SetupError(
          `${what} with ${response.status} ${quoteAnswer(text)}.`,
          "Check that the URL is a Convex backend's API (container port 3210).",
        );
      return text;
    },
    async checkAdminKey(adminKey) {
      const what = `${baseUrl} answered GET /api/check_admin_key`;
      const response = await request("/api/check_admin_key", { headers: auth(adminKey) });
      const text = await readAnswer(response, what, 64 * 1024);
      if (response.status === 401 || response.status === 403) return false;
      if (!response.ok) throw new SetupError(`${what} with ${response.status} ${quoteAnswer(text)}.`);
      // Only a Convex backend answers so: {"success":true,"allowedOps":[...]} (crates/local_backend).
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {}
      if ((body as { success?: unknown } | undefined)?.success !== true)
        throw new SetupError(
          `${what} with 200 ${quoteAnswer(text)}, not as a Convex backend does ({"success":true,...}).`,
          "Check that the URL is a Convex backend's API (container port 3210), not another server or its site proxy.",
        );
      return true;
    },
    async updateEnvironmentVariables(adminKey, changes) {
      const response = await request("/api/update_environment_variables", {
        method: "POST",
        headers: { ...auth(adminKey), "Content-Type": "application/json" },
        body: JSON.stringify({ changes }),
      });
      if (!response.ok) {
        throw new SetupError(
          `The backend refused the deployment environment variables (${response.status} ${await errorText(response, `${baseUrl} answered POST /api/update_environment_variables`)}).`,
          "Nothing was changed (one transaction). Fix the variable named above in env-vars or the user section of .env.convex.deployment.",
        );
      }
      await response.arrayBuffer();
    },
    async listEnvironmentVariables(adminKey) {
      const what = `${baseUrl} answered GET /api/v1/list_environment_variables`;
      const response = await request("/api/v1/list_environment_variables", { headers: auth(adminKey) });
      if (!response.ok)
        throw new SetupError(
          `Listing environment variables failed (${response.status} ${await errorText(response, what)}).`,
        );
      const body = (await readJson(response, what)) as {
        environmentVariables?: Record<string, string>;
      } | null;
      return body?.environmentVariables ?? {};
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
      const what = `${baseUrl} answered POST /api/get_config_hashes`;
      if (!response.ok) {
        const refused = response.status === 401 || response.status === 403;
        throw new SetupError(
          `Asking the backend whether functions were deployed before (POST /api/get_config_hashes) failed (${response.status} ${await errorText(response, what)}).`,
          refused
            ? "The backend refused the admin key: it was made for another INSTANCE_NAME or INSTANCE_SECRET than the backend runs with. Nothing was deployed or seeded."
            : "This tells seed-function / seed-import whether the deployment is new. Nothing was deployed or seeded; check that the backend image serves /api/get_config_hashes (every release since 2024-03 does).",
        );
      }
      const body = (await readJson(response, what).catch(() => undefined)) as
        | { moduleHashes?: unknown }
        | undefined;
      if (!Array.isArray(body?.moduleHashes))
        throw new SetupError(
          "POST /api/get_config_hashes answered without a moduleHashes list, so whether the deployment is new is unknown.",
          `Nothing was deployed or seeded. Check that ${baseUrl} is a Convex backend's API (container port 3210), not its site proxy.`,
        );
      return body.moduleHashes.length > 0;
    },
  };
}
