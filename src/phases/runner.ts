/**
 * What every verb's run is made of (up, backup, restore): phases, each a timed, named log group
 * that a signal stops between (or inside), and a reporter that keeps the warnings for the result.
 */
import type { Logger } from "../adapters/runtime.js";
import { InterruptedError } from "../core/errors.js";
import type { Reporter, SetupDeps } from "./types.js";

/** Timed, named log groups; `onPhase` hears each title as its phase begins. */
export function createPhases(
  deps: Pick<SetupDeps, "logger" | "clock" | "stop">,
  onPhase?: (title: string) => void,
) {
  const timings: Array<[string, number]> = [];
  const phase = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    onPhase?.(title);
    const interrupted = () =>
      new InterruptedError(
        String(deps.stop?.reason ?? "a signal"),
        timings.map(([t]) => t),
        title,
      );
    if (deps.stop?.aborted) throw interrupted();
    const start = deps.clock.now();
    try {
      return await deps.logger.group(title, fn);
    } catch (error) {
      throw deps.stop?.aborted ? interrupted() : error;
    } finally {
      timings.push([title, Math.round(deps.clock.now() - start)]);
    }
  };
  return { phase, timings };
}

/** A reporter that logs each warning and keeps it for the result. */
export function createReporter(logger: Logger): { report: Reporter; warnings: string[] } {
  const warnings: string[] = [];
  const report: Reporter = {
    logger,
    warn: (message) => {
      warnings.push(message);
      logger.warn(message);
    },
  };
  return { report, warnings };
}
