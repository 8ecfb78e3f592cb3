/**
 * 5. Deployment variables: 4 the action manages (@convex-dev/auth's keys and URLs) and 10 of the
 * user's, set in one admin-API transaction (what the action does) and with one `convex env set`
 * per variable (what the original scripts did), with the real convex CLI against the stand-in.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, ROOT } from "../__tests__/helpers/sandbox.js";
import { createConvexAdmin } from "../src/adapters/convex-admin.js";
import { deriveAdminKey, generateInstanceSecret } from "../src/core/admin-key.js";
import { generateJwtKey, renderJwtPrivateKeyValue } from "../src/core/auth-keys.js";
import { deriveConvexCliEnv } from "../src/core/project.js";
import { now, type Section, sleep, spread, stats } from "./lib.js";

const USER_VARIABLES = [
  "AUTH_GITHUB_ID",
  "AUTH_GITHUB_SECRET",
  "AUTH_GOOGLE_ID",
  "AUTH_GOOGLE_SECRET",
  "AUTH_RESEND_KEY",
  "OPENAI_API_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "SENTRY_DSN",
  "FEATURE_FLAGS",
];

export async function benchEnvVars(rounds: number): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "bench-env-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "b", dependencies: { convex: "1.48.0" } }));
  const secret = generateInstanceSecret();
  const api = await freePort();
  const url = `http://127.0.0.1:${api}`;
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, [join(ROOT, "__tests__/doubles/stand-in-backend.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        INSTANCE_NAME: "bench",
        INSTANCE_SECRET: secret,
        STANDIN_API_PORT: String(api),
        STANDIN_SITE_PORT: String(await freePort()),
        STANDIN_DATA: join(dir, "data"),
      },
      stdio: "ignore",
    });
    const admin = createConvexAdmin(url);
    while (!(await admin.isUp())) await sleep(25);
    const key = deriveAdminKey({ instanceName: "bench", instanceSecret: secret });
    const jwt = await generateJwtKey();
    const site = "http://127.0.0.1:3211";
    const vars = [
      { name: "JWT_PRIVATE_KEY", value: renderJwtPrivateKeyValue(jwt.privateKeyPem) },
      { name: "JWKS", value: jwt.jwks },
      { name: "JWT_ISSUER", value: site },
      { name: "CONVEX_SITE_ORIGIN", value: site },
      ...USER_VARIABLES.map((name, i) => ({
        name,
        value: `${name.toLowerCase()}-${"x".repeat(20 + 4 * i)}`,
      })),
    ];
    const cliEnv = deriveConvexCliEnv({ PATH: process.env.PATH, HOME: dir }, url, key) as NodeJS.ProcessEnv;
    const cliSet = (v: { name: string; value: string }) => {
      const r = spawnSync(join(ROOT, "node_modules/.bin/convex"), ["env", "set", `${v.name}=${v.value}`], {
        cwd: dir,
        env: cliEnv,
      });
      if (r.status !== 0) throw new Error(`convex env set ${v.name}: ${r.stderr}`);
    };
    const post = async () => {
      const t = now();
      await admin.updateEnvironmentVariables(key, vars);
      return now() - t;
    };
    // Warm-up: one of each (the CLI's files in the page cache, fetch's connection pool).
    await post();
    cliSet(vars[2]!);
    const one: number[] = [];
    const each: number[] = [];
    const all: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 10; i++) one.push(await post());
      const t = now();
      for (const v of vars) {
        const s = now();
        cliSet(v);
        each.push(now() - s);
      }
      all.push(now() - t);
    }
    const listed = await admin.listEnvironmentVariables(key);
    if (vars.some((v) => listed[v.name] !== v.value)) throw new Error("the variables did not arrive intact");
    const o = stats(one);
    const c = stats(all);
    const ratio = c.median / o.median;
    return {
      id: "5",
      title: `Deployment variables: ${vars.length} (4 managed + ${USER_VARIABLES.length} of the user's)`,
      method: `stand-in backend; warm-up 1 of each, then ${rounds} rounds (10 requests and ${vars.length} CLI calls each); median (min–max)`,
      command: "npm run bench -- --only env",
      columns: ["how", "time", "ratio"],
      rows: [
        ["one POST /api/update_environment_variables (the action)", spread(o), "1x"],
        [`${vars.length} × \`convex env set\` (real CLI 1.48.0, no npx)`, spread(c), `${ratio.toFixed(0)}x`],
        ["… one `convex env set`", spread(stats(each)), `${(stats(each).median / o.median).toFixed(0)}x`],
      ],
      verdicts: [
        {
          goal: "one request at least 200x faster than one CLI call per variable",
          measured: `${ratio.toFixed(0)}x`,
          ok: ratio >= 200,
        },
      ],
      notes: ["The variables are read back afterwards: all 14 arrived intact."],
    };
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
