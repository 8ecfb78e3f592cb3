/** convex.json, and the functions folder it (or the convex CLI's default) names. */
import { SetupError } from "../errors.js";
import { frameworkDeps, type PackageJson, parseJsonObject } from "./package-json.js";
import { normalizeDir } from "./paths.js";

export interface ConvexJson {
  functions?: string;
  [key: string]: unknown;
}

/** Parses convex.json; throws a SetupError naming `path` when it is not a JSON object. */
export function parseConvexJson(text: string, path = "convex.json"): ConvexJson {
  return parseJsonObject(text, path) as ConvexJson;
}

/**
 * The functions folder, relative to the app (the folder holding convex.json and package.json):
 * convex.json's `functions` ("src/convex/" -> "src/convex"), else "convex". Like the convex CLI
 * (convex/dist/esm/cli/lib/config.js `readProjectConfig`), an app without convex.json whose
 * package.json has `react-scripts` defaults to "src/convex" (pass `pkg` for that rule).
 * Throws a SetupError for a `functions` that is not a string, absolute, or leads out with `..`.
 */
export function functionsDir(convexJson: string | ConvexJson | undefined, pkg?: PackageJson): string {
  if (convexJson === undefined) {
    return pkg && frameworkDeps(pkg).has("react-scripts") ? "src/convex" : "convex";
  }
  const config = typeof convexJson === "string" ? parseConvexJson(convexJson) : convexJson;
  const value = config.functions;
  if (value === undefined) return "convex";
  if (typeof value !== "string" || value.trim() === "") {
    throw new SetupError(
      `convex.json: "functions" must be a folder path relative to the app, got ${JSON.stringify(value)}.`,
    );
  }
  const dir = normalizeDir(value, 'convex.json "functions" folder');
  if (dir === ".") {
    throw new SetupError(`convex.json: "functions" must name a folder inside the app, not the app itself.`);
  }
  return dir;
}
