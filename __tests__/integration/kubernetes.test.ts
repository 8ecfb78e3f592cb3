/**
 * target: kubernetes through the action (from source) with the fake kubectl on PATH: it keeps the
 * objects applied, answers rollout status, and starts the stand-in backend on port-forward with
 * the environment the kubelet would give the pod (the Secret's values by reference). No docker.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as dotenvParse } from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ROOT, type RunResult, Sandbox } from "../helpers/sandbox.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

async function world(): Promise<Sandbox> {
  const s = await Sandbox.create({ docker: false, kubectl: true });
  sandboxes.push(s);
  return s;
}

const k8s = (s: Sandbox, inputs: Record<string, string> = {}) =>
  // (no project-name: it means nothing to kubernetes, and is refused)
  s.actionEnv({
    target: "kubernetes",
    namespace: "previews",
    "instance-name": "pr-7",
    "project-name": "",
    ...inputs,
  });

/** Runs the fake kubectl directly, as a person would to look at the cluster. */
async function kubectl(s: Sandbox, ...args: string[]): Promise<RunResult> {
  return s.run(join(s.bin, "kubectl"), args, { PATH: process.env.PATH!, FAKE_KUBECTL_STATE: s.kubeState });
}
const objectsOf = async (s: Sandbox, instance: string) =>
  (
    await kubectl(
      s,
      "get",
      "statefulset,deployment,service,ingress,secret,persistentvolumeclaim",
      "-n",
      "previews",
      "-l",
      `app.kubernetes.io/instance=${instance}`,
      "-o",
      "name",
    )
  ).stdout
    .split("\n")
    .filter(Boolean)
    .sort();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("target: kubernetes (fake kubectl, no docker)", () => {
  it("applies, waits, forwards, configures and deploys; the port-forward ends with the run; a rerun on a fresh checkout reuses the cluster's keys", async () => {
    const s = await world();
    const env = k8s(s, { "env-vars": "GREETING=hello" });
    const main = await s.runAction(env);
    expect(main.code, text(main)).toBe(0);
    expect(s.dockerCalls()).toEqual([]);

    const calls = s.kubectlCalls().map((c) => c.argv.join(" "));
    expect(calls).toContain("apply --server-side --field-manager setup-coder-convex -n previews -f -");
    expect(calls.some((c) => c.startsWith("rollout status statefulset/convex-pr-7 -n previews"))).toBe(true);
    expect(calls.some((c) => c.startsWith("port-forward -n previews service/convex-pr-7"))).toBe(true);
    // The apply comes before the rollout, the rollout before the port-forward.
    const at = (p: string) => calls.findIndex((c) => c.startsWith(p));
    expect(at("apply")).toBeLessThan(at("rollout"));
    expect(at("rollout")).toBeLessThan(at("port-forward"));

    expect(await objectsOf(s, "pr-7")).toEqual([
      "deployment.apps/convex-pr-7-dashboard",
      "persistentvolumeclaim/data-convex-pr-7-0",
      "secret/convex-pr-7",
      "service/convex-pr-7",
      "service/convex-pr-7-dashboard",
      "statefulset.apps/convex-pr-7",
    ]);
    const outputs = s.outputs();
    expect(outputs).toMatchObject({
      namespace: "previews",
      "convex-url": `http://localhost:${s.ports.api}`,
      deployed: "true",
      "compose-file": "",
      "manifest-file": "",
    });
    expect(main.stdout).toContain("✓ the site proxy serves the deployment's JWKS");
    // The port-forward (and so the URLs on this host) ended with the run.
    const pidFile = join(s.kubeState, "port-forward.pid");
    if (existsSync(pidFile)) expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${s.ports.api}/version`)).rejects.toThrow();
    // Nothing for the backend in the working directory: its keys live in the Secret.
    expect(existsSync(join(s.app, ".env.convex.local"))).toBe(false);
    expect(existsSync(join(s.app, "docker-compose.convex.yml"))).toBe(false);
    const local = dotenvParse(readFileSync(join(s.app, ".env.local")));
    expect(local.CONVEX_SELF_HOSTED_URL).toBe(`http://127.0.0.1:${s.ports.api}`);
    expect(s.summary()).toMatch(/Kubernetes \| namespace <code>previews<\/code>/);

    // The Secret holds the keys; the rerun on a fresh checkout (no local files) reuses them.
    const secret = JSON.parse(
      (await kubectl(s, "get", "secret", "convex-pr-7", "-n", "previews", "-o", "json")).stdout,
    );
    const instanceSecret = Buffer.from(secret.data["instance-secret"], "base64").toString();
    expect(instanceSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(secret.data["jwt-private-key"], "base64").toString()).toContain("PRIVATE KEY");
    for (const f of [".env.local", ".env.convex.deployment", "jwt_private_key.pem"]) rmSync(join(s.app, f));
    const again = await s.runAction(env);
    expect(again.code, text(again)).toBe(0);
    expect(again.stdout).toContain("instance secret: reused; JWT key: reused");
    const after = JSON.parse(
      (await kubectl(s, "get", "secret", "convex-pr-7", "-n", "previews", "-o", "json")).stdout,
    );
    expect(after.data).toEqual(secret.data);

    // Post: cleanup is off by default for kubernetes (a preview outlives the job).
    const post = await s.runAction(s.postEnv(env));
    expect(post.code, text(post)).toBe(0);
    expect(post.stdout).toContain("cleanup is off: instance pr-7 in namespace previews keeps running.");
    expect(await objectsOf(s, "pr-7")).toHaveLength(6);
  });

  it("an instance-secret that differs from the cluster's is refused before anything is applied again", async () => {
    const s = await world();
    expect((await s.runAction(k8s(s, { deploy: "false", verify: "false" }))).code).toBe(0);
    const applies = () => s.kubectlCalls().filter((c) => c.argv[0] === "apply").length;
    const before = applies();
    const run = await s.runAction(k8s(s, { "instance-secret": "ef".repeat(32) }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::instance-secret differs from the instance secret in Secret convex-pr-7 in namespace previews; refusing to replace it/,
    );
    expect(applies()).toBe(before);
  });

  it("command down removes this instance's objects and volume, and nothing of another instance", async () => {
    const s = await world();
    const quick = { deploy: "false", verify: "false" };
    expect((await s.runAction(k8s(s, quick))).code).toBe(0);
    const other = await s.runAction(k8s(s, { ...quick, "instance-name": "pr-8" }));
    expect(other.code, text(other)).toBe(0);
    expect(await objectsOf(s, "pr-8")).toHaveLength(6);

    const down = await s.runAction(k8s(s, { command: "down" }));
    expect(down.code, text(down)).toBe(0);
    expect(down.stdout).toContain("Removed instance pr-7 from namespace previews.");
    expect(await objectsOf(s, "pr-7")).toEqual([]);
    expect(await objectsOf(s, "pr-8")).toHaveLength(6);
    // (up's own deletes prune what it no longer asks for: not these)
    const deletes = s
      .kubectlCalls()
      .filter((c) => c.argv[0] === "delete" && c.argv[1]?.startsWith("statefulset,"));
    expect(deletes.map((c) => c.argv.join(" "))).toEqual([
      "delete statefulset,deployment,service,ingress,secret,persistentvolumeclaim -n previews -l app.kubernetes.io/name=convex,app.kubernetes.io/instance=pr-7,app.kubernetes.io/managed-by=setup-coder-convex --ignore-not-found --wait=true",
    ]);
    // Again: nothing left, said so.
    const twice = await s.runAction(k8s(s, { command: "down" }));
    expect(twice.stdout).toContain("Nothing to remove: no objects of instance pr-7 in namespace previews.");
  });

  it("cleanup: true removes the instance in the post step", async () => {
    const s = await world();
    const env = k8s(s, { deploy: "false", verify: "false", cleanup: "true" });
    expect((await s.runAction(env)).code).toBe(0);
    const post = await s.runAction(s.postEnv(env));
    expect(post.code, text(post)).toBe(0);
    expect(post.stdout).toContain("Removed instance pr-7 from namespace previews.");
    expect(await objectsOf(s, "pr-7")).toEqual([]);
  });

  it("render-only writes the validated manifests (0600, git-ignored) and applies nothing", async () => {
    const s = await world();
    const run = await s.runAction(
      k8s(s, {
        "render-only": "true",
        "ingress-host": "{instance}.preview.example.com",
        "ingress-tls-secret": "preview-tls",
      }),
    );
    expect(run.code, text(run)).toBe(0);
    const file = join(s.app, "convex-kubernetes.yaml");
    expect(s.outputs()["manifest-file"]).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      "Secret",
      "StatefulSet",
      "Service",
      "Deployment",
      "Service",
      "Ingress",
    ]);
    expect(docs.at(-1).spec.rules[0].host).toBe("pr-7.preview.example.com");
    expect(s.outputs()["convex-url"]).toBe("https://pr-7.preview.example.com");
    expect(readFileSync(join(s.app, ".gitignore"), "utf8")).toContain("convex-kubernetes.yaml");
    // The secret is kept locally so the next render is the same.
    const secret = dotenvParse(readFileSync(join(s.app, ".env.convex.local"))).INSTANCE_SECRET;
    expect(Buffer.from(docs[0].data["instance-secret"], "base64").toString()).toBe(secret);
    expect(s.kubectlCalls().filter((c) => ["apply", "port-forward", "create"].includes(c.argv[0]!))).toEqual(
      [],
    );
    const first = readFileSync(file, "utf8");
    expect(
      (
        await s.runAction(
          k8s(s, {
            "render-only": "true",
            "ingress-host": "{instance}.preview.example.com",
            "ingress-tls-secret": "preview-tls",
          }),
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(first);
  });

  it("a pod that never becomes ready: the rollout's timeout, with the backend's logs, before any variable is set", async () => {
    const s = await world();
    const run = await s.runAction({ ...k8s(s, { "wait-timeout": "2" }), FAKE_KUBECTL_ROLLOUT: "timeout" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("---- backend logs (the rollout did not finish) ----");
    expect(run.stdout).toMatch(
      /::error::.*rollout status statefulset\/convex-pr-7.*timed out waiting for the condition/,
    );
    expect(run.stdout).toMatch(/did not become ready within 2 s/);
    expect(s.kubectlCalls().some((c) => c.argv[0] === "port-forward")).toBe(false);
  });

  it("no kubectl on PATH, or no cluster: a clear error before anything is applied", async () => {
    const s = await Sandbox.create({ docker: false });
    sandboxes.push(s);
    // This machine may have a real kubectl in /usr/bin: a PATH without it (node only).
    const nodeOnly = join(s.root, "node-only");
    mkdirSync(nodeOnly);
    symlinkSync(process.execPath, join(nodeOnly, "node"));
    const missing = await s.runAction({ ...k8s(s), PATH: `${s.bin}:${nodeOnly}` });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/::error::kubectl was not found on PATH\./);

    const t = await world();
    const refused = await t.runAction({ ...k8s(t), FAKE_KUBECTL_NO_CLUSTER: "1" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::.*kubectl reaches no cluster: check KUBECONFIG/);
    expect(t.kubectlCalls().some((c) => c.argv[0] === "apply")).toBe(false);
  });

  it("the bundle (dist/) loads the schema models it splits into chunks, and runs the whole flow", async () => {
    const s = await world();
    const rendered = await s.runAction(k8s(s, { "render-only": "true" }), process.execPath);
    expect(rendered.code, text(rendered)).toBe(0);
    expect(existsSync(join(s.app, "convex-kubernetes.yaml"))).toBe(true);
    rmSync(join(s.app, ".env.convex.local"));
    const up = await s.runAction(k8s(s), process.execPath);
    expect(up.code, text(up)).toBe(0);
    expect(s.outputs()).toMatchObject({ namespace: "previews", deployed: "true" });
  });

  it("the CLI: render, doctor, up and down for one instance", async () => {
    const s = await world();
    const cli = (...args: string[]) =>
      s.run(
        process.execPath,
        ["--import", import.meta.resolve("tsx"), join(ROOT, "src/cli/bin.ts"), ...args],
        {
          PATH: `${s.bin}:${process.env.PATH}`,
          HOME: s.root,
          FAKE_KUBECTL_STATE: s.kubeState,
          FAKE_CONVEX_LOG: s.files.convexLog,
        },
        s.app,
      );
    const where = ["--namespace", "previews", "--instance-name", "pr-9"];
    const ports = ["--api-port", String(s.ports.api), "--site-port", String(s.ports.site)];

    const rendered = await cli("render", ...where);
    expect(rendered.code, text(rendered)).toBe(0);
    expect(rendered.stdout).toContain("Wrote convex-kubernetes.yaml: namespace previews, instance pr-9.");
    expect(s.kubectlCalls().filter((c) => c.argv[0] === "apply")).toEqual([]);
    rmSync(join(s.app, ".env.convex.local"));

    const doctor = await cli("doctor", "--target", "kubernetes", ...where, ...ports);
    expect(doctor.stdout).toMatch(/✓ kubectl v1\.\d+/);
    expect(doctor.stdout).toContain("instance pr-9 is not in namespace previews yet: up creates it");
    expect(doctor.stdout).not.toMatch(/docker/i);

    const up = await cli("up", "--target", "kubernetes", ...where, ...ports, "--no-dashboard");
    expect(up.code, text(up)).toBe(0);
    expect(up.stdout).toContain("Kubernetes namespace previews, instance pr-9");
    expect(up.stdout).toContain(
      `kubectl port-forward -n previews service/convex-pr-9 ${s.ports.api}:3210 ${s.ports.site}:3211`,
    );
    expect(await objectsOf(s, "pr-9")).toHaveLength(4);

    const status = await cli("status", "--target", "kubernetes", ...where, "--json");
    expect(status.code, text(status)).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      namespace: "previews",
      instance: "pr-9",
      up: true,
      objects: expect.arrayContaining(["statefulset.apps/convex-pr-9", "secret/convex-pr-9"]),
    });
    const logs = await cli("logs", "--target", "kubernetes", ...where, "--tail", "50");
    expect(logs.code, text(logs)).toBe(0);
    expect(logs.stdout).toMatch(/stand-in backend pr-9 starting/);

    const down = await cli("down", "--target", "kubernetes", ...where);
    expect(down.code, text(down)).toBe(0);
    expect(await objectsOf(s, "pr-9")).toEqual([]);
    const gone = await cli("status", "--target", "kubernetes", ...where);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toContain("no objects");
  });

  it("a rerun prunes what is no longer asked for (the dashboard), and replaces a crashing pod", async () => {
    const s = await world();
    const quick = { deploy: "false", verify: "false" };
    expect((await s.runAction(k8s(s, quick))).code).toBe(0);
    expect(await objectsOf(s, "pr-7")).toContain("deployment.apps/convex-pr-7-dashboard");
    const rerun = await s.runAction(k8s(s, { ...quick, dashboard: "false" }));
    expect(rerun.code, text(rerun)).toBe(0);
    expect(rerun.stdout).toMatch(/deployment\.apps "convex-pr-7-dashboard" deleted \(no longer asked for\)/);
    expect(await objectsOf(s, "pr-7")).not.toContain("deployment.apps/convex-pr-7-dashboard");

    // A pod in CrashLoopBackOff is never replaced by the StatefulSet controller: the rerun does it.
    const crashing = await s.runAction({
      ...k8s(s, { ...quick, dashboard: "false", "wait-timeout": "2" }),
      FAKE_KUBECTL_BACKEND_MODE: "exit",
    });
    expect(crashing.stdout).toContain("The backend's pod was crashing: deleted");
    expect(readFileSync(join(s.kubeState, "pod-deletions.log"), "utf8")).toContain("convex-pr-7-0");
  });

  it("another repository's instance of the same name is neither reused nor removed", async () => {
    const s = await world();
    const quick = { deploy: "false", verify: "false" };
    const mine = await s.runAction({ ...k8s(s, quick), GITHUB_REPOSITORY: "acme/shop" });
    expect(mine.code, text(mine)).toBe(0);
    const theirs = await s.runAction({ ...k8s(s, quick), GITHUB_REPOSITORY: "other/app" });
    expect(theirs.code).toBe(1);
    expect(theirs.stdout).toMatch(
      /::error::Secret convex-pr-7 in namespace previews belongs to acme\/shop, not other\/app/,
    );
    const down = await s.runAction({ ...k8s(s, { command: "down" }), GITHUB_REPOSITORY: "other/app" });
    expect(down.code).toBe(1);
    expect(await objectsOf(s, "pr-7")).toHaveLength(6);
    // A Secret of that name made by someone else is not taken over.
    await kubectl(
      s,
      "delete",
      "statefulset,deployment,service,secret,persistentvolumeclaim",
      "-n",
      "previews",
      "-l",
      "app.kubernetes.io/instance=pr-7",
    );
    const applied = spawnSync(
      join(s.bin, "kubectl"),
      ["apply", "--server-side", "--field-manager", "someone-else", "-n", "previews", "-f", "-"],
      {
        input:
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: convex-pr-7\n  namespace: previews\ndata:\n  token: c2VjcmV0\n",
        env: { PATH: process.env.PATH, FAKE_KUBECTL_STATE: s.kubeState },
        encoding: "utf8",
      },
    );
    expect(applied.status, applied.stderr).toBe(0);
    const takeover = await s.runAction({ ...k8s(s, quick), GITHUB_REPOSITORY: "acme/shop" });
    expect(takeover.code).toBe(1);
    expect(takeover.stdout).toMatch(
      /::error::Secret convex-pr-7 in namespace previews exists and was not made by setup-coder-convex .*refusing to take it over/,
    );
    expect(s.kubectlCalls().filter((c) => c.argv[0] === "apply")).toHaveLength(2);
  });

  it("ingress-host without TLS: a warning, and the run's own traffic goes through port-forward, never the plain-http Ingress", async () => {
    const s = await world();
    const run = await s.runAction(
      k8s(s, { "ingress-host": "{instance}.preview.example.com", verify: "false" }),
    );
    expect(run.code, text(run)).toBe(0);
    expect(run.stdout).toMatch(
      /::warning::ingress-host without ingress-tls-secret: the public URLs are plain http/,
    );
    expect(s.kubectlCalls().some((c) => c.argv[0] === "port-forward")).toBe(true);
    expect(s.outputs()["convex-url"]).toBe("http://pr-7.preview.example.com");
    expect(await objectsOf(s, "pr-7")).toContain("ingress.networking.k8s.io/convex-pr-7");
  });

  it("seed-function runs on the instance's first deploy only (its modules live in the cluster, not on the runner)", async () => {
    const s = await world();
    writeFileSync(
      join(s.app, "convex/seed.ts"),
      'import { internalMutation } from "./_generated/server";\nexport const init = internalMutation({ args: {}, handler: async () => {} });\n',
    );
    const inputs = { "seed-function": "seed:init", verify: "false" };
    const first = await s.runAction(k8s(s, inputs));
    expect(first.code, text(first)).toBe(0);
    expect(s.outputs().seeded).toBe("true");
    // A fresh checkout (no local files): still the same deployment, so no second seed.
    for (const f of [".env.local", ".env.convex.deployment", "jwt_private_key.pem"]) rmSync(join(s.app, f));
    const second = await s.runAction(k8s(s, inputs));
    expect(second.code, text(second)).toBe(0);
    expect(s.outputs().seeded).toBe("false");
    expect(second.stdout).toMatch(/Not a new deployment .*seed skipped/);
  });
});
