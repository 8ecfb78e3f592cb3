/** `convex deploy` with the project's own CLI, its output streamed line by line. */
import type { ConvexCli, ConvexProject } from "../adapters/convex-cli.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import { whileWaiting } from "./waiting.js";

/** Turns output chunks into whole lines (a chunk may end mid-line). */
export function lineSplitter(onLine: (line: string) => void) {
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
  const lines = lineSplitter((line) => logger.info(line));
  const deploy = () =>
    convexCli.deploy(dir, project, { ...options, onOutput: lines.push }).finally(lines.flush);
  await (clock ? whileWaiting("convex deploy", deploy, { logger, clock }) : deploy());
}
