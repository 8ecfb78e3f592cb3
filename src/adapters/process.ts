/** Runs programs without a shell: argv arrays in, exit code and output out. */
import { spawn } from "node:child_process";
import { delimiter } from "node:path";
import { deriveChildEnv, deriveToolPath } from "../core/child-env.js";
import { SetupError } from "../core/errors.js";

export interface Command {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment (callers start from their own env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
  /** Aborting kills the program (e.g. a pull that is no longer needed). */
  signal?: AbortSignal;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ProcessRunner {
  /** Resolves with any exit code; rejects only when the program cannot start (CommandError). */
  run(command: Command, options?: RunOptions): Promise<CommandResult>;
}

export function displayCommand(command: Pick<Command, "command" | "args">): string {
  return [command.command, ...command.args]
    .map((a) => (/^[\w./:=@-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(" ");
}

/** The last non-empty line of a program's error output: the most useful one, usually. */
export function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "";
}

/**
 * "`docker pull x` failed (exit 1): <line>". `line`: what says why; by default the last line of
 * the error output, else of the output.
 */
export function describeFailure(display: string, result: CommandResult, line?: string): string {
  const why = line ?? (lastLine(result.stderr) || lastLine(result.stdout));
  return `\`${display}\` failed (exit ${result.code}): ${why || "no output"}`;
}

export class CommandError extends SetupError {
  override name = "CommandError";
  /** `result` is undefined when the program did not run (`cause`: the error from spawn). */
  constructor(
    readonly display: string,
    readonly result: CommandResult | undefined,
    hint?: string,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(
      message ?? (result ? describeFailure(display, result) : `\`${display}\` failed: no output`),
      hint,
      options,
    );
  }
}

/** The program did not start because it does not exist (spawn's ENOENT), not because it was stopped. */
export function isNotFound(error: unknown): error is CommandError {
  return (
    error instanceof CommandError &&
    error.result === undefined &&
    (error.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT"
  );
}

/** Runs and throws a CommandError (last stderr line as the message) on a non-zero exit. */
export async function runChecked(
  runner: ProcessRunner,
  command: Command,
  options?: RunOptions & { hint?: string },
): Promise<CommandResult> {
  const result = await runner.run(command, options);
  if (result.code !== 0) throw new CommandError(displayCommand(command), result, options?.hint);
  return result;
}

/** How long a stopped child has to end after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs programs. Every child gets an environment without the runner's internals and the action's
 * inputs (core/child-env.ts); one run by name is looked for on a PATH without node_modules/.bin. `stop`: aborting it stops every child still running (SIGINT or
 * SIGTERM on this process), on top of each command's own signal; the run is rejected once the
 * child has ended.
 */
export function createProcessRunner(options: { stop?: AbortSignal } = {}): ProcessRunner {
  return {
    run(command, runOptions) {
      return new Promise((resolve, reject) => {
        const env = Object.fromEntries(
          Object.entries(deriveChildEnv(command.env ?? process.env)).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        );
        // A tool run by name is looked up (and runs) without the repository's node_modules/.bin;
        // every spelling of the variable (Windows' is Path, and names there ignore case).
        if (!/[/\\]/.test(command.command))
          for (const name of Object.keys(env).filter((n) => n.toUpperCase() === "PATH"))
            env[name] = deriveToolPath(env[name], delimiter) ?? "";
        const signals = [command.signal, options.stop].filter((s): s is AbortSignal => s !== undefined);
        const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
        const child = spawn(command.command, [...command.args], {
          cwd: command.cwd,
          env,
          shell: false,
          stdio: ["pipe", "pipe", "pipe"],
          timeout: command.timeoutMs,
          ...(signal ? { signal } : {}),
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          runOptions?.onStdout?.(chunk);
        });
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
          stderr += chunk;
          runOptions?.onStderr?.(chunk);
        });
        let stopped: CommandError | undefined;
        child.on("error", (error: NodeJS.ErrnoException) => {
          const display = displayCommand(command);
          const cause = { cause: error };
          if (error.name === "AbortError") {
            // Reported once the child is gone (the ports it held free, its files written), not
            // when it is signalled; SIGKILL when SIGTERM has not ended it after a grace period.
            stopped = new CommandError(
              display,
              undefined,
              undefined,
              `\`${display}\` was stopped: no longer needed.`,
              cause,
            );
            const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
            kill.unref();
            child.once("close", () => clearTimeout(kill));
            // (Never started: no close will come.)
            if (child.pid === undefined) reject(stopped);
          } else if (error.code === "ENOENT") {
            reject(
              new CommandError(
                display,
                undefined,
                `Install ${command.command} or put it on PATH.`,
                `\`${command.command}\` was not found on PATH.`,
                cause,
              ),
            );
          } else
            reject(
              new CommandError(
                display,
                undefined,
                undefined,
                `\`${display}\` could not start: ${error.message}`,
                cause,
              ),
            );
        });
        child.on("close", (code, signal) => {
          if (stopped) reject(stopped);
          else resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
        });
        child.stdin.on("error", () => {});
        child.stdin.end(command.input ?? "");
      });
    },
  };
}
