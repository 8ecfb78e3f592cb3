/**
 * The checks made before anything starts, as one list for `doctor` and `up`. `doctor` runs every
 * check and prints what each found; `up` (setup()) runs the same list: those marked
 * `up: "preflight"` before anything starts, stopping on a FAIL; the others are made by the phase
 * named in `up`, with the same function, also before anything starts. A FAIL in doctor is what
 * stops `up`; what `up` repairs by itself (a JWKS that no longer matches the key) is a WARN.
 * The target's own checks (its tools, its ports, its cluster) come from `Target.checks()`.
 */

import { posix, resolve } from "node:path";
import type { ConvexCli, ConvexProject } from "../adapters/convex-cli.js";
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import type { Mysql } from "../adapters/mysql.js";
import { MissingDatabaseError, type Postgres } from "../adapters/postgres.js";
import type { S3Probe } from "../adapters/s3.js";
import { decodeAdminKey } from "../core/admin-key.js";
import type { AppFacts } from "../core/app.js";
import { checkAppVariables, usesConvexAuth } from "../core/app-plan.js";
import { deriveJwtKeyPair } from "../core/auth-keys.js";
import { describeSharing } from "../core/coder-sharing.js";
import type { Config, MysqlTarget, PostgresTarget } from "../core/config.js";
import { MANAGED_DEPLOYMENT_NAMES } from "../core/deployment-env.js";
import { envValues, parseEnvFile, splitUserSection } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import { FILES, type Layout, USER_MARKER } from "../core/layout.js";
import { option } from "../core/naming.js";
import { pinCommand } from "../core/project.js";
import { checkCliAgainstRelease } from "../core/releases.js";
import { describeTrackedSecrets } from "../core/trust.js";
import { startedImage } from "../targets/index.js";
import type { Target } from "../targets/types.js";
import { describeMysqlPreflight, mysqlNotes } from "./mysql.js";
import {
  checkConvexCli,
  checkPostgres,
  describePreflight,
  NO_POSTGRES_MESSAGE,
  postgresNotes,
} from "./preflight.js";
import { findCommittedSecrets, NO_GIT_MESSAGE } from "./repository.js";
import { checkS3Storage } from "./s3.js";

export type CheckStatus = "pass" | "warn" | "fail";

export interface Finding {
  status: CheckStatus;
  message: string;
  /** The error behind a FAIL, when one was thrown (kept so that `up` can throw it as it was). */
  error?: unknown;
}

/** Where `up` makes a check: before anything starts from this list, in a named phase, or never. */
export type UpWhen = "preflight" | `phase ${string}` | "doctor only";

export interface Check<C = CheckContext> {
  name: string;
  up: UpWhen;
  /** What the check found (nothing: it does not apply here). */
  run(ctx: C): Promise<Finding | Finding[] | undefined>;
}

/** A target's own check: it knows its configuration already and needs no context. */
export type TargetCheck = Check<unknown>;

export interface CheckContext {
  config: Config;
  layout: Layout;
  /** The repository's boundary (git's top level, the workspace, else the working directory). */
  root: string;
  /** Confined to `root`. */
  files: FileStore;
  target: Target;
  /** The app as `up` reads it, or why it could not be read. */
  app: { facts: AppFacts } | { error: unknown };
  convexCli: ConvexCli;
  /** The backend image the run starts (targets' startedImage); undefined: not known here (connect). */
  backendImage: string | undefined;
  git?: Git | undefined;
  postgres?: Postgres | undefined;
  /** Absent: the S3 storage's buckets are not asked for. */
  s3?: S3Probe | undefined;
  mysql?: Mysql | undefined;
}

/** The context of the checks from a run's seams: the clients, and the image the target starts. */
export function checkContext(
  base: Pick<CheckContext, "config" | "layout" | "root" | "files" | "target" | "app">,
  deps: Pick<CheckContext, "convexCli" | "git" | "postgres" | "s3" | "mysql">,
): CheckContext {
  return {
    ...base,
    convexCli: deps.convexCli,
    backendImage: startedImage(base.config, base.target),
    git: deps.git,
    postgres: deps.postgres,
    s3: deps.s3,
    mysql: deps.mysql,
  };
}

const pass = (message: string): Finding => ({ status: "pass", message });
const warn = (message: string): Finding => ({ status: "warn", message });
const fail = (message: string, error?: unknown): Finding => ({
  status: "fail",
  message,
  ...(error !== undefined ? { error } : {}),
});

/**
 * The database check of doctor (and up's list): the preflight without creating anything; a
 * missing database is what `up` would create when create-database is on.
 */
async function databaseCheck(
  ctx: CheckContext,
  label: "Postgres" | "MySQL",
  db: Pick<PostgresTarget | MysqlTarget, "host" | "port" | "source" | "name">,
  notes: Finding[],
  preflight: (() => Promise<string>) | undefined,
): Promise<Finding[]> {
  if (!preflight) return notes;
  try {
    return [pass(await preflight()), ...notes];
  } catch (error) {
    if (error instanceof MissingDatabaseError && ctx.config.postgres.createDatabase)
      return [
        pass(
          `${label} at ${db.host}:${db.port} (from ${db.source}): database "${db.name}" is missing; up will create it.`,
        ),
        ...notes,
      ];
    return [fail((error as Error).message, error), ...notes];
  }
}

/** The app's facts; a check that needs them says nothing when the App check already failed. */
const factsOf = (ctx: CheckContext): AppFacts | undefined => ("facts" in ctx.app ? ctx.app.facts : undefined);

/** Deploying is asked for and something runs to deploy to (not --no-deploy, not render-only). */
const deploys = (ctx: CheckContext) => ctx.config.deploy && ctx.target.runs;

/**
 * The app the working directory is inside of (the nearest folder above whose package.json lists
 * convex), when the working directory is not an app of its own (it lists convex, or has its
 * functions folder); relative to the repository.
 */
function appAbove(facts: AppFacts): string | undefined {
  if (facts.convexDependency !== undefined || facts.functionsDirExists) return undefined;
  const wd = facts.workingDirectory;
  return facts.convexDependents
    .filter((dir) => dir === "." || wd.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The working directory must be the app's folder (the one whose package.json lists convex), not
 * a folder inside it: the env files, the key and the compose file would land there (in the
 * functions folder, the convex CLI would even try to deploy them).
 */
export const appRootCheck: Check = {
  name: "app folder",
  up: "preflight",
  async run(ctx) {
    const facts = factsOf(ctx);
    const above = facts && appAbove(facts);
    if (!facts || above === undefined) return undefined;
    const wd = facts.workingDirectory;
    // The app's functions folder, when it is the default one (convex/ next to its package.json).
    const functions = above === "." ? "convex" : `${above}/convex`;
    const inFunctions = wd === functions || wd.startsWith(`${functions}/`) ? " (its functions folder)" : "";
    const error = new SetupError(
      `${option("working-directory")}: ${wd} is inside the app at ${above}${inFunctions}, whose package.json lists convex: the app's files would be written in the wrong folder. Nothing was written.`,
      `Run it from ${above} (\`cd ${posix.relative(wd, above) || "."}\`), or set ${option("working-directory")} to it.`,
    );
    return fail(error.message, error);
  },
};

/**
 * What the App line says about the app (auth, functions, package manager and, in a monorepo, the
 * workspace root), the same in doctor and up; `keys`: @convex-dev/auth's keys are made.
 */
export function describeAppFacts(facts: AppFacts, keys = false): string {
  const auth = facts.auth === "none" ? "no auth library" : facts.auth;
  // A package of a workspace: where the workspace's root is (its lockfile, its node_modules).
  const root = facts.workspaceRoot === "." ? "the repository's top level" : `${facts.workspaceRoot}/`;
  const workspace = facts.workspaceRoot === facts.workingDirectory ? "" : ` workspace rooted at ${root}`;
  return `${auth}${keys ? " (keys for @convex-dev/auth)" : ""}; functions in ${facts.functionsDir}/; ${facts.packageManager}${workspace}`;
}

/** The functions folder must exist when something is to be deployed. */
export const functionsCheck: Check = {
  name: "functions folder",
  up: "preflight",
  async run(ctx) {
    if ("error" in ctx.app) return fail((ctx.app.error as Error).message, ctx.app.error);
    const facts = ctx.app.facts;
    if (facts.functionsDirExists) return pass(`App: ${describeAppFacts(facts)}.`);
    // The app is above: the app folder check says so.
    if (appAbove(facts) !== undefined) return undefined;
    const line = `App: ${describeAppFacts(facts)}: ${facts.functionsDir}/ is missing, so convex deploy has nothing to deploy.`;
    if (!deploys(ctx)) return warn(line);
    return fail(
      line,
      new SetupError(
        `The functions folder ${facts.functionsDir}/ is missing: convex deploy would have nothing to deploy. Nothing was started.`,
        `Create it (\`setup-coder-convex init\` scaffolds one), point convex.json's "functions" at it, or rerun with ${option("deploy", false)} to start the backend without deploying.`,
      ),
    );
  },
};

/** The Node.js running this (the one `up` would run on). */
export const nodeCheck: Check<unknown> = {
  name: "node",
  up: "doctor only",
  async run() {
    const major = Number(process.versions.node.split(".")[0]);
    return {
      status: major >= 20 ? "pass" : "fail",
      message: `Node.js ${process.versions.node} (needs 20 or newer)`,
    };
  },
};

export const CHECKS: readonly Check[] = [
  nodeCheck,
  {
    name: "urls",
    up: "doctor only",
    async run(ctx) {
      const u = ctx.config.publicUrls;
      const found = pass(`URLs from ${u.source}: API ${u.apiUrl}, site ${u.siteUrl}`);
      if (!u.coder || u.local) return found;
      return [found, warn(`Coder workspace: ${describeSharing(u.apiUrl, u.siteUrl)}`)];
    },
  },
  {
    name: "target",
    up: "phase Check docker / Check kubectl",
    async run(ctx) {
      return runChecks(ctx.target.checks(), ctx);
    },
  },
  {
    name: "postgres",
    up: "phase Postgres",
    async run(ctx) {
      if (!ctx.target.usesDatabase) return undefined;
      const mysqlDb = ctx.config.mysql.url;
      const { mysql, postgres } = ctx;
      if (mysqlDb)
        return databaseCheck(
          ctx,
          "MySQL",
          mysqlDb,
          mysqlNotes(mysqlDb).warnings.map(warn),
          mysql &&
            (async () =>
              describeMysqlPreflight(mysqlDb, await mysql.preflight(mysqlDb, { createDatabase: false }))),
        );
      const db = ctx.config.postgres.url;
      if (!db) return pass(NO_POSTGRES_MESSAGE);
      return databaseCheck(
        ctx,
        "Postgres",
        db,
        postgresNotes(db).warnings.map(warn),
        postgres && (async () => describePreflight(db, await checkPostgres(postgres, db, false))),
      );
    },
  },
  {
    name: "s3 storage",
    up: "preflight",
    async run(ctx) {
      const storage = ctx.config.storage;
      if (!storage || !ctx.s3) return undefined;
      return checkS3Storage(storage, ctx.s3, ctx.config.target);
    },
  },
  appRootCheck,
  functionsCheck,
  {
    name: "convex CLI",
    up: "phase App",
    async run(ctx) {
      const facts = factsOf(ctx);
      if (!facts) return undefined;
      try {
        const p = await checkConvexCli(ctx.convexCli, ctx.layout.dir, {
          root: ctx.root,
          packageManager: facts.packageManager,
          workspaceRoot: resolve(ctx.root, facts.workspaceRoot),
        });
        const release = checkCliRelease(ctx.backendImage, p);
        return [
          pass(`convex ${p.convexVersion} installed (${p.packageManager})`),
          ...(release ? [release] : []),
        ];
      } catch (error) {
        const message = (error as Error).message;
        return deploys(ctx) ? fail(message, error) : warn(message);
      }
    },
  },
  {
    name: "committed secrets",
    // up warns (in CI: stops); doctor FAILs, since they are public.
    up: "phase Repository",
    async run(ctx) {
      if (!ctx.git) return undefined;
      const found = await findCommittedSecrets(ctx.git, ctx.files, ctx.layout);
      if (found === undefined) return warn(NO_GIT_MESSAGE);
      if (found.length === 0) return pass("No secret file is committed to git");
      const { message, hint } = describeTrackedSecrets(found);
      return fail(`${message}\n  -> ${hint}`);
    },
  },
  {
    name: "auth.config variables",
    up: "phase Keys",
    async run(ctx) {
      const facts = factsOf(ctx);
      if (!facts) return undefined;
      const convexAuth = usesConvexAuth(ctx.config.auth, facts);
      const deploymentText = (await ctx.files.read(ctx.layout.path("deploymentEnv"))) ?? "";
      const given = new Set([
        ...ctx.config.envVars.map(([n]) => n),
        ...Object.keys(envValues(splitUserSection(deploymentText, USER_MARKER).user)),
        ...(convexAuth ? [...MANAGED_DEPLOYMENT_NAMES, "SITE_URL"] : []),
      ]);
      const check = checkAppVariables(facts, given, ctx.config.publicUrls.siteUrl, convexAuth);
      if (check.problems.length > 0) return fail(check.problems.join("\n"));
      if (check.warnings.length > 0) return warn(check.warnings.join("\n"));
      return pass(
        `Variables read by ${facts.authConfigFile ?? "auth.config"}: ${facts.authConfigEnv.join(", ") || "none"}, all given`,
      );
    },
  },
  {
    name: "key files",
    // up rewrites JWKS from the key: a WARN, not a FAIL.
    up: "doctor only",
    async run(ctx) {
      const pem = await ctx.files.read(ctx.layout.path("privateKey"));
      if (pem === undefined) return pass(`${FILES.privateKey} absent: a key will be generated`);
      const pair = deriveJwtKeyPair(pem, FILES.privateKey);
      const jwks = envValues(
        parseEnvFile((await ctx.files.read(ctx.layout.path("deploymentEnv"))) ?? ""),
      ).JWKS;
      if (jwks !== undefined && jwks !== pair.jwks)
        return warn(
          `JWKS in ${FILES.deploymentEnv} is not the public key of ${FILES.privateKey}: up rewrites JWKS from the key, and tokens signed with the old key stop verifying (signed-in users sign in again).\n  -> If the key was replaced by mistake, put the old ${FILES.privateKey} back before running up.`,
        );
      return pass(
        `${FILES.privateKey} is a usable RSA key${jwks ? " and matches JWKS" : ""} (it will be reused)`,
      );
    },
  },
  {
    name: "admin key",
    // up replaces a key that does not belong to the instance: a WARN.
    up: "doctor only",
    async run(ctx) {
      const read = async (name: "backendEnv" | "frontendEnv") =>
        envValues(parseEnvFile((await ctx.files.read(ctx.layout.path(name))) ?? ""));
      const secret = (await read("backendEnv")).INSTANCE_SECRET;
      const key = (await read("frontendEnv")).CONVEX_SELF_HOSTED_ADMIN_KEY;
      if (!secret || !key) return pass("No admin key yet: up computes one from the instance secret");
      const name = ctx.config.instanceName;
      try {
        decodeAdminKey(key, secret.toLowerCase(), name);
        return pass(`The admin key in ${FILES.frontendEnv} belongs to this instance (${name}) and secret`);
      } catch {
        return warn(
          `The admin key in ${FILES.frontendEnv} was not made from INSTANCE_SECRET in ${FILES.backendEnv} for instance ${name}: up replaces it.`,
        );
      }
    },
  },
];

/**
 * Whether the app's convex CLI is newer than the backend's release understands
 * (core/releases.ts): a WARN naming both fixes, never a FAIL (the table may lag behind a
 * release that works). A release or version that cannot be checked is said as a PASS line.
 * Nothing when the image is not known here (connect).
 */
export function checkCliRelease(image: string | undefined, project: ConvexProject): Finding | undefined {
  if (image === undefined) return undefined;
  const check = checkCliAgainstRelease(image, project.convexVersion, {
    pinCommand: (version) => pinCommand(project.packageManager, "convex", version),
  });
  return check.kind === "warn" ? warn(`${check.message}\n  -> ${check.hint}`) : pass(check.message);
}

/** Runs checks in order; a check that throws is a FAIL with its message. */
export async function runChecks<C>(checks: readonly Check<C>[], ctx: C): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      const found = await check.run(ctx);
      if (found) findings.push(...(Array.isArray(found) ? found : [found]));
    } catch (error) {
      findings.push(fail((error as Error).message, error));
    }
  }
  return findings;
}

/**
 * The checks `up` makes from the list before anything starts: a FAIL stops the run (one failure
 * is thrown as it was; several are listed together); a WARN is reported.
 */
export async function preflight(
  checks: readonly Check[],
  ctx: CheckContext,
  report: { warn(message: string): void },
): Promise<void> {
  const findings = await runChecks(
    checks.filter((c) => c.up === "preflight"),
    ctx,
  );
  for (const f of findings) if (f.status === "warn") report.warn(f.message);
  stopOnFailures(findings);
}

/** Throws when any finding is a FAIL: the one error as it was, or all of them listed. */
export function stopOnFailures(findings: readonly Finding[], which: "all" | "first" = "all"): void {
  const failed = findings.filter((f) => f.status === "fail");
  if (failed.length === 0) return;
  const first = failed[0]!;
  if ((failed.length === 1 || which === "first") && first.error !== undefined) throw first.error;
  throw new SetupError(
    `${failed.length === 1 ? "A check" : `${failed.length} checks`} failed before anything started:\n${failed.map((f) => `  ✗ ${f.message}`).join("\n")}`,
    "Nothing was started. `setup-coder-convex doctor` lists every check.",
  );
}
