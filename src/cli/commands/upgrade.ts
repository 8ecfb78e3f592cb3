/** `upgrade`: the running backend and dashboard to another release, with a backup first and a rollback (src/upgrade.ts). */
import { upgrade as runUpgrade } from "../../upgrade.js";
import { type Command, configFrom, flagsFor, LOCATE_FLAGS, VERBOSE_FLAG } from "../context.js";
import { depsFor, REACH, seconds, shown } from "./backup.js";

export const upgrade: Command = {
  name: "upgrade",
  flags: [
    ...LOCATE_FLAGS,
    ...flagsFor([
      ...REACH,
      "release",
      "backend-image",
      "dashboard-image",
      "dry-run",
      "backup-file",
      "include-file-storage",
      "deploy",
      "deploy-args",
      "verify",
    ]),
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const config = configFrom({ ...flags, command: "upgrade" }, io);
    const r = await runUpgrade(config, depsFor(io, logger));
    const images = (i: { backend: string; dashboard: string | undefined }) =>
      `${i.backend}${i.dashboard ? `, ${i.dashboard}` : ""}`;
    const lines =
      r.outcome === "dry-run"
        ? ["", ...r.plan, "", "Dry run: nothing was changed."]
        : r.outcome === "unchanged"
          ? ["", `${r.instance} runs release ${r.release} already: nothing was changed.`]
          : [
              "",
              `Upgraded ${r.instance} to release ${r.release} (${seconds(r.timings)} s).`,
              `  Before     ${images(r.before)}`,
              `  Now        ${images(r.after)}`,
              `  Database   ${r.databaseBefore ?? "?"} → ${r.databaseAfter ?? "?"} (from the backend's log)`,
              `  Backup     ${r.backupFile ? shown(io, r.backupFile) : "none"}`,
              `  Verified   ${r.verified.length ? r.verified.map((c) => c.name).join(", ") : "not checked (--verify false)"}`,
              `  Deployed   ${r.deployed ? "yes" : "no (--deploy false)"}`,
            ];
    io.out.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
