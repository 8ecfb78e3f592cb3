/**
 * What the pure core writes, read by the real tools that read it in users' hands, each as a
 * process: bash sources the env files, git honours the .gitignore rules, dclint lints the compose
 * file. (The same outputs are checked in process in core/: against dotenv, compose's rules and the
 * compose-spec schema; these are the checks that need a child process.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { renderCompose } from "../../src/core/compose.js";
import { renderEnvFile } from "../../src/core/env-file.js";
import { isIgnored } from "../../src/core/gitignore.js";
import { sampleValues } from "../helpers/env-values.js";
import { IGNORE_CASES, ruleToken, SECRET_FILES } from "../helpers/gitignore-cases.js";

const dir = mkdtempSync(join(tmpdir(), "real-tools-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bash sources the env files as written", () => {
  /** Reads a file with bash exactly as users do: set -a; . file; then prints each variable NUL-separated. */
  function readWithBash(file: string, keys: string[]): string[] {
    const script = `set -a; . "$1"; set +a; shift; for k in "$@"; do printf '%s\\0' "\${!k}"; done`;
    const out = execFileSync("bash", ["-c", script, "bash", file, ...keys], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    return out.split("\0").slice(0, keys.length);
  }

  it("1,000+ generated values read back identically", () => {
    const values = sampleValues(1000);
    expect(values.length).toBeGreaterThanOrEqual(1000);
    const entries = values.map((v, i) => [`K${i}`, v] as const);
    const file = join(dir, ".env");
    writeFileSync(file, renderEnvFile(entries, ["generated"]));
    const fromBash = readWithBash(
      file,
      entries.map(([k]) => k),
    );
    entries.forEach(([key, value], i) => {
      expect(fromBash[i], `bash ${key}`).toBe(value);
    });
  });
});

describe("git reads the .gitignore rules as isIgnored does, or ignores more", () => {
  const repo = join(dir, "repo");
  const gitIgnores = (rules: string, file: string) => {
    writeFileSync(join(repo, ".gitignore"), rules);
    return spawnSync("git", ["check-ignore", "-q", "--no-index", "--", file], { cwd: repo }).status === 0;
  };
  spawnSync("git", ["init", "-q", repo]);

  it.each(IGNORE_CASES)("%j ignores %s: %s", (rule, file, expected, byGit = expected) => {
    expect(isIgnored(`${rule}\n`, file)).toBe(expected);
    expect(gitIgnores(`${rule}\n`, file), `git check-ignore ${file} with rule ${JSON.stringify(rule)}`).toBe(
      byGit,
    );
  });

  it("random rule sets: when we say ignored, git ignores", () => {
    fc.assert(
      fc.property(fc.array(ruleToken, { maxLength: 5 }), fc.constantFrom(...SECRET_FILES), (rules, file) => {
        const text = `${rules.join("\n")}\n`;
        if (!isIgnored(text, file)) return;
        expect(gitIgnores(text, file), `${JSON.stringify(text)} ${file}`).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe("dclint, a docker compose linter", () => {
  it("finds no error in the compose file, with and without the dashboard and the forwarder", () => {
    const require = createRequire(import.meta.url);
    const dclint = join(require.resolve("dclint").replace(/dist\/.*$|\/[^/]*$/, ""), "bin/dclint.cjs");
    const base = {
      projectName: "convex-app",
      dashboard: true,
      ports: { api: 3210, site: 3211, dashboard: 6791 },
      instanceName: "app",
      cloudOrigin: "https://convex-api--main--ws--alice.apps.example.com",
      siteOrigin: "https://convex-site--main--ws--alice.apps.example.com",
      dashboardDeploymentUrl: "https://convex-api--main--ws--alice.apps.example.com",
      envFile: ".env.convex.local",
      doNotRequireSsl: true,
    };
    const files = [
      base,
      { ...base, dashboard: false, doNotRequireSsl: false },
      {
        ...base,
        ports: { api: 13210, site: 13211, dashboard: 16791 },
        originForwards: [
          [13210, 3210],
          [13211, 3211],
        ] as Array<[number, number]>,
      },
    ].map((options, i) => {
      const file = join(dir, `docker-compose.${i}.yml`);
      writeFileSync(file, renderCompose(options));
      return file;
    });
    const out = execFileSync(process.execPath, [dclint, ...files, "-f", "json"], { encoding: "utf8" });
    const results = JSON.parse(out) as Array<{
      filePath: string;
      messages: Array<{ type: string; message: string }>;
    }>;
    expect(results).toHaveLength(files.length);
    const errors = results.flatMap((r) =>
      r.messages.filter((m) => m.type === "error").map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(errors).toEqual([]);
  });
});
