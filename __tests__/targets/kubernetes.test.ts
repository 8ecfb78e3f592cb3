/**
 * target kubernetes in process, the way setup.test.ts tests compose: the real pipeline and Target
 * against a cluster in memory (helpers/memory-cluster.ts) behind the Kubectl interface, the
 * in-memory admin API reaching the pod's container through the port-forward (or an Ingress host),
 * and a virtual clock. The adapter's argv, outputs and failures against a process are tested in
 * integration/kubectl-adapter.test.ts; the real cluster in .github/workflows/e2e.yml (kind).
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { Platform } from "../../src/action/platform.js";
import { runPost } from "../../src/action/post.js";
import type { Docker } from "../../src/adapters/docker.js";
import { decodeAdminKey } from "../../src/core/admin-key.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { envValues, parseEnvFile } from "../../src/core/env-file.js";
import type { SetupError } from "../../src/core/errors.js";
import type { InstanceRef } from "../../src/core/layout.js";
import { setup } from "../../src/setup.js";
import { removeInstance, teardown } from "../../src/teardown.js";
import { MemoryCluster } from "../helpers/memory-cluster.js";
import { type World, world } from "../helpers/memory-world.js";

const NS = "previews";
const SELECTOR = (instance: string) =>
  `app.kubernetes.io/name=convex,app.kubernetes.io/instance=${instance},app.kubernetes.io/managed-by=setup-coder-convex`;
const SIX = (instance: string) =>
  [
    `deployment.apps/convex-${instance}-dashboard`,
    `persistentvolumeclaim/data-convex-${instance}-0`,
    `secret/convex-${instance}`,
    `service/convex-${instance}`,
    `service/convex-${instance}-dashboard`,
    `statefulset.apps/convex-${instance}`,
  ].sort();

const config = (raw: RawInputs = {}) =>
  parseConfig(
    { "working-directory": "app", target: "kubernetes", namespace: NS, "instance-name": "pr-7", ...raw },
    {},
  );
const quick = { deploy: "false", verify: "false" };

/** A world whose backend is the cluster's pod, reached as this host reaches it. */
function kube(owner?: string): { cluster: MemoryCluster; w: World } {
  const cluster = new MemoryCluster();
  const w = world({ backend: (url) => cluster.backend(url) });
  w.deps.kubectl = cluster.kubectl;
  if (owner) w.deps.env = { GITHUB_REPOSITORY: owner };
  return { cluster, w };
}
const fail = (p: Promise<unknown>) =>
  p.then(
    () => new Error("no error") as SetupError,
    (e: SetupError) => e,
  );
const at = (cluster: MemoryCluster, prefix: string) => cluster.calls.findIndex((c) => c.startsWith(prefix));
/** A fresh checkout: the files a run leaves in the working directory are gone. */
const freshCheckout = (w: World) => {
  for (const f of [...w.files.keys()]) if (!f.endsWith("/.gitignore")) w.files.delete(f);
};

describe("target kubernetes in process: a run", () => {
  it("applies, waits for the rollout, forwards, configures, deploys and verifies; the port-forward ends with the run", async () => {
    const { cluster, w } = kube();
    const result = await setup(config({ "env-vars": "GREETING=hello" }), w.deps);

    // Nothing of docker; the cluster in order: apply, rollout, then port-forward.
    expect(w.events.filter((e) => /^(pull|check|up|down)/.test(e))).toEqual([]);
    expect(w.events).toEqual(["locate", "env 6", "deploy"]);
    expect(at(cluster, "version")).toBe(0);
    expect(at(cluster, "readSecret previews convex-pr-7")).toBeLessThan(at(cluster, "apply previews"));
    expect(at(cluster, "ensureNamespace previews")).toBeLessThan(at(cluster, "apply previews"));
    expect(at(cluster, "apply previews")).toBeLessThan(
      at(cluster, "rollout previews statefulset/convex-pr-7 120"),
    );
    expect(at(cluster, "rollout previews statefulset/convex-pr-7")).toBeLessThan(
      at(cluster, "portForward previews service/convex-pr-7 3210:3210 3211:3211"),
    );
    expect(cluster.calls).toContain("rollout previews deployment/convex-pr-7-dashboard 5");
    expect(w.lines).toContain("Created namespace previews.");
    expect(w.lines).toContain("statefulset.apps/convex-pr-7 serverside-applied");

    expect(cluster.names(NS, "pr-7")).toEqual(SIX("pr-7"));
    // The claim as the StatefulSet controller makes it: the template's labels plus the selector's.
    expect(cluster.get(NS, "PersistentVolumeClaim", "data-convex-pr-7-0")?.metadata.labels).toMatchObject({
      "app.kubernetes.io/instance": "pr-7",
      "app.kubernetes.io/component": "backend",
    });
    expect(result).toMatchObject({
      namespace: NS,
      hostApiUrl: "http://127.0.0.1:3210",
      apiUrl: "http://localhost:3210",
      deployed: true,
      envFile: "",
      composeFile: "",
      composeProject: "",
      manifestFile: undefined,
      adminKeySource: "computed",
      keySources: { instanceSecret: "generated", jwtKey: "generated" },
    });
    expect(result.verified.filter((c) => !c.ok)).toEqual([]);
    expect(result.verified.map((c) => c.detail)).toContain("the site proxy serves the deployment's JWKS");
    expect(await w.deps.admin("http://127.0.0.1:3210").listEnvironmentVariables("")).toMatchObject({
      GREETING: "hello",
    });
    expect(result.timings.map(([p]) => p)).toEqual([
      "Repository",
      "Check kubectl",
      "App",
      "Keys",
      "Postgres",
      "Write files",
      "Kubernetes manifests",
      "Apply manifests",
      "Wait for the backend",
      "Admin key",
      "Deployment environment",
      "Deploy functions",
      "Verify",
    ]);

    // The port-forward (and so the backend at 127.0.0.1) ended with the run.
    expect(cluster.forwards.size).toBe(0);
    expect(cluster.backend(result.hostApiUrl)).toBeUndefined();
    // Nothing for the backend in the working directory: its keys live in the Secret.
    expect(w.files.has("/w/app/.env.convex.local")).toBe(false);
    expect(w.files.has("/w/app/docker-compose.convex.yml")).toBe(false);
    const local = envValues(parseEnvFile(w.files.get("/w/app/.env.local")!.content));
    expect(local.CONVEX_SELF_HOSTED_URL).toBe("http://127.0.0.1:3210");
    expect(local.CONVEX_SELF_HOSTED_ADMIN_KEY).toBe(result.adminKey);
    const secret = cluster.secretData(NS, "convex-pr-7")!;
    expect(secret["instance-secret"]).toMatch(/^[0-9a-f]{64}$/);
    expect(secret["jwt-private-key"]).toContain("PRIVATE KEY");
    // Every key is masked; none is logged.
    for (const s of [result.adminKey, secret["instance-secret"]!]) {
      expect(w.masked).toContain(s);
      expect(w.lines.join("\n")).not.toContain(s);
    }
  });

  it("a rerun on a fresh checkout reuses the keys kept in the Secret and changes nothing in it", async () => {
    const { cluster, w } = kube();
    const first = await setup(config(), w.deps);
    const kept = cluster.get(NS, "Secret", "convex-pr-7")!.data;
    freshCheckout(w);
    const again = await setup(config(), w.deps);
    expect(again.keySources).toEqual({
      instanceSecret: "reused",
      jwtKey: "reused",
      betterAuthSecret: "none",
    });
    expect(cluster.get(NS, "Secret", "convex-pr-7")!.data).toEqual(kept);
    // (An admin key carries a fresh nonce: both are made from the same secret.)
    const secret = cluster.secretData(NS, "convex-pr-7")!["instance-secret"]!;
    for (const r of [first, again]) expect(() => decodeAdminKey(r.adminKey, secret, "pr-7")).not.toThrow();
    expect(w.lines).toContain("instance secret: reused; JWT key: reused");
  });

  it("S3 storage: the keys only in the Secret, the settings in the StatefulSet; new keys roll the pod", async () => {
    const { cluster, w } = kube();
    const s3 = {
      "s3-endpoint": "http://minio.storage.svc.cluster.local:9000",
      "s3-region": "us-east-1",
      "s3-force-path-style": "true",
      "s3-exports-bucket": "pr-exports",
      "s3-files-bucket": "pr-files",
      "s3-modules-bucket": "pr-modules",
      "s3-search-bucket": "pr-search",
      "s3-snapshot-imports-bucket": "pr-imports",
      "s3-access-key-id": "preview-user",
      "s3-secret-access-key": "first-secret-key",
    };
    await setup(config({ ...s3, ...quick }), w.deps);
    expect(cluster.secretData(NS, "convex-pr-7")).toMatchObject({
      "aws-access-key-id": "preview-user",
      "aws-secret-access-key": "first-secret-key",
    });
    type Sts = {
      spec: {
        template: {
          metadata: { annotations: Record<string, string> };
          spec: { containers: Array<{ env: Array<{ name: string; value?: string; valueFrom?: unknown }> }> };
        };
      };
    };
    const sts = () => cluster.get(NS, "StatefulSet", "convex-pr-7") as unknown as Sts;
    const env = Object.fromEntries(sts().spec.template.spec.containers[0]!.env.map((e) => [e.name, e]));
    expect(env.AWS_SECRET_ACCESS_KEY).toEqual({
      name: "AWS_SECRET_ACCESS_KEY",
      valueFrom: { secretKeyRef: { name: "convex-pr-7", key: "aws-secret-access-key" } },
    });
    expect(env.S3_ENDPOINT_URL?.value).toBe("http://minio.storage.svc.cluster.local:9000");
    expect(env.AWS_S3_FORCE_PATH_STYLE?.value).toBe("true");
    expect(JSON.stringify(sts())).not.toContain("first-secret-key");
    expect(w.masked).toContain("first-secret-key");
    const digest = sts().spec.template.metadata.annotations["setup-coder-convex/secret-digest"];
    await setup(config({ ...s3, ...quick, "s3-secret-access-key": "second-secret-key" }), w.deps);
    expect(cluster.secretData(NS, "convex-pr-7")?.["aws-secret-access-key"]).toBe("second-secret-key");
    expect(sts().spec.template.metadata.annotations["setup-coder-convex/secret-digest"]).not.toBe(digest);
  });

  it("an instance-secret that differs from the Secret's is refused before anything is applied again", async () => {
    const { cluster, w } = kube();
    await setup(config(quick), w.deps);
    const applies = () => cluster.calls.filter((c) => c.startsWith("apply")).length;
    const error = await fail(setup(config({ "instance-secret": "ef".repeat(32) }), w.deps));
    expect(error.message).toMatch(
      /instance-secret differs from the instance secret in Secret convex-pr-7 in namespace previews; refusing to replace it/,
    );
    expect(applies()).toBe(1);
  });

  it("a volume-size changed on a rerun is refused by the cluster, with what to do", async () => {
    const { w } = kube();
    await setup(config(quick), w.deps);
    const error = await fail(setup(config({ ...quick, "volume-size": "5Gi" }), w.deps));
    expect(error.message).toMatch(/The StatefulSet "convex-pr-7" is invalid: spec: Forbidden/);
    expect(error.hint).toMatch(/volume claim cannot change once made/);
  });

  it("ingress-host without TLS: a warning, and the run's own traffic goes through port-forward, never the plain-http Ingress", async () => {
    const { cluster, w } = kube();
    const result = await setup(
      config({ "ingress-host": "{instance}.preview.example.com", verify: "false" }),
      w.deps,
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(/^ingress-host without ingress-tls-secret: the public URLs are plain http/),
    ]);
    expect(at(cluster, "portForward previews service/convex-pr-7")).toBeGreaterThan(0);
    expect(result).toMatchObject({
      apiUrl: "http://pr-7.preview.example.com",
      hostApiUrl: "http://127.0.0.1:3210",
    });
    expect(cluster.names(NS, "pr-7")).toContain("ingress.networking.k8s.io/convex-pr-7");
    // The frontend gets the public URL; this host's own variables the forwarded one.
    const local = envValues(parseEnvFile(w.files.get("/w/app/.env.local")!.content));
    expect(local.VITE_CONVEX_URL).toBe("http://pr-7.preview.example.com");
    expect(local.CONVEX_SELF_HOSTED_URL).toBe("http://127.0.0.1:3210");
  });

  it("ingress-host with TLS: the run reaches the backend at its https hosts, without a port-forward", async () => {
    const { cluster, w } = kube();
    const result = await setup(
      config({
        "ingress-host": "{instance}.preview.example.com",
        "ingress-tls-secret": "preview-tls",
        verify: "false",
      }),
      w.deps,
    );
    expect(result.hostApiUrl).toBe("https://pr-7.preview.example.com");
    expect(result.warnings).toEqual([]);
    expect(at(cluster, "portForward")).toBe(-1);
    expect(result.deployed).toBe(true);
    expect(cluster.get(NS, "Ingress", "convex-pr-7")?.spec.tls).toEqual([
      {
        hosts: [
          "pr-7.preview.example.com",
          "pr-7-site.preview.example.com",
          "pr-7-dashboard.preview.example.com",
        ],
        secretName: "preview-tls",
      },
    ]);
  });

  it("seed-function runs on the instance's first deploy only (its deployment lives in the cluster, not in the checkout)", async () => {
    const { w } = kube();
    const inputs = { "seed-function": "seed:init", verify: "false" };
    const first = await setup(config(inputs), w.deps);
    expect(first.seeded).toBe(true);
    expect(w.events).toContain("run seed:init");
    freshCheckout(w);
    const second = await setup(config(inputs), w.deps);
    expect(second.seeded).toBe(false);
    expect(w.lines.join("\n")).toMatch(/Not a new deployment .*seed skipped/);
    expect(w.events.filter((e) => e === "run seed:init")).toHaveLength(1);
  });
});

describe("target kubernetes in process: failures", () => {
  it("a pod that never becomes ready: the rollout's timeout, with the backend's logs, before any variable is set", async () => {
    const { cluster, w } = kube();
    cluster.options.rollout = "timeout";
    const error = await fail(setup(config({ "wait-timeout": "2" }), w.deps));
    expect(error.message).toMatch(
      /rollout status statefulset\/convex-pr-7 -n previews --timeout=2s.*\n?.*timed out waiting for the condition/,
    );
    expect(error.hint).toMatch(/did not become ready within 2 s/);
    const log = w.lines.join("\n");
    expect(log).toContain("---- backend logs (the rollout did not finish) ----");
    expect(log).toContain("stand-in backend pr-7 starting");
    expect(w.events.filter((e) => e.startsWith("env"))).toEqual([]);
    expect(at(cluster, "portForward")).toBe(-1);
  });

  it("a pod that crashes after its rollout: the wait fails fast in kubernetes' terms, with the crash in its logs", async () => {
    const { cluster, w } = kube();
    cluster.onPortForward = () => {
      cluster.options.backend = "exit";
    };
    const error = await fail(setup(config({ "wait-timeout": "120" }), w.deps));
    expect(error.message).toMatch(/The backend's pod exited with code 1 before answering GET \/version/);
    expect(error.hint).toMatch(/kubectl logs -n previews statefulset\/convex-pr-7/);
    expect(w.now()).toBeLessThan(3000);
    expect(w.lines.join("\n")).toContain("Error: failed to connect to the database");
    expect(w.events.filter((e) => e.startsWith("env"))).toEqual([]);
  });

  it("a rerun prunes what is no longer asked for (the dashboard) and replaces a crashing pod, which the controller would not", async () => {
    const { cluster, w } = kube();
    await setup(config(quick), w.deps);
    await setup(config({ ...quick, dashboard: "false" }), w.deps);
    expect(w.lines).toContain('deployment.apps "convex-pr-7-dashboard" deleted (no longer asked for)');
    expect(w.lines).toContain('service "convex-pr-7-dashboard" deleted (no longer asked for)');
    expect(cluster.names(NS, "pr-7")).toEqual(SIX("pr-7").filter((n) => !n.includes("dashboard")));

    cluster.options.backend = "exit";
    const crashing = await fail(setup(config({ ...quick, dashboard: "false", "wait-timeout": "2" }), w.deps));
    expect(crashing.message).toMatch(/timed out waiting for the condition/);
    expect(w.lines).toContain(
      "The backend's pod was crashing: deleted, so that it starts again from what was just applied.",
    );
    expect(cluster.deletedPods).toEqual(["convex-pr-7-0"]);
    // Fixed (the database reachable again): the next run recovers.
    cluster.options.backend = "healthy";
    await expect(setup(config({ ...quick, dashboard: "false" }), w.deps)).resolves.toMatchObject({
      namespace: NS,
    });
  });

  it("no reachable cluster: kubectl's explanation, before anything is applied", async () => {
    const { cluster, w } = kube();
    cluster.options.noCluster = true;
    const error = await fail(setup(config(), w.deps));
    expect(error.message).toMatch(/get secret convex-pr-7 -n previews/);
    expect(error.hint).toMatch(/kubectl reaches no cluster: check KUBECONFIG/);
    expect(cluster.calls.filter((c) => c.startsWith("apply"))).toEqual([]);
  });

  it("a caller that gives no kubectl: said plainly, before anything runs", async () => {
    const { w } = kube();
    delete w.deps.kubectl;
    await expect(setup(config(), w.deps)).rejects.toThrow(
      "target kubernetes needs kubectl, which this caller did not provide.",
    );
    expect(w.events).toEqual([]);
  });

  it("another repository's instance of the same name is neither reused nor removed; a foreign Secret is never taken over", async () => {
    const mine = kube("acme/shop");
    const { cluster, w } = mine;
    await setup(config(quick), w.deps);
    expect(cluster.get(NS, "Secret", "convex-pr-7")?.metadata.annotations).toEqual({
      "setup-coder-convex/owner": "acme/shop",
    });
    const theirs = { ...w.deps, env: { GITHUB_REPOSITORY: "other/app" } };
    const taken = await fail(setup(config(quick), theirs));
    expect(taken.message).toMatch(
      /Secret convex-pr-7 in namespace previews belongs to acme\/shop, not other\/app/,
    );
    await expect(
      removeInstance(config({ command: "down" }), { dumpLogs: false, volumes: true }, theirs),
    ).rejects.toThrow(/belongs to acme\/shop, not other\/app/);
    expect(cluster.names(NS, "pr-7")).toEqual(SIX("pr-7"));
    expect(cluster.calls.filter((c) => c.startsWith("apply"))).toHaveLength(1);

    // A Secret of that name made by someone else (no label of ours): refused, and not removed.
    await removeInstance(config({ command: "down" }), { dumpLogs: false, volumes: true }, w.deps);
    cluster.put(NS, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "convex-pr-7" },
      data: { token: Buffer.from("secret").toString("base64") },
    });
    const foreign = await fail(setup(config(quick), w.deps));
    expect(foreign.message).toMatch(
      /Secret convex-pr-7 in namespace previews exists and was not made by setup-coder-convex .*refusing to take it over/,
    );
    expect(foreign.hint).toBe("Use another instance-name or namespace.");
    expect(cluster.calls.filter((c) => c.startsWith("apply"))).toHaveLength(1);
    await removeInstance(config({ command: "down" }), { dumpLogs: false, volumes: true }, w.deps);
    expect(cluster.get(NS, "Secret", "convex-pr-7")).toBeDefined();
  });
});

describe("target kubernetes in process: removing an instance", () => {
  it("down removes this instance's objects and volume claim, nothing of another instance, and says when nothing is left", async () => {
    const { cluster, w } = kube();
    await setup(config(quick), w.deps);
    await setup(config({ ...quick, "instance-name": "pr-8" }), w.deps);
    expect(cluster.names(NS, "pr-8")).toEqual(SIX("pr-8"));

    const down = config({ command: "down" });
    await removeInstance(down, { dumpLogs: false, volumes: true }, w.deps);
    expect(w.lines).toContain("Removed instance pr-7 from namespace previews.");
    expect(cluster.names(NS, "pr-7")).toEqual([]);
    expect(cluster.names(NS, "pr-8")).toEqual(SIX("pr-8"));
    expect(cluster.calls.filter((c) => c.startsWith("delete previews statefulset,"))).toEqual([
      `delete previews statefulset,deployment,service,ingress,secret,persistentvolumeclaim ${SELECTOR("pr-7")} wait=true`,
    ]);
    // Again: nothing left, said so (a warning: a preview left running under another name keeps its data).
    await removeInstance(down, { dumpLogs: false, volumes: true }, w.deps);
    expect(w.lines).toContainEqual(
      expect.stringMatching(/^warn: Nothing to remove: no objects of instance pr-7 in namespace previews\./),
    );
  });

  it("network-policy: the instance's NetworkPolicy is applied, and down removes it with the rest", async () => {
    const { cluster, w } = kube();
    await setup(config({ ...quick, "network-policy": "true" }), w.deps);
    expect(cluster.get(NS, "NetworkPolicy", "convex-pr-7")?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    await removeInstance(
      config({ command: "down", "network-policy": "true" }),
      { dumpLogs: false, volumes: true },
      w.deps,
    );
    expect(cluster.get(NS, "NetworkPolicy", "convex-pr-7")).toBeUndefined();
    expect(cluster.names(NS, "pr-7")).toEqual([]);
  });

  it("the post step: cleanup is off by default (a preview outlives the job); on, it removes the instance recorded, logs first", async () => {
    const { cluster, w } = kube();
    let recorded: InstanceRef | undefined;
    await setup(config(quick), { ...w.deps, onTeardownState: (s) => (recorded = s) });
    expect(recorded).toEqual({ kind: "kubernetes", namespace: NS, instanceName: "pr-7" });
    expect(config().cleanup).toBe(false);

    const post = (cleanup: boolean) => {
      const lines: string[] = [];
      const platform = {
        getState: () => JSON.stringify({ ...recorded, cleanup }),
        // No pull request here: the post step's preview report asks nothing of GitHub.
        getInput: () => "",
        logger: {
          info: (m: string) => void lines.push(m),
          warn: (m: string) => void lines.push(`warn: ${m}`),
          group: async (title: string, fn: () => Promise<unknown>) => {
            lines.push(`# ${title}`);
            return fn();
          },
        },
      } as unknown as Platform;
      // (made, never used: the instance recorded is a kubernetes one)
      const docker = () => ({}) as Docker;
      return runPost(platform, {}, docker, () => cluster.kubectl).then(() => lines);
    };
    expect(await post(false)).toEqual(["cleanup is off: instance pr-7 in namespace previews keeps running."]);
    expect(cluster.names(NS, "pr-7")).toEqual(SIX("pr-7"));
    const removed = await post(true);
    expect(removed.slice(0, 2)).toEqual([
      "# Backend logs (requested)",
      expect.stringContaining("stand-in backend pr-7 starting"),
    ]);
    expect(removed).toContain("Removed instance pr-7 from namespace previews.");
    expect(removed.filter((l) => l.startsWith("warn"))).toEqual([]);
    expect(cluster.names(NS, "pr-7")).toEqual([]);
  });

  it("teardown of a recorded instance removes it by its labels (the state the post step keeps)", async () => {
    const { cluster, w } = kube();
    await setup(config(quick), w.deps);
    await teardown(
      { kind: "kubernetes", namespace: NS, instanceName: "pr-7" },
      { dumpLogs: false, volumes: true },
      w.deps,
    );
    expect(cluster.names(NS, "pr-7")).toEqual([]);
  });
});

describe("target kubernetes in process: render-only", () => {
  const rendered = {
    "render-only": "true",
    "ingress-host": "{instance}.preview.example.com",
    "ingress-tls-secret": "preview-tls",
  };

  it("writes the manifests (0600, git-ignored), applies nothing and needs no kubectl; a rerun writes the same", async () => {
    const { cluster, w } = kube();
    delete w.deps.kubectl;
    const result = await setup(config(rendered), w.deps);
    const file = "/w/app/convex-kubernetes.yaml";
    expect(result).toMatchObject({
      manifestFile: file,
      apiUrl: "https://pr-7.preview.example.com",
      deployed: false,
      envFile: "/w/app/.env.convex.local",
    });
    expect(result.written).toContain(file);
    expect(w.files.get(file)?.mode).toBe(0o600);
    const docs = parseAllDocuments(w.files.get(file)!.content).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      "Secret",
      "StatefulSet",
      "Service",
      "Deployment",
      "Service",
      "Ingress",
    ]);
    expect(docs.at(-1).spec.rules[0].host).toBe("pr-7.preview.example.com");
    expect(w.files.get("/w/app/.gitignore")?.content).toContain("convex-kubernetes.yaml");
    // The secret is kept locally so that the next render is the same.
    const secret = envValues(parseEnvFile(w.files.get("/w/app/.env.convex.local")!.content)).INSTANCE_SECRET;
    expect(Buffer.from(docs[0].data["instance-secret"], "base64").toString()).toBe(secret);
    expect(cluster.calls).toEqual([]);
    expect(w.events).toEqual([]);

    const first = w.files.get(file)!.content;
    await setup(config(rendered), w.deps);
    expect(w.files.get(file)!.content).toBe(first);
  });
});
