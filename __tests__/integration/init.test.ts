/**
 * `init` as a process on throwaway apps, then the scaffold typechecked by the real tsc against the
 * real convex, @convex-dev/auth, @auth/core and @types/node, installed by npm into
 * .cache/init-typecheck-<hash> on first use (about 10 s; later runs reuse it).
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH_CORE_SPEC, SCRIPTS, TEMPLATES } from "../../src/core/scaffold.js";
import { ROOT } from "../helpers/sandbox.js";

const TSX = import.meta.resolve("tsx");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

const init = (cwd: string, args: string[] = [], env: Record<string, string> = {}) =>
  run(process.execPath, ["--import", TSX, join(ROOT, "src/cli/bin.ts"), "init", ...args], cwd, env);

const PACKAGE_JSON = `{
    "name": "app",
    "private": true,
    "scripts": {
        "dev": "vite",
        "convex:up": "my own"
    },
    "devDependencies": {
        "vite": "8.3.8"
    }
}
`;

/** A folder holding `app/` with a 4-space package.json (one of the scripts already taken). */
function tmpApp(packageJson = PACKAGE_JSON): string {
  const root = mkdtempSync(join(tmpdir(), "scc-init-"));
  dirs.push(root);
  const app = join(root, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), packageJson);
  return app;
}

/** Every file under `dir` (node_modules aside): content, mode and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        out[relative(dir, p)] = `${(s.mode & 0o777).toString(8)} ${s.mtimeMs} ${readFileSync(p, "utf8")}`;
      }
    }
  };
  walk(dir);
  return out;
}

const SCAFFOLD = ["schema.ts", "auth.ts", "auth.config.ts", "http.ts", "tsconfig.json"];

describe("setup-coder-convex init", () => {
  it("--dry-run writes nothing; init creates; a second init changes nothing", async () => {
    const app = tmpApp();
    const before = snapshot(app);
    const dry = await init(app, ["--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("+ would create convex/schema.ts\n");
    expect(dry.stdout).toContain("> npm install convex @convex-dev/auth @auth/core@0.41.1\n");
    expect(dry.stdout).toContain("> npm install --save-dev @types/node\n");
    expect(dry.stdout).toMatch(/Dry run: nothing was written\.\n$/);
    expect(snapshot(app)).toEqual(before);

    const first = await init(app);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n").slice(0, 7)).toEqual([
      ...SCAFFOLD.map((f) => `+ created convex/${f}`),
      "= package.json already has script convex:up (kept)",
      "+ added scripts convex:down, convex:status, convex:logs to package.json",
    ]);
    expect(first.stdout).toContain("  Run them here, or rerun init with --install.\n");
    const templates = [
      TEMPLATES.schema,
      TEMPLATES.auth,
      TEMPLATES.authConfig,
      TEMPLATES.http,
      TEMPLATES.tsconfig,
    ];
    for (const [i, f] of SCAFFOLD.entries()) {
      expect(readFileSync(join(app, "convex", f), "utf8")).toBe(templates[i]);
      expect(statSync(join(app, "convex", f)).mode & 0o777).toBe(0o644);
    }
    // Scripts added in the file's own indentation; the taken one and everything else as it was.
    expect(readFileSync(join(app, "package.json"), "utf8")).toBe(
      PACKAGE_JSON.replace(
        '"convex:up": "my own"',
        `"convex:up": "my own",\n        "convex:down": "${SCRIPTS["convex:down"]}",\n        "convex:status": "${SCRIPTS["convex:status"]}",\n        "convex:logs": "${SCRIPTS["convex:logs"]}"`,
      ),
    );

    const after = snapshot(app);
    const second = await init(app);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/^[+!]/m);
    expect(second.stdout).toContain("= convex/http.ts already routes auth (auth.addHttpRoutes)\n");
    expect(snapshot(app)).toEqual(after);
  });

  it("an existing app: advice for what a file lacks, the file left alone, convex.json's folder", async () => {
    const app = tmpApp(JSON.stringify({ name: "app", dependencies: { convex: "1.48.0" } }));
    writeFileSync(join(app, "convex.json"), JSON.stringify({ functions: "src/backend/" }));
    mkdirSync(join(app, "src/backend"), { recursive: true });
    const schema = `import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\n\nexport default defineSchema({\n  tasks: defineTable({ title: v.string() }),\n});\n`;
    writeFileSync(join(app, "src/backend/schema.ts"), schema);
    const result = await init(join(app, ".."), ["--working-directory", "app"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '! app/src/backend/schema.ts has no authTables: add `...authTables` to defineSchema({...}) (import { authTables } from "@convex-dev/auth/server").\n',
    );
    expect(result.stdout).toContain("+ created app/src/backend/auth.ts\n");
    expect(result.stdout).toContain("> npm install @convex-dev/auth @auth/core@0.41.1\n");
    expect(result.stdout).toContain("  Run them in app, or rerun init with --install.\n");
    expect(readFileSync(join(app, "src/backend/schema.ts"), "utf8")).toBe(schema);
    expect(existsSync(join(app, "convex"))).toBe(false);
  });

  it("--install runs the package manager without a shell in the app's folder; its failure is exit 1", async () => {
    const app = tmpApp();
    writeFileSync(join(app, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    const bin = join(app, "..", "bin");
    mkdirSync(bin);
    const log = join(app, "..", "pnpm.log");
    writeFileSync(
      join(bin, "pnpm"),
      `#!/bin/sh\nprintf '%s|' "$PWD" "$@" >> "${log}"\necho >> "${log}"\nexit "\${FAKE_EXIT:-0}"\n`,
    );
    chmodSync(join(bin, "pnpm"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const ok = await init(app, ["--install"], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      `${app}|add|convex|@convex-dev/auth|@auth/core@0.41.1|`,
      `${app}|add|--save-dev|@types/node|`,
    ]);
    expect(ok.stdout).toContain("+ installed @types/node\n");
    const failed = await init(app, ["--install"], { ...env, FAKE_EXIT: "3" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /✗ `pnpm add convex @convex-dev\/auth @auth\/core@0\.41\.1` failed \(exit 3\)/,
    );
  });

  it("a functions folder linking out of the repository is refused, nothing written there", async () => {
    const app = tmpApp();
    const outside = mkdtempSync(join(tmpdir(), "scc-outside-"));
    dirs.push(outside);
    symlinkSync(outside, join(app, "convex"));
    const result = await init(app);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/outside the repository/);
    expect(readdirSync(outside)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The scaffold typechecks against the real packages

const rootPkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const examplePkg = JSON.parse(readFileSync(join(ROOT, "examples/package.json"), "utf8"));
/** What an app has after `init --install`: the versions this repository tests with. */
const REAL_PACKAGES = [
  `convex@${rootPkg.devDependencies.convex}`,
  `@convex-dev/auth@${examplePkg.dependencies["@convex-dev/auth"]}`,
  AUTH_CORE_SPEC,
  `typescript@${rootPkg.devDependencies.typescript}`,
  `@types/node@${rootPkg.devDependencies["@types/node"]}`,
];
const CACHE = join(
  ROOT,
  ".cache",
  `init-typecheck-${createHash("sha256").update(REAL_PACKAGES.join(" ")).digest("hex").slice(0, 12)}`,
);
const TSC = "node_modules/typescript/bin/tsc";

/** node_modules with REAL_PACKAGES, installed into the cache on first use (staged, then renamed). */
async function realNodeModules(): Promise<string> {
  if (existsSync(join(CACHE, TSC))) return join(CACHE, "node_modules");
  const staging = `${CACHE}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await promisify(execFile)(
      "npm",
      [
        "install",
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--prefix",
        staging,
        ...REAL_PACKAGES,
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    if (!existsSync(join(staging, TSC))) throw new Error(`npm install made no ${TSC}`);
    try {
      renameSync(staging, CACHE);
    } catch (error) {
      if (!existsSync(join(CACHE, TSC))) throw error; // another run got there first otherwise
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return join(CACHE, "node_modules");
}

describe("the scaffold typechecks", () => {
  it(`with tsc against ${REAL_PACKAGES.join(", ")}`, { timeout: 300_000 }, async () => {
    const nodeModules = await realNodeModules();
    const app = tmpApp();
    const created = await init(app);
    expect(created.code, created.stderr).toBe(0);
    symlinkSync(nodeModules, join(app, "node_modules"));
    // As the convex CLI typechecks: tsc with the functions folder's tsconfig.json.
    const tsc = () =>
      run(process.execPath, [join(CACHE, TSC), "--noEmit", "-p", "convex/tsconfig.json"], app);
    const clean = await tsc();
    expect(clean.stdout + clean.stderr).toBe("");
    expect(clean.code).toBe(0);

    // Control: the same run does see the scaffold's types (a wrong use of each export fails).
    writeFileSync(
      join(app, "convex/control.ts"),
      `import config from "./auth.config";
import { auth, store } from "./auth";
import http from "./http";
import schema from "./schema";

export const users = schema.tables.users; // authTables is in the schema
export const a = schema.tables.noSuchTable;
export const b = auth.addHttpRoutes(1);
export const c: number = store;
export const d: string = http;
export const e: number = config.providers[0]!.domain;
`,
    );
    const broken = await tsc();
    expect(broken.code).toBe(2);
    const errors = broken.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(errors.map((l) => /^convex\/control\.ts\((\d+),/.exec(l)?.[1])).toEqual([
      "7",
      "8",
      "9",
      "10",
      "11",
    ]);
    expect(broken.stdout).toMatch(/Property 'noSuchTable' does not exist/);
    expect(broken.stdout).toMatch(/not assignable to parameter of type 'HttpRouter'/);
    expect(broken.stdout).toMatch(/Type 'string \| undefined' is not assignable to type 'number'/);
  });
});
