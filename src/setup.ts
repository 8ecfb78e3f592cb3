/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors.
 */
import { basename, join, resolve } from "node:path";
import type { ConvexAdmin } from "./adapters/convex-admin.js";
import type { ConvexCli } from "./adapters/convex-cli.js";
import type { ComposeTarget, Docker } from "./adapters/docker.js";
import type { FileStore } from "./adapters/files.js";
import type { Postgres, PreflightResult } from "./adapters/postgres.js";
import { type Clock, type Logger, maskAll } from "./adapters/runtime.js";
import {
  decodeAdminKey,
  deriveAdminKey,
  generateInstanceSecret,
  isInstanceSecret,
  parseAdminKeyOutput,
} from "./core/admin-key.js";
import {
  deriveJwtKeyPair,
  generateJwtKey,
  type JwtKeyPair,
  renderJwtPrivateKeyValue,
} from "./core/auth-keys.js";
import {
  BACKEND_SERVICE,
  DEFAULT_BACKEND_IMAGE,
  DEFAULT_DASHBOARD_IMAGE,
  deriveOriginForwards,
  deriveProjectName,
  renderCompose,
} from "./core/compose.js";
import type { Config } from "./core/config.js";
import {
  buildDeploymentChanges,
  type EnvChange,
  managedDeploymentFileEntries,
} from "./core/deployment-env.js";
import { envValues, mergeEnvFile, parseEnvFile, splitUserSection } from "./core/env-file.js";
import { SetupError } from "./core/errors.js";
import { mergeGitignore } from "./core/gitignore.js";
import { planContainerDatabaseUrl } from "./core/postgres-url.js";
import { CONFLICTING_CLI_VARS } from "./core/project.js";

export const FILES = {
  backendEnv: ".env.convex.local",
  deploymentEnv: ".env.convex.deployment",
  frontendEnv: ".env.local",
  privateKey: "jwt_private_key.pem",
  compose: "docker-compose.convex.yml",
  gitignore: ".gitignore",
} as const;

export const USER_MARKER =
  "# ---- user variables: setup-coder-convex never changes anything below this line ----";
const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;

export interface SetupDeps {
  docker: Docker;
  files: FileStore;
  convexCli: ConvexCli;
  /** Absent: the Postgres preflight is skipped. */
  postgres?: Postgres;
  admin: (baseUrl: string) => ConvexAdmin;
  logger: Logger;
  clock: Clock;
  /** The environment of this process (for the child processes and the convex CLI). */
  env: Readonly<Record<string, string | undefined>>;
  /** Base for a relative working-directory. */
  cwd: string;
  /** Makes the images present (pull, or restore from a cache). Default: docker pull each. */
  ensureImages?: (images: readonly string[], signal: AbortSignal) => Promise<void>;
}

export type Origin = "input" | "reused" | "generated";

export interface SetupResult {
  apiUrl: string;
  siteUrl: string;
  dashboardUrl: string;
  urlSource: string;
  adminKey: string;
  adminKeySource: "computed" | "container";
  instanceName: string;
  postgresDatabase: string | undefined;
  postgres: PreflightResult | undefined;
  workingDirectory: string;
  envFile: string;
  composeFile: string;
  composeProject: string;
  deployed: boolean;
  origins: { instanceSecret: Origin; jwtKey: Origin };
  /** Deployment variables set (names only). */
  deploymentVariables: string[];
  /** Milliseconds per phase, in order. */
  timings: Array<[string, number]>;
  warnings: string[];
}

/** What the post step / `down` needs to find the containers again. */
export interface TeardownState {
  workingDirectory: string;
  composeFile: string;
  composeProject: string;
}

export interface TeardownOptions {
  /** Print the backend's logs first (the job failed, or asked for). */
  dumpLogs: boolean;
  /** Remove the data volume too. */
  volumes: boolean;
}

/** Paths and the compose target for a working directory. */
export function locate(config: Pick<Config, "workingDirectory" | "projectName">, cwd: string) {
  const dir = resolve(cwd, config.workingDirectory);
  const path = (name: keyof typeof FILES) => join(dir, FILES[name]);
  const target: ComposeTarget = {
    file: path("compose"),
    project: config.projectName ?? deriveProjectName(basename(dir)),
    cwd: dir,
  };
  return { dir, path, target };
}

/**
 * Finds an app that was set up before: the compose file's own `name:` is the project, unless one
 * is given. Undefined when there is no compose file.
 */
export async function locateExisting(
  options: { workingDirectory: string; projectName?: string },
  cwd: string,
  files: Pick<FileStore, "read">,
): Promise<TeardownState | undefined> {
  const where = locate(options, cwd);
  const text = await files.read(where.target.file);
  if (text === undefined) return undefined;
  const named = /^name:\s*["']?([a-z0-9][a-z0-9_-]*)["']?\s*$/m.exec(text)?.[1];
  return {
    workingDirectory: where.dir,
    composeFile: where.target.file,
    composeProject: options.projectName ?? named ?? where.target.project,
  };
}

export async function setup(config: Config, deps: SetupDeps): Promise<SetupResult> {
  const { logger, clock, files, docker } = deps;
  const timings: Array<[string, number]> = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    logger.warn(message);
  };
  const phase = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    const start = clock.now();
    try {
      return await logger.group(title, fn);
    } finally {
      timings.push([title, Math.round(clock.now() - start)]);
    }
  };
  const { dir, path, target } = locate(config, deps.cwd);
  if (!(await files.isDirectory(dir))) {
    throw new SetupError(
      `working-directory: ${dir} does not exist or is not a folder.`,
      "Point it at the Convex app's folder (the one with package.json).",
    );
  }
  const urls = config.publicUrls;
  const backendImage = config.images.backend ?? DEFAULT_BACKEND_IMAGE;
  const dashboardImage = config.images.dashboard ?? DEFAULT_DASHBOARD_IMAGE;
  const originForwards = deriveOriginForwards(urls.apiUrl, urls.siteUrl);
  const images = [backendImage, ...(config.dashboard ? [dashboardImage] : [])];
  if (config.database) maskAll(logger, config.database.password);

  // The pull starts first and runs in the background while docker, keys, Postgres and files
  // are checked and prepared; a failure there stops it.
  const pullAbort = new AbortController();
  const pullStart = clock.now();
  const pulling = (deps.ensureImages ?? defaultEnsureImages(docker, warn))(images, pullAbort.signal).then(
    () => ({ ok: true as const, ms: Math.round(clock.now() - pullStart) }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const prepare = async () => {
    await phase("Check docker", async () => {
      logger.info(`docker compose ${await docker.checkCompose()}`);
    });
    // The project's own convex CLI must be there before anything starts.
    const project = config.deploy ? await deps.convexCli.locate(dir) : undefined;
    const keys = await phase("Keys", () => resolveKeys(config, files, path, logger));

    // Deployment variables are validated now, before any container starts.
    const deploymentEnvText = await files.read(path("deploymentEnv"));
    const deployment = buildDeploymentChanges({
      privateKeyValue: renderJwtPrivateKeyValue(keys.jwt.privateKeyPem),
      jwks: keys.jwt.jwks,
      siteUrl: urls.siteUrl,
      envVars: config.envVars,
      userVars: Object.entries(
        envValues(deploymentEnvText ? splitUserSection(deploymentEnvText, USER_MARKER).user : []),
      ),
      userSource: `${FILES.deploymentEnv} (user section)`,
    });
    if (deployment.problems.length > 0) {
      throw new SetupError(
        `Deployment environment variables are invalid:\n  - ${deployment.problems.join("\n  - ")}`,
        "Nothing was started. Fix them and rerun.",
      );
    }
    if (deployment.skipped.length > 0) {
      warn(`Not set (empty value): ${deployment.skipped.join(", ")}. Give a value, or remove the line.`);
    }
    const changes: EnvChange[] = deployment.changes.map(({ name, value }) => ({ name, value }));

    const preflight = await phase("Postgres", async () => {
      const db = config.database;
      if (!db) {
        logger.info(
          "No Postgres URL (postgres-url, DATABASE_URL, POSTGRES_URI, POSTGRES_URL): the backend uses its embedded SQLite.",
        );
        return undefined;
      }
      if (db.droppedParams.length > 0) {
        warn(
          `Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's Postgres client refuses options it does not know (your ${db.source} itself is unchanged).`,
        );
      }
      if (db.removedDatabase) {
        logger.info(
          `Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`,
        );
      }
      if (!config.postgres.preflight || !deps.postgres) {
        logger.info("Preflight skipped (postgres-preflight: false).");
        return undefined;
      }
      const result = await deps.postgres.preflight(db, { createDatabase: config.postgres.createDatabase });
      logger.info(
        `Postgres ${result.serverVersion} at ${db.host}:${db.port}: database "${result.database}" ${result.created ? "created" : "exists"}${result.ssl ? " (TLS)" : ""}.`,
      );
      return result;
    });
    const containerDb = config.database ? planContainerDatabaseUrl(config.database) : undefined;
    if (containerDb?.note) warn(containerDb.note);
    if (containerDb) maskAll(logger, containerDb.url);

    await phase("Write files", async () => {
      const backendEnv = mergeEnvFile(
        keys.backendEnvText,
        [
          ["INSTANCE_SECRET", keys.instanceSecret],
          ["POSTGRES_URL", containerDb?.url],
        ],
        {
          header: [
            "# The backend's secrets, read by docker-compose.convex.yml (env_file). Written by setup-coder-convex.",
            "# Other variables you add here (RUST_LOG, S3 settings, ...) are passed to the backend and kept.",
          ],
          file: FILES.backendEnv,
        },
      );
      await files.write(path("backendEnv"), backendEnv.text, SECRET_MODE);
      target.envFileKeys = Object.keys(envValues(parseEnvFile(backendEnv.text)));
      const deploymentEnv = mergeEnvFile(
        deploymentEnvText,
        managedDeploymentFileEntries({ siteUrl: urls.siteUrl, jwks: keys.jwt.jwks }),
        {
          header: [
            "# Deployment environment variables of the self-hosted backend (set through its admin API before",
            `# every deploy). JWT_PRIVATE_KEY comes from ${FILES.privateKey}. Add your own below the last line.`,
          ],
          userMarker: USER_MARKER,
          file: FILES.deploymentEnv,
        },
      );
      await files.write(path("deploymentEnv"), deploymentEnv.text, SECRET_MODE);
      if (!keys.pemExisted) await files.write(path("privateKey"), keys.jwt.privateKeyPem, SECRET_MODE);
      const compose = renderCompose({
        projectName: target.project,
        backendImage,
        dashboardImage,
        dashboard: config.dashboard,
        ports: config.ports,
        instanceName: config.instanceName,
        cloudOrigin: urls.apiUrl,
        siteOrigin: urls.siteUrl,
        dashboardDeploymentUrl: urls.apiUrl,
        envFile: `./${FILES.backendEnv}`,
        doNotRequireSsl: config.database?.doNotRequireSsl ?? false,
        originForwards,
        extraHosts: containerDb?.extraHosts ?? [],
      });
      await files.write(path("compose"), compose, PUBLIC_MODE);
      const gitignore = mergeGitignore(await files.read(path("gitignore")), [
        FILES.backendEnv,
        FILES.deploymentEnv,
        FILES.frontendEnv,
        FILES.privateKey,
      ]);
      if (gitignore.added.length > 0) await files.write(path("gitignore"), gitignore.text, PUBLIC_MODE);
      for (const [file, r] of [
        [FILES.backendEnv, backendEnv],
        [FILES.deploymentEnv, deploymentEnv],
      ] as const) {
        if (r.updated.length) logger.info(`${file}: updated ${r.updated.join(", ")}`);
      }
      logger.info(
        `Wrote ${Object.values(FILES).join(", ")} in ${dir}${originForwards.length ? " (with an origin forwarder for the non-default ports)" : ""}.`,
      );
    });
    return { keys, changes, preflight, project };
  };
  const { keys, changes, preflight, project } = await prepare().catch((error: unknown) => {
    pullAbort.abort(); // nothing will use the images now
    throw error;
  });

  await phase("Start containers", async () => {
    const waitStart = clock.now();
    const pulled = await pulling;
    if (!pulled.ok) throw pulled.error;
    const hidden = Math.max(0, pulled.ms - Math.round(clock.now() - waitStart));
    logger.info(
      `Images ready: ${images.join(", ")} (the pull took ${pulled.ms} ms, ${hidden} ms of it behind the steps above).`,
    );
    try {
      await docker.up(target);
    } catch (error) {
      // e.g. "dependency failed to start: container … is unhealthy": the logs say why.
      await dumpLogs(deps, target, "docker compose up failed");
      throw error;
    }
  });

  /** The API as seen from this host: the admin API and the CLI use it (no proxy, no login). */
  const localApi = `http://127.0.0.1:${config.ports.api}`;
  const admin = deps.admin(localApi);
  await phase("Wait for the backend", () => waitForBackend(admin, target, config.waitTimeoutMs, deps));

  const adminKey = await phase("Admin key", async () => {
    if (await admin.checkAdminKey(keys.adminKey)) {
      logger.info("Computed the admin key from the instance secret; the backend accepted it.");
      return { key: keys.adminKey, source: "computed" as const };
    }
    logger.info("The backend refused the computed admin key; asking the container's generate_admin_key.sh.");
    const result = await docker.exec(target, BACKEND_SERVICE, ["./generate_admin_key.sh"]);
    const key = parseAdminKeyOutput(result.stdout) ?? parseAdminKeyOutput(result.stderr);
    if (key) maskAll(logger, key);
    if (!key || !(await admin.checkAdminKey(key))) {
      throw new SetupError(
        "No working admin key: the backend refused the key computed from INSTANCE_SECRET, and generate_admin_key.sh gave none it accepts.",
        `Is another backend answering on port ${config.ports.api}? Check \`docker ps\`, or choose other ports and a distinct project-name.`,
      );
    }
    try {
      decodeAdminKey(key, keys.instanceSecret);
    } catch {
      warn(
        "The container's admin key was not made with INSTANCE_SECRET from .env.convex.local: the backend runs with another secret.",
      );
    }
    return { key, source: "container" as const };
  });

  await phase("Deployment environment", async () => {
    await admin.updateEnvironmentVariables(adminKey.key, changes);
    logger.info(
      `Set ${changes.length} deployment variables in one transaction: ${changes.map((c) => c.name).join(", ")}`,
    );
    const frontendText = await files.read(path("frontendEnv"));
    const frontendValues = frontendText ? envValues(parseEnvFile(frontendText)) : {};
    for (const name of CONFLICTING_CLI_VARS) {
      if (frontendValues[name])
        warn(
          `${FILES.frontendEnv} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`,
        );
    }
    const frontend = mergeEnvFile(frontendText, [
      ["VITE_CONVEX_URL", urls.apiUrl],
      // The convex CLI runs on this host: the local URL needs no Coder sharing or login.
      ["CONVEX_SELF_HOSTED_URL", localApi],
      ["CONVEX_SELF_HOSTED_ADMIN_KEY", adminKey.key],
    ]);
    await files.write(path("frontendEnv"), frontend.text, SECRET_MODE);
    if (frontend.updated.length) {
      // A value that differed (another deployment, or other ports): said out loud, never silently.
      warn(
        `${FILES.frontendEnv}: replaced ${frontend.updated.join(", ")} with this backend's values; keep values for other deployments in another file (e.g. .env.production).`,
      );
    }
  });

  let deployed = false;
  if (project) {
    await phase("Deploy functions", async () => {
      logger.info(
        `convex ${project.convexVersion} via ${project.packageManager}: convex deploy ${config.deployArgs.join(" ")}`.trim(),
      );
      const lines = lineSplitter((line) => logger.info(line));
      await deps.convexCli
        .deploy(dir, project, {
          url: localApi,
          adminKey: adminKey.key,
          args: config.deployArgs,
          env: deps.env,
          onOutput: lines.push,
        })
        .finally(lines.flush);
      deployed = true;
    });
  }

  return {
    apiUrl: urls.apiUrl,
    siteUrl: urls.siteUrl,
    dashboardUrl: urls.dashboardUrl,
    urlSource: urls.source,
    adminKey: adminKey.key,
    adminKeySource: adminKey.source,
    instanceName: config.instanceName,
    postgresDatabase: config.database?.name,
    postgres: preflight,
    workingDirectory: dir,
    envFile: path("backendEnv"),
    composeFile: target.file,
    composeProject: target.project,
    deployed,
    origins: { instanceSecret: keys.secretOrigin, jwtKey: keys.jwtOrigin },
    deploymentVariables: changes.map((c) => c.name),
    timings,
    warnings,
  };
}

type PathOf = (name: keyof typeof FILES) => string;

function isAdminKeyFor(key: string, instanceSecret: string, instanceName: string): boolean {
  try {
    decodeAdminKey(key, instanceSecret, instanceName);
    return true;
  } catch {
    return false;
  }
}

/** Turns output chunks into whole lines (a chunk may end mid-line). */
function lineSplitter(onLine: (line: string) => void) {
  let rest = "";
  return {
    push: (chunk: string) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) onLine(line);
    },
    flush: () => {
      if (rest.trim()) onLine(rest);
      rest = "";
    },
  };
}

function defaultEnsureImages(docker: Docker, warn: (message: string) => void) {
  return async (images: readonly string[], signal: AbortSignal) => {
    for (const w of await Promise.all(images.map((image) => docker.pull(image, signal)))) if (w) warn(w);
  };
}

/** Reuses or creates the instance secret and the JWT key; never replaces one silently. */
async function resolveKeys(config: Config, files: FileStore, path: PathOf, logger: Logger) {
  const backendEnvText = await files.read(path("backendEnv"));
  const existing = backendEnvText === undefined ? {} : envValues(parseEnvFile(backendEnvText));
  let instanceSecret: string;
  let secretOrigin: Origin;
  const existingSecret = existing.INSTANCE_SECRET?.toLowerCase();
  if (config.instanceSecret) {
    if (existingSecret && existingSecret !== config.instanceSecret) {
      throw new SetupError(
        `instance-secret differs from INSTANCE_SECRET in ${path("backendEnv")}; refusing to replace it (keys made with it would stop working).`,
        `Remove the instance-secret input to keep the existing secret, or delete the INSTANCE_SECRET line from ${FILES.backendEnv} to switch.`,
      );
    }
    instanceSecret = config.instanceSecret;
    secretOrigin = "input";
  } else if (existingSecret) {
    if (!isInstanceSecret(existingSecret)) {
      throw new SetupError(
        `${path("backendEnv")}: INSTANCE_SECRET is not 64 hex characters.`,
        "Fix the line, or delete it to have a new secret generated.",
      );
    }
    instanceSecret = existingSecret;
    secretOrigin = "reused";
  } else {
    instanceSecret = generateInstanceSecret();
    secretOrigin = "generated";
  }
  maskAll(logger, instanceSecret);

  const pemText = await files.read(path("privateKey"));
  let jwt: JwtKeyPair;
  let jwtOrigin: Origin;
  if (pemText !== undefined) {
    const onDisk = deriveJwtKeyPair(pemText, path("privateKey"));
    if (config.jwtKeyPair && config.jwtKeyPair.privateKeyPem !== onDisk.privateKeyPem) {
      throw new SetupError(
        `jwt-private-key differs from the key in ${path("privateKey")}; refusing to replace it (signed-in users would be logged out).`,
        `Remove the jwt-private-key input to keep the existing key, or delete ${FILES.privateKey} to switch.`,
      );
    }
    jwt = onDisk;
    jwtOrigin = config.jwtKeyPair ? "input" : "reused";
  } else if (config.jwtKeyPair) {
    jwt = config.jwtKeyPair;
    jwtOrigin = "input";
  } else {
    jwt = await generateJwtKey();
    jwtOrigin = "generated";
  }
  maskAll(logger, jwt.privateKeyPem);
  maskAll(logger, renderJwtPrivateKeyValue(jwt.privateKeyPem));
  // Admin keys never expire: the one already in .env.local is kept when it belongs to this name
  // and secret, so reruns change nothing there; otherwise a new one is computed.
  const previousKey = envValues(
    parseEnvFile((await files.read(path("frontendEnv"))) ?? ""),
  ).CONVEX_SELF_HOSTED_ADMIN_KEY;
  const adminKey =
    previousKey && isAdminKeyFor(previousKey, instanceSecret, config.instanceName)
      ? previousKey
      : deriveAdminKey({ instanceName: config.instanceName, instanceSecret });
  maskAll(logger, adminKey);
  logger.info(`instance secret: ${secretOrigin}; JWT key: ${jwtOrigin}`);
  return {
    instanceSecret,
    secretOrigin,
    jwt,
    jwtOrigin,
    adminKey,
    pemExisted: pemText !== undefined,
    backendEnvText,
  };
}

/** Polls GET /version (every 100 ms, doubling up to 500 ms); fails fast when the container stops; dumps logs on failure. */
async function waitForBackend(
  admin: ConvexAdmin,
  target: ComposeTarget,
  timeoutMs: number,
  deps: Pick<SetupDeps, "docker" | "logger" | "clock">,
): Promise<void> {
  const { clock, docker } = deps;
  const deadline = clock.now() + timeoutMs;
  let delay = 100;
  let nextStateCheck = clock.now() + 500;
  for (;;) {
    if (await admin.isUp()) return;
    if (clock.now() >= nextStateCheck) {
      nextStateCheck = clock.now() + 2000;
      const state = (await docker.ps(target).catch(() => [])).find((s) => s.service === BACKEND_SERVICE);
      if (state && (state.state === "exited" || state.state === "dead")) {
        await dumpLogs(deps, target, "the backend container stopped");
        throw new SetupError(
          `The backend container ${state.state}${state.exitCode !== undefined ? ` with code ${state.exitCode}` : ""} before answering GET /version.`,
          "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.",
        );
      }
    }
    if (clock.now() >= deadline) {
      await dumpLogs(deps, target, "the backend did not become healthy");
      throw new SetupError(
        `The backend did not answer GET ${admin.baseUrl}/version within ${timeoutMs / 1000} s.`,
        "Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise wait-timeout.",
      );
    }
    await clock.sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
}

/**
 * Prints the last 200 lines of the containers' logs. Inside a phase (already a log group, and
 * groups do not nest on GitHub) they are framed by header lines; elsewhere they get a group.
 */
async function dumpLogs(
  deps: Pick<SetupDeps, "docker" | "logger">,
  target: ComposeTarget,
  why: string,
  options: { grouped: boolean } = { grouped: false },
): Promise<void> {
  const logs = await deps.docker
    .logs(target, 200)
    .catch((e: Error) => `(could not read the logs: ${e.message})`);
  const print = async () => deps.logger.info(logs.trimEnd() || "(no output)");
  if (options.grouped) await deps.logger.group(`Backend logs (${why})`, print);
  else {
    deps.logger.info(`---- backend logs (${why}) ----`);
    await print();
    deps.logger.info("---- end of backend logs ----");
  }
}

/** Prints logs if asked, then stops and removes the containers (and the volume if asked). */
export async function teardown(
  state: TeardownState,
  options: TeardownOptions,
  deps: Pick<SetupDeps, "docker" | "logger">,
): Promise<void> {
  const target: ComposeTarget = {
    file: state.composeFile,
    project: state.composeProject,
    cwd: state.workingDirectory,
  };
  if (options.dumpLogs) await dumpLogs(deps, target, "requested", { grouped: true });
  await deps.docker.down(target, options.volumes);
  deps.logger.info(
    `Stopped ${state.composeProject}${options.volumes ? " and removed its data volume" : ""}.`,
  );
}
