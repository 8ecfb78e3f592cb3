export const id = 512;
export const ids = [512];
export const modules = {

/***/ 7256:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   rs: () => (/* binding */ existsNoFollow),
/* harmony export */   tF: () => (/* binding */ Confinement)
/* harmony export */ });
/* unused harmony export MAX_READ_BYTES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/**
 * Keeping every read and write inside the repository: the one place that decides where a path
 * leads and whether it may be read or written there. A pull request controls every file of the
 * checkout: a `.env.local` that is a link to a file elsewhere must not be read nor written
 * through, a FIFO or a device must not hang or flood a read, and nothing is written into git's
 * own folder (a file there can run as a hook). files.ts (the FileStore) and app-reader.ts both
 * go through here, so a further rule is added here once.
 */




/**
 * Files read whole are at most this large: the env files, keys, compose files and manifests
 * (package.json, pnpm-workspace.yaml, convex.json) read are far smaller, and a crafted one must
 * not block the run while it is parsed (source files have their own, smaller cap).
 */
const MAX_READ_BYTES = 1024 * 1024;
function isInside(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, path);
    return rel === "" || (!rel.startsWith("..") && !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(rel));
}
/** Something (a file, a folder, a link, even a dangling one) is at `path`. */
async function existsNoFollow(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path);
        return true;
    }
    catch {
        return false;
    }
}
/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearest(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(path);
    }
    catch (error) {
        const code = error.code;
        if (code !== "ENOENT" && code !== "ENOTDIR")
            throw error;
        const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path);
        if (parent === path)
            return path;
        // A dangling link: where it points is what matters (a write would create that file).
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => undefined);
        if (info?.isSymbolicLink())
            return realpathOfNearest((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink)(path)));
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(await realpathOfNearest(parent), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path));
    }
}
function kindOf(info) {
    if (info.isDirectory())
        return "a folder";
    if (info.isFIFO())
        return "a named pipe (FIFO)";
    if (info.isCharacterDevice() || info.isBlockDevice())
        return "a device";
    if (info.isSocket())
        return "a socket";
    return "not a regular file";
}
/** The text of the regular file at `real` (the real path of `path`); undefined when there is none. */
async function readRegular(path, real, maxBytes) {
    let handle;
    try {
        // O_NONBLOCK: opening a FIFO never waits for a writer; O_NOFOLLOW: the real path has not
        // become a link since it was resolved. The checks below are on what was opened.
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(real, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0) | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0));
    }
    catch (error) {
        const code = error.code;
        if (code === "ENOENT")
            return undefined;
        if (code === "ENXIO")
            throw notRegular(path, "a socket");
        if (code === "ELOOP")
            throw notRegular(path, "a link that changed while it was read");
        throw error;
    }
    try {
        const info = await handle.stat();
        if (!info.isFile())
            throw notRegular(path, kindOf(info));
        if (info.size > maxBytes) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} is ${info.size} bytes, over the ${maxBytes} read at most; refusing to read it.`, "It is not one of the small text files setup-coder-convex reads: check that it is the right file, or replace it.");
        }
        return await handle.readFile("utf8");
    }
    finally {
        await handle.close();
    }
}
function notRegular(path, kind) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} is ${kind}, not a regular file; refusing to read it.`, "Only regular files are read (a FIFO or a device could hang the run or never end): replace it with a file, or remove it.");
}
/** A segment of the path is git's own folder (any case: file systems that ignore it exist). */
function isInGitDir(path) {
    return path.split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).some((segment) => segment.toLowerCase() === ".git");
}
/**
 * Paths resolved to their real path and checked against a root (its real path); without a root
 * they are only resolved, and the rules on what is read or written still hold.
 */
class Confinement {
    root;
    given;
    access;
    constructor(
    /** The root's real path; undefined: no root. */
    root, 
    /** The root as given (resolved), to tell a path outside from a link out. */
    given, access) {
        this.root = root;
        this.given = given;
        this.access = access;
    }
    static none(access) {
        return new Confinement(undefined, undefined, access);
    }
    /** Confined to `root`; a root not there yet is where it would be. */
    static async of(root, access) {
        const real = await realpathOfNearest((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root)).catch(() => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root));
        return new Confinement(real, (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root), access);
    }
    /** Confined to `root`, which must exist (the repository being read). */
    static async ofExisting(root, access) {
        try {
            return new Confinement(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root)), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(root), access);
        }
        catch (error) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`The repository root ${root} does not exist.`, undefined, { cause: error });
        }
    }
    /** Where `path` leads: its real path, or its nearest existing ancestor's with the rest. */
    async resolve(path) {
        const real = await realpathOfNearest(path);
        await this.check(path, real);
        return real;
    }
    /** The real path of what is at `path`; undefined when nothing is (a dangling link: nothing to read). */
    async real(path) {
        if (!(await existsNoFollow(path)))
            return undefined;
        let real;
        try {
            real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(path);
        }
        catch (error) {
            const code = error.code;
            if (code === "ENOENT" || code === "ENOTDIR")
                return undefined;
            throw error;
        }
        await this.check(path, real);
        return real;
    }
    /** The text of the regular file at `path` (at most `maxBytes`); undefined when there is none. */
    async readFile(path, maxBytes = MAX_READ_BYTES) {
        return readRegular(path, await this.resolve(path), maxBytes);
    }
    /**
     * Where a write of `path` goes and the mode it ends with. Never through a link, even one inside
     * the repository (it could lead to a file a build publishes, to git's config, or to a secret
     * whose mode the write would widen): the file itself must be a regular file or absent; a linked
     * folder on the way is followed when it stays inside. Nothing is written inside a .git folder;
     * a file that gives nothing to group and others (a secret) keeps it so whatever `mode` asks.
     */
    async writeTarget(path, mode) {
        const target = await this.resolve(path);
        this.refuseGitDir(path, target);
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => undefined);
        if (info?.isSymbolicLink()) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} is a link to ${target}; refusing to write through it.`, "A file setup-coder-convex writes is never written through a link (a pull request could point it at a file a build publishes, at git's config, or at a secret whose mode the write would widen). Replace the link with a regular file, or remove it, and rerun.");
        }
        const before = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(target).catch(() => undefined);
        const secret = before?.isFile() && (before.mode & 0o077) === 0;
        return { target, mode: secret ? mode & ~0o077 : mode };
    }
    /**
     * Refuses a folder the run works in (and writes into) that is, or lies inside, a .git folder.
     * `real` is where `path` leads (resolve()).
     */
    refuseGitDir(path, real) {
        // Only the repository's own folders count (a root may lie anywhere); without a root, all.
        if (isInGitDir(this.root === undefined ? real : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(this.root, real))) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path}${real === (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path) ? "" : ` (${real})`} is inside a .git folder; refusing to write it.`, "Nothing is written into git's own folder (a file there can run as a hook): point working-directory at the app's folder, and replace any link into .git.");
        }
    }
    async check(path, real) {
        const { root, given } = this;
        if (root === undefined || given === undefined || isInside(root, real))
            return;
        const lexical = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(path);
        const verb = `refusing to ${this.access} it`;
        if (!isInside(given, lexical) && !isInside(root, lexical)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} is outside the repository (${root}); ${verb}.`, `Only files inside the repository (${root}) are ${this.access === "read" ? "read" : "read or written"}: point working-directory (and frontend-directories) inside it.`);
        }
        const link = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => undefined))?.isSymbolicLink();
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} ${link ? "is a link to" : "resolves to"} ${real}, outside the repository (${root}); ${verb}.`, "Links out of the repository are never followed (a pull request could point them at any file). Replace the link with a regular file or folder, or remove it.");
    }
}


/***/ }),

/***/ 9591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HZ: () => (/* binding */ createConvexAdmin),
/* harmony export */   JN: () => (/* binding */ readAnswer),
/* harmony export */   bB: () => (/* binding */ quoteAnswer)
/* harmony export */ });
/* unused harmony export MAX_ANSWER_BYTES */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

/** The admin API's answers are small (the variables: at most a few MiB): nothing larger is read. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/**
 * What answered, quoted on one line and short: a server that is not the backend may answer
 * anything (newlines that would start a workflow command in the log, escape sequences).
 */
function quoteAnswer(text) {
    return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}
/** The body's text, at most `limit` bytes (`what`: the request, for the message). */
async function readAnswer(response, what, limit = MAX_ANSWER_BYTES) {
    if (!response.body)
        return "";
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > limit) {
            await reader.cancel().catch(() => { });
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${what} with more than ${limit} bytes; not read.`, "The admin API's answers are small: check that the URL is a Convex backend's API (container port 3210).");
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString("utf8");
}
/** The body as JSON; an answer that is not JSON is named with what answered (never a raw SyntaxError). */
async function readJson(response, what) {
    const text = await readAnswer(response, what);
    try {
        return JSON.parse(text);
    }
    catch {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${what} with ${response.status} ${quoteAnswer(text)}, not JSON.`, "Check that the URL is a Convex backend's API (container port 3210), not another server or its site proxy.");
    }
}
async function errorText(response, what) {
    const body = await readAnswer(response, what).catch(() => "");
    try {
        const parsed = JSON.parse(body);
        if (parsed.code || parsed.message)
            return `${parsed.code ?? "Error"}: ${parsed.message ?? ""}`.trim();
    }
    catch { }
    return body ? quoteAnswer(body.slice(0, 300)) : response.statusText;
}
function createConvexAdmin(baseUrl, fetchImpl = fetch) {
    const url = (path) => `${baseUrl.replace(/\/$/, "")}${path}`;
    const auth = (key) => ({ Authorization: `Convex ${key}` });
    /**
     * One retry on a connection-level failure: an idle keep-alive socket closed by the server
     * ("other side closed") is not a down backend. Every call here is idempotent.
     */
    const request = async (path, init = {}, timeoutMs = 15_000) => {
        let lastError;
        for (let attempt = 0; attempt < 2; attempt++) {
            try {
                return await fetchImpl(url(path), { ...init, signal: AbortSignal.timeout(timeoutMs) });
            }
            catch (error) {
                lastError = error;
            }
        }
        const error = lastError;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`The backend at ${baseUrl} did not answer ${init.method ?? "GET"} ${path}: ${error.cause ?? error.message}`, "Check that the backend container runs (setup-coder-convex status) and that its port is published on this host.");
    };
    return {
        baseUrl,
        async isUp(timeoutMs = 2000) {
            try {
                const response = await fetchImpl(url("/version"), { signal: AbortSignal.timeout(timeoutMs) });
                await response.arrayBuffer();
                return response.ok;
            }
            catch {
                return false;
            }
        },
        async instanceName() {
            const what = `${baseUrl} answered GET /instance_name`;
            const response = await request("/instance_name");
            const text = (await readAnswer(response, what, 64 * 1024)).trim();
            if (!response.ok)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${what} with ${response.status} ${quoteAnswer(text)}.`, "Check that the URL is a Convex backend's API (container port 3210).");
            return text;
        },
        async checkAdminKey(adminKey) {
            const what = `${baseUrl} answered GET /api/check_admin_key`;
            const response = await request("/api/check_admin_key", { headers: auth(adminKey) });
            const text = await readAnswer(response, what, 64 * 1024);
            if (response.status === 401 || response.status === 403)
                return false;
            if (!response.ok)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${what} with ${response.status} ${quoteAnswer(text)}.`);
            // Only a Convex backend answers so: {"success":true,"allowedOps":[...]} (crates/local_backend).
            let body;
            try {
                body = JSON.parse(text);
            }
            catch { }
            if (body?.success !== true)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${what} with 200 ${quoteAnswer(text)}, not as a Convex backend does ({"success":true,...}).`, "Check that the URL is a Convex backend's API (container port 3210), not another server or its site proxy.");
            return true;
        },
        async updateEnvironmentVariables(adminKey, changes) {
            const response = await request("/api/update_environment_variables", {
                method: "POST",
                headers: { ...auth(adminKey), "Content-Type": "application/json" },
                body: JSON.stringify({ changes }),
            });
            if (!response.ok) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`The backend refused the deployment environment variables (${response.status} ${await errorText(response, `${baseUrl} answered POST /api/update_environment_variables`)}).`, "Nothing was changed (one transaction). Fix the variable named above in env-vars or the user section of .env.convex.deployment.");
            }
            await response.arrayBuffer();
        },
        async listEnvironmentVariables(adminKey) {
            const what = `${baseUrl} answered GET /api/v1/list_environment_variables`;
            const response = await request("/api/v1/list_environment_variables", { headers: auth(adminKey) });
            if (!response.ok)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`Listing environment variables failed (${response.status} ${await errorText(response, what)}).`);
            const body = (await readJson(response, what));
            return body?.environmentVariables ?? {};
        },
        async hasDeployedFunctions(adminKey) {
            // The backend reads the key from the body (GetConfigRequest); the header is sent as the CLI
            // sends it. The answer lists the root component's modules, system modules left out
            // (docs/backend-facts.md#admin-api).
            const response = await request("/api/get_config_hashes", {
                method: "POST",
                headers: { ...auth(adminKey), "Content-Type": "application/json" },
                body: JSON.stringify({ adminKey }),
            });
            const what = `${baseUrl} answered POST /api/get_config_hashes`;
            if (!response.ok) {
                const refused = response.status === 401 || response.status === 403;
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`Asking the backend whether functions were deployed before (POST /api/get_config_hashes) failed (${response.status} ${await errorText(response, what)}).`, refused
                    ? "The backend refused the admin key: it was made for another INSTANCE_NAME or INSTANCE_SECRET than the backend runs with. Nothing was deployed or seeded."
                    : "This tells seed-function / seed-import whether the deployment is new. Nothing was deployed or seeded; check that the backend image serves /api/get_config_hashes (every release since 2024-03 does).");
            }
            const body = (await readJson(response, what).catch(() => undefined));
            if (!Array.isArray(body?.moduleHashes))
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3("POST /api/get_config_hashes answered without a moduleHashes list, so whether the deployment is new is unknown.", `Nothing was deployed or seeded. Check that ${baseUrl} is a Convex backend's API (container port 3210), not its site proxy.`);
            return body.moduleHashes.length > 0;
        },
    };
}


/***/ }),

/***/ 8226:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hC: () => (/* binding */ createDocker),
/* harmony export */   m4: () => (/* binding */ dockerArgs)
/* harmony export */ });
/* unused harmony exports composeArgs, projectArgs, PROJECT_LABEL, parsePsOutput, explainDockerFailure, DOCKER */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4988);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7911);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1169);
/**
 * docker and docker compose. Builders return argv arrays (tested as tables); the adapter runs
 * them through a ProcessRunner and turns docker's errors into messages a person can act on.
 */





const composeArgs = (t, ...sub) => [
    "compose",
    "-f",
    t.file,
    "-p",
    t.project,
    ...sub,
];
/**
 * A project by its name alone: compose finds its containers, networks and volumes by their
 * labels and reads no compose file. Only `up` (and `exec` during it) are handed the file this
 * run just wrote; removing, listing and reading logs never read a file of the checkout (a pull
 * request, or a later step of the job, could have changed it: a volume renamed to another
 * project's, an `include:` of a remote file).
 */
const projectArgs = (project, ...sub) => [
    "compose",
    "-p",
    project,
    ...sub,
];
/** The label compose puts on everything of a project. */
const PROJECT_LABEL = "com.docker.compose.project";
const dockerArgs = {
    // No --short: without the plugin docker would report "unknown flag: --short" instead.
    version: () => ["compose", "version"],
    info: () => ["info", "--format", "{{.ServerVersion}}"],
    pull: (image) => ["pull", "--quiet", image],
    imageExists: (image) => ["image", "inspect", "--format", "{{.Id}}", image],
    save: (file, images) => ["save", "-o", file, ...images],
    load: (file) => ["load", "-i", file],
    up: (t) => composeArgs(t, "up", "-d", "--remove-orphans"),
    down: (t, volumes) => projectArgs(t.project, "down", "--remove-orphans", ...(volumes ? ["--volumes"] : [])),
    logs: (t, tail) => projectArgs(t.project, "logs", "--no-color", "--timestamps", "--tail", String(tail)),
    ps: (t) => projectArgs(t.project, "ps", "--all", "--format", "json"),
    volumes: (project) => ["volume", "ls", "--quiet", "--filter", `label=${PROJECT_LABEL}=${project}`],
    exec: (t, service, argv) => composeArgs(t, "exec", "-T", service, ...argv),
};
/** `docker compose ps --format json` prints one JSON object per line (v2.21+) or one array (older). */
function parsePsOutput(stdout) {
    const text = stdout.trim();
    if (!text)
        return [];
    const rows = text.startsWith("[")
        ? JSON.parse(text)
        : text
            .split(/\r?\n/)
            .filter(Boolean)
            .map((l) => JSON.parse(l));
    return rows.map((r) => ({
        service: String(r.Service ?? r.Name ?? ""),
        state: String(r.State ?? "").toLowerCase(),
        ...(typeof r.ExitCode === "number" ? { exitCode: r.ExitCode } : {}),
    }));
}
/** Explains docker's usual failures; undefined when there is nothing to add. */
function explainDockerFailure(stderr) {
    if (/port is already allocated|address already in use/i.test(stderr)) {
        const port = /Bind for \S*?:(\d+) failed/.exec(stderr)?.[1] ?? /listen tcp[46]? \S*?:(\d+): bind/.exec(stderr)?.[1];
        const which = port ? `Port ${port}` : "A port";
        return `${which} on this host is already in use. Stop what uses it (e.g. another Convex backend: \`docker ps\`), or choose other ports with ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .options */ .fF)("api-port", "site-port", "dashboard-port")} and a distinct ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .option */ .uK)("project-name")}.`;
    }
    if (/Cannot connect to the Docker daemon|docker daemon is not running|permission denied.*docker.sock/i.test(stderr)) {
        return "The Docker engine is not reachable: start it (or add your user to the docker group) and retry.";
    }
    if (/manifest unknown|not found: manifest|pull access denied|repository does not exist/i.test(stderr)) {
        return `The image tag does not exist or is private: check ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .options */ .fF)("backend-image", "dashboard-image")}.`;
    }
    if (/is not a docker command|unknown command: docker compose|unknown shorthand flag: 'f' in -f/i.test(stderr)) {
        return "The docker compose v2 plugin is missing: install docker-compose-plugin (Debian/Ubuntu) or Docker Desktop.";
    }
    return undefined;
}
/** The file system's root: a folder that is no project's and that only an administrator writes. */
const NEUTRAL_CWD = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.parse)(process.cwd()).root;
const DOCKER = {
    command: "docker",
    install: "Install Docker (https://docs.docker.com/engine/install/) with the compose plugin, or run inside a Coder workspace whose template provides it.",
    explain: explainDockerFailure,
};
function createDocker(runner, env) {
    const exec = (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .createExec */ .k)(runner, DOCKER);
    const command = (args, { cwd, signal, dropEnv } = {}) => ({
        args,
        env: dropEnv?.length
            ? Object.fromEntries(Object.entries(env).filter(([k]) => !dropEnv.includes(k)))
            : env,
        ...(cwd ? { cwd } : {}),
        ...(signal ? { signal } : {}),
    });
    const run = (args, options) => exec.run(command(args, options));
    const check = (args, options) => exec.check(command(args, options));
    return {
        async checkEngine() {
            const result = await run(dockerArgs.info());
            if (result.code !== 0) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`The Docker engine does not answer (\`docker info\`: ${(0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr) || "no output"}).`, explainDockerFailure(result.stderr) ??
                    "Start the Docker engine (or Docker Desktop), or check DOCKER_HOST and your access to its socket.");
            }
            return result.stdout.trim();
        },
        async checkCompose() {
            const result = await run(dockerArgs.version());
            if (result.code !== 0) {
                // Docker prints its error first and a "Run 'docker --help'" line last.
                const line = result.stderr
                    .split(/\r?\n/)
                    .find((l) => /unknown|not a docker command|cannot|error/i.test(l));
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`\`docker compose version\` failed: ${line?.trim() || (0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr) || "no output"}`, explainDockerFailure(result.stderr) ??
                    "Install the docker compose v2 plugin (docker-compose-plugin) and check that the Docker engine runs.");
            }
            return /v?(\d+\.\d+\.\d+\S*)/.exec(result.stdout)?.[1] ?? result.stdout.trim();
        },
        async pull(image, signal) {
            const result = await run(dockerArgs.pull(image), { signal });
            if (result.code === 0)
                return undefined;
            if ((await run(dockerArgs.imageExists(image))).code === 0) {
                return `Pulling ${image} failed (${(0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr)}); using the copy already on this host.`;
            }
            throw exec.failure(command(dockerArgs.pull(image)), result);
        },
        async save(file, images) {
            await check(dockerArgs.save(file, images));
        },
        async load(file) {
            await check(dockerArgs.load(file));
        },
        async up(t, options = {}) {
            await check(dockerArgs.up(t), { cwd: t.cwd, ...(options.dropEnv ? { dropEnv: options.dropEnv } : {}) });
        },
        // By name, from a folder of no project: compose reads no compose file and no `.env` of the
        // checkout (its COMPOSE_* lines would become compose's settings), and works after a clean
        // checkout removed the app's files.
        async down(t, volumes) {
            await check(dockerArgs.down(t, volumes), { cwd: NEUTRAL_CWD });
        },
        async logs(t, tail) {
            const result = await run(dockerArgs.logs(t, tail), { cwd: NEUTRAL_CWD });
            return result.stdout + (result.code === 0 ? "" : result.stderr);
        },
        async ps(t) {
            const result = await check(dockerArgs.ps(t), { cwd: NEUTRAL_CWD });
            return parsePsOutput(result.stdout);
        },
        async volumes(project) {
            const result = await check(dockerArgs.volumes(project), { cwd: NEUTRAL_CWD });
            return result.stdout
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter(Boolean);
        },
        exec(t, service, argv) {
            return run(dockerArgs.exec(t, service, argv), { cwd: t.cwd });
        },
    };
}


/***/ }),

/***/ 7911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ createExec)
/* harmony export */ });
/* unused harmony export notFoundMessage */
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1169);
/**
 * The one way the adapters run their tools (docker, kubectl, the project's convex CLI): argv in,
 * no shell (process.ts). A tool that is not installed says what to install and where; a non-zero
 * exit becomes a CommandError naming the command, the line that says why, and the tool's advice.
 * Nothing is masked here: the command line shown never holds a secret (they travel in the
 * environment or on stdin), and loggers redact what they print.
 */

/** "kubectl was not found on PATH." (a path names itself: it was looked up nowhere else). */
function notFoundMessage(command) {
    return /[/\\]/.test(command) ? `${command} was not found.` : `${command} was not found on PATH.`;
}
function createExec(runner, tool) {
    const display = (command) => (0,_process_js__WEBPACK_IMPORTED_MODULE_0__/* .displayCommand */ .kc)({ command: tool.command, args: command.args });
    const run = (command, options) => runner.run({ ...command, command: tool.command }, options).catch((error) => {
        // Stopped (an abort) or unable to start for another reason: the runner's own message.
        if (!(0,_process_js__WEBPACK_IMPORTED_MODULE_0__/* .isNotFound */ .c4)(error))
            throw error;
        throw new _process_js__WEBPACK_IMPORTED_MODULE_0__/* .CommandError */ .Qd(display(command), undefined, tool.install, notFoundMessage(tool.command), {
            cause: error.cause,
        });
    });
    const failure = (command, result, details = {}) => {
        const shown = display(command);
        return new _process_js__WEBPACK_IMPORTED_MODULE_0__/* .CommandError */ .Qd(shown, result, details.hint ?? tool.explain?.(result.stderr), `${details.prefix ?? ""}${(0,_process_js__WEBPACK_IMPORTED_MODULE_0__/* .describeFailure */ .Ic)(shown, result, details.line)}`);
    };
    return {
        run,
        async check(command, options) {
            const result = await run(command, options);
            if (result.code !== 0)
                throw failure(command, result);
            return result;
        },
        failure,
    };
}


/***/ }),

/***/ 6960:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ createGit)
/* harmony export */ });
/* unused harmony export HARDENED_GIT */
/**
 * Options that keep a hostile checkout from running code through git: a folder of the pull
 * request shaped like a bare repository (HEAD, config, objects/, refs/) is not taken for one, so
 * its `config` (core.fsmonitor runs a command on `ls-files`, core.worktree moves the top level)
 * is never read; fsmonitor and hooks are off whatever any config says.
 */
const HARDENED_GIT = [
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
];
/** Settings that change how git reads pathspecs (GIT_LITERAL_PATHSPECS would turn `:(icase)` off). */
const PATHSPEC_ENV = /^GIT_(LITERAL|GLOB|NOGLOB|ICASE)_PATHSPECS$/;
function createGit(runner) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PATHSPEC_ENV.test(k)));
    const git = async (dir, args) => {
        try {
            return await runner.run({
                command: "git",
                args: [...HARDENED_GIT, "-C", dir, ...args],
                env,
                timeoutMs: 10_000,
            });
        }
        catch {
            return undefined; // git not installed
        }
    };
    return {
        async topLevel(dir) {
            const r = await git(dir, ["rev-parse", "--show-toplevel"]);
            return r?.code === 0 ? r.stdout.trim() || undefined : undefined;
        },
        async commitOf(dir, path) {
            const head = await git(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
            const commit = head?.code === 0 ? head.stdout.trim() : "";
            if (!/^[0-9a-f]{40,64}$/.test(commit))
                return undefined;
            const status = await git(dir, ["status", "--porcelain", "--untracked-files=all", "--", path]);
            if (status?.code !== 0)
                return undefined;
            return { commit, changed: status.stdout.trim() !== "" };
        },
        async tracked(dir, paths) {
            // :(icase): on a case-insensitive file system `.ENV.convex.local` in git is our file.
            const r = await git(dir, ["ls-files", "-z", "--", ...paths.map((p) => `:(icase)${p}`)]);
            if (r?.code !== 0)
                return undefined;
            return new Set(r.stdout.split("\0").filter(Boolean));
        },
        async isIgnored(dir, path) {
            // Exit 0: ignored, 1: not, 128: an error (not a repository, a path through a link).
            const r = await git(dir, ["check-ignore", "-q", "--", path]);
            return r?.code === 0 ? true : r?.code === 1 ? false : undefined;
        },
    };
}


/***/ }),

/***/ 5342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b7: () => (/* binding */ createKubectl),
/* harmony export */   yq: () => (/* binding */ kubectlArgs)
/* harmony export */ });
/* unused harmony exports explainKubectlFailure, KUBECTL */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4215);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4988);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7911);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1169);
/**
 * kubectl, with the runner's kubeconfig (KUBECONFIG or ~/.kube/config and its current context).
 * Builders return argv arrays (tested as tables); the adapter runs them without a shell and turns
 * kubectl's errors into messages a person can act on.
 */





const kubectlArgs = {
    version: () => ["version", "--client", "-o", "json"],
    getNamespace: (ns) => ["get", "namespace", ns, "-o", "name"],
    createNamespace: (ns) => ["create", "namespace", ns],
    getSecret: (ns, name) => [
        "get",
        "secret",
        name,
        "-n",
        ns,
        "-o",
        "json",
        "--ignore-not-found",
    ],
    apply: (ns) => ["apply", "--server-side", "--field-manager", _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .FIELD_MANAGER */ .vy, "-n", ns, "-f", "-"],
    rollout: (ns, resource, timeoutSeconds) => [
        "rollout",
        "status",
        resource,
        "-n",
        ns,
        `--timeout=${timeoutSeconds}s`,
    ],
    portForward: (ns, resource, ports) => [
        "port-forward",
        "-n",
        ns,
        resource,
        "--address",
        "127.0.0.1",
        ...ports.map(([local, remote]) => `${local}:${remote}`),
    ],
    logs: (ns, resource, tail) => [
        "logs",
        resource,
        "-n",
        ns,
        `--tail=${tail}`,
        "--all-containers",
        "--timestamps",
    ],
    pods: (ns, selector) => ["get", "pods", "-n", ns, "-l", selector, "-o", "json"],
    delete: (ns, selector, kinds = _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .INSTANCE_KINDS */ .AE, wait = true) => [
        "delete",
        kinds.join(","),
        "-n",
        ns,
        "-l",
        selector,
        "--ignore-not-found",
        `--wait=${wait}`,
    ],
    list: (ns, selector) => [
        "get",
        _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .INSTANCE_KINDS */ .AE.join(","),
        "-n",
        ns,
        "-l",
        selector,
        "-o",
        "name",
    ],
};
/** Explains kubectl's usual failures; undefined when there is nothing to add. */
function explainKubectlFailure(stderr) {
    if (/connection to the server .* was refused|dial tcp .*connect: connection refused|no such host/i.test(stderr))
        return "kubectl reaches no cluster: check KUBECONFIG and the current context (kubectl config current-context), e.g. set up by azure/k8s-set-context or helm/kind-action before this step.";
    if (/current-context is not set|context was not found|no configuration has been provided/i.test(stderr))
        return "kubectl has no usable context: set KUBECONFIG or run kubectl config use-context <name> first.";
    if (/updates to statefulset spec for fields other than/i.test(stderr))
        return "A StatefulSet's volume claim cannot change once made (volume-size is one): keep the earlier value, or remove the instance first (command: down) to set it up afresh.";
    if (/\(Forbidden\)|is forbidden:|cannot (create|get|list|watch|patch|delete) resource/i.test(stderr))
        return "The kubeconfig's user may not do this: it needs get/list/watch/create/patch/delete on secrets, services, statefulsets, deployments, ingresses and persistentvolumeclaims in the namespace, get/list/watch/delete on pods, get on pods/log, create on pods/portforward, and get/create on namespaces.";
    if (/Unauthorized|You must be logged in/i.test(stderr))
        return "The cluster refused the kubeconfig's credentials: refresh them (e.g. a token that expired).";
    if (/conflict/i.test(stderr) && /field manager|managed by|Apply failed with/i.test(stderr))
        return "Another tool owns these fields (server-side apply conflict): remove that tool's copy of the objects, or use another instance-name.";
    return undefined;
}
/** kubectl's per-object lines, without its "No resources found" (printed when nothing matched). */
const objectLines = (text) => lines(text).filter((l) => !/^No resources found/.test(l));
const lines = (text) => text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const KUBECTL = {
    command: "kubectl",
    install: "Install kubectl (https://kubernetes.io/docs/tasks/tools/) and give it a kubeconfig, e.g. with azure/setup-kubectl and azure/k8s-set-context, or helm/kind-action for a test cluster.",
    explain: explainKubectlFailure,
};
function createKubectl(runner, env, options = {}) {
    const exec = (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .createExec */ .k)(runner, KUBECTL);
    const command = (args, input) => ({
        args,
        env,
        ...(input !== undefined ? { input } : {}),
    });
    const run = (args, input) => exec.run(command(args, input));
    const check = (args) => exec.check(command(args));
    const fail = (args, result, details) => exec.failure(command(args), result, details);
    const deleteSelected = async (ns, kinds, selector, wait) => objectLines((await check(kubectlArgs.delete(ns, selector, kinds, wait))).stdout);
    return {
        async check() {
            const result = await check(kubectlArgs.version());
            try {
                return String(JSON.parse(result.stdout).clientVersion?.gitVersion ?? "unknown");
            }
            catch {
                return result.stdout.trim();
            }
        },
        async ensureNamespace(ns) {
            const found = await run(kubectlArgs.getNamespace(ns));
            if (found.code === 0)
                return false;
            if (!/NotFound/.test(found.stderr))
                throw fail(kubectlArgs.getNamespace(ns), found);
            const created = await run(kubectlArgs.createNamespace(ns));
            // Created by a concurrent run meanwhile: fine.
            if (created.code !== 0 && !/AlreadyExists/.test(created.stderr))
                throw fail(kubectlArgs.createNamespace(ns), created);
            return created.code === 0;
        },
        async readSecret(ns, name) {
            const result = await run(kubectlArgs.getSecret(ns, name));
            if (result.code === 0)
                return result.stdout.trim() || undefined;
            // --ignore-not-found covers the Secret; a missing namespace still says NotFound.
            if (/NotFound/.test(result.stderr))
                return undefined;
            throw fail(kubectlArgs.getSecret(ns, name), result);
        },
        async apply(ns, yaml) {
            const args = kubectlArgs.apply(ns);
            const result = await run(args, yaml);
            if (result.code === 0)
                return lines(result.stdout);
            // kubectl ends a conflict with advice; the first error line says what failed.
            const first = lines(result.stderr).find((l) => /^(error|Error from server|Apply failed|The \w+ "[^"]+" is invalid)/.test(l)) ?? (0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr);
            throw fail(args, result, { line: first });
        },
        async rolloutStatus(ns, resource, timeoutSeconds) {
            const args = kubectlArgs.rollout(ns, resource, timeoutSeconds);
            const result = await run(args);
            if (result.code === 0)
                return;
            throw fail(args, result, /timed out/i.test(result.stderr)
                ? {
                    hint: `The backend's pod did not become ready within ${timeoutSeconds} s: see its logs above (kubectl describe pod -n ${ns} -l app.kubernetes.io/component=backend tells why it is pending: an image pull, a volume that does not bind).`,
                }
                : {});
        },
        async portForward(ns, resource, ports, onExit) {
            const args = kubectlArgs.portForward(ns, resource, ports);
            const controller = new AbortController();
            let output = "";
            let listening = () => { };
            const ready = new Promise((resolve) => {
                listening = resolve;
            });
            const child = exec.run({ ...command(args), signal: controller.signal }, {
                onStdout: (chunk) => {
                    output += chunk;
                    // One "Forwarding from" line per port (and per address family).
                    const forwarded = new Set([...output.matchAll(/Forwarding from [^\s]+:(\d+) ->/g)].map((m) => m[1]));
                    if (ports.every(([local]) => forwarded.has(String(local))))
                        listening();
                },
            });
            let stopping = false;
            const stop = async () => {
                stopping = true;
                controller.abort();
                await child.catch(() => { });
            };
            const timeoutMs = options.portForwardTimeoutMs ?? 30_000;
            let timer;
            const outcome = await Promise.race([
                ready.then(() => "ready"),
                child,
                new Promise((resolve) => {
                    timer = setTimeout(() => resolve("timeout"), timeoutMs);
                }),
            ]).finally(() => clearTimeout(timer));
            if (outcome === "ready") {
                void child.then((result) => {
                    if (!stopping)
                        onExit?.((0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr) || `exit ${result.code}`);
                }, () => { });
                return { stop };
            }
            await stop();
            if (outcome === "timeout")
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`\`${(0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .displayCommand */ .kc)({ command: "kubectl", args })}\` did not start forwarding within ${timeoutMs / 1000} s.`, `Check that the pod is running (kubectl get pods -n ${ns}) and that the local ports are free.`);
            throw fail(args, outcome, /address already in use/i.test(outcome.stderr)
                ? { hint: `A local port is taken: choose others with ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_4__/* .options */ .fF)("api-port", "site-port")}.` }
                : {});
        },
        async logs(ns, resource, tail) {
            const result = await run(kubectlArgs.logs(ns, resource, tail));
            return result.stdout + (result.code === 0 ? "" : (0,_process_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLine */ .fM)(result.stderr));
        },
        async pods(ns, selector) {
            return (await check(kubectlArgs.pods(ns, selector))).stdout;
        },
        deleteSelected,
        deleteAll: (ns, selector) => deleteSelected(ns, _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .INSTANCE_KINDS */ .AE, selector, true),
        async list(ns, selector) {
            return objectLines((await check(kubectlArgs.list(ns, selector))).stdout);
        },
    };
}


/***/ }),

/***/ 4225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ createPostgres),
/* harmony export */   QJ: () => (/* binding */ MissingDatabaseError)
/* harmony export */ });
/* unused harmony exports MIN_SERVER_VERSION_NUM, sslAttempts, quoteIdentifier, explainPostgresError */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4988);


/** Older servers are refused: out of upstream support and never tested with the backend. */
const MIN_SERVER_VERSION_NUM = 130000;
/** How the preflight connects for the URL's sslmode, tried in order (prefer falls back to plain). */
function sslAttempts(sslmode, host) {
    const servername = /^[\d.:]+$/.test(host) ? undefined : host;
    const verify = { rejectUnauthorized: true, ...(servername ? { servername } : {}) };
    switch ((sslmode ?? "prefer").toLowerCase()) {
        case "disable":
            return [false];
        case "allow":
            return [false, { rejectUnauthorized: false }];
        case "require":
            // The backend verifies the certificate and host name when it enforces sslmode=require.
            return [verify];
        case "verify-ca":
        case "verify-full":
            return [verify];
        default:
            return [{ rejectUnauthorized: false }, false];
    }
}
/** Quotes an identifier for SQL: double quotes, inner quotes doubled. */
function quoteIdentifier(name) {
    if (name.includes("\0"))
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3("A database name cannot contain NUL.");
    return `"${name.replaceAll('"', '""')}"`;
}
/** The backend's database is missing and create-database is off (doctor reports what `up` would do). */
class MissingDatabaseError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3 {
    name = "MissingDatabaseError";
}
/** Turns a connection error into a message naming host and port and what to do. */
function explainPostgresError(error, db, sslTried) {
    const where = `Postgres at ${db.host}:${db.port} (from ${db.source})`;
    const message = error.message ?? "";
    const code = error.code ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /getaddrinfo/.test(message)) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the host name does not resolve (DNS).`, "Check the host in the URL; inside Coder, use the name the template gives the database service.");
    }
    if (code === "ECONNREFUSED") {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: connection refused, nothing listens on that port.`, "Start Postgres, or fix the host and port in the URL.");
    }
    if (code === "ETIMEDOUT" || /timeout/i.test(message)) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: no answer before the timeout.`, "A firewall or a wrong address? Check that the host is reachable from here.");
    }
    if (code === "28P01" || /password authentication failed/i.test(message)) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: password authentication failed for user "${db.user}".`, "Check the user name and password (percent-encode special characters in the URL).");
    }
    if (/SASL|client password must be a string/i.test(message) && !db.password) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the server asks user "${db.user}" for a password, and the URL has none.`, "Put the password in the URL (postgres://USER:PASSWORD@HOST, percent-encoded), or allow this client without one in pg_hba.conf.");
    }
    if (/does not support SSL/i.test(message)) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the server does not support SSL, but SSL was required.`, `Set ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("postgres-sslmode", "disable")}.`);
    }
    if (code === "28000" &&
        /no encryption|SSL off|hostnossl|no pg_hba.conf entry/i.test(message) &&
        sslTried === false) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the server refuses connections without SSL.`, `Set ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("postgres-sslmode", "require")} (or prefer).`);
    }
    if (code === "28000") {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the server refused user "${db.user}" (pg_hba.conf).`, "Allow this client in pg_hba.conf, or use another user.");
    }
    if (/self[- ]signed certificate|unable to verify|certificate|altnames/i.test(message)) {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: the server's TLS certificate could not be verified (${message}).`, "With postgres-sslmode: require the backend verifies the certificate: give its CA with PG_CA_FILE, or use postgres-sslmode: prefer or disable on a trusted network.");
    }
    if (code === "3D000") {
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: ${message}.`, `The preflight connects to the 'postgres' maintenance database; grant CONNECT on it, or set ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("postgres-preflight", false)}.`);
    }
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${where}: ${message || code || "connection failed"}.`);
}
function createPostgres(options = {}) {
    const minVersion = options.minServerVersionNum ?? MIN_SERVER_VERSION_NUM;
    /** Connects to the maintenance database with the URL's sslmode (each way in turn). */
    async function connect(db, timeoutMs) {
        // Loaded on first use: most runs (SQLite) never need a Postgres client.
        const { default: pgModule } = await __webpack_require__.e(/* import() */ 849).then(__webpack_require__.bind(__webpack_require__, 3849));
        let lastError;
        let usedSsl = false;
        for (const ssl of sslAttempts(db.sslmode, db.host)) {
            const candidate = new pgModule.Client({
                host: db.host,
                port: db.port,
                user: db.user,
                password: db.password,
                database: "postgres",
                ssl,
                connectionTimeoutMillis: timeoutMs,
                query_timeout: timeoutMs,
                application_name: "setup-coder-convex",
            });
            candidate.on("error", () => { });
            try {
                await candidate.connect();
                return { client: candidate, usedSsl: ssl };
            }
            catch (error) {
                lastError = error;
                usedSsl = ssl;
                await candidate.end().catch(() => { });
            }
        }
        throw explainPostgresError(lastError ?? new Error("connection failed"), db, usedSsl);
    }
    return {
        async dropDatabase(db, options = {}) {
            const { client, usedSsl } = await connect(db, options.timeoutMs ?? 10_000);
            try {
                const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name]);
                if (exists.rowCount === 0)
                    return "absent";
                // WITH (FORCE) (PostgreSQL 13+, the oldest supported here) ends the sessions still open.
                await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db.name)} WITH (FORCE)`);
                return "dropped";
            }
            catch (error) {
                const e = error;
                if (e.code === "42501")
                    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`User "${db.user}" may not drop database "${db.name}" on ${db.host}:${db.port} (from ${db.source}): only its owner or a superuser may.`, `Drop it as its owner (DROP DATABASE ${quoteIdentifier(db.name)};), or leave ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("drop-database")} off.`);
                if (e instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3)
                    throw e;
                throw explainPostgresError(e, db, usedSsl);
            }
            finally {
                await client.end().catch(() => { });
            }
        },
        async preflight(db, options) {
            const { client, usedSsl } = await connect(db, options.timeoutMs ?? 5000);
            try {
                const version = await client.query("SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version");
                const row = version.rows[0];
                if (Number(row.server_version_num) < minVersion) {
                    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`Postgres at ${db.host}:${db.port} (from ${db.source}) runs version ${row.server_version}; setup-coder-convex needs ${Math.floor(minVersion / 10000)} or newer.`, `Upgrade the server, or leave ${(0,_core_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("postgres-url")} empty to use the backend's embedded SQLite.`);
                }
                const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name]);
                let created = false;
                if (exists.rowCount === 0) {
                    if (!options.createDatabase) {
                        throw new MissingDatabaseError(`Postgres at ${db.host}:${db.port} (from ${db.source}) has no database "${db.name}", which the backend needs and never creates itself.`, `Create it (CREATE DATABASE ${quoteIdentifier(db.name)};), or let setup-coder-convex create it: create-database is on by default (input create-database: true, flag --create-database).`);
                    }
                    try {
                        await client.query(`CREATE DATABASE ${quoteIdentifier(db.name)}`);
                        created = true;
                    }
                    catch (error) {
                        const e = error;
                        if (e.code === "42P04")
                            created = false; // created concurrently: fine
                        else if (e.code === "42501") {
                            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`User "${db.user}" may not create databases on ${db.host}:${db.port} (from ${db.source}; no CREATEDB), and database "${db.name}" does not exist.`, `Ask an administrator to run: CREATE DATABASE ${quoteIdentifier(db.name)} OWNER ${quoteIdentifier(db.user)};  or: ALTER ROLE ${quoteIdentifier(db.user)} CREATEDB;`);
                        }
                        else
                            throw explainPostgresError(e, db, usedSsl);
                    }
                }
                return { serverVersion: row.server_version, database: db.name, created, ssl: usedSsl !== false };
            }
            finally {
                await client.end().catch(() => { });
            }
        },
    };
}


/***/ }),

/***/ 1169:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ej: () => (/* binding */ createProcessRunner),
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   Qd: () => (/* binding */ CommandError),
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   fM: () => (/* binding */ lastLine),
/* harmony export */   kc: () => (/* binding */ displayCommand)
/* harmony export */ });
/* unused harmony export runChecked */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_child_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8111);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/** Runs programs without a shell: argv arrays in, exit code and output out. */



function displayCommand(command) {
    return [command.command, ...command.args]
        .map((a) => (/^[\w./:=@-]+$/.test(a) ? a : JSON.stringify(a)))
        .join(" ");
}
/** The last non-empty line of a program's error output: the most useful one, usually. */
function lastLine(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    return lines.at(-1) ?? "";
}
/**
 * "`docker pull x` failed (exit 1): <line>". `line`: what says why; by default the last line of
 * the error output, else of the output.
 */
function describeFailure(display, result, line) {
    const why = line ?? (lastLine(result.stderr) || lastLine(result.stdout));
    return `\`${display}\` failed (exit ${result.code}): ${why || "no output"}`;
}
class CommandError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .SetupError */ .w3 {
    display;
    result;
    name = "CommandError";
    /** `result` is undefined when the program did not run (`cause`: the error from spawn). */
    constructor(display, result, hint, message, options) {
        super(message ?? (result ? describeFailure(display, result) : `\`${display}\` failed: no output`), hint, options);
        this.display = display;
        this.result = result;
    }
}
/** The program did not start because it does not exist (spawn's ENOENT), not because it was stopped. */
function isNotFound(error) {
    return (error instanceof CommandError &&
        error.result === undefined &&
        error.cause?.code === "ENOENT");
}
/** Runs and throws a CommandError (last stderr line as the message) on a non-zero exit. */
async function runChecked(runner, command, options) {
    const result = await runner.run(command, options);
    if (result.code !== 0)
        throw new CommandError(displayCommand(command), result, options?.hint);
    return result;
}
/** How long a stopped child has to end after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;
/**
 * Runs programs. Every child gets an environment without the runner's internals and the action's
 * inputs (core/child-env.ts). `stop`: aborting it stops every child still running (SIGINT or
 * SIGTERM on this process), on top of each command's own signal; the run is rejected once the
 * child has ended.
 */
function createProcessRunner(options = {}) {
    return {
        run(command, runOptions) {
            return new Promise((resolve, reject) => {
                const env = Object.fromEntries(Object.entries((0,_core_child_env_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveChildEnv */ .BD)(command.env ?? process.env)).filter((e) => e[1] !== undefined));
                const signals = [command.signal, options.stop].filter((s) => s !== undefined);
                const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
                const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command.command, [...command.args], {
                    cwd: command.cwd,
                    env,
                    shell: false,
                    stdio: ["pipe", "pipe", "pipe"],
                    timeout: command.timeoutMs,
                    ...(signal ? { signal } : {}),
                });
                let stdout = "";
                let stderr = "";
                child.stdout.setEncoding("utf8").on("data", (chunk) => {
                    stdout += chunk;
                    runOptions?.onStdout?.(chunk);
                });
                child.stderr.setEncoding("utf8").on("data", (chunk) => {
                    stderr += chunk;
                    runOptions?.onStderr?.(chunk);
                });
                let stopped;
                child.on("error", (error) => {
                    const display = displayCommand(command);
                    const cause = { cause: error };
                    if (error.name === "AbortError") {
                        // Reported once the child is gone (the ports it held free, its files written), not
                        // when it is signalled; SIGKILL when SIGTERM has not ended it after a grace period.
                        stopped = new CommandError(display, undefined, undefined, `\`${display}\` was stopped: no longer needed.`, cause);
                        const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
                        kill.unref();
                        child.once("close", () => clearTimeout(kill));
                        // (Never started: no close will come.)
                        if (child.pid === undefined)
                            reject(stopped);
                    }
                    else if (error.code === "ENOENT") {
                        reject(new CommandError(display, undefined, `Install ${command.command} or put it on PATH.`, `\`${command.command}\` was not found on PATH.`, cause));
                    }
                    else
                        reject(new CommandError(display, undefined, undefined, `\`${display}\` could not start: ${error.message}`, cause));
                });
                child.on("close", (code, signal) => {
                    if (stopped)
                        reject(stopped);
                    else
                        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
                });
                child.stdin.on("error", () => { });
                child.stdin.end(command.input ?? "");
            });
        },
    };
}


/***/ }),

/***/ 3252:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gh: () => (/* binding */ maskAll),
/* harmony export */   ml: () => (/* binding */ systemClock)
/* harmony export */ });
/* unused harmony export Redactor */
/** The small side-effect interfaces the orchestrator needs besides processes, files and HTTP. */
const systemClock = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    every(ms, fn) {
        const timer = setInterval(fn, ms);
        timer.unref();
        return () => clearInterval(timer);
    },
};
/** Masks a value and, for multi-line values, each of its lines (as the Actions runner does). */
function maskAll(logger, value) {
    if (!value)
        return;
    logger.mask(value);
    for (const line of value.split(/\r?\n/))
        if (line.trim().length >= 4)
            logger.mask(line.trim());
}
/**
 * A redactor for loggers that are not the Actions runner (the CLI): it replaces every
 * registered secret in a text with ***.
 */
class Redactor {
    secrets = [];
    add(secret) {
        if (secret.length < 4 || this.secrets.includes(secret))
            return;
        this.secrets.push(secret);
        this.secrets.sort((a, b) => b.length - a.length);
    }
    redact(text) {
        let out = text;
        for (const s of this.secrets)
            out = out.split(s).join("***");
        return out;
    }
}


/***/ }),

/***/ 8111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BD: () => (/* binding */ deriveChildEnv)
/* harmony export */ });
/* unused harmony exports WITHHELD_ENV, WITHHELD_PREFIXES, isWithheld */
/**
 * The environment given to child processes. Previews run on pull requests, so the repository's
 * code (its `node_modules/.bin/convex`, its convex.json, the scripts the convex CLI runs) is not
 * trusted. A JavaScript action's process holds runner internals that a `run:` step does not
 * get; none of them may reach a child. See docs/backend-facts.md#actions-platform.
 */
/** Removed from every child's environment, each with the reason. */
const WITHHELD_ENV = [
    [
        "ACTIONS_RUNTIME_TOKEN",
        "the runner's token for the cache and artifact services (given to JavaScript actions only)",
    ],
    ["ACTIONS_RUNTIME_URL", "the runner's service URL that goes with that token"],
    ["ACTIONS_CACHE_URL", "the cache service: code holding it and the token could poison the cache"],
    ["ACTIONS_CACHE_SERVICE_V2", "the cache service's protocol switch"],
    ["ACTIONS_RESULTS_URL", "the results (artifact, cache v2) service"],
    ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "mints OIDC tokens that cloud providers trust as this workflow"],
    ["ACTIONS_ID_TOKEN_REQUEST_URL", "where those OIDC tokens are minted"],
    ["GITHUB_STATE", "the step's state file: a child could plant what the post step acts on"],
    ["GITHUB_OUTPUT", "the step's outputs file: a child could forge this action's outputs"],
    ["GITHUB_ENV", "exports to later steps: a child could change every later step's environment"],
    ["GITHUB_PATH", "PATH of later steps: a child could put its own programs first"],
    ["GITHUB_STEP_SUMMARY", "the job summary: a child could write into this action's summary"],
];
/** Prefixes removed too: the action's inputs (the instance secret, a private key) and the post step's saved state. */
const WITHHELD_PREFIXES = [
    ["INPUT_", "the action's inputs, secrets among them (instance-secret, jwt-private-key, env-vars)"],
    ["STATE_", "the state main saved for the post step"],
];
const WITHHELD = new Set(WITHHELD_ENV.map(([name]) => name));
function isWithheld(name) {
    const upper = name.toUpperCase();
    return WITHHELD.has(upper) || WITHHELD_PREFIXES.some(([prefix]) => upper.startsWith(prefix));
}
/** The environment without the runner's internals and the action's inputs. */
function deriveChildEnv(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !isWithheld(name)));
}


/***/ }),

/***/ 1591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ DEFAULT_DASHBOARD_IMAGE),
/* harmony export */   GT: () => (/* binding */ deriveOriginForwards),
/* harmony export */   J1: () => (/* binding */ renderCompose),
/* harmony export */   Ke: () => (/* binding */ deriveProjectName),
/* harmony export */   LO: () => (/* binding */ deriveDroppedEnv),
/* harmony export */   Lw: () => (/* binding */ BACKEND_SERVICE),
/* harmony export */   QQ: () => (/* binding */ DEFAULT_RELEASE_CONVEX),
/* harmony export */   f0: () => (/* binding */ DEFAULT_BACKEND_IMAGE),
/* harmony export */   fm: () => (/* binding */ CONTAINER_PORTS)
/* harmony export */ });
/* unused harmony exports DEFAULT_RELEASE, DASHBOARD_SERVICE, FORWARDER_SERVICE, renderForwarderScript */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1221);
/**
 * docker-compose.convex.yml for the backend, the dashboard and, when needed, an origin forwarder.
 * Secrets never appear in this file: the backend reads them from its env_file.
 */


/**
 * Backend and dashboard images pinned to one release: the head of get-convex/convex-backend's
 * `release` branch on 2026-08-21 (its release workflow publishes both images under that SHA; the
 * branch's npm-packages/convex is 1.45.0).
 */
const DEFAULT_RELEASE = "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf";
/** The convex npm version in that release's tree: the CLI to pin for no version skew. */
const DEFAULT_RELEASE_CONVEX = "1.45.0";
const DEFAULT_BACKEND_IMAGE = `ghcr.io/get-convex/convex-backend:${DEFAULT_RELEASE}`;
const DEFAULT_DASHBOARD_IMAGE = `ghcr.io/get-convex/convex-dashboard:${DEFAULT_RELEASE}`;
/** Ports inside the containers; fixed by the images. */
const CONTAINER_PORTS = { ..._urls_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_PORTS */ .J2 };
const BACKEND_SERVICE = "backend";
const DASHBOARD_SERVICE = "dashboard";
const FORWARDER_SERVICE = "origin-forwarder";
/**
 * The [listen, target] port pairs the backend needs inside its container to reach its own
 * origins: an origin on this machine (localhost, 127.x, [::1]) whose port is not the container's
 * port answers nothing in there (docs/backend-facts.md#backend-container). Empty when no forwarder is needed.
 */
function deriveOriginForwards(cloudOrigin, siteOrigin) {
    const pairs = [];
    for (const [origin, target] of [
        [cloudOrigin, CONTAINER_PORTS.api],
        [siteOrigin, CONTAINER_PORTS.site],
    ]) {
        if (!(0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .isLocalUrl */ .Lr)(origin))
            continue;
        const url = new URL(origin);
        const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
        if (port !== target && !pairs.some(([p]) => p === port))
            pairs.push([port, target]);
    }
    return pairs;
}
/** The forwarder's program: listens on each host port and pipes to the container port. */
function renderForwarderScript(pairs) {
    return [
        "const net=require('net');",
        `for(const [from,to] of ${JSON.stringify(pairs)}){`,
        "net.createServer(s=>{const c=net.connect(to,'127.0.0.1');s.pipe(c).pipe(s);",
        "s.on('error',()=>c.destroy());c.on('error',()=>s.destroy());}).listen(from);}",
    ].join("");
}
/** Compose interpolates `$` in the YAML itself: double it in values that reach a container. */
function literal(value) {
    return value.replaceAll("$", "$$$$");
}
/** Renders the compose file as YAML text. */
function renderCompose(options) {
    // Published on loopback only: the backend and its admin API are not for the network.
    const bind = "127.0.0.1";
    const backendImage = options.backendImage ?? DEFAULT_BACKEND_IMAGE;
    const dashboardImage = options.dashboardImage ?? DEFAULT_DASHBOARD_IMAGE;
    const environment = {
        INSTANCE_NAME: literal(options.instanceName),
        CONVEX_CLOUD_ORIGIN: literal(options.cloudOrigin),
        CONVEX_SITE_ORIGIN: literal(options.siteOrigin),
    };
    // The backend treats ANY non-empty value as "on": the variable exists only when on.
    if (options.doNotRequireSsl)
        environment.DO_NOT_REQUIRE_SSL = "1";
    if (options.disableBeacon)
        environment.DISABLE_BEACON = "1";
    // A boolean the backend parses as true/false (crates/common knobs), unlike the flags above.
    environment.DISABLE_METRICS_ENDPOINT = options.metricsEndpoint ? "false" : "true";
    for (const [name, value] of options.backendEnv ?? [])
        environment[name] = literal(value);
    const backend = {
        image: backendImage,
        stop_signal: "SIGINT",
        stop_grace_period: "10s",
        ports: [
            `${bind}:${options.ports.api}:${CONTAINER_PORTS.api}`,
            `${bind}:${options.ports.site}:${CONTAINER_PORTS.site}`,
        ],
        volumes: ["data:/convex/data"],
        env_file: [options.envFile],
        environment,
        healthcheck: {
            test: ["CMD", "curl", "-f", `http://localhost:${CONTAINER_PORTS.api}/version`],
            interval: "2s",
            timeout: "5s",
            start_period: "10s",
            retries: 30,
        },
    };
    if (options.extraHosts?.length)
        backend.extra_hosts = [...options.extraHosts];
    const services = { [BACKEND_SERVICE]: backend };
    if (options.originForwards?.length) {
        services[FORWARDER_SERVICE] = {
            // The backend image ships Node.js (/usr/bin/node, for node actions): no extra image to pull.
            image: backendImage,
            network_mode: `service:${BACKEND_SERVICE}`,
            entrypoint: ["node", "-e", renderForwarderScript(options.originForwards)],
            restart: "unless-stopped",
            depends_on: [BACKEND_SERVICE],
        };
    }
    if (options.dashboard) {
        services[DASHBOARD_SERVICE] = {
            image: dashboardImage,
            stop_signal: "SIGINT",
            stop_grace_period: "10s",
            ports: [`${bind}:${options.ports.dashboard}:${CONTAINER_PORTS.dashboard}`],
            environment: { NEXT_PUBLIC_DEPLOYMENT_URL: literal(options.dashboardDeploymentUrl) },
            // Started, not healthy: the dashboard needs nothing from the backend to start (the browser
            // connects), and waiting for the healthcheck would hold `docker compose up` for seconds.
            depends_on: [BACKEND_SERVICE],
        };
    }
    const doc = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Document */ .yo({ name: options.projectName, services, volumes: { data: {} } });
    doc.commentBefore =
        " Written by setup-coder-convex. Rewritten on every run: change its inputs instead.\n Secrets are in the env_file, never here.";
    return doc.toString({ lineWidth: 0 });
}
/** Compose project names: lowercase letters, digits, dashes and underscores, starting alphanumeric. */
function deriveProjectName(base) {
    const cleaned = base
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, "-")
        .replace(/^[^a-z0-9]+/, "")
        .replace(/-+$/, "");
    return `convex-${cleaned || "app"}`.slice(0, 63).replace(/-+$/, "");
}
/** Names docker and compose read for themselves (where the engine is, how to run): never dropped. */
const COMPOSE_OWN_ENV = /^(DOCKER_|COMPOSE_|BUILDKIT_|BUILDX_|XDG_)|^(PATH|HOME|USER|TMPDIR|SHELL)$/i;
/**
 * The env_file names removed from compose's own environment before `up`. Defensive: compose-go
 * keeps an env_file `KEY=value` over its environment, but some compose releases let the
 * environment win (docs/backend-facts.md#actions-platform), and a POSTGRES_URL exported in CI must
 * not replace the normalised one. Names that configure docker or compose themselves are kept: a
 * line in the env file must never change where or how compose runs.
 */
function deriveDroppedEnv(envFileKeys) {
    return envFileKeys.filter((name) => !COMPOSE_OWN_ENV.test(name));
}


/***/ }),

/***/ 4215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AE: () => (/* binding */ INSTANCE_KINDS),
/* harmony export */   BJ: () => (/* binding */ MAX_KUBE_INSTANCE_NAME),
/* harmony export */   Cd: () => (/* binding */ isDnsLabel),
/* harmony export */   Ep: () => (/* binding */ isQuantity),
/* harmony export */   NM: () => (/* binding */ parsePodStates),
/* harmony export */   P6: () => (/* binding */ instanceSelector),
/* harmony export */   PB: () => (/* binding */ deriveKubeNames),
/* harmony export */   XA: () => (/* binding */ parseInstanceSecret),
/* harmony export */   e: () => (/* binding */ deriveIngressHosts),
/* harmony export */   hO: () => (/* binding */ renderManifests),
/* harmony export */   kg: () => (/* binding */ LABELS),
/* harmony export */   ll: () => (/* binding */ deriveIngressUrls),
/* harmony export */   lt: () => (/* binding */ buildManifests),
/* harmony export */   sg: () => (/* binding */ isDnsSubdomain),
/* harmony export */   vy: () => (/* binding */ FIELD_MANAGER)
/* harmony export */ });
/* unused harmony exports DATA_PATH, SECRET_KEYS, SECRET_DIGEST_ANNOTATION, OWNER_ANNOTATION, instanceLabels, DASHBOARD_UID, NETWORK_POLICY_EXCEPT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1591);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/**
 * target kubernetes, the pure part: object names, labels, Ingress hosts and URLs, and the
 * manifests as typed data (the types of kubernetes-objects.ts; every shape is checked against the
 * Kubernetes OpenAPI schema by the tests, __tests__/core/kubernetes-schema.test.ts). Never a
 * string template: the YAML text is printed from the objects.
 */




const FIELD_MANAGER = "setup-coder-convex";
/** Where the backend image keeps its data (SQLite, file storage, module sources). */
const DATA_PATH = "/convex/data";
/** Keys of the instance's Secret. */
const SECRET_KEYS = {
    instanceSecret: "instance-secret",
    postgresUrl: "postgres-url",
    jwtPrivateKey: "jwt-private-key",
    /** Better Auth's BETTER_AUTH_SECRET: kept for reruns, not given to the pod (it is a deployment variable). */
    betterAuthSecret: "better-auth-secret",
};
const SECRET_DIGEST_ANNOTATION = "setup-coder-convex/secret-digest";
/** Who made the instance (GITHUB_REPOSITORY in the action): another owner's instance is never touched. */
const OWNER_ANNOTATION = "setup-coder-convex/owner";
const LABELS = {
    name: "app.kubernetes.io/name",
    instance: "app.kubernetes.io/instance",
    component: "app.kubernetes.io/component",
    managedBy: "app.kubernetes.io/managed-by",
};
/**
 * The longest instance name kubernetes takes: the StatefulSet `convex-<name>`'s pods carry the
 * label controller-revision-hash=`<statefulset>-<10-character hash>`, at most 63 characters, and
 * the dashboard is `convex-<name>-dashboard`.
 */
const MAX_KUBE_INSTANCE_NAME = 35;
/** The kinds `down` deletes by label (PVCs too: a StatefulSet's claims outlive it). */
const INSTANCE_KINDS = [
    "statefulset",
    "deployment",
    "service",
    "ingress",
    "secret",
    "persistentvolumeclaim",
];
function deriveKubeNames(instanceName) {
    // Service names are DNS-1035 labels: letters, digits and -, starting with a letter. Instance
    // names with _ are refused for kubernetes (core/config.ts); the replacement serves messages.
    const backend = `convex-${instanceName.replaceAll("_", "-")}`;
    return { backend, dashboard: `${backend}-dashboard`, claim: `data-${backend}-0` };
}
function instanceLabels(instanceName) {
    return {
        [LABELS.name]: "convex",
        [LABELS.instance]: instanceName,
        [LABELS.managedBy]: FIELD_MANAGER,
    };
}
/** The label selector of everything this tool made for an instance (and nothing else). */
function instanceSelector(instanceName) {
    return Object.entries(instanceLabels(instanceName))
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}
const DNS_LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN_RE = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
/** A Kubernetes resource quantity for storage: 1Gi, 500Mi, 10G. */
const QUANTITY_RE = /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
function isDnsLabel(text) {
    return DNS_LABEL_RE.test(text);
}
function isDnsSubdomain(text) {
    return DNS_SUBDOMAIN_RE.test(text) && text.split(".").every((l) => l.length <= 63);
}
function isQuantity(text) {
    return QUANTITY_RE.test(text);
}
/**
 * The Ingress hosts from a template such as `{instance}.preview.example.com`: the API at the
 * instance's name, the site proxy at `<instance>-site`, the dashboard at `<instance>-dashboard`.
 */
function deriveIngressHosts(template, instanceName) {
    const count = template.split("{instance}").length - 1;
    if (count !== 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`"${template}" must hold {instance} exactly once (e.g. {instance}.preview.example.com).`, "Each instance gets its own hosts from it: <instance>, <instance>-site and <instance>-dashboard.");
    }
    if (instanceName.includes("_")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`instance-name "${instanceName}" holds _, which host names cannot.`, "Use - instead of _ in instance-name.");
    }
    const host = (suffix) => template.replace("{instance}", `${instanceName}${suffix}`).toLowerCase();
    const hosts = { api: host(""), site: host("-site"), dashboard: host("-dashboard") };
    for (const h of Object.values(hosts)) {
        if (!isDnsSubdomain(h)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`"${h}" (from "${template}") is not a host name: lowercase letters, digits, - and dots, each part at most 63 characters.`);
        }
    }
    return hosts;
}
/** The public URLs an Ingress gives: https when a TLS secret is given, http otherwise. */
function deriveIngressUrls(hosts, tls, coder) {
    const scheme = tls ? "https" : "http";
    return {
        apiUrl: `${scheme}://${hosts.api}`,
        siteUrl: `${scheme}://${hosts.site}`,
        dashboardUrl: `${scheme}://${hosts.dashboard}`,
        source: "ingress",
        local: false,
        coder,
    };
}
/** The dashboard image's user and group (Dockerfile.dashboard: `useradd --uid 1001`, `USER nextjs`). */
const DASHBOARD_UID = 1001;
/**
 * The tightest container settings the images allow (docs/kubernetes-facts.md): no privilege
 * escalation, no capability, a read-only root file system (the backend writes only under
 * /convex/data, its TMPDIR included; both get an empty /tmp). The backend's image has no USER and
 * its scripts are 0744 root's, so it runs as root; the dashboard's runs as nextjs.
 */
const CONTAINER_SECURITY = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
};
/** No service account token in the pods (the app's Node actions run there), no service variables. */
const POD_DEFAULTS = {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
};
/** Link-local addresses (the clouds' instance metadata services among them): never reached from the pods. */
const NETWORK_POLICY_EXCEPT = {
    ipv4: ["169.254.0.0/16"],
    ipv6: ["fe80::/10", "fd00:ec2::254/128"],
};
const fromSecret = (name, key) => ({ secretKeyRef: { name, key } });
/**
 * Secret, StatefulSet (one replica, readiness on /version, a volume for /convex/data), Service,
 * the dashboard's Deployment and Service when asked, an Ingress when hosts are given, and a
 * NetworkPolicy when asked. Every object carries the instance's labels and the namespace.
 */
function buildManifests(input) {
    const labels = instanceLabels(input.instanceName);
    const parts = {
        input,
        names: deriveKubeNames(input.instanceName),
        labels,
        meta: (name, component) => ({
            name,
            namespace: input.namespace,
            labels: component ? { ...labels, [LABELS.component]: component } : { ...labels },
            ...(input.owner ? { annotations: { [OWNER_ANNOTATION]: input.owner } } : {}),
        }),
        backendSelector: { ...labels, [LABELS.component]: "backend" },
    };
    return [
        buildSecret(parts),
        buildStatefulSet(parts),
        buildBackendService(parts),
        ...(input.dashboard ? buildDashboard(parts) : []),
        ...(input.ingress ? [buildIngress(parts, input.ingress)] : []),
        ...(input.networkPolicy ? [buildNetworkPolicy(parts)] : []),
    ];
}
function buildSecret({ input, names, meta }) {
    const b64 = (text) => Buffer.from(text, "utf8").toString("base64");
    const secretData = { [SECRET_KEYS.instanceSecret]: b64(input.instanceSecret) };
    if (input.postgresUrl)
        secretData[SECRET_KEYS.postgresUrl] = b64(input.postgresUrl);
    if (input.jwtPrivateKeyPem)
        secretData[SECRET_KEYS.jwtPrivateKey] = b64(input.jwtPrivateKeyPem);
    if (input.betterAuthSecret)
        secretData[SECRET_KEYS.betterAuthSecret] = b64(input.betterAuthSecret);
    // `data`, not `stringData`: stringData is write-only, so server-side apply cannot own it.
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta(names.backend, "backend"),
        type: "Opaque",
        data: secretData,
    };
}
/** The backend container's environment: the instance, its origins, its database, its settings. */
function backendEnv({ input, names }) {
    const env = [
        { name: "INSTANCE_NAME", value: input.instanceName },
        { name: "INSTANCE_SECRET", valueFrom: fromSecret(names.backend, SECRET_KEYS.instanceSecret) },
        { name: "CONVEX_CLOUD_ORIGIN", value: input.cloudOrigin },
        { name: "CONVEX_SITE_ORIGIN", value: input.siteOrigin },
    ];
    if (input.postgresUrl)
        env.push({ name: "POSTGRES_URL", valueFrom: fromSecret(names.backend, SECRET_KEYS.postgresUrl) });
    // The backend treats any non-empty value as "on": the variable exists only when on.
    if (input.doNotRequireSsl)
        env.push({ name: "DO_NOT_REQUIRE_SSL", value: "1" });
    // A boolean the backend parses as true/false (crates/common knobs), unlike the flag above.
    env.push({ name: "DISABLE_METRICS_ENDPOINT", value: input.metricsEndpoint ? "false" : "true" });
    for (const [name, value] of input.backendEnv ?? []) {
        // The kubelet expands $(VAR) in values; $$ keeps a literal $.
        const entry = { name, value: value.replaceAll("$(", "$$$$(") };
        const at = env.findIndex((e) => e.name === name);
        if (at === -1)
            env.push(entry);
        else
            env[at] = entry;
    }
    return env;
}
function buildStatefulSet(parts) {
    const { input, names, labels, meta, backendSelector } = parts;
    const env = backendEnv(parts);
    const backend = {
        name: "backend",
        image: input.images.backend,
        env,
        ports: [
            { name: "api", containerPort: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.api },
            { name: "site", containerPort: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.site },
        ],
        readinessProbe: {
            httpGet: { path: "/version", port: "api" },
            periodSeconds: 2,
            timeoutSeconds: 5,
            failureThreshold: 3,
        },
        // With Postgres too: file storage and module sources stay on local disk (docs/kubernetes-facts.md).
        volumeMounts: [
            { name: "data", mountPath: DATA_PATH },
            { name: "tmp", mountPath: "/tmp" },
        ],
        // The backend (PID 1) shuts down cleanly on SIGINT only; Kubernetes sends SIGTERM.
        lifecycle: { preStop: { exec: { command: ["sh", "-c", "kill -INT 1"] } } },
        securityContext: CONTAINER_SECURITY,
    };
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: meta(names.backend, "backend"),
        spec: {
            replicas: 1,
            serviceName: names.backend,
            selector: { matchLabels: backendSelector },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Retain" },
            template: {
                metadata: {
                    labels: { ...labels, [LABELS.component]: "backend" },
                    // The pod reads the Secret at start: a changed Postgres URL rolls it (a one-way digest).
                    annotations: {
                        [SECRET_DIGEST_ANNOTATION]: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
                            .update(`${input.instanceSecret}\n${input.postgresUrl ?? ""}`)
                            .digest("hex")
                            .slice(0, 16),
                    },
                },
                spec: {
                    terminationGracePeriodSeconds: 10,
                    ...POD_DEFAULTS,
                    securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                    containers: [backend],
                    volumes: [{ name: "tmp", emptyDir: {} }],
                },
            },
            volumeClaimTemplates: [
                {
                    metadata: { name: "data", labels: { ...labels, [LABELS.component]: "backend" } },
                    spec: {
                        accessModes: ["ReadWriteOnce"],
                        resources: { requests: { storage: input.volumeSize } },
                    },
                },
            ],
        },
    };
}
function buildBackendService({ names, meta, backendSelector }) {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta(names.backend, "backend"),
        spec: {
            selector: backendSelector,
            ports: [
                { name: "api", port: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.api, targetPort: "api" },
                { name: "site", port: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.site, targetPort: "site" },
            ],
        },
    };
}
/** The dashboard's Deployment and Service. */
function buildDashboard({ input, names, labels, meta }) {
    const dashboardSelector = { ...labels, [LABELS.component]: "dashboard" };
    return [
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: meta(names.dashboard, "dashboard"),
            spec: {
                replicas: 1,
                selector: { matchLabels: dashboardSelector },
                template: {
                    metadata: { labels: { ...labels, [LABELS.component]: "dashboard" } },
                    spec: {
                        ...POD_DEFAULTS,
                        securityContext: {
                            runAsNonRoot: true,
                            runAsUser: DASHBOARD_UID,
                            runAsGroup: DASHBOARD_UID,
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                        containers: [
                            {
                                name: "dashboard",
                                image: input.images.dashboard,
                                env: [{ name: "NEXT_PUBLIC_DEPLOYMENT_URL", value: input.dashboardDeploymentUrl }],
                                ports: [{ name: "http", containerPort: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.dashboard }],
                                securityContext: CONTAINER_SECURITY,
                                // Next.js's server writes its cache there (and temporary files in /tmp).
                                volumeMounts: [
                                    { name: "tmp", mountPath: "/tmp" },
                                    { name: "next-cache", mountPath: "/app/.next/cache" },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "tmp", emptyDir: {} },
                            { name: "next-cache", emptyDir: {} },
                        ],
                    },
                },
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: meta(names.dashboard, "dashboard"),
            spec: {
                selector: dashboardSelector,
                ports: [{ name: "http", port: _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.dashboard, targetPort: "http" }],
            },
        },
    ];
}
function buildIngress({ names, meta, input }, ingress) {
    const { hosts, className, tlsSecret } = ingress;
    const rule = (host, service, port) => ({
        host,
        http: {
            paths: [
                {
                    path: "/",
                    pathType: "Prefix",
                    backend: { service: { name: service, port: { name: port } } },
                },
            ],
        },
    });
    const rules = [rule(hosts.api, names.backend, "api"), rule(hosts.site, names.backend, "site")];
    if (input.dashboard)
        rules.push(rule(hosts.dashboard, names.dashboard, "http"));
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: meta(names.backend, "backend"),
        spec: {
            ...(className ? { ingressClassName: className } : {}),
            ...(tlsSecret ? { tls: [{ hosts: rules.map((r) => r.host), secretName: tlsSecret }] } : {}),
            rules,
        },
    };
}
function buildNetworkPolicy({ labels, meta, names }) {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: meta(names.backend),
        spec: {
            // Every pod of the instance (backend and dashboard).
            podSelector: { matchLabels: { ...labels } },
            policyTypes: ["Ingress", "Egress"],
            // In: the services' ports only, from anywhere (an Ingress controller, other namespaces).
            ingress: [
                {
                    ports: [_compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.api, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.site, _compose_js__WEBPACK_IMPORTED_MODULE_2__/* .CONTAINER_PORTS */ .fm.dashboard].map((port) => ({
                        protocol: "TCP",
                        port,
                    })),
                },
            ],
            // Out: anywhere (Postgres, DNS, the APIs the app's actions call) but link-local addresses.
            egress: [
                {
                    to: [
                        { ipBlock: { cidr: "0.0.0.0/0", except: [...NETWORK_POLICY_EXCEPT.ipv4] } },
                        { ipBlock: { cidr: "::/0", except: [...NETWORK_POLICY_EXCEPT.ipv6] } },
                    ],
                },
            ],
        },
    };
}
/** The manifests as one multi-document YAML text (for `kubectl apply -f -` and `render`). */
function renderManifests(objects) {
    return objects
        .map((o, i) => {
        const doc = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .Document */ .yo(o);
        if (i === 0)
            doc.commentBefore =
                " Written by setup-coder-convex (target kubernetes). It holds a Secret: keep it out of git.";
        return doc.toString({ lineWidth: 0 });
    })
        .join("---\n");
}
/** Reads the instance's Secret as `kubectl get secret -o json` prints it. */
function parseInstanceSecret(json) {
    const secret = JSON.parse(json);
    const read = (key) => {
        const value = secret.data?.[key];
        return value ? Buffer.from(value, "base64").toString("utf8") : undefined;
    };
    return {
        instanceSecret: read(SECRET_KEYS.instanceSecret)?.trim().toLowerCase(),
        jwtPrivateKeyPem: read(SECRET_KEYS.jwtPrivateKey),
        betterAuthSecret: read(SECRET_KEYS.betterAuthSecret),
        managed: secret.metadata?.labels?.[LABELS.managedBy] === FIELD_MANAGER,
        owner: secret.metadata?.annotations?.[OWNER_ANNOTATION],
    };
}
/** A pod's state as `kubectl get pods -o json` reports it, in compose's words (exited = crashing). */
function parsePodStates(json) {
    const list = JSON.parse(json);
    return (list.items ?? []).map((pod) => {
        const service = pod.metadata?.labels?.[LABELS.component] ?? "backend";
        const status = pod.status?.containerStatuses?.[0];
        const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
        const crashing = status?.state?.waiting?.reason === "CrashLoopBackOff" ||
            status?.state?.terminated !== undefined ||
            pod.status?.phase === "Failed";
        return {
            service,
            state: crashing ? "exited" : (pod.status?.phase ?? "unknown").toLowerCase(),
            ...(crashing && terminated?.exitCode !== undefined ? { exitCode: terminated.exitCode } : {}),
        };
    });
}


/***/ }),

/***/ 1221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $W: () => (/* binding */ deriveFrontendUrl),
/* harmony export */   Cm: () => (/* binding */ deriveUrls),
/* harmony export */   J2: () => (/* binding */ DEFAULT_PORTS),
/* harmony export */   L2: () => (/* binding */ isCoderWorkspace),
/* harmony export */   Lr: () => (/* binding */ isLocalUrl),
/* harmony export */   ws: () => (/* binding */ normalizePublicUrl)
/* harmony export */ });
/* unused harmony export DEFAULT_SLUGS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4988);
/**
 * Public URLs of the backend API (3210), the site proxy (3211) and the dashboard (6791):
 * explicit, from Coder's VSCODE_PROXY_URI template, from a Coder wildcard domain, or local.
 */


const DEFAULT_PORTS = { api: 3210, site: 3211, dashboard: 6791 };
const DEFAULT_SLUGS = { api: "convex-api", site: "convex-site", dashboard: "convex-dashboard" };
const NAME_RE = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
const MAX_LABEL = 63;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
function isCoderWorkspace(env) {
    return env.CODER === "true" || Boolean(env.CODER_WORKSPACE_NAME);
}
function isLocalUrl(url) {
    try {
        return LOCAL_HOSTS.has(new URL(url).hostname);
    }
    catch {
        return false;
    }
}
/** Checks an explicit public URL and returns it without a trailing slash. */
function normalizePublicUrl(raw, field) {
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: "${raw}" is not a URL.`, "Give an absolute URL such as https://convex-api.example.com.");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: "${raw}" must use http or https.`);
    }
    if ((url.pathname !== "/" && url.pathname !== "") ||
        url.search ||
        url.hash ||
        url.username ||
        url.password) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: "${raw}" must be an origin (scheme, host and optional port) without a path, query or credentials.`, "The backend serves from the root of its own host; remove the path.");
    }
    // The URL parser allows ' $ and friends in a host name; no DNS name or address has them, and
    // they could not be written to an env file safely.
    if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: the host "${url.hostname}" has characters no host name has.`, "Use a DNS name (letters, digits, - and .), an IPv4 address or a bracketed IPv6 address.");
    }
    return url.origin;
}
function checkName(value, variable, what) {
    if (!value) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`A Coder workspace was detected but ${variable} is empty, so the ${what} in the URLs is unknown.`, `Set ${variable} (the Coder agent sets it in new workspaces), or give ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("convex-url")} and ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("site-url")} explicitly.`);
    }
    if (!NAME_RE.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${variable}="${value}" is not a valid Coder name (letters, digits and single hyphens).`, `Check ${variable}; Coder names match [a-zA-Z0-9]+(-[a-zA-Z0-9]+)*.`);
    }
    return value;
}
function checkSlug(slug, field) {
    if (!NAME_RE.test(slug)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${field}: "${slug}" is not a valid Coder app slug (letters, digits and single hyphens).`);
    }
    return slug;
}
function checkLabel(host, source) {
    const label = host.split(".")[0] ?? "";
    if (label.length > MAX_LABEL) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`The URL host label "${label}" has ${label.length} characters; DNS allows at most ${MAX_LABEL}.`, `Shorten the app slug, workspace, agent or owner name (from ${source}), or give ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("convex-url")} and ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("site-url")} explicitly.`);
    }
}
function fromProxyUri(value) {
    const match = /^(https?):\/\/\{\{port\}\}(--[^/?#]+)\/?$/.exec(value.trim());
    if (!match) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`VSCODE_PROXY_URI="${value}" is not a subdomain template (expected https://{{port}}--agent--workspace--owner.apps.example.com).`, `Path-style proxying cannot host the Convex backend: configure a wildcard access URL in Coder, or set ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("coder-wildcard-domain")} or explicit URLs.`);
    }
    const [, scheme, rest] = match;
    return {
        source: "vscode-proxy-uri",
        build: (prefix) => {
            const host = `${prefix}${rest}`;
            checkLabel(host.replace(/:\d+$/, ""), "VSCODE_PROXY_URI");
            return `${scheme}://${host}`;
        },
    };
}
function parseAccessUrl(env) {
    const name = env.CODER_URL ? "CODER_URL" : env.CODER_AGENT_URL ? "CODER_AGENT_URL" : undefined;
    if (!name) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3("A Coder wildcard domain is known but neither CODER_URL nor CODER_AGENT_URL is set, so the scheme and port of the URLs are unknown.", "Set CODER_URL to the deployment's access URL (e.g. https://coder.example.com).");
    }
    try {
        const url = new URL(env[name]);
        if (url.protocol !== "http:" && url.protocol !== "https:")
            throw new Error("scheme");
        return url;
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${name}="${env[name]}" is not an http(s) URL.`, `Set ${name} to the Coder access URL.`);
    }
}
function fromWildcard(wildcard, env, style) {
    const domain = wildcard
        .trim()
        .replace(/^[a-z]+:\/\//i, "")
        .replace(/\/.*$/, "")
        .replace(/:\d+$/, "");
    const match = /^\*([.-])([a-zA-Z0-9.-]+)$/.exec(domain);
    if (!match || match[2].startsWith(".") || match[2].endsWith(".")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`coder-wildcard-domain: "${wildcard}" is not a wildcard domain.`, "Use the form *.apps.example.com or *-apps.example.com (Coder's CODER_WILDCARD_ACCESS_URL).");
    }
    const [, separator, rest] = match;
    const access = parseAccessUrl(env);
    const workspace = checkName(env.CODER_WORKSPACE_NAME, "CODER_WORKSPACE_NAME", "workspace name");
    const owner = checkName(env.CODER_WORKSPACE_OWNER_NAME, "CODER_WORKSPACE_OWNER_NAME", "workspace owner");
    const agentRaw = env.CODER_WORKSPACE_AGENT_NAME;
    const agent = style === "port" || agentRaw
        ? checkName(agentRaw, "CODER_WORKSPACE_AGENT_NAME", "agent name")
        : undefined;
    const port = access.port ? `:${access.port}` : "";
    return {
        source: "coder-wildcard",
        build: (prefix) => {
            const label = [prefix, agent, workspace, owner].filter(Boolean).join("--");
            const host = `${label}${separator}${rest}`;
            checkLabel(host, "the Coder environment");
            return `${access.protocol}//${host}${port}`;
        },
    };
}
/** Derives the three public URLs and says where they came from. */
function deriveUrls(env, options = {}) {
    const style = options.style ?? "app";
    const ports = { ...DEFAULT_PORTS, ...options.ports };
    const slugs = { ...DEFAULT_SLUGS, ...options.slugs };
    const coder = isCoderWorkspace(env);
    const explicitApi = options.convexUrl ? normalizePublicUrl(options.convexUrl, "convex-url") : undefined;
    const explicitSite = options.siteUrl ? normalizePublicUrl(options.siteUrl, "site-url") : undefined;
    const explicitDashboard = options.dashboardUrl
        ? normalizePublicUrl(options.dashboardUrl, "dashboard-url")
        : undefined;
    if (Boolean(explicitApi) !== Boolean(explicitSite)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${explicitApi ? "convex-url" : "site-url"} is set but ${explicitApi ? "site-url" : "convex-url"} is not.`, "Give both: the API (port 3210) and the site proxy (port 3211) URLs, or neither to have them derived.");
    }
    if (explicitApi && explicitSite) {
        const dashboardUrl = explicitDashboard ?? `http://localhost:${ports.dashboard}`;
        return {
            apiUrl: explicitApi,
            siteUrl: explicitSite,
            dashboardUrl,
            source: "explicit",
            local: isLocalUrl(explicitApi) && isLocalUrl(explicitSite),
            coder,
        };
    }
    // VSCODE_PROXY_URI first: the agent's own template for this very workspace. A path-style value
    // cannot host the backend: then the wildcard domain, or a clear error inside Coder. Outside
    // Coder a path-style value (code-server's ./proxy/{{port}}) is simply not ours to use.
    const proxyUri = env.VSCODE_PROXY_URI?.trim();
    let template;
    if (proxyUri && /^https?:\/\/\{\{port\}\}--/.test(proxyUri))
        template = fromProxyUri(proxyUri);
    else if (options.wildcardDomain)
        template = fromWildcard(options.wildcardDomain, env, style);
    else if (coder && proxyUri)
        template = fromProxyUri(proxyUri);
    else if (coder) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3("A Coder workspace was detected (CODER=true) but no wildcard app domain is known: VSCODE_PROXY_URI is not set.", `Set ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("coder-wildcard-domain")} (e.g. *.apps.example.com), or give ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("convex-url")} and ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .option */ .uK)("site-url")} explicitly (http://localhost:3210 and http://localhost:3211 to stay local).`);
    }
    if (!template) {
        return {
            apiUrl: `http://localhost:${ports.api}`,
            siteUrl: `http://localhost:${ports.site}`,
            dashboardUrl: explicitDashboard ?? `http://localhost:${ports.dashboard}`,
            source: "local",
            local: true,
            coder,
        };
    }
    const prefix = (port, slug, field) => style === "port" ? String(port) : checkSlug(slug, field);
    return {
        apiUrl: template.build(prefix(ports.api, slugs.api, "api-slug")),
        siteUrl: template.build(prefix(ports.site, slugs.site, "site-slug")),
        dashboardUrl: explicitDashboard ?? template.build(prefix(ports.dashboard, slugs.dashboard, "dashboard-slug")),
        source: template.source,
        local: false,
        coder,
    };
}
/**
 * The URL of a frontend's dev server on `port`, as the browser reaches it: inside Coder the
 * forwarded-port URL (VSCODE_PROXY_URI's template, else the wildcard domain in port style),
 * elsewhere http://localhost:<port>. @convex-dev/auth redirects sign-ins there (SITE_URL).
 */
function deriveFrontendUrl(env, port, wildcardDomain) {
    const proxyUri = env.VSCODE_PROXY_URI?.trim();
    if (proxyUri && /^https?:\/\/\{\{port\}\}--/.test(proxyUri))
        return fromProxyUri(proxyUri).build(String(port));
    if (wildcardDomain)
        return fromWildcard(wildcardDomain, env, "port").build(String(port));
    return `http://localhost:${port}`;
}


/***/ })

};
