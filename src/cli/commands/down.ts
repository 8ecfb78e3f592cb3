/** `down`: stop and remove the containers. */
import { requireSetup } from "../../find-setup.js";
import { teardown } from "../../setup.js";
import { adapters, type Command, LOCATE_FLAGS, locateOptions, VERBOSE_FLAG } from "../context.js";

export const down: Command = {
  name: "down",
  description: "Stop and remove the containers (data is kept unless --volumes).",
  flags: [
    ...LOCATE_FLAGS,
    { name: "volumes", kind: "boolean", description: "Also remove the data volume.", default: "false" },
    { name: "logs", kind: "boolean", description: "Print the backend's logs first.", default: "false" },
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const { files, docker } = adapters(io);
    const found = await requireSetup(locateOptions(flags), io.cwd, files);
    await teardown(
      found.state,
      { dumpLogs: Boolean(flags.logs), volumes: Boolean(flags.volumes) },
      { docker, logger },
    );
    return 0;
  },
};
