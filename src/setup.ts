/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */

import { resolve } from "node:path";
import type { Docker } from "./adapters/docker.js";
import type { PortForward } from "./adapters/kubectl.js";
import type { Lock } from "./adapters/lock.js";
import { maskAll } from "./adapters/runtime.js";
import { checkAppVariables } from "./core/app-plan.js";
import { generateJwtKey, type JwtKeyPair } from "./core/auth-keys.js";
import type { Endpoints } from "./core/client-env.js";
import { DEFAULT_BACKEND_IMAGE, DEFAULT_DASHBOARD_IMAGE, deriveOriginForwards } from "./core/compose.js";
import type { Config } from "./core/config.js";
import { isMaskableValue, isSecretName } from "./core/deployment-env.js";
import { InterruptedError, SetupError } from "./core/errors.js";
import { buildManifests } from "./core/kubernetes.js";
import { type KubernetesInstance, locate, SECRET_MODE, teardownStateOf } from "./core/layout.js";
import { deriveTargetPlan } from "./core/target-plan.js";
import { confirmAdminKey, confirmConnectAdminKey } from "./phases/admin-key.js";
import { planApp } from "./phases/app.js";
import { setDeploymentVariables, writeClientEnvFiles } from "./phases/configure.js";
import { deployFunctions } from "./phases/deploy.js";
import { planDeploymentVariables } from "./phases/deployment-vars.js";
import { pullAll, startImages } from "./phases/images.js";
import { resolveConnectKeys, resolveKeys } from "./phases/keys.js";
import {
  applyManifests,
  forwardPorts,
  kubernetesBackendView,
  readStoredKeys,
  renderValidated,
  requireKubectl,
  waitForRollout,
} from "./phases/kubernetes.js";
import { type PostgresPlan, preparePostgres } from "./phases/postgres.js";
import { checkConvexCli, checkDocker } from "./phases/preflight.js";
import { checkRepository } from "./phases/repository.js";
import { checkNewDeployment, checkSeedFile, isSeedConfigured, seedDeployment } from "./phases/seed.js";
import { startContainers, waitForBackend } from "./phases/start.js";
import type { KeySource, Reporter, SetupDeps, SetupResult } from "./phases/types.js";
import { assertVerified, verifyDeployment } from "./phases/verify.js";
import { writeAppFiles } from "./phases/write-files.js";

export type { TeardownState } from "./core/layout.js";
export type { EnsureImages, KeySource, Reporter, SetupDeps, SetupResult } from "./phases/types.js";

/** target connect: no containers here; the wait polls the URL only, and there are no logs to show. */
const elsewhere = {
  ps: async () => [],
  logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
} as unknown as Docker;

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
  // target kubernetes without an Ingress: kubectl port-forward, for the length of the run.
  let forward: PortForward | undefined;
  try {
    return await run();
  } finally {
    await forward?.stop();
    await lock?.release();
  }

  async function run(): Promise<SetupResult> {
    const urls = config.publicUrls;
    // Where the backend runs and how this host reaches it (core/target-plan.ts).
    const plan = deriveTargetPlan(config);
    const { connect, renderOnly, ingressHosts, viaPublicUrls } = plan;
    const kube = plan.kubernetes;
    const composed = plan.compose;
    const kubectl = plan.applies ? requireKubectl(deps.kubectl) : undefined;
    const owner = deps.env.GITHUB_REPOSITORY || undefined;
    const endpoints: Endpoints = {
      apiUrl: urls.apiUrl,
      siteUrl: urls.siteUrl,
      dashboardUrl: urls.dashboardUrl,
      hostApiUrl: plan.hostApiUrl,
    };
    const hostSiteUrl = plan.hostSiteUrl;
    const kubeInstance: KubernetesInstance = {
      kind: "kubernetes",
      namespace: config.kubernetes.namespace,
      instanceName: config.instanceName,
      ...(owner ? { owner } : {}),
    };
    for (const w of plan.warnings) report.warn(w);
    const images = {
      backend: config.images.backend ?? DEFAULT_BACKEND_IMAGE,
      dashboard: config.images.dashboard ?? DEFAULT_DASHBOARD_IMAGE,
    };
    const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
    maskAll(logger, config.postgres.url?.password);
    // env-vars whose names say they are secret (AUTH_GITHUB_SECRET, RESEND_API_KEY, ...): masked
    // now, so that no later line (a CLI error quoting a value) shows them. In the action the
    // runner also masks whatever came from `secrets.*`.
    for (const [name, value] of config.envVars)
      if (isSecretName(name) && isMaskableValue(value)) maskAll(logger, value);

    // The pull starts first and runs in the background while docker, keys, Postgres and files are
    // checked and prepared; a failure there stops it.
    // Only compose pulls here; a cluster pulls for itself.
    const ensure = !composed
      ? async () => {}
      : (deps.ensureImages ?? ((list, signal, warn) => pullAll(docker, list, signal, warn)));
    const pull = startImages(ensure, composed ? imageList : [], clock, report.warn);
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
      if (composed) await phase("Check docker", async () => logger.info(await checkDocker(docker)));
      if (kubectl) await phase("Check kubectl", async () => logger.info(`kubectl ${await kubectl.check()}`));
      const app = await phase("App", () =>
        planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report),
      );
      // The project's own convex CLI (new enough) must be there before anything starts.
      const project =
        config.deploy && !renderOnly
          ? await checkConvexCli(deps.convexCli, layout.dir, {
              root,
              packageManager: app.facts.packageManager,
              workspaceRoot: resolve(root, app.facts.workspaceRoot),
            })
          : undefined;
      // A seed file outside the repository (a link out) stops the run before anything starts.
      if (project && isSeedConfigured(config.seed) && config.seed.import !== undefined)
        await checkSeedFile(files, layout.dir, config.seed.import);
      const keys = await phase("Keys", async () => {
        const options = { convexAuth: app.convexAuth, generate };
        if (connect) return resolveConnectKeys(config, files, layout, logger, options);
        // kubernetes: the instance's Secret in the cluster holds the keys of earlier runs.
        const stored = kubectl
          ? await readStoredKeys(kubectl, config.kubernetes.namespace, config.instanceName, owner)
          : undefined;
        return resolveKeys(config, files, layout, logger, { ...options, ...(stored ? { stored } : {}) });
      });
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
      const postgres: PostgresPlan = connect
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
            backend: composed ? "compose" : renderOnly ? "env-only" : "none",
          },
          files,
          layout,
          report,
        ),
      );
      // Only now is the compose file ours (or the instance about to be applied): from here on the
      // post step has something to stop.
      if (composed) deps.onTeardownState?.(teardownStateOf(layout.target));
      if (kubectl) deps.onTeardownState?.(kubeInstance);
      return { files, app, project, keys, changes, postgres, written };
    };
    const { files, app, project, keys, changes, postgres, written } = await prepare().catch(
      (error: unknown) => {
        pull.abort(); // nothing will use the images now
        throw error;
      },
    );

    /** render-only: the manifests are written, nothing runs; the result says what was made. */
    /** What every result says, whatever ran (timings and warnings fill as the run goes). */
    const known = {
      apiUrl: endpoints.apiUrl,
      siteUrl: endpoints.siteUrl,
      dashboardUrl: endpoints.dashboardUrl,
      hostApiUrl: endpoints.hostApiUrl,
      urlSource: urls.source,
      instanceName: config.instanceName,
      postgresDatabase: config.postgres.url?.name,
      workingDirectory: layout.dir,
      timings,
      warnings,
    };
    const renderedResult = (
      keys: { adminKey: string; secretSource: KeySource; jwtSource: KeySource | "none" },
      manifestFile: string,
      postgres: PostgresPlan,
      writtenFiles: string[],
    ): SetupResult => ({
      ...known,
      adminKey: keys.adminKey,
      adminKeySource: "computed",
      postgres: postgres.preflight,
      envFile: layout.path("backendEnv"),
      composeFile: "",
      composeProject: "",
      namespace: config.kubernetes.namespace,
      manifestFile,
      deployed: false,
      seeded: false,
      verified: [],
      keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
      deploymentVariables: [],
      written: writtenFiles,
      frontends: [],
    });

    const target = layout.target;
    if (kube) {
      const yaml = await phase("Kubernetes manifests", async () => {
        const text = await renderValidated(
          buildManifests({
            instanceName: config.instanceName,
            namespace: config.kubernetes.namespace,
            images,
            dashboard: config.dashboard,
            cloudOrigin: urls.apiUrl,
            siteOrigin: urls.siteUrl,
            dashboardDeploymentUrl: urls.apiUrl,
            instanceSecret: keys.instanceSecret,
            postgresUrl: postgres.container?.url,
            doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
            jwtPrivateKeyPem: keys.jwt?.privateKeyPem,
            volumeSize: config.kubernetes.volumeSize,
            owner,
            ingress: ingressHosts
              ? {
                  hosts: ingressHosts,
                  className: config.kubernetes.ingressClass,
                  tlsSecret: config.kubernetes.tlsSecret,
                }
              : undefined,
          }),
        );
        if (renderOnly) {
          await files.write(layout.path("manifests"), text, SECRET_MODE);
          logger.info(
            `Wrote ${layout.path("manifests")} (mode 0600: it holds the instance's Secret). render-only: nothing was applied.`,
          );
        }
        return text;
      });
      if (renderOnly)
        return renderedResult(keys, layout.path("manifests"), postgres, [
          ...written.written.map((n) => layout.path(n)),
          layout.path("manifests"),
        ]);
      await phase("Apply manifests", () =>
        applyManifests(
          kubectl!,
          {
            namespace: config.kubernetes.namespace,
            instanceName: config.instanceName,
            ingress: ingressHosts !== undefined,
            dashboard: config.dashboard,
          },
          yaml,
          logger,
        ),
      );
    }
    if (composed) {
      await phase("Start containers", () =>
        startContainers(deps, target, pull, imageList, written.envFileKeys),
      );
    }
    const admin = deps.admin(endpoints.hostApiUrl);
    // With connect there are no containers to inspect: the wait only polls the URL. With
    // kubernetes the pods are (kubectl get pods, kubectl logs).
    const waitDeps = connect
      ? { ...deps, docker: elsewhere }
      : kubectl
        ? {
            ...deps,
            docker: kubernetesBackendView(kubectl, config.kubernetes.namespace, config.instanceName),
          }
        : deps;
    await phase("Wait for the backend", async () => {
      if (kubectl) {
        await waitForRollout(
          kubectl,
          {
            namespace: config.kubernetes.namespace,
            instanceName: config.instanceName,
            dashboard: config.dashboard,
            timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
          },
          logger,
        );
        if (plan.portForward) {
          forward = await forwardPorts(
            kubectl,
            {
              namespace: config.kubernetes.namespace,
              instanceName: config.instanceName,
              ports: config.ports,
            },
            logger,
            report.warn,
          );
        }
      }
      await waitForBackend(admin, target, config.waitTimeoutMs, waitDeps);
    });
    const adminKey = await phase("Admin key", () =>
      connect || kube
        ? confirmConnectAdminKey(admin, keys.adminKey, connect ? "connect" : "kubernetes")
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
    let seeded = false;
    if (project) {
      // Seeding needs to know, before the deploy, whether it is the deployment's first; nothing
      // is asked (and the seed file is not looked at) when there is nothing to seed.
      const seeding = isSeedConfigured(config.seed);
      const isNew = await phase("Deploy functions", async () => {
        // The seed file was checked before anything started; checked again now (it may have moved).
        if (seeding && config.seed.import !== undefined)
          await checkSeedFile(files, layout.dir, config.seed.import);
        const fresh = seeding && (await checkNewDeployment(admin, adminKey.key));
        await deployFunctions(
          deps.convexCli,
          layout.dir,
          project,
          { url: endpoints.hostApiUrl, adminKey: adminKey.key, args: config.deployArgs, env: deps.env },
          logger,
        );
        return fresh;
      });
      if (seeding) {
        seeded = await phase("Seed", () =>
          seedDeployment(
            deps.convexCli,
            layout.dir,
            project,
            config.seed,
            { url: endpoints.hostApiUrl, adminKey: adminKey.key, env: deps.env, isNew, files },
            logger,
          ),
        );
      }
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
              publicUrls: !viaPublicUrls && urls.coder && !urls.local,
              ports: { api: config.ports.api, site: config.ports.site },
            },
          );
          for (const c of checks) logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
          assertVerified(checks);
          return checks;
        })
      : [];

    return {
      ...known,
      adminKey: adminKey.key,
      adminKeySource: adminKey.source,
      postgres: postgres.preflight,
      // Written with compose only (kubernetes keeps the keys in its Secret).
      envFile: composed ? layout.path("backendEnv") : "",
      composeFile: composed ? target.file : "",
      composeProject: composed ? target.project : "",
      namespace: kube ? config.kubernetes.namespace : undefined,
      manifestFile: undefined,
      deployed: project !== undefined,
      seeded,
      verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
      keySources: { instanceSecret: keys.secretSource, jwtKey: keys.jwtSource },
      deploymentVariables: changes.map((c) => c.name),
      written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
      frontends: app.frontends.map((f) => ({ dir: f.dir, framework: f.framework })),
    };
  }
}
