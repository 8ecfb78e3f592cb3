/**
 * The folder a command works in when --working-directory is not given: the app's folder, found
 * the way the convex CLI finds its project (the nearest package.json upward), taking the nearest
 * one that lists convex (a package.json in the functions folder, for "type": "module", does not
 * make it an app), within the repository (git's top level; without git, up to the file system's
 * root). So `cd app/convex && setup-coder-convex up` sets up `app`, and says so, instead of
 * writing the env files, the key and the compose file into the functions folder.
 */
import { dirname, join, relative } from "node:path";
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import type { Logger } from "../adapters/runtime.js";
import { FILES } from "../core/layout.js";
import type { ParsedFlags } from "./args.js";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

function listsConvex(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    return DEPENDENCY_FIELDS.some((field) => {
      const deps = pkg[field];
      return typeof deps === "object" && deps !== null && "convex" in deps;
    });
  } catch {
    return false;
  }
}

/** The nearest folder from `start` upward (up to `boundary`, inclusive) whose package.json lists convex. */
export async function findAppFolder(
  start: string,
  boundary: string | undefined,
  files: Pick<FileStore, "read">,
): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    if (listsConvex(await files.read(join(dir, "package.json")))) return dir;
    if (dir === boundary || dirname(dir) === dir) return undefined;
  }
}

/**
 * The flags with --working-directory set to the app's folder when it was not given and the
 * current folder is not the app's (nor an app set up here before); says which folder it uses.
 */
export async function withAppFolder(
  flags: ParsedFlags,
  cwd: string,
  deps: {
    files: Pick<FileStore, "read" | "exists">;
    git: Pick<Git, "topLevel">;
    logger: Pick<Logger, "info">;
  },
): Promise<ParsedFlags> {
  if (flags["working-directory"] !== undefined) return flags;
  // Set up here before (its compose file), or an app of its own: this folder.
  if (await deps.files.exists(join(cwd, FILES.compose))) return flags;
  const boundary = await deps.git.topLevel(cwd);
  const app = await findAppFolder(cwd, boundary, deps.files);
  if (app === undefined || app === cwd) return flags;
  deps.logger.info(
    `Using the app in ${relative(cwd, app)} (${app}): the nearest package.json above this folder that lists convex. Pass --working-directory to choose another.`,
  );
  return { ...flags, "working-directory": app };
}
