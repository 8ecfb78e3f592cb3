/**
 * The convex-auth providers of `convex/auth.ts`, and the variables @auth/core's naming rules or
 * their options in code make the deployment need.
 */
import { dirname, join, normalize } from "node:path/posix";
import type * as t from "@babel/types";
import {
  type EnvObjectTest,
  eachNode,
  envNamesIn,
  envObjectTest,
  type ImportBinding,
  importsOf,
  isMember,
  keyName,
  localsOf,
  memberName,
  parseModule,
  topLevelOf,
  unwrap,
} from "../ast.js";

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

/** Where `convexAuth` comes from. */
export const CONVEX_AUTH_SERVER = /^@convex-dev\/auth\/server(?:\.js)?$/;

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
  /** The module's env objects: an option reading one of them needs that variable. */
  isEnv: EnvObjectTest;
}

function scopeOf(ast: t.File, file: string): ModuleScope {
  const imports = importsOf(ast);
  return { file, ast, imports, ...topLevelOf(ast), isEnv: envObjectTest(imports) };
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

/** The options a provider is called with: option name -> the env vars its value reads; `id` when literal. */
function optionsOf(
  scope: ModuleScope,
  arg: t.Node | undefined,
): { given: Map<string, string[] | undefined>; id?: string } {
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
    given.set(key, value ? envNamesIn(value, scope.isEnv) : []);
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
    const { given, id } = optionsOf(scope, n.arguments[0]);
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
  const convexAuthLocals = localsOf(scope.imports, CONVEX_AUTH_SERVER, "convexAuth");
  const elements: t.Node[] = [];
  for (const node of eachNode(scope.ast)) {
    if (node.type !== "CallExpression") continue;
    const callee = unwrap(node.callee);
    if (callee?.type !== "Identifier" || !convexAuthLocals.has(callee.name)) continue;
    const arg = unwrap(node.arguments[0]);
    if (arg?.type !== "ObjectExpression") continue;
    for (const prop of arg.properties) {
      if (prop.type === "ObjectProperty" && keyName(prop.key, prop.computed) === "providers") {
        elements.push(...arrayElements(scope, prop.value));
      }
    }
  }
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
