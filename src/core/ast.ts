/**
 * The one toolkit over JavaScript/TypeScript syntax trees, shared by the app reader (core/app/)
 * and the scaffold (core/scaffold.ts): parsing by file extension, an iterative walk, imports,
 * top-level declarations and env reads. Regexes would be wrong for any of these: the
 * tanstack-start fixture's auth.config.ts mentions `process.env.CLERK_JWT_ISSUER_DOMAIN` in a
 * comment as well as in code.
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
 */
import type * as t from "@babel/types";
import { SetupError } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Parsing

/** The extensions of a source module, in the order an existing one is looked for (`auth.ts` first). */
export const SOURCE_EXTENSIONS = [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx", ".cts", ".cjs"] as const;

/** A file {@link parseModule} reads: one of {@link SOURCE_EXTENSIONS}. */
export const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

/** A file that could not be parsed; `reason` is the parser's own message. */
export class ParseError extends SetupError {
  override name = "ParseError";
  readonly reason: string;
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Could not parse ${file}: ${reason}`, undefined, { cause });
    this.reason = reason;
  }
}

type BabelModule = typeof import("@babel/parser");
let parserPromise: Promise<BabelModule> | undefined;

async function loadParser(): Promise<BabelModule> {
  // The CommonJS module's named exports, or (bundled) its default export.
  parserPromise ??= import("@babel/parser").then((m) =>
    typeof (m as Partial<BabelModule>).parse === "function"
      ? m
      : (m as unknown as { default: BabelModule }).default,
  );
  return parserPromise;
}

/** TypeScript for .ts/.tsx/.mts/.cts; JSX for .tsx, .jsx, .js, .mjs, .cjs (in a .ts file `<T>x` is a cast). */
function pluginsFor(file: string): Array<"typescript" | "jsx"> {
  const plugins: Array<"typescript" | "jsx"> = [];
  if (/\.[cm]?tsx?$/.test(file)) plugins.push("typescript");
  if (/\.(?:tsx|jsx|js|mjs|cjs)$/.test(file)) plugins.push("jsx");
  return plugins;
}

/** Parses a module with TypeScript and/or JSX syntax by the extension of `file`. Throws a ParseError. */
export async function parseModule(source: string, file: string): Promise<t.File> {
  const { parse } = await loadParser();
  try {
    return parse(source, {
      sourceType: "module",
      plugins: pluginsFor(file),
      errorRecovery: true,
      allowAwaitOutsideFunction: true,
    });
  } catch (error) {
    // A RangeError from a crafted deeply nested file lands here too: the parser recurses.
    throw new ParseError(file, error);
  }
}

/** Parses JSON with comments and trailing commas (tsconfig.json) as an expression. Throws a ParseError. */
export async function parseJsonc(source: string, file: string): Promise<t.Node | undefined> {
  const { parseExpression } = await loadParser();
  try {
    return unwrap(parseExpression(source, { plugins: [] }));
  } catch (error) {
    throw new ParseError(file, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Walking

/** Keys that hold positions, comments or parser diagnostics rather than child nodes. */
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

/**
 * `root` and every node under it, parents first, siblings in source order. Iterative: a crafted,
 * deeply nested file cannot overflow the stack.
 */
export function* eachNode(root: t.Node): Generator<t.Node> {
  const stack: t.Node[] = [root];
  const children: t.Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const record = node as unknown as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (SKIP_KEYS.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) children.push(v);
      } else if (isNode(value)) children.push(value);
    }
    // Reversed onto the stack so that the first child comes off first.
    while (children.length > 0) stack.push(children.pop()!);
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** Strips `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`. */
export function unwrap(node: t.Node | null | undefined): t.Node | undefined {
  let n = node ?? undefined;
  while (
    n &&
    (n.type === "TSNonNullExpression" ||
      n.type === "TSAsExpression" ||
      n.type === "TSSatisfiesExpression" ||
      n.type === "TSTypeAssertion" ||
      n.type === "ParenthesizedExpression")
  ) {
    n = n.expression;
  }
  return n;
}

/** The name of a property key: `a`, `"a"`, `` `a` `` (computed only when a literal). */
export function keyName(node: t.Node, computed: boolean): string | undefined {
  if (!computed && node.type === "Identifier") return node.name;
  if (node.type === "StringLiteral") return node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** `a.b`, `a?.b`, `a["b"]`. */
export function isMember(node: t.Node | undefined): node is t.MemberExpression | t.OptionalMemberExpression {
  return node?.type === "MemberExpression" || node?.type === "OptionalMemberExpression";
}

/** The property a member expression names (undefined for a computed, non-literal one). */
export function memberName(node: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  return keyName(node.property, node.computed);
}

/** Whether `node` is (after {@link unwrap}) the identifier `name`. */
function isIdentifier(node: t.Node | null | undefined, name: string): boolean {
  const n = unwrap(node);
  return n?.type === "Identifier" && n.name === name;
}

// ---------------------------------------------------------------------------------------------
// Imports and top-level declarations

export interface ImportBinding {
  source: string;
  /** "default", "*" or the imported name. */
  imported: string;
}

/** The module's imports: local name -> where it comes from. */
export function importsOf(ast: t.File): Map<string, ImportBinding> {
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

/** The local names bound to `imported` ("default", "*" or a name) from a module matching `source`. */
export function localsOf(
  imports: ReadonlyMap<string, ImportBinding>,
  source: RegExp,
  imported: string,
): Set<string> {
  const out = new Set<string>();
  for (const [local, b] of imports) if (b.imported === imported && source.test(b.source)) out.add(local);
  return out;
}

export interface TopLevel {
  /** Top-level `const X = <expr>` (and `let`/`var`, exported or not): name -> initializer. */
  consts: Map<string, t.Node>;
  /** What `export default` exports. */
  defaultExport: t.Node | undefined;
}

export function topLevelOf(ast: t.File): TopLevel {
  const consts = new Map<string, t.Node>();
  let defaultExport: t.Node | undefined;
  for (const stmt of ast.program.body) {
    const decl = stmt.type === "ExportNamedDeclaration" && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type === "VariableDeclaration") {
      for (const d of decl.declarations) {
        if (d.id.type === "Identifier" && d.init) consts.set(d.id.name, d.init);
      }
    }
    if (stmt.type === "ExportDefaultDeclaration") defaultExport = stmt.declaration;
  }
  return { consts, defaultExport };
}

// ---------------------------------------------------------------------------------------------
// Env reads

/**
 * `./_generated/server`, `../_generated/server.js`, ...: the module the convex CLI generates,
 * whose `env` export is the typed `process.env` of the newer templates.
 */
export const GENERATED_SERVER = /^\.{1,2}\/(?:.*\/)?_generated\/server(?:\.[cm]?[jt]s)?$/;

/** Whether an expression is an env object of the module it was made for. */
export type EnvObjectTest = (node: t.Node | null | undefined) => boolean;

/**
 * The env objects of a module with these imports: `process.env`, `globalThis.process.env`, and
 * `env` (or `ns.env` for `import * as ns`) imported from {@link GENERATED_SERVER}.
 */
export function envObjectTest(imports: ReadonlyMap<string, ImportBinding>): EnvObjectTest {
  const envLocals = localsOf(imports, GENERATED_SERVER, "env");
  const namespaces = localsOf(imports, GENERATED_SERVER, "*");
  return (node) => {
    const n = unwrap(node);
    if (n?.type === "Identifier") return envLocals.has(n.name);
    if (!isMember(n) || memberName(n) !== "env") return false;
    const obj = unwrap(n.object);
    if (obj?.type === "Identifier") return obj.name === "process" || namespaces.has(obj.name);
    return isMember(obj) && memberName(obj) === "process" && isIdentifier(obj.object, "globalThis");
  };
}

/** `import.meta.env` (also `(import.meta as any).env`): the env object Vite and Astro give modules. */
export function isImportMetaEnv(node: t.Node | null | undefined): boolean {
  const n = unwrap(node);
  if (!isMember(n) || memberName(n) !== "env") return false;
  const meta = unwrap(n.object);
  return meta?.type === "MetaProperty" && meta.meta.name === "import" && meta.property.name === "meta";
}

/** Whether `node` reads a member of an env object (`process.env.X`, `env["X"]`, `process.env[k]`). */
export function isEnvMember(
  node: t.Node | undefined,
  isEnv: EnvObjectTest,
): node is t.MemberExpression | t.OptionalMemberExpression {
  return isMember(node) && isEnv(node.object);
}

/** The env var names read by name anywhere under `root` (`process.env.X`, `env.X`), in order. */
export function envNamesIn(root: t.Node, isEnv: EnvObjectTest): string[] {
  const names = new Set<string>();
  for (const node of eachNode(root)) {
    if (!isEnvMember(node, isEnv)) continue;
    const name = memberName(node);
    if (name !== undefined) names.add(name);
  }
  return [...names];
}
