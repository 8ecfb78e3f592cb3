import { describe, expect, it } from "vitest";
import { createKubectl, explainKubectlFailure, kubectlArgs } from "../../src/adapters/kubectl.js";
import type { Command, CommandResult, ProcessRunner } from "../../src/adapters/process.js";
import { CommandError } from "../../src/adapters/process.js";

const SEL = "app.kubernetes.io/instance=pr-1";

describe("kubectl argv builders", () => {
  it.each([
    [
      "apply",
      kubectlArgs.apply("ns"),
      ["apply", "--server-side", "--field-manager", "setup-coder-convex", "-n", "ns", "-f", "-"],
    ],
    [
      "rollout",
      kubectlArgs.rollout("ns", "statefulset/convex-pr-1", 120),
      ["rollout", "status", "statefulset/convex-pr-1", "-n", "ns", "--timeout=120s"],
    ],
    [
      "port-forward",
      kubectlArgs.portForward("ns", "service/convex-pr-1", [
        [3210, 3210],
        [4000, 3211],
      ]),
      ["port-forward", "-n", "ns", "service/convex-pr-1", "--address", "127.0.0.1", "3210:3210", "4000:3211"],
    ],
    [
      "delete",
      kubectlArgs.delete("ns", SEL),
      [
        "delete",
        "statefulset,deployment,service,ingress,secret,persistentvolumeclaim",
        "-n",
        "ns",
        "-l",
        SEL,
        "--ignore-not-found",
        "--wait=true",
      ],
    ],
    [
      "get secret",
      kubectlArgs.getSecret("ns", "convex-pr-1"),
      ["get", "secret", "convex-pr-1", "-n", "ns", "-o", "json", "--ignore-not-found"],
    ],
    [
      "secrets by label",
      kubectlArgs.secrets("ns", SEL),
      ["get", "secrets", "-n", "ns", "-l", SEL, "-o", "json"],
    ],
  ])("%s", (_n, argv, expected) => {
    expect(argv).toEqual(expected);
  });
});

describe("explainKubectlFailure", () => {
  it.each([
    [
      "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
      /reaches no cluster: check KUBECONFIG/,
    ],
    ["error: current-context is not set", /no usable context/],
    [
      'Error from server (Forbidden): secrets "x" is forbidden: User "ci" cannot get resource "secrets" in API group "" in the namespace "p"',
      /may not do this/,
    ],
    ["error: You must be logged in to the server (Unauthorized)", /refused the kubeconfig's credentials/],
    ["something else", undefined],
  ])("%s", (stderr, expected) => {
    const hint = explainKubectlFailure(stderr);
    if (expected === undefined) expect(hint).toBeUndefined();
    else expect(hint).toMatch(expected);
  });
});

/** A runner answering from a table of argv prefixes; records the calls. */
function scripted(answers: Array<[string, Partial<CommandResult>]>): ProcessRunner & { calls: Command[] } {
  const calls: Command[] = [];
  return {
    calls,
    async run(command) {
      calls.push(command);
      const line = command.args.join(" ");
      const found = answers.find(([prefix]) => line.startsWith(prefix));
      return { code: 0, stdout: "", stderr: "", ...(found?.[1] ?? {}) };
    },
  };
}

describe("createKubectl", () => {
  it("creates a missing namespace, keeps an existing one, accepts a concurrent creation", async () => {
    const missing = scripted([
      ["get namespace", { code: 1, stderr: 'Error from server (NotFound): namespaces "p" not found' }],
    ]);
    expect(await createKubectl(missing, {}).ensureNamespace("p")).toBe(true);
    expect(missing.calls.map((c) => c.args.slice(0, 2).join(" "))).toEqual([
      "get namespace",
      "create namespace",
    ]);

    const present = scripted([["get namespace", { stdout: "namespace/p" }]]);
    expect(await createKubectl(present, {}).ensureNamespace("p")).toBe(false);
    expect(present.calls).toHaveLength(1);

    const raced = scripted([
      ["get namespace", { code: 1, stderr: "Error from server (NotFound): x" }],
      [
        "create namespace",
        { code: 1, stderr: 'Error from server (AlreadyExists): namespaces "p" already exists' },
      ],
    ]);
    expect(await createKubectl(raced, {}).ensureNamespace("p")).toBe(false);

    const forbidden = scripted([
      ["get namespace", { code: 1, stderr: "Error from server (Forbidden): nope" }],
    ]);
    await expect(createKubectl(forbidden, {}).ensureNamespace("p")).rejects.toThrow(/may not do this/);
  });

  it("a missing Secret or namespace reads as none; another failure is an error", async () => {
    expect(
      await createKubectl(scripted([["get secret", { stdout: "" }]]), {}).readSecret("p", "s"),
    ).toBeUndefined();
    expect(
      await createKubectl(
        scripted([
          ["get secret", { code: 1, stderr: 'Error from server (NotFound): namespaces "p" not found' }],
        ]),
        {},
      ).readSecret("p", "s"),
    ).toBeUndefined();
    await expect(
      createKubectl(
        scripted([["get secret", { code: 1, stderr: "The connection to the server x was refused" }]]),
        {},
      ).readSecret("p", "s"),
    ).rejects.toThrow(/reaches no cluster/);
  });

  it("applies on stdin and returns kubectl's lines", async () => {
    const runner = scripted([["apply", { stdout: "secret/convex-pr-1 serverside-applied\n\n" }]]);
    expect(await createKubectl(runner, {}).apply("p", "kind: Secret\n")).toEqual([
      "secret/convex-pr-1 serverside-applied",
    ]);
    expect(runner.calls[0]!.input).toBe("kind: Secret\n");
  });

  it("a rollout timeout names the wait and how to see why", async () => {
    const runner = scripted([["rollout", { code: 1, stderr: "error: timed out waiting for the condition" }]]);
    await expect(createKubectl(runner, {}).rolloutStatus("p", "statefulset/x", 30)).rejects.toThrow(
      /did not become ready within 30 s/,
    );
  });

  it("kubectl missing from PATH says how to get it", async () => {
    // As the process runner reports it: spawn's ENOENT as the cause.
    const enoent = Object.assign(new Error("spawn kubectl ENOENT"), { code: "ENOENT" });
    const runner: ProcessRunner = {
      run: async () => {
        throw new CommandError("kubectl version", undefined, undefined, "`kubectl` was not found on PATH.", {
          cause: enoent,
        });
      },
    };
    await expect(createKubectl(runner, {}).check()).rejects.toThrow(
      /kubectl was not found on PATH[\s\S]*kubernetes\.io\/docs\/tasks\/tools/,
    );
  });

  it("port-forward: ready on its Forwarding lines; an early exit is an error with the reason", async () => {
    const listening: ProcessRunner = {
      run: (command, options) =>
        new Promise((resolve, reject) => {
          setTimeout(() => {
            options?.onStdout?.("Forwarding from 127.0.0.1:3210 -> 3210\n");
            options?.onStdout?.("Forwarding from 127.0.0.1:3211 -> 3211\n");
          }, 5);
          command.signal?.addEventListener("abort", () =>
            reject(new CommandError("kubectl port-forward", undefined, undefined, "stopped")),
          );
          void resolve;
        }),
    };
    const forward = await createKubectl(listening, {}).portForward("p", "service/x", [
      [3210, 3210],
      [3211, 3211],
    ]);
    await forward.stop();

    const exits = scripted([
      ["port-forward", { code: 1, stderr: "Unable to listen on port 3210: address already in use" }],
    ]);
    await expect(createKubectl(exits, {}).portForward("p", "service/x", [[3210, 3210]])).rejects.toThrow(
      /A local port is taken/,
    );

    const silent: ProcessRunner = {
      run: (c) =>
        new Promise((_r, reject) => c.signal?.addEventListener("abort", () => reject(new Error("stopped")))),
    };
    await expect(
      createKubectl(silent, {}, { portForwardTimeoutMs: 50 }).portForward("p", "service/x", [[3210, 3210]]),
    ).rejects.toThrow(/did not start forwarding within 0.05 s/);
  });
});
