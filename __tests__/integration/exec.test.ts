/** adapters/exec.ts, the one wrapper under docker, kubectl and the convex CLI, on real processes. */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createExec, type FailureDetails, type Tool, type ToolCommand } from "../../src/adapters/exec.js";
import { CommandError, createProcessRunner, isNotFound } from "../../src/adapters/process.js";

const dir = mkdtempSync(join(tmpdir(), "exec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A file that exists but cannot be executed: spawn fails with EACCES, not ENOENT.
const notExecutable = join(dir, "not-executable");
writeFileSync(notExecutable, "#!/bin/sh\n", { mode: 0o644 });
chmodSync(notExecutable, 0o644);

const runner = createProcessRunner();
const sh = (script: string): ToolCommand => ({ args: ["-c", script] });
const SH: Tool = {
  command: "sh",
  install: "Install a shell.",
  explain: (stderr) => (/quota/.test(stderr) ? "Ask for more quota." : undefined),
};
const aborted = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
};

interface Expected {
  message: RegExp;
  hint?: string;
  /** The runner's result is kept on the error (undefined when nothing ran). */
  exit?: number;
}

describe("createExec: check()", () => {
  it.each<[string, Tool, ToolCommand, Expected]>([
    [
      "not on PATH: the tool's install hint",
      { command: "setup-coder-convex-no-such-tool", install: "Install it from example.org." },
      { args: ["--version"] },
      {
        message: /^setup-coder-convex-no-such-tool was not found on PATH\.\n {2}-> /,
        hint: "Install it from example.org.",
      },
    ],
    [
      "a path that does not exist names itself, not PATH",
      { command: join(dir, "missing/bin/tool"), install: "Reinstall." },
      { args: [] },
      { message: /^\/.*missing\/bin\/tool was not found\.\n/, hint: "Reinstall." },
    ],
    [
      "a program that exists but cannot start is not 'not found'",
      { command: notExecutable, install: "Never shown." },
      { args: [] },
      { message: /could not start: .*EACCES/ },
    ],
    [
      "a non-zero exit: the command and the last line of stderr",
      SH,
      sh("echo out; echo 'first' >&2; echo '  the reason  ' >&2; echo >&2; exit 3"),
      { message: /^`sh -c "echo out; .*"` failed \(exit 3\): the reason$/, exit: 3 },
    ],
    [
      "no stderr: the last line of stdout",
      SH,
      sh("echo one; echo two; exit 1"),
      { message: /failed \(exit 1\): two$/, exit: 1 },
    ],
    ["no output at all", SH, sh("exit 2"), { message: /failed \(exit 2\): no output$/, exit: 2 }],
    [
      "the tool's explanation hook gives the hint",
      SH,
      sh("echo 'disk quota exceeded' >&2; exit 1"),
      {
        message: /failed \(exit 1\): disk quota exceeded\n {2}-> Ask for more quota\.$/,
        hint: "Ask for more quota.",
        exit: 1,
      },
    ],
    [
      "killed by a signal: the runner's exit 128",
      SH,
      sh("kill -TERM $$"),
      { message: /^`sh -c "kill -TERM \$\$"` failed \(exit 128\): no output$/, exit: 128 },
    ],
    [
      "stopped through its AbortSignal: the runner's message, never the install hint",
      SH,
      { ...sh("sleep 5"), signal: aborted() },
      { message: /^`sh -c "sleep 5"` was stopped: no longer needed\.$/ },
    ],
  ])("%s", async (_name, tool, command, expected) => {
    const error = await createExec(runner, tool)
      .check(command)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CommandError);
    const e = error as CommandError;
    expect(e.message).toMatch(expected.message);
    expect(e.hint).toBe(expected.hint);
    expect(e.result?.code).toBe(expected.exit);
  });
});

describe("createExec: failure() details", () => {
  const result = { code: 4, stdout: "", stderr: "noise\nquota exceeded\nat frame 2\n" };
  it.each<[string, FailureDetails, string]>([
    [
      "defaults: last stderr line, the tool's hint",
      {},
      "`sh -c x` failed (exit 4): at frame 2\n  -> Ask for more quota.",
    ],
    [
      "a chosen line and hint replace both",
      { line: "quota exceeded", hint: "Do this." },
      "`sh -c x` failed (exit 4): quota exceeded\n  -> Do this.",
    ],
    [
      "an empty chosen line reads as no output",
      { line: "", hint: "H." },
      "`sh -c x` failed (exit 4): no output\n  -> H.",
    ],
    [
      "a prefix names the input",
      { prefix: "seed-import: ", hint: "H." },
      "seed-import: `sh -c x` failed (exit 4): at frame 2\n  -> H.",
    ],
  ])("%s", (_name, details, message) => {
    const error = createExec(runner, SH).failure(sh("x"), result, details);
    expect(error.message).toBe(message);
    expect(error.result).toBe(result);
  });
});

describe("createExec: run()", () => {
  it("resolves with any exit code and passes input, cwd and environment", async () => {
    const result = await createExec(runner, SH).run({
      args: ["-c", 'read line; echo "$line $PWD $ONLY_HERE"; exit 5'],
      input: "hello\n",
      cwd: dir,
      env: { PATH: process.env.PATH, ONLY_HERE: "yes" },
    });
    expect(result).toEqual({ code: 5, stdout: `hello ${dir} yes\n`, stderr: "" });
  });

  it("a tool run by name gets every spelling of PATH without node_modules/.bin or relative entries (Windows: Path)", async () => {
    const result = await runner.run({
      command: "sh",
      args: ["-c", 'echo "$PATH|$Path"'],
      env: {
        PATH: "node_modules/.bin:/w/node_modules/.bin:/usr/bin:/bin",
        Path: "/w/node_modules/.bin:.:/opt/tools",
      },
    });
    expect(result.stdout).toBe("/usr/bin:/bin|/opt/tools\n");
  });

  it("isNotFound: only spawn's ENOENT", async () => {
    const missing = await runner
      .run({ command: "setup-coder-convex-no-such-tool", args: [] })
      .catch((e) => e);
    expect(isNotFound(missing)).toBe(true);
    const stopped = await runner
      .run({ command: "sh", args: ["-c", "sleep 5"], signal: aborted() })
      .catch((e) => e);
    expect(isNotFound(stopped)).toBe(false);
    expect(isNotFound(new CommandError("x", undefined, undefined, "`x` was not found on PATH."))).toBe(false);
  });
});

describe("createProcessRunner: a stopped command", () => {
  it("is reported once the child has ended, not when it is signalled (what it held is free by then)", async () => {
    // The child takes its time to end on SIGTERM, and writes a file when it does.
    const marker = join(dir, "ended");
    const script = `trap 'sleep 1; echo done > "${marker}"; exit 0' TERM; echo ready; while :; do sleep 0.05; done`;
    const controller = new AbortController();
    let ready: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const run = runner
      .run({ command: "sh", args: ["-c", script], signal: controller.signal }, { onStdout: () => ready() })
      .catch((e: Error) => e);
    await started;
    controller.abort();
    const error = await run;
    expect((error as Error).message).toMatch(/was stopped: no longer needed/);
    expect(existsSync(marker)).toBe(true);
  });
});
