/**
 * The real `docker` client of this machine, where it has no engine and no compose plugin (the
 * development machines): the messages users get in that situation come from docker's real output.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createDocker } from "../../src/adapters/docker.js";
import { createProcessRunner } from "../../src/adapters/process.js";

const client = spawnSync("docker", ["--version"]).status === 0;
const engine = client && spawnSync("docker", ["info"]).status === 0;
const compose = client && spawnSync("docker", ["compose", "version"]).status === 0;

describe.skipIf(!client || engine || compose)(
  "the real docker client without engine or compose plugin",
  () => {
    const docker = createDocker(createProcessRunner(), process.env);

    it("a missing compose plugin is named, with what to install", async () => {
      await expect(docker.checkCompose()).rejects.toThrow(
        /`docker compose version` failed: docker: unknown command: docker compose[\s\S]*compose v2 plugin is missing/,
      );
    });

    it("a pull without an engine says the engine is not reachable", async () => {
      await expect(
        docker.pull("ghcr.io/get-convex/convex-backend:0000000000000000000000000000000000000000"),
      ).rejects.toThrow(/Cannot connect to the Docker daemon[\s\S]*engine is not reachable/);
    });
  },
);
