/**
 * target compose: the backend (and the dashboard) as a docker compose project started on this
 * host. The keys live in the working directory's env files (mode 0600); the images are pulled in
 * the background while the run prepares; the admin key falls back to the container's script.
 */
import { type Docker, dockerArgs, PROJECT_LABEL } from "../adapters/docker.js";
import type { FileStore } from "../adapters/files.js";
import { isPortFree } from "../adapters/ports.js";
import type { Logger } from "../adapters/runtime.js";
import { deriveHostApiUrl } from "../core/client-env.js";
import {
  BACKEND_SERVICE,
  DEFAULT_BACKEND_IMAGE,
  DEFAULT_DASHBOARD_IMAGE,
  deriveDroppedEnv,
} from "../core/compose.js";
import type { Config, ConfigOf } from "../core/config.js";
import { envValues, parseEnvFile } from "../core/env-file.js";
import { SetupError } from "../core/errors.js";
import {
  type ComposeFacts,
  type ComposeTarget,
  composeTargetOf,
  FILES,
  type Layout,
  locate,
  PUBLIC_MODE,
  parseComposeFacts,
  type TeardownState,
  teardownStateOf,
} from "../core/layout.js";
import { option, options } from "../core/naming.js";
import {
  DOCKER_PREVIEW_LABELS,
  type DockerPreviewLabels,
  earliestTime,
  readDockerPreview,
} from "../core/preview.js";
import { deriveTargetPlan } from "../core/target-plan.js";
import { readComposeImages, rewriteComposeImages } from "../core/upgrade.js";
import { DEFAULT_PORTS } from "../core/urls.js";
import { findSetup, requireSetup } from "../find-setup.js";
import { confirmAdminKey } from "../phases/admin-key.js";
import { runChecks, stopOnFailures, type TargetCheck } from "../phases/checks.js";
import { pullAll } from "../phases/images.js";
import { resolveKeys } from "../phases/keys.js";
import { findRepositoryRoot } from "../phases/repository.js";
import { type BackendView, printLogs, startContainers, waitForBackend } from "../phases/start.js";
import type {
  FindDeps,
  ImageSwitch,
  Instance,
  InstanceQuery,
  PreviewInstance,
  PreviewList,
  ReachDeps,
  Target,
  TargetDeps,
} from "./types.js";

/** The backend's images as configured (the pinned release by default). */
export function backendImages(config: Pick<Config, "images">): { backend: string; dashboard: string } {
  return {
    backend: config.images.backend ?? DEFAULT_BACKEND_IMAGE,
    dashboard: config.images.dashboard ?? DEFAULT_DASHBOARD_IMAGE,
  };
}

/** A compose project's containers, as the wait and `status` see them. */
export function composeView(docker: Pick<Docker, "ps" | "logs">, target: ComposeTarget): BackendView {
  return {
    states: () => docker.ps(target),
    logs: (tail) => docker.logs(target, tail),
    advice: {
      stopped: (s) => ({
        message: `The backend container ${s.state}${s.exitCode !== undefined ? ` with code ${s.exitCode}` : ""} before answering GET /version.`,
        hint: "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.",
      }),
      timeout: `Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise ${option("wait-timeout")}.`,
    },
  };
}

/** A compose project found again (the post step's state, `down`, `status`, `logs`). */
export function composeInstance(
  state: TeardownState,
  deps: { docker: Pick<Docker, "ps" | "logs" | "down" | "volumes">; logger: Logger },
  /** What its compose file says (ports, origins), when it was read. */
  facts?: ComposeFacts,
): Instance {
  const target = composeTargetOf(state);
  const project = target.project;
  return {
    ...composeView(deps.docker, target),
    ref: state,
    name: project,
    hostApiUrl: deriveHostApiUrl(facts?.apiPort ?? DEFAULT_PORTS.api),
    publicUrls:
      facts?.cloudOrigin && facts.siteOrigin ? { api: facts.cloudOrigin, site: facts.siteOrigin } : undefined,
    async report() {
      const services = await deps.docker.ps(target);
      return {
        heading: `Project ${project} (${target.file})`,
        lines: services.length
          ? services.map((s) => `  ${s.service.padEnd(18)} ${s.state}`)
          : ["  no containers"],
        running: services.some((s) => s.service === BACKEND_SERVICE && s.state === "running"),
        json: { project, composeFile: target.file, services },
      };
    },
    logsCommand: (tail, follow) => ({
      program: "docker",
      args: [...dockerArgs.logs(target, tail), ...(follow ? ["--follow"] : [])],
      cwd: target.cwd,
    }),
    // By the project's name: no compose file is read (it may be gone, or not ours any more).
    async remove(options) {
      if (options.dumpLogs)
        await printLogs(deps.logger, () => deps.docker.logs(target, 200), "requested", { grouped: true });
      // Read first: `down` on a project with no containers succeeds and says nothing.
      const [containers, volumes] = await Promise.all([deps.docker.ps(target), deps.docker.volumes(project)]);
      await deps.docker.down(target, options.volumes);
      if (containers.length === 0 && volumes.length === 0) {
        deps.logger.warn(
          `Nothing to remove: no container and no volume of compose project ${project} on this host.${options.unmatchedHint ? ` ${options.unmatchedHint}` : ""}`,
        );
        return;
      }
      const kept =
        volumes.length > 0 && !options.volumes ? ` Its data volume ${volumes.join(", ")} is kept.` : "";
      const removed = volumes.length > 0 && options.volumes;
      deps.logger.info(
        containers.length === 0
          ? `Nothing was running: project ${project} has no containers.${removed ? " Removed its data volume." : kept}`
          : `Stopped ${project}${removed ? " and removed its data volume" : ""}.${kept}`,
      );
    },
  };
}

/** Ports taken on this host by something else than this app's own containers. */
function portsCheck(
  config: Config,
  deps: { docker: Pick<Docker, "ps">; portFree?: ((port: number) => Promise<boolean>) | undefined },
  target: ComposeTarget,
): TargetCheck {
  return {
    name: "ports",
    up: "preflight",
    async run() {
      const ports = [
        config.ports.api,
        config.ports.site,
        ...(config.dashboard ? [config.ports.dashboard] : []),
      ];
      const free = deps.portFree ?? isPortFree;
      const taken: number[] = [];
      for (const port of ports) if (!(await free(port))) taken.push(port);
      if (taken.length === 0) return { status: "pass", message: `Ports ${ports.join(", ")} are free` };
      const own = (await deps.docker.ps(target).catch(() => [])).some((s) => s.state === "running");
      if (own)
        return {
          status: "pass",
          message: `Ports ${taken.join(", ")} are held by this app's own containers (${target.project})`,
        };
      const several = taken.length > 1;
      const error = new SetupError(
        `Port${several ? "s" : ""} ${taken.join(", ")} on this host ${several ? "are" : "is"} in use by something else. Nothing was started.`,
        `Stop it (another Convex backend? \`docker ps\`), or choose other ports with ${options("api-port", "site-port", "dashboard-port")} and a distinct ${option("project-name")}.`,
      );
      return { status: "fail", message: error.message, error };
    },
  };
}

/** docker compose and the engine behind it (up needs both). */
function dockerChecks(docker: Pick<Docker, "checkCompose" | "checkEngine">): TargetCheck[] {
  return [
    {
      name: "docker compose",
      up: "preflight",
      run: async () => ({ status: "pass", message: `docker compose ${await docker.checkCompose()}` }),
    },
    {
      name: "docker engine",
      up: "preflight",
      run: async () => ({ status: "pass", message: `Docker engine ${await docker.checkEngine()} answers` }),
    },
  ];
}

/**
 * What `down` says when nothing matched: the project name it looked for and where that name came
 * from; a compose file left in the working directory is only mentioned, never acted on (the
 * checkout may have written it).
 */
async function unmatchedHint(config: Config, layout: Layout, deps: TargetDeps): Promise<string> {
  const project = layout.target.project;
  const how = config.projectName
    ? "the project-name input"
    : `convex-<folder> for working-directory ${layout.dir}, as up names it without project-name`;
  const hint = `It was looked for as ${project} (${how}): give the project-name up was given.`;
  const other = await composeFileProject(layout.path("compose"), layout.dir, deps);
  return other && other !== project
    ? `${hint} ${layout.path("compose")} names project ${other}: if that is this app's, give project-name ${other}.`
    : hint;
}

/** The `name:` of a compose file in the working directory (read inside the repository), if any. */
async function composeFileProject(file: string, dir: string, deps: TargetDeps): Promise<string | undefined> {
  try {
    const root = await findRepositoryRoot(dir, deps);
    const text = await deps.files.within(root).read(file);
    return text === undefined ? undefined : parseComposeFacts(text).project;
  } catch {
    return undefined; // a link out, not YAML: nothing to mention
  }
}

/** command upgrade on compose: the image lines of the compose file `up` wrote, then `docker compose up`. */
function composeImageSwitch(deps: TargetDeps, layout: Layout, target: ComposeTarget): ImageSwitch {
  const read = async (files: FileStore) => {
    const text = await files.read(target.file);
    if (text === undefined)
      throw new SetupError(
        `No ${target.file}: nothing was set up here.`,
        "Run `setup-coder-convex up` first.",
      );
    return text;
  };
  return {
    where: target.file,
    current: async (files) => readComposeImages(await read(files), target.file),
    async prepare(images, warn) {
      const list = [images.backend, ...(images.dashboard ? [images.dashboard] : [])];
      await pullAll(deps.docker, list, new AbortController().signal, warn);
    },
    async change(run, files, images) {
      // Only the image lines change; written atomically (a temporary file, then a rename).
      await files.write(
        target.file,
        rewriteComposeImages(await read(files), target.file, images),
        PUBLIC_MODE,
      );
      run.report.logger.info(
        `Wrote ${target.file}: backend ${images.backend}${images.dashboard ? `, dashboard ${images.dashboard}` : ""}.`,
      );
      // The same environment as up gives compose (the env file's names are not compose's own).
      const envFile = (await files.read(layout.path("backendEnv"))) ?? "";
      const dropEnv = deriveDroppedEnv(Object.keys(envValues(parseEnvFile(envFile))));
      try {
        await deps.docker.up(target, { dropEnv });
      } catch (error) {
        await printLogs(deps.logger, () => deps.docker.logs(target, 200), "docker compose up failed");
        throw error;
      }
    },
  };
}

export function createComposeTarget(config: ConfigOf<"compose">, deps: TargetDeps, layout: Layout): Target {
  const plan = deriveTargetPlan(config);
  const images = backendImages(config);
  const target = layout.target;
  const instance = composeInstance(teardownStateOf(target), deps);
  const imageList = [images.backend, ...(config.dashboard ? [images.dashboard] : [])];
  return {
    kind: "compose",
    hostApiUrl: plan.hostApiUrl,
    hostSiteUrl: plan.hostSiteUrl,
    viaPublicUrls: false,
    runs: true,
    warnings: plan.warnings,
    images: imageList,
    usesDatabase: true,
    backendFiles: "compose",
    instance,
    checks: () => [...dockerChecks(deps.docker), portsCheck(config, deps, target)],
    async preflight(run) {
      await run.phase("Check docker", async () => {
        // The client and the engine at once; the client's problem (no compose plugin) is said first.
        const [tools, ports] = await Promise.all([
          runChecks(dockerChecks(deps.docker), undefined),
          runChecks([portsCheck(config, deps, target)], undefined),
        ]);
        const findings = [...tools, ...ports];
        for (const f of findings)
          if (f.status === "pass") run.report.logger.info(f.message);
          else if (f.status === "warn") run.report.warn(f.message);
        stopOnFailures(findings, "first");
      });
    },
    resolveKeys: (run, files, options) =>
      resolveKeys(run.config, files, run.layout, run.report.logger, options),
    async start(run, prepared) {
      await run.phase("Start containers", () =>
        startContainers(deps, target, prepared.pull, imageList, prepared.written.envFileKeys),
      );
      return undefined;
    },
    wait: (run, admin) => waitForBackend(admin, instance, run.config.waitTimeoutMs, deps),
    confirmAdminKey: (run, admin, keys) =>
      confirmAdminKey(
        admin,
        deps.docker,
        target,
        { key: keys.adminKey, instanceSecret: keys.instanceSecret },
        run.report,
      ),
    async requireRunning(keys, verb) {
      if (keys.secretSource === "generated")
        throw new SetupError(
          `No INSTANCE_SECRET in ${layout.path("backendEnv")}: nothing to ${verb} here.`,
          "Run `up` in this folder first, or give target connect with the backend's convex-url, site-url and admin-key.",
        );
      // Containers that do not run are said at once (the wait would only time out).
      const backend = (await instance.states()).find((s) => s.service === BACKEND_SERVICE);
      if (backend?.state !== "running")
        throw new SetupError(
          `The backend of ${instance.name} is not running (${backend ? backend.state : "no container"}): nothing to ${verb}.`,
          "Start it with `setup-coder-convex up` (its data volume is kept by `down` without --volumes).",
        );
    },
    describe: () => ({
      envFile: layout.path("backendEnv"),
      composeFile: target.file,
      composeProject: target.project,
      namespace: undefined,
      manifestFile: undefined,
    }),
    close: async () => {},
    remove: async (options) =>
      instance.remove({ ...options, unmatchedHint: await unmatchedHint(config, layout, deps) }),
    switchImages: composeImageSwitch(deps, layout, target),
    // Its containers' and its data volume's: the volume's labels must stay as they are, or compose
    // sees it changed and asks to recreate it (docs/previews.md#labels-and-pruning-previews-left-behind).
    async previewCreated() {
      const created = DOCKER_PREVIEW_LABELS.created;
      const [containers, volumes] = await Promise.all([
        deps.docker.labelled(PROJECT_LABEL, target.project, [created]),
        deps.docker.labelledVolumes(PROJECT_LABEL, target.project, [created]),
      ]);
      return earliestTime([...containers.map((r) => r[created]), ...volumes.map((v) => v.labels[created])]);
    },
  };
}

/** The compose project set up in a working directory (its compose file's own `name:` unless one is given). */
export async function findComposeInstance(query: InstanceQuery, deps: FindDeps): Promise<Instance> {
  const found = await requireSetup(
    {
      workingDirectory: query.workingDirectory,
      ...(query.projectName ? { projectName: query.projectName } : {}),
    },
    query.workingDirectory,
    deps.files,
  );
  return composeInstance(found.state, deps, found.facts);
}

/** backup and restore: the configuration of the instance `up` set up in the working directory. */
export async function reachComposeConfig(
  config: ConfigOf<"compose">,
  deps: ReachDeps,
): Promise<ConfigOf<"compose">> {
  const found = deps.git
    ? await findSetup(config, deps.cwd, deps.files, deps.git)
    : await findSetup(config, deps.cwd, deps.files);
  if (!found)
    throw new SetupError(
      `No ${FILES.compose} in ${locate(config, deps.cwd).dir}: nothing was set up here with target compose.`,
      "Run it in the app's folder (working-directory), after `up`; or give target kubernetes (with instance-name and namespace) or connect (with convex-url, site-url and admin-key).",
    );
  const { facts } = found;
  return {
    ...config,
    // The origins up wrote (the backend's CONVEX_CLOUD_ORIGIN and CONVEX_SITE_ORIGIN).
    publicUrls: {
      ...config.publicUrls,
      apiUrl: facts.cloudOrigin ?? config.publicUrls.apiUrl,
      siteUrl: facts.siteOrigin ?? config.publicUrls.siteUrl,
    },
    projectName: found.state.composeProject,
    instanceName: facts.instanceName ?? config.instanceName,
    ports: {
      ...config.ports,
      api: facts.apiPort ?? config.ports.api,
      site: facts.sitePort ?? config.ports.site,
    },
  };
}

/**
 * The compose projects on this host labelled as previews of `query.repository` (prune): asked by
 * that label, and each container's and volume's label compared again exactly. A project with
 * containers is removed as `down` removes it, by its name, its data volume too; a project whose
 * containers are gone (removed by hand, `down` without --volumes, a host that crashed) but whose
 * labelled data volume is left is a preview too, removed by deleting just those volumes.
 */
export async function listComposePreviews(
  _config: ConfigOf<"compose">,
  repository: string,
  deps: FindDeps,
): Promise<PreviewList> {
  return { where: "on this Docker host", previews: await composePreviews(repository, deps) };
}

async function composePreviews(repository: string, deps: FindDeps): Promise<PreviewInstance[]> {
  const L = DOCKER_PREVIEW_LABELS;
  const labels = [L.repository, L.pullRequest, L.created, L.instance];
  const [containers, volumes] = await Promise.all([
    deps.docker.labelled(L.repository, repository, [PROJECT_LABEL, ...labels]),
    deps.docker.labelledVolumes(L.repository, repository, [PROJECT_LABEL, ...labels]),
  ]);
  const byProject = <T>(rows: readonly T[], labelsOf: (row: T) => Record<string, string>) => {
    const projects = new Map<string, Array<{ row: T; preview: DockerPreviewLabels }>>();
    for (const row of rows) {
      const project = labelsOf(row)[PROJECT_LABEL];
      const preview = readDockerPreview(labelsOf(row), repository);
      if (project && preview) projects.set(project, [...(projects.get(project) ?? []), { row, preview }]);
    }
    return projects;
  };
  const found = (project: string, marks: readonly DockerPreviewLabels[], remove: () => Promise<void>) => ({
    name: `compose project ${project}`,
    repository: repository,
    pullRequest: marks[0]!.pullRequest,
    created: earliestTime(marks.map((m) => m.created)),
    instanceName: marks.find((m) => m.instanceName)?.instanceName,
    remove,
  });
  const withContainers = byProject(containers, (row) => row);
  const previews: PreviewInstance[] = [...withContainers].map(([project, rows]) =>
    found(
      project,
      rows.map((r) => r.preview),
      () =>
        composeInstance({ workingDirectory: "", composeFile: "", composeProject: project }, deps).remove({
          dumpLogs: false,
          volumes: true,
        }),
    ),
  );
  for (const [project, rows] of byProject(volumes, (v) => v.labels)) {
    if (withContainers.has(project)) continue;
    // A container of the project that is not labelled as this repository's preview: not ours to judge.
    if ((await deps.docker.ps({ project })).length > 0) continue;
    const names = rows.map((r) => r.row.name);
    previews.push(
      found(
        project,
        rows.map((r) => r.preview),
        async () => {
          await deps.docker.removeVolumes(names);
          deps.logger.info(
            `Removed the data volume ${names.join(", ")} of compose project ${project} (it had no containers left).`,
          );
        },
      ),
    );
  }
  return previews;
}
