/** Starting the containers, waiting for the backend, and its logs when something goes wrong. */
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { Docker, ServiceState } from "../adapters/docker.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import { BACKEND_SERVICE } from "../core/compose.js";
import { SetupError } from "../core/errors.js";
import type { ComposeTarget } from "../core/layout.js";
import type { BackgroundPull } from "./images.js";
import { whileWaiting } from "./waiting.js";

/** Prints logs read by `read` (a compose project's or a pod's), framed by header lines inside a phase
 * (already a log group, and groups do not nest on GitHub), else in a group of its own. */
export async function printLogs(
  logger: Logger,
  read: () => Promise<string>,
  why: string,
  options: { grouped: boolean } = { grouped: false },
): Promise<void> {
  const logs = await read().catch((e: Error) => `(could not read the logs: ${e.message})`);
  const print = async () => logger.info(logs.trimEnd() || "(no output)");
  if (options.grouped) await logger.group(`Backend logs (${why})`, print);
  else {
    logger.info(`---- backend logs (${why}) ----`);
    await print();
    logger.info("---- end of backend logs ----");
  }
}

/** Waits for the images, then `docker compose up`; the logs are printed when it fails. */
export async function startContainers(
  deps: { docker: Docker; logger: Logger; clock: Clock },
  target: ComposeTarget,
  pull: BackgroundPull,
  images: readonly string[],
  envFileKeys: readonly string[],
): Promise<void> {
  const waitStart = deps.clock.now();
  const pulled = await whileWaiting(`the image pull (${images.join(", ")})`, pull.done, deps);
  if (!pulled.ok) throw pulled.error;
  const hidden = Math.max(0, pulled.ms - Math.round(deps.clock.now() - waitStart));
  deps.logger.info(
    `Images ready: ${images.join(", ")} (the pull took ${pulled.ms} ms, ${hidden} ms of it behind the steps above).`,
  );
  try {
    await deps.docker.up(target, { dropEnv: envFileKeys });
  } catch (error) {
    // e.g. "dependency failed to start: container … is unhealthy": the logs say why.
    await printLogs(deps.logger, () => deps.docker.logs(target, 200), "docker compose up failed");
    throw error;
  }
}

/** The backend's state and logs as the wait, `status` and a failure read them (a target's view). */
export interface BackendView {
  /** The backend's containers or pods (empty when none can be seen from here). */
  states(): Promise<ServiceState[]>;
  logs(tail: number): Promise<string>;
  /** How a failed wait is explained, in this backend's own terms. */
  advice: {
    /** The backend stopped (a container exited, a pod crashed): what happened and what to check. */
    stopped: (state: ServiceState) => { message: string; hint: string };
    /** No answer in time: what to check. */
    timeout: string;
  };
}

/**
 * How GET /version is polled. One request at a time, every 25 ms for the first 10 s: a backend
 * usually answers within seconds, and readiness is then noticed within ~25 ms of it (a refused
 * connection costs well under a millisecond); then backing off, doubling up to every 250 ms. A
 * request that hangs is given up after 1 s. The container's state (`docker compose ps`) is read
 * every 2 s alongside, never between two polls, so that a slow docker never delays the notice.
 */
export const READINESS_POLL = {
  intervalMs: 25,
  fastForMs: 10_000,
  maxIntervalMs: 250,
  requestTimeoutMs: 1000,
  firstStateCheckMs: 500,
  stateCheckEveryMs: 2000,
} as const;

/**
 * Polls GET /version (READINESS_POLL); fails fast when the backend stops (its container or pod, as
 * `view` sees it); prints its logs and the target's advice on failure.
 */
export function waitForBackend(
  admin: ConvexAdmin,
  view: BackendView,
  timeoutMs: number,
  deps: { logger: Logger; clock: Clock; stop?: AbortSignal },
): Promise<void> {
  return whileWaiting(
    `the backend to answer GET ${admin.baseUrl}/version`,
    () => pollUntilUp(admin, view, timeoutMs, deps),
    deps,
  );
}

async function pollUntilUp(
  admin: ConvexAdmin,
  view: BackendView,
  timeoutMs: number,
  deps: { logger: Logger; clock: Clock; stop?: AbortSignal },
): Promise<void> {
  const { clock } = deps;
  const poll = READINESS_POLL;
  const start = clock.now();
  const deadline = start + timeoutMs;
  let delay: number = poll.intervalMs;
  let nextStateCheck = start + poll.firstStateCheckMs;
  let stateCheck: Promise<void> | undefined;
  let stopped: ServiceState | undefined;
  const logs = (why: string) => printLogs(deps.logger, () => view.logs(200), why);
  for (;;) {
    // A signal ends the wait at once (the caller says what was done).
    if (deps.stop?.aborted) throw new Error("stopped");
    if (await admin.isUp(poll.requestTimeoutMs)) return;
    if (stopped) {
      await logs("the backend container stopped");
      const { message, hint } = view.advice.stopped(stopped);
      throw new SetupError(message, hint);
    }
    if (!stateCheck && clock.now() >= nextStateCheck) {
      nextStateCheck = clock.now() + poll.stateCheckEveryMs;
      stateCheck = view
        .states()
        .then(
          (states) => {
            const state = states.find((s) => s.service === BACKEND_SERVICE);
            if (state && (state.state === "exited" || state.state === "dead")) stopped = state;
          },
          () => {},
        )
        .finally(() => {
          stateCheck = undefined;
        });
    }
    if (clock.now() >= deadline) {
      await logs("the backend did not become healthy");
      throw new SetupError(
        `The backend did not answer GET ${admin.baseUrl}/version within ${timeoutMs / 1000} s.`,
        view.advice.timeout,
      );
    }
    await clock.sleep(delay);
    if (clock.now() - start >= poll.fastForMs) delay = Math.min(delay * 2, poll.maxIntervalMs);
  }
}
