/**
 * 6. Start-up of the command line: `setup-coder-convex --version` and `--help` from the compiled
 * lib/ (a fresh `tsc` build of src/ into a temporary folder), with every command loaded lazily
 * (as shipped) against the same build with every command module preloaded (what the CLI did
 * before the commands were loaded on demand), and Node alone; interleaved rounds.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../__tests__/helpers/sandbox.js";
import { ms, now, type Section, spread, stats } from "./lib.js";

function exitTime(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, args, { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve(now() - start));
  });
}

export async function benchCliStartup(rounds: number): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "scc-cli-bench-"));
  try {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const lib = join(dir, "lib");
    execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", lib], {
      stdio: "inherit",
    });
    // lib/cli/main.js reads ../../package.json and resolves dependencies from node_modules.
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", version: "0.0.0-bench" }));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    const preload = join(dir, "preload.mjs");
    writeFileSync(
      preload,
      `import { COMMANDS } from ${JSON.stringify(join(lib, "cli/commands/index.js"))};\nawait Promise.all(COMMANDS.map((c) => c.load()));\n`,
    );
    const bin = join(lib, "cli/bin.js");
    const cases = [
      { name: "node -e 0", args: ["-e", "0"] },
      { name: "--version, commands loaded on demand (shipped)", args: [bin, "--version"] },
      { name: "--version, every command preloaded (before)", args: ["--import", preload, bin, "--version"] },
      { name: "--help, commands loaded on demand (shipped)", args: [bin, "--help"] },
      { name: "keys --help (loads one command)", args: [bin, "keys", "--help"] },
      { name: "up --help (loads up: the pipeline)", args: [bin, "up", "--help"] },
    ];
    const times: number[][] = cases.map(() => []);
    const warmUp = 3;
    for (let r = 0; r < warmUp + rounds; r++) {
      for (const [i, c] of cases.entries()) {
        const t = await exitTime(c.args);
        if (r >= warmUp) times[i]!.push(t);
      }
    }
    const s = times.map((t) => stats(t));
    const node = s[0]!.median;
    return {
      id: "6",
      title: "Start-up of the command line (to exit)",
      method: `a fresh tsc build of src/ (lib/); warm-up ${warmUp}, then ${rounds} rounds, interleaved; median (min–max)`,
      command: "npm run bench -- --only cli",
      columns: ["process", "to exit", "over Node's own"],
      rows: cases.map((c, i) => [c.name, spread(s[i]!), i === 0 ? "" : `+${ms(s[i]!.median - node)}`]),
      verdicts: [
        {
          goal: "`--version` costs at most half of what it did with every command loaded",
          measured: `${ms(s[1]!.median - node)} over Node vs ${ms(s[2]!.median - node)} before`,
          ok: s[1]!.median - node <= (s[2]!.median - node) / 2,
        },
      ],
      notes: [
        "The commands are a table of names, descriptions and loaders (src/cli/commands/index.ts); the flags parser and the logger no longer import the configuration module.",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
