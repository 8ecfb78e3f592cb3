/**
 * `doctor`: the checks `up` makes before it starts anything, without changing anything. It calls
 * the same preflight functions as setup(), so both say the same thing.
 */
import { resolve } from "node:path";
import { readApp } from "../../adapters/app-reader.js";
import { createConvexCli } from "../../adapters/convex-cli.js";
import { createGit } from "../../adapters/git.js";
import { createPostgres, MissingDatabaseError } from "../../adapters/postgres.js";
import type { AppFacts } from "../../core/app.js";
import { deriveJwtKeyPair } from "../../core/auth-keys.js";
import type { Config } from "../../core/config.js";
import { FILES, locate } from "../../core/layout.js";
import { describeTrackedSecrets } from "../../core/trust.js";
import {
  checkConvexCli,
  checkDocker,
  checkPostgres,
  describePreflight,
  NO_POSTGRES_MESSAGE,
  postgresNotes,
} from "../../phases/preflight.js";
import { findCommittedSecrets, NO_GIT_MESSAGE } from "../../phases/repository.js";
import { adapters, CONFIG_FLAGS, type Command, configFrom, VERBOSE_FLAG } from "../context.js";

type Status = "pass" | "warn" | "fail";
const SYMBOL: Record<Status, string> = { pass: "✓", warn: "!", fail: "✗" };

export const doctor: Command = {
  name: "doctor",
  description: "Check this machine and project without changing anything.",
  flags: [...CONFIG_FLAGS, VERBOSE_FLAG],
  async run(flags, { io }) {
    const { docker, files, runner } = adapters(io);
    const checks: Array<[Status, string]> = [];
    const attempt = async (fn: () => Promise<[Status, string]>, onError: Status = "fail") => {
      try {
        checks.push(await fn());
      } catch (e) {
        checks.push([onError, (e as Error).message]);
      }
    };
    const major = Number(process.versions.node.split(".")[0]);
    checks.push([major >= 20 ? "pass" : "fail", `Node.js ${process.versions.node} (needs 20 or newer)`]);
    await attempt(async () => ["pass", `docker compose ${await checkDocker(docker)}`]);
    let config: Config | undefined;
    await attempt(async () => {
      config = configFrom(flags, io);
      const u = config.publicUrls;
      return ["pass", `URLs from ${u.source}: API ${u.apiUrl}, site ${u.siteUrl}`];
    });
    if (!config) return print(io, checks);
    if (config.publicUrls.coder) {
      checks.push([
        "warn",
        `Coder workspace: ports ${config.ports.api} and ${config.ports.site} (${config.publicUrls.apiUrl}, ${config.publicUrls.siteUrl}) must be shared publicly for auth and outside clients.`,
      ]);
    }
    const db = config.postgres.url;
    if (db) {
      const cfg = config;
      await attempt(async () => {
        try {
          // Never creates anything: a missing database is what `up` would create.
          const r = await checkPostgres(createPostgres(), db, false);
          return ["pass", describePreflight(db, r)];
        } catch (e) {
          if (e instanceof MissingDatabaseError) {
            return cfg.postgres.createDatabase
              ? [
                  "pass",
                  `Postgres at ${db.host}:${db.port} (from ${db.source}): database "${db.name}" is missing; up will create it.`,
                ]
              : ["fail", e.message];
          }
          throw e;
        }
      });
      for (const w of postgresNotes(db).warnings) checks.push(["warn", w]);
    } else checks.push(["pass", NO_POSTGRES_MESSAGE]);
    const layout = locate(config, io.cwd);
    const deploy = config.deploy;
    // What the app is, read the same way as `up` does (a parser, confined to the repository).
    const root = (await createGit(runner).topLevel(layout.dir)) ?? layout.dir;
    let facts: AppFacts | undefined;
    await attempt(async () => {
      const f = await readApp(layout.dir, root, files.within(root));
      facts = f;
      return [
        f.functionsDirExists ? "pass" : "fail",
        `App: ${f.auth === "none" ? "no auth library" : f.auth}; functions in ${f.functionsDir}/${f.functionsDirExists ? "" : " (missing: convex deploy has nothing to deploy)"}; ${f.packageManager} workspace at ${f.workspaceRoot}`,
      ];
    });
    await attempt(
      async () => {
        if (!facts)
          throw new Error("The app could not be read (see above), so its convex CLI was not looked for.");
        const p = await checkConvexCli(createConvexCli(runner, files), layout.dir, {
          root,
          packageManager: facts.packageManager,
          workspaceRoot: resolve(root, facts.workspaceRoot),
        });
        return ["pass", `convex ${p.convexVersion} installed (${p.packageManager})`];
      },
      deploy ? "fail" : "warn",
    );
    // Secrets committed to git: `up` warns (in CI: stops); doctor FAILs, since they are public.
    await attempt(async () => {
      const found = await findCommittedSecrets(createGit(runner), files.within(layout.dir), layout);
      if (found === undefined) return ["warn", NO_GIT_MESSAGE];
      if (found.length === 0) return ["pass", "No secret file is committed to git"];
      const { message, hint } = describeTrackedSecrets(found);
      return ["fail", `${message}\n  -> ${hint}`];
    });
    const pem = await files.read(layout.path("privateKey"));
    if (pem !== undefined) {
      await attempt(async () => {
        deriveJwtKeyPair(pem, FILES.privateKey);
        return ["pass", `${FILES.privateKey} is a usable RSA key (it will be reused)`];
      });
    } else checks.push(["pass", `${FILES.privateKey} absent: a key will be generated`]);
    return print(io, checks);
  },
};

function print(io: { out: { write(t: string): void } }, checks: Array<[Status, string]>): number {
  for (const [status, text] of checks) io.out.write(`${SYMBOL[status]} ${text}\n`);
  return checks.some(([s]) => s === "fail") ? 1 : 0;
}
