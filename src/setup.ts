/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */

import { tmpdir } from "node:os";
import { posix, relative, resolve, sep } from "node:path";
import type { ConvexProject } from "./adapters/convex-cli.js";
import type { Lock } from "./adapters/lock.js";
import { maskAll } from "./adapters/runtime.js";
import type { AppFacts } from "./core/app.js";
import { checkAppVariables } from "./core/app-plan.js";
import { generateJwtKey, type JwtKeyPair } from "./core/auth-keys.js";
import { BETTER_AUTH_SECRET_NAMES } from "./core/better-auth.js";
import type { Endpoints } from "./core/client-env.js";
import { deriveOriginForwards } from "./core/compose.js";
import type { Config } from "./core/config.js";
import { isMaskableValue, isSecretName } from "./core/deployment-env.js";
import { SetupError } from "./core/errors.js";
import { type LastUp, renderLastUp } from "./core/last-up.js";
import { FILES, locate, PUBLIC_MODE } from "./core/layout.js";
import {
  derivePreviewMark,
  dockerPreviewLabels,
  isRepositoryName,
  type PreviewMark,
} from "./core/preview.js";
import { withoutCredentials } from "./core/project.js";
import { planApp } from "./phases/app.js";
import { CHECKS, checkCliRelease, checkContext, preflight } from "./phases/checks.js";
import { setDeploymentVariables, writeClientEnvFiles } from "./phases/configure.js";
import { deployFunctions } from "./phases/deploy.js";
import {
  planDeploymentVariables,
  readUserDeploymentVars,
  userSetsVariable,
} from "./phases/deployment-vars.js";
import { pullAll, startImages } from "./phases/images.js";
import { prepareMysql } from "./phases/mysql.js";
import { type PostgresPlan, preparePostgres } from "./phases/postgres.js";
import { checkConvexCli } from "./phases/preflight.js";
import { checkRepository } from "./phases/repository.js";
import { createPhases, createReporter } from "./phases/runner.js";
import { checkNewDeployment, checkSeedFile, isSeedConfigured, seedDeployment } from "./phases/seed.js";
import type { SetupDeps, SetupResult } from "./phases/types.js";
import { VerificationError, type VerifyCheck, verifyDeployment } from "./phases/verify.js";
import { writeAppFiles } from "./phases/write-files.js";
import { backendImages } from "./targets/compose.js";
import { createTarget, startedImage, type Target, type TargetRun } from "./targets/index.js";

export type { TeardownState } from "./core/layout.js";
export type { EnsureImages, KeySource, Reporter, SetupDeps, SetupResult } from "./phases/types.js";

/** What one run's steps share: the configuration, the seams, the target and the phase runner. */
interface Run extends TargetRun {
  deps: SetupDeps;
  target: Target;
  timings: Array<[string, number]>;
  warnings: string[];
  /** The per-directory lock, once taken (released when the run ends). */
  lock?: Lock | undefined;
  /** What the last `up` did, recorded once something started (FILES.lastUp). */
  progress: Progress;
}

interface Progress {
  current: string;
  started: boolean;
  deployed: boolean;
  seeded: boolean;
  functions: LastUp["functions"] | undefined;
  files: SetupDeps["files"] | undefined;
}

export async function setup(config: Config, deps: SetupDeps): Promise<SetupResult> {
  const { report, warnings } = createReporter(deps.logger);
  /** What the last `up` did, recorded once something started (FILES.lastUp). */
  const progress: Progress = {
    current: "",
    started: false,
    deployed: false,
    seeded: false,
    functions: undefined,
    files: undefined,
  };
  const { phase, timings } = createPhases(deps, (title) => {
    progress.current = title;
  });
  const layout = locate(config, deps.cwd);
  // Where the backend runs: picked once (src/targets/).
  const target = createTarget(config, deps, layout, deps.targets);
  const run: Run = { config, layout, report, phase, deps, target, timings, warnings, progress };
  try {
    const result = await pipeline(run);
    await recordLastUp(run, "done");
    return result;
  } catch (error) {
    await recordLastUp(run, "failed");
    throw error;
  } finally {
    await target.close();
    await run.lock?.release();
  }
}

/** Writes what this run did, once it started something; never fails the run. */
async function recordLastUp(run: Run, outcome: LastUp["outcome"]): Promise<void> {
  const { progress, config, deps, target, layout } = run;
  if (!progress.started || !progress.files || !progress.functions) return;
  const record: LastUp = {
    at: (deps.date?.() ?? new Date()).toISOString(),
    target: config.target,
    instance: target.instance?.name ?? `the backend at ${config.publicUrls.apiUrl}`,
    outcome,
    ...(outcome === "failed" ? { failedPhase: progress.current } : {}),
    deployAsked: config.deploy,
    deployed: progress.deployed,
    seeded: progress.seeded,
    functions: progress.functions,
  };
  await progress.files
    .write(layout.path("lastUp"), renderLastUp(record), PUBLIC_MODE)
    .catch((e: Error) => deps.logger.warn(`Could not record this run in ${FILES.lastUp}: ${e.message}`));
}

/** The functions folder (relative to the working directory) and the commit it is at, when git knows. */
async function functionsAt(run: Run, facts: AppFacts): Promise<LastUp["functions"]> {
  const { layout, deps } = run;
  const dir = resolve(layout.dir, posix.relative(facts.workingDirectory, facts.functionsDir));
  const at = await deps.git?.commitOf?.(layout.dir, dir).catch(() => undefined);
  return {
    dir: relative(layout.dir, dir).split(sep).join("/") || ".",
    ...(at ? { commit: at.commit, changed: at.changed } : {}),
  };
}

/** The phases in order, from the checks to the result. */
async function pipeline(run: Run): Promise<SetupResult> {
  const { config, deps, target, layout, report, phase, timings, warnings } = run;
  const { logger, clock } = deps;
  const urls = config.publicUrls;
  for (const w of target.warnings) report.warn(w);
  maskConfiguredSecrets(config, logger);
  // The images are made present in the background (compose) while the run prepares; a failure
  // before the start stops that.
  const ensure = deps.ensureImages ?? ((list, signal, warn) => pullAll(deps.docker, list, signal, warn));
  const pull = startImages(target.images.length ? ensure : async () => {}, target.images, clock, report.warn);
  deps.stop?.addEventListener("abort", () => pull.abort(), { once: true });
  // RSA-2048 generation takes 100-300 ms (a random prime search): started now on libuv's
  // thread pool, used by the Keys phase only if a key has to be generated.
  let pregenerated: Promise<JwtKeyPair> | undefined;
  // An unused key is never printed; the Keys phase masks the one it uses.
  const generate = () => (pregenerated ??= (deps.generateJwtKey ?? generateJwtKey)());
  if (!config.jwtKeyPair && config.auth !== "none") void generate().catch(() => {});

  const prepared = await prepare(run, generate).catch((error: unknown) => {
    pull.abort(); // nothing will use the images now
    throw error;
  });
  const { files, app, project, keys, changes, postgres, written, preview } = prepared;
  /** What every result says, whatever ran (timings and warnings fill as the run goes). */
  const known = {
    apiUrl: urls.apiUrl,
    siteUrl: urls.siteUrl,
    dashboardUrl: urls.dashboardUrl,
    hostApiUrl: target.hostApiUrl,
    urlSource: urls.source,
    instanceName: config.instanceName,
    postgresDatabase: config.postgres.url?.name,
    mysqlDatabase: config.mysql.url?.name,
    postgres: postgres.preflight,
    workingDirectory: layout.dir,
    keySources: {
      instanceSecret: keys.secretSource,
      jwtKey: keys.jwtSource,
      betterAuthSecret: keys.betterAuth?.source ?? (app.betterAuth ? ("yours" as const) : ("none" as const)),
    },
    timings,
    warnings,
  };

  // From here on the backend changes: what this run did is recorded (not for render-only).
  run.progress.started = target.runs;
  run.progress.files = files;
  run.progress.functions = await functionsAt(run, app.facts);
  const started = await target.start(run, { keys, postgres, written, files, pull, preview });
  if (started) {
    // render-only: the manifests are written, nothing runs; the result says what was made.
    return {
      ...known,
      ...target.describe(started.rendered),
      adminKey: keys.adminKey,
      adminKeySource: "computed",
      deployed: false,
      seeded: false,
      verified: [],
      deploymentVariables: [],
      written: [...written.written.map((n) => layout.path(n)), started.rendered],
      frontends: [],
    };
  }
  const admin = deps.admin(target.hostApiUrl);
  await phase("Wait for the backend", () => target.wait(run, admin));
  const adminKey = await phase("Admin key", () => target.confirmAdminKey(run, admin, keys));
  const endpoints: Endpoints = {
    apiUrl: urls.apiUrl,
    siteUrl: urls.siteUrl,
    dashboardUrl: urls.dashboardUrl,
    hostApiUrl: target.hostApiUrl,
  };
  // The frontend's own URL in its .env.local is the SITE_URL the deployment gets (yours, if you set it).
  const siteUrlSet = changes.find((c) => c.name === "SITE_URL")?.value ?? undefined;
  const frontends = app.frontends.map((f) =>
    f.frontendUrl !== undefined && siteUrlSet ? { ...f, frontendUrl: siteUrlSet } : f,
  );
  const envFilesChanged = await phase("Deployment environment", async () => {
    await setDeploymentVariables(admin, adminKey.key, changes, report, {
      // A secret kept or generated here never replaces another one the deployment has.
      keep: keys.betterAuth && keys.betterAuth.source !== "input" ? ["BETTER_AUTH_SECRET"] : [],
    });
    return writeClientEnvFiles(endpoints, adminKey.key, frontends, files, layout, report);
  });
  const seeded = project ? await deployAndSeed(run, admin, adminKey.key, project, files) : false;
  const result = (verified: readonly VerifyCheck[]): SetupResult => ({
    ...known,
    ...target.describe(),
    adminKey: adminKey.key,
    adminKeySource: adminKey.source,
    deployed: project !== undefined,
    seeded,
    verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
    deploymentVariables: changes.map((c) => c.name),
    written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
    frontends,
  });
  if (!config.verify) return result([]);
  const checks = await phase("Verify", () =>
    verify(
      run,
      adminKey.key,
      changes.map((c) => c.name),
      app.convexAuth && project !== undefined,
    ),
  );
  // A failed check: the backend runs, and the shell can still say what runs where.
  if (checks.some((c) => !c.ok)) throw new VerificationError(checks, result(checks));
  return result(checks);
}

/** Everything before the backend starts: checks, the app, keys, variables, Postgres, files. */
async function prepare(run: Run, generate: () => Promise<JwtKeyPair>) {
  const { config, deps, target, layout, report, phase } = run;
  const { logger } = deps;
  const urls = config.publicUrls;
  const { files, root } = await phase("Repository", () =>
    checkRepository(layout, deps, report, {
      frontendDirs: config.frontend.directories.map((d) => resolve(deps.cwd, d)),
      given: {
        instanceName: config.instanceName,
        instanceSecret: config.instanceSecret,
        jwtPrivateKeyPem: config.jwtKeyPair?.privateKeyPem,
        betterAuthSecret: config.betterAuthSecret,
      },
    }),
  );
  run.lock = deps.lock ? await deps.lock(layout.dir, (m) => logger.info(m)) : undefined;
  await target.preflight(run);
  const app = await phase("App", async () => {
    const plan = await planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report);
    // doctor's checks that `up` makes from the list: a FAIL stops the run before anything starts.
    await preflight(
      CHECKS,
      checkContext({ config, layout, root, files, target, app: { facts: plan.facts } }, deps),
      report,
    );
    return plan;
  });
  // The project's own convex CLI (new enough) must be there before anything starts.
  const project =
    config.deploy && target.runs
      ? await checkConvexCli(deps.convexCli, layout.dir, {
          root,
          packageManager: app.facts.packageManager,
          workspaceRoot: resolve(root, app.facts.workspaceRoot),
        })
      : undefined;
  // A CLI newer than the backend's release understands fails at deploy: said now, as a warning.
  const release = project && checkCliRelease(startedImage(config, target), project);
  if (release?.status === "warn") report.warn(release.message);
  else if (release) logger.info(release.message);
  // A seed file outside the repository (a link out) stops the run before anything starts.
  if (project && isSeedConfigured(config.seed) && config.seed.import !== undefined)
    await checkSeedFile(files, layout.dir, config.seed.import);
  if (project && config.seed.artifact) seedArtifactRepository(deps);
  // Better Auth's secret is the user's own when env-vars (or the deployment file's user
  // section) sets it, or AUTH_SECRET, which Better Auth also reads: nothing is generated then.
  const user = await readUserDeploymentVars(config, files, layout);
  const yours = app.betterAuth
    ? BETTER_AUTH_SECRET_NAMES.map((name) => [name, userSetsVariable(user, name)] as const).find(
        ([, where]) => where !== undefined,
      )
    : undefined;
  if (yours && config.betterAuthSecret)
    throw new SetupError(
      `better-auth-secret and ${yours[0]} in ${yours[1]} both give Better Auth's secret.`,
      "Give it in one place only: better-auth-secret (kept between runs), or your own variable.",
    );
  if (yours) logger.info(`${yours[0]}: yours (${yours[1]}); no BETTER_AUTH_SECRET is generated or kept.`);
  const keys = await phase("Keys", () =>
    target.resolveKeys(run, files, {
      convexAuth: app.convexAuth,
      betterAuth: app.betterAuth && !yours,
      generate,
    }),
  );
  // Validated now, before anything starts: the variables, and what the app reads.
  const changes = await planDeploymentVariables(
    config,
    keys,
    urls.siteUrl,
    app.siteUrl.deployment ? app.frontendUrl : undefined,
    files,
    layout,
    report,
  );
  const check = checkAppVariables(app.facts, new Set(changes.map((c) => c.name)), urls.siteUrl, {
    convexAuth: app.convexAuth,
    betterAuth: app.betterAuth,
  });
  if (check.problems.length > 0) throw new SetupError(check.problems.join("\n"), "Nothing was started.");
  for (const w of check.warnings) report.warn(w);
  for (const n of check.notices) logger.info(n);
  const postgres: PostgresPlan = !target.usesDatabase
    ? { preflight: undefined, container: undefined }
    : config.mysql.url
      ? await phase("MySQL", () => prepareMysql(config, deps.mysql, report))
      : await phase("Postgres", () => preparePostgres(config, deps.postgres, report));
  const stale = await files.removeStaleTemp(layout.dir);
  if (stale.length) logger.info(`Removed temporary files an interrupted run left: ${stale.join(", ")}`);
  const preview = await previewMark(target, deps);
  const written = await phase("Write files", () =>
    writeAppFiles(
      config,
      {
        instanceSecret: keys.instanceSecret,
        jwt: keys.jwt,
        betterAuth: keys.betterAuth,
        writePem: !keys.pemOnDisk,
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        images: backendImages(config),
        originForwards: deriveOriginForwards(urls.apiUrl, urls.siteUrl),
        containerDb: postgres.container,
        doNotRequireSsl: (config.postgres.url ?? config.mysql.url)?.doNotRequireSsl ?? false,
        backend: target.backendFiles,
        backendEnv: config.backend.env,
        storage: config.storage,
        labels: preview ? dockerPreviewLabels(preview, config.instanceName) : undefined,
      },
      files,
      layout,
      report,
    ),
  );
  // Only now is there something to tear down (the compose file is ours, or the instance is
  // about to be applied): the post step records it.
  if (target.instance) deps.onTeardownState?.(target.instance.ref);
  return { files, app, project, keys, changes, postgres, written, preview };
}

/**
 * In the action on a pull request, the instance is labelled as its preview (core/preview.ts):
 * the repository, the number and the creation time an earlier up recorded on it (else now).
 */
async function previewMark(target: Target, deps: SetupDeps): Promise<PreviewMark | undefined> {
  const now = deps.date?.() ?? new Date();
  if (!derivePreviewMark(deps.env, now)) return undefined;
  const kept = await target.previewCreated?.().catch(() => undefined);
  return derivePreviewMark(deps.env, now, kept);
}

/** The repository whose artifact seed-artifact takes; checked before anything starts, and again at the download. */
function seedArtifactRepository(deps: SetupDeps): string {
  const repository = deps.env.GITHUB_REPOSITORY ?? "";
  if (!deps.fetchSeedArtifact || !isRepositoryName(repository))
    throw new SetupError(
      "seed-artifact is downloaded by the action (GITHUB_REPOSITORY, owner/name, and the job's token); here there is no GitHub client.",
      "On the command line download it (gh run download <run-id> -n <name>) and give the backup ZIP as seed-import.",
    );
  return repository;
}

/** seed-artifact, downloaded with github-token from this repository's artifacts (adapters/seed-artifact.ts). */
function downloadSeed(run: Run) {
  const { config, deps } = run;
  return deps.fetchSeedArtifact!(config.seed.artifact!, {
    repository: seedArtifactRepository(deps),
    token: config.githubToken,
    baseUrl: deps.env.GITHUB_API_URL,
    env: deps.env as NodeJS.ProcessEnv,
    warn: (m) => run.report.warn(m),
    tmp: deps.env.RUNNER_TEMP || tmpdir(),
  });
}

/** Deploys the functions, then seeds a new deployment (or always, with seed-always). */
async function deployAndSeed(
  run: Run,
  admin: ReturnType<SetupDeps["admin"]>,
  adminKey: string,
  project: ConvexProject,
  files: SetupDeps["files"],
): Promise<boolean> {
  const { config, deps, target, layout, phase } = run;
  const { logger } = deps;
  // Seeding needs to know, before the deploy, whether it is the deployment's first; nothing
  // is asked (and the seed file is not looked at) when there is nothing to seed.
  const seeding = isSeedConfigured(config.seed);
  const url = target.hostApiUrl;
  const isNew = await phase("Deploy functions", async () => {
    // The seed file was checked before anything started; checked again now (it may have moved).
    if (seeding && config.seed.import !== undefined)
      await checkSeedFile(files, layout.dir, config.seed.import);
    const fresh = seeding && (await checkNewDeployment(admin, adminKey));
    await deployFunctions(
      deps.convexCli,
      layout.dir,
      project,
      { url, adminKey, args: config.deployArgs, env: withoutCredentials(deps.env, config) },
      logger,
      deps.clock,
    );
    run.progress.deployed = true;
    return fresh;
  });
  if (!seeding) return false;
  run.progress.seeded = await phase("Seed", () =>
    seedDeployment(
      deps.convexCli,
      layout.dir,
      project,
      config.seed,
      {
        url,
        adminKey,
        env: withoutCredentials(deps.env, config),
        isNew,
        files,
        ...(config.seed.artifact ? { fetchArtifact: () => downloadSeed(run) } : {}),
      },
      logger,
      deps.clock,
    ),
  );
  return run.progress.seeded;
}

/** The checks of the Verify phase, printed; a failed one stops the run. */
async function verify(run: Run, adminKey: string, expectedVariables: string[], authDiscovery: boolean) {
  const { config, deps, target } = run;
  const { logger } = deps;
  const urls = config.publicUrls;
  const checks = await verifyDeployment(
    { admin: deps.admin, fetch: deps.fetch ?? fetch },
    {
      hostApiUrl: target.hostApiUrl,
      hostSiteUrl: target.hostSiteUrl,
      apiUrl: urls.apiUrl,
      siteUrl: urls.siteUrl,
      adminKey,
      expectedVariables,
      // Auth discovery is served by the deployed http.ts (auth.addHttpRoutes).
      authDiscovery,
      // connect: the host checks already go through the public URLs.
      publicUrls: !target.viaPublicUrls && urls.coder && !urls.local,
    },
  );
  for (const c of checks) logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
  return checks;
}

/**
 * The Postgres password and env-vars whose names say they are secret (AUTH_GITHUB_SECRET,
 * RESEND_API_KEY, ...): masked before anything runs, so that no later line (a CLI error quoting a
 * value) shows them. In the action the runner also masks whatever came from `secrets.*`.
 */
function maskConfiguredSecrets(config: Config, logger: SetupDeps["logger"]): void {
  maskAll(logger, config.postgres.url?.password);
  maskAll(logger, config.mysql.url?.password);
  maskAll(logger, config.betterAuthSecret);
  const s3 = config.storage?.credentials;
  for (const value of [s3?.accessKeyId, s3?.secretAccessKey, s3?.sessionToken]) maskAll(logger, value);
  maskAll(logger, config.githubToken);
  for (const [name, value] of config.envVars)
    if (isSecretName(name) && isMaskableValue(value)) maskAll(logger, value);
}
