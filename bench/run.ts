/**
 * Benchmarks: numbers measured side by side in one run and printed, never asserted in tests.
 *
 *   npm run bench                      all of them (about five minutes here)
 *   npm run bench -- --write           ... and rewrite docs/benchmarks.md with this machine and the tables
 *   npm run bench -- --only readiness  some of them: overhead, overlap, readiness, startup, env, cli, daytwo
 *   npm run bench -- --dist            the committed dist/ instead of a fresh build of src/
 *   npm run bench -- --rounds 2        fewer (or more) rounds than the defaults
 *
 * 1. the action's own overhead, per phase, and what belongs to the doubles (overhead.ts)
 * 2. the pull overlapped with the preparation (overhead.ts)
 * 3. how soon readiness is noticed, against the previous and the original schedules (readiness.ts)
 * 4. start-up of the bundle to its first output, and its size (startup.ts)
 * 5. 14 deployment variables: one request vs 14 `convex env set` (env-vars.ts)
 * 7. backup and restore of 10,000 documents, against `convex export` / `convex import` by hand (day-two.ts)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../__tests__/helpers/sandbox.js";
import { prepareBundle } from "./bundle.js";
import { benchCliStartup } from "./cli-startup.js";
import { benchDayTwo } from "./day-two.js";
import { renderDoc } from "./doc.js";
import { benchEnvVars } from "./env-vars.js";
import { describeMachine, printSection, type Section } from "./lib.js";
import { benchOverhead, benchOverlap } from "./overhead.js";
import { benchReadiness } from "./readiness.js";
import { benchStartup } from "./startup.js";

const ALL = ["overhead", "overlap", "readiness", "startup", "env", "cli", "daytwo"] as const;
const { values } = parseArgs({
  options: {
    write: { type: "boolean", default: false },
    dist: { type: "boolean", default: false },
    only: { type: "string" },
    rounds: { type: "string" },
  },
});
const only = values.only ? values.only.split(",").map((s) => s.trim()) : [...ALL];
for (const o of only) {
  if (!(ALL as readonly string[]).includes(o))
    throw new Error(`--only: unknown benchmark ${o} (${ALL.join(", ")})`);
}
if (values.write && only.length !== ALL.length) throw new Error("--write records a whole run: drop --only");
const rounds = (fallback: number) => (values.rounds ? Math.max(1, Number(values.rounds)) : fallback);

const machine = describeMachine();
console.log(
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}; ${machine.os}; Node ${machine.node}; load ${machine.load}; ${machine.date}`,
);
const bundle = prepareBundle(values.dist);
console.log(`Bundle: ${bundle.label} (${bundle.entry})`);

const sections: Section[] = [];
const show = (s: Section) => {
  printSection(s);
  sections.push(s);
};
try {
  let longestPreparation = 0;
  if (only.includes("overhead") || only.includes("overlap")) {
    const r = await benchOverhead(bundle, only.includes("overhead") ? rounds(5) : 1);
    if (only.includes("overhead")) for (const s of r.sections) show(s);
    longestPreparation = r.longestPreparation;
  }
  if (only.includes("overlap")) show(await benchOverlap(bundle, rounds(3), longestPreparation));
  if (only.includes("readiness")) show(await benchReadiness(rounds(2)));
  if (only.includes("startup")) show(await benchStartup(bundle, rounds(15)));
  if (only.includes("env")) show(await benchEnvVars(rounds(3)));
  if (only.includes("cli")) show(await benchCliStartup(rounds(10)));
  if (only.includes("daytwo")) show(await benchDayTwo(rounds(3)));
} finally {
  bundle.dispose();
}
const loadAfter = describeMachine().load;
console.log(`\nLoad average at the end: ${loadAfter}`);
if (values.write) {
  const file = join(ROOT, "docs/benchmarks.md");
  writeFileSync(file, renderDoc(machine, loadAfter, bundle.label, sections));
  console.log(`Wrote ${file}`);
}
