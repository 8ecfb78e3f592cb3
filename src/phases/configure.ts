/** The deployment variables (one transaction, before deploying) and the apps' .env.local files. */
import { join } from "node:path";
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { FileStore } from "../adapters/files.js";
import type { FrontendTarget } from "../core/app-plan.js";
import { deriveCliEnv, deriveFrontendEnv, type Endpoints } from "../core/client-env.js";
import type { EnvChange } from "../core/deployment-env.js";
import { envValues, mergeEnvFile, parseEnvFile } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import { FILES, type Layout, SECRET_MODE } from "../core/layout.js";
import { CONFLICTING_CLI_VARS } from "../core/project.js";
import type { Reporter } from "./types.js";

/**
 * Refuses to replace a value the deployment already has for a name in `keep` (a secret this tool
 * generated or kept, not one given as an input: the deployment's own value may be in use, e.g.
 * set by hand on a backend that target connect reaches). Best effort: a backend without the
 * listing endpoint is not asked.
 */
async function checkKept(
  admin: Pick<ConvexAdmin, "listEnvironmentVariables">,
  adminKey: string,
  changes: readonly EnvChange[],
  keep: readonly string[],
): Promise<void> {
  if (keep.length === 0) return;
  const current = await admin.listEnvironmentVariables(adminKey).catch(() => undefined);
  if (!current) return;
  for (const name of keep) {
    const ours = changes.find((c) => c.name === name)?.value;
    const theirs = current[name];
    if (ours === undefined || ours === null || theirs === undefined || theirs === ours) continue;
    throw new SetupError(
      `The deployment already has another ${name} than the one setup-coder-convex keeps; refusing to replace it (every signed-in user would be logged out). Nothing was changed on the deployment.`,
      `To keep the deployment's: delete the ${name} line from ${FILES.backendEnv} (target kubernetes: the instance's Secret) and give its value (npx convex env get ${name}) as better-auth-secret. To replace it: npx convex env remove ${name}, then rerun.`,
    );
  }
}

export async function setDeploymentVariables(
  admin: Pick<ConvexAdmin, "updateEnvironmentVariables" | "listEnvironmentVariables">,
  adminKey: string,
  changes: readonly EnvChange[],
  report: Reporter,
  options: { keep?: readonly string[] } = {},
): Promise<void> {
  await checkKept(admin, adminKey, changes, options.keep ?? []);
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
 * frontend variables when it is a frontend), in each other frontend its variables: its
 * framework's, and those its own code reads.
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
    list.push(...deriveFrontendEnv(f, endpoints).filter(([name]) => !list.some(([n]) => n === name)));
    byDir.set(f.dir, list);
  }
  const changed: string[] = [];
  for (const [dir, entries] of byDir) {
    const path = join(dir, FILES.frontendEnv);
    if (await mergeEnvLocal(path, entries, files, report)) changed.push(path);
  }
  return changed;
}
