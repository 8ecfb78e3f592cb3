/** Shared by the benchmarks: statistics, formatting, the machine, and the tables they print. */
import { cpus, freemem, loadavg, release, totalmem, type } from "node:os";

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function stats(xs: readonly number[]): Stats {
  if (xs.length === 0) return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, median, min: s[0]!, max: s.at(-1)! };
}

export const ms = (x: number): string =>
  Number.isNaN(x) ? "–" : Math.abs(x) >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;

/** "123 ms (110–140)": the median, then the smallest and largest round. */
export const spread = (s: Stats): string =>
  s.n === 0 ? "–" : s.n === 1 ? ms(s.median) : `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

export const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));

/** Wall-clock time in epoch milliseconds with sub-millisecond resolution (comparable across processes). */
export const now = (): number => performance.timeOrigin + performance.now();

export interface Verdict {
  goal: string;
  measured: string;
  ok: boolean;
}

/** One benchmark's result: a table, the goal it is held to, and how to reproduce it. */
export interface Section {
  id: string;
  title: string;
  /** What was run: warm-up and rounds. */
  method: string;
  command: string;
  columns: string[];
  rows: string[][];
  verdicts: Verdict[];
  notes: string[];
}

const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));

export function printSection(s: Section): void {
  const widths = s.columns.map((c, i) =>
    Math.max([...c].length, ...s.rows.map((r) => [...(r[i] ?? "")].length)),
  );
  const line = (cells: string[]) => `   ${cells.map((c, i) => pad(c, widths[i]!)).join("  ")}`.trimEnd();
  console.log(`\n${s.id}. ${s.title}`);
  console.log(`   ${s.method}; reproduce: ${s.command}`);
  console.log(line(s.columns));
  console.log(`   ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of s.rows) console.log(line(r));
  for (const v of s.verdicts) console.log(`   ${v.ok ? "MET " : "OVER"}  ${v.goal}: ${v.measured}`);
  for (const n of s.notes) console.log(`   note: ${n}`);
}

const cell = (s: string) => s.replaceAll("|", "\\|");

export function markdownSection(s: Section): string {
  // Numbers to the right, words to the left.
  const numeric = (i: number) => s.rows.every((r) => /^([-+–]?\d|–|$)/.test(r[i] ?? ""));
  const head = `| ${s.columns.map(cell).join(" | ")} |\n|${s.columns.map((_, i) => (i > 0 && numeric(i) ? "--:" : "---")).join("|")}|`;
  const body = s.rows.map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
  const verdicts = s.verdicts
    .map((v) => `- ${v.ok ? "**met**" : "**not met**"}: ${v.goal} — ${v.measured}`)
    .join("\n");
  const notes = s.notes.map((n) => `- ${n}`).join("\n");
  return [
    `### ${s.id}. ${s.title}`,
    `${s.method}. Reproduce: \`${s.command}\``,
    `${head}\n${body}`,
    verdicts,
    notes,
  ]
    .filter(Boolean)
    .join("\n\n");
}

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
  load: string;
  date: string;
}

export function describeMachine(): Machine {
  const c = cpus();
  return {
    cpu: `${c[0]?.model.trim() ?? "unknown"}${c[0]?.speed ? ` (${c[0].speed} MHz)` : ""}`,
    cores: c.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the start)`,
    os: `${type()} ${release()}`,
    node: process.version,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(" / "),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}
