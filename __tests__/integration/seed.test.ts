/**
 * Seed data through real processes: the action (from source) with the fake docker, the stand-in
 * backend and the fake convex CLI (__tests__/doubles). "New" is what the stand-in's
 * get_config_hashes says before the deploy: no modules until the first push, kept in its volume.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeZip } from "../doubles/zip-double.mjs";
import { type RunResult, Sandbox } from "../helpers/sandbox.js";

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});
async function sandbox() {
  const s = await Sandbox.create();
  sandboxes.push(s);
  // The app's seed function (the stand-in runs no code: a pushed module's functions "succeed").
  writeFileSync(
    join(s.app, "convex/seed.ts"),
    'import { internalMutation } from "./_generated/server";\nexport const init = internalMutation({ args: {}, handler: async () => {} });\n',
  );
  return s;
}

/** Output without the runner's own ::add-mask:: commands, with the runner's %0A as newlines. */
const visible = (r: RunResult) =>
  `${r.stdout}\n${r.stderr}`
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n")
    .replace(/%0A/g, "\n");

const volume = (s: Sandbox, file: string) =>
  join(s.dockerState, "projects", `t${s.ports.api}`, "volume-data", file);
const functionsRun = (s: Sandbox) => s.jsonl(volume(s, "functions-run.jsonl"));
const tables = (s: Sandbox) =>
  existsSync(volume(s, "tables.json")) ? JSON.parse(readFileSync(volume(s, "tables.json"), "utf8")) : {};
const seedCalls = (s: Sandbox) =>
  s
    .convexCalls()
    .map((c) => c.args as string[])
    .filter((a) => a[0] === "run" || a[0] === "import");

describe("seed data (seed-function, seed-import)", () => {
  it("runs the function once on a new deployment, not on a rerun, and again with seed-always", async () => {
    const s = await sandbox();
    const inputs = { cleanup: "false", "seed-function": "seed:init", "seed-args": '{"users": 3}' };
    const first = await s.runAction(s.actionEnv(inputs));
    expect(first.code, visible(first)).toBe(0);
    expect(s.outputs().seeded).toBe("true");
    expect(functionsRun(s)).toEqual([expect.objectContaining({ path: "seed:init", args: { users: 3 } })]);
    expect(visible(first)).toContain("New deployment (no functions before this run's deploy): seeding it.");
    // Asked before the deploy, with the key in the body; the function ran after it.
    const requests = s.backendRequests(`t${s.ports.api}`);
    const at = (path: string) => requests.findIndex((r) => r.path === path);
    expect(at("/api/get_config_hashes")).toBeGreaterThanOrEqual(0);
    expect(at("/api/get_config_hashes")).toBeLessThan(at("/api/deploy2/start_push"));
    expect(at("/api/deploy2/start_push")).toBeLessThan(at("/api/function"));
    expect(JSON.parse(requests[at("/api/get_config_hashes")].body)).toEqual({
      adminKey: s.outputs()["admin-key"],
    });
    expect(seedCalls(s)).toEqual([["run", "seed:init", '{"users": 3}']]);
    expect(s.convexCalls().at(-1)).toMatchObject({
      url: `http://127.0.0.1:${s.ports.api}`,
      hasAdminKey: true,
      blanked: { CONVEX_DEPLOY_KEY: "", CONVEX_DEPLOYMENT_TOKEN: "", CONVEX_DEPLOYMENT: "" },
    });
    expect(s.summary()).toMatch(/\| Seed \| \d+\.\d\d s/);

    // The same instance again: its functions are there, so it is not new.
    const rerun = await s.runAction(s.actionEnv(inputs));
    expect(rerun.code, visible(rerun)).toBe(0);
    expect(s.outputs().seeded).toBe("false");
    expect(functionsRun(s)).toHaveLength(1);
    expect(visible(rerun)).toContain(
      "Not a new deployment (its functions were deployed before this run): seed skipped; seed-always: true forces it.",
    );

    const forced = await s.runAction(s.actionEnv({ ...inputs, "seed-always": "true" }));
    expect(forced.code, visible(forced)).toBe(0);
    expect(s.outputs().seeded).toBe("true");
    expect(functionsRun(s)).toHaveLength(2);
  });

  it("nothing to seed: no extra request, seeded is false", async () => {
    const s = await sandbox();
    const run = await s.runAction(s.actionEnv({ cleanup: "false" }));
    expect(run.code, visible(run)).toBe(0);
    expect(s.outputs().seeded).toBe("false");
    expect(s.backendRequests(`t${s.ports.api}`).map((r) => r.path)).not.toContain("/api/get_config_hashes");
    expect(seedCalls(s)).toEqual([]);
  });

  it("imports a .jsonl of the repository into the table named after it, before running the function", async () => {
    const s = await sandbox();
    mkdirSync(join(s.app, "seed"));
    writeFileSync(join(s.app, "seed/users.jsonl"), '{"name":"Ada"}\n{"name":"Grace"}\n');
    const inputs = { cleanup: "false", "seed-import": "seed/users.jsonl", "seed-function": "seed:init" };
    const run = await s.runAction(s.actionEnv(inputs));
    expect(run.code, visible(run)).toBe(0);
    expect(s.outputs().seeded).toBe("true");
    expect(seedCalls(s)).toEqual([
      ["import", "--yes", "--table", "users", join(s.app, "seed/users.jsonl")],
      ["run", "seed:init", "{}"],
    ]);
    expect(tables(s)).toEqual({ users: 2 });
    expect(visible(run)).toContain('Added 2 documents to table "users".');

    // seed-always: the table has documents now, so the import replaces them (else TableExists).
    writeFileSync(join(s.app, "seed/users.jsonl"), '{"name":"Ada"}\n{"name":"Grace"}\n{"name":"Edsger"}\n');
    const forced = await s.runAction(s.actionEnv({ ...inputs, "seed-always": "true" }));
    expect(forced.code, visible(forced)).toBe(0);
    expect(seedCalls(s).at(-2)).toEqual([
      "import",
      "--yes",
      "--table",
      "users",
      "--replace",
      join(s.app, "seed/users.jsonl"),
    ]);
    expect(tables(s)).toEqual({ users: 3 });
  });

  it("imports a backup ZIP (command: backup's, laid out as the stand-in's export) from .convex-backups; its variables file is not read", async () => {
    const s = await sandbox();
    mkdirSync(join(s.app, ".convex-backups"));
    // The layout of doubles/stand-in-store.mjs buildZip (the pinned backend's crates/exports).
    const zip = writeZip([
      ["README.md", "# A snapshot export\n"],
      ["_tables/documents.jsonl", '{"name":"users","id":10001}\n{"name":"projects","id":10002}\n'],
      ["users/documents.jsonl", '{"name":"Ada"}\n{"name":"Grace"}\n{"name":"Edsger"}\n'],
      ["users/generated_schema.jsonl", '"uniform"\n'],
      ["projects/documents.jsonl", '{"title":"x"}\n'],
    ]);
    writeFileSync(join(s.app, ".convex-backups/app-20261205-031000Z.zip"), zip);
    writeFileSync(
      join(s.app, ".convex-backups/app-20261205-031000Z.env.json"),
      JSON.stringify({
        format: "setup-coder-convex/backup@1",
        variables: ["PROD_ONLY"],
        values: { PROD_ONLY: "x" },
      }),
    );
    const inputs = { cleanup: "false", "seed-import": ".convex-backups/app-20261205-031000Z.zip" };
    const run = await s.runAction(s.actionEnv(inputs));
    expect(run.code, visible(run)).toBe(0);
    expect(s.outputs().seeded).toBe("true");
    expect(seedCalls(s)).toEqual([
      ["import", "--yes", join(s.app, ".convex-backups/app-20261205-031000Z.zip")],
    ]);
    expect(tables(s)).toEqual({ users: 3, projects: 1 });
    expect(visible(run)).not.toContain("PROD_ONLY");
  });

  it("seed-scrub runs with the project's convex CLI right after the import; a failing one fails the run, saying the data is unscrubbed", async () => {
    const s = await sandbox();
    writeFileSync(
      join(s.app, "convex/scrub.ts"),
      'import { internalMutation } from "./_generated/server";\nexport const run = internalMutation({ args: {}, handler: async () => {} });\n',
    );
    mkdirSync(join(s.app, "seed"));
    writeFileSync(join(s.app, "seed/users.jsonl"), '{"name":"Ada"}\n');
    const inputs = {
      cleanup: "false",
      "seed-import": "seed/users.jsonl",
      "seed-scrub": "scrub:run",
      "seed-function": "seed:init",
    };
    const run = await s.runAction(s.actionEnv(inputs));
    expect(run.code, visible(run)).toBe(0);
    expect(seedCalls(s)).toEqual([
      ["import", "--yes", "--table", "users", join(s.app, "seed/users.jsonl")],
      ["run", "scrub:run", "{}"],
      ["run", "seed:init", "{}"],
    ]);

    const failed = await s.runAction(
      s.actionEnv({ ...inputs, "seed-always": "true", "seed-scrub": "gone:run" }),
    );
    expect(failed.code).toBe(1);
    expect(visible(failed)).toMatch(
      /::error::seed-scrub: gone:run failed, so the imported data is in this deployment UNSCRUBBED: `.*convex run gone:run "\{\}"` failed \(exit 1\): Failed to run function "gone:run"/,
    );
    expect(seedCalls(s).at(-1)).toEqual(["run", "gone:run", "{}"]);
  });

  it("a seed-import that is a link out of the repository is refused before anything is deployed or imported", async () => {
    const s = await sandbox();
    writeFileSync(join(s.root, "runner-secret.jsonl"), '{"token":"do-not-leak"}\n');
    symlinkSync(join(s.root, "runner-secret.jsonl"), join(s.app, "users.jsonl"));
    const run = await s.runAction(s.actionEnv({ cleanup: "false", "seed-import": "users.jsonl" }));
    expect(run.code).toBe(1);
    expect(visible(run)).toMatch(
      /::error::seed-import: .*users\.jsonl is a link to .*runner-secret\.jsonl, outside the repository/,
    );
    expect(s.convexCalls()).toEqual([]);
    expect(tables(s)).toEqual({});
    expect(visible(run)).not.toContain("do-not-leak");
  });

  it("a failing seed function fails the run, naming seed-function and the CLI's reason", async () => {
    const s = await sandbox();
    const run = await s.runAction(s.actionEnv({ cleanup: "false", "seed-function": "missing:run" }));
    expect(run.code).toBe(1);
    const text = visible(run);
    expect(text).toMatch(
      /::error::seed-function: `.*convex run missing:run "\{\}"` failed \(exit 1\): Failed to run function "missing:run": Could not find function for 'missing:run'/,
    );
    expect(text).toContain("rerun with seed-always: true");
    expect(s.outputs().deployed).toBeUndefined();
    expect(functionsRun(s)).toEqual([]);
  });
});
