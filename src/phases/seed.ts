/**
 * Seed data for previews: after the deploy, import a file (seed-import), then run a function
 * (seed-function), only when the deployment is new or with seed-always. "New" is decided before
 * the deploy: the deployment has no functions yet (docs/backend-facts.md#admin-api,
 * `get_config_hashes`), i.e. this run's deploy is its first.
 */
import { resolve } from "node:path";
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { ConvexCli, ConvexProject } from "../adapters/convex-cli.js";
import type { FileStore } from "../adapters/files.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import { type SeedInput, seedImportTable } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import { withLoggedOutput } from "./deploy.js";
import { whileWaiting } from "./waiting.js";

export function isSeedConfigured(seed: SeedInput): boolean {
  return seed.function !== undefined || seed.import !== undefined || seed.artifact !== undefined;
}

/** Before the deploy: true when no functions were ever deployed to this deployment. */
export async function checkNewDeployment(
  admin: Pick<ConvexAdmin, "hasDeployedFunctions">,
  adminKey: string,
): Promise<boolean> {
  return !(await admin.hasDeployedFunctions(adminKey));
}

/** A SetupError's message without its hint (the constructor appends the hint to the message). */
function messageOf(error: SetupError): string {
  const suffix = error.hint ? `\n  -> ${error.hint}` : "";
  return suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
}

/**
 * The seed file's absolute path, checked through the repository-confined file store: a path
 * that is, or passes through, a link out of the repository is refused (a pull request controls
 * the checkout and could point it at any file of the runner), as are a missing file and a folder.
 */
export async function checkSeedFile(
  files: Pick<FileStore, "exists" | "isDirectory">,
  dir: string,
  file: string,
): Promise<string> {
  const path = resolve(dir, file);
  let exists: boolean;
  try {
    exists = (await files.exists(path)) && !(await files.isDirectory(path));
  } catch (error) {
    if (error instanceof SetupError)
      throw new SetupError(`seed-import: ${messageOf(error)}`, error.hint, { cause: error });
    throw error;
  }
  if (!exists)
    throw new SetupError(
      `seed-import: ${file} is not a file (looked for ${path}).`,
      "Commit the seed file to the repository, or give its path relative to working-directory.",
    );
  return path;
}

export interface SeedOptions {
  url: string;
  adminKey: string;
  env: Readonly<Record<string, string | undefined>>;
  /** From checkNewDeployment, asked before the deploy. */
  isNew: boolean;
  /** The file store confined to the repository. */
  files: Pick<FileStore, "exists" | "isDirectory">;
  /** seed-artifact: downloads and unpacks the backup ZIP (adapters/seed-artifact.ts), only when seeding runs. */
  fetchArtifact?: () => Promise<{ file: string; description: string; remove(): Promise<void> }>;
}

/** After the deploy: imports, then runs; returns whether it seeded. */
export async function seedDeployment(
  convexCli: Pick<ConvexCli, "run" | "import">,
  dir: string,
  project: ConvexProject,
  seed: SeedInput,
  options: SeedOptions,
  logger: Logger,
  /** Given: a slow import or seed function says that it is waited for (phases/waiting.ts). */
  clock?: Clock,
): Promise<boolean> {
  const waited = <T>(what: string, work: () => Promise<T>) =>
    clock ? whileWaiting(what, work, { logger, clock }) : work();
  if (!isSeedConfigured(seed)) return false;
  if (!options.isNew && !seed.always) {
    logger.info(
      `Not a new deployment (its functions were deployed before this run): seed skipped; ${option("seed-always", true)} forces it.`,
    );
    return false;
  }
  logger.info(
    options.isNew
      ? "New deployment (no functions before this run's deploy): seeding it."
      : "seed-always: true: seeding a deployment that is not new (the import replaces the tables it holds).",
  );
  const target = { url: options.url, adminKey: options.adminKey, env: options.env };
  if (seed.artifact !== undefined) {
    if (!options.fetchArtifact)
      throw new SetupError("seed-artifact needs a GitHub client, which this caller did not provide.");
    const fetched = await waited(
      `the download of seed-artifact ${seed.artifact.name}`,
      options.fetchArtifact,
    );
    try {
      logger.info(`convex import --yes${seed.always ? " --replace" : ""} ${fetched.description}`);
      await waited(`convex import of ${fetched.description}`, () =>
        withLoggedOutput(logger, (onOutput) =>
          convexCli.import(dir, project, { ...target, file: fetched.file, replace: seed.always, onOutput }),
        ),
      ).catch((error: unknown) => {
        // The CLI adapter names seed-import in its message: this was the artifact's backup.
        if (!(error instanceof SetupError)) throw error;
        throw new SetupError(messageOf(error).replace(/^seed-import: /, "seed-artifact: "), error.hint, {
          cause: error,
        });
      });
    } finally {
      await fetched.remove();
    }
  }
  if (seed.import !== undefined) {
    // Checked again right before the import: the file must still be inside the repository.
    const file = await checkSeedFile(options.files, dir, seed.import);
    const table = seedImportTable(seed.import);
    // A new deployment's tables are empty; seed-always replaces what an earlier seed wrote.
    const replace = seed.always;
    logger.info(
      `convex import --yes${table ? ` --table ${table}` : ""}${replace ? " --replace" : ""} ${seed.import}`,
    );
    await waited(`convex import of ${seed.import}`, () =>
      withLoggedOutput(logger, (onOutput) =>
        convexCli.import(dir, project, { ...target, file, ...(table ? { table } : {}), replace, onOutput }),
      ),
    );
  }
  if (seed.scrub !== undefined) await scrub(convexCli, dir, project, seed.scrub, target, logger, waited);
  const functionName = seed.function;
  if (functionName !== undefined) {
    logger.info(`convex run ${functionName} ${seed.args}`);
    await waited(`convex run ${functionName}`, () =>
      withLoggedOutput(logger, (onOutput) =>
        convexCli.run(dir, project, { ...target, functionName, args: seed.args, onOutput }),
      ),
    );
  }
  return true;
}

/**
 * seed-scrub: the app's own function run right after the import, before anyone uses the preview;
 * when it fails the data is there unscrubbed, and the error says so.
 */
async function scrub(
  convexCli: Pick<ConvexCli, "run">,
  dir: string,
  project: ConvexProject,
  functionName: string,
  target: { url: string; adminKey: string; env: Readonly<Record<string, string | undefined>> },
  logger: Logger,
  waited: <T>(what: string, work: () => Promise<T>) => Promise<T>,
): Promise<void> {
  logger.info(`convex run ${functionName} (seed-scrub)`);
  try {
    await waited(`convex run ${functionName} (seed-scrub)`, () =>
      withLoggedOutput(logger, (onOutput) =>
        convexCli.run(dir, project, { ...target, functionName, args: "{}", onOutput }),
      ),
    );
  } catch (error) {
    // The CLI adapter names seed-function in its message: this was the scrub.
    const reason = (error instanceof SetupError ? messageOf(error) : (error as Error).message).replace(
      /^seed-function: /,
      "",
    );
    throw new SetupError(
      `seed-scrub: ${functionName} failed, so the imported data is in this deployment UNSCRUBBED: ${reason}`,
      "Remove the preview (command: down) or fix the function and rerun with seed-always: true; until then treat the preview as holding the original data.",
      { cause: error },
    );
  }
}
