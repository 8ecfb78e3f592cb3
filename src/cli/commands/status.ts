/**
 * `status`: what runs of this app's backend, through its target's instance (its containers, or
 * its objects and pods), the API's health and the admin key where this host reaches the API, and
 * what the last `up` did.
 */
import { createConvexAdmin } from "../../adapters/convex-admin.js";
import { createGit } from "../../adapters/git.js";
import { envValues, parseEnvFile } from "../../core/env-file.js";
import { describeLastUp, parseLastUp } from "../../core/last-up.js";
import { FILES, locate } from "../../core/layout.js";
import { openRepository } from "../../phases/repository.js";
import type { ParsedFlags } from "../args.js";
import {
  adapters,
  type Command,
  type CommandContext,
  flagsFor,
  jsonFlag,
  LOCATE_FLAGS,
  VERBOSE_FLAG,
} from "../context.js";
import { instanceFromFlags } from "../instance.js";

export const status: Command = {
  name: "status",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor(["target", "namespace", "instance-name"]),
    jsonFlag("text"),
    VERBOSE_FLAG,
  ],
  run: (flags, context) => showStatus(flags, context),
};

async function showStatus(flags: ParsedFlags, context: CommandContext): Promise<number> {
  const { io, logger } = context;
  const { files: store, runner } = adapters(io);
  const { instance, workingDirectory } = await instanceFromFlags(flags, "status", context);
  const layout = locate({ workingDirectory }, io.cwd);
  // Read inside the repository only: a .env.local linked out of the clone is refused, not read.
  const { files } = await openRepository(layout.dir, { files: store, git: createGit(runner), cwd: io.cwd });
  const report = await instance.report();
  const lines = [report.heading, ...report.lines];
  const json: Record<string, unknown> = { ...report.json };
  // Where this host reaches the API (compose: the published port): its health and the admin key.
  let healthy = report.running;
  if (instance.hostApiUrl) {
    const local = envValues(parseEnvFile((await files.read(layout.path("frontendEnv"))) ?? ""));
    const adminKey = local.CONVEX_SELF_HOSTED_ADMIN_KEY;
    if (adminKey) logger.mask(adminKey);
    const admin = createConvexAdmin(instance.hostApiUrl);
    const up = await admin.isUp();
    const keyOk = up && adminKey ? await admin.checkAdminKey(adminKey) : false;
    const name = up ? await admin.instanceName() : undefined;
    // Names only: values may be secrets.
    const names =
      keyOk && adminKey ? Object.keys(await admin.listEnvironmentVariables(adminKey)).sort() : undefined;
    healthy = up;
    lines.push(
      `  API ${admin.baseUrl}/version: ${up ? "answers" : "no answer"}`,
      `  Admin key in ${FILES.frontendEnv}: ${adminKey ? (keyOk ? "accepted" : "refused or unchecked") : "missing"}`,
      `  Public URL: ${instance.publicUrls?.api ?? "unknown"}`,
      ...(name ? [`  Instance: ${name}`] : []),
      ...(names ? [`  Deployment variables (${names.length}): ${names.join(", ") || "none"}`] : []),
    );
    Object.assign(json, {
      api: { url: admin.baseUrl, up },
      publicUrl: instance.publicUrls?.api ?? null,
      siteUrl: instance.publicUrls?.site ?? null,
      adminKey: adminKey ? (keyOk ? "accepted" : "refused-or-unchecked") : "missing",
      instance: name ?? null,
      deploymentVariables: names ?? null,
    });
  }
  if (report.hint) lines.push(`  ${report.hint}`);
  // What the last `up` from here did (a failed deploy leaves a backend that answers).
  const last = parseLastUp(await files.read(layout.path("lastUp")));
  const lastUp = last && last.instance === instance.name ? last : undefined;
  if (lastUp) lines.push(`  ${describeLastUp(lastUp)}`);
  json.lastUp = lastUp ?? null;
  json.up = healthy;
  if (flags.json) io.out.write(`${JSON.stringify(json, null, 2)}\n`);
  else io.out.write(`${lines.join("\n")}\n`);
  return healthy ? 0 : 1;
}
