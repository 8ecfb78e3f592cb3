import { describe, expect, it } from "vitest";
import {
  createDocker,
  dockerArgs,
  explainDockerFailure,
  parseLabelRows,
  parsePsOutput,
  parseVolumeRows,
} from "../../src/adapters/docker.js";
import { CommandError, lastLine, type ProcessRunner } from "../../src/adapters/process.js";

const t = { file: "/w/docker-compose.convex.yml", project: "convex-w", cwd: "/w" };

describe("docker argv builders", () => {
  it.each([
    ["up", dockerArgs.up(t), ["compose", "-f", t.file, "-p", "convex-w", "up", "-d", "--remove-orphans"]],
    // Removing, listing and reading logs: by the project's name alone, no file of the checkout.
    ["down", dockerArgs.down(t, false), ["compose", "-p", "convex-w", "down", "--remove-orphans"]],
    [
      "down -v",
      dockerArgs.down(t, true),
      ["compose", "-p", "convex-w", "down", "--remove-orphans", "--volumes"],
    ],
    [
      "logs",
      dockerArgs.logs(t, 50),
      ["compose", "-p", "convex-w", "logs", "--no-color", "--timestamps", "--tail", "50"],
    ],
    ["ps", dockerArgs.ps(t), ["compose", "-p", "convex-w", "ps", "--all", "--format", "json"]],
    [
      "volumes",
      dockerArgs.volumes("convex-w"),
      ["volume", "ls", "--quiet", "--filter", "label=com.docker.compose.project=convex-w"],
    ],
    [
      "exec",
      dockerArgs.exec(t, "backend", ["./generate_admin_key.sh"]),
      ["compose", "-f", t.file, "-p", "convex-w", "exec", "-T", "backend", "./generate_admin_key.sh"],
    ],
    ["pull", dockerArgs.pull("img:1"), ["pull", "--quiet", "img:1"]],
    [
      "labelled",
      dockerArgs.labelled("setup-coder-convex.repository", "acme/shop", [
        "com.docker.compose.project",
        "a b",
      ]),
      [
        "ps",
        "--all",
        "--no-trunc",
        "--filter",
        "label=setup-coder-convex.repository=acme/shop",
        "--format",
        '{{.Label "com.docker.compose.project"}}\t{{.Label "a b"}}',
      ],
    ],
    [
      "labelledVolumes",
      dockerArgs.labelledVolumes("setup-coder-convex.repository", "acme/shop", [
        "com.docker.compose.project",
        "setup-coder-convex.created",
      ]),
      [
        "volume",
        "ls",
        "--filter",
        "label=setup-coder-convex.repository=acme/shop",
        "--format",
        '{{.Name}}\t{{.Label "com.docker.compose.project"}}\t{{.Label "setup-coder-convex.created"}}',
      ],
    ],
    [
      "removeVolumes",
      dockerArgs.removeVolumes(["pr-8_data", "pr-8_x"]),
      ["volume", "rm", "pr-8_data", "pr-8_x"],
    ],
  ])("%s", (_n, argv, expected) => {
    expect(argv).toEqual(expected);
  });
});

describe("parseVolumeRows", () => {
  it.each<[string, ReturnType<typeof parseVolumeRows>]>([
    [
      "pr-8_data\tpr-8\t7\npr-9_data\tpr-9\t\n",
      [
        { name: "pr-8_data", labels: { p: "pr-8", n: "7" } },
        { name: "pr-9_data", labels: { p: "pr-9", n: "" } },
      ],
    ],
    ["\n", []],
    ["", []],
  ])("%j", (text, expected) => {
    expect(parseVolumeRows(text, ["p", "n"])).toEqual(expected);
  });
});

describe("createDocker: volumes", () => {
  it("lists labelled volumes and removes them by name, from no project's folder", async () => {
    const calls: Array<{ args: readonly string[]; cwd: string | undefined }> = [];
    const runner: ProcessRunner = {
      run: async (c) => {
        calls.push({ args: c.args, cwd: c.cwd });
        return { code: 0, stdout: c.args[1] === "ls" ? "pr-8_data\tacme/shop\n" : "pr-8_data\n", stderr: "" };
      },
    };
    const docker = createDocker(runner, {});
    expect(await docker.labelledVolumes("k", "v", ["r"])).toEqual([
      { name: "pr-8_data", labels: { r: "acme/shop" } },
    ]);
    await docker.removeVolumes(["pr-8_data"]);
    await docker.removeVolumes([]);
    expect(calls.map((c) => c.args.slice(0, 2))).toEqual([
      ["volume", "ls"],
      ["volume", "rm"],
    ]);
    expect(calls.every((c) => c.cwd === "/")).toBe(true);
  });

  it("a volume in use: docker's line and the command in the error", async () => {
    const runner: ProcessRunner = {
      run: async () => ({
        code: 1,
        stdout: "",
        stderr: "Error response from daemon: remove pr-8_data: volume is in use - [abc]\n",
      }),
    };
    await expect(createDocker(runner, {}).removeVolumes(["pr-8_data"])).rejects.toThrow(
      /`docker volume rm pr-8_data` failed \(exit 1\): Error response from daemon: remove pr-8_data: volume is in use/,
    );
  });
});

describe("parsePsOutput", () => {
  it.each([
    [
      '{"Service":"backend","State":"running","ExitCode":0}\n{"Service":"dashboard","State":"exited","ExitCode":1}\n',
      [
        { service: "backend", state: "running", exitCode: 0 },
        { service: "dashboard", state: "exited", exitCode: 1 },
      ],
    ],
    ['[{"Service":"backend","State":"Running"}]', [{ service: "backend", state: "running" }]],
    ["", []],
  ])("%#", (text, expected) => {
    expect(parsePsOutput(text)).toEqual(expected);
  });
});

describe("parseLabelRows", () => {
  const labels = ["p", "r", "n"];
  it.each<[string, Array<Record<string, string>>]>([
    [
      "pr-7\tacme/shop\t7\npr-8\tacme/shop\t8\n",
      [
        { p: "pr-7", r: "acme/shop", n: "7" },
        { p: "pr-8", r: "acme/shop", n: "8" },
      ],
    ],
    // A label the container lacks prints as an empty field; a short line fills with "".
    [
      "pr-7\t\t7\r\npr-9\n",
      [
        { p: "pr-7", r: "", n: "7" },
        { p: "pr-9", r: "", n: "" },
      ],
    ],
    ["", []],
  ])("%j", (text, expected) => {
    expect(parseLabelRows(text, labels)).toEqual(expected);
  });
});

describe("explainDockerFailure", () => {
  it.each([
    [
      "Error response from daemon: driver failed programming external connectivity on endpoint x: Bind for 127.0.0.1:3210 failed: port is already allocated",
      /Port 3210 .* already in use/,
    ],
    ["Error starting userland proxy: listen tcp4 0.0.0.0:6791: bind: address already in use", /Port 6791/],
    [
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
      /engine is not reachable/,
    ],
    ["Error response from daemon: manifest unknown", /tag does not exist/],
    ["docker: 'compose' is not a docker command.", /compose v2 plugin is missing/],
    ["something else", undefined],
  ])("%s", (stderr, expected) => {
    const text = explainDockerFailure(stderr);
    if (expected) expect(text).toMatch(expected);
    else expect(text).toBeUndefined();
  });
  it("lastLine picks the last non-empty line", () => {
    expect(lastLine("a\n\nb \n\n")).toBe("b");
  });
});

describe("createDocker: when docker does not run", () => {
  const enoent = Object.assign(new Error("spawn docker ENOENT"), { code: "ENOENT" });
  const failing = (error: Error): ProcessRunner => ({
    run: async () => {
      throw error;
    },
  });

  it("not on PATH: says what to install, and where", async () => {
    const runner = failing(
      new CommandError("docker info", undefined, undefined, "`docker` was not found on PATH.", {
        cause: enoent,
      }),
    );
    await expect(createDocker(runner, {}).checkEngine()).rejects.toThrow(
      /^docker was not found on PATH\.\n {2}-> Install Docker \(https:\/\/docs\.docker\.com\/engine\/install\/\)/,
    );
  });

  it("stopped (SIGINT on this process) is not taken for a missing docker", async () => {
    const stopped = new CommandError(
      "docker pull x",
      undefined,
      undefined,
      "`docker pull x` was stopped: no longer needed.",
      {
        cause: Object.assign(new Error("The operation was aborted"), { name: "AbortError" }),
      },
    );
    await expect(createDocker(failing(stopped), {}).pull("x")).rejects.toBe(stopped);
  });

  it("a failed pull of an image not on this host: the command, docker's line and its advice", async () => {
    const runner: ProcessRunner = {
      run: async () => ({ code: 1, stdout: "", stderr: "Error response from daemon: manifest unknown\n" }),
    };
    await expect(createDocker(runner, {}).pull("img:9")).rejects.toThrow(
      /^`docker pull --quiet img:9` failed \(exit 1\): Error response from daemon: manifest unknown\n {2}-> The image tag does not exist/,
    );
  });
});
