/** Starting the containers, waiting for the backend, and its logs when something goes wrong. */
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { Docker, ServiceState } from "../adapters/docker.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import { BACKEND_SERVICE } from "../core/compose.js";
import { SetupError } from "../core/errors.js";
import type { ComposeTarget } from "../core/layout.js";
import type { BackgroundPull } from "./images.js";

/**
 * Prints the last 200 lines of the containers' logs. Inside a phase (already a log group, and
 * groups do not nest on GitHub) they are framed by header lines; elsewhere they get a group.
 */
export async function dumpLogs(
  deps: { docker: Pick<Docker, "logs">; logger: Logger },
  target: ComposeTarget,
  why: string,
  options: { grouped: boolean } = { grouped: false },
): Promise<void> {
  await printLogs(deps.logger, () => deps.docker.logs(target, 200), why, options);
}

/** Prints logs read by `read` (a compose project's or a pod's), framed or grouped as dumpLogs says. */
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
  const pulled = await pull.done;
  if (!pulled.ok) throw pulled.error;
  const hidden = Math.max(0, pulled.ms - Math.round(deps.clock.now() - waitStart));
  deps.logger.info(
    `Images ready: ${images.join(", ")} (the pull took ${pulled.ms} ms, ${hidden} ms of it behind the steps above).`,
  );
  try {
    await deps.docker.up(target, { dropEnv: envFileKeys });
  } catch (error) {
    // e.g. "dependency failed to start: container … is unhealthy": the logs say why.
    await dumpLogs(deps, target, "docker compose up failed");
    throw error;
  }
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

/** Polls GET /version (READINESS_POLL); fails fast when the container stops; dumps logs on failure. */
export async function waitForBackend(
  admin: ConvexAdmin,
  target: ComposeTarget,
  timeoutMs: number,
  deps: { docker: Pick<Docker, "ps" | "logs">; logger: Logger; clock: Clock; stop?: AbortSignal },
): Promise<void> {
  const { clock, docker } = deps;
  const poll = READINESS_POLL;
  const start = clock.now();
  const deadline = start + timeoutMs;
  let delay: number = poll.intervalMs;
  let nextStateCheck = start + poll.firstStateCheckMs;
  let stateCheck: Promise<void> | undefined;
  let stopped: ServiceState | undefined;
  for (;;) {
    // A signal ends the wait at once (the caller says what was done).
    if (deps.stop?.aborted) throw new Error("stopped");
    if (await admin.isUp(poll.requestTimeoutMs)) return;
    if (stopped) {
      await dumpLogs(deps, target, "the backend container stopped");
      throw new SetupError(
        `The backend container ${stopped.state}${stopped.exitCode !== undefined ? ` with code ${stopped.exitCode}` : ""} before answering GET /version.`,
        "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.",
      );
    }
    if (!stateCheck && clock.now() >= nextStateCheck) {
      nextStateCheck = clock.now() + poll.stateCheckEveryMs;
      stateCheck = docker
        .ps(target)
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
      await dumpLogs(deps, target, "the backend did not become healthy");
      throw new SetupError(
        `The backend did not answer GET ${admin.baseUrl}/version within ${timeoutMs / 1000} s.`,
        "Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise wait-timeout.",
      );
    }
    await clock.sleep(delay);
    if (clock.now() - start >= poll.fastForMs) delay = Math.min(delay * 2, poll.maxIntervalMs);
  }
}

/** Prints logs if asked, then stops and removes the containers (and the volume if asked). */
export async function stopContainers(
  deps: { docker: Pick<Docker, "logs" | "down">; logger: Logger },
  target: ComposeTarget,
  options: { dumpLogs: boolean; volumes: boolean },
): Promise<void> {
  if (options.dumpLogs) await dumpLogs(deps, target, "requested", { grouped: true });
  await deps.docker.down(target, options.volumes);
  deps.logger.info(`Stopped ${target.project}${options.volumes ? " and removed its data volume" : ""}.`);
}
