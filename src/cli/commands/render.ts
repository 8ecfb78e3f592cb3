/** `render`: the kubernetes manifests written to a file, nothing applied (`up` with render-only). */
import { relative } from "node:path";
import { createSetupDeps } from "../../adapters/index.js";
import { setup } from "../../setup.js";
import { type Command, configFrom, SETUP_FLAGS, VERBOSE_FLAG } from "../context.js";

export const render: Command = {
  name: "render",
  flags: [...SETUP_FLAGS.filter((f) => f.name !== "target" && f.name !== "render-only"), VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const config = configFrom({ ...flags, target: "kubernetes", "render-only": true }, io);
    const result = await setup(
      config,
      createSetupDeps({
        logger,
        env: io.env,
        cwd: io.cwd,
        ci: io.env.CI === "true" || io.env.GITHUB_ACTIONS === "true",
        ...(io.stop ? { stop: io.stop } : {}),
      }),
    );
    const file = result.manifestFile ?? "";
    io.out.write(
      [
        "",
        `Wrote ${relative(io.cwd, file) || file}: namespace ${result.namespace}, instance ${result.instanceName}.`,
        "  It holds the instance's Secret (instance secret, Postgres URL, JWT key): keep it out of git; encrypt it (SOPS, Sealed Secrets) before committing it anywhere.",
        `  API ${result.apiUrl}, site ${result.siteUrl}. After applying: setup-coder-convex up --target connect --convex-url ${result.apiUrl} --site-url ${result.siteUrl} deploys the functions.`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
