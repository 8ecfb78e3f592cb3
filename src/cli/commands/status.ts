/** `status`: the containers, the API's health and the admin key of this app's backend. */
import { createConvexAdmin } from "../../adapters/convex-admin.js";
import { createKubectl } from "../../adapters/kubectl.js";
import { deriveHostApiUrl } from "../../core/client-env.js";
import { envValues, parseEnvFile } from "../../core/env-file.js";
import { deriveKubeNames, instanceSelector, parsePodStates } from "../../core/kubernetes.js";
import { composeTargetOf, FILES } from "../../core/layout.js";
import { DEFAULT_PORTS } from "../../core/urls.js";
import { requireSetup } from "../../find-setup.js";
import type { ParsedFlags } from "../args.js";
import {
  adapters,
  type Command,
  type CommandContext,
  checkInstanceTarget,
  configFrom,
  flagsFor,
  LOCATE_FLAGS,
  locateOptions,
  VERBOSE_FLAG,
} from "../context.js";

/** target kubernetes: the instance's objects and its pods (the API is reached with port-forward). */
async function kubernetesStatus(flags: ParsedFlags, { io }: CommandContext): Promise<number> {
  const config = configFrom(flags, io);
  const { runner } = adapters(io);
  const kubectl = createKubectl(runner, io.env);
  const ns = config.kubernetes.namespace;
  const selector = instanceSelector(config.instanceName);
  const objects = await kubectl.list(ns, selector);
  const pods = parsePodStates(await kubectl.pods(ns, selector));
  const backendUp = pods.some((p) => p.service === "backend" && p.state === "running");
  const name = deriveKubeNames(config.instanceName).backend;
  if (flags.json) {
    io.out.write(
      `${JSON.stringify({ namespace: ns, instance: config.instanceName, objects, pods, up: backendUp }, null, 2)}\n`,
    );
  } else {
    io.out.write(
      [
        `Instance ${config.instanceName} in namespace ${ns}`,
        ...(objects.length ? objects.map((o) => `  ${o}`) : ["  no objects"]),
        ...(pods.length
          ? pods.map(
              (p) =>
                `  pod ${p.service.padEnd(12)} ${p.state}${p.exitCode !== undefined ? ` (exit ${p.exitCode})` : ""}`,
            )
          : ["  no pods"]),
        `  Reach the API: kubectl port-forward -n ${ns} service/${name} 3210:3210 3211:3211`,
        "",
      ].join("\n"),
    );
  }
  return backendUp ? 0 : 1;
}

export const status: Command = {
  name: "status",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor(["target", "namespace", "instance-name"]),
    { name: "json", kind: "boolean", description: "Print JSON instead of text.", default: "false" },
    VERBOSE_FLAG,
  ],
  async run(flags, context) {
    checkInstanceTarget(flags, "status");
    if (flags.target === "kubernetes") return kubernetesStatus(flags, context);
    const { io, logger } = context;
    const { docker, files } = adapters(io);
    const found = await requireSetup(locateOptions(flags), io.cwd, files);
    const target = composeTargetOf(found.state);
    const services = await docker.ps(target);
    // Read inside the repository only (found.files): a link out of the clone is refused.
    const local = envValues(parseEnvFile((await found.files.read(found.layout.path("frontendEnv"))) ?? ""));
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
    const instance = up ? await admin.instanceName() : undefined;
    if (instance) lines.push(`  Instance: ${instance}`);
    // Names only: values may be secrets.
    const names =
      keyOk && adminKey ? Object.keys(await admin.listEnvironmentVariables(adminKey)).sort() : undefined;
    if (names) lines.push(`  Deployment variables (${names.length}): ${names.join(", ") || "none"}`);
    if (flags.json) {
      const status = {
        project: target.project,
        composeFile: target.file,
        services,
        api: { url: admin.baseUrl, up },
        publicUrl: found.facts.cloudOrigin ?? null,
        siteUrl: found.facts.siteOrigin ?? null,
        ports: { api: found.facts.apiPort ?? null, site: found.facts.sitePort ?? null },
        adminKey: adminKey ? (keyOk ? "accepted" : "refused-or-unchecked") : "missing",
        instance: instance ?? null,
        deploymentVariables: names ?? null,
      };
      io.out.write(`${JSON.stringify(status, null, 2)}\n`);
    } else io.out.write(`${lines.join("\n")}\n`);
    return up ? 0 : 1;
  },
};
