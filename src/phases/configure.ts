/** The deployment variables (one transaction, before deploying) and the app's .env.local. */
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { FileStore } from "../adapters/files.js";
import { deriveFrontendEnv, type Endpoints } from "../core/client-env.js";
import type { EnvChange } from "../core/deployment-env.js";
import { envValues, mergeEnvFile, parseEnvFile } from "../core/env-file.js";
import { FILES, type Layout, SECRET_MODE } from "../core/layout.js";
import { CONFLICTING_CLI_VARS } from "../core/project.js";
import type { Reporter } from "./types.js";

export async function setDeploymentVariables(
  admin: Pick<ConvexAdmin, "updateEnvironmentVariables">,
  adminKey: string,
  changes: readonly EnvChange[],
  report: Reporter,
): Promise<void> {
  await admin.updateEnvironmentVariables(adminKey, changes);
  report.logger.info(
    `Set ${changes.length} deployment variables in one transaction: ${changes.map((c) => c.name).join(", ")}`,
  );
}

/** Writes the frontend's URL and the convex CLI's target into .env.local; true when it changed. */
export async function writeFrontendEnv(
  endpoints: Endpoints,
  adminKey: string,
  files: FileStore,
  layout: Layout,
  report: Reporter,
): Promise<boolean> {
  const before = await files.read(layout.path("frontendEnv"));
  const values = before ? envValues(parseEnvFile(before)) : {};
  for (const name of CONFLICTING_CLI_VARS) {
    if (values[name])
      report.warn(
        `${FILES.frontendEnv} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`,
      );
  }
  const merged = mergeEnvFile(before, deriveFrontendEnv(endpoints, adminKey));
  await files.write(layout.path("frontendEnv"), merged.text, SECRET_MODE);
  if (merged.updated.length) {
    // A value that differed (another deployment, or other ports): said out loud, never silently.
    report.warn(
      `${FILES.frontendEnv}: replaced ${merged.updated.join(", ")} with this backend's values; keep values for other deployments in another file (e.g. .env.production).`,
    );
  }
  return merged.text !== before;
}
