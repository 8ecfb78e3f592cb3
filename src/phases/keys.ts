/**
 * The instance secret, the JWT key pair, Better Auth's secret and the admin key: reused, taken
 * from inputs, or generated.
 */
import type { FileStore } from "../adapters/files.js";
import { type Logger, maskAll } from "../adapters/runtime.js";
import {
  decodeAdminKey,
  deriveAdminKey,
  generateInstanceSecret,
  isInstanceSecret,
} from "../core/admin-key.js";
import {
  deriveJwtKeyPair,
  generateJwtKey,
  type JwtKeyPair,
  renderJwtPrivateKeyValue,
} from "../core/auth-keys.js";
import { BETTER_AUTH_SECRET, generateBetterAuthSecret } from "../core/better-auth.js";
import type { CommonConfig, Config } from "../core/config.js";
import { envValues, parseEnvFile } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import { FILES, type Layout } from "../core/layout.js";
import type { KeySource } from "./types.js";

export interface Keys {
  instanceSecret: string;
  secretSource: KeySource;
  /** @convex-dev/auth's key pair; undefined for an app without it. */
  jwt: JwtKeyPair | undefined;
  jwtSource: KeySource | "none";
  /** The admin key computed from the secret (or kept from .env.local); confirmed later. */
  adminKey: string;
  /** The PEM file exists already and holds this key (nothing to write). */
  pemOnDisk: boolean;
  /** Better Auth's BETTER_AUTH_SECRET; undefined for an app without Better Auth (or whose user sets it). */
  betterAuth?: BetterAuthSecret | undefined;
}

/** BETTER_AUTH_SECRET, and where it is kept between runs. */
export interface BetterAuthSecret {
  value: string;
  source: KeySource;
  /** The working directory's .env.convex.local, or the target's own store (the instance's Secret). */
  keptIn: "env-file" | "stored";
}

function isAdminKeyFor(key: string, instanceSecret: string, instanceName: string): boolean {
  try {
    decodeAdminKey(key, instanceSecret, instanceName);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keys kept outside the working directory: target kubernetes keeps them in the instance's Secret
 * in the cluster (a pull request's preview runs on a fresh runner each time).
 */
export interface StoredKeys {
  instanceSecret: string | undefined;
  jwtPrivateKeyPem: string | undefined;
  /** Better Auth's secret of an earlier run (absent: none kept there). */
  betterAuthSecret?: string | undefined;
  /** Where they are, for messages (e.g. "Secret convex-pr-1 in namespace previews"). */
  where: string;
  /** How to switch to another key there. */
  reset: string;
}

async function resolveInstanceSecret(
  config: Pick<Config, "instanceSecret">,
  files: FileStore,
  layout: Layout,
  stored: StoredKeys | undefined,
): Promise<{ instanceSecret: string; secretSource: KeySource }> {
  let existing: string | undefined;
  let where = `INSTANCE_SECRET in ${layout.path("backendEnv")}`;
  let reset = `delete the INSTANCE_SECRET line from ${FILES.backendEnv} to switch`;
  if (stored) {
    existing = stored.instanceSecret;
    where = `the instance secret in ${stored.where}`;
    reset = stored.reset;
  } else {
    const text = await files.read(layout.path("backendEnv"));
    existing = text === undefined ? undefined : envValues(parseEnvFile(text)).INSTANCE_SECRET?.toLowerCase();
  }
  if (config.instanceSecret) {
    if (existing && existing !== config.instanceSecret) {
      throw new SetupError(
        `instance-secret differs from ${where}; refusing to replace it (keys made with it would stop working).`,
        `Remove the instance-secret input to keep the existing secret, or ${reset}.`,
      );
    }
    return { instanceSecret: config.instanceSecret, secretSource: "input" };
  }
  if (existing) {
    if (!isInstanceSecret(existing)) {
      throw new SetupError(
        `${where} is not 64 hex characters.`,
        `Fix it, or ${reset} and have a new secret generated.`,
      );
    }
    return { instanceSecret: existing, secretSource: "reused" };
  }
  return { instanceSecret: generateInstanceSecret(), secretSource: "generated" };
}

async function resolveJwtKey(
  config: Pick<Config, "jwtKeyPair">,
  files: FileStore,
  layout: Layout,
  generate: () => Promise<JwtKeyPair> = generateJwtKey,
  stored?: StoredKeys,
): Promise<{ jwt: JwtKeyPair; jwtSource: KeySource; pemOnDisk: boolean }> {
  const pemText = await files.read(layout.path("privateKey"));
  if (stored?.jwtPrivateKeyPem) {
    const kept = deriveJwtKeyPair(stored.jwtPrivateKeyPem, stored.where);
    for (const [other, what] of [
      [config.jwtKeyPair, "jwt-private-key"],
      [
        pemText === undefined ? undefined : deriveJwtKeyPair(pemText, layout.path("privateKey")),
        layout.path("privateKey"),
      ],
    ] as const) {
      if (other && other.privateKeyPem !== kept.privateKeyPem)
        throw new SetupError(
          `${what} differs from the JWT key in ${stored.where}; refusing to replace it (signed-in users would be logged out).`,
          `Use the key kept there (remove ${what}), or ${stored.reset}.`,
        );
    }
    return {
      jwt: kept,
      jwtSource: config.jwtKeyPair ? "input" : "reused",
      pemOnDisk: pemText !== undefined,
    };
  }
  if (pemText !== undefined) {
    const onDisk = deriveJwtKeyPair(pemText, layout.path("privateKey"));
    if (config.jwtKeyPair && config.jwtKeyPair.privateKeyPem !== onDisk.privateKeyPem) {
      throw new SetupError(
        `jwt-private-key differs from the key in ${layout.path("privateKey")}; refusing to replace it (signed-in users would be logged out).`,
        `Remove the jwt-private-key input to keep the existing key, or delete ${FILES.privateKey} to switch.`,
      );
    }
    return { jwt: onDisk, jwtSource: config.jwtKeyPair ? "input" : "reused", pemOnDisk: true };
  }
  if (config.jwtKeyPair) return { jwt: config.jwtKeyPair, jwtSource: "input", pemOnDisk: false };
  return { jwt: await generate(), jwtSource: "generated", pemOnDisk: false };
}

/** The JWT key pair, only for apps that use @convex-dev/auth (a Clerk or auth-less app gets none); masked. */
async function resolveAuthKey(
  config: Pick<Config, "jwtKeyPair">,
  files: FileStore,
  layout: Layout,
  logger: Logger,
  options: KeyOptions,
): Promise<{ jwt: JwtKeyPair | undefined; jwtSource: KeySource | "none"; pemOnDisk: boolean }> {
  if (!options.convexAuth) return { jwt: undefined, jwtSource: "none", pemOnDisk: false };
  const found = await resolveJwtKey(config, files, layout, options.generate, options.stored);
  maskAll(logger, found.jwt.privateKeyPem);
  maskAll(logger, renderJwtPrivateKeyValue(found.jwt.privateKeyPem));
  return found;
}

/**
 * BETTER_AUTH_SECRET: the better-auth-secret input, else the one kept (the target's store, else
 * BETTER_AUTH_SECRET in .env.convex.local), else 32 new random bytes. Never replaced: rotating it
 * logs every user out. Masked before anything else can print it.
 */
export async function resolveBetterAuthSecret(
  config: Pick<Config, "betterAuthSecret">,
  files: FileStore,
  layout: Layout,
  logger: Logger,
  stored?: StoredKeys,
): Promise<BetterAuthSecret> {
  maskAll(logger, config.betterAuthSecret);
  let existing: string | undefined;
  let where = `${BETTER_AUTH_SECRET} in ${layout.path("backendEnv")}`;
  let reset = `delete the ${BETTER_AUTH_SECRET} line from ${FILES.backendEnv} to switch`;
  if (stored) {
    existing = stored.betterAuthSecret;
    where = `the ${BETTER_AUTH_SECRET} kept in ${stored.where}`;
    reset = stored.reset;
  } else {
    const text = await files.read(layout.path("backendEnv"));
    existing = text === undefined ? undefined : envValues(parseEnvFile(text))[BETTER_AUTH_SECRET];
  }
  maskAll(logger, existing);
  const keptIn = stored ? "stored" : "env-file";
  let found: BetterAuthSecret;
  if (config.betterAuthSecret) {
    if (existing && existing !== config.betterAuthSecret)
      throw new SetupError(
        `better-auth-secret differs from ${where}; refusing to replace it (every signed-in user would be logged out).`,
        `Remove the better-auth-secret input to keep the existing secret, or ${reset}.`,
      );
    found = { value: config.betterAuthSecret, source: "input", keptIn };
  } else if (existing) found = { value: existing, source: "reused", keptIn };
  else found = { value: generateBetterAuthSecret(), source: "generated", keptIn };
  maskAll(logger, found.value);
  logger.info(`${BETTER_AUTH_SECRET}: ${found.source}`);
  return found;
}

export interface KeyOptions {
  convexAuth: boolean;
  /** Better Auth: resolve BETTER_AUTH_SECRET too. */
  betterAuth?: boolean;
  generate?: () => Promise<JwtKeyPair>;
  /** Keys kept in the cluster (target kubernetes): they replace the local files as the source. */
  stored?: StoredKeys;
}

/** Reuses or creates every key; never replaces one silently. Each secret is masked as it appears. */
export async function resolveKeys(
  config: Pick<Config, "instanceSecret" | "jwtKeyPair" | "instanceName" | "betterAuthSecret">,
  files: FileStore,
  layout: Layout,
  logger: Logger,
  options: KeyOptions,
): Promise<Keys> {
  maskAll(logger, options.stored?.instanceSecret);
  maskAll(logger, options.stored?.jwtPrivateKeyPem);
  const { instanceSecret, secretSource } = await resolveInstanceSecret(config, files, layout, options.stored);
  maskAll(logger, instanceSecret);
  const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
  // Admin keys never expire: the one already in .env.local is kept when it belongs to this name
  // and secret, so reruns change nothing there; otherwise a new one is computed.
  const previousKey = envValues(
    parseEnvFile((await files.read(layout.path("frontendEnv"))) ?? ""),
  ).CONVEX_SELF_HOSTED_ADMIN_KEY;
  maskAll(logger, previousKey);
  const adminKey =
    previousKey && isAdminKeyFor(previousKey, instanceSecret, config.instanceName)
      ? previousKey
      : deriveAdminKey({ instanceName: config.instanceName, instanceSecret });
  maskAll(logger, adminKey);
  logger.info(`instance secret: ${secretSource}; JWT key: ${jwtSource}`);
  const betterAuth = options.betterAuth
    ? await resolveBetterAuthSecret(config, files, layout, logger, options.stored)
    : undefined;
  return { instanceSecret, secretSource, jwt, jwtSource, adminKey, pemOnDisk, betterAuth };
}

/**
 * target connect: the backend runs elsewhere with its own secret, so nothing is generated or
 * stored for it: the admin key is the admin-key input, or computed from the instance-secret
 * input. The JWT key pair is reused or generated as with compose; so is BETTER_AUTH_SECRET, kept
 * in the working directory's .env.convex.local.
 */
export async function resolveConnectKeys(
  config: Pick<CommonConfig, "instanceSecret" | "jwtKeyPair" | "instanceName" | "betterAuthSecret"> & {
    adminKey?: string;
  },
  files: FileStore,
  layout: Layout,
  logger: Logger,
  options: { convexAuth: boolean; betterAuth?: boolean; generate?: () => Promise<JwtKeyPair> },
): Promise<Keys> {
  maskAll(logger, config.instanceSecret);
  maskAll(logger, config.adminKey);
  const { jwt, jwtSource, pemOnDisk } = await resolveAuthKey(config, files, layout, logger, options);
  const adminKey =
    config.adminKey ??
    deriveAdminKey({ instanceName: config.instanceName, instanceSecret: config.instanceSecret ?? "" });
  maskAll(logger, adminKey);
  logger.info(
    `admin key: ${config.adminKey ? "input" : "computed from instance-secret"}; JWT key: ${jwtSource}`,
  );
  const betterAuth = options.betterAuth
    ? await resolveBetterAuthSecret(config, files, layout, logger)
    : undefined;
  return {
    instanceSecret: config.instanceSecret ?? "",
    secretSource: "input",
    jwt,
    jwtSource,
    adminKey,
    pemOnDisk,
    betterAuth,
  };
}
