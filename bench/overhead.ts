/**
 * 1. The action's own overhead: the whole main step on the fake docker with an instant pull, an
 *    instant backend and an instant deploy, minus the time spent waiting for those doubles, per
 *    phase (instrumented.ts says how it is measured).
 * 2. The pull overlapped with the preparation: the same run with a simulated pull longer than
 *    everything before `compose up`.
 */
import type { Bundle } from "./bundle.js";
import { type ActionRun, backendBoot, covered, type Interval, runAction, segments } from "./instrumented.js";
import { ms, type Section, spread, stats } from "./lib.js";

async function runs(bundle: Bundle, count: number, pullMs: number): Promise<ActionRun[]> {
  const out: ActionRun[] = [];
  for (let i = 0; i < count; i++) {
    const run = await runAction(bundle.entry, { pullMs });
    if (run.code !== 0)
      throw new Error(`the action failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    out.push(run);
  }
  return out;
}

const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const span = (xs: readonly Interval[]) =>
  xs.length
    ? { start: Math.min(...xs.map((x) => x.start)), end: Math.max(...xs.map((x) => x.end)) }
    : undefined;

export interface OverheadResult {
  sections: Section[];
  /** The longest preparation seen (spawn → end of "Write files"), to size the pull of item 2. */
  longestPreparation: number;
}

export async function benchOverhead(bundle: Bundle, rounds: number): Promise<OverheadResult> {
  await runs(bundle, 1, 0); // warm-up: page cache, the doubles' modules
  const measured = await runs(bundle, rounds, 0);
  const perRun = measured.map((r) => segments(r));
  const names = perRun[0]!.map((s) => s.name);
  const col = (name: string, f: (s: { wall: number; doubles: number }) => number) =>
    stats(perRun.map((segs) => f(segs.find((s) => s.name === name) ?? { wall: 0, doubles: 0 })));
  const rows = names.map((n) => [
    n,
    spread(col(n, (s) => s.wall)),
    spread(col(n, (s) => s.doubles)),
    spread(col(n, (s) => s.wall - s.doubles)),
  ]);
  const own = stats(perRun.map((segs) => total(segs.map((s) => s.wall - s.doubles))));
  const wall = stats(measured.map((r) => r.exit - r.spawn));
  const doubles = stats(perRun.map((segs) => total(segs.map((s) => s.doubles))));
  rows.push(["whole main step", spread(wall), spread(doubles), spread(own)]);

  // What belongs to the doubles: each kind of call, its whole length and the part the action waited for.
  const kinds = new Map<string, { count: number[]; length: number[]; awaited: number[] }>();
  for (const r of measured) {
    const start = r.phases.find((p) => p.title === "Start containers");
    const boot = backendBoot(r);
    const calls = [
      ...r.docker,
      ...r.convex,
      ...(boot ? [{ ...boot, what: "stand-in backend boot (up → listening)" }] : []),
    ];
    const seen = new Map<string, Interval[]>();
    for (const c of calls) seen.set(c.what, [...(seen.get(c.what) ?? []), c]);
    for (const [what, list] of seen) {
      const k = kinds.get(what) ?? { count: [], length: [], awaited: [] };
      const s = span(list)!;
      k.count.push(list.length);
      const length = covered(list, s.start, s.end); // the union: pulls overlap, other calls follow each other
      k.length.push(length);
      const background = what === "docker pull" || what === "docker compose ps";
      k.awaited.push(
        background ? (what === "docker pull" && start ? covered(list, start.start, start.end) : 0) : length,
      );
      kinds.set(what, k);
    }
  }
  const doubleRows = [...kinds].map(([what, k]) => [
    `${what}${stats(k.count).median > 1 ? ` ×${stats(k.count).median}` : ""}`,
    spread(stats(k.length)),
    spread(stats(k.awaited)),
  ]);
  const nodeStart = "Node's own start (`node -e 0`, item 4)";

  const prep = measured.map(
    (r) => (r.phases.find((p) => p.title === "Write files")?.end ?? r.exit) - r.spawn,
  );
  const overheadSection: Section = {
    id: "1",
    title: "The action's own overhead (instant pull, instant backend, instant deploy)",
    method: `${bundle.label} on the fake docker; warm-up 1 run, then ${rounds} runs of the whole main step; median (min–max) of each row`,
    command: "npm run bench -- --only overhead",
    columns: ["part of the run", "wall", "waiting for doubles", "own (wall − doubles)"],
    rows,
    verdicts: [
      {
        goal: "own overhead ≤ 1.0 s",
        measured: `${ms(own.median)} (${ms(own.min)}–${ms(own.max)}) of a ${ms(wall.median)} run`,
        ok: own.median <= 1000,
      },
    ],
    notes: [
      "Phases are the action's own log groups, timed as their lines arrive; 'waiting for doubles' is the part of a phase covered by a call of the fake docker or the fake convex CLI (each wrapped in a script that records its start and end) or by the stand-in backend booting (from `compose up` returning to the stand-in listening). The background pull counts only where the action waits for it ('Start containers').",
      `The start-up row includes ${nodeStart}; medians of the rows do not add up to the median of the total.`,
    ],
  };
  const doublesSection: Section = {
    id: "1b",
    title: "What belongs to the doubles in those runs",
    method: `the same ${rounds} runs; median (min–max)`,
    command: "npm run bench -- --only overhead",
    columns: ["double", "length", "of it, the action waited"],
    rows: doubleRows,
    verdicts: [],
    notes: [
      "Each fake docker call is a Node process importing yaml and dotenv (a real `docker compose version` answers in tens of milliseconds); the pulls run alongside the preparation and compete with it for the CPU.",
    ],
  };
  return { sections: [overheadSection, doublesSection], longestPreparation: Math.max(...prep) };
}

export async function benchOverlap(
  bundle: Bundle,
  rounds: number,
  longestPreparation: number,
): Promise<Section> {
  const pullMs = Math.max(2000, Math.ceil((1.5 * longestPreparation) / 500) * 500);
  const measured = await runs(bundle, rounds, pullMs);
  const rows: Array<{ T: number; P: number; W: number; S: number; G: number; prep: number }> = [];
  for (const r of measured) {
    const pull = span(r.docker.filter((d) => d.what === "docker pull"))!;
    const up = r.docker.find((d) => d.what === "docker compose up")!;
    const prepEnd = r.phases.find((p) => p.title === "Write files")?.end ?? r.exit;
    rows.push({
      T: r.exit - r.spawn,
      P: pull.end - pull.start,
      W: r.exit - up.start,
      S: pull.start - r.spawn,
      G: up.start - pull.end,
      prep: prepEnd - r.spawn,
    });
  }
  const col = (f: (x: (typeof rows)[number]) => number) => stats(rows.map(f));
  const outlasted = rows.filter((x) => x.S + x.P > x.prep).length;
  const tp = col((x) => x.T - x.P);
  const w = col((x) => x.W);
  const g = col((x) => x.G);
  const s = col((x) => x.S);
  return {
    id: "2",
    title: `The pull overlapped with the preparation (simulated pull of ${pullMs} ms)`,
    method: `${bundle.label}; FAKE_DOCKER_PULL_MS=${pullMs}, longer than the longest preparation of item 1 (${ms(longestPreparation)}) by half; ${rounds} runs; median (min–max)`,
    command: "npm run bench -- --only overhead,overlap",
    columns: ["", "time"],
    rows: [
      ["T: whole main step", spread(col((x) => x.T))],
      ["P: the pull (first `docker pull` started → last one ended)", spread(col((x) => x.P))],
      ["T − P", spread(tp)],
      ["W: the run's work after `compose up` (its start → exit)", spread(w)],
      ["S: start-up before the pull starts (spawn → `docker pull`)", spread(s)],
      ["G: pull done → `compose up` starts", spread(g)],
      ["preparation (spawn → end of 'Write files'), hidden behind the pull", spread(col((x) => x.prep))],
    ],
    verdicts: [
      {
        goal: "T − P ≤ W (everything before `compose up` hidden behind the pull)",
        measured: `${ms(tp.median)} vs ${ms(w.median)}: T − P = S + G + W, so it exceeds W by the start-up before the pull can start (${ms(s.median)}) and the hand-over (${ms(g.median)})`,
        ok: tp.median <= w.median,
      },
      {
        goal: "from the moment the pull starts, nothing but the pull delays `compose up` (G ≤ 50 ms)",
        measured: `G = ${spread(g)}; the pull outlasted the preparation in ${outlasted} of ${rows.length} runs`,
        ok: g.median <= 50 && outlasted === rows.length,
      },
    ],
    notes: [],
  };
}
