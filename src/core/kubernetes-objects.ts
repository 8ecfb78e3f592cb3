/**
 * The Kubernetes objects target kubernetes builds, as plain types: the part of the API's schema
 * that core/kubernetes.ts uses, field names and value sets as the API defines them. No runtime
 * code and no dependency: users do not install a schema library for objects the tool builds
 * itself. __tests__/core/kubernetes-schema.test.ts checks, at compile time, that each of these is
 * assignable to kubernetes-models' interface of the same object and, at run time, that every
 * shape buildManifests makes passes the Kubernetes OpenAPI schema.
 */

type Strings = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Strings;
  annotations?: Strings;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string; apiVersion?: string };
  };
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: "HTTP" | "HTTPS" };
  tcpSocket?: { port: number | string };
  exec?: { command?: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

export interface LifecycleHandler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string };
}

export interface SeccompProfile {
  type: "Localhost" | "RuntimeDefault" | "Unconfined";
  localhostProfile?: string;
}

export interface SecurityContext {
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: SeccompProfile;
}

export interface PodSecurityContext {
  fsGroup?: number;
  fsGroupChangePolicy?: "Always" | "OnRootMismatch";
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: SeccompProfile;
  supplementalGroups?: number[];
}

export interface ResourceRequirements {
  limits?: Strings;
  requests?: Strings;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: "SCTP" | "TCP" | "UDP" }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: ResourceRequirements;
  securityContext?: SecurityContext;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
  lifecycle?: { preStop?: LifecycleHandler; postStart?: LifecycleHandler };
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  secret?: { secretName?: string; defaultMode?: number };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: PodSecurityContext;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  serviceAccountName?: string;
}

export interface PodTemplate {
  metadata?: { labels?: Strings; annotations?: Strings };
  spec: PodSpec;
}

export interface Secret {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta;
  type?: string;
  data?: Strings;
}

export interface StatefulSet {
  apiVersion: "apps/v1";
  kind: "StatefulSet";
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    serviceName: string;
    selector: { matchLabels: Strings };
    template: PodTemplate;
    persistentVolumeClaimRetentionPolicy?: {
      whenDeleted?: "Delete" | "Retain";
      whenScaled?: "Delete" | "Retain";
    };
    volumeClaimTemplates?: Array<{
      metadata: { name: string; labels?: Strings; annotations?: Strings };
      spec: {
        accessModes: Array<"ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOnce" | "ReadWriteOncePod">;
        resources: { requests: Strings };
        storageClassName?: string;
      };
    }>;
  };
}

export interface Service {
  apiVersion: "v1";
  kind: "Service";
  metadata: ObjectMeta;
  spec: {
    selector: Strings;
    ports: Array<{
      name?: string;
      port: number;
      targetPort?: number | string;
      protocol?: "SCTP" | "TCP" | "UDP";
    }>;
    type?: "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort";
  };
}

export interface Deployment {
  apiVersion: "apps/v1";
  kind: "Deployment";
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: { matchLabels: Strings };
    template: PodTemplate;
  };
}

export interface Ingress {
  apiVersion: "networking.k8s.io/v1";
  kind: "Ingress";
  metadata: ObjectMeta;
  spec: {
    ingressClassName?: string;
    tls?: Array<{ hosts?: string[]; secretName?: string }>;
    rules: Array<{
      host?: string;
      http: {
        paths: Array<{
          path?: string;
          pathType: "Exact" | "ImplementationSpecific" | "Prefix";
          backend: { service: { name: string; port: { name?: string; number?: number } } };
        }>;
      };
    }>;
  };
}

export interface NetworkPolicyPort {
  protocol?: "SCTP" | "TCP" | "UDP";
  port?: number | string;
}

export interface NetworkPolicyPeer {
  ipBlock?: { cidr: string; except?: string[] };
  podSelector?: { matchLabels?: Strings };
  namespaceSelector?: { matchLabels?: Strings };
}

export interface NetworkPolicy {
  apiVersion: "networking.k8s.io/v1";
  kind: "NetworkPolicy";
  metadata: ObjectMeta;
  spec: {
    podSelector: { matchLabels?: Strings };
    policyTypes?: Array<"Egress" | "Ingress">;
    ingress?: Array<{ from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
    egress?: Array<{ to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
  };
}
