/**
 * What a deployment holds, asked through the backend's HTTP query API (`POST /api/query`, the call
 * ConvexHttpClient makes: body {path, format: "convex_encoded_json", args: [args]}, answer
 * {status: "success", value} or {status: "error", errorMessage}) with the admin key, using the
 * system queries the convex CLI itself uses (pinned release, npm-packages/system-udfs
 * convex/_system/cli): `tables` (the app's tables, paginated, always in one page) and `tableSize`
 * (a table's document count).
 */
import { SetupError } from "../core/errors.js";
import type { FetchLike } from "./convex-admin.js";

export interface DeploymentData {
  /** Documents per table of the app (the root component), e.g. {messages: 3}. */
  tableCounts(adminKey: string): Promise<Record<string, number>>;
}

export function createDeploymentData(baseUrl: string, fetchImpl: FetchLike = fetch): DeploymentData {
  const query = async (adminKey: string, path: string, args: Record<string, unknown>): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl.replace(/\/$/, "")}/api/query`, {
        method: "POST",
        headers: { Authorization: `Convex ${adminKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ path, format: "convex_encoded_json", args: [args] }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new SetupError(
        `The backend at ${baseUrl} did not answer POST /api/query (${path}): ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    let body: { status?: string; value?: unknown; errorMessage?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {}
    if (!response.ok || body.status !== "success")
      throw new SetupError(
        `The backend refused the system query ${path} (${response.status}): ${body.errorMessage ?? text.slice(0, 300)}`,
        "Check that the admin key is this backend's (setup-coder-convex status).",
      );
    return body.value;
  };
  return {
    async tableCounts(adminKey) {
      const page = (await query(adminKey, "_system/cli/tables", {
        paginationOpts: { numItems: 10_000, cursor: null },
      })) as { page?: Array<{ name?: unknown }> };
      const names = (page.page ?? []).map((t) => String(t.name)).sort();
      const counts: Record<string, number> = {};
      for (const name of names)
        counts[name] = Number(await query(adminKey, "_system/cli/tableSize", { tableName: name }));
      return counts;
    },
  };
}
