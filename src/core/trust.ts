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
      const names = Object.entries(envValues(splitUserSection(t, USER_MARKER).user))
        .filter(([, v]) => v !== "")
        .map(([k]) => k);
      return names.length ? `user variables ${names.join(", ")}` : undefined;
    },
  ],
];

/** Of the tracked secret files (name -> text), those that really hold a secret. */
export function findTrackedSecrets(tracked: ReadonlyMap<FileName, string>): TrackedSecret[] {
  const found: TrackedSecret[] = [];
  for (const [name, holds] of SECRET_FILES) {
    const text = tracked.get(name);
    const what = text === undefined ? undefined : holds(text);
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
