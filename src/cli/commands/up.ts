/** `up`: start, configure and deploy (the action's main step). */

import { relative } from "node:path";
import { createSetupDeps } from "../../adapters/index.js";
import { describeSharing } from "../../core/coder-sharing.js";
import type { Config } from "../../core/config.js";
import { deriveKubeNames } from "../../core/kubernetes.js";
import { FILES } from "../../core/layout.js";
import { VerificationError } from "../../phases/verify.js";
import { type SetupResult, setup } from "../../setup.js";
import { type Command, configFrom, SETUP_FLAGS, VERBOSE_FLAG } from "../context.js";

export const up: Command = {
  name: "up",
  flags: [...SETUP_FLAGS, VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const config = configFrom(flags, io);
    const deps = createSetupDeps({
      logger,
      env: io.env,
      cwd: io.cwd,
      // In CI (CI=true, as every CI service sets) a committed secret stops the run.
      ci: io.env.CI === "true" || io.env.GITHUB_ACTIONS === "true",
      ...(io.stop ? { stop: io.stop } : {}),
    });
    let result: SetupResult;
    try {
      result = await setup(config, deps);
    } catch (error) {
      // Verification failed, but the backend runs: say what runs where, then the failure.
      if (error instanceof VerificationError && error.result)
        io.out.write(summary(error.result, config, "Convex runs, but verification failed (below)"));
      throw error;
    }
    const total = result.timings.reduce((s, [, ms]) => s + ms, 0);
    io.out.write(
      summary(result, config, `Convex is up (${(total / 1000).toFixed(1)} s, URLs from ${result.urlSource})`),
    );
    return 0;
  },
};

/** The closing summary: the URLs, where the admin key is, what was deployed and written. */
function summary(result: SetupResult, config: Config, heading: string): string {
  const coder = result.urlSource === "vscode-proxy-uri" || result.urlSource === "coder-wildcard";
  const written = result.written.map((p) => relative(result.workingDirectory, p));
  return [
    "",
    `${heading}.`,
    `  API        ${result.apiUrl}`,
    `  Site/auth  ${result.siteUrl}`,
    `  Dashboard  ${result.dashboardUrl}`,
    `  Admin key  in ${FILES.frontendEnv} (CONVEX_SELF_HOSTED_ADMIN_KEY; the CLI uses ${result.hostApiUrl})`,
    `  Database   ${result.postgresDatabase ? `Postgres "${result.postgresDatabase}"` : result.mysqlDatabase ? `MySQL "${result.mysqlDatabase}"` : "embedded SQLite"}`,
    `  Deployed   ${result.deployed ? "yes" : "no"}${result.seeded ? " (and seeded)" : ""}`,
    `  Files      ${written.length ? `wrote ${written.join(", ")}` : "none changed"}`,
    ...(result.namespace
      ? [
          `  Kubernetes namespace ${result.namespace}, instance ${result.instanceName}${result.manifestFile ? ` (render-only: ${relative(result.workingDirectory, result.manifestFile)}, nothing applied)` : ""}`,
        ]
      : []),
    ...(result.namespace && !result.manifestFile && result.urlSource !== "ingress"
      ? [
          `  No ingress-host: the URLs above worked through kubectl port-forward during this run only; run \`kubectl port-forward -n ${result.namespace} service/${deriveKubeNames(result.instanceName).backend} ${config.ports.api}:3210 ${config.ports.site}:3211\` to reach it again.`,
        ]
      : []),
    ...(coder ? [`  Coder      ${describeSharing(result.apiUrl, result.siteUrl)}`] : []),
    "",
  ].join("\n");
}
