/**
 * seed-artifact and seed-scrub in the up pipeline (in process, helpers/memory-world.ts): what the
 * run hands the artifact download (adapters/seed-artifact.ts, tested against GitHub's API in
 * integration/seed-artifact.test.ts), and the order import, scrub, seed-function after the deploy.
 */
import { describe, expect, it } from "vitest";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { SetupError } from "../../src/core/errors.js";
import { setup } from "../../src/setup.js";
import { world } from "../helpers/memory-world.js";

const config = (raw: RawInputs) => parseConfig({ "working-directory": "app", verify: "false", ...raw }, {});

describe("up with seed-artifact", () => {
  it("downloads with github-token from this repository, imports the backup, scrubs, then seeds; the token is masked", async () => {
    const w = world();
    w.deps.env = { GITHUB_REPOSITORY: "acme/shop", RUNNER_TEMP: "/runner/temp" };
    const asked: unknown[] = [];
    w.deps.fetchSeedArtifact = async (artifact, options) => {
      asked.push({ artifact, repository: options.repository, token: options.token, tmp: options.tmp });
      w.events.push("download");
      return {
        file: "/runner/temp/seed-artifact-1/backup.zip",
        description: "artifact convex-backup of run 7 (app.zip)",
        summary: { tables: { users: 3 }, storageFiles: undefined, componentEntries: 0 },
        remove: async () => void w.events.push("removed"),
      };
    };
    const result = await setup(
      config({
        "seed-artifact": "convex-backup",
        "seed-artifact-run-id": "7",
        "seed-scrub": "internal/scrub:run",
        "seed-function": "seed:init",
        "github-token": "ghs_secret_token",
      }),
      w.deps,
    );
    expect(result.seeded).toBe(true);
    expect(asked).toEqual([
      {
        artifact: { name: "convex-backup", runId: 7 },
        repository: "acme/shop",
        token: "ghs_secret_token",
        tmp: "/runner/temp",
      },
    ]);
    const after = w.events.slice(w.events.indexOf("deploy"));
    expect(after).toEqual([
      "deploy",
      "download",
      "import zip",
      "removed",
      "run internal/scrub:run",
      "run seed:init",
    ]);
    expect(w.masked).toContain("ghs_secret_token");
  });

  it("without GITHUB_REPOSITORY, or on the command line (no GitHub client), it says what to do before anything starts", async () => {
    const w = world();
    await expect(setup(config({ "seed-artifact": "convex-backup" }), w.deps)).rejects.toThrow(
      /^seed-artifact is downloaded by the action \(GITHUB_REPOSITORY, owner\/name, and the job's token\); here there is no GitHub client\./,
    );
    const cli = world();
    delete cli.deps.fetchSeedArtifact;
    const error = await setup(config({ "seed-artifact": "convex-backup" }), {
      ...cli.deps,
      env: { ...cli.deps.env, GITHUB_REPOSITORY: "acme/shop" },
    }).catch((e: SetupError) => e);
    expect(error).toBeInstanceOf(SetupError);
    expect((error as SetupError).hint).toMatch(
      /gh run download <run-id> -n <name>\) and give the backup ZIP as seed-import/,
    );
    expect(cli.events.filter((e) => /^(up|deploy|import)/.test(e))).toEqual([]);
    expect(w.events.filter((e) => /^(up|deploy|import)/.test(e))).toEqual([]);
  });
});
