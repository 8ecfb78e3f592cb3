/**
 * docker and docker compose. Builders return argv arrays (tested as tables); the adapter runs
 * them through a ProcessRunner and turns docker's errors into messages a person can act on.
 */
import { parse } from "node:path";
import { SetupError } from "../core/errors.js";
import type { ComposeTarget } from "../core/layout.js";
import { option, options } from "../core/naming.js";
import { createExec, type Tool } from "./exec.js";
import { type CommandResult, lastLine, type ProcessRunner } from "./process.js";

export const composeArgs = (t: ComposeTarget, ...sub: string[]): string[] => [
  "compose",
  "-f",
  t.file,
  "-p",
  t.project,
  ...sub,
];

/**
 * A project by its name alone: compose finds its containers, networks and volumes by their
 * labels and reads no compose file. Only `up` (and `exec` during it) are handed the file this
 * run just wrote; removing, listing and reading logs never read a file of the checkout (a pull
 * request, or a later step of the job, could have changed it: a volume renamed to another
 * project's, an `include:` of a remote file).
 */
export const projectArgs = (project: string, ...sub: string[]): string[] => [
  "compose",
  "-p",
  project,
  ...sub,
];

/** The label compose puts on everything of a project. */
export const PROJECT_LABEL = "com.docker.compose.project";

export const dockerArgs = {
  // No --short: without the plugin docker would report "unknown flag: --short" instead.
  version: () => ["compose", "version"],
  info: () => ["info", "--format", "{{.ServerVersion}}"],
  pull: (image: string) => ["pull", "--quiet", image],
  imageExists: (image: string) => ["image", "inspect", "--format", "{{.Id}}", image],
  save: (file: string, images: readonly string[]) => ["save", "-o", file, ...images],
  load: (file: string) => ["load", "-i", file],
  up: (t: ComposeTarget) => composeArgs(t, "up", "-d", "--remove-orphans"),
  down: (t: Pick<ComposeTarget, "project">, volumes: boolean) =>
    projectArgs(t.project, "down", "--remove-orphans", ...(volumes ? ["--volumes"] : [])),
  logs: (t: Pick<ComposeTarget, "project">, tail: number) =>
    projectArgs(t.project, "logs", "--no-color", "--timestamps", "--tail", String(tail)),
  ps: (t: Pick<ComposeTarget, "project">) => projectArgs(t.project, "ps", "--all", "--format", "json"),
  volumes: (project: string) => ["volume", "ls", "--quiet", "--filter", `label=${PROJECT_LABEL}=${project}`],
  exec: (t: ComposeTarget, service: string, argv: readonly string[]) =>
    composeArgs(t, "exec", "-T", service, ...argv),
  // One line per container (running or not), the labels' values separated by tabs ({{.Label}}:
  // docs.docker.com/reference/cli/docker/container/ls/#format).
  labelled: (label: string, value: string, labels: readonly string[]) => [
    "ps",
    "--all",
    "--no-trunc",
    "--filter",
    `label=${label}=${value}`,
    "--format",
    labels.map(labelField).join("\t"),
  ],
  // One line per volume: its name, then the labels' values, separated by tabs ({{.Name}} and
  // {{.Label}}: docs.docker.com/reference/cli/docker/volume/ls/#format).
  labelledVolumes: (label: string, value: string, labels: readonly string[]) => [
    "volume",
    "ls",
    "--filter",
    `label=${label}=${value}`,
    "--format",
    ["{{.Name}}", ...labels.map(labelField)].join("\t"),
  ],
  removeVolumes: (names: readonly string[]) => ["volume", "rm", ...names],
};

/** A --format field printing one label's value ("" when the object lacks it). */
function labelField(label: string): string {
  return `{{.Label ${JSON.stringify(label)}}}`;
}

export interface ServiceState {
  service: string;
  state: string;
  exitCode?: number;
}

/** `docker compose ps --format json` prints one JSON object per line (v2.21+) or one array (older). */
export function parsePsOutput(stdout: string): ServiceState[] {
  const text = stdout.trim();
  if (!text) return [];
  const rows: Array<Record<string, unknown>> = text.startsWith("[")
    ? JSON.parse(text)
    : text
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => JSON.parse(l));
  return rows.map((r) => ({
    service: String(r.Service ?? r.Name ?? ""),
    state: String(r.State ?? "").toLowerCase(),
    ...(typeof r.ExitCode === "number" ? { exitCode: r.ExitCode } : {}),
  }));
}

/** `docker ps --format` lines of tab-separated label values, as records. */
export function parseLabelRows(stdout: string, labels: readonly string[]): Array<Record<string, string>> {
  return stdout
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line) => {
      const values = line.split("\t");
      return Object.fromEntries(labels.map((l, i) => [l, (values[i] ?? "").trim()]));
    });
}

/** `docker volume ls --format` lines of a name and tab-separated label values (labelledVolumes). */
export function parseVolumeRows(stdout: string, labels: readonly string[]): LabelledVolume[] {
  const NAME = "\0name";
  return parseLabelRows(stdout, [NAME, ...labels])
    .filter((row) => row[NAME])
    .map(({ [NAME]: name, ...rest }) => ({ name: name!, labels: rest }));
}

/** Explains docker's usual failures; undefined when there is nothing to add. */
export function explainDockerFailure(stderr: string): string | undefined {
  if (/port is already allocated|address already in use/i.test(stderr)) {
    const port =
      /Bind for \S*?:(\d+) failed/.exec(stderr)?.[1] ?? /listen tcp[46]? \S*?:(\d+): bind/.exec(stderr)?.[1];
    const which = port ? `Port ${port}` : "A port";
    return `${which} on this host is already in use. Stop what uses it (e.g. another Convex backend: \`docker ps\`), or choose other ports with ${options("api-port", "site-port", "dashboard-port")} and a distinct ${option("project-name")}.`;
  }
  if (
    /Cannot connect to the Docker daemon|docker daemon is not running|permission denied.*docker.sock/i.test(
      stderr,
    )
  ) {
    return "The Docker engine is not reachable: start it (or add your user to the docker group) and retry.";
  }
  if (/manifest unknown|not found: manifest|pull access denied|repository does not exist/i.test(stderr)) {
    return `The image tag does not exist or is private: check ${options("backend-image", "dashboard-image")}.`;
  }
  if (
    /is not a docker command|unknown command: docker compose|unknown shorthand flag: 'f' in -f/i.test(stderr)
  ) {
    return "The docker compose v2 plugin is missing: install docker-compose-plugin (Debian/Ubuntu) or Docker Desktop.";
  }
  return undefined;
}

export interface Docker {
  /** Checks docker and the compose plugin; returns the compose version. */
  checkCompose(): Promise<string>;
  /** Checks that the engine answers (`docker info`); returns its version. */
  checkEngine(): Promise<string>;
  /** Pulls an image; if the pull fails but the image is present, resolves with a warning text. */
  pull(image: string, signal?: AbortSignal): Promise<string | undefined>;
  save(file: string, images: readonly string[]): Promise<void>;
  load(file: string): Promise<void>;
  /** `docker compose up`. `dropEnv`: names removed from compose's own environment (see deriveDroppedEnv). */
  up(t: ComposeTarget, options?: { dropEnv?: readonly string[] }): Promise<void>;
  /** Removes the project by its name (no file is read), its named volumes too with `volumes`. */
  down(t: Pick<ComposeTarget, "project">, volumes: boolean): Promise<void>;
  logs(t: Pick<ComposeTarget, "project">, tail: number): Promise<string>;
  ps(t: Pick<ComposeTarget, "project">): Promise<ServiceState[]>;
  /** The names of the volumes of a compose project (by its label). */
  volumes(project: string): Promise<string[]>;
  exec(t: ComposeTarget, service: string, argv: readonly string[]): Promise<CommandResult>;
  /** The containers (running or not) whose `label` is `value`: each one's `labels` ("" when absent). */
  labelled(label: string, value: string, labels: readonly string[]): Promise<Array<Record<string, string>>>;
  /** The volumes whose `label` is `value`: each one's name and `labels` ("" when absent). */
  labelledVolumes(label: string, value: string, labels: readonly string[]): Promise<LabelledVolume[]>;
  /** `docker volume rm`: refused by docker while a container (even a stopped one) uses a volume. */
  removeVolumes(names: readonly string[]): Promise<void>;
}

export interface LabelledVolume {
  name: string;
  labels: Record<string, string>;
}

/** The file system's root: a folder that is no project's and that only an administrator writes. */
const NEUTRAL_CWD = parse(process.cwd()).root;

export const DOCKER: Tool = {
  command: "docker",
  install:
    "Install Docker (https://docs.docker.com/engine/install/) with the compose plugin, or run inside a Coder workspace whose template provides it.",
  explain: explainDockerFailure,
};

export function createDocker(
  runner: ProcessRunner,
  env: Readonly<Record<string, string | undefined>>,
): Docker {
  interface RunOptions {
    /** The folder compose runs in (`up`: the app's, where its env_file is). */
    cwd?: string;
    signal?: AbortSignal;
    dropEnv?: readonly string[];
  }
  const exec = createExec(runner, DOCKER);
  const command = (args: string[], { cwd, signal, dropEnv }: RunOptions = {}) => ({
    args,
    env: dropEnv?.length
      ? Object.fromEntries(Object.entries(env).filter(([k]) => !dropEnv.includes(k)))
      : env,
    ...(cwd ? { cwd } : {}),
    ...(signal ? { signal } : {}),
  });
  const run = (args: string[], options?: RunOptions) => exec.run(command(args, options));
  const check = (args: string[], options?: RunOptions) => exec.check(command(args, options));
  return {
    async checkEngine() {
      const result = await run(dockerArgs.info());
      if (result.code !== 0) {
        throw new SetupError(
          `The Docker engine does not answer (\`docker info\`: ${lastLine(result.stderr) || "no output"}).`,
          explainDockerFailure(result.stderr) ??
            "Start the Docker engine (or Docker Desktop), or check DOCKER_HOST and your access to its socket.",
        );
      }
      return result.stdout.trim();
    },
    async checkCompose() {
      const result = await run(dockerArgs.version());
      if (result.code !== 0) {
        // Docker prints its error first and a "Run 'docker --help'" line last.
        const line = result.stderr
          .split(/\r?\n/)
          .find((l) => /unknown|not a docker command|cannot|error/i.test(l));
        throw new SetupError(
          `\`docker compose version\` failed: ${line?.trim() || lastLine(result.stderr) || "no output"}`,
          explainDockerFailure(result.stderr) ??
            "Install the docker compose v2 plugin (docker-compose-plugin) and check that the Docker engine runs.",
        );
      }
      return /v?(\d+\.\d+\.\d+\S*)/.exec(result.stdout)?.[1] ?? result.stdout.trim();
    },
    async pull(image, signal) {
      const result = await run(dockerArgs.pull(image), { signal });
      if (result.code === 0) return undefined;
      if ((await run(dockerArgs.imageExists(image))).code === 0) {
        return `Pulling ${image} failed (${lastLine(result.stderr)}); using the copy already on this host.`;
      }
      throw exec.failure(command(dockerArgs.pull(image)), result);
    },
    async save(file, images) {
      await check(dockerArgs.save(file, images));
    },
    async load(file) {
      await check(dockerArgs.load(file));
    },
    async up(t, options = {}) {
      await check(dockerArgs.up(t), { cwd: t.cwd, ...(options.dropEnv ? { dropEnv: options.dropEnv } : {}) });
    },
    // By name, from a folder of no project: compose reads no compose file and no `.env` of the
    // checkout (its COMPOSE_* lines would become compose's settings), and works after a clean
    // checkout removed the app's files.
    async down(t, volumes) {
      await check(dockerArgs.down(t, volumes), { cwd: NEUTRAL_CWD });
    },
    async logs(t, tail) {
      const result = await run(dockerArgs.logs(t, tail), { cwd: NEUTRAL_CWD });
      return result.stdout + (result.code === 0 ? "" : result.stderr);
    },
    async ps(t) {
      const result = await check(dockerArgs.ps(t), { cwd: NEUTRAL_CWD });
      return parsePsOutput(result.stdout);
    },
    async volumes(project) {
      const result = await check(dockerArgs.volumes(project), { cwd: NEUTRAL_CWD });
      return result.stdout
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    },
    exec(t, service, argv) {
      return run(dockerArgs.exec(t, service, argv), { cwd: t.cwd });
    },
    async labelled(label, value, labels) {
      const result = await check(dockerArgs.labelled(label, value, labels), { cwd: NEUTRAL_CWD });
      return parseLabelRows(result.stdout, labels);
    },
    async labelledVolumes(label, value, labels) {
      const result = await check(dockerArgs.labelledVolumes(label, value, labels), { cwd: NEUTRAL_CWD });
      return parseVolumeRows(result.stdout, labels);
    },
    async removeVolumes(names) {
      if (names.length) await check(dockerArgs.removeVolumes(names), { cwd: NEUTRAL_CWD });
    },
  };
}
