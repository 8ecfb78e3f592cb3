/**
 * target kubernetes: the keys kept in the cluster, applying the manifests, waiting for the
 * rollout, reaching the backend (Ingress, or kubectl port-forward for the run), its logs and
 * state for the wait, and removing an instance by its labels.
 */
import type { Kubectl, PortForward } from "../adapters/kubectl.js";
import type { Logger } from "../adapters/runtime.js";
import { CONTAINER_PORTS } from "../core/compose.js";
import { SetupError } from "../core/errors.js";
import {
  deriveKubeNames,
  instanceSelector,
  LABELS,
  parseInstanceSecret,
  parsePodStates,
} from "../core/kubernetes.js";
import { option } from "../core/naming.js";
import type { StoredKeys } from "./keys.js";
import { printLogs } from "./start.js";

export function requireKubectl(kubectl: Kubectl | undefined): Kubectl {
  if (!kubectl) throw new SetupError("target kubernetes needs kubectl, which this caller did not provide.");
  return kubectl;
}

/**
 * The instance's Secret as an earlier run left it, after checking that it is ours: made by this
 * tool (its managed-by label) and, when both are known, by the same owner (GITHUB_REPOSITORY).
 * Another repository's preview of the same name, or a foreign Secret, is never taken over.
 */
async function readOwnSecret(
  kubectl: Kubectl,
  namespace: string,
  instanceName: string,
  owner: string | undefined,
  /** refuse: a Secret of that name not made by this tool is an error; ignore: it is not ours. */
  foreign: "refuse" | "ignore" = "refuse",
): Promise<ReturnType<typeof parseInstanceSecret> | undefined> {
  const name = deriveKubeNames(instanceName).backend;
  const where = `Secret ${name} in namespace ${namespace}`;
  const text = await kubectl.readSecret(namespace, name);
  if (!text) return undefined;
  let kept: ReturnType<typeof parseInstanceSecret>;
  try {
    kept = parseInstanceSecret(text);
  } catch (error) {
    if (foreign === "ignore") return undefined;
    throw new SetupError(`${where} could not be read: ${(error as Error).message}.`);
  }
  if (!kept.managed && foreign === "ignore") return undefined;
  if (!kept.managed)
    throw new SetupError(
      `${where} exists and was not made by setup-coder-convex (no app.kubernetes.io/managed-by=setup-coder-convex label): refusing to take it over.`,
      `Use another ${option("instance-name")} or ${option("namespace")}.`,
    );
  if (owner && kept.owner && kept.owner !== owner)
    throw new SetupError(
      `${where} belongs to ${kept.owner}, not ${owner}: two repositories use the same instance-name in this namespace. Nothing was changed.`,
      "Give each repository its own namespace, or put the repository's name in instance-name.",
    );
  return kept;
}

/** The keys an earlier run kept in the instance's Secret (none when it or its namespace is missing). */
export async function readStoredKeys(
  kubectl: Kubectl,
  namespace: string,
  instanceName: string,
  owner: string | undefined,
): Promise<StoredKeys> {
  const name = deriveKubeNames(instanceName).backend;
  const kept = await readOwnSecret(kubectl, namespace, instanceName, owner);
  return {
    instanceSecret: kept?.instanceSecret,
    jwtPrivateKeyPem: kept?.jwtPrivateKeyPem,
    betterAuthSecret: kept?.betterAuthSecret,
    where: `Secret ${name} in namespace ${namespace}`,
    reset: `remove the instance first (command: down, or kubectl delete secret ${name} -n ${namespace}) to start afresh`,
  };
}

/**
 * Creates the namespace when missing, then `kubectl apply --server-side`; then removes what an
 * earlier run made and this one does not (an Ingress after ingress-host is dropped, the dashboard
 * after dashboard: false), and a crashing backend pod, which the StatefulSet controller would
 * never replace by itself (it waits for a pod to be ready before updating it), so that a rerun
 * with a fixed configuration recovers.
 */
export async function applyManifests(
  kubectl: Kubectl,
  options: { namespace: string; instanceName: string; ingress: boolean; dashboard: boolean },
  yaml: string,
  logger: Logger,
): Promise<void> {
  const { namespace } = options;
  if (await kubectl.ensureNamespace(namespace)) logger.info(`Created namespace ${namespace}.`);
  for (const line of await kubectl.apply(namespace, yaml)) logger.info(line);
  const selector = instanceSelector(options.instanceName);
  const prune = async (kinds: readonly string[], extra = "") => {
    for (const line of await kubectl.deleteSelected(namespace, kinds, `${selector}${extra}`, true))
      logger.info(`${line} (no longer asked for)`);
  };
  if (!options.ingress) await prune(["ingress"]);
  if (!options.dashboard) await prune(["deployment", "service"], `,${LABELS.component}=dashboard`);
  await replaceCrashingBackend(kubectl, namespace, options.instanceName, logger);
}

/**
 * Deletes the backend's pod when it crashes: the StatefulSet controller waits for a pod to be ready
 * before updating it, so a crashing one would never be replaced by what was just applied.
 */
export async function replaceCrashingBackend(
  kubectl: Kubectl,
  namespace: string,
  instanceName: string,
  logger: Logger,
): Promise<void> {
  const backend = `${instanceSelector(instanceName)},${LABELS.component}=backend`;
  if (parsePodStates(await kubectl.pods(namespace, backend)).some((p) => p.state === "exited")) {
    await kubectl.deleteSelected(namespace, ["pod"], backend, false);
    logger.info(
      "The backend's pod was crashing: deleted, so that it starts again from what was just applied.",
    );
  }
}

/** The images of an instance's workloads: the backend's StatefulSet and the dashboard's Deployment. */
export async function readWorkloadImages(
  kubectl: Kubectl,
  namespace: string,
  instanceName: string,
): Promise<{ backend: string; dashboard: string | undefined }> {
  const names = deriveKubeNames(instanceName);
  const imageOf = (text: string | undefined, container: string) => {
    const containers = text
      ? ((JSON.parse(text) as { spec?: { template?: { spec?: { containers?: unknown } } } }).spec?.template
          ?.spec?.containers as Array<{ name?: string; image?: string }> | undefined)
      : undefined;
    return containers?.find((c) => c.name === container)?.image;
  };
  const backend = imageOf(await kubectl.getObject(namespace, `statefulset/${names.backend}`), "backend");
  if (!backend)
    throw new SetupError(
      `No statefulset/${names.backend} with a backend container in namespace ${namespace}: instance ${instanceName} is not there.`,
      "Check instance-name and namespace (the ones `up` used), and the kubeconfig's cluster.",
    );
  const dashboard = imageOf(await kubectl.getObject(namespace, `deployment/${names.dashboard}`), "dashboard");
  return { backend, dashboard };
}

/** Waits for the StatefulSet (and the dashboard) to roll out; the logs are printed when it fails. */
export async function waitForRollout(
  kubectl: Kubectl,
  options: { namespace: string; instanceName: string; dashboard: boolean; timeoutSeconds: number },
  logger: Logger,
): Promise<void> {
  const names = deriveKubeNames(options.instanceName);
  try {
    await kubectl.rolloutStatus(options.namespace, `statefulset/${names.backend}`, options.timeoutSeconds);
  } catch (error) {
    await printLogs(
      logger,
      () => kubectl.logs(options.namespace, `statefulset/${names.backend}`, 200),
      "the rollout did not finish",
    );
    throw error;
  }
  logger.info(`statefulset/${names.backend} is ready.`);
  if (options.dashboard) {
    // The dashboard is not needed for the setup: a slow one is reported, not waited for.
    await kubectl
      .rolloutStatus(options.namespace, `deployment/${names.dashboard}`, 5)
      .then(() => logger.info(`deployment/${names.dashboard} is ready.`))
      .catch(() => logger.info(`deployment/${names.dashboard} is still starting.`));
  }
}

/** Forwards the API and the site proxy to this host's ports for the rest of the run. */
export async function forwardPorts(
  kubectl: Kubectl,
  options: { namespace: string; instanceName: string; ports: { api: number; site: number } },
  logger: Logger,
  warn: (message: string) => void,
): Promise<PortForward> {
  const service = `service/${deriveKubeNames(options.instanceName).backend}`;
  const forward = await kubectl.portForward(
    options.namespace,
    service,
    [
      [options.ports.api, CONTAINER_PORTS.api],
      [options.ports.site, CONTAINER_PORTS.site],
    ],
    (message) =>
      warn(
        `kubectl port-forward ${service} ended (${message}): what follows cannot reach the backend. It ends when the pod restarts (kubectl get pods -n ${options.namespace}); rerun the step.`,
      ),
  );
  logger.info(
    `kubectl port-forward ${service}: the API at 127.0.0.1:${options.ports.api}, the site proxy at 127.0.0.1:${options.ports.site} until this run ends.`,
  );
  return forward;
}

/** Deletes every object of the instance (by its labels, nothing else); the PVC too. */
export async function removeKubernetesInstance(
  kubectl: Kubectl,
  options: { namespace: string; instanceName: string; owner?: string | undefined; networkPolicy?: true },
  logger: Logger,
): Promise<string[]> {
  // Another owner's instance of the same name is refused. (A foreign Secret carries no label of
  // ours: the label selector below does not match it, so it is simply not ours to look at.)
  await readOwnSecret(kubectl, options.namespace, options.instanceName, options.owner, "ignore");
  const selector = instanceSelector(options.instanceName);
  const deleted = await kubectl.deleteAll(options.namespace, selector);
  // Only when asked (network-policy): a Role limited to the instance's kinds may not cover it.
  if (options.networkPolicy)
    deleted.push(...(await kubectl.deleteSelected(options.namespace, ["networkpolicy"], selector, true)));
  for (const line of deleted) logger.info(line);
  // Said loudly when nothing matched: a preview left running under another name keeps its data.
  if (deleted.length)
    logger.info(`Removed instance ${options.instanceName} from namespace ${options.namespace}.`);
  else
    logger.warn(
      `Nothing to remove: no objects of instance ${options.instanceName} in namespace ${options.namespace}. It was looked for by its labels; give the instance-name and namespace up was given.`,
    );
  return deleted;
}
