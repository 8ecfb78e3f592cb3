/** `down`: remove what `up` set up (containers, or a kubernetes instance), and a preview's database. */
import { createSetupDeps } from "../../adapters/index.js";
import { requireSetup } from "../../find-setup.js";
import { removeInstance } from "../../teardown.js";
import { type Command, configFrom, flagsFor, LOCATE_FLAGS, locateOptions, VERBOSE_FLAG } from "../context.js";

export const down: Command = {
  name: "down",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor([
      "target",
      "namespace",
      "instance-name",
      "drop-database",
      "preview-prefix",
      "postgres-url",
      "postgres-sslmode",
    ]),
    {
      name: "volumes",
      kind: "boolean",
      description: "Also remove the data volume (kubernetes: always removed with the instance).",
      default: "false",
    },
    { name: "logs", kind: "boolean", description: "Print the backend's logs first.", default: "false" },
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const config = configFrom({ ...flags, command: "down" }, io);
    const deps = createSetupDeps({ logger, env: io.env, cwd: io.cwd, ...(io.stop ? { stop: io.stop } : {}) });
    // compose: nothing set up here is an error (a wrong folder), unless only a database is dropped.
    if (config.target === "compose" && !config.postgres.dropDatabase)
      await requireSetup(locateOptions(flags), io.cwd, deps.files);
    await removeInstance(config, { dumpLogs: Boolean(flags.logs), volumes: Boolean(flags.volumes) }, deps);
    return 0;
  },
};
