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

export async function restoreOrPull(
  images: readonly string[],
  docker: Docker,
  logger: Logger,
  tmp: string,
  cacheApi: CacheApi = cache,
): Promise<void> {
  if (!cacheApi.isFeatureAvailable()) {
    logger.warn("cache-images: the Actions cache service is not available to this job; pulling instead.");
    for (const warning of await Promise.all(images.map((i) => docker.pull(i))))
      if (warning) logger.warn(warning);
    return;
  }
  const key = cacheKey(images);
  const tarball = join(tmp, `${key}.tar`);
  let hit: string | undefined;
  try {
    hit = await cacheApi.restoreCache([tarball], key);
  } catch (error) {
    logger.warn(`Image cache restore failed (${(error as Error).message}); pulling instead.`);
  }
  if (hit) {
    const start = performance.now();
    await docker.load(tarball);
    logger.info(`Loaded images from the Actions cache in ${Math.round(performance.now() - start)} ms.`);
    await rm(tarball, { force: true });
    return;
  }
  const start = performance.now();
  for (const warning of await Promise.all(images.map((i) => docker.pull(i))))
    if (warning) logger.warn(warning);
  logger.info(
    `Pulled images in ${Math.round(performance.now() - start)} ms; saving them to the Actions cache.`,
  );
  try {
    await docker.save(tarball, images);
    await cacheApi.saveCache([tarball], key);
  } catch (error) {
    logger.warn(`Image cache save failed: ${(error as Error).message}`);
  } finally {
    await rm(tarball, { force: true });
  }
}
