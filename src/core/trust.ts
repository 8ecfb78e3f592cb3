/**
 * What the tool trusts in a checkout. A file of the repository may come from a pull request: a
 * secret committed to git is public, so it is never reused (anyone could derive the admin key
 * from a committed INSTANCE_SECRET and read every deployment variable).
 */
import { envValues, parseEnvFile, splitUserSection } from "./env-file.js";
import { FILES, type FileName, USER_MARKER } from "./layout.js";

export interface TrackedSecret {
  file: string;
  /** What in it is secret, or which settings it decides. */
  what: string;
  /** It holds a secret (else: settings of the backend, public but decided by the repository). */
  secret: boolean;
  /** Its lines that send the backend's data (or trust) elsewhere: `NAME (line N)`. */
  redirects: string[];
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
 * Settings of the backend (read from .env.convex.local) that send its data, or the trust of its
 * connections, elsewhere: the database (run_backend.sh takes POSTGRES_URL, MYSQL_URL, then
 * DATABASE_URL), S3 storage and its credentials, an extra CA for Postgres or MySQL, an outgoing proxy.
 */
const REDIRECTING =
  /^(?:POSTGRES_URL|MYSQL_URL|DATABASE_URL|PG_CA_FILE|MYSQL_CA_FILE|S3_\w*|AWS_\w*|(?:HTTPS?|ALL)_PROXY)$/i;

/** The lines of an env file that send the backend's data elsewhere, as `NAME (line N)`. */
export function findRedirectingLines(text: string): string[] {
  const found: string[] = [];
  let line = 1;
  for (const entry of parseEnvFile(text)) {
    if (entry.type === "entry" && entry.value !== "" && REDIRECTING.test(entry.key))
      found.push(`${entry.key} (line ${line})`);
    line += entry.text.split("\n").length;
  }
  return found;
}

/**
 * Of the tracked secret files (name -> text), those that hold a secret, and a tracked
 * .env.convex.local whatever it holds (the backend's settings then come from the repository);
 * with `strict` (CI), also a tracked key file, whatever it holds.
 */
export function findTrackedSecrets(tracked: ReadonlyMap<FileName, string>, strict = false): TrackedSecret[] {
  const found: TrackedSecret[] = [];
  for (const [name, holds] of SECRET_FILES) {
    const text = tracked.get(name);
    if (text === undefined) continue;
    const secret = holds(text);
    const settings = name === "backendEnv" || (strict && NEVER_TRACKED.has(name));
    if (!secret && !settings) continue;
    found.push({
      file: FILES[name],
      what: secret ?? "the backend's settings",
      secret: secret !== undefined,
      redirects: name === "backendEnv" ? findRedirectingLines(text) : [],
    });
  }
  return found;
}

export function describeTrackedSecrets(found: readonly TrackedSecret[]): { message: string; hint: string } {
  const secrets = found.filter((f) => f.secret);
  const settings = found.filter((f) => !f.secret);
  const parts: string[] = [];
  if (secrets.length > 0)
    parts.push(
      `Secrets committed to git are public, and are never reused: ${secrets.map((f) => `${f.file} (${f.what})`).join(", ")}.`,
    );
  for (const f of settings)
    parts.push(
      `${f.file} is committed to git: the backend's settings come from the repository (a clone or a pull request decides them).`,
    );
  const redirects = found.flatMap((f) => f.redirects);
  if (redirects.length > 0)
    parts.push(`Lines that send the backend's data elsewhere: ${redirects.join(", ")}.`);
  const files = found.map((f) => f.file).join(" ");
  return {
    message: parts.join(" "),
    hint:
      secrets.length > 0
        ? `Remove them from git (git rm --cached ${files}), let setup-coder-convex generate new ones, and rotate anything that was in them; in CI pass instance-secret and jwt-private-key from the secret store instead.`
        : `Read every line of it before using this clone; keep it out of git (git rm --cached ${files}) and give such settings on each machine instead.`,
  };
}

/**
 * The keys the app's files hold. In CI each must come from an input, or from a file this tool
 * recorded writing (adapters/key-record.ts): a pull request can plant a file git does not track.
 */
export interface KeyMaterial {
  name: FileName;
  /** What the key is, for messages. */
  what: string;
  /** The key's value in the file's text; undefined when it holds none. */
  value(text: string): string | undefined;
  /** Without the key the file is still refused when not recorded (the backend's settings come from it). */
  always: string | undefined;
}

export const KEY_MATERIAL: readonly KeyMaterial[] = [
  {
    name: "backendEnv",
    what: "INSTANCE_SECRET",
    value: (t) => envValues(parseEnvFile(t)).INSTANCE_SECRET?.toLowerCase() || undefined,
    always: "the backend's settings",
  },
  {
    name: "privateKey",
    what: "the JWT private key",
    value: (t) => (t.trim() ? t : undefined),
    always: "the JWT private key",
  },
  {
    // Better Auth's secret, kept beside the instance secret (target connect: alone there).
    name: "backendEnv",
    what: "BETTER_AUTH_SECRET",
    value: (t) => envValues(parseEnvFile(t)).BETTER_AUTH_SECRET || undefined,
    always: undefined,
  },
  {
    name: "frontendEnv",
    what: "CONVEX_SELF_HOSTED_ADMIN_KEY",
    value: (t) => envValues(parseEnvFile(t)).CONVEX_SELF_HOSTED_ADMIN_KEY || undefined,
    always: undefined,
  },
];
