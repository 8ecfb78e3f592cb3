/**
 * target connect: a backend that already runs elsewhere (a Coder sidecar, a Helm release),
 * reached at its public URLs. Nothing is started, stored or removed here; its admin key is an
 * input (or computed from the instance-secret input) and must be accepted as it is.
 */
import type { ConfigOf } from "../core/config.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import { deriveTargetPlan } from "../core/target-plan.js";
import { confirmConnectAdminKey } from "../phases/admin-key.js";
import { resolveConnectKeys } from "../phases/keys.js";
import { type BackendView, waitForBackend } from "../phases/start.js";
import type { Target, TargetDeps } from "./types.js";

/** No containers to inspect here: the wait polls the URL only. */
function elsewhere(apiUrl: string): BackendView {
  return {
    states: async () => [],
    logs: async () => "(target connect: the backend runs elsewhere; read its logs there)",
    advice: {
      stopped: () => ({ message: "The backend stopped.", hint: "Read its logs where it runs." }),
      timeout: `Check that the backend runs and that this host reaches ${apiUrl} (in Coder: the workspace is running and the app is shared), or raise ${option("wait-timeout")}.`,
    },
  };
}

export function createConnectTarget(config: ConfigOf<"connect">, deps: TargetDeps): Target {
  const plan = deriveTargetPlan(config);
  return {
    kind: "connect",
    hostApiUrl: plan.hostApiUrl,
    hostSiteUrl: plan.hostSiteUrl,
    viaPublicUrls: true,
    runs: true,
    warnings: plan.warnings,
    images: [],
    usesDatabase: false,
    backendFiles: "none",
    instance: undefined,
    checks: () => [
      {
        name: "where it runs",
        up: "doctor only",
        run: async () => ({
          status: "pass",
          message: "target connect: the running backend has its own database and ports",
        }),
      },
    ],
    async preflight(run) {
      if (run.config.postgres.url || run.config.mysql.url)
        run.report.logger.info(
          `target connect: the running backend has its own database; the ${run.config.mysql.url ? "MySQL" : "Postgres"} URL is not used.`,
        );
    },
    resolveKeys: (run, files, options) =>
      resolveConnectKeys(config, files, run.layout, run.report.logger, options),
    start: async () => undefined,
    wait: (run, admin) => waitForBackend(admin, elsewhere(plan.hostApiUrl), run.config.waitTimeoutMs, deps),
    confirmAdminKey: (_run, admin, keys) => confirmConnectAdminKey(admin, keys.adminKey),
    // The keys are inputs; whether the backend answers, the wait says.
    requireRunning: async () => {},
    describe: () => ({
      envFile: "",
      composeFile: "",
      composeProject: "",
      namespace: undefined,
      manifestFile: undefined,
    }),
    close: async () => {},
    async remove() {
      throw new SetupError(
        "command down removes what up started; with target connect the backend runs elsewhere and is not removed from here.",
        "Remove it where it runs (its Helm release, the Coder template), or use target compose or kubernetes.",
      );
    },
  };
}

/** Nothing of a connect backend is here to show, follow or remove. */
export async function findConnectInstance(): Promise<never> {
  throw new SetupError(
    "target connect: the backend runs elsewhere; nothing of it is here to show or remove.",
    `Look where it runs (its Helm release, the Coder template), or use ${option("target")} compose or kubernetes.`,
  );
}
