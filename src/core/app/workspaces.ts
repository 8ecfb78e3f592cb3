/** Workspaces (npm/yarn/bun `workspaces`, pnpm-workspace.yaml): the root, its patterns, its members. */
import { parse as parseYaml } from "yaml";
import { globMatch, MAX_GLOB_LENGTH, MAX_GLOBS } from "../glob.js";
import { type PackageJson, tryParsePackageJson } from "./package-json.js";
import { ancestors, normalizeDir, within } from "./paths.js";

/** The workspace patterns declared by package.json `workspaces` or pnpm-workspace.yaml `packages`. */
export function workspacePatterns(pkg: PackageJson | undefined, pnpmWorkspaceYaml?: string): string[] {
  const out: string[] = [];
  const ws = pkg?.workspaces;
  const list = Array.isArray(ws)
    ? ws
    : typeof ws === "object" && ws !== null && Array.isArray((ws as { packages?: unknown }).packages)
      ? (ws as { packages: unknown[] }).packages
      : [];
  out.push(...list.filter((p): p is string => typeof p === "string"));
  if (pnpmWorkspaceYaml !== undefined) {
    let doc: unknown;
    try {
      doc = parseYaml(pnpmWorkspaceYaml);
    } catch {
      doc = undefined;
    }
    const packages = (doc as { packages?: unknown } | null | undefined)?.packages;
    if (Array.isArray(packages)) out.push(...packages.filter((p): p is string => typeof p === "string"));
  }
  return [...new Set(out)];
}

export function isWorkspaceRoot(pkg: PackageJson | undefined, hasPnpmWorkspace: boolean): boolean {
  const ws = pkg?.workspaces;
  return hasPnpmWorkspace || Array.isArray(ws) || (typeof ws === "object" && ws !== null);
}

/**
 * Whether the folder's parts match the pattern's segments (`*`, `?` within a segment, `**` for any
 * number of segments), in bounded time: runs of `**` are one, each (segment, part) pair is decided
 * once, and a segment is matched without a regular expression (core/glob.ts).
 */
function matchSegments(pattern: readonly string[], parts: readonly string[]): boolean {
  const segments = pattern.filter((seg, i) => !(seg === "**" && pattern[i - 1] === "**"));
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (parts.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === segments.length) result = j === parts.length;
    else if (segments[i] === "**") result = match(i + 1, j) || (j < parts.length && match(i, j + 1));
    else
      result =
        j < parts.length && globMatch(segments[i]!, parts[j]!, { escapes: false }) && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Whether `dir` (relative to the workspace root) matches one workspace glob (`*`, `?`, `**`). */
export function matchesWorkspacePattern(dir: string, pattern: string): boolean {
  let p: string;
  try {
    p = normalizeDir(pattern.replace(/^!/, ""), "workspace pattern");
  } catch {
    return false;
  }
  const parts = dir === "." ? [] : dir.split("/");
  return matchSegments(p === "." ? [] : p.split("/"), parts);
}

/** Whether `dir` (relative to the workspace root) is a member: matched, and not by a `!` pattern. */
export function isWorkspaceMember(dir: string, patterns: readonly string[]): boolean {
  // The repository supplies them: at most MAX_GLOBS are read, each at most MAX_GLOB_LENGTH long.
  const read = patterns.slice(0, MAX_GLOBS).filter((p) => p.length <= MAX_GLOB_LENGTH);
  const positive = read.filter((p) => !p.startsWith("!"));
  const negative = read.filter((p) => p.startsWith("!"));
  return (
    positive.some((p) => matchesWorkspacePattern(dir, p)) &&
    !negative.some((p) => matchesWorkspacePattern(dir, p))
  );
}

/**
 * The workspace root for `workingDirectory`: walking up to the repository root ("."), the nearest
 * folder whose package.json has `workspaces` (an array or `{ packages }`) or that has a
 * pnpm-workspace.yaml, and whose patterns include the working directory (or that is the working
 * directory); else the working directory itself. Paths only: `packageJsons` and `pnpmWorkspaces`
 * map folders to file texts.
 */
export function findWorkspaceRoot(
  workingDirectory: string,
  packageJsons: ReadonlyMap<string, string>,
  pnpmWorkspaces: ReadonlyMap<string, string> = new Map(),
): string {
  const wd = normalizeDir(workingDirectory, "working directory");
  for (const dir of ancestors(wd)) {
    const pkg = tryParsePackageJson(packageJsons.get(dir));
    const yaml = pnpmWorkspaces.get(dir);
    if (!isWorkspaceRoot(pkg, yaml !== undefined)) continue;
    if (dir === wd) return dir;
    if (isWorkspaceMember(within(dir, wd)!, workspacePatterns(pkg, yaml))) return dir;
  }
  return wd;
}
