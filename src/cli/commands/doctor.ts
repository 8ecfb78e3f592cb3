/**
 * `doctor`: the checks `up` makes before it starts anything, without changing anything. It calls
 * the same preflight functions as setup(), so both say the same thing.
 */

import { createServer } from "node:net";
import { resolve } from "node:path";
import { readApp } from "../../adapters/app-reader.js";
import { createConvexCli } from "../../adapters/convex-cli.js";
import { createGit } from "../../adapters/git.js";
import { createKubectl } from "../../adapters/kubectl.js";
import { createPostgres, MissingDatabaseError } from "../../adapters/postgres.js";
import { decodeAdminKey } from "../../core/admin-key.js";
import type { AppFacts } from "../../core/app.js";
import { checkAppVariables, usesConvexAuth } from "../../core/app-plan.js";
import { deriveJwtKeyPair } from "../../core/auth-keys.js";
import type { Config } from "../../core/config.js";
import { MANAGED_DEPLOYMENT_NAMES } from "../../core/deployment-env.js";
import { envValues, parseEnvFile, splitUserSection } from "../../core/env-file.js";
import { FILES, locate, USER_MARKER } from "../../core/layout.js";
import { describeTrackedSecrets } from "../../core/trust.js";
import { readStoredKeys } from "../../phases/kubernetes.js";
import {
  checkConvexCli,
  checkPostgres,
  describePreflight,
  NO_POSTGRES_MESSAGE,
  postgresNotes,
} from "../../phases/preflight.js";
import { findCommittedSecrets, NO_GIT_MESSAGE, openRepository } from "../../phases/repository.js";
import { adapters, CONFIG_FLAGS, type Command, configFrom, VERBOSE_FLAG } from "../context.js";

type Status = "pass" | "warn" | "fail";
const SYMBOL: Record<Status, string> = { pass: "✓", warn: "!", fail: "✗" };

export const doctor: Command = {
  name: "doctor",
  flags: [
    ...CONFIG_FLAGS,
    { name: "json", kind: "boolean", description: "Print the checks as JSON.", default: "false" },
    VERBOSE_FLAG,
  ],
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
    let config: Config | undefined;
    // target connect needs no Docker, ports or database here: what `up` skips, doctor skips.
    // kubernetes needs kubectl and a cluster instead of Docker.
    let connect = false;
    let kube: Config | undefined;
    try {
      const parsed = configFrom(flags, io);
      connect = parsed.target === "connect";
      if (parsed.target === "kubernetes") kube = parsed;
    } catch {}
    if (kube && !kube.kubernetes.renderOnly) {
      const kubectl = createKubectl(runner, io.env);
      const ns = kube.kubernetes.namespace;
      await attempt(async () => ["pass", `kubectl ${await kubectl.check()}`]);
      await attempt(async () => {
        // Reads the instance's Secret: proves the cluster answers and the user may read there.
        const stored = await readStoredKeys(kubectl, ns, kube!.instanceName, io.env.GITHUB_REPOSITORY);
        return [
          "pass",
          stored.instanceSecret
            ? `Cluster answers; ${stored.where} exists: up reuses its keys`
            : `Cluster answers; instance ${kube!.instanceName} is not in namespace ${ns} yet: up creates it`,
        ];
      });
    } else if (!connect && !kube) {
      // The client with its compose plugin, and the engine, as two checks (up needs both).
      await attempt(async () => ["pass", `docker compose ${await docker.checkCompose()}`]);
      await attempt(async () => ["pass", `Docker engine ${await docker.checkEngine()} answers`]);
    }
    await attempt(async () => {
      config = configFrom(flags, io);
      const u = config.publicUrls;
      return ["pass", `URLs from ${u.source}: API ${u.apiUrl}, site ${u.siteUrl}`];
    });
    if (!config) return print(io, checks, Boolean(flags.json));
    if (config.publicUrls.coder) {
      checks.push([
        "warn",
        `Coder workspace: ports ${config.ports.api} and ${config.ports.site} (${config.publicUrls.apiUrl}, ${config.publicUrls.siteUrl}) must be shared publicly for auth and outside clients.`,
      ]);
    }
    const db = connect ? undefined : config.postgres.url;
    if (connect) checks.push(["pass", "target connect: the running backend has its own database and ports"]);
    else if (db) {
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
    // Every file is read inside the repository only, regular files only (a link out of the
    // clone, a FIFO or a device is named and refused), as `up` reads them.
    const repo = await openRepository(layout.dir, { files, git: createGit(runner), cwd: io.cwd });
    const root = repo.root;
    let facts: AppFacts | undefined;
    await attempt(async () => {
      // What the app is, read the same way as `up` does (a parser, confined to the repository).
      const f = await readApp(layout.dir, root, repo.files);
      facts = f;
      return [
        f.functionsDirExists ? "pass" : deploy ? "fail" : "warn",
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
      const found = await findCommittedSecrets(createGit(runner), repo.files, layout);
      if (found === undefined) return ["warn", NO_GIT_MESSAGE];
      if (found.length === 0) return ["pass", "No secret file is committed to git"];
      const { message, hint } = describeTrackedSecrets(found);
      return ["fail", `${message}\n  -> ${hint}`];
    });
    // The variables auth.config reads, given somewhere (else `up` stops before starting).
    if (facts) {
      const f = facts;
      const cfg = config;
      await attempt(async () => {
        const deploymentText = (await repo.files.read(layout.path("deploymentEnv"))) ?? "";
        const given = new Set([
          ...cfg.envVars.map(([n]) => n),
          ...Object.keys(envValues(splitUserSection(deploymentText, USER_MARKER).user)),
          ...(usesConvexAuth(cfg.auth, f) ? [...MANAGED_DEPLOYMENT_NAMES, "SITE_URL"] : []),
        ]);
        const check = checkAppVariables(f, given, cfg.publicUrls.siteUrl, usesConvexAuth(cfg.auth, f));
        if (check.problems.length > 0) return ["fail", check.problems.join("\n")];
        if (check.warnings.length > 0) return ["warn", check.warnings.join("\n")];
        return [
          "pass",
          `Variables read by ${f.authConfigFile ?? "auth.config"}: ${f.authConfigEnv.join(", ") || "none"}, all given`,
        ];
      });
    }
    // Ports: free, or held by this app's own running backend (compose only).
    if (!connect && !kube)
      await attempt(async () => {
        const own = (await docker.ps(layout.target).catch(() => [])).some((s) => s.state === "running");
        const ports = [
          config!.ports.api,
          config!.ports.site,
          ...(config!.dashboard ? [config!.ports.dashboard] : []),
        ];
        const taken: number[] = [];
        for (const port of ports) if (!(await isPortFree(port))) taken.push(port);
        if (taken.length === 0) return ["pass", `Ports ${ports.join(", ")} are free`];
        if (own)
          return [
            "pass",
            `Ports ${taken.join(", ")} are held by this app's own containers (${layout.target.project})`,
          ];
        return [
          "fail",
          `Port${taken.length > 1 ? "s" : ""} ${taken.join(", ")} on this host ${taken.length > 1 ? "are" : "is"} in use by something else.\n  -> Stop it (another Convex backend? \`docker ps\`), or choose other ports with --api-port / --site-port / --dashboard-port and a distinct --project-name.`,
        ];
      });
    // Keys on disk agree with each other: the JWKS with the private key, the admin key with the secret.
    const pem = await repo.files.read(layout.path("privateKey")).catch((e: Error) => {
      checks.push(["fail", e.message]);
      return null;
    });
    if (pem === null) {
      // refused above
    } else if (pem !== undefined) {
      await attempt(async () => {
        const pair = deriveJwtKeyPair(pem, FILES.privateKey);
        const jwks = envValues(
          parseEnvFile((await repo.files.read(layout.path("deploymentEnv"))) ?? ""),
        ).JWKS;
        if (jwks !== undefined && jwks !== pair.jwks)
          return [
            "fail",
            `JWKS in ${FILES.deploymentEnv} is not the public key of ${FILES.privateKey}: tokens would not verify.\n  -> Run up: it rewrites JWKS from the key (or delete both to start over).`,
          ];
        return [
          "pass",
          `${FILES.privateKey} is a usable RSA key${jwks ? " and matches JWKS" : ""} (it will be reused)`,
        ];
      });
    } else checks.push(["pass", `${FILES.privateKey} absent: a key will be generated`]);
    await attempt(async () => {
      const secret = envValues(
        parseEnvFile((await repo.files.read(layout.path("backendEnv"))) ?? ""),
      ).INSTANCE_SECRET;
      const key = envValues(
        parseEnvFile((await repo.files.read(layout.path("frontendEnv"))) ?? ""),
      ).CONVEX_SELF_HOSTED_ADMIN_KEY;
      if (!secret || !key) return ["pass", "No admin key yet: up computes one from the instance secret"];
      try {
        decodeAdminKey(key, secret.toLowerCase(), config!.instanceName);
        return [
          "pass",
          `The admin key in ${FILES.frontendEnv} belongs to this instance (${config!.instanceName}) and secret`,
        ];
      } catch {
        return [
          "warn",
          `The admin key in ${FILES.frontendEnv} was not made from INSTANCE_SECRET in ${FILES.backendEnv} for instance ${config!.instanceName}: up replaces it.`,
        ];
      }
    });
    return print(io, checks, Boolean(flags.json));
  },
};

function print(
  io: { out: { write(t: string): void } },
  checks: Array<[Status, string]>,
  json: boolean,
): number {
  if (json) {
    const ok = !checks.some(([s]) => s === "fail");
    io.out.write(
      `${JSON.stringify({ ok, checks: checks.map(([status, message]) => ({ status, message })) }, null, 2)}\n`,
    );
  } else for (const [status, text] of checks) io.out.write(`${SYMBOL[status]} ${text}\n`);
  return checks.some(([s]) => s === "fail") ? 1 : 0;
}

/** Whether nothing listens on 127.0.0.1:port (where compose publishes the backend's ports). */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
