/** The real implementations of every seam, assembled once for the action and the CLI. */
import { deriveChildEnv } from "../core/child-env.js";
import type { SetupDeps } from "../phases/types.js";
import { readApp } from "./app-reader.js";
import { createConvexAdmin } from "./convex-admin.js";
import { createConvexCli } from "./convex-cli.js";
import { createDocker } from "./docker.js";
import { createFileStore } from "./files.js";
import { createGit } from "./git.js";
import { createKeyRecord, keyRecordDir } from "./key-record.js";
import { createKubectl } from "./kubectl.js";
import { acquireLock } from "./lock.js";
import { createPostgres } from "./postgres.js";
import { createProcessRunner } from "./process.js";
import { type Logger, systemClock } from "./runtime.js";

export function createSetupDeps(options: {
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: stops every child process and the run. */
  stop?: AbortSignal;
  /** The outer boundary of the files the run may touch (GITHUB_WORKSPACE in CI). */
  workspace?: string;
  /** A committed secret stops the run (CI) instead of a warning. */
  ci?: boolean;
}): SetupDeps {
  const runner = createProcessRunner(options.stop ? { stop: options.stop } : {});
  const files = createFileStore();
  // Children never see the runner's internals or the action's inputs (core/child-env.ts).
  const env = deriveChildEnv(options.env);
  return {
    docker: createDocker(runner, env),
    kubectl: createKubectl(runner, env),
    files,
    convexCli: createConvexCli(runner, files),
    postgres: createPostgres(),
    admin: (url) => createConvexAdmin(url),
    git: createGit(runner),
    readApp,
    lock: acquireLock,
    keyRecord: createKeyRecord(keyRecordDir(options.env)),
    logger: options.logger,
    // @actions/github is large: loaded only when a seed artifact is downloaded.
    fetchSeedArtifact: async (artifact, o) =>
      (await import("./seed-artifact.js")).fetchSeedArtifact(artifact, o),
    clock: systemClock,
    env,
    cwd: options.cwd,
    ...(options.stop ? { stop: options.stop } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.ci !== undefined ? { ci: options.ci } : {}),
  };
}
