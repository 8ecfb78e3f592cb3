/** `prune`: remove this repository's pull request previews older than --max-age (with --drop-database, their databases too). */
import { createSetupDeps } from "../../adapters/index.js";
import { prune as runPrune } from "../../prune.js";
import { type Command, configFrom, DROP_DATABASE_INPUTS, flagsFor, VERBOSE_FLAG } from "../context.js";

export const prune: Command = {
  name: "prune",
  flags: [
    ...flagsFor([
      "target",
      "namespace",
      "network-policy",
      "max-age",
      "dry-run",
      "github-token",
      ...DROP_DATABASE_INPUTS,
    ]),
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const config = configFrom({ ...flags, command: "prune" }, io);
    const deps = createSetupDeps({ logger, env: io.env, cwd: io.cwd, ...(io.stop ? { stop: io.stop } : {}) });
    await runPrune(config, deps);
    return 0;
  },
};
