/** `convex deploy` with the project's own CLI, its output streamed line by line. */
import type { ConvexCli, ConvexProject } from "../adapters/convex-cli.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import { whileWaiting } from "./waiting.js";

/** Turns output chunks into whole lines (a chunk may end mid-line). */
function lineSplitter(onLine: (line: string) => void) {
  let rest = "";
  return {
    push: (chunk: string) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) onLine(line);
    },
    flush: () => {
      if (rest.trim()) onLine(rest);
      rest = "";
    },
  };
}

/** Runs a command of the convex CLI with its output logged as it comes, line by line. */
export function withLoggedOutput<T>(
  logger: Logger,
  run: (onOutput: (chunk: string) => void) => Promise<T>,
): Promise<T> {
  const lines = lineSplitter((line) => logger.info(line));
  return run(lines.push).finally(lines.flush);
}

export async function deployFunctions(
  convexCli: ConvexCli,
  dir: string,
  project: ConvexProject,
  options: {
    url: string;
    adminKey: string;
    args: readonly string[];
    env: Readonly<Record<string, string | undefined>>;
  },
  logger: Logger,
  /** Given: a slow deploy says that it is waited for (phases/waiting.ts). */
  clock?: Clock,
): Promise<void> {
  logger.info(
    `convex ${project.convexVersion} via ${project.packageManager}: convex deploy ${options.args.join(" ")}`.trim(),
  );
  const deploy = () =>
    withLoggedOutput(logger, (onOutput) => convexCli.deploy(dir, project, { ...options, onOutput }));
  await (clock ? whileWaiting("convex deploy", deploy, { logger, clock }) : deploy());
}
