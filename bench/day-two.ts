/**
 * 7. Backup and restore of 10,000 documents: `setup-coder-convex backup` / `restore --yes` (the
 * compiled CLI, target connect) next to the same done by hand with the real convex CLI 1.48.0
 * (`convex export --path`, `convex import --yes --replace-all`), against the stand-in backend.
 * What the tool adds: finding and checking the deployment (wait, admin key), locating the app's
 * CLI, reading the ZIP, the variables file, and on restore the data check before and the
 * verification after. Interleaved rounds after one warm-up of each.
 *
 * Run alone: npx tsx bench/day-two.ts [rounds]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, ROOT } from "../__tests__/helpers/sandbox.js";
import { createConvexAdmin } from "../src/adapters/convex-admin.js";
import { createDeploymentData } from "../src/adapters/deployment-data.js";
import { deriveAdminKey, generateInstanceSecret } from "../src/core/admin-key.js";
import { deriveConvexCliEnv } from "../src/core/project.js";
import { ms, now, printSection, type Section, sleep, spread, stats } from "./lib.js";

const DOCUMENTS = 10_000;
const REAL_CONVEX = join(ROOT, "node_modules/convex/bin/main.js");

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(now() - start) : reject(new Error(`${args.join(" ")} exited ${code}:\n${err}`)),
    );
  });
}

export async function benchDayTwo(rounds: number): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "scc-day-two-bench-"));
  let child: ChildProcess | undefined;
  try {
    // The CLI as shipped: a fresh tsc build of src/ (lib/cli/bin.js).
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const lib = join(dir, "lib");
    execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", lib], {
      stdio: "inherit",
    });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", version: "0.0.0-bench" }));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    // The app: package.json with convex, its node_modules/.bin/convex the real CLI.
    const app = join(dir, "app");
    mkdirSync(join(app, "node_modules/convex"), { recursive: true });
    mkdirSync(join(app, "node_modules/.bin"), { recursive: true });
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "b", dependencies: { convex: "1.48.0" } }),
    );
    writeFileSync(
      join(app, "node_modules/convex/package.json"),
      JSON.stringify({ name: "convex", version: "1.48.0" }),
    );
    const bin = join(app, "node_modules/.bin/convex");
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${REAL_CONVEX}" "$@"\n`);
    chmodSync(bin, 0o755);

    const secret = generateInstanceSecret();
    const [api, site] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${api}`;
    child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        INSTANCE_NAME: "bench",
        INSTANCE_SECRET: secret,
        STANDIN_API_PORT: String(api),
        STANDIN_SITE_PORT: String(site),
        STANDIN_DATA: join(dir, "data"),
      },
      stdio: "ignore",
    });
    const admin = createConvexAdmin(url);
    while (!(await admin.isUp())) await sleep(25);
    const key = deriveAdminKey({ instanceName: "bench", instanceSecret: secret });
    const cliEnv = deriveConvexCliEnv({ PATH: process.env.PATH, HOME: dir }, url, key) as NodeJS.ProcessEnv;
    const seed = join(dir, "messages.jsonl");
    writeFileSync(
      seed,
      Array.from(
        { length: DOCUMENTS },
        (_, i) =>
          `${JSON.stringify({ n: i, text: `message ${i}`, tags: ["a", "b"], at: 1_700_000_000_000 + i })}\n`,
      ).join(""),
    );
    await timed(REAL_CONVEX, ["import", "--yes", "--table", "messages", seed], app, cliEnv);
    const data = createDeploymentData(url);
    const counted = await data.tableCounts(key);
    if (counted.messages !== DOCUMENTS) throw new Error(`seeded ${JSON.stringify(counted)}`);

    const tool = (args: string[]) =>
      timed(
        process.execPath,
        [
          join(lib, "cli/bin.js"),
          ...args,
          "--target",
          "connect",
          "--convex-url",
          url,
          "--site-url",
          `http://127.0.0.1:${site}`,
          "--admin-key",
          key,
          "--instance-name",
          "bench",
        ],
        app,
        { PATH: process.env.PATH, HOME: dir },
      );
    const hand = (args: string[]) => timed(REAL_CONVEX, args, app, cliEnv);
    const times = {
      toolBackup: [] as number[],
      handBackup: [] as number[],
      toolRestore: [] as number[],
      handRestore: [] as number[],
    };
    for (let r = 0; r < 1 + rounds; r++) {
      const keep = r > 0;
      const t1 = await tool(["backup", "--backup-file", join(dir, `tool-${r}.zip`)]);
      const h1 = await hand(["export", "--path", join(dir, `hand-${r}.zip`)]);
      const t2 = await tool(["restore", "--backup-file", join(dir, `tool-${r}.zip`), "--yes"]);
      const h2 = await hand(["import", "--yes", "--replace-all", join(dir, `hand-${r}.zip`)]);
      if (keep) {
        times.toolBackup.push(t1);
        times.handBackup.push(h1);
        times.toolRestore.push(t2);
        times.handRestore.push(h2);
      }
    }
    const after = await data.tableCounts(key);
    if (after.messages !== DOCUMENTS) throw new Error(`after the rounds: ${JSON.stringify(after)}`);
    const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, stats(v)])) as Record<
      keyof typeof times,
      ReturnType<typeof stats>
    >;
    const extra = (a: number, b: number) => `+${ms(a - b)} (${((a / b - 1) * 100).toFixed(0)}%)`;
    return {
      id: "7",
      title: `Backup and restore of ${DOCUMENTS.toLocaleString("en")} documents`,
      method: `stand-in backend, the compiled CLI with target connect, the real convex CLI 1.48.0 by hand; warm-up 1, then ${rounds} interleaved rounds; median (min–max)`,
      command: "npx tsx bench/day-two.ts",
      columns: ["what", "setup-coder-convex", "by hand", "the tool adds"],
      rows: [
        [
          "backup (convex export --path)",
          spread(s.toolBackup),
          spread(s.handBackup),
          extra(s.toolBackup.median, s.handBackup.median),
        ],
        [
          "restore (convex import --yes --replace-all)",
          spread(s.toolRestore),
          spread(s.handRestore),
          extra(s.toolRestore.median, s.handRestore.median),
        ],
      ],
      verdicts: [],
      notes: [
        "The tool's share: Node and the CLI's start-up, the wait for /version and the admin key check, locating the app's convex CLI, reading the ZIP (counting documents per table), listing the variables; on restore also the table counts before (the data check) and after (the verification).",
        `After every round the deployment holds ${DOCUMENTS.toLocaleString("en")} documents again (checked).`,
      ],
    };
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = Math.max(1, Number(process.argv[2] ?? 3));
  printSection(await benchDayTwo(rounds));
}
