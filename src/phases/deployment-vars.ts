/** The deployment variables, all of them, validated before any container starts. */
import type { FileStore } from "../adapters/files.js";
import { renderJwtPrivateKeyValue } from "../core/auth-keys.js";
import type { Config } from "../core/config.js";
import { buildDeploymentChanges, type EnvChange } from "../core/deployment-env.js";
import { envValues, splitUserSection } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import { FILES, type Layout, USER_MARKER } from "../core/layout.js";
import type { Keys } from "./keys.js";
import type { Reporter } from "./types.js";

export async function planDeploymentVariables(
  config: Pick<Config, "envVars">,
  keys: Pick<Keys, "jwt">,
  siteUrl: string,
  frontendUrl: string | undefined,
  files: FileStore,
  layout: Layout,
  report: Reporter,
): Promise<EnvChange[]> {
  const text = await files.read(layout.path("deploymentEnv"));
  const plan = buildDeploymentChanges({
    ...(keys.jwt
      ? {
          auth: {
            privateKeyValue: renderJwtPrivateKeyValue(keys.jwt.privateKeyPem),
            jwks: keys.jwt.jwks,
            frontendUrl,
          },
        }
      : {}),
    siteUrl,
    envVars: config.envVars,
    userVars: Object.entries(envValues(text ? splitUserSection(text, USER_MARKER).user : [])),
    userSource: `${FILES.deploymentEnv} (user section)`,
  });
  if (plan.problems.length > 0) {
    throw new SetupError(
      `Deployment environment variables are invalid:\n  - ${plan.problems.join("\n  - ")}`,
      "Nothing was started. Fix them and rerun.",
    );
  }
  if (plan.skipped.length > 0) {
    report.warn(`Not set (empty value): ${plan.skipped.join(", ")}. Give a value, or remove the line.`);
  }
  return plan.changes.map(({ name, value }) => ({ name, value }));
}
