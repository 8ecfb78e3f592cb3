/** `down`: remove what `up` set up (containers, or a kubernetes instance), and a preview's database. */
import { createSetupDeps } from "../../adapters/index.js";
import { removeInstance } from "../../teardown.js";
import { type Command, configFrom, DROP_DATABASE_INPUTS, flagsFor, VERBOSE_FLAG } from "../context.js";

export const down: Command = {
  name: "down",
  flags: [
    // The project is named as up names it: --project-name, else convex-<folder>.
    ...flagsFor([
      "working-directory",
      "project-name",
      "target",
      "namespace",
      "instance-name",
      "network-policy",
      ...DROP_DATABASE_INPUTS,
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
    // From the flags alone, as the action's command: down (nothing is read to name the project).
    await removeInstance(config, { dumpLogs: Boolean(flags.logs), volumes: Boolean(flags.volumes) }, deps);
    return 0;
  },
};
