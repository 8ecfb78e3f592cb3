/** `logs`: the backend's logs, streamed to this terminal by the command its target's instance names. */
import { spawn } from "node:child_process";
import { SetupError } from "../../core/errors.js";
import { UsageError } from "../args.js";
import { type Command, flagsFor, LOCATE_FLAGS } from "../context.js";
import { instanceFromFlags } from "../instance.js";

export const logs: Command = {
  name: "logs",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor(["target", "namespace", "instance-name"]),
    {
      name: "follow",
      kind: "boolean",
      short: "f",
      description: "Keep printing new lines.",
      default: "false",
    },
    { name: "tail", kind: "string", description: "Lines from the end.", default: "200" },
  ],
  async run(flags, context) {
    const { io } = context;
    const tail = String(flags.tail ?? "200");
    if (!/^\d+$/.test(tail))
      throw new UsageError(`logs: --tail ${tail} is not a number of lines.`, "Write e.g. --tail 50.");
    const { instance } = await instanceFromFlags(flags, "logs", context);
    const { program, args, cwd } = instance.logsCommand(Number(tail), Boolean(flags.follow));
    return new Promise<number>((resolve, reject) => {
      const child = spawn(program, args, { stdio: "inherit", cwd: cwd ?? io.cwd, env: io.env });
      child.on("error", (e) =>
        reject(
          new SetupError(`${program} could not start: ${e.message}`, `Install ${program} or put it on PATH.`),
        ),
      );
      child.on("close", (code) => resolve(code ?? 1));
    });
  },
};
