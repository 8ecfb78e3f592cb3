/**
 * A cluster in memory behind the `Kubectl` interface (src/adapters/kubectl.ts), for target
 * kubernetes tested in process the way compose is (helpers/memory-world.ts): objects applied from
 * the YAML as the API server keeps them, the StatefulSet's pod and volume claim as its controller
 * makes them, rollout status, port-forwards, logs and deletion by labels. The backend behind a
 * port-forward (or an Ingress host) is the pod's container: its INSTANCE_NAME and INSTANCE_SECRET
 * come from the pod's env as the kubelet resolves it (a value, or the Secret by secretKeyRef),
 * so a key that works proves the Secret that was applied is the one the pod reads.
 *
 * The backend's pod starts again when its image changes (apply, `set image`): its migration worker
 * logs as the release in the image's tag does (doubles/stand-in-release.mjs), from the database
 * version its volume keeps; a tag with `exit` crashes after migrating.
 *
 * A failure is thrown by the real adapter given kubectl's own stderr (see `fail`), so the
 * messages and hints are the adapter's. The adapter's argv, outputs and failures against a
 * process are tested with the fake kubectl (doubles/fake-kubectl.mjs).
 */
import { parseAllDocuments } from "yaml";
import { createKubectl, type Kubectl } from "../../src/adapters/kubectl.js";
import { CONTAINER_PORTS } from "../../src/core/compose.js";
import { INSTANCE_KINDS } from "../../src/core/kubernetes.js";
import { migrate, releaseBehaviour } from "../doubles/stand-in-release.mjs";
import type { MemoryBackend } from "./memory-world.js";

type Labels = Record<string, string>;
interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Labels };
  [field: string]: any;
}

/** kind → what kubectl calls it (`statefulset.apps`) and its type's name in `-l` deletes. */
const TYPES: Record<string, { type: string; plural: string }> = {
  Secret: { type: "secret", plural: "secrets" },
  Service: { type: "service", plural: "services" },
  PersistentVolumeClaim: { type: "persistentvolumeclaim", plural: "persistentvolumeclaims" },
  StatefulSet: { type: "statefulset.apps", plural: "statefulsets.apps" },
  Deployment: { type: "deployment.apps", plural: "deployments.apps" },
  Ingress: { type: "ingress.networking.k8s.io", plural: "ingresses.networking.k8s.io" },
  NetworkPolicy: { type: "networkpolicy.networking.k8s.io", plural: "networkpolicies.networking.k8s.io" },
};
/** `statefulset` (as the adapter names kinds) → StatefulSet. */
const kindOf = (name: string) =>
  Object.keys(TYPES).find((k) => k.toLowerCase() === name.toLowerCase()) ??
  (name === "pod" ? "Pod" : undefined);

const matches = (labels: Labels | undefined, selector: string) =>
  selector
    .split(",")
    .filter(Boolean)
    .every((req) => {
      const [k, v] = req.split("=");
      return labels?.[k!] === v;
    });

/** The adapter, given one kubectl result: throws what it throws for that stderr. */
const fail = (stderr: string, stdout = "") =>
  createKubectl({ run: async () => ({ code: 1, stdout, stderr }) }, {});
const NO_CLUSTER =
  "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n";
const TIMED_OUT = "error: timed out waiting for the condition\n";

export interface ClusterOptions {
  /** The backend container: healthy, or exits as it starts (CrashLoopBackOff, its rollout times out). */
  backend?: "healthy" | "exit";
  /** rollout status times out (the pod never becomes ready, whatever the reason). */
  rollout?: "timeout";
  /** Every call that needs the API server fails as with no reachable cluster. */
  noCluster?: boolean;
}

interface Forward {
  namespace: string;
  service: string;
  /** local port → the service's port */
  ports: Map<number, number>;
  onExit?: ((message: string) => void) | undefined;
}

export class MemoryCluster {
  options: ClusterOptions = {};
  readonly namespaces = new Set(["default"]);
  readonly objects = new Map<string, Obj>();
  /** What was asked, in order: `apply previews`, `rollout previews statefulset/convex-pr-7 120`... */
  readonly calls: string[] = [];
  readonly forwards = new Set<Forward>();
  /** Pods deleted by name (the controller makes them again). */
  readonly deletedPods: string[] = [];
  /** The database version each backend's volume holds (`namespace/statefulset`). */
  readonly databases = new Map<string, number>();
  /** Each backend pod as last started: its image, its migration lines, whether it crashed. */
  private readonly started = new Map<string, { image: string; lines: string[]; exited: boolean }>();
  /** Called when a release that breaks (`exit` in its tag) ran a migration step (a test loses its data there). */
  onBrokenMigration: () => void = () => {};
  /** Called when a port-forward starts listening (a test changes the world from there). */
  onPortForward: () => void = () => {};
  readonly kubectl: Kubectl = this.createKubectl();

  /** Puts an object into the cluster as someone else would (kubectl apply by hand). */
  put(namespace: string, object: Obj): void {
    this.namespaces.add(namespace);
    this.objects.set(this.key(namespace, object.kind, object.metadata.name), {
      ...object,
      metadata: { ...object.metadata, namespace },
    });
  }

  get(namespace: string, kind: string, name: string): Obj | undefined {
    return this.objects.get(this.key(namespace, kind, name));
  }

  /** `kind.group/name` of every object of an instance, sorted (the way a person would list them). */
  names(namespace: string, instance: string): string[] {
    return this.select(namespace, Object.keys(TYPES), `app.kubernetes.io/instance=${instance}`)
      .map((o) => `${TYPES[o.kind]!.type}/${o.metadata.name}`)
      .sort();
  }

  /** A Secret's data, decoded. */
  secretData(namespace: string, name: string): Record<string, string> | undefined {
    const data = this.get(namespace, "Secret", name)?.data as Labels | undefined;
    if (!data) return undefined;
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
    );
  }

  /**
   * The backend a request to `baseUrl` reaches: through an open port-forward (127.0.0.1:<local
   * port>) or an Ingress host, to the service, to its running pod; undefined: refused.
   */
  backend(baseUrl: string): MemoryBackend | undefined {
    const url = new URL(baseUrl);
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    let target: { namespace: string; service: string } | undefined;
    if (url.hostname === "127.0.0.1") {
      target = [...this.forwards].find((f) => f.ports.has(port));
    } else {
      for (const ing of this.all("Ingress"))
        for (const rule of ing.spec.rules ?? [])
          if (rule.host === url.hostname)
            target = {
              namespace: ing.metadata.namespace!,
              service: rule.http.paths[0].backend.service.name,
            };
    }
    if (!target) return undefined;
    const pod = this.podsOf(target.namespace, this.get(target.namespace, "Service", target.service));
    if (!pod || !this.runs(pod.owner)) return undefined;
    const env = this.containerEnv(target.namespace, pod.owner);
    if (!env.INSTANCE_NAME || !env.INSTANCE_SECRET) return undefined;
    return { instanceName: env.INSTANCE_NAME, instanceSecret: env.INSTANCE_SECRET };
  }

  private key = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

  private all(kind: string, namespace?: string): Obj[] {
    return [...this.objects.values()].filter(
      (o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace),
    );
  }

  private select(namespace: string, kinds: readonly string[], selector: string): Obj[] {
    return kinds.flatMap((k) =>
      this.all(k, namespace)
        .filter((o) => matches(o.metadata.labels, selector))
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)),
    );
  }

  /** A StatefulSet's or a Deployment's container runs (the dashboard always does). */
  private runs(owner: Obj): boolean {
    return owner.kind !== "StatefulSet" || (this.options.backend !== "exit" && !this.podOf(owner).exited);
  }

  /** The backend's pod as it runs now: started again (migrating its volume) when its image changed. */
  private podOf(owner: Obj): { image: string; lines: string[]; exited: boolean } {
    const key = `${owner.metadata.namespace}/${owner.metadata.name}`;
    const image = String(owner.spec.template.spec.containers[0].image);
    const known = this.started.get(key);
    if (known?.image === image) return known;
    const release = releaseBehaviour(image);
    const run = migrate(this.databases.get(key), release);
    this.databases.set(key, run.version);
    const pod = { image, lines: run.lines, exited: release.exit };
    this.started.set(key, pod);
    if (release.exit && run.stepped) this.onBrokenMigration();
    return pod;
  }

  /** The pod a service (or a selector) reaches: the workload whose template's labels match. */
  private podsOf(namespace: string, service: Obj | undefined) {
    if (!service) return undefined;
    const selector = Object.entries(service.spec.selector as Labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    return this.pods(namespace, selector)[0];
  }

  private pods(namespace: string, selector: string) {
    return [...this.all("StatefulSet", namespace), ...this.all("Deployment", namespace)]
      .filter((w) => matches(w.spec.template.metadata.labels, selector))
      .map((owner) => ({
        owner,
        name:
          owner.kind === "StatefulSet"
            ? `${owner.metadata.name}-0`
            : `${owner.metadata.name}-7d9f8b6c5-x2x7q`,
        labels: owner.spec.template.metadata.labels as Labels,
      }));
  }

  /** The container's environment as the kubelet builds it: values and secretKeyRefs. */
  private containerEnv(namespace: string, owner: Obj): Labels {
    const env: Labels = {};
    for (const e of owner.spec.template.spec.containers[0].env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        const value = this.secretData(namespace, ref.name)?.[ref.key];
        if (value !== undefined) env[e.name] = value;
      }
    }
    return env;
  }

  /** The pod's container went away: kubectl's port-forwards to it end. */
  private losePod(namespace: string, owner: Obj): void {
    for (const f of [...this.forwards]) {
      if (f.namespace !== namespace) continue;
      const pod = this.podsOf(namespace, this.get(namespace, "Service", f.service));
      if (pod && pod.owner !== owner) continue;
      this.forwards.delete(f);
      f.onExit?.("error: lost connection to pod");
    }
  }

  private apply(namespace: string, yaml: string): string[] {
    const lines: string[] = [];
    for (const doc of parseAllDocuments(yaml)) {
      const o = doc.toJS() as Obj;
      const name = o.metadata.name;
      const existing = this.get(namespace, o.kind, name);
      if (
        o.kind === "StatefulSet" &&
        existing &&
        JSON.stringify(existing.spec.volumeClaimTemplates) !== JSON.stringify(o.spec.volumeClaimTemplates)
      )
        throw `The StatefulSet "${name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n`;
      const stored: Obj = { ...o, metadata: { ...o.metadata, namespace } };
      if (o.kind === "Secret" && o.stringData) {
        stored.data = {
          ...(o.data ?? {}),
          ...Object.fromEntries(
            Object.entries(o.stringData as Labels).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
          ),
        };
        delete stored.stringData;
      }
      this.objects.set(this.key(namespace, o.kind, name), stored);
      lines.push(`${TYPES[o.kind]!.type}/${name} serverside-applied`);
      // The StatefulSet controller's claim for pod 0: the template's labels plus the selector's.
      if (o.kind === "StatefulSet")
        for (const t of o.spec.volumeClaimTemplates ?? []) {
          const claim = `${t.metadata.name}-${name}-0`;
          if (!this.get(namespace, "PersistentVolumeClaim", claim))
            this.objects.set(this.key(namespace, "PersistentVolumeClaim", claim), {
              apiVersion: "v1",
              kind: "PersistentVolumeClaim",
              metadata: {
                name: claim,
                namespace,
                labels: { ...t.metadata.labels, ...o.spec.selector.matchLabels },
              },
              spec: t.spec,
            });
        }
    }
    return lines;
  }

  private createKubectl(): Kubectl {
    const server = (call: string) => {
      this.calls.push(call);
      return this.options.noCluster === true;
    };
    const namespaceNotFound = (namespace: string) =>
      `Error from server (NotFound): namespaces "${namespace}" not found\n`;
    return {
      check: async () => {
        this.calls.push("version");
        return "v1.33.1";
      },
      ensureNamespace: async (ns) => {
        if (server(`ensureNamespace ${ns}`)) return fail(NO_CLUSTER).ensureNamespace(ns);
        if (this.namespaces.has(ns)) return false;
        this.namespaces.add(ns);
        return true;
      },
      readSecret: async (ns, name) => {
        if (server(`readSecret ${ns} ${name}`)) return fail(NO_CLUSTER).readSecret(ns, name);
        const secret = this.get(ns, "Secret", name);
        return secret ? JSON.stringify(secret, null, 4) : undefined;
      },
      apply: async (ns, yaml) => {
        if (server(`apply ${ns}`)) return fail(NO_CLUSTER).apply(ns, yaml);
        if (!this.namespaces.has(ns)) return fail(namespaceNotFound(ns)).apply(ns, yaml);
        try {
          return this.apply(ns, yaml);
        } catch (stderr) {
          return fail(String(stderr)).apply(ns, yaml);
        }
      },
      rolloutStatus: async (ns, resource, timeoutSeconds) => {
        if (server(`rollout ${ns} ${resource} ${timeoutSeconds}`))
          return fail(NO_CLUSTER).rolloutStatus(ns, resource, timeoutSeconds);
        const [type, name] = resource.split("/") as [string, string];
        const owner = this.get(ns, kindOf(type)!, name);
        if (!owner)
          return fail(
            `Error from server (NotFound): ${TYPES[kindOf(type)!]!.plural} "${name}" not found\n`,
          ).rolloutStatus(ns, resource, timeoutSeconds);
        if (this.options.rollout === "timeout" || !this.runs(owner))
          return fail(TIMED_OUT, "Waiting for 1 pods to be ready...\n").rolloutStatus(
            ns,
            resource,
            timeoutSeconds,
          );
      },
      portForward: async (ns, resource, ports, onExit) => {
        if (server(`portForward ${ns} ${resource} ${ports.map((p) => p.join(":")).join(" ")}`))
          return fail(NO_CLUSTER).portForward(ns, resource, ports);
        const service = resource.replace(/^(service|svc)\//, "");
        const named = this.get(ns, "Service", service);
        if (!named)
          return fail(`Error from server (NotFound): services "${service}" not found\n`).portForward(
            ns,
            resource,
            ports,
          );
        const taken = ports.filter(([local]) => [...this.forwards].some((f) => f.ports.has(local)));
        if (taken.length)
          return fail(
            `${taken.map(([l]) => `Unable to listen on port ${l}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${l}: bind: address already in use]\n`).join("")}error: unable to listen on any of the requested ports: [${taken.map(([l, r]) => `{${l} ${r}}`).join(" ")}]\n`,
          ).portForward(ns, resource, ports);
        const forward: Forward = {
          namespace: ns,
          service,
          ports: new Map(ports.map(([local, remote]) => [local, remote])),
          onExit,
        };
        this.forwards.add(forward);
        this.onPortForward();
        return { stop: async () => void this.forwards.delete(forward) };
      },
      logs: async (ns, resource, tail) => {
        if (server(`logs ${ns} ${resource} ${tail}`)) return fail(NO_CLUSTER).logs(ns, resource, tail);
        const [type, name] = resource.split("/") as [string, string];
        const owner = this.get(ns, kindOf(type)!, name);
        if (!owner) return `Error from server (NotFound): statefulsets.apps "${name}" not found`;
        const env = this.containerEnv(ns, owner);
        const migration = owner.kind === "StatefulSet" ? this.podOf(owner).lines : [];
        const lines = this.runs(owner)
          ? [
              `stand-in backend ${env.INSTANCE_NAME} starting`,
              ...migration,
              `api on ${CONTAINER_PORTS.api}`,
              `site proxy on ${CONTAINER_PORTS.site}`,
            ]
          : [
              `stand-in backend ${env.INSTANCE_NAME} starting`,
              ...migration,
              "Error: failed to connect to the database",
            ];
        return `${lines.slice(-tail).join("\n")}\n`;
      },
      pods: async (ns, selector) => {
        if (server(`pods ${ns} ${selector}`)) return fail(NO_CLUSTER).pods(ns, selector);
        const items = this.pods(ns, selector).map((p) => ({
          metadata: { name: p.name, namespace: ns, labels: p.labels },
          status: {
            phase: "Running",
            containerStatuses: [
              this.runs(p.owner)
                ? { name: "backend", ready: true, state: { running: {} } }
                : {
                    name: "backend",
                    ready: false,
                    state: { waiting: { reason: "CrashLoopBackOff" } },
                    lastState: { terminated: { exitCode: 1 } },
                  },
            ],
          },
        }));
        return JSON.stringify({ apiVersion: "v1", kind: "List", items });
      },
      deleteSelected: async (ns, kinds, selector, wait) => {
        if (server(`delete ${ns} ${kinds.join(",")} ${selector} wait=${wait}`))
          return fail(NO_CLUSTER).deleteSelected(ns, kinds, selector, wait);
        const lines: string[] = [];
        if (kinds.includes("pod"))
          for (const p of this.pods(ns, selector)) {
            // The controller makes it again at once; its port-forwards end.
            this.deletedPods.push(p.name);
            this.losePod(ns, p.owner);
            lines.push(`pod "${p.name}" deleted`);
          }
        const kindNames = kinds.map(kindOf).filter((k): k is string => k !== undefined && k !== "Pod");
        for (const o of this.select(ns, kindNames, selector)) {
          this.objects.delete(this.key(ns, o.kind, o.metadata.name));
          if (o.kind === "StatefulSet" || o.kind === "Deployment") this.losePod(ns, o);
          lines.push(`${TYPES[o.kind]!.type} "${o.metadata.name}" deleted`);
        }
        return lines;
      },
      deleteAll: (ns, selector) => this.kubectl.deleteSelected(ns, INSTANCE_KINDS, selector, true),
      getObject: async (ns, resource) => {
        if (server(`get ${ns} ${resource}`)) return fail(NO_CLUSTER).getObject(ns, resource);
        const [type, name] = resource.split("/") as [string, string];
        const found = this.get(ns, kindOf(type)!, name);
        return found ? JSON.stringify(found, null, 4) : undefined;
      },
      setImage: async (ns, resource, images) => {
        if (server(`setImage ${ns} ${resource} ${Object.values(images).join(" ")}`))
          return fail(NO_CLUSTER).setImage(ns, resource, images);
        const [type, name] = resource.split("/") as [string, string];
        const owner = this.get(ns, kindOf(type)!, name);
        if (!owner)
          return fail(
            `Error from server (NotFound): ${TYPES[kindOf(type)!]!.plural} "${name}" not found\n`,
          ).setImage(ns, resource, images);
        const containers = owner.spec.template.spec.containers as Array<{ name: string; image: string }>;
        for (const [container, image] of Object.entries(images)) {
          const c = containers.find((x) => x.name === container);
          if (!c)
            return fail(`error: unable to find container named "${container}"\n`).setImage(
              ns,
              resource,
              images,
            );
          c.image = image;
        }
        // A new template: the pod is replaced, and its port-forwards end.
        this.losePod(ns, owner);
      },
      secrets: async (ns, selector) => {
        if (server(`secrets ${ns} ${selector}`)) return fail(NO_CLUSTER).secrets(ns, selector);
        const items = this.select(ns, ["Secret"], selector);
        return JSON.stringify({ apiVersion: "v1", kind: "List", items });
      },
      list: async (ns, selector) => {
        if (server(`list ${ns} ${selector}`)) return fail(NO_CLUSTER).list(ns, selector);
        return this.select(ns, Object.keys(TYPES), selector).map(
          (o) => `${TYPES[o.kind]!.type}/${o.metadata.name}`,
        );
      },
    };
  }
}
