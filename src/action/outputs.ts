/** The action's outputs and exported variables, typed against the names declared in core/inputs.ts. */
import { deriveExportedEnv } from "../core/client-env.js";
import type { OutputName } from "../core/inputs.js";
import type { SetupResult } from "../phases/types.js";

/** What the preview wrote on its pull request (action/preview.ts); empty when it wrote nothing. */
export type PreviewOutputs = Record<"comment-url" | "deployment-id", string>;

export const NO_PREVIEW_OUTPUTS: PreviewOutputs = { "comment-url": "", "deployment-id": "" };

export function deriveOutputs(
  result: SetupResult,
  preview: PreviewOutputs = NO_PREVIEW_OUTPUTS,
): Record<OutputName, string> {
  return {
    "convex-url": result.apiUrl,
    "site-url": result.siteUrl,
    "dashboard-url": result.dashboardUrl,
    "admin-key": result.adminKey,
    "instance-name": result.instanceName,
    "postgres-database": result.postgresDatabase ?? "",
    "mysql-database": result.mysqlDatabase ?? "",
    "env-file": result.envFile,
    "compose-file": result.composeFile,
    "compose-project": result.composeProject,
    deployed: String(result.deployed),
    seeded: String(result.seeded),
    "manifest-file": result.manifestFile ?? "",
    namespace: result.namespace ?? "",
    // command: backup sets it (action/main.ts); up writes no backup.
    "backup-file": "",
    ...preview,
  } satisfies Record<OutputName, string>;
}

/** The fixed names (EXPORTED_ENV) and each frontend's names (its framework's, and those its code reads). */
export function deriveExportedVariables(result: SetupResult): Record<string, string> {
  return deriveExportedEnv(result, result.adminKey, result.frontends);
}
