/**
 * target kubernetes, the pure part: object names, labels, Ingress hosts and URLs, and the
 * manifests as typed data (the types of kubernetes-objects.ts; every shape is checked against the
 * Kubernetes OpenAPI schema by the tests, __tests__/core/kubernetes-schema.test.ts). Never a
 * string template: the YAML text is printed from the objects.
 */

import { createHash } from "node:crypto";
import { Document } from "yaml";
import { CONTAINER_PORTS } from "./compose.js";
import { SetupError } from "./errors.js";
import type {
  Container as IContainer,
  Deployment as IDeployment,
  EnvVar as IEnvVar,
  Ingress as IIngress,
  NetworkPolicy as INetworkPolicy,
  Secret as ISecret,
  Service as IService,
  StatefulSet as IStatefulSet,
} from "./kubernetes-objects.js";
import {
  KUBE_PREVIEW_LABELS,
  kubeCreatedOf,
  kubePreviewAnnotations,
  kubePreviewLabels,
  type PreviewMark,
  repositoryHash,
} from "./preview.js";
import { deriveS3BackendEnv, type S3Storage } from "./s3-storage.js";
import type { DerivedUrls } from "./urls.js";

export const FIELD_MANAGER = "setup-coder-convex";
/** Where the backend image keeps its data (SQLite, file storage, module sources). */
export const DATA_PATH = "/convex/data";
/** Keys of the instance's Secret. */
export const SECRET_KEYS = {
  instanceSecret: "instance-secret",
  postgresUrl: "postgres-url",
  mysqlUrl: "mysql-url",
  jwtPrivateKey: "jwt-private-key",
  /** Better Auth's BETTER_AUTH_SECRET: kept for reruns, not given to the pod (it is a deployment variable). */
  betterAuthSecret: "better-auth-secret",
  /** S3 storage's credentials (core/s3-storage.ts), given to the backend from here. */
  awsAccessKeyId: "aws-access-key-id",
  awsSecretAccessKey: "aws-secret-access-key",
  awsSessionToken: "aws-session-token",
} as const;

export const SECRET_DIGEST_ANNOTATION = "setup-coder-convex/secret-digest";
/** Who made the instance (GITHUB_REPOSITORY in the action): another owner's instance is never touched. */
export const OWNER_ANNOTATION = "setup-coder-convex/owner";

export const LABELS = {
  name: "app.kubernetes.io/name",
  instance: "app.kubernetes.io/instance",
  component: "app.kubernetes.io/component",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/**
 * The longest instance name kubernetes takes: the StatefulSet `convex-<name>`'s pods carry the
 * label controller-revision-hash=`<statefulset>-<10-character hash>`, at most 63 characters, and
 * the dashboard is `convex-<name>-dashboard`.
 */
export const MAX_KUBE_INSTANCE_NAME = 35;

/** The kinds `down` deletes by label (PVCs too: a StatefulSet's claims outlive it). */
export const INSTANCE_KINDS = [
  "statefulset",
  "deployment",
  "service",
  "ingress",
  "secret",
  "persistentvolumeclaim",
] as const;

export interface KubeNames {
  /** Secret, StatefulSet, Service and Ingress of the backend. */
  backend: string;
  /** Deployment and Service of the dashboard. */
  dashboard: string;
  /** The claim the StatefulSet's volumeClaimTemplate `data` makes for pod 0. */
  claim: string;
}

export function deriveKubeNames(instanceName: string): KubeNames {
  // Service names are DNS-1035 labels: letters, digits and -, starting with a letter. Instance
  // names with _ are refused for kubernetes (core/config.ts); the replacement serves messages.
  const backend = `convex-${instanceName.replaceAll("_", "-")}`;
  return { backend, dashboard: `${backend}-dashboard`, claim: `data-${backend}-0` };
}

export function instanceLabels(instanceName: string): Record<string, string> {
  return {
    [LABELS.name]: "convex",
    [LABELS.instance]: instanceName,
    [LABELS.managedBy]: FIELD_MANAGER,
  };
}

/** The label selector of everything this tool made for an instance (and nothing else). */
export function instanceSelector(instanceName: string): string {
  return Object.entries(instanceLabels(instanceName))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

const DNS_LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN_RE =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
/** A Kubernetes resource quantity for storage: 1Gi, 500Mi, 10G. */
const QUANTITY_RE = /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export function isDnsLabel(text: string): boolean {
  return DNS_LABEL_RE.test(text);
}
export function isDnsSubdomain(text: string): boolean {
  return DNS_SUBDOMAIN_RE.test(text) && text.split(".").every((l) => l.length <= 63);
}
export function isQuantity(text: string): boolean {
  return QUANTITY_RE.test(text);
}

export interface IngressHosts {
  api: string;
  site: string;
  dashboard: string;
}

/**
 * The Ingress hosts from a template such as `{instance}.preview.example.com`: the API at the
 * instance's name, the site proxy at `<instance>-site`, the dashboard at `<instance>-dashboard`.
 */
export function deriveIngressHosts(template: string, instanceName: string): IngressHosts {
  const count = template.split("{instance}").length - 1;
  if (count !== 1) {
    throw new SetupError(
      `"${template}" must hold {instance} exactly once (e.g. {instance}.preview.example.com).`,
      "Each instance gets its own hosts from it: <instance>, <instance>-site and <instance>-dashboard.",
    );
  }
  if (instanceName.includes("_")) {
    throw new SetupError(
      `instance-name "${instanceName}" holds _, which host names cannot.`,
      "Use - instead of _ in instance-name.",
    );
  }
  const host = (suffix: string) => template.replace("{instance}", `${instanceName}${suffix}`).toLowerCase();
  const hosts = { api: host(""), site: host("-site"), dashboard: host("-dashboard") };
  for (const h of Object.values(hosts)) {
    if (!isDnsSubdomain(h)) {
      throw new SetupError(
        `"${h}" (from "${template}") is not a host name: lowercase letters, digits, - and dots, each part at most 63 characters.`,
      );
    }
  }
  return hosts;
}

/** The public URLs an Ingress gives: https when a TLS secret is given, http otherwise. */
export function deriveIngressUrls(hosts: IngressHosts, tls: boolean, coder: boolean): DerivedUrls {
  const scheme = tls ? "https" : "http";
  return {
    apiUrl: `${scheme}://${hosts.api}`,
    siteUrl: `${scheme}://${hosts.site}`,
    dashboardUrl: `${scheme}://${hosts.dashboard}`,
    source: "ingress",
    local: false,
    coder,
  };
}

export interface ManifestInput {
  instanceName: string;
  namespace: string;
  images: { backend: string; dashboard: string };
  dashboard: boolean;
  cloudOrigin: string;
  siteOrigin: string;
  /** The dashboard's backend URL as the browser sees it. */
  dashboardDeploymentUrl: string;
  instanceSecret: string;
  /** The backend's POSTGRES_URL (no database name: the backend adds the instance's). */
  postgresUrl: string | undefined;
  /** The backend's MYSQL_URL instead (never both). */
  mysqlUrl?: string | undefined;
  doNotRequireSsl: boolean;
  /** @convex-dev/auth's key, kept in the Secret so that reruns on fresh runners reuse it. */
  jwtPrivateKeyPem: string | undefined;
  /** Better Auth's secret, kept the same way (absent: none). */
  betterAuthSecret?: string | undefined;
  volumeSize: string;
  ingress: { hosts: IngressHosts; className: string | undefined; tlsSecret: string | undefined } | undefined;
  /** Recorded on every object (OWNER_ANNOTATION); undefined: not recorded. */
  owner: string | undefined;
  /** A pull request's preview: its labels and creation time on every object's metadata (not in selectors). */
  preview?: PreviewMark | undefined;
  /** Serve the Prometheus /metrics endpoint on the API port (off by default: it may be public). */
  metricsEndpoint?: boolean;
  /** Add a NetworkPolicy (NETWORK_POLICY): the service ports in, no link-local address out. */
  networkPolicy?: boolean;
  /** The backend's settings (core/backend-settings.ts deriveBackendEnv), set last: they win. */
  backendEnv?: ReadonlyArray<readonly [string, string]>;
  /** S3 storage: its settings in the backend's environment, its credentials in the Secret. */
  storage?: S3Storage | undefined;
}

export type Manifest = ISecret | IStatefulSet | IService | IDeployment | IIngress | INetworkPolicy;

/** The dashboard image's user and group (Dockerfile.dashboard: `useradd --uid 1001`, `USER nextjs`). */
export const DASHBOARD_UID = 1001;

/**
 * The tightest container settings the images allow (docs/kubernetes-facts.md): no privilege
 * escalation, no capability, a read-only root file system (the backend writes only under
 * /convex/data, its TMPDIR included; both get an empty /tmp). The backend's image has no USER and
 * its scripts are 0744 root's, so it runs as root; the dashboard's runs as nextjs.
 */
const CONTAINER_SECURITY: IContainer["securityContext"] = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
};

/** No service account token in the pods (the app's Node actions run there), no service variables. */
const POD_DEFAULTS = {
  automountServiceAccountToken: false,
  enableServiceLinks: false,
} as const;

/** Link-local addresses (the clouds' instance metadata services among them): never reached from the pods. */
export const NETWORK_POLICY_EXCEPT = {
  ipv4: ["169.254.0.0/16"],
  ipv6: ["fe80::/10", "fd00:ec2::254/128"],
} as const;

const fromSecret = (name: string, key: string): IEnvVar["valueFrom"] => ({ secretKeyRef: { name, key } });

/** What every object of an instance is built from: its names, labels and metadata. */
interface Parts {
  input: ManifestInput;
  names: ReturnType<typeof deriveKubeNames>;
  labels: Record<string, string>;
  meta: (name: string, component?: string) => IStatefulSet["metadata"];
  /** Every label of ours: a pod of another app labelled with the same instance is never selected. */
  backendSelector: Record<string, string>;
}

/**
 * Secret, StatefulSet (one replica, readiness on /version, a volume for /convex/data), Service,
 * the dashboard's Deployment and Service when asked, an Ingress when hosts are given, and a
 * NetworkPolicy when asked. Every object carries the instance's labels and the namespace.
 */
export function buildManifests(input: ManifestInput): Manifest[] {
  const labels = instanceLabels(input.instanceName);
  const parts: Parts = {
    input,
    names: deriveKubeNames(input.instanceName),
    labels,
    meta: (name, component) => {
      // Selectors never carry the preview's labels (a StatefulSet's selector cannot change).
      const extra = input.preview ? kubePreviewLabels(input.preview) : {};
      const annotations = {
        ...(input.owner ? { [OWNER_ANNOTATION]: input.owner } : {}),
        ...(input.preview ? kubePreviewAnnotations(input.preview) : {}),
      };
      return {
        name,
        namespace: input.namespace,
        labels: { ...labels, ...(component ? { [LABELS.component]: component } : {}), ...extra },
        ...(Object.keys(annotations).length ? { annotations } : {}),
      };
    },
    backendSelector: { ...labels, [LABELS.component]: "backend" },
  };
  return [
    buildSecret(parts),
    buildStatefulSet(parts),
    buildBackendService(parts),
    ...(input.dashboard ? buildDashboard(parts) : []),
    ...(input.ingress ? [buildIngress(parts, input.ingress)] : []),
    ...(input.networkPolicy ? [buildNetworkPolicy(parts)] : []),
  ];
}

function buildSecret({ input, names, meta }: Parts): ISecret {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const secretData: Record<string, string> = { [SECRET_KEYS.instanceSecret]: b64(input.instanceSecret) };
  if (input.postgresUrl) secretData[SECRET_KEYS.postgresUrl] = b64(input.postgresUrl);
  if (input.mysqlUrl) secretData[SECRET_KEYS.mysqlUrl] = b64(input.mysqlUrl);
  if (input.jwtPrivateKeyPem) secretData[SECRET_KEYS.jwtPrivateKey] = b64(input.jwtPrivateKeyPem);
  if (input.betterAuthSecret) secretData[SECRET_KEYS.betterAuthSecret] = b64(input.betterAuthSecret);
  for (const [key, value] of s3SecretEntries(input.storage)) secretData[key] = b64(value);
  // `data`, not `stringData`: stringData is write-only, so server-side apply cannot own it.
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(names.backend, "backend"),
    type: "Opaque",
    data: secretData,
  };
}

/** S3 storage's credentials as the Secret's keys with the variables they become (none without S3). */
function s3SecretEntries(storage: S3Storage | undefined): Array<[key: string, value: string, env: string]> {
  const c = storage?.credentials;
  if (!c) return [];
  const entries: Array<[string, string, string]> = [
    [SECRET_KEYS.awsAccessKeyId, c.accessKeyId, "AWS_ACCESS_KEY_ID"],
    [SECRET_KEYS.awsSecretAccessKey, c.secretAccessKey, "AWS_SECRET_ACCESS_KEY"],
  ];
  if (c.sessionToken) entries.push([SECRET_KEYS.awsSessionToken, c.sessionToken, "AWS_SESSION_TOKEN"]);
  return entries;
}

/** The backend container's environment: the instance, its origins, its database, its settings. */
function backendEnv({ input, names }: Parts): IEnvVar[] {
  const env: IEnvVar[] = [
    { name: "INSTANCE_NAME", value: input.instanceName },
    { name: "INSTANCE_SECRET", valueFrom: fromSecret(names.backend, SECRET_KEYS.instanceSecret) },
    { name: "CONVEX_CLOUD_ORIGIN", value: input.cloudOrigin },
    { name: "CONVEX_SITE_ORIGIN", value: input.siteOrigin },
  ];
  if (input.postgresUrl)
    env.push({ name: "POSTGRES_URL", valueFrom: fromSecret(names.backend, SECRET_KEYS.postgresUrl) });
  for (const [key, , name] of s3SecretEntries(input.storage))
    env.push({ name, valueFrom: fromSecret(names.backend, key) });
  if (input.mysqlUrl)
    env.push({ name: "MYSQL_URL", valueFrom: fromSecret(names.backend, SECRET_KEYS.mysqlUrl) });
  // The backend treats any non-empty value as "on": the variable exists only when on.
  if (input.doNotRequireSsl) env.push({ name: "DO_NOT_REQUIRE_SSL", value: "1" });
  // A boolean the backend parses as true/false (crates/common knobs), unlike the flag above.
  env.push({ name: "DISABLE_METRICS_ENDPOINT", value: input.metricsEndpoint ? "false" : "true" });
  for (const [name, value] of [
    ...(input.storage ? deriveS3BackendEnv(input.storage) : []),
    ...(input.backendEnv ?? []),
  ]) {
    // The kubelet expands $(VAR) in values; $$ keeps a literal $.
    const entry = { name, value: value.replaceAll("$(", "$$$$(") };
    const at = env.findIndex((e) => e.name === name);
    if (at === -1) env.push(entry);
    else env[at] = entry;
  }
  return env;
}

function buildStatefulSet(parts: Parts): IStatefulSet {
  const { input, names, labels, meta, backendSelector } = parts;
  const env = backendEnv(parts);
  const backend: IContainer = {
    name: "backend",
    image: input.images.backend,
    env,
    ports: [
      { name: "api", containerPort: CONTAINER_PORTS.api },
      { name: "site", containerPort: CONTAINER_PORTS.site },
    ],
    readinessProbe: {
      httpGet: { path: "/version", port: "api" },
      periodSeconds: 2,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    // With Postgres too: file storage and module sources stay on local disk (docs/kubernetes-facts.md).
    volumeMounts: [
      { name: "data", mountPath: DATA_PATH },
      { name: "tmp", mountPath: "/tmp" },
    ],
    // The backend (PID 1) shuts down cleanly on SIGINT only; Kubernetes sends SIGTERM.
    lifecycle: { preStop: { exec: { command: ["sh", "-c", "kill -INT 1"] } } },
    securityContext: CONTAINER_SECURITY,
  };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(names.backend, "backend"),
    spec: {
      replicas: 1,
      serviceName: names.backend,
      selector: { matchLabels: backendSelector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
      template: {
        metadata: {
          labels: { ...labels, [LABELS.component]: "backend" },
          // The pod reads the Secret at start: a changed database URL or S3 key rolls it (a one-way digest;
          // without a MySQL URL the same as before MySQL existed, so no pod restarts for it).
          annotations: {
            [SECRET_DIGEST_ANNOTATION]: createHash("sha256")
              .update(
                [
                  input.instanceSecret,
                  input.postgresUrl ?? "",
                  ...s3SecretEntries(input.storage).map(([, v]) => v),
                ].join("\n") + (input.mysqlUrl ? `\nmysql:${input.mysqlUrl}` : ""),
              )
              .digest("hex")
              .slice(0, 16),
          },
        },
        spec: {
          terminationGracePeriodSeconds: 10,
          ...POD_DEFAULTS,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [backend],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: { ...labels, [LABELS.component]: "backend" } },
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: input.volumeSize } },
          },
        },
      ],
    },
  };
}

function buildBackendService({ names, meta, backendSelector }: Parts): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(names.backend, "backend"),
    spec: {
      selector: backendSelector,
      ports: [
        { name: "api", port: CONTAINER_PORTS.api, targetPort: "api" },
        { name: "site", port: CONTAINER_PORTS.site, targetPort: "site" },
      ],
    },
  };
}

/** The dashboard's Deployment and Service. */
function buildDashboard({ input, names, labels, meta }: Parts): Manifest[] {
  const dashboardSelector = { ...labels, [LABELS.component]: "dashboard" };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(names.dashboard, "dashboard"),
      spec: {
        replicas: 1,
        selector: { matchLabels: dashboardSelector },
        template: {
          metadata: { labels: { ...labels, [LABELS.component]: "dashboard" } },
          spec: {
            ...POD_DEFAULTS,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: DASHBOARD_UID,
              runAsGroup: DASHBOARD_UID,
              seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
              {
                name: "dashboard",
                image: input.images.dashboard,
                env: [{ name: "NEXT_PUBLIC_DEPLOYMENT_URL", value: input.dashboardDeploymentUrl }],
                ports: [{ name: "http", containerPort: CONTAINER_PORTS.dashboard }],
                securityContext: CONTAINER_SECURITY,
                // Next.js's server writes its cache there (and temporary files in /tmp).
                volumeMounts: [
                  { name: "tmp", mountPath: "/tmp" },
                  { name: "next-cache", mountPath: "/app/.next/cache" },
                ],
              },
            ],
            volumes: [
              { name: "tmp", emptyDir: {} },
              { name: "next-cache", emptyDir: {} },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(names.dashboard, "dashboard"),
      spec: {
        selector: dashboardSelector,
        ports: [{ name: "http", port: CONTAINER_PORTS.dashboard, targetPort: "http" }],
      },
    },
  ];
}

function buildIngress(
  { names, meta, input }: Parts,
  ingress: NonNullable<ManifestInput["ingress"]>,
): Manifest {
  const { hosts, className, tlsSecret } = ingress;
  const rule = (host: string, service: string, port: string) => ({
    host,
    http: {
      paths: [
        {
          path: "/",
          pathType: "Prefix" as const,
          backend: { service: { name: service, port: { name: port } } },
        },
      ],
    },
  });
  const rules = [rule(hosts.api, names.backend, "api"), rule(hosts.site, names.backend, "site")];
  if (input.dashboard) rules.push(rule(hosts.dashboard, names.dashboard, "http"));
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: meta(names.backend, "backend"),
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      ...(tlsSecret ? { tls: [{ hosts: rules.map((r) => r.host), secretName: tlsSecret }] } : {}),
      rules,
    },
  };
}

function buildNetworkPolicy({ labels, meta, names }: Parts): Manifest {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(names.backend),
    spec: {
      // Every pod of the instance (backend and dashboard).
      podSelector: { matchLabels: { ...labels } },
      policyTypes: ["Ingress", "Egress"],
      // In: the services' ports only, from anywhere (an Ingress controller, other namespaces).
      ingress: [
        {
          ports: [CONTAINER_PORTS.api, CONTAINER_PORTS.site, CONTAINER_PORTS.dashboard].map((port) => ({
            protocol: "TCP",
            port,
          })),
        },
      ],
      // Out: anywhere (Postgres, DNS, the APIs the app's actions call) but link-local addresses.
      egress: [
        {
          to: [
            { ipBlock: { cidr: "0.0.0.0/0", except: [...NETWORK_POLICY_EXCEPT.ipv4] } },
            { ipBlock: { cidr: "::/0", except: [...NETWORK_POLICY_EXCEPT.ipv6] } },
          ],
        },
      ],
    },
  };
}

/** The manifests as one multi-document YAML text (for `kubectl apply -f -` and `render`). */
export function renderManifests(objects: readonly Manifest[]): string {
  return objects
    .map((o, i) => {
      const doc = new Document(o);
      if (i === 0)
        doc.commentBefore =
          " Written by setup-coder-convex (target kubernetes). It holds a Secret: keep it out of git.";
      return doc.toString({ lineWidth: 0 });
    })
    .join("---\n");
}

/** Reads the instance's Secret as `kubectl get secret -o json` prints it. */
export function parseInstanceSecret(json: string): {
  instanceSecret: string | undefined;
  jwtPrivateKeyPem: string | undefined;
  betterAuthSecret: string | undefined;
  /** Whether it carries this tool's managed-by label (else it is someone else's object). */
  managed: boolean;
  owner: string | undefined;
} {
  const secret = JSON.parse(json) as {
    data?: Record<string, string>;
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };
  const read = (key: string) => {
    const value = secret.data?.[key];
    return value ? Buffer.from(value, "base64").toString("utf8") : undefined;
  };
  return {
    instanceSecret: read(SECRET_KEYS.instanceSecret)?.trim().toLowerCase(),
    jwtPrivateKeyPem: read(SECRET_KEYS.jwtPrivateKey),
    betterAuthSecret: read(SECRET_KEYS.betterAuthSecret),
    managed: secret.metadata?.labels?.[LABELS.managedBy] === FIELD_MANAGER,
    owner: secret.metadata?.annotations?.[OWNER_ANNOTATION],
  };
}

/** An instance's Secret found by prune's label selector (core/preview.ts). */
export interface LabelledInstance {
  instanceName: string;
  owner: string | undefined;
  pullRequest: number | undefined;
  created: string | undefined;
}

/** `kubectl get secret -l ... -o json`: the instances whose Secret this tool made. */
export function parseLabelledSecrets(json: string): LabelledInstance[] {
  const list = JSON.parse(json) as {
    items?: Array<{ metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }>;
  };
  return (list.items ?? []).flatMap(({ metadata = {} }) => {
    const labels = metadata.labels ?? {};
    const instanceName = labels[LABELS.instance];
    if (!instanceName || labels[LABELS.managedBy] !== FIELD_MANAGER) return [];
    const pr = labels[KUBE_PREVIEW_LABELS.pullRequest];
    return [
      {
        instanceName,
        owner: metadata.annotations?.[OWNER_ANNOTATION],
        pullRequest: pr && /^\d+$/.test(pr) ? Number(pr) : undefined,
        created: kubeCreatedOf(metadata),
      },
    ];
  });
}

/** The selector of every preview Secret of a repository (by its hash label: see core/preview.ts). */
export function previewSelector(repository: string): string {
  return `${LABELS.managedBy}=${FIELD_MANAGER},${LABELS.component}=backend,${KUBE_PREVIEW_LABELS.repositoryHash}=${repositoryHash(repository)}`;
}

/** A pod's state as `kubectl get pods -o json` reports it, in compose's words (exited = crashing). */
export function parsePodStates(json: string): Array<{ service: string; state: string; exitCode?: number }> {
  const list = JSON.parse(json) as {
    items?: Array<{
      metadata?: { labels?: Record<string, string> };
      status?: {
        phase?: string;
        containerStatuses?: Array<{
          state?: { waiting?: { reason?: string }; terminated?: { exitCode?: number } };
          lastState?: { terminated?: { exitCode?: number } };
        }>;
      };
    }>;
  };
  return (list.items ?? []).map((pod) => {
    const service = pod.metadata?.labels?.[LABELS.component] ?? "backend";
    const status = pod.status?.containerStatuses?.[0];
    const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
    const crashing =
      status?.state?.waiting?.reason === "CrashLoopBackOff" ||
      status?.state?.terminated !== undefined ||
      pod.status?.phase === "Failed";
    return {
      service,
      state: crashing ? "exited" : (pod.status?.phase ?? "unknown").toLowerCase(),
      ...(crashing && terminated?.exitCode !== undefined ? { exitCode: terminated.exitCode } : {}),
    };
  });
}
