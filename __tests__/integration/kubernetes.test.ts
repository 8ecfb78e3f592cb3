/**
 * target kubernetes end to end, a few runs only: the CLI as a process and the committed bundle
 * (dist/) with the fake kubectl on PATH, which starts the stand-in backend as the pod's container
 * on port-forward. They prove the wiring the in-process tests cannot (the CLI's and the action's
 * kubectl, the bundle's kubernetes path); the flows themselves (keys in the Secret, foreign and
 * conflicting Secrets, rollout timeouts, crashing pods, render-only, Ingress, seeding, down) are
 * tested in process in targets/kubernetes.test.ts, the adapter's contract in kubectl-adapter.test.ts.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

describe("target: kubernetes end to end (fake kubectl, no docker)", () => {
  it("the bundle (dist/): render-only, then up (apply, rollout, port-forward, deploy, verify), then the post step removes it", async () => {
    const s = await world();
    const rendered = await s.runAction(k8s(s, { "render-only": "true" }), process.execPath);
    expect(rendered.code, text(rendered)).toBe(0);
    expect(existsSync(join(s.app, "convex-kubernetes.yaml"))).toBe(true);
    expect(s.kubectlCalls()).toEqual([]);
    rmSync(join(s.app, ".env.convex.local"));

    const env = k8s(s, { cleanup: "true" });
    const up = await s.runAction(env, process.execPath);
    expect(up.code, text(up)).toBe(0);
    expect(s.outputs()).toMatchObject({
      namespace: "previews",
      deployed: "true",
      "convex-url": `http://localhost:${s.ports.api}`,
    });
    expect(up.stdout).toContain("✓ the site proxy serves the deployment's JWKS");
    expect(s.summary()).toMatch(/Kubernetes \| namespace <code>previews<\/code>/);
    expect(s.dockerCalls()).toEqual([]);
    // The port-forward ended with the run.
    await expect(fetch(`http://127.0.0.1:${s.ports.api}/version`)).rejects.toThrow();
    expect(await objectsOf(s, "pr-7")).toHaveLength(6);

    const post = await s.runAction(s.postEnv(env), process.execPath);
    expect(post.code, text(post)).toBe(0);
    expect(post.stdout).toContain("Removed instance pr-7 from namespace previews.");
    expect(await objectsOf(s, "pr-7")).toEqual([]);
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
});
