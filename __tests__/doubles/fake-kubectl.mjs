#!/usr/bin/env node
// TEST DOUBLE: a fake `kubectl` CLI and the cluster behind it (see README.md in this folder).
// State lives in $FAKE_KUBECTL_STATE: objects/<namespace>/<kind>/<name>.json (cluster-scoped
// objects under objects/_cluster), volumes/<namespace>/<pvc> (a PVC's data), logs/<namespace>/<sts>.log
// (the backend container's log), pods/<namespace>/<sts>.json (the running stand-in of a StatefulSet's
// pod: its PID, ports and the port-forwards using it), port-forward.pid. Every call is appended to
// calls.jsonl. Messages, exit codes and output formats follow kubectl v1.33 (see README.md).
//
// Environment: FAKE_KUBECTL_STATE (required); FAKE_KUBECTL_APPLY_FAIL=<text> (apply fails with that
// stderr, exit 1, nothing stored); FAKE_KUBECTL_ROLLOUT=timeout (rollout status times out);
// FAKE_KUBECTL_BACKEND_MODE (STANDIN_MODE of the backend; exit and never-healthy make its pod crash or
// never become ready, as get pods, rollout status and logs then show); FAKE_KUBECTL_NO_CLUSTER (every
// command that needs the API server fails as with no reachable cluster); FAKE_KUBECTL_VERSION (the
// client's gitVersion, default v1.33.1).
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify as toYaml } from "yaml";
import { alive, sleep, stopProcess, stopProcessSync } from "./processes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const stateDir = process.env.FAKE_KUBECTL_STATE;
if (!stateDir) {
  console.error("fake kubectl: FAKE_KUBECTL_STATE is not set");
  process.exit(2);
}
mkdirSync(stateDir, { recursive: true });
const argv = process.argv.slice(2);

// ---------------------------------------------------------------------------------------------
// Flags, parsed as pflag does: anywhere on the line, `--flag value`, `--flag=value`, `-n value`,
// `-nvalue`, `-n=value`; booleans also as `--flag=false`.
const VALUE_FLAGS = {
  "-n": "namespace",
  "--namespace": "namespace",
  "-f": "filename",
  "--filename": "filename",
  "-o": "output",
  "--output": "output",
  "-l": "selector",
  "--selector": "selector",
  "-c": "container",
  "--container": "container",
  "--field-manager": "field-manager",
  "--timeout": "timeout",
  "--address": "address",
  "--tail": "tail",
  "--pod-running-timeout": "pod-running-timeout",
  "--cascade": "cascade",
  "--grace-period": "grace-period",
  "--kubeconfig": "kubeconfig",
  "--context": "context",
  "--cluster": "cluster",
  "--user": "user",
  "--request-timeout": "request-timeout",
  "-v": "v",
  "--v": "v",
};
const BOOL_FLAGS = {
  "--server-side": "server-side",
  "--force-conflicts": "force-conflicts",
  "--ignore-not-found": "ignore-not-found",
  "--all-containers": "all-containers",
  "--timestamps": "timestamps",
  "--prefix": "prefix",
  "--client": "client",
  "--wait": "wait",
  "--all": "all",
  "-A": "all-namespaces",
  "--all-namespaces": "all-namespaces",
};

function parseArgs(args) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    const long = a.startsWith("--");
    const eq = a.indexOf("=");
    const name = long ? (eq > 0 ? a.slice(0, eq) : a) : a.slice(0, 2);
    let inline = long ? (eq > 0 ? a.slice(eq + 1) : undefined) : a.length > 2 ? a.slice(2) : undefined;
    if (!long && inline?.startsWith("=")) inline = inline.slice(1);
    if (VALUE_FLAGS[name]) {
      const value = inline ?? args[++i];
      if (value === undefined) {
        return {
          error: long
            ? `flag needs an argument: ${name}`
            : `flag needs an argument: '${name.slice(1)}' in ${name}`,
          flags,
          positional,
        };
      }
      flags[VALUE_FLAGS[name]] = value;
    } else if (BOOL_FLAGS[name]) {
      flags[BOOL_FLAGS[name]] = inline === undefined ? true : inline !== "false";
    } else {
      return {
        error: long ? `unknown flag: ${name}` : `unknown shorthand flag: '${name.slice(1)}' in ${a}`,
        unknownFlag: true,
        flags,
        positional,
      };
    }
  }
  return { flags, positional };
}

const parsed = parseArgs(argv);
const { flags, positional } = parsed;
let stdin = null;
if (flags.filename === "-") {
  try {
    stdin = readFileSync(0, "utf8");
  } catch {
    stdin = "";
  }
}
// The KUBECONFIG and the working directory are recorded: tests check which cluster a call talks to.
appendFileSync(
  join(stateDir, "calls.jsonl"),
  `${JSON.stringify({
    t: Date.now(),
    argv,
    cwd: process.cwd(),
    env: { KUBECONFIG: process.env.KUBECONFIG ?? null },
    stdinLength: stdin === null ? null : Buffer.byteLength(stdin),
  })}\n`,
);

// ---------------------------------------------------------------------------------------------
// Errors, printed as kubectl's cmdutil.CheckErr prints them (stderr, exit 1).
class KubeError extends Error {
  /** @param {{reason?: string, message: string, kind?: string, group?: string, name?: string, causes?: string[]}} s */
  constructor(s) {
    super(s.message);
    this.status = s;
  }
}
const notFound = (type, name) =>
  new KubeError({ reason: "NotFound", message: `${qualifiedResource(type)} "${name}" not found` });
const plain = (message) => new KubeError({ message });

/** One error alone: checkErr's wording; several: MultipleErrors' (one line each). */
function formatErrors(errors) {
  if (errors.length === 1) {
    const s = errors[0].status;
    if (s.reason === "Invalid") {
      const prefix = `The ${s.kind} "${s.name}" is invalid: `;
      return s.causes.length === 1
        ? `${prefix}${s.causes[0]}`
        : `${prefix}\n${s.causes.map((c) => `* ${c}`).join("\n")}`;
    }
    if (s.reason) return `Error from server (${s.reason}): ${s.message}`;
    return s.raw || s.message.startsWith("error: ") ? s.message : `error: ${s.message}`;
  }
  return errors
    .map(({ status: s }) => {
      if (s.reason === "Invalid") {
        const causes = s.causes.length === 1 ? s.causes[0] : `[${s.causes.join(", ")}]`;
        return `Error from server (Invalid): ${s.kind}${s.group ? `.${s.group}` : ""} "${s.name}" is invalid: ${causes}`;
      }
      return s.reason ? `Error from server (${s.reason}): ${s.message}` : s.message;
    })
    .join("\n");
}
function exitWith(errors) {
  if (errors.length > 0) {
    console.error(formatErrors(errors));
    process.exit(1);
  }
  process.exit(0);
}
const die = (message) => exitWith([plain(message)]);
/** Something real kubectl does that this double does not: say so plainly (a test must notice). */
const notImplemented = (what) => {
  console.error(
    `fake kubectl: ${what} is not implemented by the test double (__tests__/doubles/fake-kubectl.mjs)`,
  );
  process.exit(1);
};

// ---------------------------------------------------------------------------------------------
// Resource types.
// kind, group, plural, short names, namespaced (Pod: not stored, derived from the workloads).
const TYPES = [
  ["Namespace", "", "namespaces", ["ns"], false],
  ["Secret", "", "secrets", [], true],
  ["ConfigMap", "", "configmaps", ["cm"], true],
  ["Service", "", "services", ["svc"], true],
  ["PersistentVolumeClaim", "", "persistentvolumeclaims", ["pvc"], true],
  ["ServiceAccount", "", "serviceaccounts", ["sa"], true],
  ["Pod", "", "pods", ["po"], true],
  ["StatefulSet", "apps", "statefulsets", ["sts"], true],
  ["Deployment", "apps", "deployments", ["deploy"], true],
  ["Ingress", "networking.k8s.io", "ingresses", ["ing"], true],
  ["NetworkPolicy", "networking.k8s.io", "networkpolicies", ["netpol"], true],
].map(([kind, group, plural, short, namespaced]) => ({
  kind,
  group,
  version: "v1",
  plural,
  short,
  namespaced,
  virtual: kind === "Pod",
}));
const typeOfKind = (kind) => TYPES.find((t) => t.kind === kind);
const qualifiedResource = (t) => (t.group ? `${t.plural}.${t.group}` : t.plural);
const kindString = (t) => (t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase());
const apiVersionOf = (t) => (t.group ? `${t.group}/${t.version}` : t.version);

/** `statefulset`, `statefulsets`, `sts`, `statefulsets.apps`, `StatefulSet.apps`... */
function resolveType(token) {
  const lower = token.toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot > 0 ? lower.slice(0, dot) : lower;
  const group = dot > 0 ? lower.slice(dot + 1) : undefined;
  const t = TYPES.find(
    (t) =>
      (t.plural === name || t.kind.toLowerCase() === name || t.short.includes(name)) &&
      (group === undefined || t.group === group),
  );
  if (!t) throw plain(`the server doesn't have a resource type "${token}"`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// The object store.
const BUILTIN_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];
const objectsRoot = join(stateDir, "objects");
const nsDir = (t, ns) => join(objectsRoot, t.namespaced ? ns : "_cluster", t.kind.toLowerCase());
const objPath = (t, ns, name) => join(nsDir(t, ns), `${name}.json`);
// Every state file is replaced atomically (a temporary file, then rename): the double's processes
// read each other's files at any moment (a port-forward polls its pod while another updates it), and
// a half-written file must never be read as "gone".
function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
};
function load(t, ns, name) {
  if (t.kind === "Namespace" && BUILTIN_NAMESPACES.includes(name) && !existsSync(objPath(t, ns, name)))
    return namespaceObject(name);
  return readJson(objPath(t, ns, name));
}
function save(t, obj) {
  mkdirSync(nsDir(t, obj.metadata.namespace), { recursive: true });
  writeAtomic(objPath(t, obj.metadata.namespace, obj.metadata.name), JSON.stringify(obj, null, 2));
}
function list(t, ns) {
  if (t.virtual) return podsIn(ns);
  const dir = nsDir(t, ns);
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  const out = names.map((f) => readJson(join(dir, f))).filter(Boolean);
  if (t.kind === "Namespace")
    for (const n of BUILTIN_NAMESPACES)
      if (!out.some((o) => o.metadata.name === n)) out.push(namespaceObject(n));
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}
const namespaceExists = (ns) => Boolean(load(typeOfKind("Namespace"), undefined, ns));
function nextResourceVersion() {
  const file = join(stateDir, "resource-version");
  const rv = (Number(existsSync(file) ? readFileSync(file, "utf8") : "1000") || 1000) + 1;
  writeAtomic(file, String(rv));
  return String(rv);
}
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
function namespaceObject(name, meta = {}) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      uid: meta.uid ?? uuidFrom(`namespace/${name}`),
      resourceVersion: meta.resourceVersion ?? "1",
      creationTimestamp: meta.creationTimestamp ?? "2025-01-01T00:00:00Z",
      labels: { "kubernetes.io/metadata.name": name, ...(meta.labels ?? {}) },
    },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}
const hash = (value, length = 10) => {
  // Like the controllers' names: a short string of consonants and digits.
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const digest = createHash("sha256")
    .update(JSON.stringify(value ?? null))
    .digest();
  return Array.from(digest.subarray(0, length), (b) => alphabet[b % alphabet.length]).join("");
};
function uuidFrom(seed) {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Output, as kubectl prints it: JSON through Go's encoder (keys sorted, 4 spaces, <>& escaped).
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  return value;
}
const goJson = (value, indent = 4) =>
  JSON.stringify(sortKeys(value), null, indent)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");

// ---------------------------------------------------------------------------------------------
// Label selectors: k=v, k==v, k!=v, k, !k (comma-separated). Set-based ones are not implemented.
function parseSelector(text) {
  if (text === undefined) return undefined;
  if (/\s(in|notin)\s|\(/.test(text)) notImplemented(`the set-based label selector "${text}"`);
  const reqs = [];
  for (const part of text.split(",").map((p) => p.trim())) {
    if (!part) continue;
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(part);
    const not = /^!([^!=]+)$/.exec(part);
    if (m) reqs.push({ key: m[1].trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3].trim() });
    else if (not) reqs.push({ key: not[1].trim(), op: "!" });
    else if (/^[^!=]+$/.test(part)) reqs.push({ key: part, op: "exists" });
    else throw plain(`unable to parse requirement: found '${part}', expected: identifier`);
  }
  return reqs;
}
function matches(labels = {}, reqs) {
  if (!reqs) return true;
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    if (r.op === "=") return has && labels[r.key] === r.value;
    if (r.op === "!=") return !has || labels[r.key] !== r.value;
    if (r.op === "exists") return has;
    return !has;
  });
}
const selectorMatches = (selector = {}, labels = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

// ---------------------------------------------------------------------------------------------
// Validation, the part of the API server's that the project's manifests can trip.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MSG = {
  label: [
    DNS1123_LABEL,
    63,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ],
  subdomain: [
    DNS1123_SUBDOMAIN,
    253,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ],
  dns1035: [
    DNS1035_LABEL,
    63,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ],
};
const goMap = (m = {}) =>
  `map[string]string{${Object.entries(m)
    .sort()
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(", ")}}`;
function nameCauses(field, name, rule) {
  const [re, max, text] = MSG[rule];
  const causes = [];
  if (name.length > max)
    causes.push(`${field}: Invalid value: "${name}": must be no more than ${max} characters`);
  if (!re.test(name)) causes.push(`${field}: Invalid value: "${name}": ${text}`);
  return causes;
}
function labelCauses(field, labels = {}) {
  const causes = [];
  for (const [k, v] of Object.entries(labels)) {
    const value = String(v);
    if (value.length > 63)
      causes.push(`${field}: Invalid value: "${value}": must be no more than 63 characters`);
    if (!LABEL_VALUE.test(value))
      causes.push(
        `${field}: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      );
    if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k))
      causes.push(`${field}: Invalid value: "${k}": name part must consist of alphanumeric characters`);
  }
  return causes;
}
function validate(t, obj, existing) {
  const name = obj.metadata.name;
  const rule = t.kind === "Service" ? "dns1035" : t.kind === "Namespace" ? "label" : "subdomain";
  const causes = [
    ...nameCauses("metadata.name", name, rule),
    ...labelCauses("metadata.labels", obj.metadata.labels),
  ];
  if (t.kind === "StatefulSet" || t.kind === "Deployment") {
    const selector = obj.spec?.selector?.matchLabels;
    const labels = obj.spec?.template?.metadata?.labels;
    if (!obj.spec?.selector) causes.push("spec.selector: Required value");
    else if (!selectorMatches(selector, labels))
      causes.push(
        `spec.template.metadata.labels: Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
      );
    causes.push(...labelCauses("spec.template.metadata.labels", labels));
  }
  if (t.kind === "StatefulSet" && existing) {
    // Only some fields of a StatefulSet's spec may change (volumeClaimTemplates may not).
    const fixed = (s = {}) =>
      JSON.stringify(sortKeys([s.selector, s.serviceName, s.volumeClaimTemplates, s.podManagementPolicy]));
    if (fixed(obj.spec) !== fixed(existing.metadata.annotations?.["fake-kubectl/applied-spec"]))
      causes.push(
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      );
  }
  if (t.kind === "Secret" || t.kind === "ConfigMap") {
    for (const k of [...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})])
      if (!/^[-._a-zA-Z0-9]+$/.test(k) || k.length > 253)
        causes.push(
          `data[${k}]: Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        );
  }
  if (causes.length === 0) return undefined;
  return new KubeError({ reason: "Invalid", kind: t.kind, group: t.group, name, causes, message: "invalid" });
}

// ---------------------------------------------------------------------------------------------
// Pods: not stored; derived from the StatefulSets and Deployments, as their controllers would run them.
const mode = () => process.env.FAKE_KUBECTL_BACKEND_MODE || "healthy";

/** The container's environment as the kubelet builds it, or the reason it cannot start. */
function resolveEnv(ns, container, podName) {
  const env = {};
  const expand = (v) =>
    String(v).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) =>
      m === "$$" ? "$" : Object.hasOwn(env, name) ? env[name] : m,
    );
  const secretT = typeOfKind("Secret");
  const cmT = typeOfKind("ConfigMap");
  for (const from of container.envFrom ?? []) {
    const ref = from.secretRef ?? from.configMapRef;
    const t = from.secretRef ? secretT : cmT;
    const obj = load(t, ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { error: `${t.kind.toLowerCase()} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(obj.data ?? {}))
      env[`${from.prefix ?? ""}${k}`] = from.secretRef ? Buffer.from(v, "base64").toString("utf8") : v;
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (ref) {
      const t = e.valueFrom.secretKeyRef ? secretT : cmT;
      const obj = load(t, ns, ref.name);
      if (!obj || obj.data?.[ref.key] === undefined) {
        if (ref.optional) continue;
        return {
          error: obj
            ? `couldn't find key ${ref.key} in ${t.kind} ${ns}/${ref.name}`
            : `${t.kind.toLowerCase()} "${ref.name}" not found`,
        };
      }
      const v = obj.data[ref.key];
      env[e.name] = t === secretT ? Buffer.from(v, "base64").toString("utf8") : v;
    } else if (e.valueFrom?.fieldRef) {
      const path = e.valueFrom.fieldRef.fieldPath;
      env[e.name] =
        path === "metadata.name"
          ? podName
          : path === "metadata.namespace"
            ? ns
            : path.startsWith("status.")
              ? "127.0.0.1"
              : "";
    } else env[e.name] = expand(e.value ?? "");
  }
  return { env };
}

/** running | crash (CrashLoopBackOff) | not-ready | config (CreateContainerConfigError). */
function podState(ns, owner, podName) {
  const container = owner.spec?.template?.spec?.containers?.[0];
  if (container) {
    const r = resolveEnv(ns, container, podName);
    if (r.error) return { state: "config", message: r.error };
  }
  if (owner.kind !== "StatefulSet") return { state: "running" };
  if (mode() === "exit") return { state: "crash" };
  if (mode() === "never-healthy") return { state: "not-ready" };
  return { state: "running" };
}

function podObject(ns, owner, ordinal = 0) {
  const sts = owner.kind === "StatefulSet";
  const template = owner.spec?.template ?? {};
  const templateHash = hash(template);
  const name = sts
    ? `${owner.metadata.name}-${ordinal}`
    : `${owner.metadata.name}-${templateHash}-${hash(owner.metadata.uid, 5)}`;
  const { state, message } = podState(ns, owner, name);
  const started = owner.metadata.creationTimestamp;
  const labels = {
    ...(template.metadata?.labels ?? {}),
    ...(sts
      ? {
          "apps.kubernetes.io/pod-index": String(ordinal),
          "controller-revision-hash": `${owner.metadata.name}-${templateHash}`,
          "statefulset.kubernetes.io/pod-name": name,
        }
      : { "pod-template-hash": templateHash }),
  };
  const containers = template.spec?.containers ?? [];
  const ready = state === "running";
  const containerStatuses = containers.map((c, i) => {
    const base = {
      name: c.name,
      image: c.image,
      imageID: "",
      containerID: `containerd://${hash(`${name}/${c.name}`, 32)}`,
      restartCount: 0,
    };
    if (i > 0 || state === "running")
      return { ...base, ready: true, started: true, state: { running: { startedAt: started } } };
    if (state === "not-ready")
      return { ...base, ready: false, started: true, state: { running: { startedAt: started } } };
    if (state === "crash")
      return {
        ...base,
        ready: false,
        started: false,
        restartCount: 3,
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 40s restarting failed container=${c.name} pod=${name}_${ns}(${uuidFrom(name)})`,
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: "Error",
            startedAt: started,
            finishedAt: started,
            containerID: base.containerID,
          },
        },
      };
    return {
      ...base,
      containerID: undefined,
      ready: false,
      started: false,
      state: { waiting: { reason: "CreateContainerConfigError", message } },
    };
  });
  const volumes = [...(template.spec?.volumes ?? [])];
  if (sts)
    for (const claim of owner.spec?.volumeClaimTemplates ?? [])
      volumes.push({
        name: claim.metadata.name,
        persistentVolumeClaim: { claimName: `${claim.metadata.name}-${owner.metadata.name}-${ordinal}` },
      });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      uid: uuidFrom(`${owner.metadata.uid}/${name}`),
      creationTimestamp: started,
      labels,
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: sts ? "StatefulSet" : "ReplicaSet",
          name: sts ? owner.metadata.name : `${owner.metadata.name}-${templateHash}`,
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...(template.spec ?? {}),
      volumes,
      ...(sts ? { hostname: name, subdomain: owner.spec?.serviceName } : {}),
      nodeName: "fake-control-plane",
    },
    status: {
      phase: state === "config" ? "Pending" : "Running",
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Initialized", status: "True" },
        {
          type: "ContainersReady",
          status: ready ? "True" : "False",
          ...(ready ? {} : { reason: "ContainersNotReady" }),
        },
        {
          type: "Ready",
          status: ready ? "True" : "False",
          ...(ready ? {} : { reason: "ContainersNotReady" }),
        },
      ],
      containerStatuses,
      hostIP: "172.18.0.2",
      podIP: "10.244.0.10",
      startTime: started,
    },
  };
}
function podsIn(ns) {
  const pods = [];
  for (const sts of list(typeOfKind("StatefulSet"), ns))
    for (let i = 0; i < (sts.spec?.replicas ?? 1); i++) pods.push(podObject(ns, sts, i));
  for (const d of list(typeOfKind("Deployment"), ns))
    for (let i = 0; i < (d.spec?.replicas ?? 1); i++) pods.push(podObject(ns, d, i));
  return pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}
/** The workload owning a pod, by the pod's name. */
function ownerOfPod(ns, podName) {
  for (const sts of list(typeOfKind("StatefulSet"), ns))
    for (let i = 0; i < (sts.spec?.replicas ?? 1); i++)
      if (`${sts.metadata.name}-${i}` === podName) return sts;
  for (const d of list(typeOfKind("Deployment"), ns))
    if (podObject(ns, d).metadata.name === podName) return d;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The backend container: the stand-in, one per StatefulSet pod, run while port-forwards use it.
const podFile = (ns, sts) => join(stateDir, "pods", ns, `${sts}.json`);
const logFile = (ns, sts) => join(stateDir, "logs", ns, `${sts}.log`);
const volumeDir = (ns, pvc) => join(stateDir, "volumes", ns, pvc);

async function withLock(path, fn) {
  const lock = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  // The holder writes its pid into the lock; a lock is taken over only when its holder is gone
  // (never after a delay: on a busy machine a live holder can take any time).
  for (;;) {
    try {
      mkdirSync(lock);
      writeAtomic(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      const holder = Number(readJson(join(lock, "pid")));
      if (holder && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      else await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The folder the stand-in keeps its data in: the pod's PVC, else an emptyDir (gone with the pod). */
function dataDirOf(ns, sts, ordinal = 0) {
  const container = sts.spec?.template?.spec?.containers?.[0] ?? {};
  const claims = (sts.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata.name);
  const mounts = (container.volumeMounts ?? []).filter((m) => claims.includes(m.name));
  const mount = mounts.find((m) => /data/.test(m.mountPath)) ?? mounts[0];
  if (mount) return { dir: volumeDir(ns, `${mount.name}-${sts.metadata.name}-${ordinal}`), persistent: true };
  return { dir: join(stateDir, "emptydir", ns, `${sts.metadata.name}-${ordinal}`), persistent: false };
}

function standInEnv(ns, sts, ports) {
  const podName = `${sts.metadata.name}-0`;
  const container = sts.spec?.template?.spec?.containers?.[0] ?? {};
  const { env, error } = resolveEnv(ns, container, podName);
  if (error) return { error };
  const data = dataDirOf(ns, sts);
  if (!data.persistent) rmSync(data.dir, { recursive: true, force: true });
  return {
    env: {
      PATH: process.env.PATH,
      HOSTNAME: podName,
      ...env,
      STANDIN_API_PORT: String(ports.api),
      STANDIN_SITE_PORT: String(ports.site),
      STANDIN_DATA: data.dir,
      STANDIN_MODE: mode(),
    },
  };
}

/**
 * A free port below the kernel's ephemeral range (as the tests' own helper picks them): a port the
 * OS picks may be taken as a source port by a parallel test's connection before the pod binds it.
 */
const freePort = async () => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    const free = await new Promise((res) => {
      const s = createServer();
      s.once("error", () => res(false));
      s.listen(port, "127.0.0.1", () => s.close(() => res(true)));
    });
    if (free) return port;
  }
  throw new Error("fake kubectl: no free port in 20000-32767");
};

/** Runs the container once, briefly, for its log (a crashing or never-ready backend under rollout). */
function runForLog(ns, sts) {
  if (existsSync(podFile(ns, sts.metadata.name))) return;
  const { env } = standInEnv(ns, sts, { api: 1, site: 1 });
  if (!env) return;
  mkdirSync(dirname(logFile(ns, sts.metadata.name)), { recursive: true });
  const out = openSync(logFile(ns, sts.metadata.name), "a");
  // The container runs to its end (crash, or "waiting" with STANDIN_ONCE): its log is then whole,
  // however slow the machine. The timeout only bounds a broken stand-in.
  spawnSync(process.execPath, [join(here, "stand-in-backend.mjs")], {
    env: { ...env, STANDIN_ONCE: "1" },
    stdio: ["ignore", out, out],
    timeout: 60_000,
  });
}

function stopPod(ns, stsName) {
  // As kubectl's delete (--wait by default) returns once the pod is gone.
  const pod = readJson(podFile(ns, stsName));
  stopProcessSync(pod?.pid, "SIGTERM");
  rmSync(podFile(ns, stsName), { force: true });
}

// ---------------------------------------------------------------------------------------------
// Commands.
const SERVER_COMMANDS = ["get", "create", "apply", "delete", "rollout", "port-forward", "logs"];
const KNOWN_COMMANDS = [
  ...SERVER_COMMANDS,
  "annotate",
  "api-resources",
  "api-versions",
  "attach",
  "auth",
  "autoscale",
  "certificate",
  "cluster-info",
  "completion",
  "config",
  "cordon",
  "cp",
  "debug",
  "describe",
  "diff",
  "drain",
  "edit",
  "events",
  "exec",
  "explain",
  "expose",
  "kustomize",
  "label",
  "patch",
  "plugin",
  "proxy",
  "replace",
  "run",
  "scale",
  "set",
  "taint",
  "top",
  "uncordon",
  "version",
  "wait",
];
const command = positional[0];
const args = positional.slice(1);
const ns = flags.namespace ?? "default";

if (command !== undefined && !KNOWN_COMMANDS.includes(command))
  die(`unknown command "${command}" for "kubectl"`);
if (command !== undefined && command !== "version" && !SERVER_COMMANDS.includes(command)) {
  console.error(`error: unknown command "${command}" for "kubectl"`);
  console.error(
    `fake kubectl: "kubectl ${command}" exists in the real kubectl; the test double does not implement it (__tests__/doubles/fake-kubectl.mjs)`,
  );
  process.exit(1);
}
if (parsed.error) {
  if (parsed.unknownFlag && command) die(`${parsed.error}\nSee 'kubectl ${command} --help' for usage.`);
  die(parsed.error);
}
if (command === undefined) notImplemented("kubectl without a command (its help)");
if (
  process.env.FAKE_KUBECTL_NO_CLUSTER &&
  (SERVER_COMMANDS.includes(command) || (command === "version" && !flags.client))
)
  exitWith([
    new KubeError({
      raw: true,
      message:
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
    }),
  ]);

switch (command) {
  case "version":
    version();
    break;
  case "create":
    createNamespace();
    break;
  case "get":
    get();
    break;
  case "apply":
    apply();
    break;
  case "rollout":
    rollout();
    break;
  case "logs":
    logs();
    break;
  case "delete":
    remove();
    break;
  case "port-forward":
    await portForward();
    break;
}

function version() {
  const gitVersion = process.env.FAKE_KUBECTL_VERSION || "v1.33.1";
  const [, major = "1", minor = "33"] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
  const info = {
    major,
    minor,
    gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-05-15T00:00:00Z",
    goVersion: "go1.24.2",
    compiler: "gc",
    platform: `${process.platform}/${arch}`,
  };
  const out = { clientVersion: info, kustomizeVersion: "v5.6.0" };
  if (!flags.client) out.serverVersion = { ...info, gitVersion: "v1.33.1", major: "1", minor: "33" };
  if (flags.output === "json") console.log(JSON.stringify(out, null, 2));
  else if (flags.output === "yaml") console.log(toYaml(out));
  else if (flags.output) die("--output must be 'yaml' or 'json'");
  else {
    console.log(`Client Version: ${info.gitVersion}\nKustomize Version: ${out.kustomizeVersion}`);
    if (out.serverVersion) console.log(`Server Version: ${out.serverVersion.gitVersion}`);
  }
  process.exit(0);
}

function createNamespace() {
  const [what, name] = args;
  if (!["namespace", "ns"].includes(what)) notImplemented(`kubectl create ${what ?? ""}`.trim());
  if (!name)
    die("exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples");
  const t = typeOfKind("Namespace");
  const invalid = validate(t, { metadata: { name } });
  if (invalid) exitWith([invalid]);
  if (namespaceExists(name))
    exitWith([new KubeError({ reason: "AlreadyExists", message: `namespaces "${name}" already exists` })]);
  save(
    t,
    namespaceObject(name, {
      uid: randomUUID(),
      resourceVersion: nextResourceVersion(),
      creationTimestamp: now(),
    }),
  );
  console.log(`namespace/${name} created`);
  process.exit(0);
}

/** `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`: [{type, name?}] plus whether names were given. */
function targets() {
  if (args.length === 0)
    throw plain(
      command === "get"
        ? "You must specify the type of resource to get."
        : "You must provide one or more resources by argument or filename.",
    );
  if (args[0].includes("/")) {
    return args.map((a) => {
      const [type, name] = a.split("/");
      return { types: [resolveType(type)], name };
    });
  }
  const types =
    args[0] === "all"
      ? ["pods", "services", "deployments", "statefulsets"].map(resolveType)
      : args[0].split(",").map(resolveType);
  const names = args.slice(1);
  if (names.length === 0) return [{ types }];
  return names.map((name) => ({ types, name }));
}

/** The objects a get or delete names: by name, or all of a type matching the selector. */
function select() {
  const reqs = parseSelector(flags.selector);
  const wanted = targets();
  if (reqs && wanted.some((w) => w.name !== undefined))
    throw plain("name cannot be provided when a selector is specified");
  const found = [];
  const errors = [];
  for (const target of wanted) {
    for (const t of target.types) {
      const where = t.namespaced ? ns : undefined;
      if (target.name !== undefined) {
        const obj = t.virtual
          ? podsIn(ns).find((p) => p.metadata.name === target.name)
          : load(t, where, target.name);
        if (obj) found.push({ t, obj });
        else if (!flags["ignore-not-found"]) errors.push(notFound(t, target.name));
      } else for (const obj of list(t, where)) if (matches(obj.metadata.labels, reqs)) found.push({ t, obj });
    }
  }
  const single = wanted.length === 1 && wanted[0].name !== undefined && wanted[0].types.length === 1;
  return { found, errors, single };
}

/** What `get -o json` shows of a stored object: with the status its controllers would report. */
function view(t, obj) {
  const out = structuredClone(obj);
  // The double's own bookkeeping (annotations named fake-kubectl/...) is not shown.
  for (const k of Object.keys(out.metadata.annotations ?? {}))
    if (k.startsWith("fake-kubectl/")) delete out.metadata.annotations[k];
  if (out.metadata.annotations && Object.keys(out.metadata.annotations).length === 0)
    delete out.metadata.annotations;
  if (t.kind === "StatefulSet" || t.kind === "Deployment") {
    const replicas = obj.spec?.replicas ?? 1;
    const ready =
      podState(obj.metadata.namespace, obj, `${obj.metadata.name}-0`).state === "running" ? replicas : 0;
    const revision = `${obj.metadata.name}-${hash(obj.spec?.template)}`;
    out.status =
      t.kind === "StatefulSet"
        ? {
            availableReplicas: ready,
            collisionCount: 0,
            currentReplicas: replicas,
            currentRevision: revision,
            observedGeneration: obj.metadata.generation,
            readyReplicas: ready,
            replicas,
            updateRevision: revision,
            updatedReplicas: replicas,
          }
        : {
            availableReplicas: ready,
            observedGeneration: obj.metadata.generation,
            readyReplicas: ready,
            replicas,
            updatedReplicas: replicas,
          };
  }
  return out;
}

function get() {
  const output = flags.output;
  if (output !== "name" && output !== "json" && output !== "yaml")
    notImplemented(
      output ? `kubectl get -o ${output}` : "kubectl get's table output (use -o name or -o json)",
    );
  let result;
  try {
    result = select();
  } catch (e) {
    if (e instanceof KubeError) exitWith([e]);
    throw e;
  }
  const { found, errors, single } = result;
  if (single && errors.length > 0) exitWith(errors);
  if (output === "name") for (const { t, obj } of found) console.log(`${kindString(t)}/${obj.metadata.name}`);
  else {
    const items = found.map(({ t, obj }) => view(t, obj));
    const value =
      single && items.length === 1
        ? items[0]
        : { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
    if (!(single && items.length === 0)) {
      if (output === "json") console.log(goJson(value));
      else process.stdout.write(toYaml(sortKeys(value)));
    }
  }
  exitWith(errors);
}

function apply() {
  if (process.env.FAKE_KUBECTL_APPLY_FAIL) {
    console.error(process.env.FAKE_KUBECTL_APPLY_FAIL);
    process.exit(1);
  }
  if (!flags.filename) die("must specify one of -f and -k");
  if (args.length > 0)
    die(`Unexpected args: [${args.join(" ")}]\nSee 'kubectl apply -h' for help and examples`);
  const source = flags.filename === "-" ? "STDIN" : flags.filename;
  let text;
  if (flags.filename === "-") text = stdin ?? "";
  else if (existsSync(flags.filename)) text = readFileSync(flags.filename, "utf8");
  else die(`the path "${flags.filename}" does not exist`);
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0)
      die(
        `error parsing ${source}: error converting YAML to JSON: yaml: ${doc.errors[0].message.split("\n")[0]}`,
      );
    const value = doc.toJS();
    if (value == null) continue;
    if (value.kind === "List" && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  if (objects.length === 0) die("no objects passed to apply");
  const errors = [];
  for (const input of objects) {
    try {
      applyOne(input, source);
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      errors.push(e);
    }
  }
  exitWith(errors);
}

function applyOne(input, source) {
  const obj = structuredClone(input);
  const name = obj.metadata?.name;
  if (!obj.kind || !obj.apiVersion)
    throw plain(
      `error validating "${source}": error validating data: ${obj.apiVersion ? "kind" : "apiVersion"} not set; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  const t = typeOfKind(obj.kind);
  if (!t || t.virtual || apiVersionOf(t) !== obj.apiVersion)
    throw plain(
      `resource mapping not found for name: "${name ?? ""}" namespace: "${obj.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
    );
  if (!name) throw plain(`error when retrieving current configuration of: resource name may not be empty`);
  let where;
  if (t.namespaced) {
    const own = obj.metadata.namespace;
    if (flags.namespace && own && own !== flags.namespace)
      throw plain(
        `the namespace from the provided object "${own}" does not match the namespace "${flags.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    where = own || ns;
    if (!namespaceExists(where)) throw notFound(typeOfKind("Namespace"), where);
    obj.metadata.namespace = where;
  } else delete obj.metadata.namespace;
  const existing = t.kind === "Namespace" ? readJson(objPath(t, undefined, name)) : load(t, where, name);
  const invalid = validate(t, obj, existing);
  if (invalid) throw invalid;

  // As the API server stores it: stringData folded into data, defaults, server-set metadata.
  if (t.kind === "Secret") {
    obj.data = { ...(obj.data ?? {}) };
    for (const [k, v] of Object.entries(obj.stringData ?? {}))
      obj.data[k] = Buffer.from(String(v)).toString("base64");
    delete obj.stringData;
    obj.type ??= "Opaque";
  }
  if (t.kind === "StatefulSet") {
    obj.spec.replicas ??= 1;
    obj.spec.podManagementPolicy ??= "OrderedReady";
    obj.spec.updateStrategy ??= { type: "RollingUpdate" };
    if (obj.spec.updateStrategy.type === "RollingUpdate")
      obj.spec.updateStrategy.rollingUpdate ??= { partition: 0 };
  }
  if (t.kind === "Deployment") obj.spec.replicas ??= 1;
  if (t.kind === "Service") {
    obj.spec ??= {};
    obj.spec.type ??= "ClusterIP";
    obj.spec.clusterIP ??=
      existing?.spec?.clusterIP ?? `10.96.${parseInt(hash(name, 2), 36) % 250}.${(name.length * 7) % 250}`;
    obj.spec.ports = (obj.spec.ports ?? []).map((p) => ({ protocol: "TCP", targetPort: p.port, ...p }));
  }
  const specChanged = JSON.stringify(sortKeys(existing?.spec)) !== JSON.stringify(sortKeys(obj.spec));
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  if (t.kind === "StatefulSet") annotations["fake-kubectl/applied-spec"] = input.spec;
  const rolled = existing?.metadata.annotations?.["fake-kubectl/rolled-out-generation"];
  if (rolled !== undefined) annotations["fake-kubectl/rolled-out-generation"] = rolled;
  obj.metadata = {
    ...obj.metadata,
    annotations,
    uid: existing?.metadata.uid ?? randomUUID(),
    creationTimestamp: existing?.metadata.creationTimestamp ?? now(),
    resourceVersion: nextResourceVersion(),
  };
  // Workloads count their spec's changes (rollout status compares it with what the controller saw).
  if (t.kind === "StatefulSet" || t.kind === "Deployment")
    obj.metadata.generation = (existing?.metadata.generation ?? 0) + (existing && !specChanged ? 0 : 1);
  if (Object.keys(annotations).length === 0) delete obj.metadata.annotations;
  if (t.kind === "Namespace") {
    const n = namespaceObject(name, obj.metadata);
    n.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
    save(t, n);
  } else save(t, obj);

  if (t.kind === "StatefulSet") {
    createClaims(obj);
    // A changed pod template replaces the running pod (a port-forward to it loses its connection).
    if (
      existing &&
      JSON.stringify(sortKeys(existing.spec?.template)) !== JSON.stringify(sortKeys(obj.spec.template))
    )
      stopPod(where, name);
  }
  const verb = flags["server-side"]
    ? "serverside-applied"
    : !existing
      ? "created"
      : specChanged || JSON.stringify(existing.data) !== JSON.stringify(obj.data)
        ? "configured"
        : "unchanged";
  console.log(`${kindString(t)}/${name} ${verb}`);
}

/** What the StatefulSet controller does for each pod: a PVC per volumeClaimTemplate, kept after. */
function createClaims(sts) {
  const t = typeOfKind("PersistentVolumeClaim");
  const where = sts.metadata.namespace;
  for (let i = 0; i < sts.spec.replicas; i++) {
    for (const template of sts.spec.volumeClaimTemplates ?? []) {
      const name = `${template.metadata.name}-${sts.metadata.name}-${i}`;
      if (load(t, where, name)) continue;
      const uid = randomUUID();
      save(t, {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name,
          namespace: where,
          uid,
          creationTimestamp: now(),
          resourceVersion: nextResourceVersion(),
          labels: { ...(template.metadata.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
          annotations: { "fake-kubectl/statefulset": sts.metadata.name },
          finalizers: ["kubernetes.io/pvc-protection"],
        },
        spec: {
          storageClassName: "standard",
          volumeMode: "Filesystem",
          ...(template.spec ?? {}),
          volumeName: `pvc-${uid}`,
        },
        status: {
          phase: "Bound",
          accessModes: template.spec?.accessModes ?? ["ReadWriteOnce"],
          capacity: { storage: template.spec?.resources?.requests?.storage ?? "1Gi" },
        },
      });
      mkdirSync(volumeDir(where, name), { recursive: true });
    }
  }
}

/** `statefulset/NAME` or `statefulset NAME`. */
function oneTarget(list) {
  const [first, second] = list;
  if (!first) return undefined;
  if (first.includes("/")) {
    const [type, name] = first.split("/");
    return { t: resolveType(type), name };
  }
  return second ? { t: resolveType(first), name: second } : undefined;
}

function rollout() {
  const [sub, ...rest] = args;
  if (sub !== "status") notImplemented(`kubectl rollout ${sub ?? ""}`.trim());
  let target;
  try {
    target = oneTarget(rest);
  } catch (e) {
    exitWith([e]);
  }
  if (!target) die("required resource not specified");
  const { t, name } = target;
  if (t.kind !== "StatefulSet" && t.kind !== "Deployment")
    die(`no status viewer has been implemented for ${t.kind}`);
  const obj = load(t, ns, name);
  if (!obj) exitWith([notFound(t, name)]);
  const replicas = obj.spec?.replicas ?? 1;
  const { state } = podState(ns, obj, `${name}-0`);
  const timeout = process.env.FAKE_KUBECTL_ROLLOUT === "timeout" || state !== "running";
  const first = obj.metadata.annotations?.["fake-kubectl/rolled-out-generation"] !== obj.metadata.generation;
  const waiting =
    t.kind === "StatefulSet"
      ? `Waiting for ${replicas} pods to be ready...`
      : `Waiting for deployment "${name}" rollout to finish: 0 of ${replicas} updated replicas are available...`;
  if (t.kind === "StatefulSet" && obj.spec?.updateStrategy?.type !== "RollingUpdate")
    die("rollout status is only available for RollingUpdate strategy type");
  if (timeout) {
    console.log(waiting);
    if (t.kind === "StatefulSet" && (state === "crash" || state === "not-ready")) runForLog(ns, obj);
    die("timed out waiting for the condition");
  }
  if (first) console.log(waiting);
  console.log(
    t.kind === "StatefulSet"
      ? `partitioned roll out complete: ${replicas} new pods have been updated...`
      : `deployment "${name}" successfully rolled out`,
  );
  obj.metadata.annotations = {
    ...(obj.metadata.annotations ?? {}),
    "fake-kubectl/rolled-out-generation": obj.metadata.generation,
  };
  save(t, obj);
  process.exit(0);
}

function logs() {
  let owner;
  let podName;
  try {
    if (args[0]?.includes("/")) {
      const target = oneTarget(args);
      if (target.t.kind === "Pod") {
        podName = target.name;
        owner = ownerOfPod(ns, podName);
        if (!owner) throw notFound(target.t, podName);
      } else if (target.t.kind === "StatefulSet" || target.t.kind === "Deployment") {
        owner = load(target.t, ns, target.name);
        if (!owner) throw notFound(target.t, target.name);
        podName = podObject(ns, owner).metadata.name;
      } else notImplemented(`kubectl logs ${args[0]}`);
    } else if (args[0]) {
      podName = args[0];
      owner = ownerOfPod(ns, podName);
      if (!owner) throw notFound(typeOfKind("Pod"), podName);
    } else
      die(
        "expected POD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
      );
  } catch (e) {
    if (e instanceof KubeError) exitWith([e]);
    throw e;
  }
  if (owner.kind !== "StatefulSet") process.exit(0); // a Deployment's container (the dashboard) logs nothing here
  const file = logFile(ns, owner.metadata.name);
  if (!existsSync(file)) {
    const container = flags.container ?? owner.spec?.template?.spec?.containers?.[0]?.name;
    const { state } = podState(ns, owner, podName);
    exitWith([
      new KubeError({
        reason: "BadRequest",
        message: `container "${container}" in pod "${podName}" is waiting to start: ${state === "config" ? "CreateContainerConfigError" : "ContainerCreating"}`,
      }),
    ]);
  }
  let lines = readFileSync(file, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const tail = Number(flags.tail ?? -1);
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  if (flags.timestamps) {
    const fallback = statSync(file).mtime.toISOString();
    lines = lines.map((line) => {
      const own = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z /.exec(line)?.[1];
      const at = own ? `${own}Z` : fallback;
      return `${at.replace(/\.(\d{3})Z$/, ".$1000000Z")} ${line}`;
    });
  }
  if (lines.length > 0) console.log(lines.join("\n"));
  process.exit(0);
}

function remove() {
  if (!flags.selector && !flags.all && !args.slice(1).length && !args[0]?.includes("/"))
    die("resource(s) were provided, but no name was specified");
  let result;
  try {
    result = select();
  } catch (e) {
    if (e instanceof KubeError) exitWith([e]);
    throw e;
  }
  const { found, errors } = result;
  for (const { t, obj } of found) {
    if (t.virtual) {
      // A StatefulSet's pod: its container stops, and the controller makes it again from the
      // current template (here: the next port-forward starts a new stand-in).
      stopPod(obj.metadata.namespace ?? ns, obj.metadata.name.replace(/-\d+$/, ""));
      appendFileSync(join(stateDir, "pod-deletions.log"), `${obj.metadata.name}\n`);
    } else deleteObject(t, obj);
    console.log(`${kindString(t)} "${obj.metadata.name}" deleted`);
  }
  if (found.length === 0 && errors.length === 0) console.log("No resources found");
  exitWith(errors);
}

function deleteObject(t, obj) {
  const where = obj.metadata.namespace;
  if (t.kind === "Namespace") {
    const dir = join(objectsRoot, obj.metadata.name);
    for (const file of existsSync(join(dir, "statefulset")) ? readdirSync(join(dir, "statefulset")) : [])
      stopPod(obj.metadata.name, file.replace(/\.json$/, ""));
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(stateDir, "volumes", obj.metadata.name), { recursive: true, force: true });
    rmSync(objPath(t, undefined, obj.metadata.name), { force: true });
    return;
  }
  rmSync(objPath(t, where, obj.metadata.name), { force: true });
  if (t.kind === "StatefulSet") {
    stopPod(where, obj.metadata.name);
    // The PVCs stay (Retain, the default) unless the StatefulSet asks for them to go with it.
    if (obj.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete") {
      const pvcT = typeOfKind("PersistentVolumeClaim");
      for (const pvc of list(pvcT, where))
        if (pvc.metadata.annotations?.["fake-kubectl/statefulset"] === obj.metadata.name)
          deleteObject(pvcT, pvc);
    }
  }
  if (t.kind === "PersistentVolumeClaim")
    rmSync(volumeDir(where, obj.metadata.name), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// port-forward: listens on the local ports (after the backend's pod is up, as after a rollout) and
// forwards each connection to the stand-in running as the pod's container.
async function portForward() {
  const [resource, ...portArgs] = args;
  if (!resource || portArgs.length === 0)
    die(
      "TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
    );
  let type = typeOfKind("Pod");
  let name = resource;
  if (resource.includes("/")) {
    try {
      type = resolveType(resource.split("/")[0]);
    } catch (e) {
      exitWith([e]);
    }
    name = resource.split("/")[1];
  }
  // The pod behind the resource.
  let owner;
  let service;
  if (type.kind === "Service") {
    service = load(type, ns, name);
    if (!service) exitWith([notFound(type, name)]);
    const selector = service.spec?.selector ?? {};
    owner = [...list(typeOfKind("StatefulSet"), ns), ...list(typeOfKind("Deployment"), ns)].find((w) =>
      selectorMatches(selector, w.spec?.template?.metadata?.labels),
    );
    // kubectl waits --pod-running-timeout (1m) for a pod; the double does not wait.
    if (!owner) die("timed out waiting for the condition");
  } else if (type.kind === "StatefulSet" || type.kind === "Deployment") {
    owner = load(type, ns, name);
    if (!owner) exitWith([notFound(type, name)]);
  } else if (type.kind === "Pod") {
    owner = ownerOfPod(ns, name);
    if (!owner) exitWith([notFound(type, name)]);
  } else die(`cannot attach to *v1.${type.kind}: selector for *v1.${type.kind} not implemented`);
  const pod = podObject(ns, owner);
  if (pod.status.phase !== "Running")
    die(`unable to forward port because pod is not running. Current status=${pod.status.phase}`);
  const containerPortByName = (portName) => {
    for (const c of owner.spec?.template?.spec?.containers ?? [])
      for (const p of c.ports ?? []) if (p.name === portName) return p.containerPort;
    die(`Pod '${pod.metadata.name}' does not have a named port '${portName}'`);
  };

  // Ports: LOCAL:REMOTE, REMOTE, :REMOTE; a Service's port becomes its target (container) port.
  const ports = portArgs.map((spec) => {
    const [localText, remoteText] = spec.includes(":") ? spec.split(":") : [spec, spec];
    if (!remoteText) die("remote port cannot be empty");
    let remote = Number(remoteText);
    if (service) {
      const sp = Number.isNaN(remote)
        ? service.spec.ports.find((p) => p.name === remoteText)
        : service.spec.ports.find((p) => p.port === remote);
      if (!sp)
        die(
          Number.isNaN(remote)
            ? `Service '${name}' does not have a named port '${remoteText}'`
            : `Service ${name} does not have a service port ${remote}`,
        );
      const target = sp.targetPort ?? sp.port;
      remote =
        typeof target === "number" || /^\d+$/.test(target) ? Number(target) : containerPortByName(target);
    } else if (Number.isNaN(remote)) remote = containerPortByName(remoteText);
    const local = localText === "" ? 0 : Number(localText);
    if (Number.isNaN(local))
      die(
        `error parsing local port '${localText}': strconv.ParseUint: parsing "${localText}": invalid syntax`,
      );
    return { local, remote };
  });
  const addresses = [];
  for (const a of (flags.address ?? "localhost").split(",").map((s) => s.trim())) {
    if (a === "localhost") {
      addresses.push(
        { host: "127.0.0.1", proto: "tcp4", mode: "all" },
        { host: "::1", proto: "tcp6", mode: "all" },
      );
    } else if (/^\d+\.\d+\.\d+\.\d+$/.test(a)) addresses.push({ host: a, proto: "tcp4", mode: "any" });
    else if (a.includes(":")) addresses.push({ host: a, proto: "tcp6", mode: "any" });
    else die(`${a} is not a valid IP`);
  }
  addresses.sort((a, b) => (a.host < b.host ? -1 : 1));

  // The pod's container: a StatefulSet's runs the stand-in (one per pod, shared by port-forwards).
  const stsName = owner.kind === "StatefulSet" ? owner.metadata.name : undefined;
  let podPorts = {};
  if (stsName) {
    const started = await withLock(podFile(ns, stsName), async () => {
      const running = readJson(podFile(ns, stsName));
      if (running && alive(running.pid)) {
        running.forwarders = [...running.forwarders.filter(alive), process.pid];
        writeAtomic(podFile(ns, stsName), JSON.stringify(running));
        return running;
      }
      const standInPorts = { api: await freePort(), site: await freePort() };
      // (A container whose environment cannot be built never starts: its pod is Pending, refused above.)
      const { env } = standInEnv(ns, owner, standInPorts);
      mkdirSync(dirname(logFile(ns, stsName)), { recursive: true });
      const offset = existsSync(logFile(ns, stsName)) ? statSync(logFile(ns, stsName)).size : 0;
      const out = openSync(logFile(ns, stsName), "a");
      const child = spawn(process.execPath, [join(here, "stand-in-backend.mjs")], {
        detached: true,
        stdio: ["ignore", out, out],
        env,
      });
      child.unref();
      const record = { uid: randomUUID(), pid: child.pid, ...standInPorts, forwarders: [process.pid] };
      writeAtomic(podFile(ns, stsName), JSON.stringify(record));
      // Wait until it listens (the rollout the real flow waits for has made the pod ready), crashed,
      // or said it never will.
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        const log = readFileSync(logFile(ns, stsName), "utf8").slice(offset);
        if (log.includes(`api on ${standInPorts.api}`) && log.includes(`site proxy on ${standInPorts.site}`))
          break;
        if (log.includes("waiting for the database forever") || !alive(child.pid)) break;
        await sleep(50);
      }
      return record;
    });
    podPorts = { 3210: started.api, 3211: started.site, uid: started.uid };
  }

  // Listen as kubectl does: per port, on each address; a port fails as a whole on the rules of
  // its addresses' failure modes; the command fails when no port listens.
  const servers = [];
  const announced = [];
  let listening = 0;
  let stopping = false;
  const goError = (e, proto, host, port) => {
    const reason =
      {
        EADDRINUSE: "address already in use",
        EADDRNOTAVAIL: "cannot assign requested address",
        EACCES: "permission denied",
      }[e.code] ?? e.message;
    const hostPort = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    return `unable to create listener: Error listen ${proto} ${hostPort}: bind: ${reason}`;
  };
  for (const port of ports) {
    const errors = [];
    let okAll = 0;
    let failAll = 0;
    let failAny = 0;
    const opened = [];
    for (const a of addresses) {
      const server = createServer((socket) => handle(socket, port));
      const result = await new Promise((res) => {
        server.once("error", (e) => res(e));
        server.listen(port.local, a.host, () => res(undefined));
      });
      if (result) {
        errors.push(goError(result, a.proto, a.host, port.local));
        if (a.mode === "all") failAll++;
        else failAny++;
        continue;
      }
      if (a.mode === "all") okAll++;
      const actual = server.address().port;
      if (port.local === 0) port.local = actual;
      opened.push(server);
      const hostPort = a.host.includes(":") ? `[${a.host}]:${actual}` : `${a.host}:${actual}`;
      announced.push(`Forwarding from ${hostPort} -> ${port.remote}`);
    }
    if ((okAll === 0 && failAll > 0) || failAny > 0) {
      for (const s of opened) s.close();
      console.error(
        `Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(" ")}]`,
      );
    } else {
      servers.push(...opened);
      listening++;
    }
  }
  if (listening === 0) {
    await stop();
    die(
      `unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(" ")}]`,
    );
  }
  // The pid file is written atomically (a reader never sees it half written); it and the signal
  // handlers below exist before the "Forwarding from" lines announce the forward, so a client that
  // acts on those lines finds everything they stand for already true.
  writeAtomic(join(stateDir, "port-forward.pid"), String(process.pid));

  async function stop() {
    if (stopping) return;
    stopping = true;
    for (const s of servers) s.close();
    if (stsName)
      await withLock(podFile(ns, stsName), async () => {
        const running = readJson(podFile(ns, stsName));
        if (!running || running.uid !== podPorts.uid) return;
        running.forwarders = running.forwarders.filter((p) => p !== process.pid && alive(p));
        if (running.forwarders.length > 0) {
          writeAtomic(podFile(ns, stsName), JSON.stringify(running));
          return;
        }
        await stopProcess(running.pid, "SIGTERM");
        rmSync(podFile(ns, stsName), { force: true });
      });
    const pidFile = join(stateDir, "port-forward.pid");
    if (existsSync(pidFile) && readFileSync(pidFile, "utf8") === String(process.pid)) rmSync(pidFile);
  }
  let lost = false;
  async function lostConnection() {
    if (lost) return;
    lost = true;
    await stop();
    console.error("error: lost connection to pod");
    process.exit(1);
  }
  function handle(socket, port) {
    console.log(`Handling connection for ${port.local}`);
    const current = stsName ? readJson(podFile(ns, stsName)) : undefined;
    const target = current && current.uid === podPorts.uid ? podPorts[port.remote] : undefined;
    const refused = () => {
      socket.destroy();
      const at = new Date();
      const stamp = `E${String(at.getMonth() + 1).padStart(2, "0")}${String(at.getDate()).padStart(2, "0")} ${at.toISOString().slice(11, 23)}000`;
      console.error(
        `${stamp} ${String(process.pid).padStart(7)} portforward.go:424] "Unhandled Error" err="an error occurred forwarding ${port.local} -> ${port.remote}: error forwarding port ${port.remote} to pod ${hash(pod.metadata.uid, 32)}, uid : failed to execute portforward in network namespace \\"/var/run/netns/cni-${pod.metadata.uid}\\": failed to connect to localhost:${port.remote} inside namespace \\"${hash(pod.metadata.uid, 32)}\\", IPv4: dial tcp4 127.0.0.1:${port.remote}: connect: connection refused IPv6 dial tcp6 [::1]:${port.remote}: connect: connection refused "`,
      );
      lostConnection();
    };
    if (!target) return refused();
    const upstream = connect(target, "127.0.0.1");
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    upstream.on("error", () => (connected ? socket.destroy() : refused()));
    socket.on("error", () => upstream.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  }

  // The pod deleted or replaced (delete, a new template): kubectl loses its stream and exits.
  if (stsName)
    setInterval(() => {
      const current = readJson(podFile(ns, stsName));
      if (!stopping && (!current || current.uid !== podPorts.uid)) lostConnection();
    }, 200);
  // kubectl handles only SIGINT (exit 0); SIGTERM kills it. Either way the double stops the
  // stand-in when no other port-forward uses it (a real pod outlives the command; the double's
  // container lives as long as something forwards to it).
  process.on("SIGINT", async () => {
    await stop();
    process.exit(0);
  });
  process.on("SIGTERM", async () => {
    await stop();
    process.removeAllListeners("SIGTERM");
    process.kill(process.pid, "SIGTERM");
  });
  // Only now: every listener is open, the pid file written, the handlers installed.
  for (const line of announced) console.log(line);
}
