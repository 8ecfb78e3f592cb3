/**
 * Finding an app that was set up before, for `status`, `logs`, `env` and `verify`: its compose
 * file, read back with the YAML parser, from inside the repository only (a compose file that is a
 * link out of the clone is refused). Never used to name what `down` removes.
 */
import type { FileStore } from "./adapters/files.js";
import { createGit, type Git } from "./adapters/git.js";
import { createProcessRunner } from "./adapters/process.js";
import { SetupError } from "./core/errors.js";
import {
  type ComposeFacts,
  FILES,
  type Layout,
  locate,
  parseComposeFacts,
  type TeardownState,
} from "./core/layout.js";
import { openRepository } from "./phases/repository.js";

export interface ExistingSetup {
  state: TeardownState;
  layout: Layout;
  facts: ComposeFacts;
  /** The file store confined to the repository holding the app: read its other files through it. */
  files: FileStore;
}

/**
 * The setup in `workingDirectory`: the compose file's own `name:` is the project unless one is
 * given. Undefined when there is no compose file.
 */
export async function findSetup(
  options: { workingDirectory: string; projectName?: string },
  cwd: string,
  store: FileStore,
  git: Git = createGit(createProcessRunner()),
): Promise<ExistingSetup | undefined> {
  const layout = locate(options, cwd);
  const { files } = await openRepository(layout.dir, { files: store, git, cwd });
  const text = await files.read(layout.target.file);
  if (text === undefined) return undefined;
  let facts: ComposeFacts;
  try {
    facts = parseComposeFacts(text);
  } catch (error) {
    throw new SetupError(
      `${layout.target.file} is not valid YAML (${(error as Error).message.split("\n")[0]}).`,
      `It is written by setup-coder-convex: delete it and run \`setup-coder-convex up\` again.`,
    );
  }
  return {
    layout,
    facts,
    files,
    state: {
      workingDirectory: layout.dir,
      composeFile: layout.target.file,
      // status, logs, backup: the project the compose file names (they only look, and the file is
      // never handed to docker); `down` never comes here (teardown.ts names it as `up` does).
      composeProject: options.projectName ?? facts.project ?? layout.target.project,
    },
  };
}

/** Like findSetup, but a clear error when nothing was set up there. */
export async function requireSetup(
  options: { workingDirectory: string; projectName?: string },
  cwd: string,
  files: FileStore,
): Promise<ExistingSetup> {
  const found = await findSetup(options, cwd, files);
  if (found) return found;
  throw new SetupError(
    `No ${FILES.compose} in ${locate(options, cwd).dir}: nothing set up here.`,
    "Run it in the app's folder, or pass --working-directory (setup-coder-convex up sets an app up).",
  );
}
