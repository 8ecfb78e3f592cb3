/**
 * The command line: `setup-coder-convex up|down|status|logs|doctor|env|keys`. It only maps
 * flags onto the same configuration the action uses and prints results; the work is in setup.ts.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type ArgsDef, defineCommand, runCommand, showUsage } from "citty";
import { createConvexAdmin } from "../adapters/convex-admin.js";
import { createConvexCli } from "../adapters/convex-cli.js";
import { createDocker, dockerArgs } from "../adapters/docker.js";
import { createFileStore } from "../adapters/files.js";
import { createSetupDeps } from "../adapters/index.js";
import { createPostgres } from "../adapters/postgres.js";
import { createProcessRunner } from "../adapters/process.js";
import { deriveJwtKeyPair } from "../core/auth-keys.js";
import { type Config, parseConfig, type RawInputs } from "../core/config.js";
import { envValues, parseEnvFile, renderEnvEntry } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import { INPUTS, type InputName } from "../core/inputs.js";
import { planContainerDatabaseUrl } from "../core/postgres-url.js";
import { FILES, locate, locateExisting, setup, teardown } from "../setup.js";
import { createCliLogger, type Output } from "./logger.js";

/** The package's version, from its package.json (two folders up from src/cli and lib/cli). */
const VERSION: string = createRequire(import.meta.url)("../../package.json").version;

export interface CliIo {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Flags shared by every command that needs the configuration: all the action's inputs. */
const configArgs: ArgsDef = Object.fromEntries(
  INPUTS.filter((i) => !["export-env", "cleanup", "cache-images"].includes(i.name)).map((i) => [
    i.name,
    i.kind === "boolean"
      ? { type: "boolean", description: `${i.description} (default ${i.default})` }
      : { type: "string", description: i.description, ...("default" in i ? { valueHint: i.default } : {}) },
  ]),
);
const commonArgs: ArgsDef = {
  verbose: { type: "boolean", description: "Print timings and full error details." },
};

function rawFrom(args: Record<string, unknown>): RawInputs {
  const raw: RawInputs = {};
  for (const input of INPUTS) {
    const value = args[input.name];
    if (value === undefined) continue;
    raw[input.name as InputName] = String(value); // booleans become "true"/"false", as action inputs are
  }
  return raw;
}

function configFrom(args: Record<string, unknown>, io: CliIo): Config {
  return parseConfig(rawFrom(args), io.env);
}

function context(io: CliIo, args: Record<string, unknown>) {
  const logger = createCliLogger(io.err, {
    verbose: Boolean(args.verbose),
    color: Boolean(io.env.FORCE_COLOR),
  });
  const runner = createProcessRunner();
  const files = createFileStore();
  const docker = createDocker(runner, io.env);
  return { logger, runner, files, docker };
}

export function buildCli(io: CliIo) {
  const up = defineCommand({
    meta: {
      name: "up",
      description: "Start, configure and deploy the self-hosted backend (the action's main step).",
    },
    args: { ...configArgs, ...commonArgs },
    async run({ args }) {
      const config = configFrom(args, io);
      const { logger } = context(io, args);
      const result = await setup(config, createSetupDeps({ logger, env: io.env, cwd: io.cwd }));
      const total = result.timings.reduce((s, [, ms]) => s + ms, 0);
      io.out.write(
        [
          "",
          `Convex is up (${(total / 1000).toFixed(1)} s, URLs from ${result.urlSource}).`,
          `  API        ${result.apiUrl}`,
          `  Site/auth  ${result.siteUrl}`,
          `  Dashboard  ${result.dashboardUrl}`,
          `  Admin key  in ${join(result.workingDirectory, FILES.frontendEnv)} (CONVEX_SELF_HOSTED_ADMIN_KEY)`,
          `  Database   ${result.postgresDatabase ? `Postgres "${result.postgresDatabase}"` : "embedded SQLite"}`,
          `  Deployed   ${result.deployed ? "yes" : "no"}`,
          ...(result.urlSource === "vscode-proxy-uri" || result.urlSource === "coder-wildcard"
            ? [
                "  Coder: share ports/apps 3210 and 3211 publicly, or auth discovery and outside clients get a login redirect.",
              ]
            : []),
          "",
        ].join("\n"),
      );
    },
  });

  const locateArgs: ArgsDef = {
    "working-directory": { type: "string", description: "Directory of the Convex app.", valueHint: "." },
    "project-name": { type: "string", description: "Compose project name (default convex-<directory>)." },
  };
  /** The app set up in --working-directory; a clear error when there is none. */
  const existing = async (args: Record<string, unknown>) => {
    const found = await locateExisting(
      {
        workingDirectory: (args["working-directory"] as string | undefined) ?? ".",
        ...(args["project-name"] ? { projectName: String(args["project-name"]) } : {}),
      },
      io.cwd,
      createFileStore(),
    );
    if (!found) {
      const dir = locate(
        { workingDirectory: (args["working-directory"] as string | undefined) ?? "." },
        io.cwd,
      ).dir;
      throw new SetupError(
        `No ${FILES.compose} in ${dir}: nothing set up here.`,
        "Run it in the app's folder, or pass --working-directory (setup-coder-convex up sets an app up).",
      );
    }
    return found;
  };
  const targetOf = (state: { workingDirectory: string; composeFile: string; composeProject: string }) => ({
    file: state.composeFile,
    project: state.composeProject,
    cwd: state.workingDirectory,
  });

  const down = defineCommand({
    meta: { name: "down", description: "Stop and remove the containers (data is kept unless --volumes)." },
    args: {
      ...locateArgs,
      volumes: { type: "boolean", description: "Also remove the data volume." },
      logs: { type: "boolean", description: "Print the backend's logs first." },
      ...commonArgs,
    },
    async run({ args }) {
      const { logger, docker } = context(io, args);
      await teardown(
        await existing(args),
        { dumpLogs: Boolean(args.logs), volumes: Boolean(args.volumes) },
        { docker, logger },
      );
    },
  });

  const status = defineCommand({
    meta: { name: "status", description: "Containers, health and admin key of this app's backend." },
    args: { ...locateArgs, ...commonArgs },
    async run({ args }) {
      const { docker, files } = context(io, args);
      const state = await existing(args);
      const w = { dir: state.workingDirectory, target: targetOf(state) };
      const services = await docker.ps(w.target);
      const local = envValues(parseEnvFile((await files.read(join(w.dir, FILES.frontendEnv))) ?? ""));
      const compose = (await files.read(w.target.file)) ?? "";
      const apiPort = /"?127\.0\.0\.1:(\d+):3210"?/.exec(compose)?.[1] ?? "3210";
      const admin = createConvexAdmin(`http://127.0.0.1:${apiPort}`);
      const up = await admin.isUp();
      const keyOk =
        up && local.CONVEX_SELF_HOSTED_ADMIN_KEY
          ? await admin.checkAdminKey(local.CONVEX_SELF_HOSTED_ADMIN_KEY)
          : false;
      const lines = [
        `Project ${w.target.project} (${w.target.file})`,
        ...(services.length
          ? services.map((s) => `  ${s.service.padEnd(18)} ${s.state}`)
          : ["  no containers"]),
        `  API ${admin.baseUrl}/version: ${up ? "answers" : "no answer"}`,
        `  Admin key in ${FILES.frontendEnv}: ${local.CONVEX_SELF_HOSTED_ADMIN_KEY ? (keyOk ? "accepted" : "refused or unchecked") : "missing"}`,
        `  Public URL: ${local.VITE_CONVEX_URL ?? "unknown"}`,
      ];
      if (up) lines.push(`  Instance: ${await admin.instanceName()}`);
      if (keyOk) {
        // Names only: values may be secrets.
        const names = Object.keys(
          await admin.listEnvironmentVariables(local.CONVEX_SELF_HOSTED_ADMIN_KEY!),
        ).sort();
        lines.push(`  Deployment variables (${names.length}): ${names.join(", ") || "none"}`);
      }
      io.out.write(`${lines.join("\n")}\n`);
      if (!up) process.exitCode = 1;
    },
  });

  const logs = defineCommand({
    meta: { name: "logs", description: "The backend's logs (docker compose logs)." },
    args: {
      ...locateArgs,
      follow: { type: "boolean", alias: ["f"], description: "Follow." },
      tail: { type: "string", description: "Lines from the end.", valueHint: "200" },
    },
    async run({ args }) {
      const state = await existing(args);
      const w = { dir: state.workingDirectory, target: targetOf(state) };
      const argv = [
        ...dockerArgs.logs(w.target, Number(args.tail ?? 200)),
        ...(args.follow ? ["--follow"] : []),
      ];
      await new Promise<void>((resolve, reject) => {
        const child = spawn("docker", argv, { stdio: "inherit", cwd: w.dir, env: io.env });
        child.on("error", (e) =>
          reject(new SetupError(`docker could not start: ${e.message}`, "Install Docker or put it on PATH.")),
        );
        child.on("close", (code) => {
          process.exitCode = code ?? 1;
          resolve();
        });
      });
    },
  });

  const doctor = defineCommand({
    meta: { name: "doctor", description: "Check this machine and project without changing anything." },
    args: { ...configArgs, ...commonArgs },
    async run({ args }) {
      const { docker, files, runner } = context(io, args);
      const checks: Array<[boolean | "warn", string]> = [];
      const major = Number(process.versions.node.split(".")[0]);
      checks.push([major >= 20, `Node.js ${process.versions.node} (needs 20 or newer)`]);
      try {
        checks.push([true, `docker compose ${await docker.checkCompose()}`]);
      } catch (e) {
        checks.push([false, (e as Error).message]);
      }
      let config: Config | undefined;
      try {
        config = configFrom(args, io);
        const u = config.publicUrls;
        checks.push([true, `URLs from ${u.source}: API ${u.apiUrl}, site ${u.siteUrl}`]);
        if (u.coder)
          checks.push([
            "warn",
            "Coder workspace: ports/apps 3210 and 3211 must be shared publicly for auth and outside clients.",
          ]);
      } catch (e) {
        checks.push([false, (e as Error).message]);
      }
      if (config) {
        const w = locate(config, io.cwd);
        if (config.database) {
          try {
            const r = await createPostgres().preflight(config.database, { createDatabase: false });
            checks.push([
              true,
              `Postgres ${r.serverVersion} (${config.database.source}); database "${r.database}" exists`,
            ]);
          } catch (e) {
            const text = (e as Error).message;
            checks.push([/has no database/.test(text) ? "warn" : false, text]);
          }
          const note = planContainerDatabaseUrl(config.database).note;
          if (note) checks.push(["warn", note]);
          if (config.database.droppedParams.length > 0) {
            checks.push([
              "warn",
              `${config.database.droppedParams.join(", ")} will be dropped from ${config.database.source} for the backend.`,
            ]);
          }
        } else checks.push([true, "No Postgres URL: the backend will use its embedded SQLite"]);
        try {
          const p = await createConvexCli(runner, files).locate(w.dir);
          checks.push([true, `convex ${p.convexVersion} installed (${p.packageManager})`]);
        } catch (e) {
          checks.push([config.deploy ? false : "warn", (e as Error).message]);
        }
        const pem = await files.read(join(w.dir, FILES.privateKey));
        if (pem !== undefined) {
          try {
            deriveJwtKeyPair(pem, FILES.privateKey);
            checks.push([true, `${FILES.privateKey} is a usable RSA key (it will be reused)`]);
          } catch (e) {
            checks.push([false, (e as Error).message]);
          }
        } else checks.push([true, `${FILES.privateKey} absent: a key will be generated`]);
      }
      for (const [ok, text] of checks)
        io.out.write(`${ok === true ? "✓" : ok === "warn" ? "!" : "✗"} ${text}\n`);
      if (checks.some(([ok]) => ok === false)) process.exitCode = 1;
    },
  });

  const env = defineCommand({
    meta: { name: "env", description: "Print the public variables for a frontend or shell (no secrets)." },
    args: {
      ...configArgs,
      shell: { type: "boolean", description: "Print `export NAME='value'` lines for eval." },
    },
    run({ args }) {
      const u = configFrom(args, io).publicUrls;
      const vars: Array<[string, string]> = [
        ["VITE_CONVEX_URL", u.apiUrl],
        ["CONVEX_SELF_HOSTED_URL", u.apiUrl],
        ["CONVEX_CLOUD_ORIGIN", u.apiUrl],
        ["CONVEX_SITE_ORIGIN", u.siteUrl],
      ];
      for (const [k, v] of vars) io.out.write(`${args.shell ? "export " : ""}${renderEnvEntry(k, v)}\n`);
    },
  });

  const keys = defineCommand({
    meta: { name: "keys", description: "Print the JWKS (public) of the app's jwt_private_key.pem." },
    args: { ...locateArgs },
    async run({ args }) {
      const w = locate(
        { workingDirectory: (args["working-directory"] as string | undefined) ?? "." },
        io.cwd,
      );
      const pem = await createFileStore().read(join(w.dir, FILES.privateKey));
      if (pem === undefined)
        throw new SetupError(
          `No ${FILES.privateKey} in ${w.dir}.`,
          "Run `setup-coder-convex up` first: it generates one.",
        );
      io.out.write(`${deriveJwtKeyPair(pem, join(w.dir, FILES.privateKey)).jwks}\n`);
    },
  });

  return defineCommand({
    meta: {
      name: "setup-coder-convex",
      version: VERSION,
      description: "A self-hosted Convex backend for this app, in one step (Coder-aware).",
    },
    subCommands: { up, down, status, logs, doctor, env, keys },
  });
}

/** Runs the CLI; returns the exit code. Errors are printed as messages, with the stack under --verbose. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const cli = buildCli(io);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
    await showUsage(cli);
    return argv.length === 0 ? 1 : 0;
  }
  if (argv[0] === "--version") {
    io.out.write(`${VERSION}\n`);
    return 0;
  }
  const sub = argv[0];
  if (argv.includes("--help") || argv.includes("-h")) {
    const cmds = (cli.subCommands ?? {}) as Record<string, Parameters<typeof showUsage>[0]>;
    if (sub && cmds[sub]) await showUsage(cmds[sub], cli);
    return 0;
  }
  process.exitCode = 0;
  try {
    await runCommand(cli, { rawArgs: argv });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    const verbose = argv.includes("--verbose");
    const text =
      error instanceof SetupError
        ? error.message
        : verbose && error instanceof Error
          ? (error.stack ?? error.message)
          : String((error as Error)?.message ?? error);
    io.err.write(`✗ ${text}\n`);
    return 1;
  }
}
