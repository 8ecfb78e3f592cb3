export const id = 964;
export const ids = [964];
export const modules = {

/***/ 6585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HT: () => (/* binding */ USER_MARKER),
/* harmony export */   Ps: () => (/* binding */ composeTargetOf),
/* harmony export */   QE: () => (/* binding */ PUBLIC_MODE),
/* harmony export */   cn: () => (/* binding */ FILES),
/* harmony export */   eV: () => (/* binding */ isKubernetesInstance),
/* harmony export */   n8: () => (/* binding */ parseComposeFacts),
/* harmony export */   nj: () => (/* binding */ SECRET_MODE),
/* harmony export */   x5: () => (/* binding */ locate),
/* harmony export */   zi: () => (/* binding */ teardownStateOf)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1591);
/**
 * Where an app's files live: the file names, the user-section marker, the paths and compose
 * target of a working directory, and reading a compose file back. Pure (path arithmetic and
 * parsing only); the orchestrator and the shells read and write through a FileStore.
 */



const FILES = {
    backendEnv: ".env.convex.local",
    deploymentEnv: ".env.convex.deployment",
    frontendEnv: ".env.local",
    privateKey: "jwt_private_key.pem",
    compose: "docker-compose.convex.yml",
    /** target kubernetes, render / render-only: the manifests (with the Secret). */
    manifests: "convex-kubernetes.yaml",
    gitignore: ".gitignore",
};
/** Files holding secrets: written with mode 0600. */
const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;
const USER_MARKER = "# ---- user variables: setup-coder-convex never changes anything below this line ----";
function isKubernetesInstance(ref) {
    return "kind" in ref && ref.kind === "kubernetes";
}
/** Paths and the compose target of a working directory (relative to `cwd`). */
function locate(options, cwd) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(cwd, options.workingDirectory);
    const path = (name) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, FILES[name]);
    return {
        dir,
        path,
        target: {
            file: path("compose"),
            project: options.projectName ?? (0,_compose_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveProjectName */ .Ke)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(dir)),
            cwd: dir,
        },
    };
}
function composeTargetOf(state) {
    return { file: state.composeFile, project: state.composeProject, cwd: state.workingDirectory };
}
function teardownStateOf(target) {
    return { workingDirectory: target.cwd, composeFile: target.file, composeProject: target.project };
}
/** The host port published for a container port, from compose's short or long port syntax. */
function publishedPort(ports, containerPort) {
    if (!Array.isArray(ports))
        return undefined;
    for (const entry of ports) {
        if (typeof entry === "string" || typeof entry === "number") {
            // [ip:]host:container[/proto]; an IPv6 ip is in brackets.
            const m = /^(?:.*:)?(\d+):(\d+)(?:\/\w+)?$/.exec(String(entry));
            if (m && Number(m[2]) === containerPort)
                return Number(m[1]);
        }
        else if (entry && typeof entry === "object") {
            const e = entry;
            if (Number(e.target) === containerPort && e.published !== undefined)
                return Number(e.published);
        }
    }
    return undefined;
}
/**
 * Reads a compose file with the YAML parser. Throws a plain Error on text that is not YAML
 * (callers say which file).
 */
function parseComposeFacts(text) {
    const doc = ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(text) ?? {});
    const backend = doc.services?.backend;
    const env = backend?.environment;
    const envValue = (name) => {
        if (Array.isArray(env)) {
            const line = env.find((l) => typeof l === "string" && l.startsWith(`${name}=`));
            return line?.slice(name.length + 1);
        }
        if (env && typeof env === "object") {
            const v = env[name];
            return v === undefined || v === null ? undefined : String(v);
        }
        return undefined;
    };
    // renderCompose doubles `$` (compose interpolates it); undo that.
    const origin = (name) => envValue(name)?.replaceAll("$$", "$");
    return {
        project: typeof doc.name === "string" ? doc.name : undefined,
        apiPort: publishedPort(backend?.ports, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.api),
        sitePort: publishedPort(backend?.ports, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.site),
        cloudOrigin: origin("CONVEX_CLOUD_ORIGIN"),
        siteOrigin: origin("CONVEX_SITE_ORIGIN"),
    };
}


/***/ }),

/***/ 2110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E0: () => (/* binding */ readStoredKeys),
/* harmony export */   PH: () => (/* binding */ renderValidated),
/* harmony export */   U8: () => (/* binding */ removeKubernetesInstance),
/* harmony export */   ZJ: () => (/* binding */ applyManifests),
/* harmony export */   et: () => (/* binding */ kubernetesBackendView),
/* harmony export */   gj: () => (/* binding */ waitForRollout),
/* harmony export */   gq: () => (/* binding */ forwardPorts),
/* harmony export */   qh: () => (/* binding */ requireKubectl)
/* harmony export */ });
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4215);
/* harmony import */ var _start_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7304);




function requireKubectl(kubectl) {
    if (!kubectl)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3("target kubernetes needs kubectl, which this caller did not provide.");
    return kubectl;
}
/**
 * The instance's Secret as an earlier run left it, after checking that it is ours: made by this
 * tool (its managed-by label) and, when both are known, by the same owner (GITHUB_REPOSITORY).
 * Another repository's preview of the same name, or a foreign Secret, is never taken over.
 */
async function readOwnSecret(kubectl, namespace, instanceName, owner, 
/** refuse: a Secret of that name not made by this tool is an error; ignore: it is not ours. */
foreign = "refuse") {
    const name = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveKubeNames */ .PB)(instanceName).backend;
    const where = `Secret ${name} in namespace ${namespace}`;
    const text = await kubectl.readSecret(namespace, name);
    if (!text)
        return undefined;
    let kept;
    try {
        kept = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .parseInstanceSecret */ .XA)(text);
    }
    catch (error) {
        if (foreign === "ignore")
            return undefined;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${where} could not be read: ${error.message}.`);
    }
    if (!kept.managed && foreign === "ignore")
        return undefined;
    if (!kept.managed)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${where} exists and was not made by setup-coder-convex (no app.kubernetes.io/managed-by=setup-coder-convex label): refusing to take it over.`, "Use another instance-name or namespace.");
    if (owner && kept.owner && kept.owner !== owner)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${where} belongs to ${kept.owner}, not ${owner}: two repositories use the same instance-name in this namespace. Nothing was changed.`, "Give each repository its own namespace, or put the repository's name in instance-name.");
    return kept;
}
/** The keys an earlier run kept in the instance's Secret (none when it or its namespace is missing). */
async function readStoredKeys(kubectl, namespace, instanceName, owner) {
    const name = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveKubeNames */ .PB)(instanceName).backend;
    const kept = await readOwnSecret(kubectl, namespace, instanceName, owner);
    return {
        instanceSecret: kept?.instanceSecret,
        jwtPrivateKeyPem: kept?.jwtPrivateKeyPem,
        where: `Secret ${name} in namespace ${namespace}`,
        reset: `remove the instance first (command: down, or kubectl delete secret ${name} -n ${namespace}) to start afresh`,
    };
}
/** Validates the objects against the schema, then the YAML text that is applied or written. */
async function renderValidated(objects) {
    await (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .validateManifests */ .Tu)(objects);
    return (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .renderManifests */ .hO)(objects);
}
/**
 * Creates the namespace when missing, then `kubectl apply --server-side`; then removes what an
 * earlier run made and this one does not (an Ingress after ingress-host is dropped, the dashboard
 * after dashboard: false), and a crashing backend pod, which the StatefulSet controller would
 * never replace by itself (it waits for a pod to be ready before updating it), so that a rerun
 * with a fixed configuration recovers.
 */
async function applyManifests(kubectl, options, yaml, logger) {
    const { namespace } = options;
    if (await kubectl.ensureNamespace(namespace))
        logger.info(`Created namespace ${namespace}.`);
    for (const line of await kubectl.apply(namespace, yaml))
        logger.info(line);
    const selector = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .instanceSelector */ .P6)(options.instanceName);
    const prune = async (kinds, extra = "") => {
        for (const line of await kubectl.deleteSelected(namespace, kinds, `${selector}${extra}`, true))
            logger.info(`${line} (no longer asked for)`);
    };
    if (!options.ingress)
        await prune(["ingress"]);
    if (!options.dashboard)
        await prune(["deployment", "service"], `,${_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .LABELS */ .kg.component}=dashboard`);
    const backend = `${selector},${_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .LABELS */ .kg.component}=backend`;
    if ((0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePodStates */ .NM)(await kubectl.pods(namespace, backend)).some((p) => p.state === "exited")) {
        await kubectl.deleteSelected(namespace, ["pod"], backend, false);
        logger.info("The backend's pod was crashing: deleted, so that it starts again from what was just applied.");
    }
}
/** The backend's pods and logs, in the shape the wait and the log dump read (docker's). */
function kubernetesBackendView(kubectl, namespace, instanceName) {
    const names = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveKubeNames */ .PB)(instanceName);
    return {
        ps: async () => (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePodStates */ .NM)(await kubectl.pods(namespace, (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .instanceSelector */ .P6)(instanceName))),
        logs: (_target, tail) => kubectl.logs(namespace, `statefulset/${names.backend}`, tail),
    };
}
/** Waits for the StatefulSet (and the dashboard) to roll out; the logs are printed when it fails. */
async function waitForRollout(kubectl, options, logger) {
    const names = (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveKubeNames */ .PB)(options.instanceName);
    try {
        await kubectl.rolloutStatus(options.namespace, `statefulset/${names.backend}`, options.timeoutSeconds);
    }
    catch (error) {
        await (0,_start_js__WEBPACK_IMPORTED_MODULE_3__/* .printLogs */ .n_)(logger, () => kubectl.logs(options.namespace, `statefulset/${names.backend}`, 200), "the rollout did not finish");
        throw error;
    }
    logger.info(`statefulset/${names.backend} is ready.`);
    if (options.dashboard) {
        // The dashboard is not needed for the setup: a slow one is reported, not waited for.
        await kubectl
            .rolloutStatus(options.namespace, `deployment/${names.dashboard}`, 5)
            .then(() => logger.info(`deployment/${names.dashboard} is ready.`))
            .catch(() => logger.info(`deployment/${names.dashboard} is still starting.`));
    }
}
/** Forwards the API and the site proxy to this host's ports for the rest of the run. */
async function forwardPorts(kubectl, options, logger, warn) {
    const service = `service/${(0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveKubeNames */ .PB)(options.instanceName).backend}`;
    const forward = await kubectl.portForward(options.namespace, service, [
        [options.ports.api, _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTAINER_PORTS */ .fm.api],
        [options.ports.site, _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .CONTAINER_PORTS */ .fm.site],
    ], (message) => warn(`kubectl port-forward ${service} ended (${message}): what follows cannot reach the backend. It ends when the pod restarts (kubectl get pods -n ${options.namespace}); rerun the step.`));
    logger.info(`kubectl port-forward ${service}: the API at 127.0.0.1:${options.ports.api}, the site proxy at 127.0.0.1:${options.ports.site} until this run ends.`);
    return forward;
}
/** Deletes every object of the instance (by its labels, nothing else); the PVC too. */
async function removeKubernetesInstance(kubectl, options, logger) {
    // Another owner's instance of the same name is refused. (A foreign Secret carries no label of
    // ours: the label selector below does not match it, so it is simply not ours to look at.)
    await readOwnSecret(kubectl, options.namespace, options.instanceName, options.owner, "ignore");
    const deleted = await kubectl.deleteAll(options.namespace, (0,_core_kubernetes_js__WEBPACK_IMPORTED_MODULE_2__/* .instanceSelector */ .P6)(options.instanceName));
    for (const line of deleted)
        logger.info(line);
    logger.info(deleted.length
        ? `Removed instance ${options.instanceName} from namespace ${options.namespace}.`
        : `Nothing to remove: no objects of instance ${options.instanceName} in namespace ${options.namespace}.`);
    return deleted;
}


/***/ }),

/***/ 7304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F_: () => (/* binding */ stopContainers),
/* harmony export */   fQ: () => (/* binding */ startContainers),
/* harmony export */   nN: () => (/* binding */ waitForBackend),
/* harmony export */   n_: () => (/* binding */ printLogs)
/* harmony export */ });
/* unused harmony exports dumpLogs, READINESS_POLL */
/* harmony import */ var _core_compose_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1591);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


/**
 * Prints the last 200 lines of the containers' logs. Inside a phase (already a log group, and
 * groups do not nest on GitHub) they are framed by header lines; elsewhere they get a group.
 */
async function dumpLogs(deps, target, why, options = { grouped: false }) {
    await printLogs(deps.logger, () => deps.docker.logs(target, 200), why, options);
}
/** Prints logs read by `read` (a compose project's or a pod's), framed or grouped as dumpLogs says. */
async function printLogs(logger, read, why, options = { grouped: false }) {
    const logs = await read().catch((e) => `(could not read the logs: ${e.message})`);
    const print = async () => logger.info(logs.trimEnd() || "(no output)");
    if (options.grouped)
        await logger.group(`Backend logs (${why})`, print);
    else {
        logger.info(`---- backend logs (${why}) ----`);
        await print();
        logger.info("---- end of backend logs ----");
    }
}
/** Waits for the images, then `docker compose up`; the logs are printed when it fails. */
async function startContainers(deps, target, pull, images, envFileKeys) {
    const waitStart = deps.clock.now();
    const pulled = await pull.done;
    if (!pulled.ok)
        throw pulled.error;
    const hidden = Math.max(0, pulled.ms - Math.round(deps.clock.now() - waitStart));
    deps.logger.info(`Images ready: ${images.join(", ")} (the pull took ${pulled.ms} ms, ${hidden} ms of it behind the steps above).`);
    try {
        await deps.docker.up(target, { dropEnv: envFileKeys });
    }
    catch (error) {
        // e.g. "dependency failed to start: container … is unhealthy": the logs say why.
        await dumpLogs(deps, target, "docker compose up failed");
        throw error;
    }
}
/**
 * How GET /version is polled. One request at a time, every 25 ms for the first 10 s: a backend
 * usually answers within seconds, and readiness is then noticed within ~25 ms of it (a refused
 * connection costs well under a millisecond); then backing off, doubling up to every 250 ms. A
 * request that hangs is given up after 1 s. The container's state (`docker compose ps`) is read
 * every 2 s alongside, never between two polls, so that a slow docker never delays the notice.
 */
const READINESS_POLL = {
    intervalMs: 25,
    fastForMs: 10_000,
    maxIntervalMs: 250,
    requestTimeoutMs: 1000,
    firstStateCheckMs: 500,
    stateCheckEveryMs: 2000,
};
/** Polls GET /version (READINESS_POLL); fails fast when the container stops; dumps logs on failure. */
async function waitForBackend(admin, target, timeoutMs, deps) {
    const { clock, docker } = deps;
    const poll = READINESS_POLL;
    const start = clock.now();
    const deadline = start + timeoutMs;
    let delay = poll.intervalMs;
    let nextStateCheck = start + poll.firstStateCheckMs;
    let stateCheck;
    let stopped;
    for (;;) {
        // A signal ends the wait at once (the caller says what was done).
        if (deps.stop?.aborted)
            throw new Error("stopped");
        if (await admin.isUp(poll.requestTimeoutMs))
            return;
        if (stopped) {
            await dumpLogs(deps, target, "the backend container stopped");
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The backend container ${stopped.state}${stopped.exitCode !== undefined ? ` with code ${stopped.exitCode}` : ""} before answering GET /version.`, "Read its logs above. Common causes: Postgres unreachable from the container (the backend exits), a missing database, or a wrong image tag.");
        }
        if (!stateCheck && clock.now() >= nextStateCheck) {
            nextStateCheck = clock.now() + poll.stateCheckEveryMs;
            stateCheck = docker
                .ps(target)
                .then((states) => {
                const state = states.find((s) => s.service === _core_compose_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKEND_SERVICE */ .Lw);
                if (state && (state.state === "exited" || state.state === "dead"))
                    stopped = state;
            }, () => { })
                .finally(() => {
                stateCheck = undefined;
            });
        }
        if (clock.now() >= deadline) {
            await dumpLogs(deps, target, "the backend did not become healthy");
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The backend did not answer GET ${admin.baseUrl}/version within ${timeoutMs / 1000} s.`, "Read its logs above. Check that the port is published on this host (docker ps), that Postgres is reachable from the container, or raise wait-timeout.");
        }
        await clock.sleep(delay);
        if (clock.now() - start >= poll.fastForMs)
            delay = Math.min(delay * 2, poll.maxIntervalMs);
    }
}
/** Prints logs if asked, then stops and removes the containers (and the volume if asked). */
async function stopContainers(deps, target, options) {
    if (options.dumpLogs)
        await dumpLogs(deps, target, "requested", { grouped: true });
    await deps.docker.down(target, options.volumes);
    deps.logger.info(`Stopped ${target.project}${options.volumes ? " and removed its data volume" : ""}.`);
}


/***/ }),

/***/ 4964:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g: () => (/* binding */ removeInstance),
  z: () => (/* binding */ teardown)
});

// EXTERNAL MODULE: ./src/adapters/runtime.ts
var runtime = __webpack_require__(3252);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/kubernetes.ts
var kubernetes = __webpack_require__(4215);
// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(6585);
;// CONCATENATED MODULE: ./src/find-setup.ts


/**
 * The setup in `workingDirectory`: the compose file's own `name:` is the project unless one is
 * given. Undefined when there is no compose file.
 */
async function findSetup(options, cwd, files) {
    const layout = (0,core_layout/* locate */.x5)(options, cwd);
    const text = await files.read(layout.target.file);
    if (text === undefined)
        return undefined;
    let facts;
    try {
        facts = (0,core_layout/* parseComposeFacts */.n8)(text);
    }
    catch (error) {
        throw new errors/* SetupError */.w3(`${layout.target.file} is not valid YAML (${error.message.split("\n")[0]}).`, `It is written by setup-coder-convex: delete it and run \`setup-coder-convex up\` again.`);
    }
    return {
        layout,
        facts,
        state: {
            workingDirectory: layout.dir,
            composeFile: layout.target.file,
            composeProject: options.projectName ?? facts.project ?? layout.target.project,
        },
    };
}
/** Like findSetup, but a clear error when nothing was set up there. */
async function requireSetup(options, cwd, files) {
    const found = await findSetup(options, cwd, files);
    if (found)
        return found;
    throw new SetupError(`No ${FILES.compose} in ${locate(options, cwd).dir}: nothing set up here.`, "Run it in the app's folder, or pass --working-directory (setup-coder-convex up sets an app up).");
}

// EXTERNAL MODULE: ./src/phases/kubernetes.ts
var phases_kubernetes = __webpack_require__(2110);
// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(7304);
;// CONCATENATED MODULE: ./src/teardown.ts
/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database.
 */







/**
 * Prints logs if asked, then removes the instance: a compose project's containers (and its volume
 * if asked), or a kubernetes instance's objects by their labels (its volume claim with them).
 */
async function teardown(state, options, deps) {
    if ((0,core_layout/* isKubernetesInstance */.eV)(state)) {
        const kubectl = (0,phases_kubernetes/* requireKubectl */.qh)(deps.kubectl);
        if (options.dumpLogs) {
            const statefulSet = `statefulset/${(0,kubernetes/* deriveKubeNames */.PB)(state.instanceName).backend}`;
            await (0,start/* printLogs */.n_)(deps.logger, () => kubectl.logs(state.namespace, statefulSet, 200), "requested", {
                grouped: true,
            });
        }
        await (0,phases_kubernetes/* removeKubernetesInstance */.U8)(kubectl, state, deps.logger);
        return;
    }
    await (0,start/* stopContainers */.F_)(deps, (0,core_layout/* composeTargetOf */.Ps)(state), options);
}
/**
 * command down: removes what `up` set up for this configuration (the compose project found in the
 * working directory, or the kubernetes instance by its labels), then, with drop-database, the
 * instance's Postgres database: only for an instance-name with the preview prefix.
 */
async function removeInstance(config, options, deps) {
    const { logger } = deps;
    if (config.target === "connect")
        throw new errors/* SetupError */.w3("command down removes what up started; with target connect the backend runs elsewhere and is not removed from here.", "Remove it where it runs (its Helm release, the Coder template), or use target compose or kubernetes.");
    if (config.target === "kubernetes") {
        const owner = deps.env.GITHUB_REPOSITORY || undefined;
        await teardown({
            kind: "kubernetes",
            namespace: config.kubernetes.namespace,
            instanceName: config.instanceName,
            ...(owner ? { owner } : {}),
        }, options, deps);
    }
    else {
        const found = await findSetup(config, deps.cwd, deps.files);
        if (found)
            await teardown(found.state, options, deps);
        else
            logger.info(`Nothing to remove: no ${core_layout/* FILES */.cn.compose} in ${(0,core_layout/* locate */.x5)(config, deps.cwd).dir}.`);
    }
    const db = config.postgres.url;
    (0,runtime/* maskAll */.gh)(logger, db?.password);
    if (!config.postgres.dropDatabase || !db)
        return;
    // Checked when the configuration was read; checked again here, where it matters.
    const prefix = config.postgres.previewPrefix;
    if (!prefix || !config.instanceName.startsWith(prefix))
        throw new errors/* SetupError */.w3(`drop-database refused: instance-name "${config.instanceName}" does not start with preview-prefix "${prefix}".`);
    if (!deps.postgres)
        throw new errors/* SetupError */.w3("drop-database needs a Postgres client, which this caller did not provide.");
    const outcome = await deps.postgres.dropDatabase(db);
    logger.info(outcome === "dropped"
        ? `Dropped database ${db.name} on ${db.host}:${db.port}.`
        : `Database ${db.name} on ${db.host}:${db.port} did not exist: nothing to drop.`);
}


/***/ })

};
