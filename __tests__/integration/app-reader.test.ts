/** adapters/app-reader.ts on real files: a monorepo, links in and out of the repository. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  MAX_FRONTEND_FILES,
  MAX_SOURCE_BYTES,
  readApp,
  resolveConvexPackage,
} from "../../src/adapters/app-reader.js";
import { createFileStore } from "../../src/adapters/files.js";
import { SetupError } from "../../src/core/errors.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), "app-reader-")));
  dirs.push(d);
  return d;
}
function write(root: string, files: Record<string, string | object>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  }
}
function link(root: string, rel: string, target: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  symlinkSync(target, join(root, rel));
}
const files = createFileStore();

/** A Turborepo-like yarn monorepo: convex in packages/backend, hoisted to the root node_modules. */
function monorepo(): string {
  const repo = tmp();
  write(repo, {
    "package.json": { name: "mono", packageManager: "yarn@1.22.22", workspaces: ["apps/*", "packages/*"] },
    "yarn.lock": "",
    "package-lock.json": "",
    "apps/web/package.json": {
      name: "web",
      dependencies: { next: "16", "@x/backend": "*", "@clerk/nextjs": "6" },
    },
    "apps/docs/package.json": { name: "docs", dependencies: { next: "16" } },
    "packages/backend/package.json": { name: "@x/backend", dependencies: { convex: "^1.48.0" } },
    "packages/backend/convex/auth.config.js":
      "export default { providers: [{ domain: process.env.CLERK_ISSUER_URL, applicationID: 'convex' }] };",
    "packages/backend/convex/notes.ts": "export const k = process.env.OPENAI_API_KEY;",
    "packages/backend/convex/_generated/server.ts": "export const x = process.env.GENERATED_ONLY;",
    "packages/backend/convex/node_modules/dep/index.js": "process.env.IN_NODE_MODULES;",
    "node_modules/convex/package.json": { name: "convex", version: "1.48.0" },
    "node_modules/convex/bin/main.js": "#!/usr/bin/env node\n",
  });
  link(repo, "node_modules/.bin/convex", "../convex/bin/main.js");
  return repo;
}

describe("readApp", () => {
  it("a monorepo read from packages/backend", async () => {
    const repo = monorepo();
    const facts = await readApp(join(repo, "packages/backend"), repo, files);
    expect(facts).toMatchObject({
      workingDirectory: "packages/backend",
      workspaceRoot: ".",
      workspacePatterns: ["apps/*", "packages/*"],
      packageManager: "yarn",
      packageManagerEvidence: ["packageManager: yarn@1.22.22", "yarn.lock"],
      otherLockfiles: ["package-lock.json"],
      functionsDir: "packages/backend/convex",
      functionsDirExists: true,
      auth: "clerk",
      authDependencyDir: "apps/web",
      authConfigFile: "packages/backend/convex/auth.config.js",
      authConfigEnv: ["CLERK_ISSUER_URL"],
      warnings: [],
    });
    expect(facts.frontends.map((f) => [f.dir, f.framework, f.urlVar])).toEqual([
      ["apps/web", "nextjs", "NEXT_PUBLIC_CONVEX_URL"],
    ]);
    // _generated/ and node_modules/ are not read.
    expect(facts.envVarsRead.map((e) => e.name)).toEqual(["CLERK_ISSUER_URL", "OPENAI_API_KEY"]);
  });

  it("a single app at the repository root, convex.json moving the functions", async () => {
    const repo = tmp();
    write(repo, {
      "package.json": { dependencies: { convex: "1", "@sveltejs/kit": "2" } },
      "convex.json": { functions: "src/convex/" },
      "src/convex/a.ts": "export const a = process.env.A;",
      "convex/ignored.ts": "export const b = process.env.B;",
    });
    const facts = await readApp(repo, repo, files);
    expect(facts).toMatchObject({ workingDirectory: ".", functionsDir: "src/convex", packageManager: "npm" });
    expect(facts.frontends.map((f) => f.urlVar)).toEqual(["PUBLIC_CONVEX_URL"]);
    expect(facts.envVarsRead.map((e) => e.name)).toEqual(["A"]);
  });

  it("no functions folder yet", async () => {
    const repo = tmp();
    write(repo, { "package.json": { dependencies: { convex: "1", expo: "56" } } });
    const facts = await readApp(repo, repo, files);
    expect(facts).toMatchObject({ functionsDir: "convex", functionsDirExists: false, auth: "none" });
  });

  it("a symlinked convex.json pointing outside the repository is refused, naming both", async () => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "convex.json": { functions: "convex" } });
    write(repo, { "package.json": { dependencies: { convex: "1" } } });
    link(repo, "convex.json", join(outside, "convex.json"));
    const error = await readApp(repo, repo, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toContain(join(repo, "convex.json"));
    expect((error as Error).message).toContain(join(outside, "convex.json"));
    expect((error as Error).message).toMatch(/outside the repository/);
  });

  it("a symlink inside the repository is fine (file and functions folder)", async () => {
    const repo = tmp();
    write(repo, {
      "package.json": { dependencies: { convex: "1" } },
      "shared/convex.json": { functions: "fns" },
      "backend/convex/a.ts": "export const a = process.env.INSIDE;",
    });
    link(repo, "convex.json", "shared/convex.json");
    link(repo, "fns", "backend/convex");
    const facts = await readApp(repo, repo, files);
    expect(facts.functionsDir).toBe("fns");
    expect(facts.envVarsRead).toEqual([{ name: "INSIDE", files: ["fns/a.ts"] }]);
  });

  it.each([
    ["a source file", "convex/secret.ts", "secret.ts"],
    ["a folder", "convex/lib", "lib"],
    ["the functions folder itself", "convex", "convexdir"],
  ])("%s linked out of the repository is refused", async (_what, rel, target) => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "secret.ts": "export const s = process.env.S;", "lib/x.ts": "", "convexdir/y.ts": "" });
    write(repo, { "package.json": { dependencies: { convex: "1" } }, "convex/ok.ts": "" });
    if (rel === "convex") rmSync(join(repo, "convex"), { recursive: true });
    link(repo, rel, join(outside, target));
    await expect(readApp(repo, repo, files)).rejects.toThrow(/outside the repository/);
  });

  it("a workspace member's package.json linked out is refused", async () => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "package.json": { dependencies: { next: "1", convex: "1" } } });
    write(repo, {
      "package.json": { workspaces: ["apps/*", "packages/*"] },
      "packages/backend/package.json": { dependencies: { convex: "1" } },
    });
    link(repo, "apps/web/package.json", join(outside, "package.json"));
    await expect(readApp(join(repo, "packages/backend"), repo, files)).rejects.toThrow(
      /apps\/web\/package\.json/,
    );
  });

  it("a working directory outside the repository is refused", async () => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "package.json": {} });
    await expect(readApp(outside, repo, files)).rejects.toThrow(/outside the repository/);
    link(repo, "app", outside);
    await expect(readApp(join(repo, "app"), repo, files)).rejects.toThrow(/outside the repository/);
  });

  it(`skips source files over ${MAX_SOURCE_BYTES / 1024} KB, with a warning`, async () => {
    const repo = tmp();
    write(repo, {
      "package.json": { dependencies: { convex: "1" } },
      "convex/big.ts": `export const b = process.env.BIG;\n${"//".padEnd(MAX_SOURCE_BYTES, "x")}\n`,
      "convex/small.ts": "export const s = process.env.SMALL;",
    });
    const facts = await readApp(repo, repo, files);
    expect(facts.envVarsRead.map((e) => e.name)).toEqual(["SMALL"]);
    expect(facts.warnings).toEqual([expect.stringContaining("convex/big.ts")]);
  });
});

describe("resolveConvexPackage", () => {
  it("finds the hoisted package at the workspace root from packages/backend", async () => {
    const repo = monorepo();
    expect(await resolveConvexPackage(join(repo, "packages/backend"), repo)).toEqual({
      version: "1.48.0",
      packageJson: join(repo, "node_modules/convex/package.json"),
      bin: join(repo, "node_modules/.bin/convex"),
    });
  });

  it("the nearest of each: a package in the app, a .bin nearer than the package", async () => {
    const repo = monorepo();
    write(repo, { "packages/backend/node_modules/convex/package.json": { version: "1.47.0" } });
    expect(await resolveConvexPackage(join(repo, "packages/backend"), repo)).toMatchObject({
      version: "1.47.0",
      packageJson: join(repo, "packages/backend/node_modules/convex/package.json"),
      bin: join(repo, "node_modules/.bin/convex"),
    });
    write(repo, { "apps/web/node_modules/.bin/convex": "#!/bin/sh\n" });
    expect(await resolveConvexPackage(join(repo, "apps/web"), repo)).toMatchObject({
      version: "1.48.0",
      bin: join(repo, "apps/web/node_modules/.bin/convex"),
    });
  });

  it("stops at the repository root", async () => {
    const outer = tmp();
    write(outer, { "node_modules/convex/package.json": { version: "1.48.0" } });
    const repo = join(outer, "repo");
    write(repo, { "package.json": {} });
    expect(await resolveConvexPackage(repo, repo)).toBeUndefined();
  });

  it("a node_modules/convex linked out of the repository is refused", async () => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "convex/package.json": { version: "9.9.9" } });
    write(repo, { "package.json": {} });
    link(repo, "node_modules/convex", join(outside, "convex"));
    await expect(resolveConvexPackage(repo, repo)).rejects.toThrow(/outside the repository/);
  });
});

describe("readApp: the URL variables a frontend's own code reads", () => {
  it("reads the frontend's code, not the functions, node_modules, build output, static files, nested packages or links out", async () => {
    const repo = tmp();
    const outside = tmp();
    write(outside, { "evil.ts": "process.env.OUTSIDE_CONVEX_URL;" });
    write(repo, {
      "package.json": { name: "app", dependencies: { convex: "1", "@remix-run/dev": "2", vite: "6" } },
      "app/root.tsx": 'export const loader = () => process.env["CONVEX_URL"];',
      "app/routes/a.svelte": "<script>import { PUBLIC_CONVEX_SITE_URL } from '$env/static/public';</script>",
      "convex/auth.ts": "process.env.FUNCTIONS_CONVEX_URL;",
      "node_modules/x/index.js": "process.env.NM_CONVEX_URL;",
      "build/server/index.js": "process.env.BUILT_CONVEX_URL;",
      "public/vendor.js": "process.env.PUBLIC_DIR_CONVEX_URL;",
      "packages/other/package.json": { name: "other" },
      "packages/other/src/x.ts": "process.env.NESTED_CONVEX_URL;",
      "app/huge.ts": `process.env.HUGE_CONVEX_URL;${" ".repeat(MAX_SOURCE_BYTES)}`,
    });
    link(repo, "app/linked.ts", join(outside, "evil.ts"));
    link(repo, "linked-dir", outside);
    const facts = await readApp(repo, repo, files, { frontendDirs: [repo] });
    expect(facts.frontendEnvReads.get(".")).toEqual([
      { name: "CONVEX_URL", files: ["app/root.tsx"] },
      { name: "PUBLIC_CONVEX_SITE_URL", files: ["app/routes/a.svelte"] },
    ]);
    expect(facts.warnings).toEqual([]);
  });

  it("stops after MAX_FRONTEND_FILES files, and says so", async () => {
    const repo = tmp();
    const many: Record<string, string> = { "package.json": JSON.stringify({ name: "app" }) };
    for (let i = 0; i < MAX_FRONTEND_FILES + 5; i++) many[`src/f${String(i).padStart(4, "0")}.ts`] = "x;";
    many["src/zz-last.ts"] = "import.meta.env.VITE_CONVEX_URL;";
    write(repo, many);
    const facts = await readApp(repo, repo, files, { frontendDirs: [repo] });
    expect(facts.frontendEnvReads.get(".")).toEqual([]);
    expect(facts.warnings.join("\n")).toMatch(
      /only part of the frontend's code was read .*at most 1000 files/,
    );
  });

  it("without frontendDirs nothing of the frontend is read", async () => {
    const repo = tmp();
    write(repo, { "package.json": { name: "app" }, "src/a.ts": "process.env.CONVEX_URL;" });
    expect((await readApp(repo, repo, files)).frontendEnvReads.size).toBe(0);
  });
});
