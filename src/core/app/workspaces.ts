/** Workspaces (npm/yarn/bun `workspaces`, pnpm-workspace.yaml): the root, its patterns, its members. */
import { parse as parseYaml } from "yaml";
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

function segmentRegex(segment: string): RegExp {
  const body = segment
    .split("")
    .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

function matchSegments(pattern: readonly string[], i: number, parts: readonly string[], j: number): boolean {
  if (i === pattern.length) return j === parts.length;
  const seg = pattern[i]!;
  if (seg === "**") {
    for (let k = j; k <= parts.length; k++) if (matchSegments(pattern, i + 1, parts, k)) return true;
    return false;
  }
  if (j === parts.length) return false;
  return segmentRegex(seg).test(parts[j]!) && matchSegments(pattern, i + 1, parts, j + 1);
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
  return matchSegments(p === "." ? [] : p.split("/"), 0, parts, 0);
}

/** Whether `dir` (relative to the workspace root) is a member: matched, and not by a `!` pattern. */
export function isWorkspaceMember(dir: string, patterns: readonly string[]): boolean {
  const positive = patterns.filter((p) => !p.startsWith("!"));
  const negative = patterns.filter((p) => p.startsWith("!"));
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
