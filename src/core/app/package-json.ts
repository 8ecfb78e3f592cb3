/** package.json: parsing, and the dependency lists the convex CLI looks at. */
import { SetupError } from "../errors.js";

export interface PackageJson {
  name?: string;
  packageManager?: string;
  workspaces?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Parses a JSON file that must hold an object; throws a SetupError naming `path`. */
export function parseJsonObject(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SetupError(`${path} does not hold a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Parses a package.json; throws a SetupError naming `path` when it is not a JSON object. */
export function parsePackageJson(text: string, path: string): PackageJson {
  return parseJsonObject(text, path) as PackageJson;
}

/** A package.json's content, or undefined when it is missing or not a JSON object. */
export function tryParsePackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePackageJson(text, "package.json");
  } catch {
    return undefined;
  }
}

function depsOf(record: unknown): string[] {
  return typeof record === "object" && record !== null && !Array.isArray(record) ? Object.keys(record) : [];
}

/**
 * The dependency names the convex CLI looks at: dependencies + devDependencies, not
 * peerDependencies (`loadPackageJson(ctx)` in convex/dist/esm/cli/lib/utils/utils.js is called with
 * includePeerDeps=false by `suggestedEnvVarNames`).
 */
export function frameworkDeps(pkg: PackageJson): Set<string> {
  return new Set([...depsOf(pkg.dependencies), ...depsOf(pkg.devDependencies)]);
}

/** Where `pkg` lists `name`: the first of dependencies, devDependencies, peerDependencies. */
export function dependencyKind(
  pkg: PackageJson | undefined,
  name: string,
): "dependencies" | "devDependencies" | "peerDependencies" | undefined {
  if (!pkg) return undefined;
  for (const key of ["dependencies", "devDependencies", "peerDependencies"] as const) {
    if (depsOf(pkg[key]).includes(name)) return key;
  }
  return undefined;
}
