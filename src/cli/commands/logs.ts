/** `logs`: the backend's logs (docker compose logs, or kubectl logs), streamed to this terminal. */
import { spawn } from "node:child_process";
import { dockerArgs } from "../../adapters/docker.js";
import { kubectlArgs } from "../../adapters/kubectl.js";
import { SetupError } from "../../core/errors.js";
import { deriveKubeNames } from "../../core/kubernetes.js";
import { composeTargetOf } from "../../core/layout.js";
import { requireSetup } from "../../find-setup.js";
import { UsageError } from "../args.js";
import {
  adapters,
  type Command,
  checkInstanceTarget,
  configFrom,
  flagsFor,
  LOCATE_FLAGS,
  locateOptions,
} from "../context.js";

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
  async run(flags, { io }) {
    const tail = String(flags.tail ?? "200");
    if (!/^\d+$/.test(tail))
      throw new UsageError(`logs: --tail ${tail} is not a number of lines.`, "Write e.g. --tail 50.");
    const follow = flags.follow ? ["--follow"] : [];
    const stream = (program: string, argv: string[], cwd: string) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(program, argv, { stdio: "inherit", cwd, env: io.env });
        child.on("error", (e) =>
          reject(
            new SetupError(
              `${program} could not start: ${e.message}`,
              `Install ${program} or put it on PATH.`,
            ),
          ),
        );
        child.on("close", (code) => resolve(code ?? 1));
      });
    checkInstanceTarget(flags, "logs");
    if (flags.target === "kubernetes") {
      const config = configFrom(flags, io);
      const name = deriveKubeNames(config.instanceName).backend;
      const argv = kubectlArgs.logs(config.kubernetes.namespace, `statefulset/${name}`, Number(tail));
      return stream("kubectl", [...argv, ...follow], io.cwd);
    }
    const found = await requireSetup(locateOptions(flags), io.cwd, adapters(io).files);
    const target = composeTargetOf(found.state);
    return stream("docker", [...dockerArgs.logs(target, Number(tail)), ...follow], target.cwd);
  },
};
