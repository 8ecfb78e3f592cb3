/** Making the images present: started first, in the background, and stopped when setup fails early. */
import type { Docker } from "../adapters/docker.js";
import type { Clock } from "../adapters/runtime.js";
import type { EnsureImages } from "./types.js";

/** Pulls every image at once; a failed pull of an image already on the host is a warning. */
export async function pullAll(
  docker: Pick<Docker, "pull">,
  images: readonly string[],
  signal: AbortSignal,
  warn: (message: string) => void,
): Promise<void> {
  const warnings = await Promise.all(images.map((image) => docker.pull(image, signal)));
  for (const w of warnings) if (w) warn(w);
}

export type PullOutcome = { ok: true; ms: number } | { ok: false; error: unknown };

export interface BackgroundPull {
  /** Settles when the images are there (or could not be made so); never rejects. */
  done: Promise<PullOutcome>;
  /** Stops the pull: nothing will use the images. */
  abort(): void;
}

export function startImages(
  ensure: EnsureImages,
  images: readonly string[],
  clock: Clock,
  warn: (message: string) => void,
): BackgroundPull {
  const controller = new AbortController();
  const start = clock.now();
  const done = ensure(images, controller.signal, warn).then(
    (): PullOutcome => ({ ok: true, ms: Math.round(clock.now() - start) }),
    (error: unknown): PullOutcome => ({ ok: false, error }),
  );
  return { done, abort: () => controller.abort() };
}
