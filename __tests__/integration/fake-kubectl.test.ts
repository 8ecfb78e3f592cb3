/**
 * The fake kubectl (__tests__/doubles/fake-kubectl.mjs), driven directly as the project's kubectl
 * adapter drives it: on PATH as `kubectl`, state in a temporary folder. What it must answer is
 * kubectl v1.33's own output (see the README of the doubles), so target: kubernetes is tested
 * against the real command's texts and exit codes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deriveAdminKey } from "../../src/core/admin-key.js";
import { freePort, ROOT, type RunResult } from "../helpers/sandbox.js";

const SECRET = "cd".repeat(32);
const NS = "previews";

class Cluster {
  readonly root = mkdtempSync(join(tmpdir(), "fake-kubectl-"));
  readonly bin = join(this.root, "bin");
  readonly state = join(this.root, "state");
  readonly kubeconfig = join(this.root, "kubeconfig");
  readonly children: ChildProcess[] = [];

  constructor() {
    mkdirSync(this.bin);
    // As the sandbox installs the fake docker: the double itself, executable, named kubectl.
    symlinkSync(join(ROOT, "__tests__/doubles/fake-kubectl.mjs"), join(this.bin, "kubectl"));
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${this.bin}:${process.env.PATH}`,
      FAKE_KUBECTL_STATE: this.state,
      KUBECONFIG: this.kubeconfig,
      ...extra,
    };
  }

  kubectl(
    args: string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<RunResult> {
    return new Promise((res) => {
      const child = spawn("kubectl", args, { env: this.env(options.env), cwd: this.root });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.on("close", (code) => res({ code: code ?? 1, stdout, stderr }));
      child.stdin.end(options.stdin ?? "");
    });
  }

  /** A port-forward, resolved once it printed a Forwarding line per port . */
  portForward(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{
    child: ChildProcess;
    out: () => string;
    err: () => string;
    exit: Promise<[number | null, string | null]>;
  }> {
    const child = spawn("kubectl", ["port-forward", ...args], { env: this.env(env), cwd: this.root });
    this.children.push(child);
    let stdout = "";
    let stderr = "";
    const exit = new Promise<[number | null, string | null]>((res) =>
      child.on("exit", (code, signal) => res([code, signal])),
    );
    // The ports: LOCAL:REMOTE, :REMOTE or PORT.
    const wanted = args.filter((a) => /^(\d+|\d*:[a-z0-9-]+)$/.test(a)).length;
    return new Promise((res, rej) => {
      child.stdout.on("data", (c) => {
        stdout += c;
        if ((stdout.match(/^Forwarding from /gm) ?? []).length >= wanted)
          res({ child, out: () => stdout, err: () => stderr, exit });
      });
      child.stderr.on("data", (c) => (stderr += c));
      exit.then(([code]) => rej(new Error(`port-forward exited ${code}: ${stderr}`)));
    });
  }

  calls = (): Array<{
    argv: string[];
    cwd: string;
    env: { KUBECONFIG: string | null };
    stdinLength: number | null;
  }> =>
    readFileSync(join(this.state, "calls.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  dispose(): void {
    for (const c of this.children) c.kill("SIGKILL");
    // The stand-ins the double started (pods/<namespace>/<statefulset>.json).
    const pods = join(this.state, "pods");
    if (existsSync(pods)) {
      for (const ns of readdirSafe(pods))
        for (const f of readdirSafe(join(pods, ns)).filter((f) => f.endsWith(".json"))) {
          try {
            process.kill(JSON.parse(readFileSync(join(pods, ns, f), "utf8")).pid, "SIGKILL");
          } catch {}
        }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The objects of one instance, as the project's manifests are shaped (labels, names, ports). */
function manifest(instance: string, options: { storage?: string; namespace?: string } = {}): string {
  const name = `convex-${instance}`;
  const labels = `{app.kubernetes.io/name: convex, app.kubernetes.io/instance: ${instance}}`;
  const selector = `{app.kubernetes.io/instance: ${instance}, app.kubernetes.io/component: backend}`;
  const ns = options.namespace ? `\n  namespace: ${options.namespace}` : "";
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}${ns}
  labels: ${labels}
stringData:
  INSTANCE_SECRET: "${SECRET}"
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}${ns}
  labels: ${labels}
spec:
  serviceName: ${name}
  selector:
    matchLabels: ${selector}
  template:
    metadata:
      labels: {app.kubernetes.io/name: convex, app.kubernetes.io/instance: ${instance}, app.kubernetes.io/component: backend}
    spec:
      containers:
        - name: backend
          image: ghcr.io/get-convex/convex-backend:test
          ports:
            - {name: api, containerPort: 3210}
            - {name: site, containerPort: 3211}
          env:
            - {name: INSTANCE_NAME, value: "${instance}"}
            - name: INSTANCE_SECRET
              valueFrom: {secretKeyRef: {name: ${name}, key: INSTANCE_SECRET}}
            - {name: CONVEX_SITE_ORIGIN, value: "http://127.0.0.1:3211"}
          volumeMounts:
            - {name: data, mountPath: /convex/data}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels: ${labels}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: ${options.storage ?? "1Gi"}}}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}${ns}
  labels: ${labels}
spec:
  selector: ${selector}
  ports:
    - {name: api, port: 3210, targetPort: api}
    - {name: site, port: 3211, targetPort: 3211}
`;
}

const clusters: Cluster[] = [];
afterEach(() => {
  for (const c of clusters.splice(0)) c.dispose();
});
async function cluster(withNamespace = true): Promise<Cluster> {
  const c = new Cluster();
  clusters.push(c);
  if (withNamespace) expect((await c.kubectl(["create", "namespace", NS])).code).toBe(0);
  return c;
}
const APPLY = ["apply", "--server-side", "--field-manager", "setup-coder-convex", "-n", NS, "-f", "-"];
const KINDS = "statefulset,deployment,service,ingress,secret,persistentvolumeclaim";
const get = (url: string, init?: RequestInit) =>
  fetch(url, init).then(async (r) => [r.status, await r.text()]);

describe("fake kubectl: version, namespaces, the call log", () => {
  it("answers like kubectl v1.33 and records argv, cwd, KUBECONFIG and the stdin's length", async () => {
    const c = await cluster(false);
    const version = await c.kubectl(["version", "--client", "-o", "json"]);
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout).clientVersion.gitVersion).toBe("v1.33.1");

    const missing = await c.kubectl(["get", "namespace", NS, "-o", "name"]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: `Error from server (NotFound): namespaces "${NS}" not found\n`,
    });
    expect(await c.kubectl(["create", "namespace", NS])).toMatchObject({
      code: 0,
      stdout: `namespace/${NS} created\n`,
    });
    expect(await c.kubectl(["create", "namespace", NS])).toMatchObject({
      code: 1,
      stderr: `Error from server (AlreadyExists): namespaces "${NS}" already exists\n`,
    });
    expect(await c.kubectl(["get", "namespace", NS, "-o", "name"])).toMatchObject({
      code: 0,
      stdout: `namespace/${NS}\n`,
    });

    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const calls = c.calls();
    expect(calls[0]).toMatchObject({
      argv: ["version", "--client", "-o", "json"],
      cwd: c.root,
      env: { KUBECONFIG: c.kubeconfig },
      stdinLength: null,
    });
    expect(calls.at(-1)).toMatchObject({ argv: APPLY, stdinLength: Buffer.byteLength(manifest("pr-1")) });
  });

  it("fails on what it does not know, as kubectl does, and records it", async () => {
    const c = await cluster(false);
    expect(await c.kubectl(["frobnicate"])).toMatchObject({
      code: 1,
      stderr: 'error: unknown command "frobnicate" for "kubectl"\n',
    });
    const wait = await c.kubectl(["wait", "--for=condition=Ready", "pod/x"]);
    expect(wait.code).toBe(1);
    expect(wait.stderr).toMatch(/^error: unknown command "wait" for "kubectl"\n/);
    expect(await c.kubectl(["get", "secret", "x", "--bogus"])).toMatchObject({
      code: 1,
      stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
    });
    expect(c.calls().map((call) => call.argv[0])).toEqual(["frobnicate", "wait", "get"]);
  });
});

describe("fake kubectl: apply, get, rollout status", () => {
  it("applies server-side into an existing namespace, one line per object; the StatefulSet's PVC appears", async () => {
    const c = await cluster(false);
    const refused = await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`Error from server (NotFound): namespaces "${NS}" not found\n`.repeat(3));
    expect(
      await c.kubectl(["get", KINDS, "-n", NS, "-l", "app.kubernetes.io/instance=pr-1", "-o", "name"]),
    ).toEqual({ code: 0, stdout: "", stderr: "" });

    await c.kubectl(["create", "namespace", NS]);
    const applied = await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    expect(applied).toEqual({
      code: 0,
      stdout:
        "secret/convex-pr-1 serverside-applied\nstatefulset.apps/convex-pr-1 serverside-applied\nservice/convex-pr-1 serverside-applied\n",
      stderr: "",
    });
    // Flags in any order and form; applying again changes nothing.
    const again = await c.kubectl(
      ["-f", "-", "--field-manager=setup-coder-convex", `--namespace=${NS}`, "apply", "--server-side"],
      { stdin: manifest("pr-1") },
    );
    expect(again.stdout).toBe(applied.stdout);

    const names = await c.kubectl([
      "get",
      "statefulset,service,secret,pvc",
      `-n${NS}`,
      "-l",
      "app.kubernetes.io/instance=pr-1",
      "-o",
      "name",
    ]);
    expect(names.stdout).toBe(
      "statefulset.apps/convex-pr-1\nservice/convex-pr-1\nsecret/convex-pr-1\npersistentvolumeclaim/data-convex-pr-1-0\n",
    );
    // The StatefulSet controller's PVC: the template's labels plus the selector's.
    const pvc = JSON.parse(
      (await c.kubectl(["get", "pvc", "data-convex-pr-1-0", "-n", NS, "-o", "json"])).stdout,
    );
    expect(pvc.metadata.labels).toEqual({
      "app.kubernetes.io/name": "convex",
      "app.kubernetes.io/instance": "pr-1",
      "app.kubernetes.io/component": "backend",
    });
    expect(pvc.spec.resources.requests.storage).toBe("1Gi");
    expect(pvc.metadata.annotations).toBeUndefined();
  });

  it("refuses what the API server refuses: a name with _, a changed volumeClaimTemplates, a foreign namespace", async () => {
    const c = await cluster();
    const underscore = await c.kubectl(APPLY, { stdin: manifest("pr_1") });
    expect(underscore.code).toBe(1);
    expect(underscore.stderr).toContain(
      'Error from server (Invalid): Service "convex-pr_1" is invalid: metadata.name: Invalid value: "convex-pr_1": a DNS-1035 label',
    );
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const resized = await c.kubectl(APPLY, { stdin: manifest("pr-1", { storage: "5Gi" }) });
    expect(resized.code).toBe(1);
    expect(resized.stdout).toBe(
      "secret/convex-pr-1 serverside-applied\nservice/convex-pr-1 serverside-applied\n",
    );
    expect(resized.stderr).toBe(
      `The StatefulSet "convex-pr-1" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n`,
    );
    const foreign = await c.kubectl(APPLY, { stdin: manifest("pr-2", { namespace: "other" }) });
    expect(foreign.stderr).toContain(
      `the namespace from the provided object "other" does not match the namespace "${NS}". You must pass '--namespace=other' to perform this operation.`,
    );
  });

  it("FAKE_KUBECTL_APPLY_FAIL fails the apply with that text and stores nothing", async () => {
    const c = await cluster();
    const failed = await c.kubectl(APPLY, {
      stdin: manifest("pr-1"),
      env: {
        FAKE_KUBECTL_APPLY_FAIL:
          'Error from server (Forbidden): secrets is forbidden: User "ci" cannot patch',
      },
    });
    expect(failed).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (Forbidden): secrets is forbidden: User "ci" cannot patch\n',
    });
    expect((await c.kubectl(["get", "secret", "convex-pr-1", "-n", NS, "-o", "json"])).code).toBe(1);
  });

  it("get secret -o json: data base64 (stringData folded in as the API server does); NotFound; --ignore-not-found", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const secret = await c.kubectl(["get", "secret", "convex-pr-1", "-n", NS, "-o", "json"]);
    expect(secret.code).toBe(0);
    const obj = JSON.parse(secret.stdout);
    expect(obj).toMatchObject({
      kind: "Secret",
      type: "Opaque",
      metadata: { name: "convex-pr-1", namespace: NS },
    });
    expect(obj.stringData).toBeUndefined();
    expect(Buffer.from(obj.data.INSTANCE_SECRET, "base64").toString()).toBe(SECRET);
    // kubectl's JSON printer: four spaces.
    expect(secret.stdout).toMatch(/^\{\n {4}"apiVersion": "v1",/);

    expect(await c.kubectl(["get", "secret", "nope", "-n", NS, "-o", "json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): secrets "nope" not found\n',
    });
    expect(await c.kubectl(["get", "secret", "nope", "-n", NS, "-o", "json", "--ignore-not-found"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("rollout status: a StatefulSet's and a Deployment's texts, a timeout, NotFound", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const status = ["rollout", "status", "statefulset/convex-pr-1", "-n", NS, "--timeout=120s"];
    expect(await c.kubectl(status)).toEqual({
      code: 0,
      stdout:
        "Waiting for 1 pods to be ready...\npartitioned roll out complete: 1 new pods have been updated...\n",
      stderr: "",
    });
    expect((await c.kubectl(status)).stdout).toBe(
      "partitioned roll out complete: 1 new pods have been updated...\n",
    );
    expect(await c.kubectl(status, { env: { FAKE_KUBECTL_ROLLOUT: "timeout" } })).toEqual({
      code: 1,
      stdout: "Waiting for 1 pods to be ready...\n",
      stderr: "error: timed out waiting for the condition\n",
    });
    expect(await c.kubectl(["rollout", "status", "statefulset/convex-pr-9", "-n", NS])).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): statefulsets.apps "convex-pr-9" not found\n',
    });

    const dashboard = `apiVersion: apps/v1
kind: Deployment
metadata: {name: convex-pr-1-dashboard, labels: {app.kubernetes.io/instance: pr-1}}
spec:
  selector: {matchLabels: {app.kubernetes.io/instance: pr-1, app.kubernetes.io/component: dashboard}}
  template:
    metadata: {labels: {app.kubernetes.io/instance: pr-1, app.kubernetes.io/component: dashboard}}
    spec: {containers: [{name: dashboard, image: ghcr.io/get-convex/convex-dashboard:test}]}
`;
    expect((await c.kubectl(APPLY, { stdin: dashboard })).stdout).toBe(
      "deployment.apps/convex-pr-1-dashboard serverside-applied\n",
    );
    const rolled = await c.kubectl(["rollout", "status", "deployment/convex-pr-1-dashboard", "-n", NS]);
    expect(rolled.stdout.split("\n").at(-2)).toBe(
      'deployment "convex-pr-1-dashboard" successfully rolled out',
    );
  });
});

describe("fake kubectl: the backend behind port-forward, pods, logs", () => {
  it("port-forward runs the stand-in with the pod's environment, its data on the PVC; SIGINT ends both", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const [api, site] = [await freePort(), await freePort()];
    const args = ["-n", NS, "service/convex-pr-1", "--address", "127.0.0.1", `${api}:3210`, `${site}:3211`];
    const pf = await c.portForward(args);
    expect(pf.out()).toBe(
      `Forwarding from 127.0.0.1:${api} -> 3210\nForwarding from 127.0.0.1:${site} -> 3211\n`,
    );
    expect(readFileSync(join(c.state, "port-forward.pid"), "utf8")).toBe(String(pf.child.pid));

    const url = `http://127.0.0.1:${api}`;
    expect(await get(`${url}/version`)).toEqual([200, "unknown"]);
    expect(await get(`${url}/instance_name`)).toEqual([200, "pr-1"]);
    // INSTANCE_SECRET came from the Secret through secretKeyRef: a key made with it is accepted.
    const key = deriveAdminKey({ instanceName: "pr-1", instanceSecret: SECRET });
    const auth = { headers: { Authorization: `Convex ${key}`, "Content-Type": "application/json" } };
    expect((await get(`${url}/api/check_admin_key`, auth))[0]).toBe(200);
    const set = {
      method: "POST",
      ...auth,
      body: JSON.stringify({ changes: [{ name: "KEPT", value: "yes" }] }),
    };
    expect((await get(`${url}/api/update_environment_variables`, set))[0]).toBe(200);
    expect(pf.out()).toContain(`Handling connection for ${api}\n`);

    // A second port-forward to the same instance shares its one backend.
    const other = await freePort();
    const pf2 = await c.portForward(["-n", NS, "svc/convex-pr-1", "--address=127.0.0.1", `${other}:api`]);
    expect(await get(`http://127.0.0.1:${other}/instance_name`)).toEqual([200, "pr-1"]);
    pf2.child.kill("SIGTERM");
    expect(await pf2.exit).toEqual([null, "SIGTERM"]); // kubectl handles SIGINT only
    expect(await get(`${url}/version`)).toEqual([200, "unknown"]);

    pf.child.kill("SIGINT");
    expect(await pf.exit).toEqual([0, null]);
    expect(existsSync(join(c.state, "port-forward.pid"))).toBe(false);
    await expect(fetch(`${url}/version`)).rejects.toThrow();

    // The variables are on the PVC: a new port-forward (a new container) still has them.
    const again = await c.portForward(args);
    const listed = await get(`${url}/api/v1/list_environment_variables`, auth);
    expect(JSON.parse(listed[1] as string).environmentVariables).toEqual({ KEPT: "yes" });
    const logs = await c.kubectl([
      "logs",
      "statefulset/convex-pr-1",
      "-n",
      NS,
      "--tail=2",
      "--all-containers",
      "--timestamps",
    ]);
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S+ (api|site proxy) on \d+$/);
    again.child.kill("SIGINT");
    await again.exit;

    // Deleting the PVC deletes its data.
    const volume = join(c.state, "volumes", NS, "data-convex-pr-1-0");
    expect(existsSync(join(volume, "environment-variables.json"))).toBe(true);
    expect(await c.kubectl(["delete", "pvc", "data-convex-pr-1-0", "-n", NS])).toMatchObject({
      stdout: 'persistentvolumeclaim "data-convex-pr-1-0" deleted\n',
    });
    expect(existsSync(volume)).toBe(false);
  });

  it("port-forward reports a taken local port with kubectl's messages", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const [api, site] = [await freePort(), await freePort()];
    const pf = await c.portForward([
      "-n",
      NS,
      "service/convex-pr-1",
      "--address",
      "127.0.0.1",
      `${api}:3210`,
      `${site}:3211`,
    ]);
    const taken = await c.kubectl([
      "port-forward",
      "-n",
      NS,
      "service/convex-pr-1",
      "--address",
      "127.0.0.1",
      `${api}:3210`,
      `${site}:3211`,
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(
      `Unable to listen on port ${api}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${api}: bind: address already in use]\n` +
        `Unable to listen on port ${site}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${site}: bind: address already in use]\n` +
        `error: unable to listen on any of the requested ports: [{${api} 3210} {${site} 3211}]\n`,
    );
    expect(await get(`http://127.0.0.1:${api}/version`)).toEqual([200, "unknown"]);
    pf.child.kill("SIGINT");
    await pf.exit;
  });

  it("get pods: Running and ready; with a crashing backend CrashLoopBackOff, a rollout timeout and the crash in the logs", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    const pods = ["get", "pods", "-n", NS, "-l", "app.kubernetes.io/instance=pr-1", "-o", "json"];
    const healthy = JSON.parse((await c.kubectl(pods)).stdout);
    expect(healthy.kind).toBe("List");
    expect(healthy.items).toHaveLength(1);
    expect(healthy.items[0].metadata.name).toBe("convex-pr-1-0");
    expect(healthy.items[0].status.phase).toBe("Running");
    expect(healthy.items[0].status.containerStatuses[0]).toMatchObject({ name: "backend", ready: true });

    const exit = { FAKE_KUBECTL_BACKEND_MODE: "exit" };
    const crashing = JSON.parse((await c.kubectl(pods, { env: exit })).stdout).items[0].status
      .containerStatuses[0];
    expect(crashing).toMatchObject({
      ready: false,
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1 } },
    });
    const rollout = await c.kubectl(
      ["rollout", "status", "statefulset/convex-pr-1", "-n", NS, "--timeout=5s"],
      {
        env: exit,
      },
    );
    expect(rollout).toMatchObject({ code: 1, stderr: "error: timed out waiting for the condition\n" });
    const logs = await c.kubectl(["logs", "statefulset/convex-pr-1", "-n", NS, "--tail=1"], { env: exit });
    expect(logs.stdout).toContain("Error: failed to connect to the database");

    // And a port-forward to it loses its connection on the first request, as kubectl's does.
    const api = await freePort();
    const pf = await c.portForward(
      ["-n", NS, "service/convex-pr-1", "--address", "127.0.0.1", `${api}:3210`],
      exit,
    );
    await expect(fetch(`http://127.0.0.1:${api}/version`)).rejects.toThrow();
    expect(await pf.exit).toEqual([1, null]);
    expect(pf.err()).toContain("error: lost connection to pod\n");

    expect(await c.kubectl(["logs", "statefulset/nope", "-n", NS])).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n',
    });
  });

  it("delete by labels removes one instance (and stops its port-forward's backend), not another", async () => {
    const c = await cluster();
    await c.kubectl(APPLY, { stdin: manifest("pr-1") });
    await c.kubectl(APPLY, { stdin: manifest("pr-2") });
    const api = await freePort();
    const pf = await c.portForward([
      "-n",
      NS,
      "service/convex-pr-1",
      "--address",
      "127.0.0.1",
      `${api}:3210`,
    ]);

    const del = [
      "delete",
      KINDS,
      "-n",
      NS,
      "-l",
      "app.kubernetes.io/instance=pr-1",
      "--ignore-not-found",
      "--wait=true",
    ];
    expect(await c.kubectl(del)).toEqual({
      code: 0,
      stdout:
        'statefulset.apps "convex-pr-1" deleted\nservice "convex-pr-1" deleted\nsecret "convex-pr-1" deleted\npersistentvolumeclaim "data-convex-pr-1-0" deleted\n',
      stderr: "",
    });
    // The pod is gone: kubectl's port-forward ends with a lost connection.
    expect(await pf.exit).toEqual([1, null]);
    expect(pf.err()).toBe("error: lost connection to pod\n");
    expect(existsSync(join(c.state, "pods", NS, "convex-pr-1.json"))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${api}/version`)).rejects.toThrow();

    const left = (instance: string) =>
      c.kubectl([
        "get",
        "statefulset,service,secret,pvc",
        "-n",
        NS,
        "-l",
        `app.kubernetes.io/instance=${instance}`,
        "-o",
        "name",
      ]);
    expect((await left("pr-1")).stdout).toBe("");
    expect((await left("pr-2")).stdout.split("\n").filter(Boolean)).toHaveLength(4);
    // Nothing left to delete: kubectl still says so.
    expect(await c.kubectl(del)).toEqual({ code: 0, stdout: "No resources found\n", stderr: "" });
  });
});
