/** The seed phase: when it seeds, in which order, and which files it refuses (a real file store). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConvexCli, ConvexProject } from "../../src/adapters/convex-cli.js";
import { createFileStore } from "../../src/adapters/files.js";
import type { Logger } from "../../src/adapters/runtime.js";
import type { SeedInput } from "../../src/core/config.js";
import { SetupError } from "../../src/core/errors.js";
import { checkNewDeployment, checkSeedFile, seedDeployment } from "../../src/phases/seed.js";

const project: ConvexProject = {
  packageManager: "npm",
  convexVersion: "1.48.0",
  command: "convex",
  args: [],
};
let outside: string;
let repo: string;
let app: string;
beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), "seed-"));
  repo = join(outside, "repo");
  app = join(repo, "app");
  mkdirSync(join(app, "seed"), { recursive: true });
  writeFileSync(join(app, "seed/users.jsonl"), '{"name":"a"}\n');
  writeFileSync(join(outside, "secret.jsonl"), '{"token":"x"}\n');
});
afterEach(() => rmSync(outside, { recursive: true, force: true }));

function fakes() {
  const calls: string[] = [];
  const lines: string[] = [];
  const cli: Pick<ConvexCli, "run" | "import"> = {
    run: async (_dir, _p, o) => {
      calls.push(`run ${o.functionName} ${o.args}`);
      o.onOutput?.("done\n");
      return { code: 0, stdout: "", stderr: "" };
    },
    import: async (_dir, _p, o) => {
      calls.push(`import ${o.file} table=${o.table ?? "-"} replace=${o.replace}`);
      return { code: 0, stdout: "", stderr: "" };
    },
  };
  const logger = { info: (m: string) => void lines.push(m) } as unknown as Logger;
  return { calls, lines, cli, logger };
}

const seed = (s: Partial<SeedInput>): SeedInput => ({
  function: undefined,
  args: "{}",
  import: undefined,
  always: false,
  ...s,
});
const options = (isNew: boolean) => ({
  url: "http://127.0.0.1:3210",
  adminKey: "app|01",
  env: {},
  isNew,
  files: createFileStore(repo),
});

describe("seedDeployment", () => {
  it("seed-scrub runs right after the import, before seed-function", async () => {
    const f = fakes();
    await seedDeployment(
      f.cli,
      app,
      project,
      seed({ function: "seed:init", import: "seed/users.jsonl", scrub: "internal/scrub:run" }),
      options(true),
      f.logger,
    );
    expect(f.calls).toEqual([
      `import ${join(app, "seed/users.jsonl")} table=users replace=false`,
      "run internal/scrub:run {}",
      "run seed:init {}",
    ]);
  });

  it("a failed scrub fails the seed and says the data is there unscrubbed; seed-function does not run", async () => {
    const f = fakes();
    const cli: typeof f.cli = {
      ...f.cli,
      run: async (_d, _p, o) => {
        f.calls.push(`run ${o.functionName}`);
        throw new SetupError("`convex run internal/scrub:run` failed: Uncaught Error: no table users_pii");
      },
    };
    await expect(
      seedDeployment(
        cli,
        app,
        project,
        seed({ function: "seed:init", import: "seed/users.jsonl", scrub: "internal/scrub:run" }),
        options(true),
        f.logger,
      ),
    ).rejects.toThrow(
      /^seed-scrub: internal\/scrub:run failed, so the imported data is in this deployment UNSCRUBBED: `convex run internal\/scrub:run` failed: Uncaught Error: no table users_pii\n {2}-> Remove the preview \(command: down\)/,
    );
    expect(f.calls.filter((c) => c.startsWith("run"))).toEqual(["run internal/scrub:run"]);
  });

  it("seed-artifact: the downloaded backup is imported (no --table), then scrubbed; its folder is removed even when the import fails", async () => {
    for (const importFails of [false, true]) {
      const f = fakes();
      const events: string[] = [];
      const cli: typeof f.cli = {
        ...f.cli,
        import: async (_d, _p, o) => {
          events.push(`import ${o.file} table=${o.table ?? "-"}`);
          if (importFails) throw new SetupError("convex import failed");
          return { code: 0, stdout: "", stderr: "" };
        },
      };
      const run = seedDeployment(
        cli,
        app,
        project,
        seed({ artifact: { name: "prod-backup", runId: 42 }, scrub: "internal/scrub:run" }),
        {
          ...options(true),
          fetchArtifact: async () => ({
            file: "/tmp/seed-artifact-x/backup.zip",
            description: "artifact prod-backup of run 42 (app.zip)",
            remove: async () => void events.push("removed"),
          }),
        },
        f.logger,
      );
      if (importFails) await expect(run).rejects.toThrow("convex import failed");
      else await run;
      expect(events).toEqual(["import /tmp/seed-artifact-x/backup.zip table=-", "removed"]);
      expect(f.calls).toEqual(importFails ? [] : ["run internal/scrub:run {}"]);
    }
  });

  it("a new deployment: the import first, then the function; no --replace", async () => {
    const f = fakes();
    const seeded = await seedDeployment(
      f.cli,
      app,
      project,
      seed({ function: "seed:init", args: '{"n":1}', import: "seed/users.jsonl" }),
      options(true),
      f.logger,
    );
    expect(seeded).toBe(true);
    expect(f.calls).toEqual([
      `import ${join(app, "seed/users.jsonl")} table=users replace=false`,
      'run seed:init {"n":1}',
    ]);
    expect(f.lines).toContain("New deployment (no functions before this run's deploy): seeding it.");
    expect(f.lines).toContain("done");
  });

  it("not new: skipped, and it says how to force it", async () => {
    const f = fakes();
    expect(
      await seedDeployment(f.cli, app, project, seed({ function: "seed:init" }), options(false), f.logger),
    ).toBe(false);
    expect(f.calls).toEqual([]);
    expect(f.lines).toEqual([
      "Not a new deployment (its functions were deployed before this run): seed skipped; seed-always: true forces it.",
    ]);
  });

  it("seed-always: seeds an existing deployment, the import replacing its tables", async () => {
    const f = fakes();
    expect(
      await seedDeployment(
        f.cli,
        app,
        project,
        seed({ function: "seed:init", import: "seed/users.jsonl", always: true }),
        options(false),
        f.logger,
      ),
    ).toBe(true);
    expect(f.calls[0]).toMatch(/table=users replace=true$/);
    expect(f.calls[1]).toBe("run seed:init {}");
  });

  it("a snapshot ZIP names no table", async () => {
    writeFileSync(join(app, "seed/snapshot.zip"), "PK");
    const f = fakes();
    await seedDeployment(f.cli, app, project, seed({ import: "seed/snapshot.zip" }), options(true), f.logger);
    expect(f.calls).toEqual([`import ${join(app, "seed/snapshot.zip")} table=- replace=false`]);
  });

  it("a seed file that links out of the repository is refused before anything runs", async () => {
    symlinkSync(join(outside, "secret.jsonl"), join(app, "seed/leak.jsonl"));
    const f = fakes();
    await expect(
      seedDeployment(
        f.cli,
        app,
        project,
        seed({ function: "seed:init", import: "seed/leak.jsonl" }),
        options(true),
        f.logger,
      ),
    ).rejects.toThrow(/^seed-import: .*leak\.jsonl is a link to .*secret\.jsonl, outside the repository/);
    expect(f.calls).toEqual([]);
  });

  it("a link inside the repository is fine", async () => {
    symlinkSync(join(app, "seed/users.jsonl"), join(app, "seed/people.jsonl"));
    expect(await checkSeedFile(createFileStore(repo), app, "seed/people.jsonl")).toBe(
      join(app, "seed/people.jsonl"),
    );
  });

  it.each([
    [
      "missing",
      "seed/nobody.jsonl",
      /^seed-import: seed\/nobody\.jsonl is not a file \(looked for .*\)\.\n {2}-> Commit/,
    ],
    ["a folder", "seed", /^seed-import: seed is not a file/],
    ["through a linked folder", "shared/users.jsonl", /^seed-import: .* outside the repository/],
  ])("a seed file that is %s is refused", async (_n, file, message) => {
    mkdirSync(join(outside, "shared"));
    writeFileSync(join(outside, "shared/users.jsonl"), "{}\n");
    symlinkSync(join(outside, "shared"), join(app, "shared"));
    await expect(checkSeedFile(createFileStore(repo), app, file)).rejects.toThrow(message);
  });
});

describe("checkNewDeployment", () => {
  it.each([
    [false, true],
    [true, false],
  ])("functions deployed before: %s -> new: %s", async (deployed, isNew) => {
    const asked: string[] = [];
    const admin = {
      hasDeployedFunctions: async (key: string) => {
        asked.push(key);
        return deployed;
      },
    };
    expect(await checkNewDeployment(admin, "app|01")).toBe(isNew);
    expect(asked).toEqual(["app|01"]);
  });
});
