import { describe, expect, it } from "vitest";
import { type CacheApi, cacheKey, restoreOrPull } from "../../src/action/image-cache.js";
import type { Docker } from "../../src/adapters/docker.js";
import type { Logger } from "../../src/adapters/runtime.js";

function world(hit: boolean) {
  const calls: string[] = [];
  const pulls: Array<AbortSignal | undefined> = [];
  const docker = {
    pull: async (image: string, signal?: AbortSignal) => {
      calls.push(`pull ${image}`);
      pulls.push(signal);
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
  const warn = (m: string) => calls.push(`warn ${m}`);
  return {
    calls,
    pulls,
    docker,
    cache,
    logger,
    warn,
    deps: { docker, logger, tmp: "/tmp/x", cacheApi: cache },
  };
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
    await restoreOrPull(images, new AbortController().signal, w.warn, w.deps);
    expect(w.calls).toEqual([`restore ${key}`, `load /tmp/x/${key}.tar`]);
  });

  it("a miss pulls, then saves the images to the cache", async () => {
    const w = world(false);
    await restoreOrPull(images, new AbortController().signal, w.warn, w.deps);
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
    await restoreOrPull(images, new AbortController().signal, w.warn, w.deps);
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
    await restoreOrPull(images, new AbortController().signal, w.warn, w.deps);
    expect(w.calls[0]).toMatch(/^warn Image cache restore failed \(cache service unavailable\)/);
    expect(w.calls).toContain(`pull ${images[0]}`);
  });

  it("the pull gets setup's abort signal, and an aborted setup neither loads nor saves", async () => {
    const w = world(false);
    const controller = new AbortController();
    w.docker.pull = async (image: string, signal?: AbortSignal) => {
      w.calls.push(`pull ${image}`);
      w.pulls.push(signal);
      controller.abort(); // setup failed while the pull ran
      return undefined;
    };
    await expect(restoreOrPull(images, controller.signal, w.warn, w.deps)).rejects.toThrow(/stopped/);
    expect(w.pulls).toEqual([controller.signal, controller.signal]);
    expect(w.calls.some((c) => c.startsWith("save") || c.startsWith("cache-save"))).toBe(false);
  });

  it("a pull warning reaches setup's warnings (not only the log)", async () => {
    const w = world(false);
    w.docker.pull = async () => "Pulling x failed (timeout); using the copy already on this host.";
    const warnings: string[] = [];
    await restoreOrPull(images, new AbortController().signal, (m) => warnings.push(m), w.deps);
    expect(warnings).toEqual([
      "Pulling x failed (timeout); using the copy already on this host.",
      "Pulling x failed (timeout); using the copy already on this host.",
    ]);
  });
});
