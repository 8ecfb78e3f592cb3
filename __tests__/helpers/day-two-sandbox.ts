/**
 * The day-two verbs' integration sandbox: setup-coder-convex's CLI as a child process, the fake
 * docker (and fake kubectl), the stand-in backend, and the REAL convex CLI 1.48.0 of node_modules
 * installed in the app (backup and restore make and import snapshots with it).
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { ROOT, type RunResult, Sandbox } from "./sandbox.js";

export const TSX = import.meta.resolve("tsx");
export const REAL_CONVEX = join(ROOT, "node_modules/convex/bin/main.js");
const sandboxes: Sandbox[] = [];
/** Registers the disposal of every sandbox made in a test file (call once at its top level). */
export function disposeSandboxes(): void {
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
  });
}

/** A sandbox with the default (fake) convex CLI, disposed after the test as the others. */
export async function plainSandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  return s;
}

/** A sandbox whose app has the real convex CLI installed (as node_modules/.bin/convex). */
export async function sandbox(options?: Parameters<typeof Sandbox.create>[0]) {
  const s = await Sandbox.create(options);
  sandboxes.push(s);
  const bin = join(s.app, "node_modules/.bin/convex");
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${REAL_CONVEX}" "$@"\n`);
  chmodSync(bin, 0o755);
  return s;
}

/**
 * The app's convex CLI as the real one, but `convex deploy` by the fake (fake-convex-cli.mjs, which
 * records its argv in the sandbox's convexLog): the stand-in cannot take the real CLI's bundled push.
 */
export function deployWithFake(s: Sandbox): void {
  const fake = join(ROOT, "__tests__/doubles/fake-convex-cli.mjs");
  writeFileSync(
    join(s.app, "node_modules/.bin/convex"),
    `#!/bin/sh\nif [ "$1" = deploy ]; then exec "${process.execPath}" "${fake}" "$@"; fi\nexec "${process.execPath}" "${REAL_CONVEX}" "$@"\n`,
  );
}

export const baseEnv = (s: Sandbox): Record<string, string> => ({
  PATH: `${s.bin}:${process.env.PATH}`,
  HOME: s.root,
  FAKE_DOCKER_STATE: s.dockerState,
  FAKE_KUBECTL_STATE: s.kubeState,
  FAKE_CONVEX_LOG: s.files.convexLog,
});

/** setup-coder-convex's CLI in the sandbox's app, with the doubles' environment and any more variables. */
export function cli(s: Sandbox, args: string[], extraEnv: Record<string, string> = {}, cwd = s.app) {
  return s.run(
    process.execPath,
    ["--import", TSX, join(ROOT, "src/cli/bin.ts"), ...args],
    { ...baseEnv(s), ...extraEnv },
    cwd,
  );
}

/** The real convex CLI in the app, as a user runs it (it reads .env.local's URL and admin key). */
export function convex(s: Sandbox, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const p = spawn(REAL_CONVEX, args, { cwd: s.app, env: { PATH: process.env.PATH, HOME: s.root } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c) => (stdout += c));
    p.stderr.on("data", (c) => (stderr += c));
    p.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export const ports = (s: Sandbox) => [
  "--api-port",
  String(s.ports.api),
  "--site-port",
  String(s.ports.site),
  "--dashboard-port",
  String(s.ports.dashboard),
];
/** The sandbox's ports and its own compose project as flags (tests run in parallel: never the defaults). */
export const ownProject = (s: Sandbox) => [...ports(s), "--project-name", `t${s.ports.api}`];
export const volume = (s: Sandbox) => join(s.dockerState, "projects", `t${s.ports.api}`, "volume-data");
export const tables = (dir: string) =>
  existsSync(join(dir, "tables.json")) ? JSON.parse(readFileSync(join(dir, "tables.json"), "utf8")) : {};
export const docs = (dir: string, table: string) =>
  readFileSync(join(dir, "documents", `${table}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
export const requests = (dir: string) =>
  readFileSync(join(dir, "requests.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
export const out = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

export async function importTable(s: Sandbox, table: string, rows: object[], mode: string[] = []) {
  const file = join(s.app, `${table}.jsonl`);
  writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  const r = await convex(s, ["import", "--yes", "--table", table, ...mode, file]);
  expect(r.code, out(r)).toBe(0);
}
