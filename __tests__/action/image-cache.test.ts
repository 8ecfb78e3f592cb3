import { describe, expect, it } from "vitest";
import { type CacheApi, cacheKey, restoreOrPull } from "../../src/action/image-cache.js";
import type { Docker } from "../../src/adapters/docker.js";
import type { Logger } from "../../src/adapters/runtime.js";

function world(hit: boolean) {
  const calls: string[] = [];
  const docker = {
    pull: async (image: string) => {
      calls.push(`pull ${image}`);
      return undefined;
    },
    load: async (file: string) => void calls.push(`load ${file}`),
    save: async (file: string, images: readonly string[]) =>
      void calls.push(`save ${file} ${images.join(",")}`),
  } as unknown as Docker;
  const cache: CacheApi = {
    isFeatureAvailable: () => true,
    restoreCache: async (_paths, key) => {
      calls.push(`restore ${key}`);
      return hit ? key : undefined;
    },
    saveCache: async (paths, key) => {
      calls.push(`cache-save ${key} ${paths.join(",")}`);
      return 1;
    },
  };
  const logger = {
    info: () => {},
    warn: (m: string) => calls.push(`warn ${m}`),
    debug: () => {},
    group: async (_t: string, f: () => Promise<unknown>) => f(),
    mask: () => {},
  } as Logger;
  return { calls, docker, cache, logger };
}

describe("image cache", () => {
  const images = ["ghcr.io/get-convex/convex-backend:abc", "ghcr.io/get-convex/convex-dashboard:abc"];
  const key = cacheKey(images);

  it("the key depends on the image set, not its order", () => {
    expect(cacheKey([...images].reverse())).toBe(key);
    expect(cacheKey([images[0]!])).not.toBe(key);
  });

  it("a hit loads the tarball and pulls nothing", async () => {
    const w = world(true);
    await restoreOrPull(images, w.docker, w.logger, "/tmp/x", w.cache);
    expect(w.calls).toEqual([`restore ${key}`, `load /tmp/x/${key}.tar`]);
  });

  it("a miss pulls, then saves the images to the cache", async () => {
    const w = world(false);
    await restoreOrPull(images, w.docker, w.logger, "/tmp/x", w.cache);
    expect(w.calls).toEqual([
      `restore ${key}`,
      `pull ${images[0]}`,
      `pull ${images[1]}`,
      `save /tmp/x/${key}.tar ${images.join(",")}`,
      `cache-save ${key} /tmp/x/${key}.tar`,
    ]);
  });

  it("no cache service for this job (outside GitHub): a warning, then a plain pull", async () => {
    const w = world(true);
    w.cache.isFeatureAvailable = () => false;
    await restoreOrPull(images, w.docker, w.logger, "/tmp/x", w.cache);
    expect(w.calls).toEqual([
      "warn cache-images: the Actions cache service is not available to this job; pulling instead.",
      `pull ${images[0]}`,
      `pull ${images[1]}`,
    ]);
  });

  it("a broken cache service is a warning, and the pull still happens", async () => {
    const w = world(false);
    w.cache.restoreCache = async () => {
      throw new Error("cache service unavailable");
    };
    await restoreOrPull(images, w.docker, w.logger, "/tmp/x", w.cache);
    expect(w.calls[0]).toMatch(/^warn Image cache restore failed \(cache service unavailable\)/);
    expect(w.calls).toContain(`pull ${images[0]}`);
  });
});
