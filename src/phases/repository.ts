/**
 * The repository the app lives in, taken as untrusted input: its boundary (no file is read or
 * written through a link out of it), and secrets committed to it (never reused).
 */
import { join } from "node:path";
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import { SetupError } from "../core/errors.js";
import { FILES, type FileName, type Layout } from "../core/layout.js";
import {
  describeTrackedSecrets,
  findTrackedSecrets,
  SECRET_FILES,
  type TrackedSecret,
} from "../core/trust.js";
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
  const found = await findCommittedSecrets(deps.git, files, layout, deps.ci ?? false);
  if (found === undefined) {
    report.logger.info(NO_GIT_MESSAGE);
    return { root, files };
  }
  if (found.length > 0) {
    const { message, hint } = describeTrackedSecrets(found);
    if (deps.ci) throw new SetupError(message, hint);
    report.warn(`${message} ${hint}`);
  }
  return { root, files };
}

export const NO_GIT_MESSAGE =
  "Not a git checkout (or no git): committed secrets cannot be told apart from local ones; going on.";

/** The secret files git tracks that hold a secret; undefined without git or outside a repository. */
export async function findCommittedSecrets(
  git: Git,
  files: Pick<FileStore, "read">,
  layout: Layout,
  strict = false,
): Promise<TrackedSecret[] | undefined> {
  const tracked = await git.tracked(
    layout.dir,
    SECRET_FILES.map(([name]) => FILES[name]),
  );
  if (tracked === undefined) return undefined;
  const texts = new Map<FileName, string>();
  for (const [name] of SECRET_FILES) {
    const variants = [...tracked].filter((p) => p.toLowerCase() === FILES[name].toLowerCase());
    if (variants.length === 0) continue;
    const text = await files.read(layout.path(name));
    if (text === undefined) continue;
    // Tracked under this very name; or under another case (.ENV.convex.local), which is this
    // file when the file system ignores case: the same content read through both names.
    const same =
      variants.includes(FILES[name]) ||
      (await Promise.all(variants.map((v) => files.read(join(layout.dir, v))))).includes(text);
    if (same) texts.set(name, text);
  }
  return findTrackedSecrets(texts, strict);
}
