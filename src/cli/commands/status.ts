/** `status`: the containers, the API's health and the admin key of this app's backend. */
import { createConvexAdmin } from "../../adapters/convex-admin.js";
import { deriveHostApiUrl } from "../../core/client-env.js";
import { envValues, parseEnvFile } from "../../core/env-file.js";
import { composeTargetOf, FILES } from "../../core/layout.js";
import { DEFAULT_PORTS } from "../../core/urls.js";
import { requireSetup } from "../../find-setup.js";
import { adapters, type Command, LOCATE_FLAGS, locateOptions, VERBOSE_FLAG } from "../context.js";

export const status: Command = {
  name: "status",
  description: "Containers, health and admin key of this app's backend.",
  flags: [...LOCATE_FLAGS, VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const { docker, files } = adapters(io);
    const found = await requireSetup(locateOptions(flags), io.cwd, files);
    const target = composeTargetOf(found.state);
    const services = await docker.ps(target);
    const local = envValues(parseEnvFile((await files.read(found.layout.path("frontendEnv"))) ?? ""));
    const adminKey = local.CONVEX_SELF_HOSTED_ADMIN_KEY;
    if (adminKey) logger.mask(adminKey);
    const admin = createConvexAdmin(deriveHostApiUrl(found.facts.apiPort ?? DEFAULT_PORTS.api));
    const up = await admin.isUp();
    const keyOk = up && adminKey ? await admin.checkAdminKey(adminKey) : false;
    const lines = [
      `Project ${target.project} (${target.file})`,
      ...(services.length
        ? services.map((s) => `  ${s.service.padEnd(18)} ${s.state}`)
        : ["  no containers"]),
      `  API ${admin.baseUrl}/version: ${up ? "answers" : "no answer"}`,
      `  Admin key in ${FILES.frontendEnv}: ${adminKey ? (keyOk ? "accepted" : "refused or unchecked") : "missing"}`,
      `  Public URL: ${found.facts.cloudOrigin ?? "unknown"}`,
    ];
    if (up) lines.push(`  Instance: ${await admin.instanceName()}`);
    if (keyOk && adminKey) {
      // Names only: values may be secrets.
      const names = Object.keys(await admin.listEnvironmentVariables(adminKey)).sort();
      lines.push(`  Deployment variables (${names.length}): ${names.join(", ") || "none"}`);
    }
    io.out.write(`${lines.join("\n")}\n`);
    return up ? 0 : 1;
  },
};
