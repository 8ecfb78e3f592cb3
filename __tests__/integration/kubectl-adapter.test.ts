/**
 * The kubectl adapter's own contract (src/adapters/kubectl.ts) against a process: the fake kubectl
 * (doubles/fake-kubectl.mjs) on PATH, answering with kubectl v1.33's texts and exit codes, and the
 * stand-in backend as the pod's container behind port-forward. The argv the adapter builds, what
 * it reads from the outputs, and how it explains the failures. The flows of target kubernetes are
 * tested in process (targets/kubernetes.test.ts); the real cluster in .github/workflows/e2e.yml.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createKubectl, type Kubectl } from "../../src/adapters/kubectl.js";
import { createProcessRunner } from "../../src/adapters/process.js";
import { deriveAdminKey } from "../../src/core/admin-key.js";
import {
  buildManifests,
  instanceSelector,
  type ManifestInput,
  parseInstanceSecret,
  parsePodStates,
  renderManifests,
} from "../../src/core/kubernetes.js";
import { manifestInput } from "../helpers/manifest-input.js";
import { freePort, ROOT } from "../helpers/sandbox.js";

const NS = "previews";
const SECRET = "cd".repeat(32);
const input = (instanceName: string, options: Partial<ManifestInput> = {}): ManifestInput =>
  manifestInput({
    instanceName,
    namespace: NS,
    images: {
      backend: "ghcr.io/get-convex/convex-backend:test",
      dashboard: "ghcr.io/get-convex/convex-dashboard:test",
    },
    dashboard: false,
    cloudOrigin: "http://127.0.0.1:3210",
    siteOrigin: "http://127.0.0.1:3211",
    dashboardDeploymentUrl: "http://127.0.0.1:3210",
    instanceSecret: SECRET,
    owner: undefined,
    ...options,
  });
const yaml = (instanceName: string, options: Partial<ManifestInput> = {}) =>
  renderManifests(buildManifests(input(instanceName, options)));

class Cluster {
  readonly root = mkdtempSync(join(tmpdir(), "fake-kubectl-"));
  readonly bin = join(this.root, "bin");
  readonly state = join(this.root, "state");
  readonly kubeconfig = join(this.root, "kubeconfig");
  constructor() {
    mkdirSync(this.bin);
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
  kubectl(extra: Record<string, string> = {}): Kubectl {
    return createKubectl(createProcessRunner(), this.env(extra), { portForwardTimeoutMs: 60_000 });
  }
  calls = (): Array<{ argv: string[]; env: { KUBECONFIG: string | null }; stdinLength: number | null }> =>
    readFileSync(join(this.state, "calls.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  dispose(): void {
    // The stand-ins started as pods (pods/<namespace>/<statefulset>.json).
    const pods = join(this.state, "pods", NS);
    for (const f of safeList(pods).filter((f) => f.endsWith(".json")))
      try {
        process.kill(JSON.parse(readFileSync(join(pods, f), "utf8")).pid, "SIGKILL");
      } catch {}
    rmSync(this.root, { recursive: true, force: true });
  }
}
const safeList = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const clusters: Cluster[] = [];
afterEach(() => {
  for (const c of clusters.splice(0)) c.dispose();
});
function cluster(): Cluster {
  const c = new Cluster();
  clusters.push(c);
  return c;
}
const fail = (p: Promise<unknown>) =>
  p.then(
    () => new Error("no error") as Error & { hint?: string },
    (e: Error & { hint?: string }) => e,
  );
const get = (url: string, init?: RequestInit) =>
  fetch(url, init).then(async (r) => [r.status, await r.text()]);

describe("kubectl adapter against a process: the cluster's objects", () => {
  it("version, namespaces, apply, the Secret and the objects, with argv, KUBECONFIG and stdin as sent", async () => {
    const c = cluster();
    const k = c.kubectl();
    expect(await k.check()).toBe("v1.33.1");
    expect(await c.kubectl({ FAKE_KUBECTL_VERSION: "v1.30.4" }).check()).toBe("v1.30.4");
    expect(await k.readSecret(NS, "convex-pr-1")).toBeUndefined();
    expect(await k.ensureNamespace(NS)).toBe(true);
    expect(await k.ensureNamespace(NS)).toBe(false);
    expect(await k.readSecret(NS, "convex-pr-1")).toBeUndefined();

    const text = yaml("pr-1", { owner: "acme/shop", jwtPrivateKeyPem: "PEM" });
    expect(await k.apply(NS, text)).toEqual([
      "secret/convex-pr-1 serverside-applied",
      "statefulset.apps/convex-pr-1 serverside-applied",
      "service/convex-pr-1 serverside-applied",
    ]);
    // Applying again changes nothing.
    expect(await k.apply(NS, text)).toHaveLength(3);
    expect(parseInstanceSecret((await k.readSecret(NS, "convex-pr-1"))!)).toEqual({
      instanceSecret: SECRET,
      jwtPrivateKeyPem: "PEM",
      managed: true,
      owner: "acme/shop",
    });
    expect(await k.list(NS, instanceSelector("pr-1"))).toEqual([
      "statefulset.apps/convex-pr-1",
      "service/convex-pr-1",
      "secret/convex-pr-1",
      "persistentvolumeclaim/data-convex-pr-1-0",
    ]);
    expect(parsePodStates(await k.pods(NS, instanceSelector("pr-1")))).toEqual([
      { service: "backend", state: "running" },
    ]);
    await k.rolloutStatus(NS, "statefulset/convex-pr-1", 120);

    const calls = c.calls();
    expect(calls.every((call) => call.env.KUBECONFIG === c.kubeconfig)).toBe(true);
    expect(calls.map((call) => call.argv.join(" "))).toContain(
      "apply --server-side --field-manager setup-coder-convex -n previews -f -",
    );
    expect(calls.find((call) => call.argv[0] === "apply")?.stdinLength).toBe(Buffer.byteLength(text));
  });

  it("reads a workload as JSON and sets its image (command upgrade); a missing one or container is said", async () => {
    const c = cluster();
    const k = c.kubectl();
    await k.ensureNamespace(NS);
    await k.apply(NS, yaml("pr-1"));
    const read = async () =>
      JSON.parse((await k.getObject(NS, "statefulset/convex-pr-1"))!).spec.template.spec.containers[0].image;
    await k.setImage(NS, "statefulset/convex-pr-1", { backend: "ghcr.io/get-convex/convex-backend:next" });
    expect(await read()).toBe("ghcr.io/get-convex/convex-backend:next");
    expect(await k.getObject(NS, "deployment/convex-pr-1-dashboard")).toBeUndefined();
    expect((await fail(k.setImage(NS, "statefulset/convex-pr-1", { nope: "x:1" }))).message).toContain(
      'error: unable to find container named "nope"',
    );
    expect((await fail(k.setImage(NS, "statefulset/convex-pr-9", { backend: "x:1" }))).message).toContain(
      'statefulsets.apps "convex-pr-9" not found',
    );
    expect(c.calls().map((call) => call.argv.join(" "))).toContain(
      "set image statefulset/convex-pr-1 -n previews backend=ghcr.io/get-convex/convex-backend:next",
    );
  });

  it("deletes by labels: one instance's objects and claim, not another's; nothing left is said as none", async () => {
    const c = cluster();
    const k = c.kubectl();
    await k.ensureNamespace(NS);
    await k.apply(NS, yaml("pr-1"));
    await k.apply(NS, yaml("pr-2"));
    expect(await k.deleteAll(NS, instanceSelector("pr-1"))).toEqual([
      'statefulset.apps "convex-pr-1" deleted',
      'service "convex-pr-1" deleted',
      'secret "convex-pr-1" deleted',
      'persistentvolumeclaim "data-convex-pr-1-0" deleted',
    ]);
    expect(await k.list(NS, instanceSelector("pr-1"))).toEqual([]);
    expect(await k.list(NS, instanceSelector("pr-2"))).toHaveLength(4);
    expect(await k.deleteAll(NS, instanceSelector("pr-1"))).toEqual([]);
    expect(await k.deleteSelected(NS, ["pod"], instanceSelector("pr-2"), false)).toEqual([
      'pod "convex-pr-2-0" deleted',
    ]);
    expect(c.calls().at(-1)?.argv).toEqual([
      "delete",
      "pod",
      "-n",
      NS,
      "-l",
      instanceSelector("pr-2"),
      "--ignore-not-found",
      "--wait=false",
    ]);
  });
});

describe("kubectl adapter against a process: failures explained", () => {
  it("apply: a missing namespace, a forbidden user, a changed volume claim", async () => {
    const c = cluster();
    const k = c.kubectl();
    const missing = await fail(k.apply(NS, yaml("pr-1")));
    expect(missing.message).toMatch(/Error from server \(NotFound\): namespaces "previews" not found/);
    await k.ensureNamespace(NS);
    const forbidden = await fail(
      c
        .kubectl({
          FAKE_KUBECTL_APPLY_FAIL:
            'Error from server (Forbidden): secrets "convex-pr-1" is forbidden: User "ci" cannot patch resource "secrets"',
        })
        .apply(NS, yaml("pr-1")),
    );
    expect(forbidden.hint).toMatch(/The kubeconfig's user may not do this/);
    await k.apply(NS, yaml("pr-1"));
    const resized = await fail(k.apply(NS, yaml("pr-1", { volumeSize: "5Gi" })));
    expect(resized.message).toMatch(/The StatefulSet "convex-pr-1" is invalid: spec: Forbidden/);
    expect(resized.hint).toMatch(/A StatefulSet's volume claim cannot change once made/);
  });

  it("rollout status: a timeout names the wait and how to see why; a missing StatefulSet", async () => {
    const c = cluster();
    await c.kubectl().ensureNamespace(NS);
    await c.kubectl().apply(NS, yaml("pr-1"));
    const timeout = await fail(
      c.kubectl({ FAKE_KUBECTL_ROLLOUT: "timeout" }).rolloutStatus(NS, "statefulset/convex-pr-1", 30),
    );
    expect(timeout.message).toMatch(/rollout status statefulset\/convex-pr-1 -n previews --timeout=30s/);
    expect(timeout.message).toMatch(/timed out waiting for the condition/);
    expect(timeout.hint).toMatch(/did not become ready within 30 s/);
    const missing = await fail(c.kubectl().rolloutStatus(NS, "statefulset/convex-pr-9", 30));
    expect(missing.message).toMatch(/statefulsets.apps "convex-pr-9" not found/);
  });

  it("no cluster: every call that needs one says so (the client's version does not)", async () => {
    const c = cluster();
    const k = c.kubectl({ FAKE_KUBECTL_NO_CLUSTER: "1" });
    expect(await k.check()).toBe("v1.33.1");
    // One at a time: each rejection is caught as it happens.
    const calls = [
      () => k.readSecret(NS, "convex-pr-1"),
      () => k.ensureNamespace(NS),
      () => k.apply(NS, yaml("pr-1")),
    ];
    for (const call of calls)
      expect((await fail(call())).hint).toMatch(/kubectl reaches no cluster: check KUBECONFIG/);
  });

  it("no kubectl on PATH: said, with how to install it", async () => {
    const c = cluster();
    const error = await fail(createKubectl(createProcessRunner(), { PATH: join(c.root, "empty") }).check());
    expect(error.message).toMatch(/^kubectl was not found on PATH\./);
    expect(error.hint).toMatch(/Install kubectl/);
  });

  it("the double refuses what it does not implement (a new argv is noticed, not answered wrongly)", async () => {
    const c = cluster();
    const run = (args: string[]) => createProcessRunner().run({ command: "kubectl", args, env: c.env() });
    expect(await run(["frobnicate"])).toMatchObject({
      code: 1,
      stderr: 'error: unknown command "frobnicate" for "kubectl"\n',
    });
    expect(await run(["get", "secret", "x", "--bogus"])).toMatchObject({
      code: 1,
      stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
    });
    expect((await run(["get", "secret", "x", "-o", "yaml"])).stderr).toMatch(
      /not implemented by the test double/,
    );
  });
});

describe("kubectl adapter against a process: port-forward and logs", () => {
  it("resolves once listening; the pod's container has the Secret's values; stop ends it; the data stays on the claim", async () => {
    const c = cluster();
    const k = c.kubectl();
    await k.ensureNamespace(NS);
    await k.apply(NS, yaml("pr-1"));
    const [api, site] = [await freePort(), await freePort()];
    const ports: Array<[number, number]> = [
      [api, 3210],
      [site, 3211],
    ];
    const forward = await k.portForward(NS, "service/convex-pr-1", ports);
    expect(c.calls().at(-1)?.argv).toEqual([
      "port-forward",
      "-n",
      NS,
      "service/convex-pr-1",
      "--address",
      "127.0.0.1",
      `${api}:3210`,
      `${site}:3211`,
    ]);
    const url = `http://127.0.0.1:${api}`;
    expect(await get(`${url}/instance_name`)).toEqual([200, "pr-1"]);
    expect((await get(`http://127.0.0.1:${site}/`))[0]).toBeLessThan(500);
    // INSTANCE_SECRET reached the container from the Secret (secretKeyRef): a key made with it works.
    const key = deriveAdminKey({ instanceName: "pr-1", instanceSecret: SECRET });
    const auth = { headers: { Authorization: `Convex ${key}`, "Content-Type": "application/json" } };
    expect((await get(`${url}/api/check_admin_key`, auth))[0]).toBe(200);
    const set = {
      method: "POST",
      ...auth,
      body: JSON.stringify({ changes: [{ name: "KEPT", value: "yes" }] }),
    };
    expect((await get(`${url}/api/update_environment_variables`, set))[0]).toBe(200);

    // A second forward to the same ports: the local port is taken.
    const taken = await fail(k.portForward(NS, "service/convex-pr-1", ports));
    expect(taken.message).toMatch(/failed \(exit 1\): error: unable to listen on any of the requested ports/);
    expect(taken.hint).toBe("A local port is taken: choose others with api-port / site-port.");

    await forward.stop();
    await expect(fetch(`${url}/version`)).rejects.toThrow();
    // The variables are on the claim: a new forward (a new container) still has them.
    const again = await k.portForward(NS, "service/convex-pr-1", ports);
    const listed = await get(`${url}/api/v1/list_environment_variables`, auth);
    expect(JSON.parse(listed[1] as string).environmentVariables).toEqual({ KEPT: "yes" });
    const logs = (await k.logs(NS, "statefulset/convex-pr-1", 2)).trimEnd().split("\n");
    expect(logs).toHaveLength(2);
    for (const line of logs) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \S+/);
    await again.stop();
  });

  it("the pod deleted under it: kubectl's port-forward ends, and onExit gets its last line", async () => {
    const c = cluster();
    const k = c.kubectl();
    await k.ensureNamespace(NS);
    await k.apply(NS, yaml("pr-1"));
    const api = await freePort();
    let ended: (line: string) => void = () => {};
    const exit = new Promise<string>((resolve) => {
      ended = resolve;
    });
    await k.portForward(NS, "service/convex-pr-1", [[api, 3210]], ended);
    await k.deleteAll(NS, instanceSelector("pr-1"));
    expect(await exit).toBe("error: lost connection to pod");
    await expect(fetch(`http://127.0.0.1:${api}/version`)).rejects.toThrow();
  });

  it("logs before the pod's container ever ran, and of a StatefulSet that does not exist", async () => {
    const c = cluster();
    const k = c.kubectl();
    await k.ensureNamespace(NS);
    await k.apply(NS, yaml("pr-1"));
    expect(await k.logs(NS, "statefulset/convex-pr-1", 10)).toMatch(/is waiting to start: ContainerCreating/);
    expect(await k.logs(NS, "statefulset/nope", 10)).toMatch(/statefulsets.apps "nope" not found/);
  });
});
