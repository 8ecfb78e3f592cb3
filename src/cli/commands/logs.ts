/** `logs`: the backend's logs (docker compose logs), streamed to this terminal. */
import { spawn } from "node:child_process";
import { dockerArgs } from "../../adapters/docker.js";
import { SetupError } from "../../core/errors.js";
import { composeTargetOf } from "../../core/layout.js";
import { requireSetup } from "../../find-setup.js";
import { UsageError } from "../args.js";
import { adapters, type Command, LOCATE_FLAGS, locateOptions } from "../context.js";

export const logs: Command = {
  name: "logs",
  description: "The backend's logs (docker compose logs).",
  flags: [
    ...LOCATE_FLAGS,
    {
      name: "follow",
      kind: "boolean",
      short: "f",
      description: "Keep printing new lines.",
      default: "false",
    },
    { name: "tail", kind: "string", description: "Lines from the end.", default: "200" },
  ],
  async run(flags, { io }) {
    const tail = String(flags.tail ?? "200");
    if (!/^\d+$/.test(tail))
      throw new UsageError(`logs: --tail ${tail} is not a number of lines.`, "Write e.g. --tail 50.");
    const found = await requireSetup(locateOptions(flags), io.cwd, adapters(io).files);
    const target = composeTargetOf(found.state);
    const argv = [...dockerArgs.logs(target, Number(tail)), ...(flags.follow ? ["--follow"] : [])];
    return new Promise<number>((resolve, reject) => {
      const child = spawn("docker", argv, { stdio: "inherit", cwd: target.cwd, env: io.env });
      child.on("error", (e) =>
        reject(new SetupError(`docker could not start: ${e.message}`, "Install Docker or put it on PATH.")),
      );
      child.on("close", (code) => resolve(code ?? 1));
    });
  },
};
