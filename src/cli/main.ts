/**
 * The command line: `setup-coder-convex <command> [flags]`. Commands live in ./commands, one
 * module each, and map flags onto the configuration the action uses; the work is in setup.ts.
 * This file dispatches, prints help, and is the one place that turns errors into output.
 * Exit codes: 0 done, 1 failed, 2 a usage error (nothing was done).
 */
import { createRequire } from "node:module";
import { SetupError } from "../core/errors.js";
import { useSurface } from "../core/naming.js";
import { closest, parseFlags, renderHelp, UsageError } from "./args.js";
import { COMMANDS } from "./commands/index.js";
import { type CliIo, createContext, useColor } from "./io.js";
import { createCliLogger } from "./logger.js";

export type { CliIo } from "./io.js";

/** The package's version, from its package.json (two folders up from src/cli and lib/cli). */
const VERSION: string = createRequire(import.meta.url)("../../package.json").version;

export { COMMANDS } from "./commands/index.js";

function overview(io: CliIo): string {
  const bold = (s: string) => (useColor(io) ? `\u001b[1m${s}\u001b[0m` : s);
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `${bold("setup-coder-convex")} ${VERSION}: a self-hosted Convex backend for this app, in one step (Coder-aware).`,
    "",
    "Usage: setup-coder-convex <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.description}`),
    "",
    "`setup-coder-convex <command> --help` lists a command's flags. Exit codes: 0 done, 1 failed, 2 usage error.",
    "",
  ].join("\n");
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // Every hint from here on names flags (`--no-verify`), not the action's inputs (`verify: false`).
  useSurface("cli");
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err.write(overview(io));
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.out.write(overview(io));
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.out.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  // Errors before the command's context exists (no secrets known yet) go through a bare logger.
  let logger = createCliLogger(io.err);
  try {
    if (!entry) {
      const guess = closest(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(
        `Unknown command "${name}".${guess ? ` Did you mean ${guess}?` : ""}`,
        `Commands: ${COMMANDS.map((c) => c.name).join(", ")}. See \`setup-coder-convex --help\`.`,
      );
    }
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out.write(
        renderHelp(
          { ...command, description: entry.description },
          { bold: (s) => (useColor(io) ? `\u001b[1m${s}\u001b[0m` : s) },
        ),
      );
      return 0;
    }
    let flags = parseFlags(rest, command.flags, command.name);
    const ctx = createContext(io, flags);
    logger = ctx.logger as typeof logger;
    // Run from a subfolder of the app (its functions folder): the app's folder, said once.
    if (command.flags.some((f) => f.name === "working-directory")) {
      const [{ withAppFolder }, { createFileStore }, { createGit }, { createProcessRunner }] =
        await Promise.all([
          import("./app-folder.js"),
          import("../adapters/files.js"),
          import("../adapters/git.js"),
          import("../adapters/process.js"),
        ]);
      flags = await withAppFolder(flags, io.cwd, {
        files: createFileStore(),
        git: createGit(createProcessRunner()),
        logger: ctx.logger,
      });
    }
    return await command.run(flags, ctx);
  } catch (error) {
    return reportError(error, io, logger, rest.includes("--verbose"));
  }
}

/** The one place errors become output: the message (and hint), redacted; the stack with --verbose. */
function reportError(
  error: unknown,
  io: CliIo,
  logger: { redact(text: string): string },
  verbose: boolean,
): number {
  const text =
    error instanceof SetupError
      ? error.message
      : verbose && error instanceof Error
        ? (error.stack ?? error.message)
        : `${(error as Error)?.name ?? "Error"}: ${String((error as Error)?.message ?? error)}`;
  io.err.write(`${logger.redact(`✗ ${text}`)}\n`);
  return error instanceof UsageError ? 2 : 1;
}
