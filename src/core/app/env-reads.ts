/** The env vars an app's functions read, and those its auth.config reads. */
import type * as t from "@babel/types";
import {
  type EnvObjectTest,
  eachNode,
  envObjectTest,
  importsOf,
  isEnvMember,
  keyName,
  memberName,
  parseModule,
  unwrap,
} from "../ast.js";

interface EnvReads {
  names: Set<string>;
  /** `process.env[someVariable]` or `{ ...rest } = process.env`: names not knowable statically. */
  dynamic: boolean;
}

/** The function a `const f = (key) => ...` or `function f(key) {...}` declares, by name. */
function declaredFunctions(ast: t.File): Map<string, t.Function> {
  const out = new Map<string, t.Function>();
  for (const node of eachNode(ast)) {
    if (node.type === "FunctionDeclaration" && node.id) out.set(node.id.name, node);
    else if (node.type === "VariableDeclarator" && node.id.type === "Identifier") {
      const init = unwrap(node.init);
      if (init?.type === "ArrowFunctionExpression" || init?.type === "FunctionExpression") {
        out.set(node.id.name, init);
      }
    }
  }
  return out;
}

/** Accessors: functions whose parameter i is the key of an env read (`process.env[key]`). */
function accessorsOf(ast: t.File, isEnv: EnvObjectTest): { byName: Map<string, number>; reads: Set<t.Node> } {
  const byName = new Map<string, number>();
  const reads = new Set<t.Node>();
  for (const [name, fn] of declaredFunctions(ast)) {
    const params = fn.params.map((p) => (p.type === "Identifier" ? p.name : undefined));
    for (const node of eachNode(fn.body)) {
      if (!isEnvMember(node, isEnv) || !node.computed) continue;
      const key = unwrap(node.property);
      const index = key?.type === "Identifier" ? params.indexOf(key.name) : -1;
      if (index >= 0) {
        byName.set(name, index);
        reads.add(node);
      }
    }
  }
  return { byName, reads };
}

/**
 * The env var names a module reads: `process.env.X`, `process.env["X"]`, destructuring, `env.X`
 * for `env` imported from `./_generated/server` (the newer templates' typed env), and
 * `required("X")` for a function of the same module that reads `process.env[param]`.
 */
function envReadsOf(ast: t.File): EnvReads {
  const isEnv = envObjectTest(importsOf(ast));
  const accessors = accessorsOf(ast, isEnv);
  const names = new Set<string>();
  let dynamic = false;
  for (const node of eachNode(ast)) {
    if (isEnvMember(node, isEnv)) {
      const name = memberName(node);
      if (name !== undefined) names.add(name);
      else if (!accessors.reads.has(node)) dynamic = true;
    } else if (node.type === "VariableDeclarator" && node.id.type === "ObjectPattern" && isEnv(node.init)) {
      for (const prop of node.id.properties) {
        const name = prop.type === "RestElement" ? undefined : keyName(prop.key, prop.computed);
        if (name !== undefined) names.add(name);
        else dynamic = true;
      }
    } else if (node.type === "CallExpression") {
      const callee = unwrap(node.callee);
      const index = callee?.type === "Identifier" ? accessors.byName.get(callee.name) : undefined;
      if (index === undefined) continue;
      const arg = unwrap(node.arguments[index]);
      const name = arg ? keyName(arg, true) : undefined;
      if (name !== undefined) names.add(name);
      else dynamic = true;
    }
  }
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

/** The env var names read in `sources` (path -> text), and the files that read some by a computed name. */
export async function scanEnv(
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
