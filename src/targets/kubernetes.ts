/**
 * target kubernetes: one instance per instance-name in a namespace, applied with kubectl (or only
 * rendered with render-only). The keys live in the instance's Secret; the run reaches the backend
 * through an Ingress with TLS, else through kubectl port-forward for the length of the run.
 */
import { type Kubectl, kubectlArgs, type PortForward } from "../adapters/kubectl.js";
import type { Logger } from "../adapters/runtime.js";
import type { ConfigOf } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import {
  buildManifests,
  deriveKubeNames,
  instanceSelector,
  parseLabelledSecrets,
  parsePodStates,
  previewSelector,
  renderManifests,
} from "../core/kubernetes.js";
import { type KubernetesInstance, type Layout, SECRET_MODE } from "../core/layout.js";
import { option } from "../core/naming.js";
import { kubeCreatedOf } from "../core/preview.js";
import { deriveTargetPlan } from "../core/target-plan.js";
import { confirmConnectAdminKey } from "../phases/admin-key.js";
import { runChecks, stopOnFailures, type TargetCheck } from "../phases/checks.js";
import { resolveKeys } from "../phases/keys.js";
import {
  applyManifests,
  forwardPorts,
  readStoredKeys,
  readWorkloadImages,
  removeKubernetesInstance,
  replaceCrashingBackend,
  requireKubectl,
  waitForRollout,
} from "../phases/kubernetes.js";
import { printLogs, waitForBackend } from "../phases/start.js";
import { whileWaiting } from "../phases/waiting.js";
import { backendImages } from "./compose.js";
import type {
  FindDeps,
  ImageSwitch,
  Instance,
  InstanceQuery,
  Prepared,
  PreviewInstance,
  PreviewList,
  Target,
  TargetDeps,
  TargetRun,
} from "./types.js";

/** An instance in a cluster, found again by its labels (the post step's state, `down`, `status`, `logs`). */
export function kubernetesInstance(ref: KubernetesInstance, kubectl: Kubectl, logger: Logger): Instance {
  const { namespace, instanceName } = ref;
  const statefulSet = `statefulset/${deriveKubeNames(instanceName).backend}`;
  const logs = (tail: number) => kubectl.logs(namespace, statefulSet, tail);
  const selector = instanceSelector(instanceName);
  const states = async () => parsePodStates(await kubectl.pods(namespace, selector));
  return {
    ref,
    name: `instance ${instanceName} in namespace ${namespace}`,
    // The API is reached through a port-forward (or its Ingress), not from here as it is.
    hostApiUrl: undefined,
    publicUrls: undefined,
    states,
    logs,
    async report() {
      const objects = await kubectl.list(namespace, selector);
      const pods = await states();
      return {
        heading: `Instance ${instanceName} in namespace ${namespace}`,
        lines: [
          ...(objects.length ? objects.map((o) => `  ${o}`) : ["  no objects"]),
          ...(pods.length
            ? pods.map(
                (p) =>
                  `  pod ${p.service.padEnd(12)} ${p.state}${p.exitCode !== undefined ? ` (exit ${p.exitCode})` : ""}`,
              )
            : ["  no pods"]),
        ],
        running: pods.some((p) => p.service === "backend" && p.state === "running"),
        hint: `Reach the API: kubectl port-forward -n ${namespace} service/${deriveKubeNames(instanceName).backend} 3210:3210 3211:3211`,
        json: { namespace, instance: instanceName, objects, pods },
      };
    },
    logsCommand: (tail, follow) => ({
      program: "kubectl",
      args: [...kubectlArgs.logs(namespace, statefulSet, tail), ...(follow ? ["--follow"] : [])],
    }),
    advice: {
      stopped: (s) => ({
        message: `The backend's pod ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
        hint: `Read its logs above (kubectl logs -n ${namespace} ${statefulSet}). Common causes: Postgres unreachable from the pod (the backend exits), a missing database, or a wrong image tag.`,
      }),
      timeout: `Read its logs above. Check the pod (kubectl get pods -n ${namespace}), that Postgres is reachable from it, that the URL reaches this instance, or raise ${option("wait-timeout")}.`,
    },
    async remove(options) {
      if (options.dumpLogs) await printLogs(logger, () => logs(200), "requested", { grouped: true });
      await removeKubernetesInstance(kubectl, ref, logger);
    },
  };
}

/** kubectl, and the cluster answering in the namespace (read where the keys of earlier runs are kept). */
function clusterChecks(kubectl: Kubectl, ref: KubernetesInstance): TargetCheck[] {
  const { namespace, instanceName, owner } = ref;
  return [
    {
      name: "kubectl",
      up: "preflight",
      run: async () => ({ status: "pass", message: `kubectl ${await kubectl.check()}` }),
    },
    {
      name: "cluster",
      // up reads the same Secret for the keys of earlier runs.
      up: "phase Keys",
      async run() {
        // Reads the instance's Secret: proves the cluster answers and the user may read there.
        const stored = await readStoredKeys(kubectl, namespace, instanceName, owner);
        return {
          status: "pass",
          message: stored.instanceSecret
            ? `Cluster answers; ${stored.where} exists: up reuses its keys`
            : `Cluster answers; instance ${instanceName} is not in namespace ${namespace} yet: up creates it`,
        };
      },
    },
  ];
}

/** An instance found from `status --target kubernetes --namespace N --instance-name I`. */
export async function findKubernetesInstance(query: InstanceQuery, deps: FindDeps): Promise<Instance> {
  const ref: KubernetesInstance = {
    kind: "kubernetes",
    namespace: query.namespace,
    instanceName: query.instanceName,
  };
  return kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger);
}

/** The instance's manifests, validated by type; with render-only written to the working directory (0600). */
function renderInstance(
  config: ConfigOf<"kubernetes">,
  layout: Layout,
  owner: string | undefined,
  run: TargetRun,
  prepared: Prepared,
): Promise<string> {
  const plan = deriveTargetPlan(config);
  const { namespace, renderOnly } = config.kubernetes;
  const images = backendImages(config);
  return run.phase("Kubernetes manifests", async () => {
    const urls = config.publicUrls;
    const db = prepared.postgres.container;
    const text = renderManifests(
      buildManifests({
        instanceName: config.instanceName,
        namespace,
        images,
        dashboard: config.dashboard,
        cloudOrigin: urls.apiUrl,
        siteOrigin: urls.siteUrl,
        dashboardDeploymentUrl: urls.apiUrl,
        instanceSecret: prepared.keys.instanceSecret,
        postgresUrl: db?.variable === "POSTGRES_URL" ? db.url : undefined,
        mysqlUrl: db?.variable === "MYSQL_URL" ? db.url : undefined,
        doNotRequireSsl: (config.postgres.url ?? config.mysql.url)?.doNotRequireSsl ?? false,
        jwtPrivateKeyPem: prepared.keys.jwt?.privateKeyPem,
        betterAuthSecret: prepared.keys.betterAuth?.value,
        volumeSize: config.kubernetes.volumeSize,
        owner,
        preview: prepared.preview,
        metricsEndpoint: config.metricsEndpoint,
        networkPolicy: config.kubernetes.networkPolicy,
        backendEnv: config.backend.env,
        storage: config.storage,
        ingress: plan.ingressHosts
          ? {
              hosts: plan.ingressHosts,
              className: config.kubernetes.ingressClass,
              tlsSecret: config.kubernetes.tlsSecret,
            }
          : undefined,
      }),
    );
    if (renderOnly) {
      await prepared.files.write(layout.path("manifests"), text, SECRET_MODE);
      run.report.logger.info(
        `Wrote ${layout.path("manifests")} (mode 0600: it holds the instance's Secret). render-only: nothing was applied.`,
      );
    }
    return text;
  });
}

/** command upgrade on kubernetes: `kubectl set image` on the instance's workloads (a rollout each). */
function kubernetesImageSwitch(
  kubectl: Kubectl,
  ref: KubernetesInstance,
  close: () => Promise<void>,
): ImageSwitch {
  const { namespace, instanceName } = ref;
  const names = deriveKubeNames(instanceName);
  return {
    where: `statefulset/${names.backend} and deployment/${names.dashboard} in namespace ${namespace}`,
    current: () => readWorkloadImages(kubectl, namespace, instanceName),
    // The cluster pulls for itself: a tag it cannot pull shows as a rollout that does not finish.
    prepare: async () => {},
    async change(run, _files, images) {
      const log = run.report.logger;
      // The port-forward goes to the pod being replaced: the wait that follows opens a new one.
      await close();
      await kubectl.setImage(namespace, `statefulset/${names.backend}`, { backend: images.backend });
      log.info(`statefulset/${names.backend}: backend=${images.backend}`);
      if (images.dashboard) {
        await kubectl.setImage(namespace, `deployment/${names.dashboard}`, { dashboard: images.dashboard });
        log.info(`deployment/${names.dashboard}: dashboard=${images.dashboard}`);
      }
      await replaceCrashingBackend(kubectl, namespace, instanceName, log);
    },
  };
}

export function createKubernetesTarget(
  config: ConfigOf<"kubernetes">,
  deps: TargetDeps,
  layout: Layout,
): Target {
  const plan = deriveTargetPlan(config);
  const { namespace, renderOnly } = config.kubernetes;
  const owner = deps.env.GITHUB_REPOSITORY || undefined;
  const ref: KubernetesInstance = {
    kind: "kubernetes",
    namespace,
    instanceName: config.instanceName,
    ...(owner ? { owner } : {}),
    ...(config.kubernetes.networkPolicy ? { networkPolicy: true } : {}),
  };
  // render-only needs no cluster: kubectl is asked for only when something is applied.
  const kubectl = plan.applies ? requireKubectl(deps.kubectl) : undefined;
  const instance = kubectl ? kubernetesInstance(ref, kubectl, deps.logger) : undefined;
  let forward: PortForward | undefined;

  const render = (run: TargetRun, prepared: Prepared) => renderInstance(config, layout, owner, run, prepared);
  const close = async () => {
    const open = forward;
    forward = undefined;
    await open?.stop();
  };

  return {
    kind: "kubernetes",
    hostApiUrl: plan.hostApiUrl,
    hostSiteUrl: plan.hostSiteUrl,
    viaPublicUrls: plan.viaPublicUrls,
    runs: !renderOnly,
    warnings: plan.warnings,
    // A cluster pulls for itself.
    images: [],
    usesDatabase: true,
    backendFiles: renderOnly ? "env-only" : "none",
    instance,
    checks: () => (kubectl ? clusterChecks(kubectl, ref) : []),
    async preflight(run) {
      if (!kubectl) return;
      await run.phase("Check kubectl", async () => {
        const findings = await runChecks(
          clusterChecks(kubectl, ref).filter((c) => c.up === "preflight"),
          undefined,
        );
        for (const f of findings) if (f.status === "pass") run.report.logger.info(f.message);
        stopOnFailures(findings, "first");
      });
    },
    async resolveKeys(run, files, options) {
      // The instance's Secret in the cluster holds the keys of earlier runs.
      const stored = kubectl
        ? await readStoredKeys(kubectl, namespace, config.instanceName, owner)
        : undefined;
      return resolveKeys(config, files, layout, run.report.logger, {
        ...options,
        ...(stored ? { stored } : {}),
      });
    },
    async start(run, prepared) {
      const yaml = await render(run, prepared);
      if (!kubectl) return { rendered: layout.path("manifests") };
      await run.phase("Apply manifests", () =>
        applyManifests(
          kubectl,
          {
            namespace,
            instanceName: config.instanceName,
            ingress: plan.ingressHosts !== undefined,
            dashboard: config.dashboard,
          },
          yaml,
          run.report.logger,
        ),
      );
      return undefined;
    },
    async wait(run, admin) {
      const cluster = requireKubectl(kubectl);
      await whileWaiting(
        `the rollout of instance ${config.instanceName} in namespace ${namespace}`,
        () =>
          waitForRollout(
            cluster,
            {
              namespace,
              instanceName: config.instanceName,
              dashboard: config.dashboard,
              timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
            },
            run.report.logger,
          ),
        { logger: run.report.logger, clock: deps.clock },
      );
      if (plan.portForward)
        forward = await forwardPorts(
          cluster,
          { namespace, instanceName: config.instanceName, ports: config.ports },
          run.report.logger,
          run.report.warn,
        );
      await waitForBackend(admin, kubernetesInstance(ref, cluster, deps.logger), config.waitTimeoutMs, deps);
    },
    confirmAdminKey: (_run, admin, keys) =>
      confirmConnectAdminKey(admin, keys.adminKey, (baseUrl) => ({
        message: `The backend at ${baseUrl} refused the admin key made from its Secret's instance secret. Nothing was set.`,
        hint: "Its pod runs with another secret (a Secret changed by hand, or another instance answering at this URL): check that ingress-host's hosts reach this instance, or remove it (command: down) and set it up again.",
      })),
    async requireRunning(keys, verb) {
      if (keys.secretSource === "generated")
        throw new SetupError(
          `No instance ${config.instanceName} in namespace ${namespace} (its Secret holds no instance secret): nothing to ${verb}.`,
          "Check instance-name and namespace (the ones `up` used), and the kubeconfig's cluster.",
        );
    },
    describe: (rendered) => ({
      envFile: rendered ? layout.path("backendEnv") : "",
      composeFile: "",
      composeProject: "",
      namespace,
      manifestFile: rendered,
    }),
    close,
    remove: (options) =>
      (instance ?? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)).remove(options),
    ...(kubectl ? { switchImages: kubernetesImageSwitch(kubectl, ref, close) } : {}),
    async previewCreated() {
      if (!kubectl) return undefined;
      const text = await kubectl.readSecret(namespace, deriveKubeNames(config.instanceName).backend);
      return text ? kubeCreatedOf(JSON.parse(text).metadata ?? {}) : undefined;
    },
  };
}

/**
 * The instances in `query.namespace` labelled as previews of `query.repository` (prune): their
 * Secrets asked by the repository's hash label, each kept only when its owner annotation names the
 * repository exactly; one is removed as `down` removes it (its objects and volume claim).
 */
export async function listKubernetesPreviews(
  config: ConfigOf<"kubernetes">,
  repository: string,
  deps: FindDeps,
): Promise<PreviewList> {
  const { namespace, networkPolicy } = config.kubernetes;
  return {
    where: `in namespace ${namespace}`,
    previews: await kubernetesPreviews({ repository, namespace, networkPolicy }, deps),
  };
}

async function kubernetesPreviews(
  query: { repository: string; namespace: string; networkPolicy: boolean },
  deps: FindDeps,
): Promise<PreviewInstance[]> {
  const kubectl = requireKubectl(deps.kubectl);
  const found = parseLabelledSecrets(
    await kubectl.secrets(query.namespace, previewSelector(query.repository)),
  );
  return found.flatMap((f) => {
    if (f.owner !== query.repository || f.pullRequest === undefined) return [];
    const ref: KubernetesInstance = {
      kind: "kubernetes",
      namespace: query.namespace,
      instanceName: f.instanceName,
      owner: query.repository,
      ...(query.networkPolicy ? { networkPolicy: true } : {}),
    };
    return [
      {
        name: `instance ${f.instanceName} in namespace ${query.namespace}`,
        repository: query.repository,
        pullRequest: f.pullRequest,
        created: f.created,
        instanceName: f.instanceName,
        remove: () =>
          kubernetesInstance(ref, kubectl, deps.logger).remove({ dumpLogs: false, volumes: true }),
      },
    ];
  });
}
