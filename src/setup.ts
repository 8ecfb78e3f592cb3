/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */

import { resolve } from "node:path";
import type { Docker } from "./adapters/docker.js";
import type { Lock } from "./adapters/lock.js";
import { maskAll } from "./adapters/runtime.js";
import { checkAppVariables } from "./core/app-plan.js";
import { generateJwtKey, type JwtKeyPair } from "./core/auth-keys.js";
import { deriveHostApiUrl, type Endpoints } from "./core/client-env.js";
import { DEFAULT_BACKEND_IMAGE, DEFAULT_DASHBOARD_IMAGE, deriveOriginForwards } from "./core/compose.js";
import type { Config } from "./core/config.js";
import { InterruptedError, SetupError } from "./core/errors.js";
import { composeTargetOf, locate, type TeardownState, teardownStateOf } from "./core/layout.js";
import { confirmAdminKey, confirmConnectAdminKey } from "./phases/admin-key.js";
import { planApp } from "./phases/app.js";
import { setDeploymentVariables, writeClientEnvFiles } from "./phases/configure.js";
import { deployFunctions } from "./phases/deploy.js";
import { planDeploymentVariables } from "./phases/deployment-vars.js";
import { pullAll, startImages } from "./phases/images.js";
import { resolveConnectKeys, resolveKeys } from "./phases/keys.js";
import { preparePostgres } from "./phases/postgres.js";
import { checkConvexCli, checkDocker } from "./phases/preflight.js";
import { checkRepository } from "./phases/repository.js";
import { startContainers, stopContainers, waitForBackend } from "./phases/start.js";
import type { Reporter, SetupDeps, SetupResult } from "./phases/types.js";
import { assertVerified, verifyDeployment } from "./phases/verify.js";
import { writeAppFiles } from "./phases/write-files.js";

export type { TeardownState } from "./core/layout.js";
export type { EnsureImages, KeySource, Reporter, SetupDeps, SetupResult } from "./phases/types.js";

/** target connect: no containers here; the wait polls the URL only, and there are no logs to show. */
const elsewhere = {
  ps: async () => [],
  logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
} as unknown as Docker;

export interface TeardownOptions {
  /** Print the backend's logs first (the job failed, or asked for). */
  dumpLogs: boolean;
  /** Remove the data volume too. */
  volumes: boolean;
}

export async function setup(config: Config, deps: SetupDeps): Promise<SetupResult> {
  const { logger, clock, docker } = deps;
  const timings: Array<[string, number]> = [];
  const warnings: string[] = [];
  const report: Reporter = {
    logger,
    warn: (message) => {
      warnings.push(message);
      logger.warn(message);
    },
  };
  /** Runs one phase in its log group, timed; a signal stops the run between (or inside) phases. */
  const phase = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    const interrupted = () =>
      new InterruptedError(
        String(deps.stop?.reason ?? "a signal"),
        timings.map(([t]) => t),
        title,
      );
    if (deps.stop?.aborted) throw interrupted();
    const start = clock.now();
    try {
      return await logger.group(title, fn);
    } catch (error) {
      throw deps.stop?.aborted ? interrupted() : error;
    } finally {
      timings.push([title, Math.round(clock.now() - start)]);
    }
  };

  const layout = locate(config, deps.cwd);
  let lock: Lock | undefined;
  try {
    return await run();
  } finally {
    await lock?.release();
  }

  async function run(): Promise<SetupResult> {
    const urls = config.publicUrls;
    // target connect: the backend runs elsewhere; this host reaches it through its URLs.
    const connect = config.target === "connect";
    const endpoints: Endpoints = {
      apiUrl: urls.apiUrl,
      siteUrl: urls.siteUrl,
      dashboardUrl: urls.dashboardUrl,
      hostApiUrl: connect ? urls.apiUrl : deriveHostApiUrl(config.ports.api),
    };
    const hostSiteUrl = connect ? urls.siteUrl : deriveHostApiUrl(config.ports.site);
    const images = {
      backend: config.images.backend ?? DEFAULT_BACKEND_IMAGE,
      dashboard: config.images.dashboard ?? DEFAULT_DASHBOARD_IMAGE,
    };
    const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
    maskAll(logger, config.postgres.url?.password);

    // The pull starts first and runs in the background while docker, keys, Postgres and files are
    // checked and prepared; a failure there stops it.
    const ensure = connect
      ? async () => {}
      : (deps.ensureImages ?? ((list, signal, warn) => pullAll(docker, list, signal, warn)));
    const pull = startImages(ensure, connect ? [] : imageList, clock, report.warn);
    deps.stop?.addEventListener("abort", () => pull.abort(), { once: true });
    // RSA-2048 generation takes 100-300 ms (a random prime search): started now on libuv's
    // thread pool, used by the Keys phase only if a key has to be generated.
    let pregenerated: Promise<JwtKeyPair> | undefined;
    // An unused key is never printed; the Keys phase masks the one it uses.
    const generate = () => (pregenerated ??= generateJwtKey());
    if (!config.jwtKeyPair && config.auth !== "none") void generate().catch(() => {});
    const prepare = async () => {
      const { files, root } = await phase("Repository", () => checkRepository(layout, deps, report));
      lock = deps.lock ? await deps.lock(layout.dir, (m) => logger.info(m)) : undefined;
      if (!connect) await phase("Check docker", async () => logger.info(await checkDocker(docker)));
      const app = await phase("App", () =>
        planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report),
      );
      // The project's own convex CLI (new enough) must be there before anything starts.
      const project = config.deploy
        ? await checkConvexCli(deps.convexCli, layout.dir, {
            root,
            packageManager: app.facts.packageManager,
            workspaceRoot: resolve(root, app.facts.workspaceRoot),
          })
        : undefined;
      const keys = await phase("Keys", () =>
        (connect ? resolveConnectKeys : resolveKeys)(config, files, layout, logger, {
          convexAuth: app.convexAuth,
          generate,
        }),
      );
      // Validated now, before any container starts: the variables, and what the app reads.
      const changes = await planDeploymentVariables(
        config,
        keys,
        urls.siteUrl,
        app.frontendUrl,
        files,
        layout,
        report,
      );
      const check = checkAppVariables(
        app.facts,
        new Set(changes.map((c) => c.name)),
        urls.siteUrl,
        app.convexAuth,
      );
      if (check.problems.length > 0) {
        throw new SetupError(check.problems.join("\n"), "Nothing was started.");
      }
      for (const w of check.warnings) report.warn(w);
      for (const n of check.notices) logger.info(n);
      const postgres = connect
        ? { preflight: undefined, container: undefined }
        : await phase("Postgres", () => preparePostgres(config, deps.postgres, report));
      if (connect && config.postgres.url)
        logger.info(
          "target connect: the running backend has its own database; the Postgres URL is not used.",
        );
      const stale = await files.removeStaleTemp(layout.dir);
      if (stale.length) logger.info(`Removed temporary files an interrupted run left: ${stale.join(", ")}`);
      const written = await phase("Write files", () =>
        writeAppFiles(
          config,
          {
            instanceSecret: keys.instanceSecret,
            jwt: keys.jwt,
            writePem: !keys.pemOnDisk,
            apiUrl: urls.apiUrl,
            siteUrl: urls.siteUrl,
            images,
            originForwards: deriveOriginForwards(urls.apiUrl, urls.siteUrl),
            containerDb: postgres.container,
            doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
            backend: !connect,
          },
          files,
          layout,
          report,
        ),
      );
      // Only now is the compose file ours: from here on the post step has something to stop.
      if (!connect) deps.onTeardownState?.(teardownStateOf(layout.target));
      return { files, app, project, keys, changes, postgres, written };
    };
    const { files, app, project, keys, changes, postgres, written } = await prepare().catch(
      (error: unknown) => {
        pull.abort(); // nothing will use the images now
        throw error;
      },
    );

    const target = layout.target;
    if (!connect) {
      await phase("Start containers", () =>
        startContainers(deps, target, pull, imageList, written.envFileKeys),
      );
    }
    const admin = deps.admin(endpoints.hostApiUrl);
    // With connect there are no containers to inspect: the wait only polls the URL.
    const waitDeps = connect ? { ...deps, docker: elsewhere } : deps;
    await phase("Wait for the backend", () => waitForBackend(admin, target, config.waitTimeoutMs, waitDeps));
    const adminKey = await phase("Admin key", () =>
      connect
        ? confirmConnectAdminKey(admin, keys.adminKey)
        : confirmAdminKey(
            admin,
            docker,
            target,
            { key: keys.adminKey, instanceSecret: keys.instanceSecret },
            report,
          ),
    );
    const envFilesChanged = await phase("Deployment environment", async () => {
      await setDeploymentVariables(admin, adminKey.key, changes, report);
      return writeClientEnvFiles(endpoints, adminKey.key, app.frontends, files, layout, report);
    });
    if (project) {
      await phase("Deploy functions", () =>
        deployFunctions(
          deps.convexCli,
          layout.dir,
          project,
          { url: endpoints.hostApiUrl, adminKey: adminKey.key, args: config.deployArgs, env: deps.env },
          logger,
        ),
      );
    }

    const verified = config.verify
      ? await phase("Verify", async () => {
          const checks = await verifyDeployment(
            { admin: deps.admin, fetch: deps.fetch ?? fetch },
            {
              hostApiUrl: endpoints.hostApiUrl,
              hostSiteUrl,
              apiUrl: endpoints.apiUrl,
              siteUrl: endpoints.siteUrl,
              adminKey: adminKey.key,
              expectedVariables: changes.map((c) => c.name),
              // Auth discovery is served by the deployed http.ts (auth.addHttpRoutes).
              authDiscovery: app.convexAuth && project !== undefined,
              // connect: the host checks already go through the public URLs.
              publicUrls: !connect && urls.coder && !urls.local,
              ports: { api: config.ports.api, site: config.ports.site },
            },
          );
          for (const c of checks) logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
          assertVerified(checks);
          return checks;
        })
      : [];

    return {
      apiUrl: endpoints.apiUrl,
      siteUrl: endpoints.siteUrl,
      dashboardUrl: endpoints.dashboardUrl,
      hostApiUrl: endpoints.hostApiUrl,
      urlSource: urls.source,
      adminKey: adminKey.key,
      adminKeySource: adminKey.source,
      instanceName: config.instanceName,
      postgresDatabase: config.postgres.url?.name,
      postgres: postgres.preflight,
      workingDirectory: layout.dir,
      envFile: layout.path("backendEnv"),
      composeFile: connect ? "" : target.file,
      composeProject: connect ? "" : target.project,
      deployed: project !== undefined,
      verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
      keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
      deploymentVariables: changes.map((c) => c.name),
      written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
      frontends: app.frontends.map((f) => ({ dir: f.dir, framework: f.framework })),
      timings,
      warnings,
    };
  }
}

/** Prints logs if asked, then stops and removes the containers (and the volume if asked). */
export async function teardown(
  state: TeardownState,
  options: TeardownOptions,
  deps: Pick<SetupDeps, "docker" | "logger">,
): Promise<void> {
  await stopContainers(deps, composeTargetOf(state), options);
}
