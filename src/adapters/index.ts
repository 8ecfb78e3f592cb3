/** The real implementations of every seam, assembled once for the action and the CLI. */
import type { SetupDeps } from "../phases/types.js";
import { createConvexAdmin } from "./convex-admin.js";
import { createConvexCli } from "./convex-cli.js";
import { createDocker } from "./docker.js";
import { createFileStore } from "./files.js";
import { createPostgres } from "./postgres.js";
import { createProcessRunner } from "./process.js";
import { type Logger, systemClock } from "./runtime.js";

export function createSetupDeps(options: {
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}): SetupDeps {
  const runner = createProcessRunner();
  const files = createFileStore();
  return {
    docker: createDocker(runner, options.env),
    files,
    convexCli: createConvexCli(runner, files),
    postgres: createPostgres(),
    admin: (url) => createConvexAdmin(url),
    logger: options.logger,
    clock: systemClock,
    env: options.env,
    cwd: options.cwd,
  };
}
