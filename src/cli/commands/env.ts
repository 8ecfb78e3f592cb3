/** `env`: the public variables for a frontend or a shell (no secrets), from the app's own setup. */

import { readApp } from "../../adapters/app-reader.js";
import { createGit } from "../../adapters/git.js";
import {
  deriveExportedEnv,
  deriveHostApiUrl,
  type Endpoints,
  SECRET_CLIENT_ENV,
} from "../../core/client-env.js";
import { renderEnvEntry } from "../../core/env-file.js";
import { locate } from "../../core/layout.js";
import { findSetup } from "../../find-setup.js";
import { planApp } from "../../phases/app.js";
import { openRepository } from "../../phases/repository.js";
import { adapters, type Command, configFrom, jsonFlag, SETUP_FLAGS } from "../context.js";

export const env: Command = {
  name: "env",
  flags: [
    ...SETUP_FLAGS,
    {
      name: "shell",
      kind: "boolean",
      description: "Print `export NAME='value'` lines for eval.",
      default: "false",
    },
    jsonFlag("text"),
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
    // The frontends, found the way `up` finds them (their frameworks name the variables).
    const quiet = {
      info() {},
      warn() {},
      debug() {},
      group: <T>(_t: string, fn: () => Promise<T>) => fn(),
      mask() {},
    };
    const { files: store, runner } = adapters(io);
    const layout = locate(config, io.cwd);
    // Read inside the repository only: a link out of the clone is refused.
    const { root, files } = await openRepository(layout.dir, {
      files: store,
      git: createGit(runner),
      cwd: io.cwd,
    });
    const app = await planApp(
      config,
      layout,
      root,
      { cwd: io.cwd, files, readApp },
      { logger: quiet, warn() {} },
    );
    const vars = Object.entries(deriveExportedEnv(endpoints, "", app.frontends)).filter(
      ([k]) => !SECRET_CLIENT_ENV.has(k),
    );
    if (flags.json) io.out.write(`${JSON.stringify(Object.fromEntries(vars), null, 2)}\n`);
    else for (const [k, v] of vars) io.out.write(`${flags.shell ? "export " : ""}${renderEnvEntry(k, v)}\n`);
    return 0;
  },
};
