/** The kind of auth an app uses, from its dependencies and its frontends'. */
import { frameworkDeps, type PackageJson } from "./package-json.js";

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
