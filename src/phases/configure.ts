/** The deployment variables (one transaction, before deploying) and the apps' .env.local files. */
import { join } from "node:path";
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { FileStore } from "../adapters/files.js";
import type { FrontendTarget } from "../core/app-plan.js";
import { deriveCliEnv, deriveFrontendEnv, type Endpoints } from "../core/client-env.js";
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

/** The host of a URL value, for saying what was replaced without printing anything else. */
function hostOf(value: string | undefined): string | undefined {
  try {
    return value ? new URL(value).host : undefined;
  } catch {
    return undefined;
  }
}

/** Merges `entries` into one .env.local; a value for another deployment is replaced out loud. */
async function mergeEnvLocal(
  path: string,
  entries: Array<[string, string]>,
  files: FileStore,
  report: Reporter,
): Promise<boolean> {
  const before = await files.read(path);
  const values = before ? envValues(parseEnvFile(before)) : {};
  for (const name of CONFLICTING_CLI_VARS) {
    if (values[name])
      report.warn(
        `${path} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`,
      );
  }
  const merged = mergeEnvFile(before, entries);
  await files.write(path, merged.text, SECRET_MODE);
  if (merged.updated.length) {
    // A value for another deployment (a *.convex.cloud URL left by `convex dev`, other ports):
    // said out loud with the old host, never silently; a secret's old value is never shown.
    const said = merged.updated.map((name) => {
      const host = hostOf(values[name]);
      return host ? `${name} (was ${host})` : name;
    });
    report.warn(
      `${path}: replaced ${said.join(", ")} with this backend's values; keep values for other deployments in another file (e.g. .env.production).`,
    );
  }
  return merged.text !== before;
}

/**
 * Writes .env.local: in the working directory the convex CLI's target and admin key (and its
 * framework's variables when it is a frontend), in each other frontend its framework's variables.
 * Returns the files that changed.
 */
export async function writeClientEnvFiles(
  endpoints: Endpoints,
  adminKey: string,
  frontends: readonly FrontendTarget[],
  files: FileStore,
  layout: Layout,
  report: Reporter,
): Promise<string[]> {
  const byDir = new Map<string, Array<[string, string]>>([[layout.dir, deriveCliEnv(endpoints, adminKey)]]);
  for (const f of frontends) {
    const list = byDir.get(f.dir) ?? [];
    list.push(...deriveFrontendEnv(f.framework, endpoints));
    byDir.set(f.dir, list);
  }
  const changed: string[] = [];
  for (const [dir, entries] of byDir) {
    const path = join(dir, FILES.frontendEnv);
    if (await mergeEnvLocal(path, entries, files, report)) changed.push(path);
  }
  return changed;
}
