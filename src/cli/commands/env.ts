/** `env`: the public variables for a frontend or a shell (no secrets), from the app's own setup. */
import {
  deriveExportedEnv,
  deriveHostApiUrl,
  type Endpoints,
  SECRET_CLIENT_ENV,
} from "../../core/client-env.js";
import { renderEnvEntry } from "../../core/env-file.js";
import { findSetup } from "../../find-setup.js";
import { adapters, CONFIG_FLAGS, type Command, configFrom } from "../context.js";

export const env: Command = {
  name: "env",
  description:
    "Print the public variables for a frontend or shell (no secrets): from the app's compose file when it was set up, else from the flags.",
  flags: [
    ...CONFIG_FLAGS,
    {
      name: "shell",
      kind: "boolean",
      description: "Print `export NAME='value'` lines for eval.",
      default: "false",
    },
  ],
  async run(flags, { io }) {
    const config = configFrom(flags, io);
    const found = await findSetup(config, io.cwd, adapters(io).files);
    const u = config.publicUrls;
    const facts = found?.facts;
    const endpoints: Endpoints = {
      apiUrl: facts?.cloudOrigin ?? u.apiUrl,
      siteUrl: facts?.siteOrigin ?? u.siteUrl,
      dashboardUrl: u.dashboardUrl,
      hostApiUrl: deriveHostApiUrl(facts?.apiPort ?? config.ports.api),
    };
    for (const [k, v] of Object.entries(deriveExportedEnv(endpoints, ""))) {
      if (SECRET_CLIENT_ENV.has(k)) continue;
      io.out.write(`${flags.shell ? "export " : ""}${renderEnvEntry(k, v)}\n`);
    }
    return 0;
  },
};
