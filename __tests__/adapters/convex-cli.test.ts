/** The convex CLI adapter's seed commands (argv, environment, errors) on a recording runner. */
import { describe, expect, it } from "vitest";
import { type ConvexProject, createConvexCli, explainSeedFailure } from "../../src/adapters/convex-cli.js";
import type { FileStore } from "../../src/adapters/files.js";
import {
  type Command,
  CommandError,
  type CommandResult,
  type ProcessRunner,
} from "../../src/adapters/process.js";

const project: ConvexProject = {
  packageManager: "pnpm",
  convexVersion: "1.48.0",
  command: "pnpm",
  args: ["exec", "convex"],
};
const target = {
  url: "http://127.0.0.1:3210",
  adminKey: "app|01ab",
  env: { PATH: "/bin", CONVEX_DEPLOY_KEY: "prod:cloud-key" },
};

function recorder(result: CommandResult = { code: 0, stdout: "", stderr: "" }) {
  const calls: Command[] = [];
  const runner: ProcessRunner = {
    run: async (command) => {
      calls.push(command);
      return result;
    },
  };
  return { calls, cli: createConvexCli(runner, {} as FileStore) };
}

describe("convex run / convex import (seed)", () => {
  it("runs the function with its JSON arguments, the self-hosted target and the cloud variables blanked", async () => {
    const { calls, cli } = recorder();
    await cli.run("/w/app", project, { ...target, functionName: "seed:init", args: '{"users": 3}' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      command: "pnpm",
      args: ["exec", "convex", "run", "seed:init", '{"users": 3}'],
      cwd: "/w/app",
    });
    expect(calls[0]!.env).toMatchObject({
      PATH: "/bin",
      CONVEX_SELF_HOSTED_URL: "http://127.0.0.1:3210",
      CONVEX_SELF_HOSTED_ADMIN_KEY: "app|01ab",
      CONVEX_DEPLOY_KEY: "",
    });
  });

  it.each([
    [
      "one table, replacing it",
      { file: "/w/app/seed/users.jsonl", table: "users", replace: true },
      ["import", "--yes", "--table", "users", "--replace", "/w/app/seed/users.jsonl"],
    ],
    [
      "a snapshot into a new deployment",
      { file: "/w/app/seed/snapshot.zip", replace: false },
      ["import", "--yes", "/w/app/seed/snapshot.zip"],
    ],
  ])("imports %s", async (_n, options, argv) => {
    const { calls, cli } = recorder();
    await cli.import("/w/app", project, { ...target, ...options });
    expect(calls[0]!.args).toEqual(["exec", "convex", ...argv]);
    expect(calls[0]!.env).toMatchObject({ CONVEX_SELF_HOSTED_ADMIN_KEY: "app|01ab" });
  });

  it("a failing function: the error names seed-function, the CLI's line and the rerun", async () => {
    const { cli } = recorder({
      code: 1,
      stdout: "",
      stderr:
        '\u001b[31m✖ Failed to run function "seed:init":\u001b[39m\n\u001b[31mUncaught Error: no users table\n    at handler (../convex/seed.ts:4:11)\n\u001b[39m',
    });
    const error = await cli
      .run("/w/app", project, { ...target, functionName: "seed:init", args: "{}" })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /^seed-function: `pnpm exec convex run seed:init "\{\}"` failed \(exit 1\): Failed to run function "seed:init": Uncaught Error: no users table\n {2}-> [\s\S]*rerun with seed-always: true/,
    );
  });

  it("a failing import: the error names seed-import and the backend's reason", async () => {
    const { cli } = recorder({
      code: 1,
      stdout: "",
      stderr:
        '✖ Importing data from "/w/app/seed/users.jsonl" to table "users" failed\n\nHit an error while importing:\nTable users already exists. Please choose a new table name or use replace/append modes.\n',
    });
    await expect(
      cli.import("/w/app", project, {
        ...target,
        file: "/w/app/seed/users.jsonl",
        table: "users",
        replace: false,
      }),
    ).rejects.toThrow(
      /^seed-import: `pnpm exec convex import --yes --table users \/w\/app\/seed\/users\.jsonl` failed \(exit 1\): Importing data from "\/w\/app\/seed\/users\.jsonl" to table "users" failed: Table users already exists\./,
    );
  });
});

describe("explainSeedFailure", () => {
  it.each([
    [
      "a redacted server error keeps what there is",
      '✖ Failed to run function "seed:init":\n[Request ID: 5f2a] Server Error\n',
      'Failed to run function "seed:init": Server Error',
    ],
    [
      "a request id before the message is dropped",
      '✖ Failed to run function "seed:init":\n[Request ID: 5f2a] Server Error\nUncaught Error: boom\n',
      'Failed to run function "seed:init": Uncaught Error: boom',
    ],
    [
      "a one-line CLI error",
      "✖ Error: The `--table` option is required for format jsonLines\n",
      "Error: The `--table` option is required for format jsonLines",
    ],
    [
      "no mark: as for deploy",
      "Error: connect ECONNREFUSED 127.0.0.1:3210\n    at TCPConnectWrap.afterConnect\n",
      "Error: connect ECONNREFUSED 127.0.0.1:3210",
    ],
  ])("%s", (_n, output, line) => {
    expect(explainSeedFailure(output)).toBe(line);
  });
});

describe("the convex CLI's program does not start", () => {
  it.each([
    [
      "the package manager",
      project,
      /^pnpm was not found on PATH\.\n {2}-> Install pnpm \(the workspace's package manager\)/,
    ],
    [
      "the installed bin",
      { ...project, command: "/w/node_modules/.bin/convex", args: [] },
      /^\/w\/node_modules\/\.bin\/convex was not found\.\n {2}-> Install the project's dependencies again \(`pnpm install --frozen-lockfile`\)/,
    ],
  ])("%s: named, with what to install", async (_n, which, message) => {
    const runner: ProcessRunner = {
      run: async (command) => {
        throw new CommandError(command.command, undefined, undefined, "not found", {
          cause: Object.assign(new Error(`spawn ${command.command} ENOENT`), { code: "ENOENT" }),
        });
      },
    };
    await expect(
      createConvexCli(runner, {} as FileStore).deploy("/w/app", which, { ...target, args: [] }),
    ).rejects.toThrow(message);
  });
});
