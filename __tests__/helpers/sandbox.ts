/**
 * A throwaway world for whole-pipeline tests: a workspace holding a Convex app, a bin folder
 * whose `docker` is the fake docker, free ports, and the Actions runner's command files.
 */
import { spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DOUBLES = join(ROOT, "__tests__/doubles");
/** tsx, resolved here: the child's cwd is the sandbox, where it is not installed. */
const TSX = import.meta.resolve("tsx");

/** Ports handed out in this process (a test file): never twice. */
const handedOut = new Set<number>();

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux, 49152+ elsewhere): a port the
 * OS picked (listen 0) is one that any outgoing connection of a parallel test may take as its
 * source port before the stand-in binds it. Random in 20000–32767, checked free by binding it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((res) => {
      const s = createServer();
      s.once("error", () => res(false));
      s.listen(port, "127.0.0.1", () => s.close(() => res(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("no free port in 20000-32767");
}

/** Parses GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE: `name<<DELIM\nvalue\nDELIM` or `name=value`. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join("\n");
    } else if (line.includes("=")) out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return out;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Output without the runner's own ::add-mask:: commands (which carry secrets by design). */
export const visible = (r: RunResult) =>
  `${r.stdout}\n${r.stderr}`
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n");

export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), "scc-"));
  readonly workspace = join(this.root, "workspace");
  readonly app = join(this.workspace, "app");
  readonly bin = join(this.root, "bin");
  readonly dockerState = join(this.root, "docker-state");
  readonly kubeState = join(this.root, "kube-state");
  readonly runnerTemp = join(this.root, "runner-temp");
  readonly files = {
    output: join(this.root, "github_output"),
    env: join(this.root, "github_env"),
    state: join(this.root, "github_state"),
    summary: join(this.root, "github_summary"),
    convexLog: join(this.root, "convex-calls.jsonl"),
  };
  ports = { api: 0, site: 0, dashboard: 0 };

  static async create(
    options: { docker?: boolean; convex?: boolean; kubectl?: boolean } = {},
  ): Promise<Sandbox> {
    const s = new Sandbox();
    mkdirSync(s.app, { recursive: true });
    mkdirSync(s.bin, { recursive: true });
    mkdirSync(s.runnerTemp, { recursive: true });
    for (const f of Object.values(s.files)) writeFileSync(f, "");
    if (options.docker !== false) symlinkSync(join(DOUBLES, "fake-docker.mjs"), join(s.bin, "docker"));
    if (options.kubectl) symlinkSync(join(DOUBLES, "fake-kubectl.mjs"), join(s.bin, "kubectl"));
    // The Convex app: the example's sources, with a fake convex CLI installed.
    cpSync(join(ROOT, "examples/convex"), join(s.app, "convex"), { recursive: true });
    writeFileSync(
      join(s.app, "package.json"),
      // A Vite app with @convex-dev/auth, as the example and most templates are.
      JSON.stringify({
        name: "app",
        private: true,
        dependencies: { convex: "1.48.0", "@convex-dev/auth": "0.0.95" },
        devDependencies: { vite: "8.3.8" },
      }),
    );
    writeFileSync(join(s.app, "package-lock.json"), "{}");
    if (options.convex !== false) {
      mkdirSync(join(s.app, "node_modules/convex"), { recursive: true });
      mkdirSync(join(s.app, "node_modules/.bin"), { recursive: true });
      writeFileSync(
        join(s.app, "node_modules/convex/package.json"),
        JSON.stringify({ name: "convex", version: "1.48.0" }),
      );
      const bin = join(s.app, "node_modules/.bin/convex");
      writeFileSync(
        bin,
        `#!/bin/sh\nexec "${process.execPath}" "${join(DOUBLES, "fake-convex-cli.mjs")}" "$@"\n`,
      );
      chmodSync(bin, 0o755);
    }
    s.ports = { api: await freePort(), site: await freePort(), dashboard: await freePort() };
    return s;
  }

  /** The environment the Actions runner would give the action's node process. */
  actionEnv(inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {
      PATH: `${this.bin}:${process.env.PATH}`,
      HOME: this.root,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_OUTPUT: this.files.output,
      GITHUB_ENV: this.files.env,
      GITHUB_STATE: this.files.state,
      GITHUB_STEP_SUMMARY: this.files.summary,
      RUNNER_TEMP: this.runnerTemp,
      FAKE_DOCKER_STATE: this.dockerState,
      FAKE_KUBECTL_STATE: this.kubeState,
      FAKE_CONVEX_LOG: this.files.convexLog,
      ...extra,
    };
    const all: Record<string, string> = {
      "working-directory": "app",
      "api-port": String(this.ports.api),
      "site-port": String(this.ports.site),
      "dashboard-port": String(this.ports.dashboard),
      "project-name": `t${this.ports.api}`,
      "wait-timeout": "20",
      ...inputs,
    };
    for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value;
    return env;
  }

  run(
    command: string,
    args: string[],
    env: Record<string, string>,
    cwd = this.workspace,
  ): Promise<RunResult> {
    return new Promise((res) => {
      const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.on("close", (code) => res({ code: code ?? 1, stdout, stderr }));
    });
  }

  /**
   * Runs the action (main, or post when the state says so) as the runner would. Without `node`,
   * from source (src/action/index.ts through tsx), so an edit is tested before bundling; with
   * `node` (a Node binary), the committed bundle dist/index.js on that binary.
   */
  runAction(env: Record<string, string>, node?: string): Promise<RunResult> {
    if (node) return this.run(node, [join(ROOT, "dist/index.js")], env);
    return this.run(process.execPath, ["--import", TSX, join(ROOT, "src/action/index.ts")], env);
  }

  /** The env of the post step: the runner passes saved state as STATE_<name>. */
  postEnv(env: Record<string, string>): Record<string, string> {
    const state = parseFileCommands(readFileSync(this.files.state, "utf8"));
    const out = { ...env };
    for (const [k, v] of Object.entries(state)) out[`STATE_${k}`] = v;
    return out;
  }

  outputs = () => parseFileCommands(readFileSync(this.files.output, "utf8"));
  exported = () => parseFileCommands(readFileSync(this.files.env, "utf8"));
  summary = () => readFileSync(this.files.summary, "utf8");
  jsonl = (file: string) =>
    (existsSync(file) ? readFileSync(file, "utf8") : "")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  dockerCalls = (): Array<{ argv: string[] }> => this.jsonl(join(this.dockerState, "calls.jsonl"));
  backendRequests = (project: string) =>
    this.jsonl(join(this.dockerState, "projects", project, "volume-data/requests.jsonl"));
  convexCalls = () => this.jsonl(this.files.convexLog);
  kubectlCalls = (): Array<{ argv: string[] }> => this.jsonl(join(this.kubeState, "calls.jsonl"));

  /** Stops every stand-in backend this sandbox started, then removes the folder. */
  async dispose(): Promise<void> {
    const { readdirSync } = await import("node:fs");
    const projects = join(this.dockerState, "projects");
    if (existsSync(projects)) {
      for (const p of readdirSync(projects)) {
        try {
          const pid = Number(readFileSync(join(projects, p, "backend.pid"), "utf8"));
          process.kill(pid, "SIGKILL");
        } catch {}
      }
    }
    // The fake kubectl's backends (one per StatefulSet whose port was forwarded).
    const pods = join(this.kubeState, "pods");
    if (existsSync(pods)) {
      for (const ns of readdirSync(pods)) {
        for (const f of readdirSync(join(pods, ns))) {
          try {
            process.kill(JSON.parse(readFileSync(join(pods, ns, f), "utf8")).pid, "SIGKILL");
          } catch {}
        }
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
