/**
 * The one way the adapters run their tools (docker, kubectl, the project's convex CLI): argv in,
 * no shell (process.ts). A tool that is not installed says what to install and where; a non-zero
 * exit becomes a CommandError naming the command, the line that says why, and the tool's advice.
 * Nothing is masked here: the command line shown never holds a secret (they travel in the
 * environment or on stdin), and loggers redact what they print.
 */
import {
  type Command,
  CommandError,
  type CommandResult,
  describeFailure,
  displayCommand,
  isNotFound,
  type ProcessRunner,
  type RunOptions,
} from "./process.js";

export interface Tool {
  /** The program: a name looked up on PATH, or a path. */
  command: string;
  /** What to install, and where, when the program is not found. */
  install: string;
  /** Advice for a failure, from its error output; undefined when there is nothing to add. */
  explain?: (stderr: string) => string | undefined;
}

/** A run of the tool: a Command without the program, which is the tool's. */
export type ToolCommand = Omit<Command, "command">;

export interface FailureDetails {
  /** The line that says why (default: the last line of the error output, else of the output). */
  line?: string;
  /** The advice (default: the tool's `explain`). */
  hint?: string;
  /** Put before the message, e.g. the input the command came from ("seed-import: "). */
  prefix?: string;
}

export interface Exec {
  /** Resolves with any exit code; rejects when the program cannot start (not found: the install hint). */
  run(command: ToolCommand, options?: RunOptions): Promise<CommandResult>;
  /** As `run`, and a non-zero exit throws `failure(command, result)`. */
  check(command: ToolCommand, options?: RunOptions): Promise<CommandResult>;
  /** The error for a run that exited non-zero. */
  failure(command: ToolCommand, result: CommandResult, details?: FailureDetails): CommandError;
}

/** "kubectl was not found on PATH." (a path names itself: it was looked up nowhere else). */
export function notFoundMessage(command: string): string {
  return /[/\\]/.test(command) ? `${command} was not found.` : `${command} was not found on PATH.`;
}

export function createExec(runner: ProcessRunner, tool: Tool): Exec {
  const display = (command: ToolCommand) => displayCommand({ command: tool.command, args: command.args });
  const run: Exec["run"] = (command, options) =>
    runner.run({ ...command, command: tool.command }, options).catch((error: unknown) => {
      // Stopped (an abort) or unable to start for another reason: the runner's own message.
      if (!isNotFound(error)) throw error;
      throw new CommandError(display(command), undefined, tool.install, notFoundMessage(tool.command), {
        cause: error.cause,
      });
    });
  const failure: Exec["failure"] = (command, result, details = {}) => {
    const shown = display(command);
    return new CommandError(
      shown,
      result,
      details.hint ?? tool.explain?.(result.stderr),
      `${details.prefix ?? ""}${describeFailure(shown, result, details.line)}`,
    );
  };
  return {
    run,
    async check(command, options) {
      const result = await run(command, options);
      if (result.code !== 0) throw failure(command, result);
      return result;
    },
    failure,
  };
}
