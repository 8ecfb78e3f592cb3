/**
 * Saying what a long wait is for (the backend's start, the image pull, the deploy, a seed
 * import), so that a log is never silent for long: on a terminal a status line (what, and the
 * seconds so far) from 2 s on, replaced every second and cleared when the wait ends; elsewhere
 * (GitHub Actions, a log file) a plain line every 10 s. A wait shorter than that prints nothing.
 */
import type { Clock, Logger } from "../adapters/runtime.js";

export const WAIT_NOTICE = {
  /** Terminal: the status line appears after this long, and is updated this often. */
  statusAfterMs: 2000,
  statusEveryMs: 1000,
  /** Elsewhere: one line this often. */
  lineEveryMs: 10_000,
} as const;

/** Runs `work` (a promise already under way, or a function) while saying, if it is slow, that it is waited for. */
export async function whileWaiting<T>(
  what: string,
  work: Promise<T> | (() => Promise<T>),
  deps: { logger: Logger; clock: Clock },
): Promise<T> {
  const { logger, clock } = deps;
  const start = clock.now();
  const seconds = () => Math.round((clock.now() - start) / 1000);
  const status = logger.status?.bind(logger);
  let shown = false;
  const stop = status
    ? clock.every(WAIT_NOTICE.statusEveryMs, () => {
        if (clock.now() - start < WAIT_NOTICE.statusAfterMs) return;
        shown = true;
        status(`… waiting for ${what}: ${seconds()} s`);
      })
    : clock.every(WAIT_NOTICE.lineEveryMs, () =>
        logger.info(`Still waiting for ${what} (${seconds()} s so far).`),
      );
  try {
    return await (typeof work === "function" ? work() : work);
  } finally {
    stop();
    if (shown) status?.("");
  }
}
