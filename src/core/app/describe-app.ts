/**
 * The whole app, read from its files: what {@link describeApp} derives from the in-memory view
 * `adapters/app-reader.ts` collects from disk.
 */
import { dirname } from "node:path/posix";
import { SOURCE_EXTENSIONS, SOURCE_FILE } from "../ast.js";
import type { PackageManager } from "../project.js";
import { type AuthKind, detectAuthDetail } from "./auth-kind.js";
import { authConfigUsesBetterAuth, betterAuthComponent } from "./better-auth.js";
import { componentsUsed } from "./components.js";
import { type ConvexJson, functionsDir, parseConvexJson } from "./convex-json.js";
import { authConfigEnvVars, type EnvRead, scanEnv } from "./env-reads.js";
import { detectFramework, type FrameworkId } from "./frameworks.js";
import { dependencyKind, type PackageJson, parsePackageJson } from "./package-json.js";
import { packageManagerOf } from "./package-manager.js";
import { ancestors, joinDir, normalizeDir, within } from "./paths.js";
import { type AuthProvider, authProviders } from "./providers.js";
import { findWorkspaceRoot, isWorkspaceMember, isWorkspaceRoot, workspacePatterns } from "./workspaces.js";

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
  /** What in the functions' code decided `auth` (Better Auth's auth.config provider or component). */
  authCode: string | undefined;
  authConfigFile: string | undefined;
  authConfigEnv: string[];
  authFile: string | undefined;
  providers: AuthProvider[];
  components: string[];
  envVarsRead: EnvRead[];
  /** Files reading env vars by a computed name (`process.env[key]`) that could not be resolved. */
  dynamicEnvReads: string[];
  /**
   * Frontend folder (relative to the root) -> the URL variables its own code reads
   * (core/app/frontend-env.ts). Filled by the reader for the folders it is asked about; empty here.
   */
  frontendEnvReads: Map<string, EnvRead[]>;
  /** Files that could not be read as expected; the facts that depend on them are left out. */
  warnings: string[];
}

function firstExisting(sources: ReadonlyMap<string, string>, dir: string, stem: string): string | undefined {
  for (const ext of SOURCE_EXTENSIONS) {
    const path = dir === "." ? `${stem}${ext}` : `${dir}/${stem}${ext}`;
    if (sources.has(path)) return path;
  }
  return undefined;
}

/** Runs `read`; what it throws becomes a warning and the result `fallback`. */
async function readOrWarn<T>(warnings: string[], fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    warnings.push((error as Error).message);
    return fallback;
  }
}

/** Folder -> parsed package.json; an invalid one is a warning, except the working directory's. */
function parsePackageJsons(
  texts: ReadonlyMap<string, string>,
  wd: string,
  warnings: string[],
): Map<string, PackageJson> {
  const parsed = new Map<string, PackageJson>();
  for (const [rawDir, text] of texts) {
    const dir = normalizeDir(rawDir);
    try {
      parsed.set(dir, parsePackageJson(text, dir === "." ? "package.json" : `${dir}/package.json`));
    } catch (error) {
      if (dir === wd) throw error;
      warnings.push((error as Error).message);
    }
  }
  return parsed;
}

interface Workspace {
  root: string;
  patterns: string[];
  /** Member packages other than the root and the working directory, sorted. */
  members: string[];
}

function workspaceOf(files: AppFiles, wd: string, parsed: ReadonlyMap<string, PackageJson>): Workspace {
  const texts = new Map([...files.packageJsons].map(([d, s]) => [normalizeDir(d), s]));
  const pnpm = new Map([...files.pnpmWorkspaces].map(([d, s]) => [normalizeDir(d), s]));
  const root = findWorkspaceRoot(wd, texts, pnpm);
  const rootPkg = parsed.get(root);
  const isMonorepo = isWorkspaceRoot(rootPkg, pnpm.has(root));
  const patterns = isMonorepo ? workspacePatterns(rootPkg, pnpm.get(root)) : [];
  const members = isMonorepo
    ? [...parsed.keys()]
        .filter((dir) => dir !== root && dir !== wd)
        .filter((dir) => {
          const rel = within(root, dir);
          return rel !== undefined && isWorkspaceMember(rel, patterns);
        })
        .sort()
    : [];
  return { root, patterns, members };
}

/** The names of the lockfiles at the workspace root. */
function rootLockfiles(paths: ReadonlySet<string>, root: string): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    const n = normalizeDir(path);
    if (dirname(n) === root) out.add(n.slice(n.lastIndexOf("/") + 1));
  }
  return out;
}

/** The source files of the functions folder, without `_generated/`, `node_modules/` and `.d.ts`. */
function functionSources(all: ReadonlyMap<string, string>, fnDir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [path, text] of all) {
    const rel = within(fnDir, normalizeDir(path));
    if (rel === undefined || !SOURCE_FILE.test(rel) || rel.endsWith(".d.ts")) continue;
    if (rel.split("/").some((seg) => seg === "_generated" || seg === "node_modules")) continue;
    sources.set(normalizeDir(path), text);
  }
  return sources;
}

/** The working directory (with a framework), and the members with a framework that use the backend. */
function frontendsOf(parsed: ReadonlyMap<string, PackageJson>, wd: string, members: string[]): Frontend[] {
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
  const backendName = parsed.get(wd)?.name;
  const frontends: Frontend[] = [];
  if (detectFramework(parsed.get(wd)).id !== "none") frontends.push(frontendOf(wd));
  for (const dir of members) {
    const pkg = parsed.get(dir);
    if (detectFramework(pkg).id === "none") continue;
    const usesBackend =
      dependencyKind(pkg, "convex") !== undefined ||
      (backendName !== undefined && dependencyKind(pkg, backendName) !== undefined);
    if (usesBackend) frontends.push(frontendOf(dir));
  }
  if (frontends.length === 0) frontends.push(frontendOf(wd));
  return frontends;
}

type AuthFacts = Pick<
  AppFacts,
  | "auth"
  | "authDependency"
  | "authDependencyDir"
  | "authCode"
  | "authConfigFile"
  | "authConfigEnv"
  | "authFile"
  | "providers"
>;

/** Better Auth in the functions' code: auth.config's provider first, then the component. */
async function betterAuthCode(
  authConfigFile: string | undefined,
  sources: ReadonlyMap<string, string>,
  components: readonly string[],
  configFile: string | undefined,
): Promise<string | undefined> {
  if (authConfigFile) {
    const uses = await authConfigUsesBetterAuth(sources.get(authConfigFile)!, authConfigFile).catch(
      () => false,
    );
    if (uses) return `${authConfigFile} uses @convex-dev/better-auth (getAuthConfigProvider)`;
  }
  const component = betterAuthComponent(components);
  return component && configFile ? `${configFile} installs the component ${component}` : undefined;
}

/** The auth kind, auth.config's variables and auth.ts's providers. */
async function authOf(
  app: {
    wd: string;
    fnDir: string;
    sources: ReadonlyMap<string, string>;
    frontends: Frontend[];
    components: string[];
    configFile: string | undefined;
  },
  parsed: ReadonlyMap<string, PackageJson>,
  warnings: string[],
): Promise<AuthFacts> {
  const { wd, fnDir, sources } = app;
  const authConfigFile = firstExisting(sources, fnDir, "auth.config");
  const authConfigEnv = authConfigFile
    ? await readOrWarn(warnings, [], () => authConfigEnvVars(sources.get(authConfigFile)!, authConfigFile))
    : [];
  const code = await betterAuthCode(authConfigFile, sources, app.components, app.configFile);
  const frontendPkgs = new Map(
    app.frontends
      .filter((f) => f.dir !== wd)
      .map((f) => [f.dir, parsed.get(f.dir)] as const)
      .filter((e): e is readonly [string, PackageJson] => e[1] !== undefined),
  );
  const auth = detectAuthDetail(parsed.get(wd), {
    frontends: frontendPkgs,
    hasAuthConfig: authConfigFile !== undefined,
    ...(code ? { betterAuthCode: code } : {}),
  });
  const authFile = firstExisting(sources, fnDir, "auth");
  const providers = authFile
    ? await readOrWarn(warnings, [], () => authProviders(sources.get(authFile)!, { file: authFile, sources }))
    : [];
  return {
    auth: auth.kind,
    authDependency: auth.dependency,
    authDependencyDir: auth.dependency === undefined ? undefined : (auth.from ?? wd),
    authCode: auth.code,
    authConfigFile,
    authConfigEnv,
    authFile,
    providers,
  };
}

/** Derives {@link AppFacts} from the collected files. Throws a SetupError for a working directory
 * that leads out of the repository, an invalid package.json there, or an invalid convex.json. */
export async function describeApp(files: AppFiles): Promise<AppFacts> {
  const warnings: string[] = [];
  const wd = normalizeDir(files.workingDirectory, "working directory");
  const parsed = parsePackageJsons(files.packageJsons, wd, warnings);
  const workspace = workspaceOf(files, wd, parsed);
  const pm = packageManagerOf(parsed.get(workspace.root), rootLockfiles(files.lockfiles, workspace.root));

  const wdPkg = parsed.get(wd);
  if (!wdPkg) warnings.push(`No package.json in ${wd}: the convex CLI needs one there.`);
  const convexJson =
    files.convexJson === undefined
      ? undefined
      : parseConvexJson(files.convexJson, wd === "." ? "convex.json" : `${wd}/convex.json`);
  const fnDir = joinDir(wd, functionsDir(convexJson, wdPkg));
  const sources = functionSources(files.sources, fnDir);

  const frontends = frontendsOf(parsed, wd, workspace.members);
  const convexDependents = [...new Set([...ancestors(wd), ...workspace.members])]
    .filter((dir) => dir !== wd && dependencyKind(parsed.get(dir), "convex") !== undefined)
    .sort();
  const configFile = firstExisting(sources, fnDir, "convex.config");
  const components = configFile
    ? await readOrWarn(warnings, [], () => componentsUsed(sources.get(configFile)!, configFile))
    : [];
  const auth = await authOf({ wd, fnDir, sources, frontends, components, configFile }, parsed, warnings);
  const env = await scanEnv(sources);
  return {
    workingDirectory: wd,
    workspaceRoot: workspace.root,
    workspacePatterns: workspace.patterns,
    packageManager: pm.name,
    packageManagerEvidence: pm.evidence,
    otherLockfiles: pm.otherLockfiles,
    convexDependency: dependencyKind(wdPkg, "convex"),
    convexDependents,
    convexJson,
    functionsDir: fnDir,
    functionsDirExists: files.functionsDirExists ?? sources.size > 0,
    frontends,
    ...auth,
    components,
    envVarsRead: env.reads,
    dynamicEnvReads: env.dynamic,
    frontendEnvReads: new Map(),
    warnings,
  };
}
