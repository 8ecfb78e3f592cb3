/** `verify`: the checks of the action's last phase, against the app set up in this folder. */
import { createConvexAdmin } from "../../adapters/convex-admin.js";
import { deriveHostApiUrl } from "../../core/client-env.js";
import { MANAGED_DEPLOYMENT_NAMES } from "../../core/deployment-env.js";
import { envValues, parseEnvFile, splitUserSection } from "../../core/env-file.js";
import { SetupError } from "../../core/errors.js";
import { describeLastUp, parseLastUp } from "../../core/last-up.js";
import { FILES, USER_MARKER } from "../../core/layout.js";
import { option } from "../../core/naming.js";
import { DEFAULT_PORTS, isCoderWorkspace, isLocalUrl } from "../../core/urls.js";
import { requireSetup } from "../../find-setup.js";
import { assertVerified, verifyDeployment } from "../../phases/verify.js";
import { adapters, type Command, jsonFlag, LOCATE_FLAGS, locateOptions, VERBOSE_FLAG } from "../context.js";

export const verify: Command = {
  name: "verify",
  flags: [...LOCATE_FLAGS, jsonFlag("checks"), VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const found = await requireSetup(locateOptions(flags), io.cwd, adapters(io).files);
    // Read inside the repository only: a link out of the clone is refused.
    const { files } = found;
    const local = envValues(parseEnvFile((await files.read(found.layout.path("frontendEnv"))) ?? ""));
    const adminKey = local.CONVEX_SELF_HOSTED_ADMIN_KEY;
    if (!adminKey) {
      throw new SetupError(
        `No CONVEX_SELF_HOSTED_ADMIN_KEY in ${found.layout.path("frontendEnv")}.`,
        "Run `setup-coder-convex up` first: it writes it.",
      );
    }
    logger.mask(adminKey);
    const deploymentText = (await files.read(found.layout.path("deploymentEnv"))) ?? "";
    const deployment = envValues(parseEnvFile(deploymentText));
    const convexAuth = deployment.JWKS !== undefined;
    const userNames = Object.keys(envValues(splitUserSection(deploymentText, USER_MARKER).user));
    const { facts } = found;
    const apiUrl = facts.cloudOrigin ?? deriveHostApiUrl(facts.apiPort ?? DEFAULT_PORTS.api);
    const siteUrl = facts.siteOrigin ?? deriveHostApiUrl(facts.sitePort ?? DEFAULT_PORTS.site);
    const ports = { api: facts.apiPort ?? DEFAULT_PORTS.api, site: facts.sitePort ?? DEFAULT_PORTS.site };
    // Whether any functions are deployed at all (--no-deploy, or a deploy that never ran): auth
    // discovery is served by the deployed http.ts, so it is checked only when something is.
    const deployed = await createConvexAdmin(deriveHostApiUrl(ports.api))
      .hasDeployedFunctions(adminKey)
      .catch(() => undefined);
    const checks = await verifyDeployment(
      { admin: (url) => createConvexAdmin(url), fetch },
      {
        hostApiUrl: deriveHostApiUrl(ports.api),
        hostSiteUrl: deriveHostApiUrl(ports.site),
        apiUrl,
        siteUrl,
        adminKey,
        expectedVariables: [...(convexAuth ? MANAGED_DEPLOYMENT_NAMES : []), ...userNames],
        authDiscovery: convexAuth && deployed !== false,
        publicUrls: isCoderWorkspace(io.env) && !isLocalUrl(apiUrl),
      },
    );
    // What the last `up` here did: a backend that answers after a failed deploy is not verified.
    const last = parseLastUp(await files.read(found.layout.path("lastUp")));
    if (last?.outcome === "failed")
      checks.push({
        name: "last-up",
        ok: false,
        detail: describeLastUp(last),
        fix: "Rerun `setup-coder-convex up`; the backend may run older functions than the code here.",
      });
    const none =
      deployed === false
        ? `No functions are deployed on this backend${last && !last.deployAsked ? ` (the last up ran with ${option("deploy", false)})` : ""}: it answers, but the app's queries and mutations are not there.`
        : undefined;
    if (flags.json) {
      io.out.write(
        `${JSON.stringify({ ok: checks.every((c) => c.ok), checks, functionsDeployed: deployed ?? null }, null, 2)}\n`,
      );
      return checks.every((c) => c.ok) ? 0 : 1;
    }
    for (const c of checks) io.out.write(`${c.ok ? "✓" : "✗"} ${c.detail}\n`);
    if (none) io.out.write(`! ${none}\n`);
    assertVerified(checks);
    io.out.write(
      `Verified: ${FILES.compose} project ${found.state.composeProject} works as a client sees it${none ? ", with no functions deployed" : ""}.\n`,
    );
    return 0;
  },
};
