/**
 * The oldest `convex` npm CLI that can deploy to a self-hosted backend, and semver ordering.
 * Evidence (published packages, routes, the pinned backend): docs/convex-cli-versions.md.
 */

/**
 * `CONVEX_SELF_HOSTED_URL` / `CONVEX_SELF_HOSTED_ADMIN_KEY` are read from this version on; 1.19.0
 * and older ignore them (they look for a cloud login or `CONVEX_DEPLOY_KEY` and never contact the
 * URL). Source: docs/convex-cli-versions.md (npm `convex@1.19.0` vs `convex@1.19.1`, `dist/`).
 */
export const MIN_SELF_HOSTED_CONVEX = "1.19.1";

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated prerelease identifiers (`1.2.3-alpha.1` → `["alpha", 1]`); empty for a release. */
  prerelease: (string | number)[];
}

const NUMBER = "0|[1-9]\\d*";
const IDENT = "[0-9A-Za-z-]+";
const VERSION_RE = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+${IDENT}(?:\\.${IDENT})*)?$`,
);

/**
 * Parses a semver version `x.y.z[-prerelease][+build]` (a leading `v` is allowed). Anything else,
 * ranges and `unknown (Yarn PnP)` included, gives undefined. Build metadata is dropped: it does
 * not take part in ordering.
 */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] === undefined ? [] : m[4].split(".");
  if (prerelease.some((id) => /^0\d+$/.test(id))) return undefined; // semver: no leading zeros
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: prerelease.map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
  };
}

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareIdentifiers(a: string | number, b: string | number): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return sign(a - b);
  // Numeric identifiers sort before alphanumeric ones.
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Semver precedence: -1 if a < b, 0 if equal (build metadata ignored), 1 if a > b. A prerelease
 * sorts before its release (`1.19.1-alpha.0` < `1.19.1`). Throws a RangeError for a string that
 * is not a version (see parseVersion).
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va) throw new RangeError(`Not a semver version: ${JSON.stringify(a)}`);
  if (!vb) throw new RangeError(`Not a semver version: ${JSON.stringify(b)}`);
  const core = sign(va.major - vb.major) || sign(va.minor - vb.minor) || sign(va.patch - vb.patch);
  if (core !== 0) return core;
  const pa = va.prerelease;
  const pb = vb.prerelease;
  if (pa.length === 0 || pb.length === 0) return sign(pb.length - pa.length);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareIdentifiers(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return sign(pa.length - pb.length);
}

export type ConvexVersionCheck = { ok: true } | { ok: false; message: string; hint: string };

/**
 * Whether the project's installed convex CLI can deploy to a self-hosted backend.
 * `installed` is the version from node_modules/convex/package.json; `installHint` is the command
 * the caller wants shown to upgrade (e.g. `npm install convex@1.45.0`).
 *
 * A version that cannot be parsed (`unknown (Yarn PnP)`, a git or file dependency's odd version)
 * passes: nothing can be told from it, and the deploy itself then reports what goes wrong.
 */
export function checkConvexVersion(installed: string, installHint: string): ConvexVersionCheck {
  if (!parseVersion(installed)) return { ok: true };
  if (compareVersions(installed, MIN_SELF_HOSTED_CONVEX) >= 0) return { ok: true };
  return {
    ok: false,
    message: `The project's convex CLI is ${installed}, which cannot deploy to a self-hosted backend: CONVEX_SELF_HOSTED_URL is read from convex ${MIN_SELF_HOSTED_CONVEX} on.`,
    hint: `Upgrade the project's convex package (\`${installHint}\`), ideally to the version the backend image was built with, then deploy again.`,
  };
}
