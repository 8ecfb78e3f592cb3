/**
 * Benchmarks: numbers printed side by side (never asserted in tests). Run: npm run bench
 * 1. env vars: one admin-API transaction (this project) vs one `convex env set` per variable
 *    with the real CLI (the original bash), against the stand-in backend.
 * 2. the image pull overlapped with keys/Postgres/files: the whole action with a 0 ms and a
 *    1500 ms simulated pull; a sequential pipeline would take the full 1500 ms longer.
 * 3. start-up of the bundle, and what importing @actions/cache eagerly would add.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, ROOT, Sandbox } from "../__tests__/helpers/sandbox.js";
import { createConvexAdmin } from "../src/adapters/convex-admin.js";
import { deriveAdminKey, generateInstanceSecret } from "../src/core/admin-key.js";
import { deriveConvexCliEnv } from "../src/core/project.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

async function envVars() {
  const dir = mkdtempSync(join(tmpdir(), "bench-env-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "b", dependencies: { convex: "1.48.0" } }));
  const secret = generateInstanceSecret();
  const api = await freePort();
  const child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
    env: {
      ...process.env,
      INSTANCE_NAME: "bench",
      INSTANCE_SECRET: secret,
      STANDIN_API_PORT: String(api),
      STANDIN_SITE_PORT: String(await freePort()),
      STANDIN_DATA: join(dir, "data"),
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${api}`;
  const admin = createConvexAdmin(url);
  while (!(await admin.isUp())) await new Promise((r) => setTimeout(r, 50));
  const key = deriveAdminKey({ instanceName: "bench", instanceSecret: secret });
  const vars = ["JWT_PRIVATE_KEY", "JWKS", "JWT_ISSUER", "CONVEX_SITE_ORIGIN", "USER_A", "USER_B"].map(
    (name) => ({ name, value: `value-of-${name}` }),
  );
  const one: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) {
    one.push(await time(() => admin.updateEnvironmentVariables(key, vars)));
    cli.push(
      await time(async () => {
        for (const v of vars) {
          const r = spawnSync(
            join(ROOT, "node_modules/.bin/convex"),
            ["env", "set", `${v.name}=${v.value}`],
            {
              cwd: dir,
              env: deriveConvexCliEnv({ PATH: process.env.PATH, HOME: dir }, url, key) as NodeJS.ProcessEnv,
            },
          );
          if (r.status !== 0) throw new Error(String(r.stderr));
        }
      }),
    );
  }
  child.kill();
  rmSync(dir, { recursive: true, force: true });
  console.log("\n1. Six deployment variables (median of 5)");
  console.log(`   one POST /api/update_environment_variables  ${fmt(median(one))}`);
  console.log(
    `   6 x \`convex env set\` (real CLI, no npx)     ${fmt(median(cli))}   (${(median(cli) / median(one)).toFixed(0)}x)`,
  );
}

async function overlap() {
  const rows: Array<{ pull: number; hidden: number; total: number }> = [];
  for (let i = 0; i < 3; i++) {
    for (const pull of ["0", "1500"]) {
      const s = await Sandbox.create();
      const env = s.actionEnv({ deploy: "false", cleanup: "false" }, { FAKE_DOCKER_PULL_MS: pull });
      let stdout = "";
      const total = await time(async () => {
        const r = await s.runAction(env, process.execPath); // the bundle, as users run it
        if (r.code !== 0) throw new Error(r.stdout);
        stdout = r.stdout;
      });
      const m = /the pull took (\d+) ms, (\d+) ms of it behind the steps above/.exec(stdout);
      if (!m) throw new Error("no pull timing in the log");
      rows.push({ pull: Number(m[1]), hidden: Number(m[2]), total });
      await s.dispose();
    }
  }
  const pick = (slow: boolean) => rows.filter((r) => r.pull >= 1500 === slow);
  console.log(
    "\n2. Image pull overlapped with docker checks, keys (RSA), Postgres and files (whole action, median of 3)",
  );
  for (const slow of [false, true]) {
    const r = pick(slow);
    console.log(
      `   simulated pull ${slow ? "1500" : "   0"} ms: pull ${fmt(median(r.map((x) => x.pull)))}, hidden behind other work ${fmt(median(r.map((x) => x.hidden)))}, whole run ${fmt(median(r.map((x) => x.total)))}`,
    );
  }
}

async function startup() {
  const runs = (args: string[], env: Record<string, string> = {}) => {
    const xs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      spawnSync(process.execPath, args, { env: { PATH: process.env.PATH ?? "", ...env }, cwd: ROOT });
      xs.push(performance.now() - t);
    }
    return median(xs);
  };
  const bare = runs(["-e", "0"]);
  const dist = runs(["dist/index.js"], { STATE_isPost: "true", INPUT_CLEANUP: "false" });
  const withCache = runs(
    ["--input-type=module", "-e", "await import('./dist/index.js'); await import('@actions/cache')"],
    { STATE_isPost: "true", INPUT_CLEANUP: "false" },
  );
  console.log("\n3. Start-up (median of 7 process runs)");
  console.log(`   node -e 0                                   ${fmt(bare)}`);
  console.log(`   dist/index.js (post step, cleanup off)      ${fmt(dist)}`);
  console.log(
    `   ... plus importing @actions/cache eagerly   ${fmt(withCache)}   (what the lazy import saves)`,
  );
}

await envVars();
await overlap();
await startup();
