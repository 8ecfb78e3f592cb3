/**
 * What the app is, read from its files: the frontend framework(s) and the variable names the
 * convex CLI would write for them, the package manager, the workspace root, the functions folder,
 * the kind of auth, the variables auth.config reads, the convex-auth providers and the secrets
 * their naming rules call for, the components, and the env vars the functions read.
 *
 * Pure: the input is an in-memory view of the files ({@link AppFiles}); `adapters/app-reader.ts`
 * collects it from disk. Paths are POSIX and relative to the repository root ("." is the root).
 *
 * Parser: `@babel/parser` 7 (pinned in package.json), loaded lazily with `await import()` so that
 * start-up of the bundle does not pay for it. Why this one:
 * - size: one self-contained file (lib/index.js, 531 KB, no runtime `require`; its dependency
 *   `@babel/types` is only needed for the type declarations). The TypeScript compiler API would
 *   bundle ~9 MB; acorn + @sveltejs/acorn-typescript is ~450 KB but its TypeScript coverage is a
 *   community plugin's. Measured here (Node 20, 2 cores): import ~55 ms, parsing the 137 source
 *   files of the fixtures ~240 ms; acorn+plugin: import ~25 ms, parsing ~330 ms. Both parsed all.
 * - maintenance: the Babel team's parser, released with every Babel release; TypeScript and JSX
 *   are first-class plugins (`satisfies`, `!`, `as`, generics in .tsx).
 * - Babel 8's parser needs Node ^22.18 || >=24.11; this library supports Node >=20, so 7.x.
 * Regexes would be wrong here: the tanstack-start fixture's auth.config.ts mentions
 * `process.env.CLERK_JWT_ISSUER_DOMAIN` in a comment as well as in code.
 */
import { dirname, join, normalize } from "node:path/posix";
import type * as t from "@babel/types";
import { parse as parseYaml } from "yaml";
import { keyName, unwrap } from "./ast.js";
import { SetupError } from "./errors.js";
import { detectPackageManager, LOCKFILES, type PackageManager } from "./project.js";

// ---------------------------------------------------------------------------------------------
// package.json

export interface PackageJson {
  name?: string;
  packageManager?: string;
  workspaces?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Parses a package.json; throws a SetupError naming `path` when it is not a JSON object. */
export function parsePackageJson(text: string, path: string): PackageJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SetupError(`${path} does not hold a JSON object.`);
  }
  return value as PackageJson;
}

function depsOf(record: unknown): string[] {
  return typeof record === "object" && record !== null && !Array.isArray(record) ? Object.keys(record) : [];
}

/**
 * The dependency names the convex CLI looks at: dependencies + devDependencies, not
 * peerDependencies (`loadPackageJson(ctx)` in convex/dist/esm/cli/lib/utils/utils.js is called with
 * includePeerDeps=false by `suggestedEnvVarNames`).
 */
function frameworkDeps(pkg: PackageJson): Set<string> {
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

// ---------------------------------------------------------------------------------------------
// Frameworks

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

// ---------------------------------------------------------------------------------------------
// Paths, workspaces

/** A relative POSIX path in normal form ("." for the root); throws if it escapes or is absolute. */
export function normalizeDir(path: string, what = "path"): string {
  const posix = path.replace(/\\/g, "/");
  if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix)) {
    throw new SetupError(`The ${what} "${path}" is absolute; it must be relative.`);
  }
  const n = normalize(posix === "" ? "." : posix).replace(/\/+$/, "") || ".";
  if (n === ".." || n.startsWith("../")) {
    throw new SetupError(`The ${what} "${path}" leads out of the folder it is relative to (..).`);
  }
  return n;
}

/** `dir` and each parent up to and including "." (the repository root). */
export function ancestors(dir: string): string[] {
  const out = [normalizeDir(dir)];
  while (out[out.length - 1] !== ".") out.push(dirname(out[out.length - 1]!));
  return out;
}

function joinDir(base: string, rel: string): string {
  return normalize(join(base, rel)).replace(/\/+$/, "") || ".";
}

/** `path` relative to `base` when it is inside it, else undefined. */
function within(base: string, path: string): string | undefined {
  if (base === ".") return path;
  if (path === base) return ".";
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
}

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

function isWorkspaceRoot(pkg: PackageJson | undefined, hasPnpmWorkspace: boolean): boolean {
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

/** A package.json's content, or undefined when it is missing or not a JSON object. */
export function tryParsePackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePackageJson(text, "package.json");
  } catch {
    return undefined;
  }
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

// ---------------------------------------------------------------------------------------------
// Package manager

export interface PackageManagerFacts {
  name: PackageManager;
  /** What decided it: `packageManager: <value>` and/or the lockfile names; empty for the default. */
  evidence: string[];
  /** Lockfiles of another package manager also present at the workspace root. */
  otherLockfiles: string[];
}

/**
 * The package manager of the workspace root: its `packageManager` field first, then its lockfiles,
 * else npm (`detectPackageManager` of core/project.ts). `lockfiles`: the names present there.
 */
export function packageManagerOf(
  rootPkg: PackageJson | undefined,
  lockfiles: ReadonlySet<string>,
): PackageManagerFacts {
  const field = typeof rootPkg?.packageManager === "string" ? rootPkg.packageManager : undefined;
  const name = detectPackageManager(lockfiles, field);
  const evidence: string[] = [];
  if (field?.startsWith(`${name}@`)) evidence.push(`packageManager: ${field}`);
  const present = LOCKFILES.filter(([file]) => lockfiles.has(file));
  evidence.push(...present.filter(([, pm]) => pm === name).map(([file]) => file));
  return { name, evidence, otherLockfiles: present.filter(([, pm]) => pm !== name).map(([file]) => file) };
}

// ---------------------------------------------------------------------------------------------
// convex.json

export interface ConvexJson {
  functions?: string;
  [key: string]: unknown;
}

export function parseConvexJson(text: string, path = "convex.json"): ConvexJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SetupError(`${path} does not hold a JSON object.`);
  }
  return value as ConvexJson;
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

// ---------------------------------------------------------------------------------------------
// Auth kind

export type AuthKind = "convex-auth" | "clerk" | "other" | "none";

/** Dependencies that mean a JWT auth other than convex-auth and Clerk. */
const OTHER_AUTH = [/^@convex-dev\/better-auth$/, /^better-auth$/, /^@workos-inc\/authkit/, /^@auth0\//];

function authEvidence(pkg: PackageJson | undefined): { kind: AuthKind; dependency: string } | undefined {
  if (!pkg) return undefined;
  const deps = [...frameworkDeps(pkg)];
  if (deps.includes("@convex-dev/auth")) return { kind: "convex-auth", dependency: "@convex-dev/auth" };
  const clerk = deps.find((d) => d.startsWith("@clerk/"));
  if (clerk) return { kind: "clerk", dependency: clerk };
  const other = deps.find((d) => OTHER_AUTH.some((re) => re.test(d)));
  if (other) return { kind: "other", dependency: other };
  return undefined;
}

export interface AuthDetection {
  kind: AuthKind;
  /** The dependency that decided it, and the folder of its package.json when it was a frontend's. */
  dependency?: string;
  from?: string;
}

/**
 * The kind of auth: "convex-auth" when `@convex-dev/auth` is in the dependencies/devDependencies of
 * the package holding the functions folder; "clerk" when an `@clerk/*` package is; else "none".
 * With `more`: Clerk is often only in the frontends' package.json (the functions need no Clerk
 * package), so those are looked at next; "other" for a known other auth library
 * (`@convex-dev/better-auth`, WorkOS AuthKit, Auth0) or when an auth.config exists regardless.
 */
export function detectAuth(
  pkg: PackageJson | undefined,
  more?: { frontends?: ReadonlyMap<string, PackageJson>; hasAuthConfig?: boolean },
): AuthKind {
  return detectAuthDetail(pkg, more).kind;
}

export function detectAuthDetail(
  pkg: PackageJson | undefined,
  more?: { frontends?: ReadonlyMap<string, PackageJson>; hasAuthConfig?: boolean },
): AuthDetection {
  const own = authEvidence(pkg);
  if (own && (own.kind !== "other" || more)) return own;
  if (more) {
    const found = [...(more.frontends ?? new Map<string, PackageJson>())]
      .map(([dir, p]) => ({ dir, e: authEvidence(p) }))
      .filter((x): x is { dir: string; e: { kind: AuthKind; dependency: string } } => x.e !== undefined);
    const hit = (["convex-auth", "clerk", "other"] as const)
      .map((kind) => found.find((x) => x.e.kind === kind))
      .find((x) => x !== undefined);
    if (hit) return { ...hit.e, from: hit.dir };
    if (more.hasAuthConfig) return { kind: "other" };
  }
  return { kind: "none" };
}

// ---------------------------------------------------------------------------------------------
// Parsing (lazy)

type BabelParse = typeof import("@babel/parser")["parse"];
let parserPromise: Promise<BabelParse> | undefined;

async function loadParser(): Promise<BabelParse> {
  parserPromise ??= import("@babel/parser").then(
    (m) => m.parse ?? (m as unknown as { default: { parse: BabelParse } }).default.parse,
  );
  return parserPromise;
}

/** Parses a module with TypeScript and/or JSX syntax by its extension. Throws a SetupError. */
async function parseModule(source: string, file: string): Promise<t.File> {
  const parse = await loadParser();
  const ts = /\.[cm]?tsx?$/.test(file);
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/.test(file);
  const plugins: Array<"typescript" | "jsx"> = [];
  if (ts) plugins.push("typescript");
  if (jsx) plugins.push("jsx");
  try {
    return parse(source, {
      sourceType: "module",
      plugins,
      errorRecovery: true,
      allowAwaitOutsideFunction: true,
    });
  } catch (error) {
    throw new SetupError(`Could not parse ${file}: ${(error as Error).message}`);
  }
}

const SKIP_KEYS = new Set([
  "loc",
  "start",
  "end",
  "range",
  "extra",
  "leadingComments",
  "trailingComments",
  "innerComments",
  "comments",
  "tokens",
  "errors",
]);

function isNode(value: unknown): value is t.Node {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

/** Visits every node (iteratively: a deeply nested hostile file cannot overflow the stack). */
function walk(root: t.Node, visit: (node: t.Node) => void): void {
  const stack: t.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const record = node as unknown as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (SKIP_KEYS.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as t.Node);
      } else if (isNode(value)) stack.push(value);
    }
  }
}

function isMember(node: t.Node | undefined): node is t.MemberExpression | t.OptionalMemberExpression {
  return node?.type === "MemberExpression" || node?.type === "OptionalMemberExpression";
}

function memberName(node: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  return keyName(node.property, node.computed);
}

/** `process.env` or `globalThis.process.env`. */
function isProcessEnv(node: t.Node | undefined): boolean {
  const n = unwrap(node);
  if (!isMember(n) || memberName(n) !== "env") return false;
  const obj = unwrap(n.object);
  if (obj?.type === "Identifier") return obj.name === "process";
  return isMember(obj) && memberName(obj) === "process" && unwrap(obj.object)?.type === "Identifier"
    ? (unwrap(obj.object) as t.Identifier).name === "globalThis"
    : false;
}

interface ImportBinding {
  source: string;
  /** "default", "*" or the imported name. */
  imported: string;
}

function importsOf(ast: t.File): Map<string, ImportBinding> {
  const out = new Map<string, ImportBinding>();
  for (const stmt of ast.program.body) {
    if (stmt.type !== "ImportDeclaration") continue;
    for (const spec of stmt.specifiers) {
      const imported =
        spec.type === "ImportDefaultSpecifier"
          ? "default"
          : spec.type === "ImportNamespaceSpecifier"
            ? "*"
            : spec.imported.type === "Identifier"
              ? spec.imported.name
              : spec.imported.value;
      out.set(spec.local.name, { source: stmt.source.value, imported });
    }
  }
  return out;
}

/** `./_generated/server`, `../_generated/server.js`, ...: the module whose `env` is process.env. */
const GENERATED_SERVER = /^\.{1,2}\/(?:.*\/)?_generated\/server(?:\.[cm]?[jt]s)?$/;

interface EnvReads {
  names: Set<string>;
  /** `process.env[someVariable]` or `{ ...rest } = process.env`: names not knowable statically. */
  dynamic: boolean;
}

/** The function a `const f = (key) => ...` or `function f(key) {...}` declares, by name. */
function declaredFunctions(ast: t.File): Map<string, t.Function> {
  const out = new Map<string, t.Function>();
  walk(ast, (node) => {
    if (node.type === "FunctionDeclaration" && node.id) out.set(node.id.name, node);
    else if (node.type === "VariableDeclarator" && node.id.type === "Identifier") {
      const init = unwrap(node.init);
      if (init?.type === "ArrowFunctionExpression" || init?.type === "FunctionExpression") {
        out.set(node.id.name, init);
      }
    }
  });
  return out;
}

/**
 * The env var names a module reads: `process.env.X`, `process.env["X"]`, destructuring, `env.X`
 * for `env` imported from `./_generated/server` (the newer templates' typed env), and
 * `required("X")` for a function of the same module that reads `process.env[param]`.
 */
function envReadsOf(ast: t.File): EnvReads {
  const envLocals = new Set<string>();
  const namespaces = new Set<string>();
  for (const [local, b] of importsOf(ast)) {
    if (!GENERATED_SERVER.test(b.source)) continue;
    if (b.imported === "env") envLocals.add(local);
    if (b.imported === "*") namespaces.add(local);
  }
  const isEnvObject = (node: t.Node | null | undefined): boolean => {
    const n = unwrap(node);
    if (n?.type === "Identifier") return envLocals.has(n.name);
    if (isMember(n) && memberName(n) === "env") {
      const obj = unwrap(n.object);
      if (obj?.type === "Identifier" && namespaces.has(obj.name)) return true;
    }
    return isProcessEnv(n);
  };
  // Accessors: functions whose parameter i is the key of an env read (`process.env[key]`).
  const accessors = new Map<string, number>();
  const accessorNodes = new Set<t.Node>();
  for (const [name, fn] of declaredFunctions(ast)) {
    const params = fn.params.map((p) => (p.type === "Identifier" ? p.name : undefined));
    walk(fn.body, (node) => {
      if (!isMember(node) || !node.computed || !isEnvObject(node.object)) return;
      const key = unwrap(node.property);
      const index = key?.type === "Identifier" ? params.indexOf(key.name) : -1;
      if (index >= 0) {
        accessors.set(name, index);
        accessorNodes.add(node);
      }
    });
  }
  const names = new Set<string>();
  let dynamic = false;
  walk(ast, (node) => {
    if (isMember(node) && isEnvObject(node.object)) {
      const name = memberName(node);
      if (name !== undefined) names.add(name);
      else if (!accessorNodes.has(node)) dynamic = true;
    } else if (
      node.type === "VariableDeclarator" &&
      node.id.type === "ObjectPattern" &&
      isEnvObject(node.init)
    ) {
      for (const prop of node.id.properties) {
        if (prop.type === "RestElement") {
          dynamic = true;
          continue;
        }
        const name = keyName(prop.key, prop.computed);
        if (name !== undefined) names.add(name);
        else dynamic = true;
      }
    } else if (node.type === "CallExpression") {
      const callee = unwrap(node.callee);
      const index = callee?.type === "Identifier" ? accessors.get(callee.name) : undefined;
      if (index === undefined) return;
      const arg = unwrap(node.arguments[index]);
      const name = arg ? keyName(arg, true) : undefined;
      if (name !== undefined) names.add(name);
      else dynamic = true;
    }
  });
  return { names, dynamic };
}

/**
 * Library entry points that read env vars themselves, so that an auth.config using them reads
 * them too. `getAuthConfigProvider()` of @convex-dev/better-auth: `src/auth-config.ts` in
 * get-convex/better-auth reads `process.env.CONVEX_SITE_URL` (and throws when it is unset).
 */
const LIBRARY_ENV_READS: ReadonlyArray<{ source: RegExp; imported: string; vars: readonly string[] }> = [
  {
    source: /^@convex-dev\/better-auth\/auth-config$/,
    imported: "getAuthConfigProvider",
    vars: ["CONVEX_SITE_URL"],
  },
];

/** Env vars every Convex deployment sets itself (convex/dist/esm/cli/codegen_templates/server.js). */
export const PLATFORM_ENV_VARS: readonly string[] = ["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"];

/**
 * The env var names `auth.config.ts` / `auth.config.js` reads, sorted: `process.env.X`,
 * `process.env["X"]`, `const { X } = process.env`, `env.X` with `env` from `./_generated/server`,
 * and the variables read by known library helpers it imports.
 */
export async function authConfigEnvVars(source: string, file = "auth.config.ts"): Promise<string[]> {
  const ast = await parseModule(source, file);
  const names = envReadsOf(ast).names;
  const imports = [...importsOf(ast).values()];
  for (const lib of LIBRARY_ENV_READS) {
    if (imports.some((b) => lib.source.test(b.source) && b.imported === lib.imported)) {
      for (const v of lib.vars) names.add(v);
    }
  }
  return [...names].sort();
}

export interface EnvRead {
  name: string;
  /** The files reading it, sorted. */
  files: string[];
}

async function scanEnv(
  sources: ReadonlyMap<string, string>,
): Promise<{ reads: EnvRead[]; dynamic: string[] }> {
  const byName = new Map<string, Set<string>>();
  const dynamic: string[] = [];
  for (const [path, text] of sources) {
    let found: EnvReads;
    try {
      found = envReadsOf(await parseModule(text, path));
    } catch {
      continue; // an unparseable file is reported by the convex CLI itself
    }
    if (found.dynamic) dynamic.push(path);
    for (const name of found.names) {
      const files = byName.get(name) ?? new Set<string>();
      files.add(path);
      byName.set(name, files);
    }
  }
  const reads = [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, files]) => ({ name, files: [...files].sort() }));
  return { reads, dynamic: dynamic.sort() };
}

/** The env var names read anywhere in `sources` (path -> text), each with the files reading it. */
export async function envVarsRead(sources: ReadonlyMap<string, string>): Promise<EnvRead[]> {
  return (await scanEnv(sources)).reads;
}

// ---------------------------------------------------------------------------------------------
// convex-auth providers

export type ProviderKind = "oauth" | "email" | "phone" | "credentials" | "custom";

export interface AuthProvider {
  /** The provider id (`github`, `password`, `resend`); for a custom one, the name it has in code. */
  id: string;
  /** The name it is imported or declared as in auth.ts (`GitHub`). */
  name: string;
  /** The module it comes from (`@auth/core/providers/github`), when known. */
  module: string | undefined;
  kind: ProviderKind;
  /** Whether it is in `convexAuth({ providers: [...] })` (false: imported only). */
  used: boolean;
  /** The variables the deployment needs for it (set by @auth/core's naming, or read by the options). */
  envVars: string[];
  /** Variables it reads when set (`AUTH_<ID>_ISSUER`, an email/phone provider's `AUTH_<ID>_KEY`). */
  optionalEnvVars: string[];
  /** OAuth only: the path of the callback URL on the deployment's site URL. */
  callbackPath?: string;
}

/**
 * How a provider id becomes env var names: @auth/core `setEnvDefaults`
 * (nextauthjs/next-auth packages/core/src/lib/utils/env.ts): `ID = id.toUpperCase().replace(/-/g, "_")`,
 * then `AUTH_${ID}_ID`, `AUTH_${ID}_SECRET` and `AUTH_${ID}_ISSUER` fill an oauth/oidc provider's
 * clientId/clientSecret/issuer, and `AUTH_${ID}_KEY` an email provider's apiKey, each only when
 * the config does not set it (`??=`). @convex-dev/auth calls it on its materialized providers
 * (get-convex/convex-auth src/server/provider_utils.ts `materializeAndDefaultProviders`, which also
 * fills a `phone` provider's apiKey from `AUTH_${ID}_KEY`); its docs
 * (labs.convex.dev/auth/config/oauth/github) set AUTH_GITHUB_ID / AUTH_GITHUB_SECRET and use the
 * callback URL `<site URL>/api/auth/callback/github`.
 */
export function providerEnvPrefix(id: string): string {
  return `AUTH_${id.toUpperCase().replace(/-/g, "_")}`;
}

export function oauthCallbackUrl(siteUrl: string, id: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/api/auth/callback/${id}`;
}

/**
 * @auth/core providers (packages/core/src/providers/<file>.ts): the id is the file name except
 * `ory-hydra` (id "hydra"); type "email" for these, where only the ones with an API key read
 * `AUTH_<ID>_KEY` (nodemailer/email need a `server` in code); credentials/passkey/webauthn need
 * no secret; every other one is oauth/oidc.
 */
const AUTHJS_ID_OVERRIDES: Readonly<Record<string, string>> = { "ory-hydra": "hydra" };
const AUTHJS_EMAIL_WITH_KEY = new Set(["resend", "sendgrid", "postmark", "forwardemail", "mailgun", "loops"]);
const AUTHJS_EMAIL_WITHOUT_KEY = new Set(["nodemailer", "email"]);
const AUTHJS_NO_SECRET = new Set(["credentials", "passkey", "webauthn"]);

/** @convex-dev/auth/providers/<Name> (get-convex/convex-auth src/providers/*.ts): id and type. */
const CONVEX_AUTH_PROVIDERS: Readonly<Record<string, { id: string; kind: ProviderKind }>> = {
  Password: { id: "password", kind: "credentials" },
  Anonymous: { id: "anonymous", kind: "credentials" },
  ConvexCredentials: { id: "credentials", kind: "credentials" },
  Email: { id: "email", kind: "email" },
  Phone: { id: "phone", kind: "phone" },
};

const AUTHJS_MODULE = /^@auth\/core\/providers\/([^/]+?)(?:\.js)?$/;
const CONVEX_AUTH_MODULE = /^@convex-dev\/auth\/providers\/([^/]+?)(?:\.js)?$/;

interface ProviderBase {
  id: string;
  kind: ProviderKind;
  module: string;
}

function providerFromImport(b: ImportBinding): ProviderBase | undefined {
  const authjs = AUTHJS_MODULE.exec(b.source);
  if (authjs && b.imported === "default") {
    const file = authjs[1]!;
    const id = AUTHJS_ID_OVERRIDES[file] ?? file;
    const kind: ProviderKind =
      AUTHJS_EMAIL_WITH_KEY.has(file) || AUTHJS_EMAIL_WITHOUT_KEY.has(file)
        ? "email"
        : AUTHJS_NO_SECRET.has(file)
          ? "credentials"
          : "oauth";
    return { id, kind, module: b.source };
  }
  const convex = CONVEX_AUTH_MODULE.exec(b.source);
  if (convex) {
    const known = CONVEX_AUTH_PROVIDERS[convex[1]!];
    if (known && (b.imported === convex[1] || b.imported === "default"))
      return { ...known, module: b.source };
  }
  return undefined;
}

function envVarsFor(base: ProviderBase, given: ReadonlyMap<string, string[] | undefined>) {
  const prefix = providerEnvPrefix(base.id);
  const envVars: string[] = [];
  const optional: string[] = [];
  // An option set in code wins over the variable (`??=`); its own env reads are what it needs.
  const slot = (option: string, variable: string, required: boolean) => {
    if (given.has(option)) envVars.push(...(given.get(option) ?? []));
    else (required ? envVars : optional).push(variable);
  };
  if (base.kind === "oauth") {
    slot("clientId", `${prefix}_ID`, true);
    slot("clientSecret", `${prefix}_SECRET`, true);
    slot("issuer", `${prefix}_ISSUER`, false);
  } else if (base.kind === "email" || base.kind === "phone") {
    const file = AUTHJS_MODULE.exec(base.module)?.[1];
    if (file && AUTHJS_EMAIL_WITH_KEY.has(file)) slot("apiKey", `${prefix}_KEY`, true);
    else if (!file || !AUTHJS_EMAIL_WITHOUT_KEY.has(file)) slot("apiKey", `${prefix}_KEY`, false);
    else if (given.has("apiKey")) envVars.push(...(given.get("apiKey") ?? []));
  }
  return { envVars: [...new Set(envVars)], optionalEnvVars: optional };
}

interface ModuleScope {
  file: string;
  ast: t.File;
  imports: Map<string, ImportBinding>;
  /** Top-level `const X = <expr>` (exported or not). */
  consts: Map<string, t.Node>;
  defaultExport: t.Node | undefined;
}

function scopeOf(ast: t.File, file: string): ModuleScope {
  const consts = new Map<string, t.Node>();
  let defaultExport: t.Node | undefined;
  for (const stmt of ast.program.body) {
    const decl = stmt.type === "ExportNamedDeclaration" && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type === "VariableDeclaration") {
      for (const d of decl.declarations)
        if (d.id.type === "Identifier" && d.init) consts.set(d.id.name, d.init);
    }
    if (stmt.type === "ExportDefaultDeclaration") defaultExport = stmt.declaration;
  }
  return { file, ast, imports: importsOf(ast), consts, defaultExport };
}

const RESOLVE_EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mts", ".mjs", "/index.ts", "/index.js"];

/** Resolves a relative import of `from` among `sources` (keys in the same coordinates as `from`). */
function resolveRelative(
  from: string,
  spec: string,
  sources: ReadonlyMap<string, string>,
): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = normalize(join(dirname(from), spec));
  const stems = [base, base.replace(/\.(?:js|jsx|mjs|cjs)$/, "")];
  for (const stem of stems)
    for (const ext of RESOLVE_EXTENSIONS) if (sources.has(stem + ext)) return stem + ext;
  return undefined;
}

interface Resolved {
  base: ProviderBase;
  /** Options set in code: option name -> the env vars its value reads. */
  given: Map<string, string[] | undefined>;
  idOverride?: string;
}

interface Resolver {
  sources: ReadonlyMap<string, string>;
  scopes: Map<string, ModuleScope | null>;
}

async function loadScope(resolver: Resolver, file: string): Promise<ModuleScope | undefined> {
  if (resolver.scopes.has(file)) return resolver.scopes.get(file) ?? undefined;
  const text = resolver.sources.get(file);
  let scope: ModuleScope | null = null;
  if (text !== undefined) {
    try {
      scope = scopeOf(await parseModule(text, file), file);
    } catch {
      scope = null;
    }
  }
  resolver.scopes.set(file, scope);
  return scope ?? undefined;
}

function optionsOf(arg: t.Node | undefined): { given: Map<string, string[] | undefined>; id?: string } {
  const given = new Map<string, string[] | undefined>();
  let id: string | undefined;
  const obj = unwrap(arg);
  if (obj?.type !== "ObjectExpression") return { given };
  for (const prop of obj.properties) {
    if (prop.type !== "ObjectProperty") continue;
    const key = keyName(prop.key, prop.computed);
    if (key === undefined) continue;
    const value = unwrap(prop.value);
    if (key === "id" && value?.type === "StringLiteral") id = value.value;
    const reads = new Set<string>();
    if (value) {
      const fake = {
        type: "File",
        program: { type: "Program", body: [], directives: [] },
      } as unknown as t.File;
      void fake;
      walk(value, (n) => {
        if (isMember(n) && isProcessEnv(n.object)) {
          const name = memberName(n);
          if (name) reads.add(name);
        }
      });
    }
    given.set(key, [...reads]);
  }
  return id === undefined ? { given } : { given, id };
}

/** What provider an expression in `scope` is, following consts and one-hop relative imports. */
async function resolveProvider(
  resolver: Resolver,
  scope: ModuleScope,
  node: t.Node | undefined,
  depth: number,
): Promise<Resolved | undefined> {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  if (n.type === "Identifier") {
    const binding = scope.imports.get(n.name);
    if (binding) {
      const base = providerFromImport(binding);
      if (base) return { base, given: new Map() };
      const target = resolveRelative(scope.file, binding.source, resolver.sources);
      if (!target) return undefined;
      const other = await loadScope(resolver, target);
      if (!other) return undefined;
      const expr = binding.imported === "default" ? other.defaultExport : other.consts.get(binding.imported);
      return resolveProvider(resolver, other, expr, depth + 1);
    }
    const init = scope.consts.get(n.name);
    return init ? resolveProvider(resolver, scope, init, depth + 1) : undefined;
  }
  if (n.type === "CallExpression") {
    const callee = await resolveProvider(resolver, scope, n.callee, depth + 1);
    if (!callee) return undefined;
    const { given, id } = optionsOf(n.arguments[0]);
    const merged = new Map([...callee.given, ...given]);
    const idOverride = id ?? callee.idOverride;
    return idOverride === undefined
      ? { base: callee.base, given: merged }
      : { base: callee.base, given: merged, idOverride };
  }
  return undefined;
}

function nameOf(node: t.Node | undefined): string {
  const n = unwrap(node);
  if (n?.type === "Identifier") return n.name;
  if (n?.type === "CallExpression") return nameOf(n.callee);
  if (isMember(n)) return memberName(n) ?? "provider";
  return "provider";
}

/** The elements of a `providers` array, through spreads and conditionals. */
function arrayElements(scope: ModuleScope, node: t.Node | undefined, depth = 0): t.Node[] {
  const n = unwrap(node);
  if (!n || depth > 4) return [];
  if (n.type === "Identifier") return arrayElements(scope, scope.consts.get(n.name), depth + 1);
  if (n.type === "ConditionalExpression") {
    return [
      ...arrayElements(scope, n.consequent, depth + 1),
      ...arrayElements(scope, n.alternate, depth + 1),
    ];
  }
  if (n.type === "LogicalExpression") return arrayElements(scope, n.right, depth + 1);
  if (n.type !== "ArrayExpression") return [];
  const out: t.Node[] = [];
  for (const el of n.elements) {
    if (!el) continue;
    if (el.type === "SpreadElement") out.push(...arrayElements(scope, el.argument, depth + 1));
    else out.push(el);
  }
  return out;
}

/**
 * The providers of `convex/auth.ts`: those in `convexAuth({ providers: [...] })` (used: true), in
 * order, then the provider modules imported but not used (used: false). Follows a `const` in the
 * file and, given `options.sources` (path -> text, `options.file` in the same coordinates), a
 * provider defined in a sibling module (`import { ResendOTP } from "./ResendOTP"`).
 */
export async function authProviders(
  authTsSource: string,
  options: { file?: string; sources?: ReadonlyMap<string, string> } = {},
): Promise<AuthProvider[]> {
  const file = options.file ?? "auth.ts";
  const scope = scopeOf(await parseModule(authTsSource, file), file);
  const resolver: Resolver = { sources: options.sources ?? new Map(), scopes: new Map([[file, scope]]) };
  const convexAuthLocals = new Set(
    [...scope.imports]
      .filter(([, b]) => /^@convex-dev\/auth\/server(?:\.js)?$/.test(b.source) && b.imported === "convexAuth")
      .map(([local]) => local),
  );
  const elements: t.Node[] = [];
  walk(scope.ast, (node) => {
    if (node.type !== "CallExpression") return;
    const callee = unwrap(node.callee);
    if (callee?.type !== "Identifier" || !convexAuthLocals.has(callee.name)) return;
    const arg = unwrap(node.arguments[0]);
    if (arg?.type !== "ObjectExpression") return;
    for (const prop of arg.properties) {
      if (prop.type === "ObjectProperty" && keyName(prop.key, prop.computed) === "providers") {
        elements.push(...arrayElements(scope, prop.value));
      }
    }
  });
  const out: AuthProvider[] = [];
  const usedModules = new Set<string>();
  for (const el of elements) {
    const resolved = await resolveProvider(resolver, scope, el, 0);
    const name = nameOf(el);
    if (!resolved) {
      out.push({
        id: name,
        name,
        module: undefined,
        kind: "custom",
        used: true,
        envVars: [],
        optionalEnvVars: [],
      });
      continue;
    }
    usedModules.add(resolved.base.module);
    const base = { ...resolved.base, id: resolved.idOverride ?? resolved.base.id };
    out.push(provider(base, name, true, resolved.given));
  }
  for (const [local, binding] of scope.imports) {
    const base = providerFromImport(binding);
    if (base && !usedModules.has(base.module)) out.push(provider(base, local, false, new Map()));
  }
  return out;
}

function provider(
  base: ProviderBase,
  name: string,
  used: boolean,
  given: ReadonlyMap<string, string[] | undefined>,
): AuthProvider {
  return {
    id: base.id,
    name,
    module: base.module,
    kind: base.kind,
    used,
    ...envVarsFor(base, given),
    ...(base.kind === "oauth" ? { callbackPath: `/api/auth/callback/${base.id}` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Components

const COMPONENT_CONFIG = /^(.*)\/convex\.config(?:\.[cm]?[jt]s)?$/;

/** The components `convex.config.ts` installs with `app.use(x)`, by package (or relative path). */
export async function componentsUsed(source: string, file = "convex.config.ts"): Promise<string[]> {
  const ast = await parseModule(source, file);
  const byLocal = new Map<string, string>();
  for (const [local, b] of importsOf(ast)) {
    const m = COMPONENT_CONFIG.exec(b.source);
    if (m && b.imported === "default") byLocal.set(local, m[1]!);
  }
  const out: string[] = [];
  walk(ast, (node) => {
    if (node.type !== "CallExpression") return;
    const callee = unwrap(node.callee);
    if (!isMember(callee) || memberName(callee) !== "use") return;
    const arg = unwrap(node.arguments[0]);
    const pkg = arg?.type === "Identifier" ? byLocal.get(arg.name) : undefined;
    if (pkg && !out.includes(pkg)) out.push(pkg);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The whole app

/** What {@link describeApp} reads. Every path is POSIX, relative to the repository root. */
export interface AppFiles {
  /** The app's folder (package.json, convex.json and the functions folder's parent); "." = root. */
  workingDirectory: string;
  /** Folder -> package.json text: each folder from the working directory up to the root, and the
   * workspace's member packages. Other entries are ignored unless they are workspace members. */
  packageJsons: ReadonlyMap<string, string>;
  /** Folder -> pnpm-workspace.yaml text. */
  pnpmWorkspaces: ReadonlyMap<string, string>;
  /** Lockfile paths present (only those at the workspace root count). */
  lockfiles: ReadonlySet<string>;
  /** The text of `<workingDirectory>/convex.json`, when it exists. */
  convexJson?: string;
  /** Whether the functions folder exists (default: whether any source is in it). */
  functionsDirExists?: boolean;
  /** Path -> text of the functions folder's source files (others, and `_generated/`, are ignored). */
  sources: ReadonlyMap<string, string>;
}

export interface Frontend {
  dir: string;
  framework: FrameworkId;
  urlVar: string;
  siteUrlVar: string;
  devPort: number | undefined;
  /** Whether its package.json lists `convex` itself (else it uses the backend package). */
  dependsOnConvex: boolean;
}

export interface AppFacts {
  workingDirectory: string;
  workspaceRoot: string;
  /** The workspace patterns of the workspace root (empty for a single package). */
  workspacePatterns: string[];
  packageManager: PackageManager;
  packageManagerEvidence: string[];
  otherLockfiles: string[];
  /** Where the working directory's package.json lists `convex`. */
  convexDependency: "dependencies" | "devDependencies" | "peerDependencies" | undefined;
  /** Other packages (folders) listing `convex`. */
  convexDependents: string[];
  convexJson: ConvexJson | undefined;
  /** The functions folder, relative to the repository root. */
  functionsDir: string;
  functionsDirExists: boolean;
  /** Packages the convex URL is for: the working directory's (if it has a framework), and the
   * workspace members with a framework that depend on `convex` or on the working directory's package. */
  frontends: Frontend[];
  auth: AuthKind;
  /** The dependency that decided `auth`, and the folder whose package.json lists it. */
  authDependency: string | undefined;
  authDependencyDir: string | undefined;
  authConfigFile: string | undefined;
  authConfigEnv: string[];
  authFile: string | undefined;
  providers: AuthProvider[];
  components: string[];
  envVarsRead: EnvRead[];
  /** Files reading env vars by a computed name (`process.env[key]`) that could not be resolved. */
  dynamicEnvReads: string[];
  /** Files that could not be read as expected; the facts that depend on them are left out. */
  warnings: string[];
}

const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

function firstExisting(sources: ReadonlyMap<string, string>, dir: string, stem: string): string | undefined {
  for (const ext of [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx", ".cts", ".cjs"]) {
    const path = dir === "." ? `${stem}${ext}` : `${dir}/${stem}${ext}`;
    if (sources.has(path)) return path;
  }
  return undefined;
}

/** Derives {@link AppFacts} from the collected files. Throws a SetupError for a working directory
 * that leads out of the repository, an invalid package.json there, or an invalid convex.json. */
export async function describeApp(files: AppFiles): Promise<AppFacts> {
  const warnings: string[] = [];
  const wd = normalizeDir(files.workingDirectory, "working directory");
  const pkgPath = (dir: string) => (dir === "." ? "package.json" : `${dir}/package.json`);
  const parsed = new Map<string, PackageJson>();
  for (const [rawDir, text] of files.packageJsons) {
    const dir = normalizeDir(rawDir);
    try {
      parsed.set(dir, parsePackageJson(text, pkgPath(dir)));
    } catch (error) {
      if (dir === wd) throw error;
      warnings.push((error as Error).message);
    }
  }
  const texts = new Map([...files.packageJsons].map(([d, s]) => [normalizeDir(d), s]));
  const pnpm = new Map([...files.pnpmWorkspaces].map(([d, s]) => [normalizeDir(d), s]));
  const workspaceRoot = findWorkspaceRoot(wd, texts, pnpm);
  const rootPkg = parsed.get(workspaceRoot);
  const isMonorepo = isWorkspaceRoot(rootPkg, pnpm.has(workspaceRoot));
  const patterns = isMonorepo ? workspacePatterns(rootPkg, pnpm.get(workspaceRoot)) : [];

  const lockfiles = new Set<string>();
  for (const path of files.lockfiles) {
    const n = normalizeDir(path);
    if (dirname(n) === workspaceRoot) lockfiles.add(n.slice(n.lastIndexOf("/") + 1));
  }
  const pm = packageManagerOf(rootPkg, lockfiles);

  const wdPkg = parsed.get(wd);
  if (!wdPkg) warnings.push(`No package.json in ${wd}: the convex CLI needs one there.`);
  const convexJson =
    files.convexJson === undefined
      ? undefined
      : parseConvexJson(files.convexJson, wd === "." ? "convex.json" : `${wd}/convex.json`);
  const fnDir = joinDir(wd, functionsDir(convexJson, wdPkg));

  const sources = new Map<string, string>();
  for (const [path, text] of files.sources) {
    const rel = within(fnDir, normalizeDir(path));
    if (rel === undefined || !SOURCE_FILE.test(rel) || rel.endsWith(".d.ts")) continue;
    if (rel.split("/").some((seg) => seg === "_generated" || seg === "node_modules")) continue;
    sources.set(normalizeDir(path), text);
  }
  const functionsDirExists = files.functionsDirExists ?? sources.size > 0;

  // Frontends: the working directory, and workspace members that use the backend.
  const members = isMonorepo
    ? [...parsed.keys()]
        .filter((dir) => dir !== workspaceRoot && dir !== wd)
        .filter((dir) => {
          const rel = within(workspaceRoot, dir);
          return rel !== undefined && isWorkspaceMember(rel, patterns);
        })
        .sort()
    : [];
  const frontendOf = (dir: string): Frontend => {
    const f = detectFramework(parsed.get(dir));
    return {
      dir,
      framework: f.id,
      urlVar: f.urlVar,
      siteUrlVar: f.siteUrlVar,
      devPort: f.devPort,
      dependsOnConvex: dependencyKind(parsed.get(dir), "convex") !== undefined,
    };
  };
  const backendName = wdPkg?.name;
  const frontends: Frontend[] = [];
  if (detectFramework(wdPkg).id !== "none") frontends.push(frontendOf(wd));
  for (const dir of members) {
    const pkg = parsed.get(dir);
    if (detectFramework(pkg).id === "none") continue;
    const usesBackend =
      dependencyKind(pkg, "convex") !== undefined ||
      (backendName !== undefined && dependencyKind(pkg, backendName) !== undefined);
    if (usesBackend) frontends.push(frontendOf(dir));
  }
  if (frontends.length === 0) frontends.push(frontendOf(wd));

  const relevant = new Set([...ancestors(wd), ...members]);
  const convexDependents = [...relevant]
    .filter((dir) => dir !== wd && dependencyKind(parsed.get(dir), "convex") !== undefined)
    .sort();

  const authConfigFile = firstExisting(sources, fnDir, "auth.config");
  let authConfigEnv: string[] = [];
  if (authConfigFile) {
    try {
      authConfigEnv = await authConfigEnvVars(sources.get(authConfigFile)!, authConfigFile);
    } catch (error) {
      warnings.push((error as Error).message);
    }
  }
  const frontendPkgs = new Map(
    frontends
      .filter((f) => f.dir !== wd)
      .map((f) => [f.dir, parsed.get(f.dir)] as const)
      .filter((e): e is readonly [string, PackageJson] => e[1] !== undefined),
  );
  const auth = detectAuthDetail(wdPkg, {
    frontends: frontendPkgs,
    hasAuthConfig: authConfigFile !== undefined,
  });

  const authFile = firstExisting(sources, fnDir, "auth");
  let providers: AuthProvider[] = [];
  if (authFile) {
    try {
      providers = await authProviders(sources.get(authFile)!, { file: authFile, sources });
    } catch (error) {
      warnings.push((error as Error).message);
    }
  }
  const configFile = firstExisting(sources, fnDir, "convex.config");
  let components: string[] = [];
  if (configFile) {
    try {
      components = await componentsUsed(sources.get(configFile)!, configFile);
    } catch (error) {
      warnings.push((error as Error).message);
    }
  }

  const env = await scanEnv(sources);
  return {
    workingDirectory: wd,
    workspaceRoot,
    workspacePatterns: patterns,
    packageManager: pm.name,
    packageManagerEvidence: pm.evidence,
    otherLockfiles: pm.otherLockfiles,
    convexDependency: dependencyKind(wdPkg, "convex"),
    convexDependents,
    convexJson,
    functionsDir: fnDir,
    functionsDirExists,
    frontends,
    auth: auth.kind,
    authDependency: auth.dependency,
    authDependencyDir: auth.dependency === undefined ? undefined : (auth.from ?? wd),
    authConfigFile,
    authConfigEnv,
    authFile,
    providers,
    components,
    envVarsRead: env.reads,
    dynamicEnvReads: env.dynamic,
    warnings,
  };
}
