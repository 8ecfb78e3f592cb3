/**
 * What `init` adds to an app so that it runs with @convex-dev/auth and with this tool: the four
 * functions files @convex-dev/auth needs (schema.ts with `authTables`, auth.ts, auth.config.ts,
 * http.ts), the functions folder's tsconfig.json, package.json scripts calling this tool, and
 * the install command for the packages the app lacks. Never overwrites: an existing file is
 * checked with a parser and what it lacks becomes advice; package.json only gets scripts added.
 *
 * Pure: the input is the files' texts, the output a plan (texts to write, advice, commands). The
 * parser (core/ast.ts) is loaded lazily on first use.
 *
 * Compared with what `npx @convex-dev/auth` writes (get-convex/convex-auth 0.0.95,
 * src/cli/index.ts: auth.config.ts, auth.ts, http.ts; it leaves the schema to the user) and the
 * get-convex/templates `template-react-vite-convexauth` app (the same three plus schema.ts with
 * `...authTables`). Differences: auth.config.ts reads `process.env.CONVEX_SITE_URL` (the
 * templates' `env` from `./_generated/server` only exists after codegen, and `AuthConfig` only
 * from convex 1.27.5 while @convex-dev/auth accepts convex ^1.17), and the providers are Password
 * and Anonymous (no secrets, so the app signs in as soon as `up` has run).
 */
import type * as t from "@babel/types";
import { type PackageJson, parsePackageJson } from "./app/package-json.js";
import { CONVEX_AUTH_SERVER } from "./app/providers.js";
import {
  eachNode,
  envObjectTest,
  importsOf,
  isEnvMember,
  isMember,
  keyName,
  localsOf,
  memberName,
  ParseError,
  parseJsonc,
  parseModule,
  SOURCE_EXTENSIONS,
  topLevelOf,
  unwrap,
} from "./ast.js";
import { SetupError } from "./errors.js";
import type { PackageManager } from "./project.js";

// ---------------------------------------------------------------------------------------------
// What is scaffolded

/**
 * `@auth/core` for @convex-dev/auth 0.0.95: its peerDependencies say `^0.41.1`, and its setup
 * docs (docs/pages/setup.mdx) install `@auth/core@0.41.1`. Package managers save `^0.41.1`.
 */
export const AUTH_CORE_SPEC = "@auth/core@0.41.1";

/** Runtime packages the functions import: name -> what to install when it is missing. */
export const RUNTIME_PACKAGES: ReadonlyArray<readonly [name: string, spec: string]> = [
  ["convex", "convex"],
  ["@convex-dev/auth", "@convex-dev/auth"],
  ["@auth/core", AUTH_CORE_SPEC],
];

/** Type packages the scaffold needs to typecheck: auth.config.ts reads `process.env`. */
export const DEV_PACKAGES: ReadonlyArray<readonly [name: string, spec: string]> = [
  ["@types/node", "@types/node"],
];

/** package.json scripts: this tool's commands for the app in the package's folder. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  "convex:up": "setup-coder-convex up",
  "convex:down": "setup-coder-convex down",
  "convex:status": "setup-coder-convex status",
  "convex:logs": "setup-coder-convex logs",
};

export const TEMPLATES = {
  schema: `import { authTables } from "@convex-dev/auth/server";
import { defineSchema } from "convex/server";

// @convex-dev/auth keeps users, accounts, sessions and tokens in \`authTables\` and queries them
// by their indexes, so the schema must include them. The app's own tables go next to them, e.g.
//   messages: defineTable({ body: v.string(), userId: v.id("users") }),
export default defineSchema({
  ...authTables,
});
`,
  auth: `import { Anonymous } from "@convex-dev/auth/providers/Anonymous";
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";

// Sign-in with an email and a password, or as a guest; neither needs a secret. The client calls
// \`signIn\` and \`signOut\`, and @convex-dev/auth itself calls \`store\`: keep them exported here.
export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [Password, Anonymous],
});
`,
  authConfig: `// The backend accepts the tokens @convex-dev/auth signs: issued by this deployment's own site
// URL (CONVEX_SITE_URL, which the backend sets) for the application "convex".
export default {
  providers: [
    {
      domain: process.env.CONVEX_SITE_URL,
      applicationID: "convex",
    },
  ],
};
`,
  http: `import { httpRouter } from "convex/server";
import { auth } from "./auth";

const http = httpRouter();

// /api/auth/* (sign-in, OAuth callbacks) and /.well-known/openid-configuration and jwks.json,
// where the backend finds the keys that check the tokens.
auth.addHttpRoutes(http);

export default http;
`,
  // The settings the convex CLI writes into a new functions folder (convex 1.48.0,
  // dist/esm/cli/codegen_templates/tsconfig.js). @convex-dev/auth needs both "Bundler" (with
  // Node10, tsc finds no @convex-dev/auth/providers/*: they are package exports only) and
  // skipLibCheck (@auth/core 0.41's declarations import names its types.d.ts does not export).
  tsconfig: `{
  /* How the Convex functions in this folder are typechecked (the convex CLI runs tsc with it). */
  "compilerOptions": {
    "allowJs": true,
    "strict": true,
    "moduleResolution": "Bundler",
    "jsx": "react-jsx",
    "skipLibCheck": true,
    "allowSyntheticDefaultImports": true,
    "target": "ESNext",
    "lib": ["ES2023", "dom"],
    "forceConsistentCasingInFileNames": true,
    "module": "ESNext",
    "isolatedModules": true,
    "noEmit": true
  },
  "include": ["./**/*"],
  "exclude": ["./_generated"]
}
`,
} as const;

type FileKind = keyof typeof TEMPLATES;

interface FileSpec {
  kind: FileKind;
  /** The module name without extension (or the full name for tsconfig.json). */
  stem: string;
  /** What an existing, complete file does: "= convex/http.ts already <ok>". */
  ok: string;
}

const FILE_SPECS: readonly FileSpec[] = [
  { kind: "schema", stem: "schema", ok: "includes authTables" },
  { kind: "auth", stem: "auth", ok: "exports auth, signIn, signOut and store from convexAuth" },
  { kind: "authConfig", stem: "auth.config", ok: "trusts CONVEX_SITE_URL for applicationID convex" },
  { kind: "http", stem: "http", ok: "routes auth (auth.addHttpRoutes)" },
  {
    kind: "tsconfig",
    stem: "tsconfig.json",
    ok: "is set up for @convex-dev/auth (moduleResolution, skipLibCheck)",
  },
];

function joinPath(dir: string, name: string): string {
  return dir === "." || dir === "" ? name : `${dir}/${name}`;
}

function candidatesOf(functionsDir: string, spec: FileSpec): string[] {
  if (spec.kind === "tsconfig") return [joinPath(functionsDir, spec.stem)];
  return SOURCE_EXTENSIONS.map((ext) => joinPath(functionsDir, `${spec.stem}${ext}`));
}

/**
 * Every path {@link planScaffold} looks at, relative to the app: each file in each extension a
 * Convex module may have, and the functions folder's tsconfig.json. Read these into `existing`.
 */
export function candidatePaths(functionsDir: string): string[] {
  return FILE_SPECS.flatMap((spec) => candidatesOf(functionsDir, spec));
}

// ---------------------------------------------------------------------------------------------
// The plan

export type ScaffoldAction = "create" | "exists-ok" | "exists-missing";

export interface ScaffoldFile {
  /** Relative to the app: the file created, or the existing one that was checked. */
  path: string;
  /** The template (what is written for "create"; what would have been, otherwise). */
  content: string;
  action: ScaffoldAction;
  /** For "exists-ok": what the file already does ("routes auth (auth.addHttpRoutes)"). */
  ok?: string;
  /** For "exists-missing": the file and what to add to it. */
  advice?: string;
}

export interface InstallStep {
  /** Installed as development dependencies. */
  dev: boolean;
  /** The package specs (`@auth/core@0.41.1`). */
  packages: string[];
  /** The program and its arguments (run without a shell). */
  argv: [string, ...string[]];
  /** The same, for a person to type. */
  command: string;
}

export interface ScaffoldInput {
  /** The functions folder, relative to the app ("convex", or convex.json's `functions`). */
  functionsDir: string;
  /** Path (relative to the app, as {@link candidatePaths} names them) -> text; undefined or
   * absent: no such file. */
  existing: ReadonlyMap<string, string | undefined>;
  /** The app's package.json text; undefined when it has none. */
  packageJson: string | undefined;
  /** Other package.json texts whose packages the app resolves too (the workspace root's): a
   * type package listed there is not installed again. */
  workspacePackageJsons?: readonly string[];
  packageManager: PackageManager;
}

export interface ScaffoldPlan {
  files: ScaffoldFile[];
  /** The new package.json text, when scripts were added (undefined: leave it as it is). */
  packageJsonText?: string;
  scriptsAdded: string[];
  /** Scripts not added because package.json already has a script of that name. */
  scriptsSkipped: string[];
  /** Why no script could be added (no package.json, `scripts` not an object). */
  packageJsonAdvice?: string;
  /** The install commands for what package.json lacks (empty: nothing to install). */
  install: InstallStep[];
}

/** The argv that adds `packages` with `pm` (as a dev dependency when `dev`). */
export function installArgv(
  pm: PackageManager,
  packages: readonly string[],
  dev: boolean,
): [string, ...string[]] {
  switch (pm) {
    case "npm":
      return ["npm", "install", ...(dev ? ["--save-dev"] : []), ...packages];
    case "pnpm":
      return ["pnpm", "add", ...(dev ? ["--save-dev"] : []), ...packages];
    case "yarn":
      return ["yarn", "add", ...(dev ? ["--dev"] : []), ...packages];
    case "bun":
      return ["bun", "add", ...(dev ? ["--dev"] : []), ...packages];
  }
}

function dependencyNames(pkg: PackageJson | undefined): Set<string> {
  const out = new Set<string>();
  if (!pkg) return out;
  for (const key of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const record = (pkg as Record<string, unknown>)[key];
    if (typeof record === "object" && record !== null && !Array.isArray(record)) {
      for (const name of Object.keys(record)) out.add(name);
    }
  }
  return out;
}

function installSteps(input: ScaffoldInput, pkg: PackageJson | undefined): InstallStep[] {
  const own = dependencyNames(pkg);
  const resolvable = new Set(own);
  for (const text of input.workspacePackageJsons ?? []) {
    let other: PackageJson | undefined;
    try {
      other = parsePackageJson(text, "package.json");
    } catch {
      other = undefined;
    }
    for (const name of dependencyNames(other)) resolvable.add(name);
  }
  const steps: InstallStep[] = [];
  // Runtime packages belong in the app's own package.json (the convex CLI bundles from there);
  // type packages may come from the workspace root.
  const runtime = RUNTIME_PACKAGES.filter(([name]) => !own.has(name)).map(([, spec]) => spec);
  const dev = DEV_PACKAGES.filter(([name]) => !resolvable.has(name)).map(([, spec]) => spec);
  for (const [packages, isDev] of [
    [runtime, false],
    [dev, true],
  ] as const) {
    if (packages.length === 0) continue;
    const argv = installArgv(input.packageManager, packages, isDev);
    steps.push({ dev: isDev, packages: [...packages], argv, command: argv.join(" ") });
  }
  return steps;
}

/** Plans what `init` does: nothing is read or written here. Throws a SetupError for a package.json
 * that is not a JSON object. */
export async function planScaffold(input: ScaffoldInput): Promise<ScaffoldPlan> {
  const files: ScaffoldFile[] = [];
  for (const spec of FILE_SPECS) {
    const content = TEMPLATES[spec.kind];
    const candidates = candidatesOf(input.functionsDir, spec);
    const found = candidates.find((p) => input.existing.get(p) !== undefined);
    if (found === undefined) {
      // A new module is TypeScript (Convex bundles .ts whether or not the app uses TypeScript).
      files.push({ path: candidates[0]!, content, action: "create" });
      continue;
    }
    const missing = await checkFile(spec.kind, input.existing.get(found)!, found);
    files.push(
      missing === undefined
        ? { path: found, content, action: "exists-ok", ok: spec.ok }
        : { path: found, content, action: "exists-missing", advice: missing },
    );
  }

  const pkg =
    input.packageJson === undefined ? undefined : parsePackageJson(input.packageJson, "package.json");
  const plan: ScaffoldPlan = {
    files,
    scriptsAdded: [],
    scriptsSkipped: [],
    install: installSteps(input, pkg),
  };
  if (input.packageJson === undefined) {
    plan.packageJsonAdvice =
      "No package.json: no scripts added. Create one (`npm init -y`), then run init again.";
    return plan;
  }
  const scripts = addScripts(input.packageJson, SCRIPTS);
  plan.scriptsAdded = scripts.added;
  plan.scriptsSkipped = scripts.skipped;
  if (scripts.text !== undefined) plan.packageJsonText = scripts.text;
  if (scripts.advice !== undefined) plan.packageJsonAdvice = scripts.advice;
  return plan;
}

// ---------------------------------------------------------------------------------------------
// package.json: scripts added, everything else kept byte for byte

export interface ScriptsEdit {
  /** The new text; undefined when nothing was added. */
  text?: string;
  added: string[];
  skipped: string[];
  advice?: string;
}

/**
 * Adds `scripts` that `packageJsonText` does not have yet; an existing script of the same name
 * is never changed. The text is edited in place (after the last script, or a new `scripts` after
 * the last field), in the file's indentation and line endings, so the rest stays as it was.
 */
export function addScripts(packageJsonText: string, scripts: Readonly<Record<string, string>>): ScriptsEdit {
  const pkg = parsePackageJson(packageJsonText, "package.json") as Record<string, unknown>;
  const current = pkg.scripts;
  if (current !== undefined && (typeof current !== "object" || current === null || Array.isArray(current))) {
    return {
      added: [],
      skipped: Object.keys(scripts),
      advice: `package.json: "scripts" is not an object; no scripts added (add ${Object.keys(scripts).join(", ")} yourself).`,
    };
  }
  const existing = (current ?? {}) as Record<string, unknown>;
  const toAdd = Object.entries(scripts).filter(([name]) => !Object.hasOwn(existing, name));
  const skipped = Object.keys(scripts).filter((name) => Object.hasOwn(existing, name));
  if (toAdd.length === 0) return { added: [], skipped };
  const text = insertScripts(packageJsonText, current !== undefined, toAdd);
  return { text, added: toAdd.map(([name]) => name), skipped };
}

interface Span {
  start: number;
  end: number;
}

/** Where the top-level object, its members and its `scripts` object are (a small JSON scanner). */
interface JsonShape {
  root: Span;
  /** Top-level members: key and the whole `"key": value` span. */
  members: Array<{ key: string; span: Span; value: Span }>;
}

/** Scans a JSON document (already known to be valid) for the spans {@link insertScripts} needs. */
function scanObject(text: string, at: number): { span: Span; members: JsonShape["members"] } {
  let i = at;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') {
      str();
    } else if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === "{") {
          str();
          ws();
          i++; // colon
        }
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        i++; // close
        return;
      }
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++;
    }
  };
  const start = i;
  const members: JsonShape["members"] = [];
  i++; // {
  ws();
  if (text[i] === "}") return { span: { start, end: i + 1 }, members };
  for (;;) {
    ws();
    const memberStart = i;
    const key = str();
    ws();
    i++; // colon
    ws();
    const valueStart = i;
    value();
    members.push({ key, span: { start: memberStart, end: i }, value: { start: valueStart, end: i } });
    ws();
    if (text[i] === ",") {
      i++;
      continue;
    }
    return { span: { start, end: i + 1 }, members };
  }
}

/** The whitespace a line starts with, for the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function insertScripts(text: string, hasScripts: boolean, toAdd: ReadonlyArray<[string, string]>): string {
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const rootAt = text.search(/\S/);
  const root = scanObject(text, rootAt);
  const multiline = text.slice(root.span.start, root.span.end).includes("\n");
  const first = root.members[0];
  // The indentation unit: the first member's indentation (two spaces when there is none to copy).
  const unit = first && multiline ? lineIndent(text, first.span.start) || "  " : "  ";
  const entry = ([name, cmd]: [string, string]) => `${JSON.stringify(name)}: ${JSON.stringify(cmd)}`;
  let out: string;
  if (hasScripts) {
    const member = root.members.filter((m) => m.key === "scripts").at(-1)!;
    const obj = scanObject(text, member.value.start);
    const outer = multiline ? lineIndent(text, member.span.start) : "";
    const last = obj.members.at(-1);
    if (last) {
      const objMultiline = text.slice(obj.span.start, obj.span.end).includes("\n");
      const inner = objMultiline ? lineIndent(text, last.span.start) : "";
      const sep = objMultiline ? `,${nl}${inner}` : ", ";
      out = `${text.slice(0, last.span.end)}${toAdd.map((e) => `${sep}${entry(e)}`).join("")}${text.slice(last.span.end)}`;
    } else {
      const body = multiline
        ? `{${nl}${toAdd.map((e) => `${outer}${unit}${entry(e)}`).join(`,${nl}`)}${nl}${outer}}`
        : `{ ${toAdd.map(entry).join(", ")} }`;
      out = `${text.slice(0, obj.span.start)}${body}${text.slice(obj.span.end)}`;
    }
  } else {
    const last = root.members.at(-1);
    const block = multiline
      ? `"scripts": {${nl}${toAdd.map((e) => `${unit}${unit}${entry(e)}`).join(`,${nl}`)}${nl}${unit}}`
      : `"scripts": { ${toAdd.map(entry).join(", ")} }`;
    if (last) {
      out = `${text.slice(0, last.span.end)}${multiline ? `,${nl}${unit}` : ", "}${block}${text.slice(last.span.end)}`;
    } else {
      const lines = toAdd.map((e) => `${unit}${unit}${entry(e)}`).join(`,${nl}`);
      out = `${text.slice(0, root.span.start)}{${nl}${unit}"scripts": {${nl}${lines}${nl}${unit}}${nl}}${text.slice(root.span.end)}`;
    }
  }
  // The edit must be exactly "these scripts added"; anything else is a bug: fail loudly.
  const before = JSON.parse(text) as Record<string, unknown>;
  const after = JSON.parse(out) as Record<string, unknown>;
  const expected = {
    ...before,
    scripts: { ...((before.scripts as object | undefined) ?? {}), ...Object.fromEntries(toAdd) },
  };
  if (JSON.stringify(sortedKeys(after)) !== JSON.stringify(sortedKeys(expected))) {
    throw new SetupError("Could not add the scripts to package.json without changing anything else.");
  }
  return out;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

// ---------------------------------------------------------------------------------------------
// Checking existing files (a parser, never regexes: comments and strings must not count)

function calleeIs(node: t.Node, locals: ReadonlySet<string>): node is t.CallExpression {
  if (node.type !== "CallExpression") return false;
  const callee = unwrap(node.callee);
  return callee?.type === "Identifier" && locals.has(callee.name);
}

const CONVEX_SERVER = /^convex\/server(?:\.js)?$/;

/** A file the parser rejects: advice to fix it (its content cannot be checked). */
function unparsable(file: string, error: unknown): string {
  const reason = error instanceof ParseError ? error.reason : (error as Error).message;
  return `${file} could not be parsed (${reason}): fix it, then run init again to check it.`;
}

/** What the file lacks, as advice naming it; undefined when it has everything. */
async function checkFile(kind: FileKind, source: string, file: string): Promise<string | undefined> {
  if (kind === "tsconfig") return checkTsconfig(source, file);
  let ast: t.File;
  try {
    ast = await parseModule(source, file);
  } catch (error) {
    return unparsable(file, error);
  }
  switch (kind) {
    case "schema":
      return checkSchema(ast, file);
    case "auth":
      return checkAuth(ast, file);
    case "authConfig":
      return checkAuthConfig(ast, file);
    case "http":
      return checkHttp(ast, file);
  }
}

function checkSchema(ast: t.File, file: string): string | undefined {
  const imports = importsOf(ast);
  const authTables = localsOf(imports, CONVEX_AUTH_SERVER, "authTables");
  const defineSchema = localsOf(imports, CONVEX_SERVER, "defineSchema");
  if (defineSchema.size === 0) defineSchema.add("defineSchema");
  const importHint = authTables.size === 0 ? ` (import { authTables } from "@convex-dev/auth/server")` : "";
  const calls = [...eachNode(ast)].filter((n) => calleeIs(n, defineSchema));
  if (calls.length === 0) {
    return `${file} does not call defineSchema: export default defineSchema({ ...authTables })${importHint}.`;
  }
  for (const call of calls) {
    let arg = unwrap(call.arguments[0]);
    if (arg?.type === "Identifier") arg = unwrap(topLevelOf(ast).consts.get(arg.name));
    if (arg?.type !== "ObjectExpression") continue;
    const spreads = arg.properties.some((p) => {
      if (p.type !== "SpreadElement") return false;
      const s = unwrap(p.argument);
      return s?.type === "Identifier" && authTables.has(s.name);
    });
    if (spreads) return undefined;
  }
  return `${file} has no authTables: add \`...authTables\` to defineSchema({...})${importHint}.`;
}

/** What @convex-dev/auth needs exported from auth.ts (its functions are referenced as "auth:store"). */
const AUTH_EXPORTS = ["auth", "signIn", "signOut", "store"] as const;

function checkAuth(ast: t.File, file: string): string | undefined {
  const convexAuth = localsOf(importsOf(ast), CONVEX_AUTH_SERVER, "convexAuth");
  const template =
    "export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({ providers: [...] })";
  // local name -> the convexAuth result's property it is bound to
  const bound = new Map<string, string>();
  let called = false;
  for (const n of eachNode(ast)) {
    if (n.type !== "VariableDeclarator" || !n.init) continue;
    const init = unwrap(n.init);
    if (!init || !calleeIs(init, convexAuth)) continue;
    called = true;
    if (n.id.type !== "ObjectPattern") continue;
    for (const p of n.id.properties) {
      if (p.type !== "ObjectProperty") continue;
      const key = keyName(p.key, p.computed);
      const value = p.value.type === "AssignmentPattern" ? p.value.left : p.value;
      if (key !== undefined && value.type === "Identifier") bound.set(value.name, key);
    }
  }
  if (!called) {
    const importHint = convexAuth.size === 0 ? ` (import { convexAuth } from "@convex-dev/auth/server")` : "";
    return `${file} does not call convexAuth: ${template}${importHint}.`;
  }
  const exported = new Set<string>();
  for (const stmt of ast.program.body) {
    if (stmt.type !== "ExportNamedDeclaration" || stmt.source) continue;
    if (stmt.declaration?.type === "VariableDeclaration") {
      for (const d of stmt.declaration.declarations) {
        for (const n of eachNode(d.id)) {
          if (n.type === "Identifier" && bound.get(n.name) === n.name) exported.add(n.name);
        }
      }
    }
    for (const spec of stmt.specifiers) {
      if (spec.type !== "ExportSpecifier") continue;
      const as = spec.exported.type === "Identifier" ? spec.exported.name : spec.exported.value;
      if (bound.get(spec.local.name) === as) exported.add(as);
    }
  }
  const missing = AUTH_EXPORTS.filter((name) => !exported.has(name));
  if (missing.length === 0) return undefined;
  return `${file} does not export ${missing.join(", ")} from convexAuth (@convex-dev/auth calls them by these names): ${template}.`;
}

function checkAuthConfig(ast: t.File, file: string): string | undefined {
  // Read like every env read: `env` from ./_generated/server is the newer templates' process.env.
  const isEnv = envObjectTest(importsOf(ast));
  for (const n of eachNode(ast)) {
    if (n.type !== "ObjectExpression") continue;
    let appId = false;
    let domain = false;
    for (const p of n.properties) {
      if (p.type !== "ObjectProperty") continue;
      const key = keyName(p.key, p.computed);
      const value = unwrap(p.value);
      if (key === "applicationID" && value?.type === "StringLiteral" && value.value === "convex")
        appId = true;
      if (key === "domain" && isEnvMember(value, isEnv) && memberName(value) === "CONVEX_SITE_URL") {
        domain = true;
      }
    }
    if (appId && domain) return undefined;
  }
  return `${file} has no provider for @convex-dev/auth: add { domain: process.env.CONVEX_SITE_URL, applicationID: "convex" } to its providers.`;
}

function checkHttp(ast: t.File, file: string): string | undefined {
  const routed = [...eachNode(ast)].some((n) => {
    if (n.type !== "CallExpression") return false;
    const callee = unwrap(n.callee);
    return isMember(callee) && memberName(callee) === "addHttpRoutes";
  });
  if (routed) return undefined;
  return `${file} does not route auth: add \`import { auth } from "./auth";\` and \`auth.addHttpRoutes(http);\` before \`export default http\`.`;
}

async function checkTsconfig(source: string, file: string): Promise<string | undefined> {
  let root: t.Node | undefined;
  try {
    root = await parseJsonc(source, file);
  } catch (error) {
    return unparsable(file, error);
  }
  const prop = (obj: t.Node | undefined, name: string): t.Node | undefined => {
    if (obj?.type !== "ObjectExpression") return undefined;
    for (const p of obj.properties) {
      if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === name) return unwrap(p.value);
    }
    return undefined;
  };
  if (root?.type !== "ObjectExpression") return `${file} does not hold a JSON object.`;
  const inherits = prop(root, "extends") !== undefined;
  const options = prop(root, "compilerOptions");
  const resolution = prop(options, "moduleResolution");
  const skipLibCheck = prop(options, "skipLibCheck");
  const wanted: string[] = [];
  const resolutionOk =
    resolution === undefined
      ? inherits
      : resolution.type === "StringLiteral" && /^(bundler|node16|nodenext)$/i.test(resolution.value);
  if (!resolutionOk) wanted.push(`"moduleResolution": "Bundler"`);
  const skipOk =
    skipLibCheck === undefined ? inherits : skipLibCheck.type === "BooleanLiteral" && skipLibCheck.value;
  if (!skipOk) wanted.push(`"skipLibCheck": true`);
  if (wanted.length === 0) return undefined;
  return `${file}: set ${wanted.join(" and ")} in compilerOptions (with another resolution tsc cannot find @convex-dev/auth/providers/*, and @auth/core's own declarations fail to check; npx @convex-dev/auth sets both).`;
}
