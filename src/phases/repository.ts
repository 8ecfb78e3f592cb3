/**
 * The repository the app lives in, taken as untrusted input: its boundary (no file is read or
 * written through a link out of it), and secrets committed to it (never reused).
 */
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import { SetupError } from "../core/errors.js";
import { FILES, type FileName, type Layout } from "../core/layout.js";
import { describeTrackedSecrets, findTrackedSecrets, SECRET_FILES } from "../core/trust.js";
import type { Reporter } from "./types.js";

export interface Repository {
  /** The boundary: the workspace (CI), else git's top level, else the working directory. */
  root: string;
  /** The file store confined to the boundary. */
  files: FileStore;
}

export async function checkRepository(
  layout: Layout,
  deps: { files: FileStore; git?: Git; workspace?: string; ci?: boolean },
  report: Reporter,
): Promise<Repository> {
  const top = deps.git ? await deps.git.topLevel(layout.dir) : undefined;
  const root = deps.workspace ?? top ?? layout.dir;
  const files = deps.files.within(root);
  // A working directory that is (or passes through) a link out of the repository is refused here.
  if (!(await files.isDirectory(layout.dir))) {
    throw new SetupError(
      `working-directory: ${layout.dir} does not exist or is not a folder.`,
      "Point it at the Convex app's folder (the one with package.json).",
    );
  }
  if (!deps.git) return { root, files };
  const names = SECRET_FILES.map(([name]) => FILES[name]);
  const tracked = await deps.git.tracked(layout.dir, names);
  if (tracked === undefined) {
    report.logger.info(
      "Not a git checkout (or no git): committed secrets cannot be told apart from local ones; going on.",
    );
    return { root, files };
  }
  const texts = new Map<FileName, string>();
  for (const [name] of SECRET_FILES) {
    if (!tracked.has(FILES[name])) continue;
    const text = await files.read(layout.path(name));
    if (text !== undefined) texts.set(name, text);
  }
  const found = findTrackedSecrets(texts);
  if (found.length > 0) {
    const { message, hint } = describeTrackedSecrets(found);
    if (deps.ci) throw new SetupError(message, hint);
    report.warn(`${message} ${hint}`);
  }
  return { root, files };
}
