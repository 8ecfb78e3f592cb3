/** The kind of auth an app uses, from its dependencies and its frontends', and from its code. */
import { frameworkDeps, type PackageJson } from "./package-json.js";

export type AuthKind = "convex-auth" | "better-auth" | "clerk" | "other" | "none";

/** Dependencies that mean a JWT auth other than convex-auth, Better Auth on Convex and Clerk. */
const OTHER_AUTH = [/^better-auth$/, /^@workos-inc\/authkit/, /^@auth0\//];

/** Better Auth's Convex integration: the component and the helpers of get-convex/better-auth. */
export const BETTER_AUTH_PACKAGE = "@convex-dev/better-auth";

function authEvidence(pkg: PackageJson | undefined): { kind: AuthKind; dependency: string } | undefined {
  if (!pkg) return undefined;
  const deps = [...frameworkDeps(pkg)];
  if (deps.includes("@convex-dev/auth")) return { kind: "convex-auth", dependency: "@convex-dev/auth" };
  if (deps.includes(BETTER_AUTH_PACKAGE)) return { kind: "better-auth", dependency: BETTER_AUTH_PACKAGE };
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
  /** What in the code decided it (Better Auth), e.g. "convex/auth.config.ts uses getAuthConfigProvider()". */
  code?: string;
}

export interface AuthHints {
  frontends?: ReadonlyMap<string, PackageJson>;
  hasAuthConfig?: boolean;
  /** Better Auth seen in the functions' code: its auth.config provider or its component. */
  betterAuthCode?: string;
}

/**
 * The kind of auth: "convex-auth" when `@convex-dev/auth` is in the dependencies/devDependencies of
 * the package holding the functions folder; "better-auth" when `@convex-dev/better-auth` is, or
 * (with `more`) when the functions' code uses it (auth.config's `getAuthConfigProvider()`, the
 * `betterAuth` component), which wins over a dependency: the code is what runs; "clerk" when an
 * `@clerk/*` package is; else "none". With `more`: Clerk is often only in the frontends'
 * package.json (the functions need no Clerk package), so those are looked at next; "other" for a
 * known other auth library (WorkOS AuthKit, Auth0, better-auth without the Convex component) or
 * when an auth.config exists regardless.
 */
export function detectAuth(pkg: PackageJson | undefined, more?: AuthHints): AuthKind {
  return detectAuthDetail(pkg, more).kind;
}

export function detectAuthDetail(pkg: PackageJson | undefined, more?: AuthHints): AuthDetection {
  const own = authEvidence(pkg);
  if (more?.betterAuthCode) {
    const dependency = own?.kind === "better-auth" ? { dependency: own.dependency } : {};
    return { kind: "better-auth", ...dependency, code: more.betterAuthCode };
  }
  if (own && (own.kind !== "other" || more)) return own;
  if (more) {
    const found = [...(more.frontends ?? new Map<string, PackageJson>())]
      .map(([dir, p]) => ({ dir, e: authEvidence(p) }))
      .filter((x): x is { dir: string; e: { kind: AuthKind; dependency: string } } => x.e !== undefined);
    const hit = (["convex-auth", "better-auth", "clerk", "other"] as const)
      .map((kind) => found.find((x) => x.e.kind === kind))
      .find((x) => x !== undefined);
    if (hit) return { ...hit.e, from: hit.dir };
    if (more.hasAuthConfig) return { kind: "other" };
  }
  return { kind: "none" };
}
