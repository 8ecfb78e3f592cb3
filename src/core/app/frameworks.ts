/** The frontend frameworks, and the variable names the convex CLI writes for each. */
import { frameworkDeps, type PackageJson } from "./package-json.js";

export type FrameworkId =
  | "create-react-app"
  | "nextjs"
  | "expo"
  | "sveltekit"
  | "tanstack-start"
  | "vite"
  | "remix"
  | "none";

export interface Framework {
  id: FrameworkId;
  label: string;
  /** `detectedFramework` as the convex CLI names it (undefined: it detects none). */
  cliName: string | undefined;
  /** Any of these in dependencies/devDependencies selects the framework. */
  dependencies: readonly string[];
  /** The prefix that exposes a variable to the browser bundle ("" for none). */
  publicPrefix: string;
  urlVar: string;
  siteUrlVar: string;
  /** The dev server's default port (`frontendDevUrl`); undefined for Expo and none. */
  devPort: number | undefined;
}

function framework(
  id: FrameworkId,
  label: string,
  cliName: string | undefined,
  dependencies: readonly string[],
  publicPrefix: string,
  devPort: number | undefined,
): Framework {
  return {
    id,
    label,
    cliName,
    dependencies,
    publicPrefix,
    urlVar: `${publicPrefix}CONVEX_URL`,
    siteUrlVar: `${publicPrefix}CONVEX_SITE_URL`,
    devPort,
  };
}

/**
 * The convex CLI's rules, in its order (first match wins): convex@1.48.0
 * `dist/esm/cli/lib/envvars.js`, `suggestedEnvVarNames`. The dev ports are its `frontendDevUrl`
 * values in that same function (http://localhost:3000 for create-react-app, Next.js, TanStackStart
 * and Remix; http://localhost:5173 for SvelteKit and Vite; none for Expo). No other file of the
 * convex dist names a frontend dev URL (searched for `frontendDevUrl`, `localhost:3000`, `:5173`).
 */
export const FRAMEWORKS: readonly Framework[] = [
  framework(
    "create-react-app",
    "Create React App",
    "create-react-app",
    ["react-scripts"],
    "REACT_APP_",
    3000,
  ),
  framework("nextjs", "Next.js", "Next.js", ["next"], "NEXT_PUBLIC_", 3000),
  framework("expo", "Expo", "Expo", ["expo"], "EXPO_PUBLIC_", undefined),
  framework("sveltekit", "SvelteKit", "SvelteKit", ["@sveltejs/kit"], "PUBLIC_", 5173),
  framework(
    "tanstack-start",
    "TanStack Start",
    "TanStackStart",
    ["@tanstack/start", "@tanstack/react-start"],
    "VITE_",
    3000,
  ),
  framework("vite", "Vite", "Vite", ["vite"], "VITE_", 5173),
  framework("remix", "Remix", "Remix", ["@remix-run/dev"], "", 3000),
  framework("none", "no framework", undefined, [], "", undefined),
];

const NO_FRAMEWORK = FRAMEWORKS[FRAMEWORKS.length - 1]!;

/** The framework of one package.json, by the convex CLI's rules (none without a package.json). */
export function detectFramework(pkg: PackageJson | undefined): Framework {
  if (!pkg) return NO_FRAMEWORK;
  const deps = frameworkDeps(pkg);
  return FRAMEWORKS.find((f) => f.dependencies.some((d) => deps.has(d))) ?? NO_FRAMEWORK;
}
