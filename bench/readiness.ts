/**
 * 3. How soon readiness is noticed. The stand-in backend is started with its API port closed for
 * a start delay (STANDIN_START_DELAY_MS, 0.5 to 5 s); three pollers wait for it side by side, in
 * this process, against the same backend: the action's waitForBackend (src/phases/start.ts), the
 * previous schedule (100 ms doubling to 500 ms), and the original scripts' fixed 2 s poll. Each
 * one's lag is the time from the backend listening (its own log: it could first answer
 * /version) to the poller returning.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, ROOT } from "../__tests__/helpers/sandbox.js";
import { type ConvexAdmin, createConvexAdmin } from "../src/adapters/convex-admin.js";
import { systemClock } from "../src/adapters/runtime.js";
import { type BackendView, READINESS_POLL, waitForBackend } from "../src/phases/start.js";
import { now, type Section, sleep, spread, stats } from "./lib.js";

type Poller = (admin: ConvexAdmin) => Promise<void>;

const quiet = {
  info() {},
  warn() {},
  debug() {},
  group: <T>(_: string, fn: () => Promise<T>) => fn(),
  mask() {},
};
/** The backend as waitForBackend's state check sees it: the container runs. */
const running: BackendView = {
  states: async () => [{ service: "backend", state: "running" }],
  logs: async () => "",
  advice: { stopped: () => ({ message: "", hint: "" }), timeout: "" },
};

const POLLERS: Array<{ name: string; design: string; run: Poller }> = [
  {
    name: "waitForBackend (src/phases/start.ts)",
    design: `every ${READINESS_POLL.intervalMs} ms for ${READINESS_POLL.fastForMs / 1000} s, then doubling to ${READINESS_POLL.maxIntervalMs} ms`,
    run: (admin) => waitForBackend(admin, running, 60_000, { logger: quiet, clock: systemClock }),
  },
  {
    name: "previous schedule",
    design: "100 ms doubling to 500 ms",
    run: async (admin) => {
      let delay = 100;
      while (!(await admin.isUp())) {
        await sleep(delay);
        delay = Math.min(delay * 2, 500);
      }
    },
  },
  {
    name: "original scripts",
    design: "fixed 2 s (curl; sleep 2)",
    run: async (admin) => {
      while (!(await admin.isUp())) await sleep(2000);
    },
  },
];

interface Trial {
  delay: number;
  /** Per poller: ms from listening to noticed, and requests made per second of waiting. */
  lag: number[];
  rate: number[];
}

async function trial(delay: number): Promise<Trial> {
  const dir = mkdtempSync(join(tmpdir(), "bench-ready-"));
  const api = await freePort();
  const started = now();
  const child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
    env: {
      PATH: process.env.PATH ?? "",
      INSTANCE_NAME: "bench",
      INSTANCE_SECRET: "ab".repeat(32),
      STANDIN_API_PORT: String(api),
      STANDIN_SITE_PORT: String(await freePort()),
      STANDIN_DATA: join(dir, "data"),
      STANDIN_START_DELAY_MS: String(delay),
    },
    stdio: ["ignore", "pipe", "ignore"],
  });
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  try {
    const results = await Promise.all(
      POLLERS.map(async (p) => {
        const real = createConvexAdmin(`http://127.0.0.1:${api}`);
        let requests = 0;
        const admin: ConvexAdmin = {
          ...real,
          isUp: (timeoutMs?: number) => {
            requests++;
            return real.isUp(timeoutMs);
          },
        };
        await p.run(admin);
        const noticed = now();
        return { noticed, requests };
      }),
    );
    const m = /^(\S+) api on \d+/m.exec(log);
    if (!m) throw new Error(`the stand-in did not log when it listened:\n${log}`);
    const listening = Date.parse(m[1]!);
    return {
      delay,
      lag: results.map((r) => r.noticed - listening),
      rate: results.map((r) => r.requests / ((r.noticed - started) / 1000)),
    };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Start delays spread over 0.5–5 s without a common period (golden-ratio steps), so that no schedule is favoured. */
export function delays(n: number, seed: number): number[] {
  const phi = (Math.sqrt(5) - 1) / 2;
  return Array.from({ length: n }, (_, k) => Math.round(500 + 4500 * ((seed + (k + 1) * phi) % 1)));
}

export async function benchReadiness(rounds: number): Promise<Section> {
  await trial(200); // warm-up: the stand-in, fetch and this code loaded once
  const trials: Trial[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const d of delays(6, r * 0.37)) trials.push(await trial(d));
  }
  const rows = POLLERS.map((p, i) => {
    const lag = stats(trials.map((t) => t.lag[i]!));
    const rate = stats(trials.map((t) => t.rate[i]!));
    return [p.name, p.design, spread(lag), `${rate.median.toFixed(1)}/s`];
  });
  const ours = stats(trials.map((t) => t.lag[0]!));
  const before = stats(trials.map((t) => t.lag[1]!));
  return {
    id: "3",
    title: "Readiness: from the backend listening to the action noticing",
    method: `warm-up 1 start, then ${trials.length} starts (${rounds} rounds of 6 start delays spread over ${Math.min(...trials.map((t) => t.delay))}–${Math.max(...trials.map((t) => t.delay))} ms), the three pollers side by side against each; lag: median (min–max)`,
    command: "npm run bench -- --only readiness",
    columns: ["poller", "schedule", "lag after listening", "requests"],
    rows,
    verdicts: [
      {
        goal: "readiness noticed within 50 ms (median) of the backend's first possible /version answer",
        measured: `${spread(ours)}; the previous schedule ${spread(before)}`,
        ok: ours.median <= 50,
      },
    ],
    notes: [
      "The backend's port is closed until it listens (connections refused, as while a container boots); 'requests' counts GET /version attempts per second of waiting.",
      "waitForBackend also reads `docker compose ps` every 2 s alongside (here a stub that says running), never between two polls.",
    ],
  };
}
