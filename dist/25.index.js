export const id = 25;
export const ids = [25];
export const modules = {

/***/ 47256:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   lf: () => (/* binding */ openRegular),
/* harmony export */   rs: () => (/* binding */ existsNoFollow),
/* harmony export */   tF: () => (/* binding */ Confinement)
/* harmony export */ });
/* unused harmony export MAX_READ_BYTES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
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
/**
 * Opens the regular file at `path` to read it, never waiting on a FIFO (O_NONBLOCK); a folder, a
 * device, a socket or a FIFO is refused, naming it. For files read in parts (a backup ZIP), which
 * the caller has already confined.
 */
async function openRegular(path) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0));
    }
    catch (error) {
        if (error.code === "ENXIO")
            throw notRegular(path, "a socket");
        throw error;
    }
    const info = await handle.stat();
    if (info.isFile())
        return handle;
    await handle.close();
    throw notRegular(path, kindOf(info));
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

/***/ 29591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HZ: () => (/* binding */ createConvexAdmin),
/* harmony export */   JN: () => (/* binding */ readAnswer),
/* harmony export */   bB: () => (/* binding */ quoteAnswer)
/* harmony export */ });
/* unused harmony export MAX_ANSWER_BYTES */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);

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
/* harmony export */   NV: () => (/* binding */ PROJECT_LABEL),
/* harmony export */   hC: () => (/* binding */ createDocker),
/* harmony export */   m4: () => (/* binding */ dockerArgs)
/* harmony export */ });
/* unused harmony exports composeArgs, projectArgs, parsePsOutput, parseLabelRows, parseVolumeRows, explainDockerFailure, DOCKER */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(92607);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77911);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61169);
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
    // One line per container (running or not), the labels' values separated by tabs ({{.Label}}:
    // docs.docker.com/reference/cli/docker/container/ls/#format).
    labelled: (label, value, labels) => [
        "ps",
        "--all",
        "--no-trunc",
        "--filter",
        `label=${label}=${value}`,
        "--format",
        labels.map(labelField).join("\t"),
    ],
    // One line per volume: its name, then the labels' values, separated by tabs ({{.Name}} and
    // {{.Label}}: docs.docker.com/reference/cli/docker/volume/ls/#format).
    labelledVolumes: (label, value, labels) => [
        "volume",
        "ls",
        "--filter",
        `label=${label}=${value}`,
        "--format",
        ["{{.Name}}", ...labels.map(labelField)].join("\t"),
    ],
    removeVolumes: (names) => ["volume", "rm", ...names],
};
/** A --format field printing one label's value ("" when the object lacks it). */
function labelField(label) {
    return `{{.Label ${JSON.stringify(label)}}}`;
}
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
/** `docker ps --format` lines of tab-separated label values, as records. */
function parseLabelRows(stdout, labels) {
    return stdout
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((line) => {
        const values = line.split("\t");
        return Object.fromEntries(labels.map((l, i) => [l, (values[i] ?? "").trim()]));
    });
}
/** `docker volume ls --format` lines of a name and tab-separated label values (labelledVolumes). */
function parseVolumeRows(stdout, labels) {
    const NAME = "\0name";
    return parseLabelRows(stdout, [NAME, ...labels])
        .filter((row) => row[NAME])
        .map(({ [NAME]: name, ...rest }) => ({ name: name, labels: rest }));
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
        async labelled(label, value, labels) {
            const result = await check(dockerArgs.labelled(label, value, labels), { cwd: NEUTRAL_CWD });
            return parseLabelRows(result.stdout, labels);
        },
        async labelledVolumes(label, value, labels) {
            const result = await check(dockerArgs.labelledVolumes(label, value, labels), { cwd: NEUTRAL_CWD });
            return parseVolumeRows(result.stdout, labels);
        },
        async removeVolumes(names) {
            if (names.length)
                await check(dockerArgs.removeVolumes(names), { cwd: NEUTRAL_CWD });
        },
    };
}


/***/ }),

/***/ 77911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ createExec)
/* harmony export */ });
/* unused harmony export notFoundMessage */
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61169);
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

/***/ 76960:
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

/***/ 85342:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b7: () => (/* binding */ createKubectl),
/* harmony export */   yq: () => (/* binding */ kubectlArgs)
/* harmony export */ });
/* unused harmony exports explainKubectlFailure, KUBECTL */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _core_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34215);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(92607);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77911);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61169);
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
    /** One object by `type/name`, as JSON; nothing when it does not exist. */
    getObject: (ns, resource) => [
        "get",
        resource,
        "-n",
        ns,
        "-o",
        "json",
        "--ignore-not-found",
    ],
    /** Changes containers' images of a workload (a new rollout); `container=image` pairs. */
    setImage: (ns, resource, images) => [
        "set",
        "image",
        resource,
        "-n",
        ns,
        ...Object.entries(images).map(([container, image]) => `${container}=${image}`),
    ],
    secrets: (ns, selector) => ["get", "secrets", "-n", ns, "-l", selector, "-o", "json"],
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
        async getObject(ns, resource) {
            return (await check(kubectlArgs.getObject(ns, resource))).stdout.trim() || undefined;
        },
        async setImage(ns, resource, images) {
            await check(kubectlArgs.setImage(ns, resource, images));
        },
        async secrets(ns, selector) {
            return (await check(kubectlArgs.secrets(ns, selector))).stdout;
        },
    };
}


/***/ }),

/***/ 84225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ createPostgres),
/* harmony export */   QJ: () => (/* binding */ MissingDatabaseError)
/* harmony export */ });
/* unused harmony exports MIN_SERVER_VERSION_NUM, sslAttempts, quoteIdentifier, explainPostgresError */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _core_naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92607);


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
        const { default: pgModule } = await __webpack_require__.e(/* import() */ 849).then(__webpack_require__.bind(__webpack_require__, 83849));
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

/***/ 61169:
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
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_child_env_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88111);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
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
class CommandError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3 {
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
 * inputs (core/child-env.ts); one run by name is looked for on a PATH without node_modules/.bin. `stop`: aborting it stops every child still running (SIGINT or
 * SIGTERM on this process), on top of each command's own signal; the run is rejected once the
 * child has ended.
 */
function createProcessRunner(options = {}) {
    return {
        run(command, runOptions) {
            return new Promise((resolve, reject) => {
                const env = Object.fromEntries(Object.entries((0,_core_child_env_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveChildEnv */ .BD)(command.env ?? process.env)).filter((e) => e[1] !== undefined));
                // A tool run by name is looked up (and runs) without the repository's node_modules/.bin;
                // every spelling of the variable (Windows' is Path, and names there ignore case).
                if (!/[/\\]/.test(command.command))
                    for (const name of Object.keys(env).filter((n) => n.toUpperCase() === "PATH"))
                        env[name] = (0,_core_child_env_js__WEBPACK_IMPORTED_MODULE_2__/* .deriveToolPath */ .xn)(env[name], node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter) ?? "";
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

/***/ 33252:
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

/***/ 88111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BD: () => (/* binding */ deriveChildEnv),
/* harmony export */   xn: () => (/* binding */ deriveToolPath)
/* harmony export */ });
/* unused harmony exports WITHHELD_ENV, WITHHELD_PREFIXES, isWithheld */
/**
 * The environment given to child processes. Previews run on pull requests, so the repository's
 * code (its `node_modules/.bin/convex`, its convex.json, the scripts the convex CLI runs) is not
 * trusted. A JavaScript action's process holds runner internals that a `run:` step does not
 * get; none of them may reach a child, nor a GitHub token the workflow put in the environment
 * (setup-coder-convex reads it itself, for github-token). See docs/backend-facts.md#actions-platform.
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
    [
        "GITHUB_TOKEN",
        "the job's GitHub token when the workflow puts it in the environment (for gh): it can write to the repository",
    ],
    ["GH_TOKEN", "gh's token, the same"],
    ["GITHUB_ENTERPRISE_TOKEN", "gh's token for GitHub Enterprise Server, the same"],
    ["GH_ENTERPRISE_TOKEN", "gh's token for GitHub Enterprise Server, the same"],
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
/**
 * The PATH a tool this project runs by name (docker, kubectl, git, the package manager) is looked
 * up on: without the folders a package manager puts first when it runs a script or `npx` (every
 * `node_modules/.bin` up the tree) and without relative or empty entries (the working directory,
 * i.e. the checkout). A pull request can commit `node_modules/.bin/docker`; the docker on PATH is
 * trusted, that one is not. The project's convex CLI is run by its path, so it is not concerned.
 */
function deriveToolPath(path, delimiter = ":") {
    if (path === undefined)
        return undefined;
    return path
        .split(delimiter)
        .filter((entry) => /^([/\\]|[A-Za-z]:[/\\])/.test(entry) &&
        !entry.split(/[/\\]/).some((segment) => segment.toLowerCase() === "node_modules"))
        .join(delimiter);
}


/***/ }),

/***/ 41591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ DEFAULT_DASHBOARD_IMAGE),
/* harmony export */   GT: () => (/* binding */ deriveOriginForwards),
/* harmony export */   J1: () => (/* binding */ renderCompose),
/* harmony export */   Ke: () => (/* binding */ deriveProjectName),
/* harmony export */   LO: () => (/* binding */ deriveDroppedEnv),
/* harmony export */   Lw: () => (/* binding */ BACKEND_SERVICE),
/* harmony export */   QQ: () => (/* binding */ DEFAULT_RELEASE_CONVEX),
/* harmony export */   RQ: () => (/* binding */ FORWARDER_SERVICE),
/* harmony export */   WW: () => (/* binding */ DEFAULT_RELEASE),
/* harmony export */   _6: () => (/* binding */ releaseImages),
/* harmony export */   f0: () => (/* binding */ DEFAULT_BACKEND_IMAGE),
/* harmony export */   fm: () => (/* binding */ CONTAINER_PORTS),
/* harmony export */   jo: () => (/* binding */ DASHBOARD_SERVICE)
/* harmony export */ });
/* unused harmony exports IMAGE_REPOSITORIES, renderForwarderScript */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81221);
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
/** Where the release workflow publishes the two images (one tag per release, the same for both). */
const IMAGE_REPOSITORIES = {
    backend: "ghcr.io/get-convex/convex-backend",
    dashboard: "ghcr.io/get-convex/convex-dashboard",
};
/** The official backend and dashboard images of one release (a tag or a commit SHA). */
function releaseImages(release) {
    return {
        backend: `${IMAGE_REPOSITORIES.backend}:${release}`,
        dashboard: `${IMAGE_REPOSITORIES.dashboard}:${release}`,
    };
}
const DEFAULT_BACKEND_IMAGE = releaseImages(DEFAULT_RELEASE).backend;
const DEFAULT_DASHBOARD_IMAGE = releaseImages(DEFAULT_RELEASE).dashboard;
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
    // Compose puts a service's `labels:` on its containers (compose file reference, services.labels)
    // and a volume's on that volume when it creates it (volumes.labels); compose's own
    // com.docker.compose.* labels stay beside them. A volume's labels are set once: compose never
    // changes those of an existing volume (docs/previews.md#labels-and-pruning-previews-left-behind).
    const entries = Object.entries(options.labels ?? {});
    const labels = entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, literal(v)])) : undefined;
    if (labels)
        for (const service of Object.values(services))
            service.labels = { ...labels };
    const doc = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Document */ .yo({
        name: options.projectName,
        services,
        volumes: { data: labels ? { labels: { ...labels } } : {} },
    });
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

/***/ 22785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q2: () => (/* binding */ MIN_SELF_HOSTED_CONVEX),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   cr: () => (/* binding */ checkConvexVersion),
/* harmony export */   ot: () => (/* binding */ parseVersion)
/* harmony export */ });
/**
 * The oldest `convex` npm CLI that can deploy to a self-hosted backend, and semver ordering.
 * Evidence (published packages, routes, the pinned backend): docs/convex-cli-versions.md.
 */
/**
 * `CONVEX_SELF_HOSTED_URL` / `CONVEX_SELF_HOSTED_ADMIN_KEY` are read from this version on; 1.19.0
 * and older ignore them (they look for a cloud login or `CONVEX_DEPLOY_KEY` and never contact the
 * URL). Source: docs/convex-cli-versions.md (npm `convex@1.19.0` vs `convex@1.19.1`, `dist/`).
 */
const MIN_SELF_HOSTED_CONVEX = "1.19.1";
const NUMBER = "0|[1-9]\\d*";
const IDENT = "[0-9A-Za-z-]+";
const VERSION_RE = new RegExp(`^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+${IDENT}(?:\\.${IDENT})*)?$`);
/**
 * Parses a semver version `x.y.z[-prerelease][+build]` (a leading `v` is allowed). Anything else,
 * ranges and `unknown (Yarn PnP)` included, gives undefined. Build metadata is dropped: it does
 * not take part in ordering.
 */
function parseVersion(text) {
    const m = VERSION_RE.exec(text.trim());
    if (!m)
        return undefined;
    const prerelease = m[4] === undefined ? [] : m[4].split(".");
    if (prerelease.some((id) => /^0\d+$/.test(id)))
        return undefined; // semver: no leading zeros
    return {
        major: Number(m[1]),
        minor: Number(m[2]),
        patch: Number(m[3]),
        prerelease: prerelease.map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
    };
}
const sign = (n) => (n < 0 ? -1 : n > 0 ? 1 : 0);
function compareIdentifiers(a, b) {
    if (typeof a === "number" && typeof b === "number")
        return sign(a - b);
    // Numeric identifiers sort before alphanumeric ones.
    if (typeof a === "number")
        return -1;
    if (typeof b === "number")
        return 1;
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Semver precedence: -1 if a < b, 0 if equal (build metadata ignored), 1 if a > b. A prerelease
 * sorts before its release (`1.19.1-alpha.0` < `1.19.1`). Throws a RangeError for a string that
 * is not a version (see parseVersion).
 */
function compareVersions(a, b) {
    const va = parseVersion(a);
    const vb = parseVersion(b);
    if (!va)
        throw new RangeError(`Not a semver version: ${JSON.stringify(a)}`);
    if (!vb)
        throw new RangeError(`Not a semver version: ${JSON.stringify(b)}`);
    const core = sign(va.major - vb.major) || sign(va.minor - vb.minor) || sign(va.patch - vb.patch);
    if (core !== 0)
        return core;
    const pa = va.prerelease;
    const pb = vb.prerelease;
    if (pa.length === 0 || pb.length === 0)
        return sign(pb.length - pa.length);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
        const c = compareIdentifiers(pa[i], pb[i]);
        if (c !== 0)
            return c;
    }
    return sign(pa.length - pb.length);
}
/**
 * Whether the project's installed convex CLI can deploy to a self-hosted backend.
 * `installed` is the version from node_modules/convex/package.json; `installHint` is the command
 * the caller wants shown to upgrade (e.g. `npm install convex@1.45.0`).
 *
 * A version that cannot be parsed (`unknown (Yarn PnP)`, a git or file dependency's odd version)
 * passes: nothing can be told from it, and the deploy itself then reports what goes wrong.
 */
function checkConvexVersion(installed, installHint) {
    if (!parseVersion(installed))
        return { ok: true };
    if (compareVersions(installed, MIN_SELF_HOSTED_CONVEX) >= 0)
        return { ok: true };
    return {
        ok: false,
        message: `The project's convex CLI is ${installed}, which cannot deploy to a self-hosted backend: CONVEX_SELF_HOSTED_URL is read from convex ${MIN_SELF_HOSTED_CONVEX} on.`,
        hint: `Upgrade the project's convex package (\`${installHint}\`), ideally to the version the backend image was built with, then deploy again.`,
    };
}


/***/ }),

/***/ 64266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aq: () => (/* binding */ redactDatabaseUrl),
/* harmony export */   T5: () => (/* binding */ selectDatabaseUrl),
/* harmony export */   XG: () => (/* binding */ pathDatabase),
/* harmony export */   fX: () => (/* binding */ queryParams),
/* harmony export */   mx: () => (/* binding */ parseDatabaseUrl)
/* harmony export */ });
/* unused harmony export safeDecode */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/**
 * The parts of a database URL (Postgres or MySQL), split by hand so that percent-encoding stays
 * exactly as given, with the checks both backends' URL parsers share: a user name, a host, a port,
 * no unencoded `#`, no characters an env file cannot hold. Errors name the source and never echo
 * the URL, which may hold a password.
 */

/**
 * The explicit input, else the first non-empty variable of `envVars`, in order; `none` as the input
 * means no such database, whatever the environment says (e.g. a Prisma file: URL in CI).
 */
function selectDatabaseUrl(explicit, env, input, envVars) {
    const given = explicit?.trim();
    if (given?.toLowerCase() === "none")
        return undefined;
    if (given)
        return { url: given, source: input };
    const name = envVars.find((n) => env[n]?.trim());
    return name ? { url: env[name]?.trim() ?? "", source: name } : undefined;
}
/** Decodes a percent-encoded component; a malformed escape is left as it is. */
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function decode(component, what, source, kind) {
    try {
        return decodeURIComponent(component);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${what} in the ${kind.label} URL has a malformed percent-escape.`, "Percent-encode special characters in the user name and password (e.g. @ as %40, % as %25).");
    }
}
/** The decoded database name in a URL's path, or undefined when the path is empty or `/`. */
function pathDatabase(parts, source, kind) {
    const path = parts.path.replace(/\/+$/, "");
    return path ? decode(path, "database name", source, kind) : undefined;
}
function checkUserinfo(userinfo, source, kind) {
    if (/[\s@/]/.test(userinfo.replace(/%[0-9a-fA-F]{2}/g, ""))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the user name or password in the ${kind.label} URL has unencoded special characters.`, "Percent-encode them (space as %20, @ as %40, / as %2F, : in the user name as %3A).");
    }
    // Valid in a URL, but no env-file quoting reads ' together with $ ` " \ back the same
    // everywhere: percent-encoded they mean the same to the backend and are safe in the file.
    const unsafe = userinfo.includes("'") ? [...new Set(userinfo.match(/['"$`\\]/g) ?? [])] : [];
    if (unsafe.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the user name or password in the ${kind.label} URL has ${unsafe.map((c) => `"${c}"`).join(" ")} unencoded.`, `Percent-encode them: ${unsafe.map((c) => `${c} as %${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join(", ")}.`);
    }
}
/**
 * Splits a database URL into its parts and checks what every backend driver needs. The caller
 * decides what the path and the query may hold.
 */
function parseDatabaseUrl(raw, source, kind, notThisKindHint) {
    const text = raw.trim();
    const scheme = new RegExp(`^(${kind.schemes.join("|")})://`, "i").exec(text);
    if (!scheme) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source} is not a ${kind.label} URL: it must start with ${kind.schemes.map((s) => `${s}://`).join(" or ")}.`, notThisKindHint);
    }
    const afterScheme = text.slice(scheme[0].length);
    if (afterScheme.includes("#")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${kind.label} URL contains an unencoded "#".`, "Percent-encode # in the password as %23.");
    }
    const queryAt = afterScheme.indexOf("?");
    const beforeQuery = queryAt >= 0 ? afterScheme.slice(0, queryAt) : afterScheme;
    const query = queryAt >= 0 ? afterScheme.slice(queryAt + 1) : "";
    const slashAt = beforeQuery.indexOf("/");
    const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery;
    const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : "";
    const atAt = authority.lastIndexOf("@");
    if (atAt < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${kind.label} URL has no user name.`, `The backend requires one: ${kind.form}.`);
    }
    const userinfo = authority.slice(0, atAt);
    const hostport = authority.slice(atAt + 1);
    const colon = userinfo.indexOf(":");
    const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    const rawPassword = colon >= 0 ? userinfo.slice(colon + 1) : "";
    if (!rawUser) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${kind.label} URL has an empty user name.`, `Give one: ${kind.form}.`);
    }
    checkUserinfo(userinfo, source, kind);
    const user = decode(rawUser, "user name", source, kind);
    const password = decode(rawPassword, "password", source, kind);
    const hostMatch = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostport);
    if (!hostMatch) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the host part of the ${kind.label} URL is missing or malformed.`, "Use HOST, HOST:PORT or [IPv6]:PORT after the @.");
    }
    const host = hostMatch[1];
    const port = hostMatch[2] ? Number(hostMatch[2]) : kind.defaultPort;
    if (port < 1 || port > 65535) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`${source}: the ${kind.label} port must be between 1 and 65535.`);
    }
    return {
        scheme: scheme[1],
        userinfo,
        hostport,
        path,
        query,
        user,
        password,
        host: host.startsWith("[") ? host.slice(1, -1) : host,
        port,
    };
}
/** A query's parameters as [decoded key, decoded value, as given]. */
function queryParams(query) {
    return query
        .split("&")
        .filter((p) => p.length > 0)
        .map((param) => {
        const eq = param.indexOf("=");
        const key = safeDecode(eq >= 0 ? param.slice(0, eq) : param);
        const value = eq >= 0 ? safeDecode(param.slice(eq + 1)) : "";
        return [key, value, param];
    });
}
/** The URL with its password replaced, for messages. */
function redactDatabaseUrl(url) {
    return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@]*@/i, "$1***@");
}


/***/ }),

/***/ 34215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AE: () => (/* binding */ INSTANCE_KINDS),
/* harmony export */   BJ: () => (/* binding */ MAX_KUBE_INSTANCE_NAME),
/* harmony export */   Cd: () => (/* binding */ isDnsLabel),
/* harmony export */   Ep: () => (/* binding */ isQuantity),
/* harmony export */   Gy: () => (/* binding */ parseLabelledSecrets),
/* harmony export */   NM: () => (/* binding */ parsePodStates),
/* harmony export */   P6: () => (/* binding */ instanceSelector),
/* harmony export */   PB: () => (/* binding */ deriveKubeNames),
/* harmony export */   XA: () => (/* binding */ parseInstanceSecret),
/* harmony export */   e: () => (/* binding */ deriveIngressHosts),
/* harmony export */   hO: () => (/* binding */ renderManifests),
/* harmony export */   kO: () => (/* binding */ previewSelector),
/* harmony export */   kg: () => (/* binding */ LABELS),
/* harmony export */   ll: () => (/* binding */ deriveIngressUrls),
/* harmony export */   lt: () => (/* binding */ buildManifests),
/* harmony export */   sg: () => (/* binding */ isDnsSubdomain),
/* harmony export */   vy: () => (/* binding */ FIELD_MANAGER)
/* harmony export */ });
/* unused harmony exports DATA_PATH, SECRET_KEYS, SECRET_DIGEST_ANNOTATION, OWNER_ANNOTATION, instanceLabels, DASHBOARD_UID, NETWORK_POLICY_EXCEPT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _compose_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41591);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _preview_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53451);
/* harmony import */ var _s3_storage_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83921);
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
    mysqlUrl: "mysql-url",
    jwtPrivateKey: "jwt-private-key",
    /** Better Auth's BETTER_AUTH_SECRET: kept for reruns, not given to the pod (it is a deployment variable). */
    betterAuthSecret: "better-auth-secret",
    /** S3 storage's credentials (core/s3-storage.ts), given to the backend from here. */
    awsAccessKeyId: "aws-access-key-id",
    awsSecretAccessKey: "aws-secret-access-key",
    awsSessionToken: "aws-session-token",
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
        meta: (name, component) => {
            // Selectors never carry the preview's labels (a StatefulSet's selector cannot change).
            const extra = input.preview ? (0,_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .kubePreviewLabels */ .nE)(input.preview) : {};
            const annotations = {
                ...(input.owner ? { [OWNER_ANNOTATION]: input.owner } : {}),
                ...(input.preview ? (0,_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .kubePreviewAnnotations */ .mf)(input.preview) : {}),
            };
            return {
                name,
                namespace: input.namespace,
                labels: { ...labels, ...(component ? { [LABELS.component]: component } : {}), ...extra },
                ...(Object.keys(annotations).length ? { annotations } : {}),
            };
        },
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
    if (input.mysqlUrl)
        secretData[SECRET_KEYS.mysqlUrl] = b64(input.mysqlUrl);
    if (input.jwtPrivateKeyPem)
        secretData[SECRET_KEYS.jwtPrivateKey] = b64(input.jwtPrivateKeyPem);
    if (input.betterAuthSecret)
        secretData[SECRET_KEYS.betterAuthSecret] = b64(input.betterAuthSecret);
    for (const [key, value] of s3SecretEntries(input.storage))
        secretData[key] = b64(value);
    // `data`, not `stringData`: stringData is write-only, so server-side apply cannot own it.
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta(names.backend, "backend"),
        type: "Opaque",
        data: secretData,
    };
}
/** S3 storage's credentials as the Secret's keys with the variables they become (none without S3). */
function s3SecretEntries(storage) {
    const c = storage?.credentials;
    if (!c)
        return [];
    const entries = [
        [SECRET_KEYS.awsAccessKeyId, c.accessKeyId, "AWS_ACCESS_KEY_ID"],
        [SECRET_KEYS.awsSecretAccessKey, c.secretAccessKey, "AWS_SECRET_ACCESS_KEY"],
    ];
    if (c.sessionToken)
        entries.push([SECRET_KEYS.awsSessionToken, c.sessionToken, "AWS_SESSION_TOKEN"]);
    return entries;
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
    for (const [key, , name] of s3SecretEntries(input.storage))
        env.push({ name, valueFrom: fromSecret(names.backend, key) });
    if (input.mysqlUrl)
        env.push({ name: "MYSQL_URL", valueFrom: fromSecret(names.backend, SECRET_KEYS.mysqlUrl) });
    // The backend treats any non-empty value as "on": the variable exists only when on.
    if (input.doNotRequireSsl)
        env.push({ name: "DO_NOT_REQUIRE_SSL", value: "1" });
    // A boolean the backend parses as true/false (crates/common knobs), unlike the flag above.
    env.push({ name: "DISABLE_METRICS_ENDPOINT", value: input.metricsEndpoint ? "false" : "true" });
    for (const [name, value] of [
        ...(input.storage ? (0,_s3_storage_js__WEBPACK_IMPORTED_MODULE_5__/* .deriveS3BackendEnv */ .tn)(input.storage) : []),
        ...(input.backendEnv ?? []),
    ]) {
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
                    // The pod reads the Secret at start: a changed database URL or S3 key rolls it (a one-way digest;
                    // without a MySQL URL the same as before MySQL existed, so no pod restarts for it).
                    annotations: {
                        [SECRET_DIGEST_ANNOTATION]: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
                            .update([
                            input.instanceSecret,
                            input.postgresUrl ?? "",
                            ...s3SecretEntries(input.storage).map(([, v]) => v),
                        ].join("\n") + (input.mysqlUrl ? `\nmysql:${input.mysqlUrl}` : ""))
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
/** `kubectl get secret -l ... -o json`: the instances whose Secret this tool made. */
function parseLabelledSecrets(json) {
    const list = JSON.parse(json);
    return (list.items ?? []).flatMap(({ metadata = {} }) => {
        const labels = metadata.labels ?? {};
        const instanceName = labels[LABELS.instance];
        if (!instanceName || labels[LABELS.managedBy] !== FIELD_MANAGER)
            return [];
        const pr = labels[_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBE_PREVIEW_LABELS */ .ZF.pullRequest];
        return [
            {
                instanceName,
                owner: metadata.annotations?.[OWNER_ANNOTATION],
                pullRequest: pr && /^\d+$/.test(pr) ? Number(pr) : undefined,
                created: (0,_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .kubeCreatedOf */ .li)(metadata),
            },
        ];
    });
}
/** The selector of every preview Secret of a repository (by its hash label: see core/preview.ts). */
function previewSelector(repository) {
    return `${LABELS.managedBy}=${FIELD_MANAGER},${LABELS.component}=backend,${_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBE_PREVIEW_LABELS */ .ZF.repositoryHash}=${(0,_preview_js__WEBPACK_IMPORTED_MODULE_4__/* .repositoryHash */ .Hd)(repository)}`;
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

/***/ 58412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   iC: () => (/* binding */ deriveDatabaseName),
/* harmony export */   iy: () => (/* binding */ describePostgresPlan),
/* harmony export */   jA: () => (/* binding */ selectPostgresUrl),
/* harmony export */   lC: () => (/* binding */ DOCKER_HOST_EXTRA),
/* harmony export */   lM: () => (/* binding */ planContainerDatabaseUrl),
/* harmony export */   mq: () => (/* binding */ normalizePostgresUrl),
/* harmony export */   yj: () => (/* binding */ SSL_MODES),
/* harmony export */   zo: () => (/* binding */ DOCKER_HOST_ALIAS)
/* harmony export */ });
/* unused harmony exports POSTGRES_ENV_VARS, redactPostgresUrl */
/* harmony import */ var _database_url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64266);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92607);
/**
 * Finding and normalising the Postgres URL for the backend (docs/backend-facts.md#postgres-rules):
 * no database path, a username, one sslmode, percent-encoded credentials kept byte for byte.
 */



const SSL_MODES = ["disable", "require", "prefer", "keep"];
/** Where a Postgres URL may come from, in priority order after the explicit input. */
const POSTGRES_ENV_VARS = ["DATABASE_URL", "POSTGRES_URI", "POSTGRES_URL"];
/** Picks the first non-empty URL: explicit, then DATABASE_URL, POSTGRES_URI, POSTGRES_URL; `none`: SQLite. */
function selectPostgresUrl(explicit, env) {
    return (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .selectDatabaseUrl */ .T5)(explicit, env, "postgres-url", POSTGRES_ENV_VARS);
}
/** Connection parameters tokio-postgres (the backend's client) accepts; `dbname` is left out on purpose. */
const TOKIO_POSTGRES_PARAMS = new Set([
    "user",
    "password",
    "options",
    "application_name",
    "sslnegotiation",
    "host",
    "hostaddr",
    "port",
    "connect_timeout",
    "tcp_user_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "target_session_attrs",
    "channel_binding",
    "load_balance_hosts",
]);
const POSTGRES_KIND = {
    label: "Postgres",
    schemes: ["postgres", "postgresql"],
    defaultPort: 5432,
    form: "postgres://USER:PASSWORD@HOST:5432",
};
const TOKIO_SSLMODES = new Set(["disable", "prefer", "require"]);
/** The database the backend uses for an instance name: every `-` becomes `_`. */
function deriveDatabaseName(instanceName) {
    return instanceName.replaceAll("-", "_");
}
/**
 * Normalises a Postgres URL for the backend. Errors name the source and never echo the URL,
 * which may hold a password.
 */
function normalizePostgresUrl(raw, sslmode = "disable", source = "postgres-url") {
    const parts = (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDatabaseUrl */ .mx)(raw, source, POSTGRES_KIND, source === "postgres-url"
        ? "Use the form postgres://USER:PASSWORD@HOST:5432 (the database name is derived from instance-name)."
        : `Use the form postgres://USER:PASSWORD@HOST:5432, or, when ${source} is for another tool, set postgres-url: none (--postgres-url none) to use the backend's embedded SQLite.`);
    const removedDatabase = (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .pathDatabase */ .XG)(parts, source, POSTGRES_KIND);
    // The backend hands the query to tokio-postgres, which refuses unknown keys and sslmodes other
    // than disable/prefer/require, and exits. Options of other tools (Prisma's schema=,
    // connection_limit=, ...) are dropped and reported; the user's own variable is untouched.
    const kept = [];
    const droppedParams = [];
    let ownSslmode;
    for (const [name, value, param] of (0,_database_url_js__WEBPACK_IMPORTED_MODULE_0__/* .queryParams */ .fX)(parts.query)) {
        const key = name.toLowerCase();
        if (key === "sslmode")
            ownSslmode = value;
        else if (TOKIO_POSTGRES_PARAMS.has(key))
            kept.push(param);
        else
            droppedParams.push(key);
    }
    if (sslmode === "keep" && ownSslmode !== undefined && !TOKIO_SSLMODES.has(ownSslmode)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${source}: sslmode=${ownSslmode} is not understood by the backend's Postgres client (it accepts disable, prefer and require).`, `Set ${(0,_naming_js__WEBPACK_IMPORTED_MODULE_2__/* .option */ .uK)("postgres-sslmode", "require")} (the backend then verifies the certificate and host name itself), prefer or disable.`);
    }
    // With require the backend appends sslmode=require itself: the URL carries none, so no duplicate.
    const finalSsl = sslmode === "keep" ? ownSslmode : sslmode;
    if (finalSsl !== undefined && sslmode !== "require")
        kept.push(`sslmode=${finalSsl}`);
    const url = `${parts.scheme}://${parts.userinfo}@${parts.hostport}${kept.length ? `?${kept.join("&")}` : ""}`;
    return {
        url,
        source,
        removedDatabase,
        host: parts.host,
        port: parts.port,
        user: parts.user,
        password: parts.password,
        sslmode: finalSsl,
        droppedParams,
        doNotRequireSsl: sslmode !== "require",
    };
}
/** The URL with its password replaced, for messages. */
const redactPostgresUrl = (/* unused pure expression or super */ null && (redactDatabaseUrl));
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0"]);
const DOCKER_HOST_ALIAS = "host.docker.internal";
/** The extra_hosts entry that makes DOCKER_HOST_ALIAS the docker host (Linux engines lack it). */
const DOCKER_HOST_EXTRA = `${DOCKER_HOST_ALIAS}:host-gateway`;
/** A host name that is this machine (a URL's hostname: IPv6 in brackets or not). */
function isLoopbackHost(host) {
    const h = host.replace(/^\[|\]$/g, "");
    return LOOPBACK_HOSTS.has(h) || h.startsWith("127.");
}
/**
 * Inside the backend's container, localhost is the container itself. Decision table:
 * - loopback host (localhost, 127.x, ::1) -> host.docker.internal, mapped to the docker host's
 *   gateway with extra_hosts (Postgres must listen on the docker bridge, not only on 127.0.0.1);
 * - host.docker.internal already -> kept, with the same extra_hosts (Linux engines lack it);
 * - any other host -> unchanged.
 */
function planContainerDatabaseUrl(db, label = "Postgres") {
    if (isLoopbackHost(db.host)) {
        const url = db.url.replace(/@(\[[^\]]+\]|[^:/?]+)(?=[:/?]|$)/, `@${DOCKER_HOST_ALIAS}`);
        return {
            url,
            extraHosts: [DOCKER_HOST_EXTRA],
            note: `${label} at ${db.host} is this host, not the backend's container: the backend reaches it as ${DOCKER_HOST_ALIAS}. ${label === "Postgres" ? "Postgres must listen on the docker bridge (listen_addresses = '*' or the bridge address) and pg_hba.conf must allow 172.16.0.0/12." : "MySQL must listen on the docker bridge (bind-address = 0.0.0.0 or the bridge address) and its user must be allowed from there (e.g. 'USER'@'172.%')."}`,
        };
    }
    if (db.host === DOCKER_HOST_ALIAS)
        return { url: db.url, extraHosts: [DOCKER_HOST_EXTRA], note: undefined };
    return { url: db.url, extraHosts: [], note: undefined };
}
function describePostgresPlan(db) {
    const warnings = [];
    const infos = [];
    if (db.droppedParams.length > 0) {
        warnings.push(`Dropped ${db.droppedParams.join(", ")} from ${db.source}: the backend's Postgres client refuses options it does not know (your ${db.source} itself is unchanged).`);
    }
    if (db.removedDatabase) {
        infos.push(`Removed database "${db.removedDatabase}" from ${db.source}: the backend uses "${db.name}" (instance-name with - as _).`);
    }
    const note = planContainerDatabaseUrl(db).note;
    if (note)
        warnings.push(note);
    return { warnings, infos };
}


/***/ }),

/***/ 53451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HK: () => (/* binding */ describeAge),
/* harmony export */   Hd: () => (/* binding */ repositoryHash),
/* harmony export */   Hk: () => (/* binding */ readDockerPreview),
/* harmony export */   QV: () => (/* binding */ DOCKER_PREVIEW_LABELS),
/* harmony export */   Z5: () => (/* binding */ decidePrune),
/* harmony export */   ZF: () => (/* binding */ KUBE_PREVIEW_LABELS),
/* harmony export */   _y: () => (/* binding */ dockerPreviewLabels),
/* harmony export */   en: () => (/* binding */ isRepositoryName),
/* harmony export */   li: () => (/* binding */ kubeCreatedOf),
/* harmony export */   mf: () => (/* binding */ kubePreviewAnnotations),
/* harmony export */   nE: () => (/* binding */ kubePreviewLabels),
/* harmony export */   pq: () => (/* binding */ parseMaxAge),
/* harmony export */   rL: () => (/* binding */ earliestTime),
/* harmony export */   v_: () => (/* binding */ derivePreviewMark)
/* harmony export */ });
/* unused harmony exports KUBE_CREATED_ANNOTATION, pullRequestOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Previews, the pure part: the labels `up` puts on an instance set up by the action for a pull
 * request (which repository, which pull request, when it was created), how `prune` reads them
 * back, its max-age, and its decision (closed, or older than max-age). docs/previews.md.
 */

/**
 * Docker labels (compose puts a service's `labels:` on its containers, and a top-level volume's
 * `labels:` on that volume). Docker takes any value; the keys are reverse-DNS-like as Docker
 * recommends for labels of a tool. `instance` is the backend's instance name, which names its
 * database (prune drops it with drop-database).
 */
const DOCKER_PREVIEW_LABELS = {
    repository: "setup-coder-convex.repository",
    pullRequest: "setup-coder-convex.pull-request",
    created: "setup-coder-convex.created",
    instance: "setup-coder-convex.instance-name",
};
/**
 * Kubernetes labels: a value is at most 63 characters of [A-Za-z0-9-_.], starting and ending
 * alphanumeric, so `owner/name` cannot be one: the label holds the first 40 hex digits of its
 * SHA-256 (a selector can ask for it), and the annotation setup-coder-convex/owner (already on
 * every object) holds the name itself, compared exactly before anything is removed. The time is
 * a label in whole Unix seconds and an annotation in ISO 8601.
 */
const KUBE_PREVIEW_LABELS = {
    repositoryHash: "setup-coder-convex/repository-sha256",
    pullRequest: "setup-coder-convex/pull-request",
    created: "setup-coder-convex/created",
};
const KUBE_CREATED_ANNOTATION = "setup-coder-convex/created-at";
/** GITHUB_REPOSITORY's shape: owner/name. */
function isRepositoryName(text) {
    return /^[^/\s]+\/[^/\s]+$/.test(text);
}
/** The pull request a workflow run is for: GITHUB_REF is refs/pull/<n>/merge (or /head) on pull_request events. */
function pullRequestOf(env) {
    const n = /^refs\/pull\/(\d+)\/(merge|head)$/.exec(env.GITHUB_REF ?? "")?.[1];
    return n ? Number(n) : undefined;
}
/**
 * The mark of an instance set up now, in the action on a pull request; undefined elsewhere (the
 * CLI on a workstation, a push or a schedule): only pull requests' previews are labelled.
 * `kept` is the creation time an earlier up recorded on the same instance: it stays.
 */
function derivePreviewMark(env, now, kept) {
    if (env.GITHUB_ACTIONS !== "true")
        return undefined;
    const repository = env.GITHUB_REPOSITORY ?? "";
    const pullRequest = pullRequestOf(env);
    if (!isRepositoryName(repository) || pullRequest === undefined)
        return undefined;
    const created = kept && !Number.isNaN(Date.parse(kept)) ? kept : isoSeconds(now);
    return { repository, pullRequest, created };
}
const isoSeconds = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
/** The labels of a compose preview's containers and data volume; `instanceName` is the backend's. */
function dockerPreviewLabels(mark, instanceName) {
    return {
        [DOCKER_PREVIEW_LABELS.repository]: mark.repository,
        [DOCKER_PREVIEW_LABELS.pullRequest]: String(mark.pullRequest),
        [DOCKER_PREVIEW_LABELS.created]: mark.created,
        [DOCKER_PREVIEW_LABELS.instance]: instanceName,
    };
}
/**
 * The preview a docker object's labels describe, when they name `repository` exactly (docker's
 * filter already asked for it; compared again here) and a pull request number; else undefined.
 */
function readDockerPreview(labels, repository) {
    const L = DOCKER_PREVIEW_LABELS;
    const number = labels[L.pullRequest] ?? "";
    if (labels[L.repository] !== repository || !/^\d+$/.test(number))
        return undefined;
    return {
        pullRequest: Number(number),
        created: labels[L.created] || undefined,
        instanceName: labels[L.instance] || undefined,
    };
}
/** The earliest of several ISO times (a project's containers and volume may come from different runs). */
function earliestTime(times) {
    const valid = times.filter((t) => Boolean(t) && !Number.isNaN(Date.parse(t)));
    return valid.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
/** The label value standing for a repository (see KUBE_PREVIEW_LABELS). */
function repositoryHash(repository) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(repository).digest("hex").slice(0, 40);
}
function kubePreviewLabels(mark) {
    return {
        [KUBE_PREVIEW_LABELS.repositoryHash]: repositoryHash(mark.repository),
        [KUBE_PREVIEW_LABELS.pullRequest]: String(mark.pullRequest),
        [KUBE_PREVIEW_LABELS.created]: String(Math.floor(Date.parse(mark.created) / 1000)),
    };
}
function kubePreviewAnnotations(mark) {
    return { [KUBE_CREATED_ANNOTATION]: mark.created };
}
/** The creation time recorded on a Kubernetes object (annotation first, else the label's seconds). */
function kubeCreatedOf(metadata) {
    const iso = metadata.annotations?.[KUBE_CREATED_ANNOTATION];
    if (iso && !Number.isNaN(Date.parse(iso)))
        return iso;
    const seconds = metadata.labels?.[KUBE_PREVIEW_LABELS.created];
    return seconds && /^\d+$/.test(seconds) ? isoSeconds(new Date(Number(seconds) * 1000)) : undefined;
}
const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/**
 * max-age: a whole number and one unit, m (minutes), h, d or w: `7d`, `36h`, `90m`. Anything else
 * (`7`, `1.5d`, `7 days`, `-1d`, `0d`) is refused with what to write instead.
 */
function parseMaxAge(text) {
    const m = /^([1-9]\d{0,5})([mhdw])$/.exec(text.trim());
    if (!m)
        return {
            error: `"${text}" is not an age: write a whole number and a unit, m (minutes), h (hours), d (days) or w (weeks), e.g. 7d or 36h.`,
        };
    return { ms: Number(m[1]) * UNITS[m[2]] };
}
/** Which previews go: closed pull requests, and (with max-age) those created longer ago than that. */
function decidePrune(previews, states, now, maxAgeMs) {
    return previews.map((preview) => {
        const reasons = [];
        if (states.get(preview.pullRequest) === "closed")
            reasons.push(`pull request #${preview.pullRequest} is closed`);
        const created = preview.created ? Date.parse(preview.created) : Number.NaN;
        if (maxAgeMs !== undefined && !Number.isNaN(created) && now.getTime() - created > maxAgeMs)
            reasons.push(`created ${preview.created}, older than max-age (${describeAge(maxAgeMs)})`);
        return { preview, reason: reasons.length ? reasons.join("; ") : undefined };
    });
}
/** 604800000 → "7d", 129600000 → "36h". */
function describeAge(ms) {
    for (const unit of ["d", "h", "m"])
        if (ms % UNITS[unit] === 0 && ms >= UNITS[unit])
            return `${ms / UNITS[unit]}${unit}`;
    return `${ms} ms`;
}


/***/ }),

/***/ 50870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F0: () => (/* binding */ pinCommand),
/* harmony export */   JA: () => (/* binding */ LOCKFILES),
/* harmony export */   Je: () => (/* binding */ installCommand),
/* harmony export */   Lv: () => (/* binding */ detectPackageManager),
/* harmony export */   NK: () => (/* binding */ execCommand),
/* harmony export */   Xe: () => (/* binding */ CONFLICTING_CLI_VARS),
/* harmony export */   _8: () => (/* binding */ upgradeCommand),
/* harmony export */   gr: () => (/* binding */ deriveConvexCliEnv),
/* harmony export */   ri: () => (/* binding */ withoutCredentials),
/* harmony export */   w3: () => (/* binding */ installAllCommand)
/* harmony export */ });
/* unused harmony export credentialSources */
/* harmony import */ var _s3_storage_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83921);

/** Lockfiles in the order they are looked for. */
const LOCKFILES = [
    ["pnpm-lock.yaml", "pnpm"],
    ["yarn.lock", "yarn"],
    ["bun.lockb", "bun"],
    ["bun.lock", "bun"],
    ["package-lock.json", "npm"],
    ["npm-shrinkwrap.json", "npm"],
];
/** The package manager from the lockfiles present (npm when none), or from packageManager in package.json. */
function detectPackageManager(present, packageManagerField) {
    const declared = /^(npm|pnpm|yarn|bun)@/.exec(packageManagerField ?? "")?.[1];
    if (declared)
        return declared;
    return LOCKFILES.find(([file]) => present.has(file))?.[1] ?? "npm";
}
function installCommand(pm, pkg) {
    switch (pm) {
        case "npm":
            return `npm install ${pkg}`;
        case "pnpm":
            return `pnpm add ${pkg}`;
        case "yarn":
            return `yarn add ${pkg}`;
        case "bun":
            return `bun add ${pkg}`;
    }
}
/** Installs the workspace's dependencies as its lockfile says. */
function installAllCommand(pm) {
    switch (pm) {
        case "npm":
            return "npm ci";
        case "pnpm":
            return "pnpm install --frozen-lockfile";
        case "yarn":
            return "yarn install --frozen-lockfile";
        case "bun":
            return "bun install --frozen-lockfile";
    }
}
/** Upgrades one package to at least a version. */
function upgradeCommand(pm, pkg, version) {
    return installCommand(pm, `${pkg}@^${version}`);
}
/** Pins one package to exactly a version (package.json then names that version, not a range). */
function pinCommand(pm, pkg, version) {
    // npm and pnpm spell the flag --save-exact; yarn and bun --exact.
    const exact = pm === "npm" || pm === "pnpm" ? "--save-exact" : "--exact";
    return installCommand(pm, `${exact} ${pkg}@${version}`);
}
/** How to run the project's own convex binary when node_modules/.bin is absent (Yarn PnP). */
function execCommand(pm) {
    switch (pm) {
        case "pnpm":
            return ["pnpm", ["exec", "convex"]];
        case "yarn":
            return ["yarn", ["convex"]];
        case "bun":
            return ["bun", ["x", "convex"]];
        default:
            return ["npm", ["exec", "--no", "--", "convex"]];
    }
}
/** Variables that silently beat CONVEX_SELF_HOSTED_* (or crash the CLI next to them): blanked. */
const CONFLICTING_CLI_VARS = [
    "CONVEX_DEPLOY_KEY",
    "CONVEX_DEPLOYMENT_TOKEN",
    "CONVEX_DEPLOYMENT",
];
/**
 * The variables of the environment this configuration took a credential from for the backend: a
 * database URL read from DATABASE_URL & co. (no postgres-url or mysql-url given), S3 keys read
 * from AWS_* (S3 storage without key inputs). Repository code (the project's convex CLI and the
 * build it runs) never gets them: they are the backend's. The same names when this tool did not
 * read them (postgres-url: none beside a Prisma DATABASE_URL, AWS keys without S3 storage) are the
 * project's own, and pass, as they would to a `run:` step of the job.
 */
function credentialSources(config) {
    const fromEnv = (source) => source && source !== "postgres-url" && source !== "mysql-url" ? [source] : [];
    return [
        ...fromEnv(config.postgres.url?.source),
        ...fromEnv(config.mysql.url?.source),
        ...(config.storage?.credentials.source === "environment" ? Object.values(_s3_storage_js__WEBPACK_IMPORTED_MODULE_0__/* .S3_CREDENTIAL_ENV */ .Fg) : []),
    ];
}
/** `env` without the variables this configuration took a credential from (credentialSources). */
function withoutCredentials(env, config) {
    const withheld = new Set(credentialSources(config));
    return Object.fromEntries(Object.entries(env).filter(([name]) => !withheld.has(name)));
}
/**
 * The convex CLI's environment: target the self-hosted backend, and set the conflicting
 * variables to empty so that neither the parent's env nor .env.local can supply them.
 */
function deriveConvexCliEnv(base, url, adminKey) {
    const env = {
        ...base,
        CONVEX_SELF_HOSTED_URL: url,
        CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
    };
    for (const name of CONFLICTING_CLI_VARS)
        env[name] = "";
    // The project's CLI is repository code: it gets no way to the cluster named in the environment
    // (target kubernetes; a kubeconfig file on disk stays readable to it). The credentials this tool
    // read from the environment for the backend are taken out before (withoutCredentials).
    delete env.KUBECONFIG;
    return env;
}


/***/ }),

/***/ 83921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EV: () => (/* binding */ planContainerEndpoint),
/* harmony export */   Fg: () => (/* binding */ S3_CREDENTIAL_ENV),
/* harmony export */   H: () => (/* binding */ S3_BUCKETS),
/* harmony export */   MX: () => (/* binding */ deriveS3CredentialEnv),
/* harmony export */   NA: () => (/* binding */ deriveBucketUrl),
/* harmony export */   f$: () => (/* binding */ isLoopbackEndpoint),
/* harmony export */   r5: () => (/* binding */ deriveS3Storage),
/* harmony export */   rW: () => (/* binding */ describeS3Endpoint),
/* harmony export */   tn: () => (/* binding */ deriveS3BackendEnv)
/* harmony export */ });
/* unused harmony export checkBucketName */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _postgres_url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58412);
/**
 * S3-compatible storage for the backend (AWS S3, MinIO, Cloudflare R2, ...): the s3-* inputs read
 * into one typed value, the backend's environment for it, and where a bucket is asked for. Pure.
 *
 * Facts (get-convex/convex-backend at the pinned release; docs/storage.md):
 * - run_backend.sh passes --s3-storage only when AWS_REGION and all five S3_STORAGE_*_BUCKET
 *   variables are set; with some of them missing it prints a warning and falls back to local
 *   storage on the data volume, so a partial set is refused here.
 * - crates/aws_utils: S3_ENDPOINT_URL replaces the endpoint; AWS_S3_FORCE_PATH_STYLE,
 *   AWS_S3_DISABLE_SSE and AWS_S3_DISABLE_CHECKSUMS are parsed as Rust booleans (`true`/`false`
 *   only; anything else is false). Credentials come from the AWS default chain, first
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
 * - crates/model database_globals: the storage kind is recorded in the database on the first
 *   start; starting later with the other kind fails. Objects go under `<instance>-<uuid>/`.
 */


/** The backend's five storage areas: the input naming the bucket and the variable it becomes. */
const S3_BUCKETS = [
    { key: "exports", input: "s3-exports-bucket", env: "S3_STORAGE_EXPORTS_BUCKET", holds: "snapshot exports" },
    { key: "files", input: "s3-files-bucket", env: "S3_STORAGE_FILES_BUCKET", holds: "the app's stored files" },
    {
        key: "modules",
        input: "s3-modules-bucket",
        env: "S3_STORAGE_MODULES_BUCKET",
        holds: "the deployed functions' code",
    },
    {
        key: "search",
        input: "s3-search-bucket",
        env: "S3_STORAGE_SEARCH_BUCKET",
        holds: "search index snapshots",
    },
    {
        key: "snapshotImports",
        input: "s3-snapshot-imports-bucket",
        env: "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
        holds: "uploads of convex import",
    },
];
/** The inputs that mean something only with the five buckets. */
const S3_OPTION_INPUTS = [
    "s3-endpoint",
    "s3-region",
    "s3-force-path-style",
    "s3-disable-sse",
    "s3-disable-checksums",
    "s3-access-key-id",
    "s3-secret-access-key",
    "s3-session-token",
];
/** The backend's credential variables (the AWS default chain's first source). */
const S3_CREDENTIAL_ENV = {
    accessKeyId: "AWS_ACCESS_KEY_ID",
    secretAccessKey: "AWS_SECRET_ACCESS_KEY",
    sessionToken: "AWS_SESSION_TOKEN",
};
/** S3's bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, a letter or digit at each end. */
function checkBucketName(name) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
        return `"${name}" is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`;
    if (name.includes("..") || (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(name) !== 0)
        return `"${name}" is not a bucket name: no two dots in a row, and not an IP address.`;
    return undefined;
}
/** The endpoint, checked: an http(s) URL without credentials, query or fragment; no trailing slash. */
function checkEndpoint(text) {
    let url;
    try {
        url = new URL(text.trim());
    }
    catch {
        return {
            // Quoted without what stands between the scheme and the last `@`: credentials written into
            // it, which may hold `/`, `?` or `#` (AWS secret keys often hold a `/`).
            problem: `"${text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, "$1***@")}" is not a URL: give the S3 API's base URL, e.g. https://minio.example.com:9000.`,
        };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
        return { problem: `${url.protocol} is not http: or https:; give the S3 API's base URL.` };
    if (url.username || url.password || url.search || url.hash)
        return {
            problem: "holds credentials, a query or a fragment: give only the base URL (the credentials go in s3-access-key-id / s3-secret-access-key or the environment).",
        };
    return { url: url.href.replace(/\/$/, "") };
}
/** A credential is one word as issued; a line break could not even be written into the env file. */
function oneWord(value, field, problems) {
    // Never quoted: it is a secret.
    if (value !== undefined && /\s/.test(value))
        problems.add(field, "holds white space or a line break: give the credential on one line, as issued.");
}
/** The credentials: both inputs, else both of the environment's variables. */
function readCredentials(v, env, problems) {
    const id = v["s3-access-key-id"];
    const secret = v["s3-secret-access-key"];
    if (id || secret) {
        if (!id || !secret) {
            problems.add(id ? "s3-secret-access-key" : "s3-access-key-id", "is missing: s3-access-key-id and s3-secret-access-key are given together (or neither, and the environment's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are used).");
            return undefined;
        }
        const token = v["s3-session-token"];
        for (const [value, field] of [
            [id, "s3-access-key-id"],
            [secret, "s3-secret-access-key"],
            [token, "s3-session-token"],
        ])
            oneWord(value, field, problems);
        return { accessKeyId: id, secretAccessKey: secret, sessionToken: token, source: "inputs" };
    }
    const envId = env[S3_CREDENTIAL_ENV.accessKeyId]?.trim();
    const envSecret = env[S3_CREDENTIAL_ENV.secretAccessKey]?.trim();
    if (envId && envSecret) {
        if (v["s3-session-token"])
            problems.add("s3-session-token", "goes with s3-access-key-id and s3-secret-access-key; with the environment's keys the environment's AWS_SESSION_TOKEN is used: remove s3-session-token or give the keys as inputs too.");
        const envToken = env[S3_CREDENTIAL_ENV.sessionToken]?.trim() || undefined;
        for (const [value, field] of [
            [envId, S3_CREDENTIAL_ENV.accessKeyId],
            [envSecret, S3_CREDENTIAL_ENV.secretAccessKey],
            [envToken, S3_CREDENTIAL_ENV.sessionToken],
        ])
            oneWord(value, field, problems);
        return {
            accessKeyId: envId,
            secretAccessKey: envSecret,
            sessionToken: envToken,
            source: "environment",
        };
    }
    problems.add("s3-access-key-id", "S3 storage needs credentials: give s3-access-key-id and s3-secret-access-key (from secrets), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (e.g. aws-actions/configure-aws-credentials).");
    return undefined;
}
/**
 * The S3 storage the inputs ask for, or undefined (local storage on the data volume). Every
 * problem is added to `problems`, naming its input: some but not all buckets, an S3 option
 * without buckets, a bad bucket name or endpoint, a missing region or credentials, an endpoint on
 * this machine with target kubernetes.
 */
function deriveS3Storage(v, env, problems) {
    // connect: refused per input (inputs.ts targets). down, backup and restore start no backend:
    // a workflow may give them the same inputs as up, without the keys.
    if (v.target === "connect" || v.command !== "up")
        return undefined;
    const missing = S3_BUCKETS.filter((b) => !v[b.input]);
    if (missing.length === S3_BUCKETS.length) {
        for (const name of S3_OPTION_INPUTS)
            if (typeof v[name] === "boolean" ? v[name] : v[name] !== undefined)
                problems.add(name, "is for S3 storage, which needs the five bucket inputs (s3-*-bucket): give them, or remove it.");
        return undefined;
    }
    if (missing.length > 0)
        problems.add(missing[0].input, `S3 storage needs all five buckets; missing: ${missing.map((b) => b.input).join(", ")}. With only some of them the backend silently keeps everything on its local volume (run_backend.sh falls back to local storage). Give all five (each its own bucket), or none for local storage.`);
    const buckets = {};
    const seen = new Map();
    for (const b of S3_BUCKETS) {
        const name = v[b.input];
        if (!name)
            continue;
        const bad = checkBucketName(name);
        if (bad)
            problems.add(b.input, bad);
        const other = seen.get(name);
        if (other)
            problems.add(b.input, `"${name}" is also ${other}: give each storage area its own bucket, as the backend's documentation does.`);
        seen.set(name, b.input);
        buckets[b.key] = name;
    }
    const endpointText = v["s3-endpoint"];
    const endpoint = endpointText ? checkEndpoint(endpointText) : undefined;
    if (endpoint && "problem" in endpoint)
        problems.add("s3-endpoint", endpoint.problem);
    const endpointUrl = endpoint && "url" in endpoint ? endpoint.url : undefined;
    if (endpointUrl && v.target === "kubernetes" && isLoopbackEndpoint(endpointUrl))
        problems.add("s3-endpoint", `points at ${new URL(endpointUrl).hostname}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. http://minio.storage.svc.cluster.local:9000; with s3-preflight: false when this runner cannot reach it).`);
    const region = v["s3-region"] ?? (env.AWS_REGION?.trim() || undefined);
    if (!region)
        problems.add("s3-region", "S3 storage needs a region (the backend requires AWS_REGION): give s3-region (e.g. us-east-1; MinIO takes us-east-1, Cloudflare R2 auto), or set AWS_REGION in the environment.");
    else if (/\s/.test(region))
        problems.add("s3-region", `"${region}" holds white space: give a region name such as eu-west-1.`);
    const credentials = readCredentials(v, env, problems);
    if (missing.length > 0 || !region || !credentials)
        return undefined;
    return {
        endpoint: endpointUrl,
        region,
        regionSource: v["s3-region"] ? "s3-region" : "AWS_REGION",
        buckets,
        forcePathStyle: v["s3-force-path-style"],
        disableSse: v["s3-disable-sse"],
        disableChecksums: v["s3-disable-checksums"],
        credentials,
        preflight: v["s3-preflight"],
    };
}
/** Whether the endpoint is this machine (localhost, 127.x, [::1]). */
function isLoopbackEndpoint(endpoint) {
    return endpoint !== undefined && (0,_postgres_url_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .cW)(new URL(endpoint).hostname);
}
/**
 * The endpoint as the backend's container reaches it, as with Postgres (planContainerDatabaseUrl):
 * this machine is the docker host there, reached as host.docker.internal.
 */
function planContainerEndpoint(endpoint) {
    if (!endpoint)
        return { url: undefined, extraHosts: [] };
    const url = new URL(endpoint);
    if (isLoopbackEndpoint(endpoint))
        url.hostname = _postgres_url_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HOST_ALIAS */ .zo;
    else if (url.hostname !== _postgres_url_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HOST_ALIAS */ .zo)
        return { url: endpoint, extraHosts: [] };
    return { url: url.href.replace(/\/$/, ""), extraHosts: [_postgres_url_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HOST_EXTRA */ .lC] };
}
/**
 * The backend's environment for S3 storage, credentials apart (they go to the env file or the
 * Secret): the region, the five buckets, the endpoint and the flags that are on. `endpoint` is the
 * URL as the backend reaches it (planContainerEndpoint with compose).
 */
function deriveS3BackendEnv(storage, endpoint = storage.endpoint) {
    const env = [["AWS_REGION", storage.region]];
    for (const b of S3_BUCKETS)
        env.push([b.env, storage.buckets[b.key]]);
    if (endpoint)
        env.push(["S3_ENDPOINT_URL", endpoint]);
    // Rust's bool parser takes exactly "true"; off is the default, so an off flag is left out.
    if (storage.forcePathStyle)
        env.push(["AWS_S3_FORCE_PATH_STYLE", "true"]);
    if (storage.disableSse)
        env.push(["AWS_S3_DISABLE_SSE", "true"]);
    if (storage.disableChecksums)
        env.push(["AWS_S3_DISABLE_CHECKSUMS", "true"]);
    return env;
}
/** The credentials as the backend's variables; no session token: the variable is left out (or removed). */
function deriveS3CredentialEnv(credentials) {
    if (!credentials)
        return [];
    return [
        [S3_CREDENTIAL_ENV.accessKeyId, credentials.accessKeyId],
        [S3_CREDENTIAL_ENV.secretAccessKey, credentials.secretAccessKey],
        [S3_CREDENTIAL_ENV.sessionToken, credentials.sessionToken],
    ];
}
/** Whether a bucket name can be a host name label (virtual-hosted style); dots only over plain http. */
function isVirtualHostable(bucket, allowDots) {
    const labels = allowDots ? bucket.split(".") : [bucket];
    return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && bucket.length >= 3;
}
/**
 * The URL of a bucket as the AWS SDK addresses it: virtual-hosted style (bucket.host) unless path
 * style is forced, the endpoint is an IP address, or the name cannot be a host label.
 */
function deriveBucketUrl(storage, bucket) {
    const base = new URL(storage.endpoint ?? `https://s3.${storage.region}.amazonaws.com`);
    const host = base.hostname.replace(/^\[|\]$/g, "");
    const path = base.pathname.replace(/\/$/, "");
    const virtual = !storage.forcePathStyle && (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 0 && isVirtualHostable(bucket, base.protocol === "http:");
    if (virtual)
        return `${base.protocol}//${bucket}.${base.host}${path}/`;
    return `${base.protocol}//${base.host}${path}/${encodeURIComponent(bucket)}`;
}
/** Where the storage is, for messages: the endpoint's origin, or AWS S3 in the region. */
function describeS3Endpoint(storage) {
    return storage.endpoint ? new URL(storage.endpoint).host : `AWS S3 (${storage.region})`;
}


/***/ }),

/***/ 81221:
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
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92607);
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
