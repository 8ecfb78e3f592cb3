/**
 * What the tool trusts in a checkout. A file of the repository may come from a pull request: a
 * secret committed to git is public, so it is never reused (anyone could derive the admin key
 * from a committed INSTANCE_SECRET and read every deployment variable).
 */
import { envValues, parseEnvFile, splitUserSection } from "./env-file.js";
import { FILES, type FileName, USER_MARKER } from "./layout.js";

export interface TrackedSecret {
  file: string;
  /** What in it is secret. */
  what: string;
}

/** The files that may hold secrets, and when a tracked copy does. */
export const SECRET_FILES: ReadonlyArray<readonly [FileName, (text: string) => string | undefined]> = [
  ["backendEnv", (t) => (envValues(parseEnvFile(t)).INSTANCE_SECRET ? "INSTANCE_SECRET" : undefined)],
  ["privateKey", (t) => (t.trim() ? "the JWT private key" : undefined)],
  [
    "frontendEnv",
    (t) =>
      envValues(parseEnvFile(t)).CONVEX_SELF_HOSTED_ADMIN_KEY ? "CONVEX_SELF_HOSTED_ADMIN_KEY" : undefined,
  ],
  [
    "deploymentEnv",
    (t) => {
      // Empty values count too: a planted name can still clash with a managed one.
      const names = Object.keys(envValues(splitUserSection(t, USER_MARKER).user));
      return names.length ? `user variables ${names.join(", ")}` : undefined;
    },
  ],
];

/**
 * Files the backend or the keys are made from: in CI a tracked copy is refused whatever it holds
 * (a planted MYSQL_URL in .env.convex.local would send everything to another database).
 */
const NEVER_TRACKED: ReadonlySet<FileName> = new Set(["backendEnv", "privateKey"]);

/**
 * Of the tracked secret files (name -> text), those that hold a secret; with `strict` (CI), also
 * those the backend's settings or keys are read from, whatever they hold.
 */
export function findTrackedSecrets(tracked: ReadonlyMap<FileName, string>, strict = false): TrackedSecret[] {
  const found: TrackedSecret[] = [];
  for (const [name, holds] of SECRET_FILES) {
    const text = tracked.get(name);
    if (text === undefined) continue;
    const what = holds(text) ?? (strict && NEVER_TRACKED.has(name) ? "the backend's settings" : undefined);
    if (what) found.push({ file: FILES[name], what });
  }
  return found;
}

export function describeTrackedSecrets(found: readonly TrackedSecret[]): { message: string; hint: string } {
  const list = found.map((f) => `${f.file} (${f.what})`).join(", ");
  return {
    message: `Secrets committed to git are public, and are never reused: ${list}.`,
    hint: `Remove them from git (git rm --cached ${found.map((f) => f.file).join(" ")}), let setup-coder-convex generate new ones, and rotate anything that was in them; in CI pass instance-secret and jwt-private-key from the secret store instead.`,
  };
}
