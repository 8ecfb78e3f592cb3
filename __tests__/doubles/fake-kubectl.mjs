#!/usr/bin/env node
// TEST DOUBLE: a fake `kubectl` for the contract of the kubectl adapter (src/adapters/kubectl.ts:
// the argv it runs, the outputs it reads, the failures it explains) and for the few end-to-end runs
// of the CLI and the bundle with target kubernetes (see README.md in this folder). The flows of
// target kubernetes are tested in process (__tests__/targets/kubernetes.test.ts); the real cluster
// in .github/workflows/e2e.yml. It answers the commands the adapter runs with kubectl v1.33's own
// texts and exit codes; a command, flag or output it does not know fails (exit 1) and says so.
//
// State in $FAKE_KUBECTL_STATE: namespaces/<ns>, objects/<ns>/<type>/<name>.json, volumes/<ns>/<pvc>
// (a claim's data), logs/<ns>/<sts>.log, pods/<ns>/<sts>.json (the stand-in running as a
// StatefulSet's pod: its pid, ports and the port-forwards using it), port-forward.pid (the latest),
// calls.jsonl (each call's argv, cwd, KUBECONFIG and stdin length).
// Environment: FAKE_KUBECTL_APPLY_FAIL=<stderr> (apply fails with it), FAKE_KUBECTL_ROLLOUT=timeout,
// FAKE_KUBECTL_NO_CLUSTER (every command that needs the API server fails as with no cluster),
// FAKE_KUBECTL_VERSION (the client's gitVersion, default v1.33.1).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { alive, sleep, stopProcess, stopProcessSync } from "./processes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const stateDir = process.env.FAKE_KUBECTL_STATE;
if (!stateDir) {
  console.error("fake kubectl: FAKE_KUBECTL_STATE is not set");
  process.exit(2);
}
mkdirSync(stateDir, { recursive: true });

// ---- the command line, parsed as pflag does: flags anywhere, --flag value, --flag=value, -n value
const VALUE_FLAGS = {
  "-n": "namespace",
  "--namespace": "namespace",
  "-f": "filename",
  "-o": "output",
  "-l": "selector",
  "--field-manager": "field-manager",
  "--timeout": "timeout",
  "--address": "address",
  "--tail": "tail",
};
const BOOL_FLAGS = ["server-side", "ignore-not-found", "all-containers", "timestamps", "client", "wait"];
const flags = {};
const positional = [];
let badFlag;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith("-") || a === "-") {
    positional.push(a);
    continue;
  }
  const long = a.startsWith("--");
  const eq = a.indexOf("=");
  const name = long ? (eq > 0 ? a.slice(0, eq) : a) : a.slice(0, 2);
  const inline = long
    ? eq > 0
      ? a.slice(eq + 1)
      : undefined
    : a.length > 2
      ? a.slice(2).replace(/^=/, "")
      : undefined;
  if (VALUE_FLAGS[name]) flags[VALUE_FLAGS[name]] = inline ?? argv[++i];
  else if (long && BOOL_FLAGS.includes(name.slice(2))) flags[name.slice(2)] = inline !== "false";
  else badFlag ??= long ? `unknown flag: ${name}` : `unknown shorthand flag: '${name.slice(1)}' in ${a}`;
}
const stdin = flags.filename === "-" ? readFileSync(0, "utf8") : null;
appendFileSync(
  join(stateDir, "calls.jsonl"),
  `${JSON.stringify({
    argv,
    cwd: process.cwd(),
    env: { KUBECONFIG: process.env.KUBECONFIG ?? null },
    stdinLength: stdin === null ? null : Buffer.byteLength(stdin),
  })}\n`,
);
const [command, ...args] = positional;
const ns = flags.namespace ?? "default";

/** Prints kubectl's error lines (stderr) and exits 1. */
function fail(...lines) {
  console.error(lines.join("\n"));
  process.exit(1);
}
const notImplemented = (what) =>
  fail(`fake kubectl: ${what} is not implemented by the test double (__tests__/doubles/fake-kubectl.mjs)`);

// ---- resource types
const TYPES = {
  namespace: { kind: "Namespace", plural: "namespaces", short: "ns" },
  secret: { kind: "Secret", plural: "secrets" },
  service: { kind: "Service", plural: "services", short: "svc" },
  persistentvolumeclaim: { kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", short: "pvc" },
  statefulset: { kind: "StatefulSet", plural: "statefulsets", group: "apps", short: "sts" },
  deployment: { kind: "Deployment", plural: "deployments", group: "apps", short: "deploy" },
  ingress: { kind: "Ingress", plural: "ingresses", group: "networking.k8s.io", short: "ing" },
  // network-policy: true (stored and removed like any object; no traffic is filtered here).
  networkpolicy: {
    kind: "NetworkPolicy",
    plural: "networkpolicies",
    group: "networking.k8s.io",
    short: "netpol",
  },
  pod: { kind: "Pod", plural: "pods", short: "po" },
};
for (const [key, t] of Object.entries(TYPES)) {
  t.key = key;
  /** As kubectl prints a type in `-o name` and `deleted` lines: statefulset.apps. */
  t.name = t.group ? `${key}.${t.group}` : key;
  /** As the API server names it in errors: statefulsets.apps. */
  t.resource = t.group ? `${t.plural}.${t.group}` : t.plural;
}
const typeOfKind = (kind) => Object.values(TYPES).find((t) => t.kind === kind);
function resolveType(token) {
  const [word, group] = token.toLowerCase().split(/\.(.*)/);
  const t = Object.values(TYPES).find(
    (t) => [t.key, t.plural, t.short].includes(word) && (!group || group === t.group),
  );
  if (!t) fail(`error: the server doesn't have a resource type "${token}"`);
  return t;
}
const notFound = (t, name) => `Error from server (NotFound): ${t.resource} "${name}" not found`;

// ---- the store (each file replaced atomically: the double's processes read each other's files)
const objPath = (t, where, name) => join(stateDir, "objects", where, t.key, `${name}.json`);
const nsPath = (name) => join(stateDir, "namespaces", name);
const podFile = (where, sts) => join(stateDir, "pods", where, `${sts}.json`);
const logFile = (where, sts) => join(stateDir, "logs", where, `${sts}.log`);
const volumeDir = (where, pvc) => join(stateDir, "volumes", where, pvc);
function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
};
const namespaceExists = (name) => name === "default" || existsSync(nsPath(name));
const load = (t, where, name) => readJson(objPath(t, where, name));
const save = (t, obj) =>
  writeAtomic(objPath(t, obj.metadata.namespace, obj.metadata.name), JSON.stringify(obj));
function list(t, where) {
  if (t.kind === "Pod") return pods(where);
  const dir = dirname(objPath(t, where, "x"));
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
  return files.map((f) => readJson(join(dir, f))).filter(Boolean);
}
const matches = (labels = {}, selector = "") =>
  selector
    .split(",")
    .filter(Boolean)
    .every((req) => {
      const [k, v] = req.split("=");
      return labels[k] === v;
    });
const selects = (selector = {}, labels = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The pods the workloads' controllers run (one each; the dashboard's never starts here). */
function pods(where) {
  const workloads = [...list(TYPES.statefulset, where), ...list(TYPES.deployment, where)];
  return workloads.map((w) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: w.kind === "StatefulSet" ? `${w.metadata.name}-0` : `${w.metadata.name}-5d8f9c7b6d-x2x7q`,
      namespace: where,
      labels: w.spec.template.metadata.labels,
    },
    status: {
      phase: "Running",
      containerStatuses: [
        { name: w.spec.template.spec.containers[0].name, ready: true, state: { running: {} } },
      ],
    },
  }));
}

// ---- commands
const SERVER_COMMANDS = ["get", "create", "apply", "delete", "rollout", "port-forward", "logs", "set"];
if (command === undefined) notImplemented("kubectl without a command");
if (command !== "version" && !SERVER_COMMANDS.includes(command))
  fail(`error: unknown command "${command}" for "kubectl"`);
if (badFlag) fail(`error: ${badFlag}`, `See 'kubectl ${command} --help' for usage.`);
if (process.env.FAKE_KUBECTL_NO_CLUSTER && (SERVER_COMMANDS.includes(command) || !flags.client))
  fail("The connection to the server localhost:8080 was refused - did you specify the right host or port?");

const commands = {
  version,
  create,
  get,
  apply,
  rollout,
  logs,
  set,
  delete: remove,
  "port-forward": portForward,
};
await commands[command]();
// (a port-forward runs until it is stopped or loses its pod)
if (command !== "port-forward") process.exit(0);

function version() {
  if (!flags.client || flags.output !== "json") notImplemented("kubectl version without --client -o json");
  const gitVersion = process.env.FAKE_KUBECTL_VERSION || "v1.33.1";
  const [, major, minor] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
  const clientVersion = {
    major,
    minor,
    gitVersion,
    gitTreeState: "clean",
    goVersion: "go1.24.2",
    compiler: "gc",
  };
  console.log(JSON.stringify({ clientVersion, kustomizeVersion: "v5.6.0" }, null, 2));
}

function create() {
  const [what, name] = args;
  if (what !== "namespace") notImplemented(`kubectl create ${what}`);
  if (namespaceExists(name)) fail(`Error from server (AlreadyExists): namespaces "${name}" already exists`);
  writeAtomic(nsPath(name), "");
  console.log(`namespace/${name} created`);
}

/** `TYPE[,TYPE] [NAME]` or `TYPE/NAME`: the objects found, and the errors for names not found. */
function select() {
  const [types, name] = args[0].includes("/") ? args[0].split("/") : [args[0], args[1]];
  const found = [];
  const errors = [];
  for (const t of types.split(",").map(resolveType)) {
    if (t.kind === "Namespace") {
      if (namespaceExists(name)) found.push({ t, obj: { metadata: { name } } });
      else errors.push(notFound(t, name));
    } else if (name !== undefined) {
      const obj = t.kind === "Pod" ? pods(ns).find((p) => p.metadata.name === name) : load(t, ns, name);
      if (obj) found.push({ t, obj });
      else if (!flags["ignore-not-found"]) errors.push(notFound(t, name));
    } else
      for (const obj of list(t, ns).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)))
        if (matches(obj.metadata.labels, flags.selector)) found.push({ t, obj });
  }
  return { found, errors, single: name !== undefined };
}

function get() {
  if (flags.output !== "name" && flags.output !== "json") notImplemented(`kubectl get -o ${flags.output}`);
  const { found, errors, single } = select();
  if (errors.length) fail(...errors);
  if (flags.output === "name") for (const { t, obj } of found) console.log(`${t.name}/${obj.metadata.name}`);
  else if (single) for (const { obj } of found) console.log(JSON.stringify(obj, null, 4));
  else
    console.log(JSON.stringify({ apiVersion: "v1", items: found.map((f) => f.obj), kind: "List" }, null, 4));
}

function apply() {
  if (!flags["server-side"] || flags.filename !== "-")
    notImplemented("kubectl apply without --server-side -f -");
  if (process.env.FAKE_KUBECTL_APPLY_FAIL) fail(process.env.FAKE_KUBECTL_APPLY_FAIL);
  const errors = [];
  for (const doc of parseAllDocuments(stdin)) {
    const obj = doc.toJS();
    if (!obj) continue;
    const t = typeOfKind(obj.kind);
    const { name, namespace = ns } = obj.metadata;
    if (flags.namespace && namespace !== flags.namespace) {
      errors.push(
        `error: the namespace from the provided object "${namespace}" does not match the namespace "${flags.namespace}". You must pass '--namespace=${namespace}' to perform this operation.`,
      );
      continue;
    }
    if (!namespaceExists(namespace)) {
      errors.push(notFound(TYPES.namespace, namespace));
      continue;
    }
    const existing = load(t, namespace, name);
    // The API server: a StatefulSet's volumeClaimTemplates never change once made.
    const claims = (o) => JSON.stringify(o?.spec?.volumeClaimTemplates);
    if (t.kind === "StatefulSet" && existing && claims(existing) !== claims(obj)) {
      errors.push(
        `The StatefulSet "${name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
      );
      continue;
    }
    obj.metadata.namespace = namespace;
    if (t.kind === "Secret") {
      // As stored: stringData folded into data (base64).
      obj.data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData ?? {}))
        obj.data[k] = Buffer.from(String(v)).toString("base64");
      delete obj.stringData;
    }
    save(t, obj);
    // The StatefulSet controller's claim for pod 0: the template's labels plus the selector's.
    if (t.kind === "StatefulSet")
      for (const c of obj.spec.volumeClaimTemplates ?? []) {
        const claim = `${c.metadata.name}-${name}-0`;
        if (load(TYPES.persistentvolumeclaim, namespace, claim)) continue;
        save(TYPES.persistentvolumeclaim, {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          metadata: {
            name: claim,
            namespace,
            labels: { ...c.metadata.labels, ...obj.spec.selector.matchLabels },
          },
          spec: c.spec,
        });
        mkdirSync(volumeDir(namespace, claim), { recursive: true });
      }
    console.log(`${t.name}/${name} serverside-applied`);
  }
  if (errors.length) fail(...errors);
}

/** `set image TYPE/NAME CONTAINER=IMAGE...`: a new template; a StatefulSet's pod is replaced. */
function set() {
  const [sub, resource, ...pairs] = args;
  if (sub !== "image" || !resource?.includes("/")) notImplemented(`kubectl set ${args.join(" ")}`);
  const [type, name] = resource.split("/");
  const t = resolveType(type);
  const obj = load(t, ns, name);
  if (!obj) fail(notFound(t, name));
  for (const pair of pairs) {
    const [container, image] = pair.split("=");
    const c = obj.spec.template.spec.containers.find((x) => x.name === container);
    if (!c) fail(`error: unable to find container named "${container}"`);
    c.image = image;
  }
  save(t, obj);
  // The controller replaces the pod: its container stops (a new one starts with the next port-forward).
  if (t.kind === "StatefulSet") stopPod(ns, name);
  console.log(`${t.name}/${name} image updated`);
}

function rollout() {
  const [sub, resource] = args;
  if (sub !== "status" || !resource?.includes("/")) notImplemented(`kubectl rollout ${args.join(" ")}`);
  const [type, name] = resource.split("/");
  const t = resolveType(type);
  if (!load(t, ns, name)) fail(notFound(t, name));
  if (process.env.FAKE_KUBECTL_ROLLOUT === "timeout") {
    console.log("Waiting for 1 pods to be ready...");
    fail("error: timed out waiting for the condition");
  }
  console.log(
    t.kind === "StatefulSet"
      ? "partitioned roll out complete: 1 new pods have been updated..."
      : `deployment "${name}" successfully rolled out`,
  );
}

function logs() {
  const [type, name] = (args[0] ?? "").split("/");
  const t = resolveType(type);
  if (t.kind !== "StatefulSet") notImplemented(`kubectl logs ${args[0]}`);
  if (!load(t, ns, name)) fail(notFound(t, name));
  // The container's log exists once a port-forward has run it.
  if (!existsSync(logFile(ns, name)))
    fail(
      `Error from server (BadRequest): container "backend" in pod "${name}-0" is waiting to start: ContainerCreating`,
    );
  let lines = readFileSync(logFile(ns, name), "utf8").trimEnd().split("\n");
  if (flags.tail !== undefined) lines = lines.slice(-Number(flags.tail));
  // --timestamps: the stand-in stamps its lines itself (milliseconds); kubectl prints nanoseconds.
  if (flags.timestamps) lines = lines.map((l) => l.replace(/^(\S+\.\d{3})Z /, "$1000000Z "));
  if (lines.length) console.log(lines.join("\n"));
}

function remove() {
  const { found, errors } = select();
  for (const { t, obj } of found) {
    const where = obj.metadata.namespace ?? ns;
    if (t.kind === "Pod") {
      // The controller makes it again at once: its container stops (a new one starts with the next port-forward).
      stopPod(where, obj.metadata.name.replace(/-0$/, ""));
    } else {
      rmSync(objPath(t, where, obj.metadata.name), { force: true });
      if (t.kind === "StatefulSet") stopPod(where, obj.metadata.name);
      if (t.kind === "PersistentVolumeClaim")
        rmSync(volumeDir(where, obj.metadata.name), { recursive: true, force: true });
    }
    console.log(`${t.name} "${obj.metadata.name}" deleted`);
  }
  if (found.length === 0 && errors.length === 0) console.log("No resources found");
  if (errors.length) fail(...errors);
}

/** As kubectl's delete returns once the pod is gone: its container (the stand-in) has ended. */
function stopPod(where, sts) {
  stopProcessSync(readJson(podFile(where, sts))?.pid, "SIGTERM");
  rmSync(podFile(where, sts), { force: true });
}

// ---- port-forward: listens on the local ports and forwards each connection to the stand-in
// running as the StatefulSet's pod (one per pod, shared by port-forwards, stopped with the last).
async function portForward() {
  const [resource, ...portArgs] = args;
  const [type, name] = resource.split("/");
  if (resolveType(type).kind !== "Service" || flags.address !== "127.0.0.1")
    notImplemented("kubectl port-forward other than to service/NAME on --address 127.0.0.1");
  const service = load(TYPES.service, ns, name);
  if (!service) fail(notFound(TYPES.service, name));
  const owner = list(TYPES.statefulset, ns).find((s) =>
    selects(service.spec.selector, s.spec.template.metadata.labels),
  );
  // kubectl waits --pod-running-timeout for a pod; the double does not.
  if (!owner) fail("error: timed out waiting for the condition");
  const container = owner.spec.template.spec.containers[0];
  // LOCAL:REMOTE, a Service's port (by number or name) resolved to the container's port.
  const ports = portArgs.map((spec) => {
    const [local, remote] = spec.split(":");
    const sp = service.spec.ports.find((p) => String(p.port) === remote || p.name === remote);
    if (!sp) fail(`error: Service ${name} does not have a service port ${remote}`);
    const target = sp.targetPort ?? sp.port;
    const containerPort =
      typeof target === "number" ? target : container.ports.find((p) => p.name === target)?.containerPort;
    return { local: Number(local), remote: containerPort };
  });

  const sts = owner.metadata.name;
  const pod = await withLock(podFile(ns, sts), async () => {
    const running = readJson(podFile(ns, sts));
    if (running && alive(running.pid)) {
      running.forwarders = [...running.forwarders.filter(alive), process.pid];
      writeAtomic(podFile(ns, sts), JSON.stringify(running));
      return running;
    }
    return startContainer(owner, container);
  });

  let stopping = false;
  const servers = [];
  const failures = [];
  for (const port of ports) {
    const server = createServer((socket) => handle(socket, port));
    const error = await new Promise((res) => {
      server.once("error", res);
      server.listen(port.local, "127.0.0.1", () => res(undefined));
    });
    if (!error) servers.push(server);
    else
      failures.push(
        `Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${port.local}: bind: ${error.code === "EADDRINUSE" ? "address already in use" : error.message}]`,
      );
  }
  if (failures.length) console.error(failures.join("\n"));
  if (servers.length === 0) {
    await stop();
    fail(
      `error: unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(" ")}]`,
    );
  }

  async function stop() {
    if (stopping) return;
    stopping = true;
    for (const s of servers) s.close();
    await withLock(podFile(ns, sts), async () => {
      const running = readJson(podFile(ns, sts));
      if (running?.uid !== pod.uid) return;
      running.forwarders = running.forwarders.filter((p) => p !== process.pid && alive(p));
      if (running.forwarders.length > 0) return writeAtomic(podFile(ns, sts), JSON.stringify(running));
      await stopProcess(running.pid, "SIGTERM");
      rmSync(podFile(ns, sts), { force: true });
    });
    const pidFile = join(stateDir, "port-forward.pid");
    if (readJson(pidFile) === process.pid) rmSync(pidFile);
  }
  async function lostConnection() {
    await stop();
    console.error("error: lost connection to pod");
    process.exit(1);
  }
  function handle(socket, port) {
    console.log(`Handling connection for ${port.local}`);
    const upstream = connect(pod.ports[port.remote], "127.0.0.1");
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    upstream.on("error", () => {
      socket.destroy();
      if (!connected) lostConnection();
    });
    socket.on("error", () => upstream.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  }
  // The pod deleted (its container stopped): kubectl loses its stream and exits.
  setInterval(() => {
    if (!stopping && readJson(podFile(ns, sts))?.uid !== pod.uid) lostConnection();
  }, 200);
  // kubectl handles SIGINT (exit 0); SIGTERM kills it (the double still stops its container).
  process.on("SIGINT", () => stop().then(() => process.exit(0)));
  process.on("SIGTERM", () =>
    stop().then(() => {
      process.removeAllListeners("SIGTERM");
      process.kill(process.pid, "SIGTERM");
    }),
  );
  // Everything the "Forwarding from" lines stand for is true before they are printed: the ports
  // listen, the handlers are installed, the pid file is written (atomically).
  writeAtomic(join(stateDir, "port-forward.pid"), String(process.pid));
  for (const p of ports) console.log(`Forwarding from 127.0.0.1:${p.local} -> ${p.remote}`);
}

/** Starts the stand-in as the pod's container, with the env the kubelet builds; returns once it listens. */
async function startContainer(owner, container) {
  const sts = owner.metadata.name;
  const where = owner.metadata.namespace;
  const env = {};
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (!ref) env[e.name] = e.value ?? "";
    else {
      const value = load(TYPES.secret, where, ref.name)?.data?.[ref.key];
      if (value !== undefined) env[e.name] = Buffer.from(value, "base64").toString("utf8");
    }
  }
  const claim = owner.spec.volumeClaimTemplates?.[0]?.metadata.name;
  const data = claim ? volumeDir(where, `${claim}-${sts}-0`) : join(stateDir, "emptydir", where, sts);
  const ports = { 3210: await freePort(), 3211: await freePort() };
  mkdirSync(dirname(logFile(where, sts)), { recursive: true });
  const out = openSync(logFile(where, sts), "a");
  const child = spawn(process.execPath, [join(here, "stand-in-backend.mjs")], {
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      PATH: process.env.PATH,
      ...env,
      STANDIN_API_PORT: String(ports[3210]),
      STANDIN_SITE_PORT: String(ports[3211]),
      STANDIN_DATA: data,
      STANDIN_IMAGE: String(container.image ?? ""),
    },
  });
  child.unref();
  const pod = { uid: randomUUID(), pid: child.pid, ports, forwarders: [process.pid] };
  writeAtomic(podFile(where, sts), JSON.stringify(pod));
  // Ready (the rollout the real flow waited for): both ports accept a connection.
  const accepts = (port) =>
    new Promise((res) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.end();
        res(true);
      });
      s.once("error", () => res(false));
    });
  while (alive(child.pid) && !((await accepts(ports[3210])) && (await accepts(ports[3211])))) await sleep(20);
  return pod;
}

/** A free port below the kernel's ephemeral range (as the tests' own helper picks them). */
async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    const free = await new Promise((res) => {
      const s = createServer();
      s.once("error", () => res(false));
      s.listen(port, "127.0.0.1", () => s.close(() => res(true)));
    });
    if (free) return port;
  }
}

/** One holder at a time (a mkdir lock holding its pid; taken over only when its holder is gone). */
async function withLock(path, fn) {
  const lock = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeAtomic(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      const holder = readJson(join(lock, "pid"));
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
