/**
 * Better Auth on Convex (`@convex-dev/better-auth`): what its deployment needs. Better Auth reads
 * its secret from `BETTER_AUTH_SECRET`, then `AUTH_SECRET` (Better Auth's security guide); the
 * Convex integration's guides generate it as 32 random bytes in base64 and set `SITE_URL`, the
 * frontend's URL, which the examples' `convex/auth.ts` passes to `trustedOrigins` (sources:
 * the Better Auth Convex integration guide; get-convex/better-auth, examples/react).
 */
import { randomBytes } from "node:crypto";

export const BETTER_AUTH_SECRET = "BETTER_AUTH_SECRET";
/** The names Better Auth takes its secret from, in its order. */
export const BETTER_AUTH_SECRET_NAMES = [BETTER_AUTH_SECRET, "AUTH_SECRET"] as const;

/** 32 random bytes, base64 (44 characters), as the guides generate it. */
export function generateBetterAuthSecret(): string {
  return randomBytes(32).toString("base64");
}
