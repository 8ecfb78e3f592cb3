/**
 * Optional image caching with the Actions cache (cache-images: true): restore a `docker save`
 * tarball keyed by the image references, pull what is missing, save on a miss. Off by default:
 * measure it in your workflow first (the e2e workflow prints both timings).
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import * as cache from "@actions/cache";
import type { Docker } from "../adapters/docker.js";
import type { Logger } from "../adapters/runtime.js";
import { pullAll } from "../phases/images.js";

export function cacheKey(images: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...images].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
  return `setup-coder-convex-images-${process.platform}-${process.arch}-${digest}`;
}

/** The part of @actions/cache used here (a seam: tests pass a fake). */
export interface CacheApi {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], key: string): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/** Throws when setup no longer needs the images (the same error a stopped pull gives). */
function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error("The image cache step was stopped: no longer needed.");
}

export async function restoreOrPull(
  images: readonly string[],
  signal: AbortSignal,
  warn: (message: string) => void,
  deps: { docker: Pick<Docker, "pull" | "load" | "save">; logger: Logger; tmp: string; cacheApi?: CacheApi },
): Promise<void> {
  const { docker, logger, tmp } = deps;
  const cacheApi = deps.cacheApi ?? cache;
  if (!cacheApi.isFeatureAvailable()) {
    warn("cache-images: the Actions cache service is not available to this job; pulling instead.");
    await pullAll(docker, images, signal, warn);
    return;
  }
  const key = cacheKey(images);
  const tarball = join(tmp, `${key}.tar`);
  let hit: string | undefined;
  try {
    hit = await cacheApi.restoreCache([tarball], key);
  } catch (error) {
    warn(`Image cache restore failed (${(error as Error).message}); pulling instead.`);
  }
  try {
    stopIfAborted(signal);
    if (hit) {
      const start = performance.now();
      await docker.load(tarball);
      logger.info(`Loaded images from the Actions cache in ${Math.round(performance.now() - start)} ms.`);
      return;
    }
    const start = performance.now();
    await pullAll(docker, images, signal, warn);
    logger.info(
      `Pulled images in ${Math.round(performance.now() - start)} ms; saving them to the Actions cache.`,
    );
    stopIfAborted(signal);
    try {
      await docker.save(tarball, images);
      await cacheApi.saveCache([tarball], key);
    } catch (error) {
      warn(`Image cache save failed: ${(error as Error).message}`);
    }
  } finally {
    await rm(tarball, { force: true });
  }
}
