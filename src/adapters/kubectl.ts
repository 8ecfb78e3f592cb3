/**
 * kubectl, with the runner's kubeconfig (KUBECONFIG or ~/.kube/config and its current context).
 * Builders return argv arrays (tested as tables); the adapter runs them without a shell and turns
 * kubectl's errors into messages a person can act on.
 */
import { SetupError } from "../core/errors.js";
import { FIELD_MANAGER, INSTANCE_KINDS } from "../core/kubernetes.js";
import { options as optionNames } from "../core/naming.js";
import { createExec, type FailureDetails, type Tool } from "./exec.js";
import { type CommandResult, displayCommand, lastLine, type ProcessRunner } from "./process.js";

export const kubectlArgs = {
  version: () => ["version", "--client", "-o", "json"],
  getNamespace: (ns: string) => ["get", "namespace", ns, "-o", "name"],
  createNamespace: (ns: string) => ["create", "namespace", ns],
  getSecret: (ns: string, name: string) => [
    "get",
    "secret",
    name,
    "-n",
    ns,
    "-o",
    "json",
    "--ignore-not-found",
  ],
  apply: (ns: string) => ["apply", "--server-side", "--field-manager", FIELD_MANAGER, "-n", ns, "-f", "-"],
  rollout: (ns: string, resource: string, timeoutSeconds: number) => [
    "rollout",
    "status",
    resource,
    "-n",
    ns,
    `--timeout=${timeoutSeconds}s`,
  ],
  portForward: (ns: string, resource: string, ports: ReadonlyArray<readonly [number, number]>) => [
    "port-forward",
    "-n",
    ns,
    resource,
    "--address",
    "127.0.0.1",
    ...ports.map(([local, remote]) => `${local}:${remote}`),
  ],
  logs: (ns: string, resource: string, tail: number) => [
    "logs",
    resource,
    "-n",
    ns,
    `--tail=${tail}`,
    "--all-containers",
    "--timestamps",
  ],
  pods: (ns: string, selector: string) => ["get", "pods", "-n", ns, "-l", selector, "-o", "json"],
  delete: (ns: string, selector: string, kinds: readonly string[] = INSTANCE_KINDS, wait = true) => [
    "delete",
    kinds.join(","),
    "-n",
    ns,
    "-l",
    selector,
    "--ignore-not-found",
    `--wait=${wait}`,
  ],
  /** One object by `type/name`, as JSON; nothing when it does not exist. */
  getObject: (ns: string, resource: string) => [
    "get",
    resource,
    "-n",
    ns,
    "-o",
    "json",
    "--ignore-not-found",
  ],
  /** Changes containers' images of a workload (a new rollout); `container=image` pairs. */
  setImage: (ns: string, resource: string, images: Readonly<Record<string, string>>) => [
    "set",
    "image",
    resource,
    "-n",
    ns,
    ...Object.entries(images).map(([container, image]) => `${container}=${image}`),
  ],
  secrets: (ns: string, selector: string) => ["get", "secrets", "-n", ns, "-l", selector, "-o", "json"],
  list: (ns: string, selector: string) => [
    "get",
    INSTANCE_KINDS.join(","),
    "-n",
    ns,
    "-l",
    selector,
    "-o",
    "name",
  ],
};

/** Explains kubectl's usual failures; undefined when there is nothing to add. */
export function explainKubectlFailure(stderr: string): string | undefined {
  if (
    /connection to the server .* was refused|dial tcp .*connect: connection refused|no such host/i.test(
      stderr,
    )
  )
    return "kubectl reaches no cluster: check KUBECONFIG and the current context (kubectl config current-context), e.g. set up by azure/k8s-set-context or helm/kind-action before this step.";
  if (/current-context is not set|context was not found|no configuration has been provided/i.test(stderr))
    return "kubectl has no usable context: set KUBECONFIG or run kubectl config use-context <name> first.";
  if (/updates to statefulset spec for fields other than/i.test(stderr))
    return "A StatefulSet's volume claim cannot change once made (volume-size is one): keep the earlier value, or remove the instance first (command: down) to set it up afresh.";
  if (/\(Forbidden\)|is forbidden:|cannot (create|get|list|watch|patch|delete) resource/i.test(stderr))
    return "The kubeconfig's user may not do this: it needs get/list/watch/create/patch/delete on secrets, services, statefulsets, deployments, ingresses and persistentvolumeclaims in the namespace, get/list/watch/delete on pods, get on pods/log, create on pods/portforward, and get/create on namespaces.";
  if (/Unauthorized|You must be logged in/i.test(stderr))
    return "The cluster refused the kubeconfig's credentials: refresh them (e.g. a token that expired).";
  if (/conflict/i.test(stderr) && /field manager|managed by|Apply failed with/i.test(stderr))
    return "Another tool owns these fields (server-side apply conflict): remove that tool's copy of the objects, or use another instance-name.";
  return undefined;
}

export interface PortForward {
  /** Stops kubectl port-forward (idempotent). */
  stop(): Promise<void>;
}

export interface Kubectl {
  /** kubectl is on PATH; returns its client version. */
  check(): Promise<string>;
  /** Creates the namespace when missing; true when it was created. */
  ensureNamespace(ns: string): Promise<boolean>;
  /** The Secret as JSON text, or undefined when it (or its namespace) does not exist. */
  readSecret(ns: string, name: string): Promise<string | undefined>;
  /** Server-side apply of a multi-document YAML; returns kubectl's lines (one per object). */
  apply(ns: string, yaml: string): Promise<string[]>;
  rolloutStatus(ns: string, resource: string, timeoutSeconds: number): Promise<void>;
  /**
   * Starts `kubectl port-forward` and resolves once it listens. kubectl ends it on its own when
   * the pod goes away or a connection fails: `onExit` then gets its last line.
   */
  portForward(
    ns: string,
    resource: string,
    ports: ReadonlyArray<readonly [number, number]>,
    onExit?: (message: string) => void,
  ): Promise<PortForward>;
  logs(ns: string, resource: string, tail: number): Promise<string>;
  /** `kubectl get pods -o json` text for the selector. */
  pods(ns: string, selector: string): Promise<string>;
  /** Deletes every object of the instance's kinds matching the selector; kubectl's lines. */
  deleteAll(ns: string, selector: string): Promise<string[]>;
  /** Deletes the objects of these kinds matching the selector (without waiting when `wait` is false). */
  deleteSelected(ns: string, kinds: readonly string[], selector: string, wait: boolean): Promise<string[]>;
  /** The objects left matching the selector (`kind.group/name` lines). */
  list(ns: string, selector: string): Promise<string[]>;
  /** One object (`statefulset/NAME`) as JSON text; undefined when it does not exist. */
  getObject(ns: string, resource: string): Promise<string | undefined>;
  /** `kubectl set image`: the containers' images of a workload, changed together (one rollout). */
  setImage(ns: string, resource: string, images: Readonly<Record<string, string>>): Promise<void>;
  /** `kubectl get secrets -o json` text for the selector (prune: the previews' Secrets). */
  secrets(ns: string, selector: string): Promise<string>;
}

/** kubectl's per-object lines, without its "No resources found" (printed when nothing matched). */
const objectLines = (text: string) => lines(text).filter((l) => !/^No resources found/.test(l));

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export const KUBECTL: Tool = {
  command: "kubectl",
  install:
    "Install kubectl (https://kubernetes.io/docs/tasks/tools/) and give it a kubeconfig, e.g. with azure/setup-kubectl and azure/k8s-set-context, or helm/kind-action for a test cluster.",
  explain: explainKubectlFailure,
};

export function createKubectl(
  runner: ProcessRunner,
  env: Readonly<Record<string, string | undefined>>,
  options: { portForwardTimeoutMs?: number } = {},
): Kubectl {
  const exec = createExec(runner, KUBECTL);
  const command = (args: string[], input?: string) => ({
    args,
    env,
    ...(input !== undefined ? { input } : {}),
  });
  const run = (args: string[], input?: string) => exec.run(command(args, input));
  const check = (args: string[]) => exec.check(command(args));
  const fail = (args: string[], result: CommandResult, details?: FailureDetails) =>
    exec.failure(command(args), result, details);
  const deleteSelected: Kubectl["deleteSelected"] = async (ns, kinds, selector, wait) =>
    objectLines((await check(kubectlArgs.delete(ns, selector, kinds, wait))).stdout);
  return {
    async check() {
      const result = await check(kubectlArgs.version());
      try {
        return String(JSON.parse(result.stdout).clientVersion?.gitVersion ?? "unknown");
      } catch {
        return result.stdout.trim();
      }
    },
    async ensureNamespace(ns) {
      const found = await run(kubectlArgs.getNamespace(ns));
      if (found.code === 0) return false;
      if (!/NotFound/.test(found.stderr)) throw fail(kubectlArgs.getNamespace(ns), found);
      const created = await run(kubectlArgs.createNamespace(ns));
      // Created by a concurrent run meanwhile: fine.
      if (created.code !== 0 && !/AlreadyExists/.test(created.stderr))
        throw fail(kubectlArgs.createNamespace(ns), created);
      return created.code === 0;
    },
    async readSecret(ns, name) {
      const result = await run(kubectlArgs.getSecret(ns, name));
      if (result.code === 0) return result.stdout.trim() || undefined;
      // --ignore-not-found covers the Secret; a missing namespace still says NotFound.
      if (/NotFound/.test(result.stderr)) return undefined;
      throw fail(kubectlArgs.getSecret(ns, name), result);
    },
    async apply(ns, yaml) {
      const args = kubectlArgs.apply(ns);
      const result = await run(args, yaml);
      if (result.code === 0) return lines(result.stdout);
      // kubectl ends a conflict with advice; the first error line says what failed.
      const first =
        lines(result.stderr).find((l) =>
          /^(error|Error from server|Apply failed|The \w+ "[^"]+" is invalid)/.test(l),
        ) ?? lastLine(result.stderr);
      throw fail(args, result, { line: first });
    },
    async rolloutStatus(ns, resource, timeoutSeconds) {
      const args = kubectlArgs.rollout(ns, resource, timeoutSeconds);
      const result = await run(args);
      if (result.code === 0) return;
      throw fail(
        args,
        result,
        /timed out/i.test(result.stderr)
          ? {
              hint: `The backend's pod did not become ready within ${timeoutSeconds} s: see its logs above (kubectl describe pod -n ${ns} -l app.kubernetes.io/component=backend tells why it is pending: an image pull, a volume that does not bind).`,
            }
          : {},
      );
    },
    async portForward(ns, resource, ports, onExit) {
      const args = kubectlArgs.portForward(ns, resource, ports);
      const controller = new AbortController();
      let output = "";
      let listening: () => void = () => {};
      const ready = new Promise<void>((resolve) => {
        listening = resolve;
      });
      const child = exec.run(
        { ...command(args), signal: controller.signal },
        {
          onStdout: (chunk) => {
            output += chunk;
            // One "Forwarding from" line per port (and per address family).
            const forwarded = new Set(
              [...output.matchAll(/Forwarding from [^\s]+:(\d+) ->/g)].map((m) => m[1]),
            );
            if (ports.every(([local]) => forwarded.has(String(local)))) listening();
          },
        },
      );
      let stopping = false;
      const stop = async () => {
        stopping = true;
        controller.abort();
        await child.catch(() => {});
      };
      const timeoutMs = options.portForwardTimeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        ready.then(() => "ready" as const),
        child,
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      if (outcome === "ready") {
        void child.then(
          (result) => {
            if (!stopping) onExit?.(lastLine(result.stderr) || `exit ${result.code}`);
          },
          () => {},
        );
        return { stop };
      }
      await stop();
      if (outcome === "timeout")
        throw new SetupError(
          `\`${displayCommand({ command: "kubectl", args })}\` did not start forwarding within ${timeoutMs / 1000} s.`,
          `Check that the pod is running (kubectl get pods -n ${ns}) and that the local ports are free.`,
        );
      throw fail(
        args,
        outcome,
        /address already in use/i.test(outcome.stderr)
          ? { hint: `A local port is taken: choose others with ${optionNames("api-port", "site-port")}.` }
          : {},
      );
    },
    async logs(ns, resource, tail) {
      const result = await run(kubectlArgs.logs(ns, resource, tail));
      return result.stdout + (result.code === 0 ? "" : lastLine(result.stderr));
    },
    async pods(ns, selector) {
      return (await check(kubectlArgs.pods(ns, selector))).stdout;
    },
    deleteSelected,
    deleteAll: (ns, selector) => deleteSelected(ns, INSTANCE_KINDS, selector, true),
    async list(ns, selector) {
      return objectLines((await check(kubectlArgs.list(ns, selector))).stdout);
    },
    async getObject(ns, resource) {
      return (await check(kubectlArgs.getObject(ns, resource))).stdout.trim() || undefined;
    },
    async setImage(ns, resource, images) {
      await check(kubectlArgs.setImage(ns, resource, images));
    },
    async secrets(ns, selector) {
      return (await check(kubectlArgs.secrets(ns, selector))).stdout;
    },
  };
}
