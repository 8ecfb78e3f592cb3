/**
 * The variables a frontend's own code reads, for the names its .env.local gets beyond the convex
 * CLI's table (Remix on Vite reads `process.env.CONVEX_URL` in a loader, Astro imports
 * `CONVEX_URL` from `astro:env/client`). Read with the parser, never with regular expressions
 * over code: `import.meta.env.X`, `process.env.X` (and `process.env["X"]`, destructuring),
 * named imports of `astro:env/client|server` and SvelteKit's `$env/static/public|private`, and
 * `env.X` for `env` of `$env/dynamic/public|private`. Only the script parts of `.astro`
 * (frontmatter, `<script>`), `.svelte` and `.vue` files (`<script>`) are code.
 */
import type * as t from "@babel/types";
import {
  eachNode,
  envObjectTest,
  importsOf,
  isEnvMember,
  isImportMetaEnv,
  keyName,
  localsOf,
  memberName,
  parseModule,
  unwrap,
} from "../ast.js";
import type { EnvRead } from "./env-reads.js";

/** The files a frontend's code is in. */
export const FRONTEND_SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx|astro|svelte|vue)$/;

/** The names this module looks for: the backend's URLs and the frontend's own site URL. */
export function isUrlVariable(name: string): boolean {
  return name.endsWith("CONVEX_URL") || name.endsWith("SITE_URL");
}

/** Modules whose named exports are env variables (`import { CONVEX_URL } from "astro:env/client"`). */
const ENV_MODULES = /^(?:astro:env\/(?:client|server)|\$env\/static\/(?:public|private))$/;
/** Modules whose `env` export is the env object (`import { env } from "$env/dynamic/public"`). */
const DYNAMIC_ENV = /^\$env\/dynamic\/(?:public|private)$/;

/**
 * The script parts of a file as modules to parse, each with the name the parser is told (its
 * extension picks TypeScript/JSX): the whole file for a JS/TS module.
 */
function scriptsOf(path: string, text: string): Array<{ file: string; code: string }> {
  if (!/\.(?:astro|svelte|vue)$/.test(path)) return [{ file: path, code: text }];
  const out: Array<{ file: string; code: string }> = [];
  if (path.endsWith(".astro")) {
    // The frontmatter: between a first line `---` and the next line `---`.
    const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (front) out.push({ file: `${path}.ts`, code: front[1]! });
  }
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi))
    out.push({ file: `${path}.ts`, code: m[1]! });
  return out;
}

/** The env variable names one module reads by name. */
function namesRead(ast: t.File): Set<string> {
  const imports = importsOf(ast);
  const names = new Set<string>();
  for (const [, b] of imports) if (ENV_MODULES.test(b.source) && b.imported !== "*") names.add(b.imported);
  const processEnv = envObjectTest(imports);
  const dynamic = localsOf(imports, DYNAMIC_ENV, "env");
  const isEnv = (node: t.Node | null | undefined) => {
    const n = unwrap(node);
    return processEnv(n) || isImportMetaEnv(n) || (n?.type === "Identifier" && dynamic.has(n.name));
  };
  for (const node of eachNode(ast)) {
    if (isEnvMember(node, isEnv)) {
      const name = memberName(node);
      if (name !== undefined) names.add(name);
    } else if (node.type === "VariableDeclarator" && node.id.type === "ObjectPattern" && isEnv(node.init)) {
      for (const prop of node.id.properties) {
        const name = prop.type === "RestElement" ? undefined : keyName(prop.key, prop.computed);
        if (name !== undefined) names.add(name);
      }
    }
  }
  return names;
}

/**
 * The variables ending in CONVEX_URL, CONVEX_SITE_URL or SITE_URL that `sources` (path -> text)
 * read, each with the files reading it, sorted by name. A file that cannot be parsed is skipped
 * (it is the frontend's build that reports it). Files that do not mention one of the names are
 * not parsed at all.
 */
export async function frontendEnvReads(sources: ReadonlyMap<string, string>): Promise<EnvRead[]> {
  const byName = new Map<string, Set<string>>();
  for (const [path, text] of sources) {
    if (!text.includes("CONVEX_URL") && !text.includes("SITE_URL")) continue;
    for (const { file, code } of scriptsOf(path, text)) {
      let ast: t.File;
      try {
        ast = await parseModule(code, file);
      } catch {
        continue;
      }
      for (const name of namesRead(ast)) {
        if (!isUrlVariable(name)) continue;
        const files = byName.get(name) ?? new Set<string>();
        files.add(path);
        byName.set(name, files);
      }
    }
  }
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, files]) => ({ name, files: [...files].sort() }));
}
