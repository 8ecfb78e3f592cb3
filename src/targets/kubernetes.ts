/**
 * target kubernetes: one instance per instance-name in a namespace, applied with kubectl (or only
 * rendered with render-only). The keys live in the instance's Secret; the run reaches the backend
 * through an Ingress with TLS, else through kubectl port-forward for the length of the run.
 */
import type { Kubectl, PortForward } from "../adapters/kubectl.js";
import type { Logger } from "../adapters/runtime.js";
import type { Config } from "../core/config.js";
import { buildManifests, deriveKubeNames, instanceSelector, parsePodStates } from "../core/kubernetes.js";
import { type KubernetesInstance, type Layout, SECRET_MODE } from "../core/layout.js";
import { deriveTargetPlan } from "../core/target-plan.js";
import { confirmConnectAdminKey } from "../phases/admin-key.js";
import { resolveKeys } from "../phases/keys.js";
import {
  applyManifests,
  forwardPorts,
  readStoredKeys,
  removeKubernetesInstance,
  renderValidated,
  requireKubectl,
  waitForRollout,
} from "../phases/kubernetes.js";
import { printLogs, waitForBackend } from "../phases/start.js";
import { backendImages } from "./compose.js";
import type { Instance, Prepared, Target, TargetDeps, TargetRun } from "./types.js";

/** An instance in a cluster, found again by its labels (the post step's state, `down`, `status`, `logs`). */
export function kubernetesInstance(ref: KubernetesInstance, kubectl: Kubectl, logger: Logger): Instance {
  const { namespace, instanceName } = ref;
  const statefulSet = `statefulset/${deriveKubeNames(instanceName).backend}`;
  const logs = (tail: number) => kubectl.logs(namespace, statefulSet, tail);
  return {
    ref,
    name: `instance ${instanceName} in namespace ${namespace}`,
    states: async () => parsePodStates(await kubectl.pods(namespace, instanceSelector(instanceName))),
    logs,
    advice: {
      stopped: (s) => ({
        message: `The backend's pod ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
        hint: `Read its logs above (kubectl logs -n ${namespace} ${statefulSet}). Common causes: Postgres unreachable from the pod (the backend exits), a missing database, or a wrong image tag.`,
      }),
      timeout: `Read its logs above. Check the pod (kubectl get pods -n ${namespace}), that Postgres is reachable from it, that the URL reaches this instance, or raise wait-timeout.`,
    },
    async remove(options) {
      if (options.dumpLogs) await printLogs(logger, () => logs(200), "requested", { grouped: true });
      await removeKubernetesInstance(kubectl, ref, logger);
    },
  };
}

export function createKubernetesTarget(config: Config, deps: TargetDeps, layout: Layout): Target {
  const plan = deriveTargetPlan(config);
  const { namespace, renderOnly } = config.kubernetes;
  const owner = deps.env.GITHUB_REPOSITORY || undefined;
  const ref: KubernetesInstance = {
    kind: "kubernetes",
    namespace,
    instanceName: config.instanceName,
    ...(owner ? { owner } : {}),
  };
  // render-only needs no cluster: kubectl is asked for only when something is applied.
  const kubectl = plan.applies ? requireKubectl(deps.kubectl) : undefined;
  const instance = kubectl ? kubernetesInstance(ref, kubectl, deps.logger) : undefined;
  const images = backendImages(config);
  let forward: PortForward | undefined;

  const render = (run: TargetRun, prepared: Prepared) =>
    run.phase("Kubernetes manifests", async () => {
      const urls = config.publicUrls;
      const text = await renderValidated(
        buildManifests({
          instanceName: config.instanceName,
          namespace,
          images,
          dashboard: config.dashboard,
          cloudOrigin: urls.apiUrl,
          siteOrigin: urls.siteUrl,
          dashboardDeploymentUrl: urls.apiUrl,
          instanceSecret: prepared.keys.instanceSecret,
          postgresUrl: prepared.postgres.container?.url,
          doNotRequireSsl: config.postgres.url?.doNotRequireSsl ?? false,
          jwtPrivateKeyPem: prepared.keys.jwt?.privateKeyPem,
          betterAuthSecret: prepared.keys.betterAuth?.value,
          volumeSize: config.kubernetes.volumeSize,
          owner,
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
    async preflight(run) {
      if (kubectl)
        await run.phase("Check kubectl", async () =>
          run.report.logger.info(`kubectl ${await kubectl.check()}`),
        );
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
      await waitForRollout(
        cluster,
        {
          namespace,
          instanceName: config.instanceName,
          dashboard: config.dashboard,
          timeoutSeconds: Math.ceil(config.waitTimeoutMs / 1000),
        },
        run.report.logger,
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
    confirmAdminKey: (_run, admin, keys) => confirmConnectAdminKey(admin, keys.adminKey, "kubernetes"),
    describe: (rendered) => ({
      envFile: rendered ? layout.path("backendEnv") : "",
      composeFile: "",
      composeProject: "",
      namespace,
      manifestFile: rendered,
    }),
    async close() {
      const open = forward;
      forward = undefined;
      await open?.stop();
    },
    remove: (options) =>
      (instance ?? kubernetesInstance(ref, requireKubectl(deps.kubectl), deps.logger)).remove(options),
  };
}
