/**
 * One run of the bundled action in a Sandbox (fake docker, stand-in backend, fake convex CLI),
 * instrumented from the outside: every line of its output is timestamped as it arrives (the
 * phases are its `::group::` blocks), and `docker` and `convex` are wrapped in a bash script
 * that records when each call started and ended ($EPOCHREALTIME, no extra process). The
 * stand-in's own log says when it started listening. Nothing in src/ is changed for this.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, Sandbox } from "../__tests__/helpers/sandbox.js";
import { now } from "./lib.js";

const DOUBLES = join(ROOT, "__tests__/doubles");

export interface Interval {
  start: number;
  end: number;
  /** e.g. "docker pull", "docker compose up", "convex deploy" */
  what: string;
}

export interface ActionRun {
  spawn: number;
  exit: number;
  code: number;
  stdout: string;
  stderr: string;
  /** Every output line with the time it arrived. */
  lines: Array<{ t: number; text: string }>;
  phases: Array<{ title: string; start: number; end: number }>;
  docker: Interval[];
  convex: Interval[];
  /** When the stand-in backend started listening (could first answer /version). */
  backendListening?: number;
  /** When the stand-in answered /version for the first time. */
  firstVersionAnswer?: number;
  summary: string;
}

/** A bash wrapper that times each call of `target` (a .mjs double run by this Node). */
function timedWrapper(name: string, target: string, log: string): string {
  return `#!/bin/bash
# bench: times each call of the ${name} double
s=$EPOCHREALTIME
"${process.execPath}" "${target}" "$@"
c=$?
printf '%s %s %s\\n' "$s" "$EPOCHREALTIME" "$*" >> "${log}"
exit $c
`;
}

function readIntervals(log: string, kind: "docker" | "convex"): Interval[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [s, e, ...argv] = line.split(" ");
      // docker: "pull", "info", "compose up" (-f FILE -p PROJECT skipped); convex: "deploy"
      const words = [argv[0] ?? ""];
      if (argv[0] === "compose") {
        for (let i = 1; i < argv.length; i++) {
          if (argv[i] === "-f" || argv[i] === "-p") i++;
          else {
            words.push(argv[i]!);
            break;
          }
        }
      }
      return {
        start: Number(s) * 1000,
        end: Number(e) * 1000,
        what: `${kind} ${words.join(" ")}`,
      };
    })
    .sort((a, b) => a.start - b.start);
}

export async function runAction(
  entry: string,
  options: {
    pullMs?: number;
    inputs?: Record<string, string>;
    env?: Record<string, string>;
    /** Options for the action's Node, e.g. --cpu-prof to see where its own time goes. */
    nodeArgs?: string[];
  } = {},
): Promise<ActionRun> {
  const s = await Sandbox.create();
  try {
    const dockerLog = join(s.root, "bench-docker.log");
    const convexLog = join(s.root, "bench-convex.log");
    const docker = join(s.bin, "docker");
    rmSync(docker);
    writeFileSync(docker, timedWrapper("docker", join(DOUBLES, "fake-docker.mjs"), dockerLog));
    chmodSync(docker, 0o755);
    const convex = join(s.app, "node_modules/.bin/convex");
    writeFileSync(convex, timedWrapper("convex", join(DOUBLES, "fake-convex-cli.mjs"), convexLog));
    chmodSync(convex, 0o755);
    const env = s.actionEnv(
      { cleanup: "false", ...options.inputs },
      { FAKE_DOCKER_PULL_MS: String(options.pullMs ?? 0), ...options.env },
    );

    const lines: ActionRun["lines"] = [];
    let stdout = "";
    let stderr = "";
    let partial = "";
    const start = now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], {
      env,
      cwd: s.workspace,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      const t = now();
      const text = chunk.toString();
      stdout += text;
      const parts = (partial + text).split("\n");
      partial = parts.pop() ?? "";
      for (const p of parts) lines.push({ t, text: p });
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const closed = new Promise((r) => child.on("close", r));
    const code = await new Promise<number>((res) => child.on("exit", (c) => res(c ?? 1)));
    const exit = now();
    await closed;

    const phases: ActionRun["phases"] = [];
    for (const l of lines) {
      const group = /^::group::(.*)$/.exec(l.text);
      if (group) phases.push({ title: group[1]!, start: l.t, end: Number.NaN });
      else if (l.text === "::endgroup::" && phases.length) phases.at(-1)!.end = l.t;
    }
    const project = join(s.dockerState, "projects", `t${s.ports.api}`);
    const backendLog = join(project, "backend.log");
    let backendListening: number | undefined;
    if (existsSync(backendLog)) {
      const m = /^(\S+) api on \d+/m.exec(readFileSync(backendLog, "utf8"));
      if (m) backendListening = Date.parse(m[1]!);
    }
    const firstVersion = s.backendRequests(`t${s.ports.api}`).find((r) => r.path === "/version");
    return {
      spawn: start,
      exit,
      code,
      stdout,
      stderr,
      lines,
      phases,
      docker: readIntervals(dockerLog, "docker"),
      convex: readIntervals(convexLog, "convex"),
      ...(backendListening !== undefined ? { backendListening } : {}),
      ...(firstVersion ? { firstVersionAnswer: Number(firstVersion.t) } : {}),
      summary: s.summary(),
    };
  } finally {
    await s.dispose();
  }
}

/** Milliseconds of [a, b] covered by the union of the intervals. */
export function covered(
  intervals: ReadonlyArray<{ start: number; end: number }>,
  a: number,
  b: number,
): number {
  const clipped = intervals
    .map((i) => [Math.max(a, i.start), Math.min(b, i.end)] as const)
    .filter(([x, y]) => y > x)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let cursor = a;
  for (const [x, y] of clipped) {
    const from = Math.max(x, cursor);
    if (y > from) {
      total += y - from;
      cursor = y;
    }
  }
  return total;
}

export interface Segment {
  name: string;
  wall: number;
  /** The part spent waiting for a double (docker, the stand-in booting, the convex CLI). */
  doubles: number;
}

/** The backend's boot as the action waits for it: from the end of `compose up` to listening. */
export function backendBoot(run: ActionRun): Interval | undefined {
  const up = run.docker.find((d) => d.what === "docker compose up");
  if (!up || run.backendListening === undefined) return undefined;
  return { start: up.end, end: Math.max(up.end, run.backendListening), what: "backend boot" };
}

/**
 * The run cut into start-up, phases, the gaps between phases, and the tail, each with the time
 * the action spent waiting for a double. A background pull counts only where the action waits
 * for it ("Start containers"); elsewhere it runs alongside.
 */
export function segments(run: ActionRun): Segment[] {
  const boot = backendBoot(run);
  // The pull and waitForBackend's `docker compose ps` run alongside: not waited for.
  const alongside = (d: Interval) => d.what === "docker pull" || d.what === "docker compose ps";
  const awaited = [...run.docker.filter((d) => !alongside(d)), ...run.convex, ...(boot ? [boot] : [])];
  const pulls = run.docker.filter((d) => d.what === "docker pull");
  const out: Segment[] = [];
  const first = run.phases[0]?.start ?? run.exit;
  out.push({
    name: "start-up (spawn → first output)",
    wall: first - run.spawn,
    doubles: covered(awaited, run.spawn, first),
  });
  let gaps = 0;
  let gapDoubles = 0;
  run.phases.forEach((p, i) => {
    const set = p.title === "Start containers" ? [...awaited, ...pulls] : awaited;
    out.push({ name: p.title, wall: p.end - p.start, doubles: covered(set, p.start, p.end) });
    const next = run.phases[i + 1];
    if (next) {
      gaps += next.start - p.end;
      gapDoubles += covered(awaited, p.end, next.start);
    }
  });
  out.push({ name: "between phases", wall: gaps, doubles: gapDoubles });
  const last = run.phases.at(-1)?.end ?? run.spawn;
  out.push({
    name: "after the last phase (outputs, summary, exit)",
    wall: run.exit - last,
    doubles: covered(awaited, last, run.exit),
  });
  return out;
}
