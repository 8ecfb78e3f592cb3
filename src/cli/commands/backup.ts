/** `backup` and `restore`: a snapshot of the running deployment, and its import (src/backup.ts, src/restore.ts). */
import { relative } from "node:path";
import { createSetupDeps } from "../../adapters/index.js";
import { backup as runBackup } from "../../backup.js";
import { countDocuments, describeTables } from "../../core/backup-file.js";
import type { InputName } from "../../core/inputs.js";
import { restore as runRestore } from "../../restore.js";
import type { FlagSpec } from "../args.js";
import { type CliIo, type Command, configFrom, flagsFor, LOCATE_FLAGS, VERBOSE_FLAG } from "../context.js";

/** What finds the running deployment on each target (as `up` was given them). */
export const REACH: readonly InputName[] = [
  "target",
  "namespace",
  "instance-name",
  "ingress-host",
  "ingress-tls-secret",
  "convex-url",
  "site-url",
  "admin-key",
  "instance-secret",
  "api-port",
  "site-port",
  "wait-timeout",
];

export function depsFor(io: CliIo, logger: Parameters<typeof createSetupDeps>[0]["logger"]) {
  return createSetupDeps({
    logger,
    env: io.env,
    cwd: io.cwd,
    ci: io.env.CI === "true" || io.env.GITHUB_ACTIONS === "true",
    ...(io.stop ? { stop: io.stop } : {}),
  });
}

export const shown = (io: CliIo, path: string) => relative(io.cwd, path) || path;
export const seconds = (timings: Array<[string, number]>) =>
  (timings.reduce((s, [, ms]) => s + ms, 0) / 1000).toFixed(1);

export const backup: Command = {
  name: "backup",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor([...REACH, "backup-file", "include-file-storage", "include-env-values"]),
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const config = configFrom({ ...flags, command: "backup" }, io);
    const r = await runBackup(config, depsFor(io, logger));
    io.out.write(
      [
        "",
        `Backup written (${seconds(r.timings)} s).`,
        `  ZIP        ${shown(io, r.file)} (${r.bytes} bytes, mode 0600)`,
        `  Documents  ${countDocuments(r.tables)} (${describeTables(r.tables)})${r.storageFiles !== undefined ? `, ${r.storageFiles} stored files` : ""}`,
        `  Variables  ${r.variables.length} names in ${shown(io, r.variablesFile)}${r.valuesSaved ? " with their values (mode 0600)" : ""}`,
        `  Restore    setup-coder-convex restore --backup-file ${shown(io, r.file)}`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};

const YES: FlagSpec = {
  name: "yes",
  kind: "boolean",
  short: "y",
  description: "Replace the data of a deployment that holds documents (the input confirm-restore: true).",
  default: "false",
};

export const restore: Command = {
  name: "restore",
  flags: [...LOCATE_FLAGS, ...flagsFor([...REACH, "backup-file", "confirm-restore"]), YES, VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const confirm = Boolean(flags.yes) || Boolean(flags["confirm-restore"]);
    const { yes: _yes, ...rest } = flags;
    const config = configFrom({ ...rest, command: "restore", "confirm-restore": confirm }, io);
    const r = await runRestore(config, depsFor(io, logger));
    io.out.write(
      [
        "",
        `Restored ${shown(io, r.file)} (${seconds(r.timings)} s), verified.`,
        `  Before     ${describeTables(r.before)}`,
        `  Now        ${describeTables(r.tables)}`,
        `  Variables  ${r.variablesSet.length ? `set ${r.variablesSet.join(", ")}` : r.variablesFile ? "names only in the backup: none set" : "no variables file next to the ZIP: none set"}${r.variablesMissing.length ? `; missing here: ${r.variablesMissing.join(", ")}` : ""}`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
