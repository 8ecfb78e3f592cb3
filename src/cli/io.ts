/**
 * What every command gets (the terminal, the environment) and its logger. Light on purpose: the
 * CLI loads it before it knows which command runs.
 */
import type { Logger } from "../adapters/runtime.js";
import type { ParsedFlags } from "./args.js";
import { createCliLogger, type Output } from "./logger.js";

export interface CliIo {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout/stderr are terminals (colour, unless NO_COLOR). */
  isTTY?: boolean;
  /** Aborted on SIGINT/SIGTERM. */
  stop?: AbortSignal;
}

export interface CommandContext {
  io: CliIo;
  logger: Logger;
}

export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR) return true;
  return Boolean(io.isTTY);
}

export function createContext(io: CliIo, flags: ParsedFlags): CommandContext {
  return {
    io,
    logger: createCliLogger(io.err, {
      verbose: Boolean(flags.verbose),
      color: useColor(io),
      actions: io.env.GITHUB_ACTIONS === "true",
      out: io.out,
      tty: Boolean(io.isTTY),
    }),
  };
}
