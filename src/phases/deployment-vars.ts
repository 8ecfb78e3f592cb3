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

/** The user's own deployment variables: env-vars, then the user section of the deployment file. */
export interface UserDeploymentVars {
  envVars: ReadonlyArray<readonly [string, string]>;
  userVars: ReadonlyArray<readonly [string, string]>;
  userSource: string;
}

export async function readUserDeploymentVars(
  config: Pick<Config, "envVars">,
  files: FileStore,
  layout: Layout,
): Promise<UserDeploymentVars> {
  const text = await files.read(layout.path("deploymentEnv"));
  return {
    envVars: config.envVars,
    userVars: Object.entries(envValues(text ? splitUserSection(text, USER_MARKER).user : [])),
    userSource: `${FILES.deploymentEnv} (user section)`,
  };
}

/** Where the user sets `name` (env-vars or the user section), if anywhere. */
export function userSetsVariable(user: UserDeploymentVars, name: string): string | undefined {
  if (user.envVars.some(([n]) => n === name)) return "env-vars";
  if (user.userVars.some(([n]) => n === name)) return user.userSource;
  return undefined;
}

export async function planDeploymentVariables(
  config: Pick<Config, "envVars" | "frontend">,
  keys: Pick<Keys, "jwt" | "betterAuth">,
  siteUrl: string,
  /** SITE_URL for the deployment (undefined: not set by this tool). */
  frontendUrl: string | undefined,
  files: FileStore,
  layout: Layout,
  report: Reporter,
): Promise<EnvChange[]> {
  const user = await readUserDeploymentVars(config, files, layout);
  const theirs = userSetsVariable(user, "SITE_URL");
  if (theirs && frontendUrl && config.frontend.url)
    report.warn(
      `frontend-url is not used for SITE_URL: ${theirs} sets SITE_URL, and yours wins. Remove one of them.`,
    );
  const plan = buildDeploymentChanges({
    ...(keys.jwt
      ? {
          auth: {
            privateKeyValue: renderJwtPrivateKeyValue(keys.jwt.privateKeyPem),
            jwks: keys.jwt.jwks,
          },
        }
      : {}),
    ...(keys.betterAuth ? { betterAuthSecret: keys.betterAuth.value } : {}),
    frontendUrl,
    siteUrl,
    ...user,
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
