/**
 * The npm package as a user installs it: `npm pack` here (prepack builds lib/), the tarball
 * installed into a fresh project (its dependencies from the registry), then its bin run there, its
 * library imported, and a consumer typechecked against its declarations (fixtures/consumer/).
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/sandbox.js";

const NAME = "setup-coder-convex";
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
};
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** npm's own environment without what `npm test` exports about this project (npm would act on it). */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(npm_config_local_prefix|npm_package_.*|npm_lifecycle_.*|npm_command|INIT_CWD)$/i.test(k))
      delete env[k];
  return env;
}

/** Every file under dir, relative, with / separators. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? walk(join(dir, e.name), base)
      : [relative(base, join(dir, e.name)).split("\\").join("/")],
  );
}

/** The package a bare specifier names (`@noble/ciphers/aes.js` → `@noble/ciphers`). */
const packageOf = (spec: string) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");

let tmp: string;
let consumer: string;
let installed: string;
let packedFiles: string[];
let home: string;

/** The installed bin, run as a user's shell would: no CI, no Coder, no npm variables. */
function cli(args: string[], cwd: string): Promise<Run> {
  const env = { PATH: process.env.PATH, HOME: home, NO_COLOR: "1" };
  return run(join(consumer, "node_modules/.bin", NAME), args, cwd, env);
}

/** A fresh folder holding only a package.json: an app before setup. */
function emptyApp(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true }, null, 2)}\n`);
  return dir;
}

/** name → content of every file under dir. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(walk(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "scc-package-"));
  home = join(tmp, "home");
  mkdirSync(home);

  const pack = await run("npm", ["pack", "--json", "--pack-destination", tmp], ROOT, npmEnv());
  expect(pack.code, `npm pack failed:\n${pack.stderr}`).toBe(0);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = info!.files.map((f) => f.path);

  consumer = join(tmp, "consumer");
  mkdirSync(consumer);
  const init = await run("npm", ["init", "-y"], consumer, npmEnv());
  expect(init.code, init.stderr).toBe(0);
  const install = await run(
    "npm",
    ["install", join(tmp, info!.filename), "--no-audit", "--no-fund", "--prefer-offline"],
    consumer,
    npmEnv(),
  );
  expect(install.code, `npm install of the tarball failed:\n${install.stderr}`).toBe(0);
  installed = join(consumer, "node_modules", NAME);
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("holds lib/ with declarations, README and package.json; no sources, tests or action bundle", () => {
    for (const f of ["package.json", "README.md", "lib/index.js", "lib/index.d.ts", "lib/cli/bin.js"])
      expect(packedFiles).toContain(f);
    const stray = packedFiles.filter(
      (f) => !/^(package\.json|README\.md|LICENSE|lib\/.+\.(js|d\.ts))$/.test(f),
    );
    expect(stray).toEqual([]);
    expect(packedFiles.filter((f) => /^(src|dist|__tests__|lib\/action)\//.test(f))).toEqual([]);
    // Every module has its declarations.
    const js = packedFiles.filter((f) => f.endsWith(".js"));
    expect(js.filter((f) => !packedFiles.includes(f.replace(/\.js$/, ".d.ts")))).toEqual([]);
    // Nothing left over in lib/ from a module since renamed or removed (`npm run build` does not empty lib/).
    const stale = js.filter(
      (f) => !existsSync(join(ROOT, "src", f.slice("lib/".length).replace(/\.js$/, ".ts"))),
    );
    expect(stale, "stale files in lib/: delete lib/ and pack again").toEqual([]);
  });

  it("imports only Node built-ins and its declared dependencies", () => {
    const builtins = new Set(builtinModules);
    const used = new Set<string>();
    for (const f of walk(join(installed, "lib"))) {
      const text = readFileSync(join(installed, "lib", f), "utf8");
      // TypeScript's scanner: static and dynamic imports, not code inside strings (init's templates).
      for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        if (spec.startsWith(".") || spec.startsWith("node:") || builtins.has(spec)) continue;
        used.add(packageOf(spec));
      }
    }
    const declared = Object.keys(PKG.dependencies);
    expect([...used].filter((p) => !declared.includes(p))).toEqual([]);
    // And nothing declared goes unused (a dev tool in dependencies would reach every user).
    expect(declared.filter((p) => !used.has(p))).toEqual([]);
  });

  describe("the bin, installed", () => {
    it("--help through npx lists the commands", async () => {
      const env = { ...npmEnv(), HOME: home, NO_COLOR: "1", npm_config_update_notifier: "false" };
      const help = await run("npx", ["--no-install", NAME, "--help"], consumer, env);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(`${NAME} ${PKG.version}`);
      expect(help.stdout).toContain(`Usage: ${NAME} <command> [flags]`);
      for (const c of ["up", "down", "status", "logs", "doctor", "env", "keys"])
        expect(help.stdout).toMatch(new RegExp(`^  ${c}\\s`, "m"));
    });

    it("--version reads the package's own package.json from lib/cli", async () => {
      const r = await cli(["--version"], consumer);
      expect(r).toMatchObject({ code: 0, stdout: `${PKG.version}\n` });
    });

    it("env prints the public variables of an app before setup", async () => {
      const app = emptyApp("app-env");
      const r = await cli(["env"], app);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^CONVEX_SELF_HOSTED_URL='?http:\/\/127\.0\.0\.1:3210'?$/m);
      expect(r.stdout).toMatch(/^CONVEX_SITE_ORIGIN='?http:\/\/localhost:3211'?$/m);
    });

    it("keys without a key fails with exit 1 and says what to do", async () => {
      const app = emptyApp("app-keys");
      const r = await cli(["keys"], app);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("✗ No jwt_private_key.pem in");
      expect(r.stderr).toContain(`${NAME} up`);
    });

    it("doctor runs its checks (exit 0 or 1: this machine decides) and changes nothing", async () => {
      const app = emptyApp("app-doctor");
      const before = snapshot(app);
      const r = await cli(["doctor"], app);
      expect([0, 1], r.stdout + r.stderr).toContain(r.code);
      expect(r.stdout).toMatch(/^✓ Node\.js \d+\.\d+\.\d+/m);
      expect(r.stdout).toMatch(/^[✓✗] .*docker compose/m);
      expect(r.stdout.split("\n").filter((l) => /^[✓!✗] /.test(l)).length).toBeGreaterThanOrEqual(4);
      expect(r.code).toBe(/^✗ /m.test(r.stdout) ? 1 : 0);
      expect(snapshot(app)).toEqual(before);
    });

    it("doctor --json prints JSON", async () => {
      const app = emptyApp("app-doctor-json");
      const r = await cli(["doctor", "--json"], app);
      expect([0, 1], r.stdout + r.stderr).toContain(r.code);
      const report: unknown = JSON.parse(r.stdout);
      expect(typeof report).toBe("object");
      expect(report).not.toBeNull();
      expect(r.stdout).not.toMatch(/^[✓✗] /m);
    });

    it("init --dry-run writes nothing", async () => {
      const app = emptyApp("app-init");
      const before = snapshot(app);
      const r = await cli(["init", "--dry-run"], app);
      // Advice never fails init (exit 0); 2 would be a usage error.
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toContain("convex/");
      expect(snapshot(app)).toEqual(before);
    });
  });

  describe("the library, installed", () => {
    let tsc: Run;
    let output: Run;
    beforeAll(async () => {
      copyFileSync(join(ROOT, "__tests__/fixtures/consumer/consumer.mts"), join(consumer, "consumer.mts"));
      // Like a consumer's own tsconfig, but strict about the package's declarations too (no skipLibCheck).
      // @types/node is this repository's: the declarations use NodeJS types, as any Node library's do.
      const tsconfig = {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          typeRoots: [join(ROOT, "node_modules/@types")],
          types: ["node"],
          outDir: "out",
        },
        files: ["consumer.mts"],
      };
      writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
      tsc = await run(process.execPath, [TSC, "-p", "."], consumer, npmEnv());
      output = await run(process.execPath, ["out/consumer.mjs"], consumer, { PATH: process.env.PATH });
    }, 120_000);

    it("typechecks a consumer against its declarations (strict, NodeNext)", () => {
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.code).toBe(0);
    });

    it("imports by name with the same exports as src/index.ts, and they work", async () => {
      expect(output.code, output.stderr).toBe(0);
      const got = JSON.parse(output.stdout);
      const source = await import("../../src/index.js");
      expect(got.exports).toEqual(Object.keys(source).sort());
      expect(got).toMatchObject({
        key: "carnitas|017c5405aba48afe1d1681528424e4528026e69e3b99e400ef23f2f3741a11db225497db09",
        decoded: { instanceName: "carnitas", issuedAt: 1761321178, memberId: 0 },
        instanceName: "demo",
        apiPort: 4000,
        defaultApiPort: 3210,
        problems: ["api-port"],
        setupError: true,
        setup: "function",
      });
      expect(got.deps).toEqual(expect.arrayContaining(["docker", "files", "convexCli", "postgres", "git"]));
    });
  });
});
