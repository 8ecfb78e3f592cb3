export const id = 493;
export const ids = [493];
export const modules = {

/***/ 79771:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ createFileStore),
/* harmony export */   j: () => (/* binding */ explainWriteError)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _confine_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47256);
/**
 * Files: read if present, write atomically with a mode (secrets 0600), and never follow a link
 * out of the repository. A pull request controls every file of the checkout: a `.env.local`
 * that is a link to a file elsewhere must not be read, and must never be written through.
 * Where a path leads and what may be read or written there is confine.ts's to decide.
 */





/** As the refusals say what the store does with a file. */
const ACCESS = "read or write";
/** Temporary files are named so that a later run can recognise and remove them. */
const TEMP_MARK = ".setup-coder-convex.";
const TEMP_RE = /^\..+\.setup-coder-convex\.[0-9a-f]{12}\.tmp$/;
function explainWriteError(path, error) {
    const what = {
        ENOSPC: "the disk is full",
        EDQUOT: "the disk quota is used up",
        EROFS: "the file system is read-only",
        EACCES: "permission denied",
        EPERM: "operation not permitted",
    };
    const reason = what[error.code ?? ""] ?? error.message;
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`Could not write ${path}: ${reason}${error.code && what[error.code] ? ` (${error.code})` : ""}. The file was left as it was.`, error.code === "ENOSPC" || error.code === "EDQUOT"
        ? "Free some space on that disk and rerun."
        : "Make the folder writable for this user (or point working-directory at a writable copy) and rerun.", { cause: error });
}
function createFileStore(root) {
    let confinement;
    const confined = () => (confinement ??=
        root === undefined ? Promise.resolve(_confine_js__WEBPACK_IMPORTED_MODULE_4__/* .Confinement */ .tF.none(ACCESS)) : _confine_js__WEBPACK_IMPORTED_MODULE_4__/* .Confinement */ .tF.of(root, ACCESS));
    /** Refuses a path that resolves outside the root; returns where it resolves. */
    const confine = async (path) => (await confined()).resolve(path);
    const store = {
        async read(path) {
            return (await confined()).readFile(path);
        },
        async write(path, content, mode) {
            const c = await confined();
            const { target, mode: finalMode } = await c.writeTarget(path, mode);
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(target);
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true }).catch((e) => {
                throw explainWriteError(path, e);
            });
            const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(target)}${TEMP_MARK}${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString("hex")}.tmp`);
            try {
                // wx: never through an existing file or link at the temporary name.
                const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(tmp, "wx", finalMode);
                try {
                    await handle.writeFile(content, "utf8");
                    await handle.sync();
                }
                finally {
                    await handle.close();
                }
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(tmp, finalMode); // the umask may have narrowed or the mode widened
                // Checked again right before the rename: the target may have become a link meanwhile.
                await c.writeTarget(path, mode);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, target);
            }
            catch (error) {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { force: true });
                if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3)
                    throw error;
                throw explainWriteError(path, error);
            }
        },
        async checkWritable(path) {
            await (await confined()).writeTarget(path, 0o600);
        },
        async isDirectory(path) {
            try {
                return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(await confine(path))).isDirectory();
            }
            catch (error) {
                if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3)
                    throw error;
                return false;
            }
        },
        async exists(path) {
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(await confine(path));
                return true;
            }
            catch (error) {
                if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3)
                    throw error;
                return false;
            }
        },
        within(newRoot) {
            return createFileStore(newRoot);
        },
        async removeStaleTemp(dir) {
            const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(await confine(dir), { withFileTypes: true }).catch(() => []);
            // Only regular files with the exact name pattern this store gives its temporary files.
            const stale = entries.filter((e) => e.isFile() && TEMP_RE.test(e.name)).map((e) => e.name);
            await Promise.all(stale.map((n) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, n), { force: true })));
            return stale;
        },
    };
    return store;
}


/***/ }),

/***/ 37493:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createSetupDeps: () => (/* binding */ createSetupDeps)
});

// EXTERNAL MODULE: ./src/core/child-env.ts
var child_env = __webpack_require__(88111);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/app.ts + 13 modules
var app = __webpack_require__(13111);
// EXTERNAL MODULE: ./src/core/ast.ts
var ast = __webpack_require__(54899);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/project.ts
var core_project = __webpack_require__(50870);
// EXTERNAL MODULE: ./src/adapters/confine.ts
var confine = __webpack_require__(47256);
;// CONCATENATED MODULE: ./src/adapters/app-reader.ts







/** Source files larger than this are not read (generated or vendored code). */
const MAX_SOURCE_BYTES = 256 * 1024;
/** A frontend's sources: at most this many files, this many bytes in all, this deep. */
const MAX_FRONTEND_FILES = 1000;
const MAX_FRONTEND_BYTES = 8 * 1024 * 1024;
const MAX_FRONTEND_DEPTH = 8;
/** Not a frontend's own code: its build output, static files, and folders of other packages. */
const NOT_FRONTEND_CODE = new Set(["dist", "build", "out", "coverage", "public", "static"]);
/** At most this many source files are read from the functions folder. */
const MAX_SOURCE_FILES = 2000;
/** Workspace globs are expanded at most this deep (for `**`) and over at most this many folders. */
const MAX_WORKSPACE_DEPTH = 6;
const MAX_WORKSPACE_DIRS = 5000;
/** Never descended into: generated code, installed packages, dot folders (.git, .turbo, ...). */
const SKIPPED_DIRS = (name) => name === "_generated" || name === "node_modules" || name.startsWith(".");
function toPosix(rel) {
    return rel === "" ? "." : rel.split(external_node_path_.sep).join("/");
}
/** `rel` (POSIX, relative to the root) as an absolute path. */
function abs(c, rel) {
    return rel === "." ? c.root : (0,external_node_path_.join)(c.root, ...rel.split("/"));
}
async function readConfined(c, files, rel) {
    const real = await c.real(abs(c, rel));
    if (real === undefined)
        return undefined;
    if (!(await (0,promises_.stat)(real)).isFile())
        return undefined;
    return files.read(real);
}
function joinRel(dir, name) {
    return dir === "." ? name : `${dir}/${name}`;
}
function parentRel(dir) {
    const i = dir.lastIndexOf("/");
    return i < 0 ? "." : dir.slice(0, i);
}
/** Subfolders of `rel`, not following links (a linked folder is checked, then listed by its name). */
async function subdirs(c, rel) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(abs(c, rel), { withFileTypes: true });
    }
    catch {
        return [];
    }
    const out = [];
    for (const e of entries) {
        if (SKIPPED_DIRS(e.name))
            continue;
        if (e.isDirectory())
            out.push(e.name);
        else if (e.isSymbolicLink()) {
            const real = await c.real(abs(c, joinRel(rel, e.name)));
            if (real !== undefined && (await (0,promises_.stat)(real)).isDirectory())
                out.push(e.name);
        }
    }
    return out.sort();
}
/** The folders under `root` (relative) matching the workspace patterns, breadth-first and bounded. */
async function workspaceMembers(c, root, patterns) {
    if (patterns.length === 0)
        return [];
    const positive = patterns.filter((p) => !p.startsWith("!"));
    const deep = positive.some((p) => p.includes("**"));
    const depth = deep
        ? MAX_WORKSPACE_DEPTH
        : Math.min(MAX_WORKSPACE_DEPTH, Math.max(...positive.map((p) => p.split("/").filter(Boolean).length)));
    const out = [];
    let queue = [root];
    let visited = 0;
    for (let level = 1; level <= depth && queue.length > 0; level++) {
        const next = [];
        for (const dir of queue) {
            for (const name of await subdirs(c, dir)) {
                if (++visited > MAX_WORKSPACE_DIRS)
                    return out;
                const child = joinRel(dir, name);
                const relToRoot = root === "." ? child : child.slice(root.length + 1);
                if ((0,app/* isWorkspaceMember */.MN)(relToRoot, patterns))
                    out.push(child);
                next.push(child);
            }
        }
        queue = next;
    }
    return out;
}
/**
 * Walks the folder `dir` (relative to the root) in name order, each folder by its real path once,
 * going into the folders `enter` accepts and handing every regular file to `file` (which may
 * stop the walk). A link out of the repository is refused (`linksOut: "refuse"`:
 * a SetupError) or passed over ("skip"). False when `dir` is not a folder.
 */
async function walk(c, dir, options) {
    const real = (path) => options.linksOut === "refuse" ? c.real(path) : c.real(path).catch(() => undefined);
    const top = await real(abs(c, dir));
    if (top === undefined || !(await (0,promises_.stat)(top)).isDirectory())
        return false;
    const seen = new Set([top]);
    const pending = [{ rel: dir, depth: 0 }];
    let stopped = false;
    const stop = () => {
        stopped = true;
    };
    while (pending.length > 0) {
        const current = (options.order === "breadth-first" ? pending.shift() : pending.pop());
        let entries;
        try {
            entries = await (0,promises_.readdir)(abs(c, current.rel), { withFileTypes: true });
        }
        catch {
            continue;
        }
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const rel = joinRel(current.rel, e.name);
            const path = await real(abs(c, rel));
            if (path === undefined)
                continue;
            const entry = { rel, name: e.name, real: path, info: await (0,promises_.stat)(path), depth: current.depth + 1 };
            if (entry.info.isDirectory()) {
                if (!seen.has(path) && (await options.enter(entry))) {
                    seen.add(path);
                    pending.push({ rel, depth: entry.depth });
                }
            }
            else if (entry.info.isFile()) {
                await options.file(entry, stop);
                if (stopped)
                    return true;
            }
        }
    }
    return true;
}
/** The functions folder's source files: path (relative to the root) -> text. */
async function readSources(c, files, dir) {
    const sources = new Map();
    const skipped = [];
    const exists = await walk(c, dir, {
        order: "depth-first",
        linksOut: "refuse",
        enter: (e) => !SKIPPED_DIRS(e.name),
        async file(e) {
            if (!ast/* SOURCE_FILE */.n6.test(e.name) || e.name.endsWith(".d.ts"))
                return;
            if (e.info.size > MAX_SOURCE_BYTES || sources.size >= MAX_SOURCE_FILES) {
                skipped.push(e.rel);
                return;
            }
            const text = await files.read(e.real);
            if (text !== undefined)
                sources.set(e.rel, text);
        },
    });
    return { exists, sources, skipped };
}
/**
 * Collects what core/app.ts `describeApp` reads. `workingDirectory` must be inside
 * `repositoryRoot` (after resolving links).
 */
async function collectAppFiles(workingDirectory, repositoryRoot, files) {
    const c = await confine/* Confinement */.tF.ofExisting(repositoryRoot, "read");
    const wdReal = await c.real((0,external_node_path_.resolve)(workingDirectory)).catch((error) => {
        throw error instanceof errors/* SetupError */.w3
            ? new errors/* SetupError */.w3(`The working directory ${workingDirectory} is outside the repository (${c.root}).`, "Point working-directory at a folder of the repository.")
            : error;
    });
    if (wdReal === undefined)
        throw new errors/* SetupError */.w3(`The working directory ${workingDirectory} does not exist.`);
    const wd = toPosix((0,external_node_path_.relative)(c.root, wdReal));
    const packageJsons = new Map();
    const pnpmWorkspaces = new Map();
    for (let dir = wd;; dir = parentRel(dir)) {
        const pkg = await readConfined(c, files, joinRel(dir, "package.json"));
        if (pkg !== undefined)
            packageJsons.set(dir, pkg);
        const yaml = await readConfined(c, files, joinRel(dir, "pnpm-workspace.yaml"));
        if (yaml !== undefined)
            pnpmWorkspaces.set(dir, yaml);
        if (dir === ".")
            break;
    }
    const workspaceRoot = (0,app/* findWorkspaceRoot */.HU)(wd, packageJsons, pnpmWorkspaces);
    const lockfiles = new Set();
    for (const [name] of core_project/* LOCKFILES */.JA) {
        const rel = joinRel(workspaceRoot, name);
        if (await (0,confine/* existsNoFollow */.rs)(abs(c, rel)))
            lockfiles.add(rel); // its name only: never read
    }
    const rootPkgText = packageJsons.get(workspaceRoot);
    const patterns = (0,app/* workspacePatterns */.Zs)(rootPkgText === undefined ? undefined : (0,app/* tryParsePackageJson */.hW)(rootPkgText), pnpmWorkspaces.get(workspaceRoot));
    for (const dir of await workspaceMembers(c, workspaceRoot, patterns)) {
        if (packageJsons.has(dir))
            continue;
        const pkg = await readConfined(c, files, joinRel(dir, "package.json"));
        if (pkg !== undefined)
            packageJsons.set(dir, pkg);
    }
    const convexJson = await readConfined(c, files, joinRel(wd, "convex.json"));
    const wdPkgText = packageJsons.get(wd);
    const fnDir = (0,app/* functionsDir */.Z6)(convexJson === undefined ? undefined : (0,app/* parseConvexJson */.D$)(convexJson, joinRel(wd, "convex.json")), wdPkgText === undefined ? undefined : (0,app/* tryParsePackageJson */.hW)(wdPkgText));
    const { exists, sources, skipped } = await readSources(c, files, wd === "." ? fnDir : `${wd}/${fnDir}`);
    return {
        workingDirectory: wd,
        packageJsons,
        pnpmWorkspaces,
        lockfiles,
        ...(convexJson === undefined ? {} : { convexJson }),
        functionsDirExists: exists,
        sources,
        skipped,
    };
}
/**
 * A frontend's own source files (path relative to the root -> text), bounded: the files of
 * FRONTEND_SOURCE_FILE under `dir`, not in `skip` (the functions folder), generated or installed
 * code, build output, static files or a nested package (a folder with its own package.json); at
 * most MAX_FRONTEND_FILES files of at most MAX_SOURCE_BYTES, MAX_FRONTEND_BYTES in all, and
 * MAX_FRONTEND_DEPTH folders deep. Only files that mention a URL variable are kept.
 */
async function readFrontendSources(c, files, dir, skip) {
    const sources = new Map();
    let count = 0;
    let bytes = 0;
    let truncated = false;
    await walk(c, dir, {
        order: "breadth-first",
        linksOut: "skip", // a link out is not read
        async enter(e) {
            if (SKIPPED_DIRS(e.name) || NOT_FRONTEND_CODE.has(e.name) || skip.has(e.rel))
                return false;
            if (e.depth > MAX_FRONTEND_DEPTH) {
                truncated = true;
                return false;
            }
            return !(await (0,confine/* existsNoFollow */.rs)((0,external_node_path_.join)(e.real, "package.json"))); // another package
        },
        async file(e, stop) {
            if (!app/* FRONTEND_SOURCE_FILE */.QM.test(e.name) || e.name.endsWith(".d.ts"))
                return;
            if (e.info.size > MAX_SOURCE_BYTES)
                return;
            if (count >= MAX_FRONTEND_FILES || bytes + e.info.size > MAX_FRONTEND_BYTES) {
                truncated = true;
                return stop();
            }
            count++;
            bytes += e.info.size;
            const text = await files.read(e.real);
            if (text !== undefined && (text.includes("CONVEX_URL") || text.includes("SITE_URL")))
                sources.set(e.rel, text);
        },
    });
    return { sources, truncated };
}
/** The facts of the app in `workingDirectory` (see core/app.ts `describeApp`). */
async function readApp(workingDirectory, repositoryRoot, files, options = {}) {
    const collected = await collectAppFiles(workingDirectory, repositoryRoot, files);
    const facts = await (0,app/* describeApp */.Nd)(collected);
    for (const path of collected.skipped) {
        facts.warnings.push(`${path} was not read (over ${MAX_SOURCE_BYTES / 1024} KB, or past ${MAX_SOURCE_FILES} files).`);
    }
    if (options.frontendDirs?.length) {
        const c = await confine/* Confinement */.tF.ofExisting(repositoryRoot, "read");
        const reads = new Map();
        for (const dir of options.frontendDirs) {
            const real = await c.real((0,external_node_path_.resolve)(dir)).catch(() => undefined);
            if (real === undefined)
                continue; // outside the repository or missing: said by the caller
            const rel = toPosix((0,external_node_path_.relative)(c.root, real));
            const found = await readFrontendSources(c, files, rel, new Set([facts.functionsDir]));
            if (found.truncated)
                facts.warnings.push(`${rel}: only part of the frontend's code was read for the variables it uses (at most ${MAX_FRONTEND_FILES} files, ${MAX_FRONTEND_BYTES / 1024 / 1024} MiB, ${MAX_FRONTEND_DEPTH} folders deep).`);
            reads.set(rel, await (0,app/* frontendEnvReads */.ZC)(found.sources));
        }
        facts.frontendEnvReads = reads;
    }
    return facts;
}
/**
 * The `convex` package as Node resolves it from `workingDirectory`: `node_modules/convex` in that
 * folder, then in each parent, stopping at the repository root. Undefined when not installed
 * there (e.g. Yarn Plug'n'Play). A `node_modules/convex` or `.bin/convex` that is a link out of the
 * repository is refused (SetupError).
 */
async function resolveConvexPackage(workingDirectory, repositoryRoot) {
    const c = await confine/* Confinement */.tF.ofExisting(repositoryRoot, "read");
    const wdReal = await c.real((0,external_node_path_.resolve)(workingDirectory));
    if (wdReal === undefined)
        return undefined;
    const wd = toPosix((0,external_node_path_.relative)(c.root, wdReal));
    const binName = process.platform === "win32" ? "convex.cmd" : "convex";
    let found;
    let bin;
    for (let dir = wd;; dir = parentRel(dir)) {
        if (!found) {
            const path = abs(c, joinRel(dir, "node_modules/convex/package.json"));
            const real = await c.real(path);
            if (real !== undefined) {
                let version = "unknown";
                try {
                    const value = JSON.parse((await c.readFile(real)) ?? "");
                    if (typeof value.version === "string")
                        version = value.version;
                }
                catch {
                    // an unreadable package.json: installed, version unknown
                }
                found = { version, packageJson: path };
            }
        }
        if (!bin) {
            const path = abs(c, joinRel(dir, `node_modules/.bin/${binName}`));
            if ((await c.real(path)) !== undefined)
                bin = path;
        }
        if ((found && bin) || dir === ".")
            break;
    }
    return found ? { ...found, bin } : undefined;
}

// EXTERNAL MODULE: ./src/adapters/convex-admin.ts
var convex_admin = __webpack_require__(29591);
// EXTERNAL MODULE: ./src/core/compose.ts
var compose = __webpack_require__(41591);
// EXTERNAL MODULE: ./src/core/convex-version.ts
var convex_version = __webpack_require__(22785);
// EXTERNAL MODULE: ./src/core/naming.ts
var naming = __webpack_require__(92607);
;// CONCATENATED MODULE: ./src/core/deploy-output.ts
/**
 * Which line of `convex deploy`'s output says why it failed, and what to do about it.
 *
 * The CLI's last line is rarely the cause: offline (and outside CI) its error reporter (Sentry)
 * fails after the real error and prints `Unexpected Error: ... ingest.sentry.io` with a stack
 * frame; a failed typecheck ends with tsc's `Found 1 error in ...`; esbuild ends with a code
 * frame; a missing auth variable ends with the `npx convex env set ...` advice. Real outputs:
 * __tests__/fixtures/convex-cli/ (README.md there says how each was made).
 */

/** CSI sequences (colours, cursor moves, erase) and OSC sequences (hyperlinks, titles). */
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
function stripAnsi(text) {
    return text.replace(ANSI_RE, "");
}
/** ✖ (convex CLI failures), ✘ ✗ × (esbuild and other tools). */
const FAILURE_MARK_RE = /^[\u2716\u2718\u2717\u00d7]\s*/;
/** Prefixes of lines that only decorate: ✔ ⚠ ▌ └─ and a spinner's `- ` in a non-TTY. */
const DECORATION_RE = /^(?:[\u2714\u2713\u26a0\u258c\u2514\u2500]|- )\s*/;
/** Lines that never explain a deploy failure. */
const NOISE = [
    /^at\s/, // stack frames (leading spaces are trimmed before matching)
    /\bsentry\.io\b/i, // the CLI's error reporter failing to reach its server (o1192621.ingest.sentry.io)
    /^This error originated either by throwing inside of an async function/,
    /^The promise rejected with the reason:?$/,
    /^Node\.js v\d+/, // printed after an uncaught exception
    /^\^+$/, // the caret under a thrown expression
    /^Retrying request \(attempt \d+\/\d+\)/,
    /^Deploying (?:code )?to\b/i,
    /^Deploying code to deployment:?$/,
    /^https?:\/\/\S+$/, // the deployment URL under "Deploying code to deployment:"
    /^Still running TypeScript/,
    /^(?:- )?Collecting TypeScript errors/,
    /^Found \d+ errors? in /, // tsc's summary: the diagnostic above it says more
    /^Found \d+ errors?\.?$/,
    /^To ignore failing typecheck/,
    /^Authenticate with `npx convex dev`/, // cloud advice, wrong for a self-hosted backend
    /^You can mark the path .* as external/, // esbuild's advice under "Could not resolve"
    /^Set (?:it|them) with:?$/,
    /^npx convex env set /,
    /^Learn more at /,
    /^\d+\s*[│|]/, // esbuild / tsc code frames: `1 │ export const x = ;`
    /^[╵│|]\s*[~^]/,
];
/** Progress and success lines: `Uploading functions to Convex...`, `✔ No indexes are deleted`. */
function isProgress(line, raw) {
    if (/^[\u2714\u2713]/.test(line))
        return true;
    if (/^- \S/.test(line) && !/error/i.test(line))
        return true;
    if (/(?:\.\.\.|\u2026)$/.test(line) && !/error|fail/i.test(line))
        return true;
    return /^\s*[\u258c\u2514]/.test(raw);
}
function meaningfulLines(output) {
    const lines = [];
    // A lone \r rewrites the terminal line: what follows the last one is what was shown.
    for (const physical of stripAnsi(output).split(/\r?\n/)) {
        const raw = physical.split("\r").at(-1) ?? "";
        const trimmed = raw.trim();
        if (trimmed === "")
            continue;
        if (NOISE.some((re) => re.test(trimmed)))
            continue;
        const marked = FAILURE_MARK_RE.test(trimmed);
        if (!marked && isProgress(trimmed, raw))
            continue;
        const text = trimmed.replace(FAILURE_MARK_RE, "").replace(DECORATION_RE, "").replace(/\s+/g, " ");
        if (text !== "")
            lines.push({ text, marked });
    }
    return lines;
}
/** A tsc diagnostic: `convex/a.ts:2:65 - error TS2322: ...` or `convex/a.ts(2,65): error TS2322: ...`. */
const TSC_DIAGNOSTIC_RE = /^\S+(?::\d+:\d+ - |\(\d+,\d+\): )error TS\d+:/;
/** esbuild's location under an `[ERROR]`: `convex/broken.ts:1:17:`. */
const LOCATION_RE = /^\S+:\d+:\d+:?$/;
/** Says what failed, without a failure mark. */
const ERROR_LIKE_RE = /\b(?:[A-Z]\w*Error|Error|error TS\d+)\b:|\[ERROR\]|\b(?:[45]\d\d (?:[A-Z][a-z]+ ?)+)|\bE(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|ADDRINUSE)\b|fetch failed|\bfailed\b/;
/** A line that sharpens the one before it (the request that failed, the tsc error, the file). */
function isDetail(line) {
    return line.marked || TSC_DIAGNOSTIC_RE.test(line.text) || LOCATION_RE.test(line.text);
}
/**
 * The line, or two lines joined by " — ", that say why `convex deploy` failed, from its output
 * (stdout and stderr, in any order or just stderr). ANSI codes, stack frames, the error
 * reporter's own failure, spinner and progress lines, and the CLI's generic advice are skipped.
 * Picks the first line the CLI marked as a failure (✖, esbuild's ✘) and, when the next line
 * details it (a second ✖ line such as `Error fetching POST .../api/get_config_hashes 404 ...`, a
 * tsc diagnostic, esbuild's file:line:column), that line too. Without a mark: the first line
 * that reads like an error. Else the last meaningful line; "" when there is none.
 */
function explainDeployFailure(output) {
    const lines = meaningfulLines(output);
    let first = lines.findIndex((l) => l.marked);
    if (first === -1)
        first = lines.findIndex((l) => ERROR_LIKE_RE.test(l.text));
    if (first === -1)
        return lines.at(-1)?.text ?? "";
    const head = lines[first].text;
    // The detail is the next line, or for a failed typecheck the first tsc diagnostic after it.
    const rest = lines.slice(first + 1);
    const detail = /typecheck/i.test(head)
        ? rest.find((l) => TSC_DIAGNOSTIC_RE.test(l.text))
        : rest[0] && isDetail(rest[0])
            ? rest[0]
            : undefined;
    if (!detail)
        return head;
    return `${head} — ${detail.text.replace(/:$/, "")}`;
}
/**
 * What to do about a failure explained by explainDeployFailure, for the failures known to come
 * from the setup rather than from the app's code; undefined for the others (the CLI's own line
 * then says enough, e.g. a type error).
 */
function hintForDeployFailure(line) {
    const route = /\/api\/[\w/]+/.exec(line)?.[0];
    if (/\b404\b/.test(line) && route) {
        return `The backend answered 404 for ${route}: either the project's convex CLI and the backend image come from different releases (version skew: pin the convex package to the version the image was built with, or set ${(0,naming/* option */.uK)("backend-image")} to the release matching your convex version; see "Version skew" in the README), or CONVEX_SELF_HOSTED_URL does not reach the backend's API port (3210) but e.g. the site proxy (3211).`;
    }
    if (/missing field `?\w+`?/.test(line) && /start_push|push_config|prepare_schema|400/.test(line)) {
        return `The backend cannot read the CLI's push request: the convex CLI is newer than the backend image (version skew). Pin the convex package to the version the image was built with, or set ${(0,naming/* option */.uK)("backend-image")} to a newer release (see "Version skew" in the README).`;
    }
    if (/\b40[13]\b|BadAdminKey|MissingAdminKey|admin key was invalid/i.test(line)) {
        return "The backend refused CONVEX_SELF_HOSTED_ADMIN_KEY: the key was made for another INSTANCE_NAME or INSTANCE_SECRET than the backend runs with (e.g. a data volume created with another secret). `setup-coder-convex status` says whether the key in .env.local is accepted; pass the instance-secret the volume was created with.";
    }
    if (/fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|\bENOTFOUND\b/.test(line)) {
        return "The convex CLI could not reach the backend at CONVEX_SELF_HOSTED_URL: check that the backend container is running and that the URL is reachable from where `convex deploy` runs.";
    }
    if (/is used in auth config file but its value was not set|AuthConfigMissingEnvironmentVariable/.test(line)) {
        const name = /Environment variable (\S+)/.exec(line)?.[1];
        return `convex/auth.config.ts reads ${name ?? "a deployment variable"}, which the deployment does not have: add it to ${(0,naming/* option */.uK)("env-vars")} (deployment variables are set before deploy).`;
    }
    if (/Please set CONVEX_DEPLOY_KEY to a new key|You are not logged in/.test(line)) {
        return "This convex CLI ignores CONVEX_SELF_HOSTED_URL (it is older than 1.19.1) and looked for a Convex cloud deployment: upgrade the project's convex package.";
    }
    if (/Could not resolve "/.test(line)) {
        return "A module imported by the Convex functions is not installed: install the project's dependencies before this step.";
    }
    if (/TypeScript typecheck via .* failed|error TS\d+/.test(line)) {
        return `Fix the type error, or add --typecheck=disable to ${(0,naming/* option */.uK)("deploy-args")} to deploy without typechecking.`;
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/adapters/exec.ts
var adapters_exec = __webpack_require__(77911);
;// CONCATENATED MODULE: ./src/adapters/convex-cli.ts
/**
 * The project's own convex CLI: find it, then run `convex deploy` (and the seed's `convex import`
 * and `convex run`) without a shell.
 */









const DEPLOY_HINT = "The deployment env vars were set before deploying; the line above is the CLI's own error. Rerun `npx convex deploy` locally with CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY from .env.local to reproduce.";
/**
 * The line that says why `convex run` or `convex import` failed. Both print a heading marked ✖
 * that ends in ":" or "failed" (`Failed to run function "seed:init":`, `Importing data from
 * "x.jsonl" to table "x" failed`) with the backend's message on the lines after it; the
 * heading and the first line of that message are joined. Otherwise as for deploy.
 */
function explainSeedFailure(output) {
    const lines = stripAnsi(output)
        .split(/\r?\n/)
        .map((l) => (l.split("\r").at(-1) ?? "").trim())
        .filter(Boolean);
    const at = lines.findIndex((l) => /^[\u2716\u2718]/.test(l));
    if (at === -1)
        return explainDeployFailure(output);
    const head = lines[at].replace(/^[\u2716\u2718]\s*/, "");
    if (!/(?::|\bfailed)$/.test(head))
        return head;
    const details = lines
        .slice(at + 1)
        .map((l) => l.replace(/^\[Request ID: [^\]]*\]\s*/, ""))
        .filter((l) => !/^at\s/.test(l) && !/^Hit an error while importing:?$/.test(l));
    // A backend that redacts errors (REDACT_LOGS_TO_CLIENT) says only "Server Error".
    const detail = details.find((l) => l !== "Server Error") ?? details[0];
    return detail ? `${head.replace(/:$/, "")}: ${detail}` : head;
}
function createConvexCli(runner, files) {
    return {
        async locate(dir, options) {
            const { packageManager } = options;
            // Where Node would find it: node_modules/convex here or in a parent folder (hoisted by
            // npm, yarn, pnpm and bun workspaces), never above the repository root.
            const installed = await resolveConvexPackage(dir, options.root);
            const pnp = await files.exists((0,external_node_path_.join)(options.workspaceRoot, ".pnp.cjs"));
            if (!installed && !pnp) {
                throw new errors/* SetupError */.w3(`The convex package is not installed for ${dir} (no node_modules/convex there or in a parent folder up to ${options.root}), so there is no convex CLI to deploy with.`, `Install the project's dependencies (\`${(0,core_project/* installAllCommand */.w3)(packageManager)}\` in ${options.workspaceRoot}, or \`${(0,core_project/* installCommand */.Je)(packageManager, "convex")}\`) before this step; setup-coder-convex never fetches a CLI of another version.`);
            }
            const convexVersion = installed ? installed.version : "unknown (Yarn PnP)";
            // Older CLIs ignore CONVEX_SELF_HOSTED_URL (docs/convex-cli-versions.md): refused before
            // anything starts. An unknown version (Yarn PnP) passes.
            const check = (0,convex_version/* checkConvexVersion */.cr)(convexVersion, (0,core_project/* upgradeCommand */._8)(packageManager, "convex", compose/* DEFAULT_RELEASE_CONVEX */.QQ));
            if (!check.ok)
                throw new errors/* SetupError */.w3(check.message, check.hint);
            if (installed?.bin)
                return { packageManager, convexVersion, command: installed.bin, args: [] };
            const [command, args] = (0,core_project/* execCommand */.NK)(packageManager);
            return { packageManager, convexVersion, command, args };
        },
        async deploy(dir, project, options) {
            const { exec, command, result } = await runConvex(runner, dir, project, ["deploy", ...options.args], options);
            if (result.code === 0)
                return result;
            // The line that explains the failure, not the CLI's last one (often a stack frame of its
            // error reporter when offline).
            const line = explainDeployFailure(result.stderr) || explainDeployFailure(result.stdout);
            const known = hintForDeployFailure(line);
            throw exec.failure(command, result, {
                line,
                hint: known ? `${known} The CLI's full output is above.` : DEPLOY_HINT,
            });
        },
        // Flags: `import --yes/--table/--replace` and `run <functionName> [args]` exist in every CLI
        // from 1.19.0 on (npm convex@1.19.0 ... 1.48.0, cli/lib/command.js), so in every supported one.
        async run(dir, project, options) {
            return runDataCommand(runner, dir, project, ["run", options.functionName, options.args], options, "seed-function", `Fix the function (the CLI's output is above) or seed-args. The functions are deployed now, so a rerun no longer sees a new deployment: rerun with ${(0,naming/* option */.uK)("seed-always", true)} to seed it.`);
        },
        async import(dir, project, options) {
            const flags = [
                "--yes",
                ...(options.table ? ["--table", options.table] : []),
                ...(options.replace ? ["--replace"] : []),
            ];
            return runDataCommand(runner, dir, project, ["import", ...flags, options.file], options, "seed-import", `Fix the file (the CLI's output is above: a document the schema refuses, a table that is not empty). Nothing was run with seed-function. The functions are deployed now, so a rerun no longer sees a new deployment: rerun with ${(0,naming/* option */.uK)("seed-always", true)} (the import then replaces the tables it holds).`);
        },
        // `export --path/--include-file-storage` and `import --replace-all` exist in every supported CLI:
        // --include-file-storage since 2024-03, --replace-all since get-convex/convex-backend 9dc7e84ae
        // (2024-11-22, npm convex 1.17.x), both before 1.19.1, the minimum here.
        async exportSnapshot(dir, project, options) {
            const args = [
                "export",
                "--path",
                options.path,
                ...(options.includeFileStorage ? ["--include-file-storage"] : []),
            ];
            return runDataCommand(runner, dir, project, args, options, "backup", "`convex export` failed (its output is above); nothing was written. Check that the backend answers (setup-coder-convex status) and that no other export is running (one at a time).");
        },
        async restoreSnapshot(dir, project, options) {
            return runDataCommand(runner, dir, project, ["import", "--yes", "--replace-all", options.file], options, "restore", "`convex import --replace-all` failed (its output is above). The backend applies an import in one piece: the tables are as they were unless its output says the import started.");
        },
    };
}
/** The project's convex CLI, as the package manager runs it (or its installed bin). */
function convexTool(project) {
    return {
        command: project.command,
        install: project.args.length > 0
            ? `Install ${project.packageManager} (the workspace's package manager) or put it on PATH.`
            : `Install the project's dependencies again (\`${(0,core_project/* installAllCommand */.w3)(project.packageManager)}\`).`,
    };
}
/** Runs `convex <args>` against the self-hosted deployment (its URL and admin key in the environment). */
async function runConvex(runner, dir, project, args, options) {
    const exec = (0,adapters_exec/* createExec */.k)(runner, convexTool(project));
    const command = {
        args: [...project.args, ...args],
        cwd: dir,
        env: (0,core_project/* deriveConvexCliEnv */.gr)(options.env, options.url, options.adminKey),
    };
    const output = options.onOutput ? { onStdout: options.onOutput, onStderr: options.onOutput } : undefined;
    return { exec, command, result: await exec.run(command, output) };
}
/**
 * A command that reads or writes the deployment's data (run, import, export): a failure says the
 * line that explains it, prefixed with the input or command it serves.
 */
async function runDataCommand(runner, dir, project, args, options, input, hint) {
    const { exec, command, result } = await runConvex(runner, dir, project, args, options);
    if (result.code === 0)
        return result;
    const line = explainSeedFailure(result.stderr) || explainSeedFailure(result.stdout);
    throw exec.failure(command, result, { line, hint, prefix: `${input}: ` });
}

// EXTERNAL MODULE: ./src/adapters/docker.ts
var docker = __webpack_require__(8226);
// EXTERNAL MODULE: ./src/adapters/files.ts
var adapters_files = __webpack_require__(79771);
// EXTERNAL MODULE: ./src/adapters/git.ts
var git = __webpack_require__(76960);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./src/adapters/key-record.ts
/**
 * What this tool wrote: a record, kept outside the repository, of each key it put into a file
 * (the instance secret, the JWT private key, the admin key), so that a later run in CI can tell a
 * key it wrote itself from one a pull request planted (through a linked folder that `npm ci`
 * fills, or a script run before the step). Each entry is one empty-ish file named by a SHA-256 of
 * what, where and the value: the record never holds a key, and two runs in two folders never
 * write the same file.
 *
 * Defence in depth, not a proof: code running as the same user (the project's own scripts) can
 * write here too. On a hosted runner the folder starts empty in every job.
 */





/** The record's folder: SETUP_CODER_CONVEX_STATE_DIR, else the XDG state folder of this user. */
function keyRecordDir(env) {
    if (env.SETUP_CODER_CONVEX_STATE_DIR)
        return (0,external_node_path_.join)(env.SETUP_CODER_CONVEX_STATE_DIR, "written-keys");
    const state = env.XDG_STATE_HOME || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), ".local", "state");
    return (0,external_node_path_.join)(state, "setup-coder-convex", "written-keys");
}
/** The file's real path (its folder's, when the file is not there yet). */
async function whereIs(path) {
    try {
        return await (0,promises_.realpath)(path);
    }
    catch {
        return (0,external_node_path_.join)(await (0,promises_.realpath)((0,external_node_path_.dirname)(path)).catch(() => (0,external_node_path_.dirname)(path)), (0,external_node_path_.basename)(path));
    }
}
function createKeyRecord(dir) {
    const entry = async (path, what, value) => (0,external_node_path_.join)(dir, (0,external_node_crypto_.createHash)("sha256")
        .update(`${what}\0${await whereIs(path)}\0${value}`)
        .digest("hex"));
    return {
        where: dir,
        async has(path, what, value) {
            const info = await (0,promises_.lstat)(await entry(path, what, value)).catch(() => undefined);
            return info?.isFile() === true;
        },
        async add(path, what, value) {
            try {
                await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
                // Never through a link planted at the entry's name.
                const handle = await (0,promises_.open)(await entry(path, what, value), external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_TRUNC | (external_node_fs_.constants.O_NOFOLLOW ?? 0), 0o600);
                try {
                    await handle.writeFile(`${JSON.stringify({ what, at: new Date().toISOString() })}\n`);
                }
                finally {
                    await handle.close();
                }
            }
            catch {
                // Not recorded: a later run in CI refuses the file and says how to go on.
            }
        },
    };
}

// EXTERNAL MODULE: ./src/adapters/kubectl.ts
var kubectl = __webpack_require__(85342);
;// CONCATENATED MODULE: ./src/adapters/lock.ts
/**
 * One run per working directory at a time: a lock file holding the holder's PID, created with
 * O_EXCL (never through an existing file or link). A lock whose process is gone is taken over.
 */





const LOCK_FILE = ".setup-coder-convex.lock";
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === "EPERM"; // exists, another user's
    }
}
async function acquireLock(dir, notice) {
    const path = (0,external_node_path_.join)(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
        let handle;
        try {
            handle = await (0,promises_.open)(path, "wx", 0o644);
            await handle.writeFile(JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)(), started: new Date().toISOString() }));
            await handle.close();
            return { release: () => (0,promises_.rm)(path, { force: true }) };
        }
        catch (error) {
            if (error.code !== "EEXIST") {
                // e.g. ENOSPC after the file was created: never leave a half-written lock behind.
                await handle?.close().catch(() => { });
                if (handle)
                    await (0,promises_.rm)(path, { force: true });
                throw (0,adapters_files/* explainWriteError */.j)(path, error);
            }
        }
        // Never through a link, and never more than a small file (a planted lock could be anything).
        const info = await (0,promises_.lstat)(path).catch(() => undefined);
        const text = info?.isFile() && info.size < 4096 ? await (0,promises_.readFile)(path, "utf8").catch(() => "") : "";
        let holder = {};
        try {
            holder = JSON.parse(text);
        }
        catch { }
        const pid = typeof holder.pid === "number" && Number.isInteger(holder.pid) ? holder.pid : undefined;
        const sameHost = holder.host === (0,external_node_os_.hostname)();
        if (pid !== undefined && sameHost && pid !== process.pid && alive(pid)) {
            throw new errors/* SetupError */.w3(`Another setup-coder-convex run (PID ${pid}) is working in ${dir} (${LOCK_FILE}).`, `Wait for it to finish, or stop it; if PID ${pid} is not setup-coder-convex, delete ${path}.`);
        }
        notice(`Took over ${LOCK_FILE} in ${dir}: ${pid === undefined || !sameHost ? "it was not written by a run on this machine" : `PID ${pid} is gone`} (an earlier run was interrupted).`);
        await (0,promises_.rm)(path, { force: true });
    }
    throw new errors/* SetupError */.w3(`Could not take ${(0,external_node_path_.join)(dir, LOCK_FILE)}: other runs keep taking it.`, "Rerun.");
}

// EXTERNAL MODULE: ./src/core/database-url.ts
var database_url = __webpack_require__(64266);
// EXTERNAL MODULE: ./src/adapters/postgres.ts
var postgres = __webpack_require__(84225);
;// CONCATENATED MODULE: ./src/adapters/mysql.ts




/** The oldest MySQL taken (docs/mysql.md#server-versions). */
const MIN_MYSQL = [8, 0];
/**
 * The collation of a column of the backend's own tables (persistence_globals.key): a server
 * without it cannot hold them, and the backend exits at start. MySQL has it from 8.0.17;
 * MariaDB 10.11 has not (docs/mysql.md#server-versions).
 */
const REQUIRED_COLLATION = "utf8mb4_0900_bin";
/** The table the privilege check creates and drops in the backend's database. */
const CHECK_TABLE = "setup_coder_convex_check";
/** Quotes an identifier for MySQL: backticks, inner backticks doubled. */
function quoteMysqlIdentifier(name) {
    if (name.includes("\0"))
        throw new errors/* SetupError */.w3("A database name cannot contain NUL.");
    return `\`${name.replaceAll("`", "``")}\``;
}
/** A text from the driver with the password (as given and percent-encoded) and any URL masked. */
function redactMysqlText(text, db) {
    let out = text.replaceAll(db.url, (0,database_url/* redactDatabaseUrl */.Aq)(db.url));
    out = out.replace(/mysql:\/\/[^\s'"]+/gi, (url) => (0,database_url/* redactDatabaseUrl */.Aq)(url));
    for (const secret of [db.password, encodeURIComponent(db.password)])
        if (secret)
            out = out.replaceAll(secret, "***");
    return out;
}
/** The version text split into flavour and numbers; undefined numbers when unreadable. */
function parseServerVersion(text) {
    // MariaDB 10 and 11 may announce themselves as 5.5.5-10.11.6-MariaDB to old clients.
    const flavor = /mariadb/i.test(text) ? "MariaDB" : "MySQL";
    const cleaned = text.replace(/^5\.5\.5-/, "");
    const numbers = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(cleaned) ?? []).slice(1).map((n) => Number(n ?? 0));
    return { flavor, numbers };
}
function older(numbers, minimum) {
    for (let i = 0; i < minimum.length; i++) {
        const n = numbers[i] ?? 0;
        if (n !== minimum[i])
            return n < minimum[i];
    }
    return false;
}
/** Turns a driver error into a message naming host, port and source and what to do. */
function explainMysqlError(error, db, usedTls) {
    const where = `MySQL at ${db.host}:${db.port} (from ${db.source})`;
    const message = redactMysqlText(error.message ?? "", db);
    const code = error.code ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
        return new errors/* SetupError */.w3(`${where}: the host name does not resolve (DNS).`, "Check the host in the URL.");
    if (code === "ECONNREFUSED")
        return new errors/* SetupError */.w3(`${where}: connection refused, nothing listens on that port.`, "Start MySQL, or fix the host and port in the URL.");
    if (code === "ETIMEDOUT" || /timeout/i.test(message))
        return new errors/* SetupError */.w3(`${where}: no answer before the timeout.`, "A firewall or a wrong address? Check that the host is reachable from here.");
    if (code === "HANDSHAKE_NO_SSL_SUPPORT")
        return new errors/* SetupError */.w3(`${where}: the server does not offer TLS, but mysql-ssl-mode asks for it.`, `Set ${(0,naming/* option */.uK)("mysql-ssl-mode", "disable")}, or turn TLS on in the server.`);
    if (/insecure transport|secure transport/i.test(message) && !usedTls)
        return new errors/* SetupError */.w3(`${where}: the server refuses connections without TLS.`, `Set ${(0,naming/* option */.uK)("mysql-ssl-mode", "require")}.`);
    if (code === "ER_ACCESS_DENIED_ERROR" || error.errno === 1045)
        return new errors/* SetupError */.w3(`${where}: access denied for user "${db.user}" (wrong password, or the user may not connect from this host).`, `Check the user name and password (percent-encode special characters in the URL) and the host part of the account ('USER'@'%')${usedTls ? "" : `; an account created with REQUIRE SSL also needs ${(0,naming/* option */.uK)("mysql-ssl-mode", "require")} (or keep with require_ssl=true)`}.`);
    if (/certificate|self[- ]signed|unable to verify|altnames|Hostname\/IP/i.test(message))
        return new errors/* SetupError */.w3(`${where}: the server's TLS certificate could not be verified (${message}).`, "With mysql-ssl-mode: require the backend verifies the certificate and host name: use a certificate from a public CA or give the backend MYSQL_CA_FILE; on a trusted network use mysql-ssl-mode: keep with require_ssl=true&verify_ca=false in the URL, or disable.");
    return new errors/* SetupError */.w3(`${where}: ${message || code || "connection failed"}.`);
}
/** Runs the statements the backend needs on its database: create, insert, update, read, delete, drop. */
async function checkPrivileges(conn, db) {
    const table = `${quoteMysqlIdentifier(db.name)}.${quoteMysqlIdentifier(CHECK_TABLE)}`;
    const statements = [
        `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT NOT NULL PRIMARY KEY, v LONGBLOB) ROW_FORMAT=DYNAMIC`,
        `INSERT INTO ${table} (id, v) VALUES (1, 'a') ON DUPLICATE KEY UPDATE v = VALUES(v)`,
        `SELECT v FROM ${table} WHERE id = 1`,
        `DELETE FROM ${table} WHERE id = 1`,
        `DROP TABLE ${table}`,
    ];
    for (const sql of statements) {
        try {
            await conn.query(sql);
        }
        catch (error) {
            const e = error;
            const verb = sql.split(" ")[0];
            if (e.errno === 1142 || e.errno === 1044 || e.code === "ER_TABLEACCESS_DENIED_ERROR")
                throw new errors/* SetupError */.w3(`User "${db.user}" may not ${verb} in database "${db.name}" on ${db.host}:${db.port} (from ${db.source}); the backend creates its tables there and writes to them.`, `Ask an administrator to run: GRANT ALL PRIVILEGES ON ${quoteMysqlIdentifier(db.name)}.* TO '${db.user.replaceAll("'", "''")}'@'%';${verb === "DROP" ? ` and to drop the check table ${CHECK_TABLE} left there.` : ""}`);
            throw explainMysqlError(e, db, db.tls !== undefined);
        }
    }
}
async function databaseExists(conn, name) {
    const [rows] = await conn.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", [name]);
    return rows.length > 0;
}
async function createDatabase(conn, db) {
    try {
        await conn.query(`CREATE DATABASE ${quoteMysqlIdentifier(db.name)}`);
        return true;
    }
    catch (error) {
        const e = error;
        if (e.errno === 1007)
            return false; // created concurrently: fine
        if (e.errno === 1044 || e.code === "ER_DBACCESS_DENIED_ERROR")
            throw new errors/* SetupError */.w3(`User "${db.user}" may not create databases on ${db.host}:${db.port} (from ${db.source}), and database "${db.name}" does not exist.`, `Ask an administrator to run: CREATE DATABASE ${quoteMysqlIdentifier(db.name)}; GRANT ALL PRIVILEGES ON ${quoteMysqlIdentifier(db.name)}.* TO '${db.user.replaceAll("'", "''")}'@'%';`);
        throw explainMysqlError(e, db, db.tls !== undefined);
    }
}
async function checkServer(conn, db, collation) {
    const [rows] = await conn.query("SELECT VERSION() AS version, @@global.read_only OR @@global.innodb_read_only AS ro, (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?) AS collations", [collation]);
    const row = rows[0];
    const { flavor, numbers } = parseServerVersion(row.version);
    const where = `${flavor} at ${db.host}:${db.port} (from ${db.source})`;
    if (flavor === "MySQL" && (numbers.length === 0 || older(numbers, MIN_MYSQL)))
        throw new errors/* SetupError */.w3(`${where} runs version ${row.version}; the backend needs MySQL ${MIN_MYSQL.join(".")} or newer.`, "Upgrade the server, or use Postgres or the backend's embedded SQLite.");
    if (Number(row.collations) === 0)
        throw new errors/* SetupError */.w3(`${where} runs version ${row.version}, which has no collation ${collation}: the backend's own tables use it, so the backend would exit at start.`, "Use MySQL 8.0.17 or newer (MariaDB 10.x lacks it), Postgres, or the backend's embedded SQLite.");
    if (Number(row.ro) === 1)
        throw new errors/* SetupError */.w3(`${where} is read-only (read_only or innodb_read_only is on: a replica?); the backend refuses to start on it.`, "Give the URL of the primary (writable) server.");
    return { serverVersion: row.version, flavor };
}
/** requiredCollation: what the server must have (the tests on MariaDB, which lacks the backend's, pass another). */
function createMysql(options = {}) {
    const collation = options.requiredCollation ?? REQUIRED_COLLATION;
    async function connect(db, timeoutMs) {
        // Loaded on first use: most runs never need a MySQL client.
        const mysql = await __webpack_require__.e(/* import() */ 588).then(__webpack_require__.t.bind(__webpack_require__, 27588, 19));
        const ssl = db.tls
            ? { rejectUnauthorized: db.tls.verifyCa, verifyIdentity: db.tls.verifyCa && db.tls.verifyIdentity }
            : undefined;
        try {
            const conn = await mysql.createConnection({
                host: db.host,
                port: db.port,
                user: db.user,
                password: db.password,
                connectTimeout: timeoutMs,
                ...(ssl ? { ssl } : {}),
            });
            conn.on("error", () => { });
            return conn;
        }
        catch (error) {
            throw explainMysqlError(error, db, ssl !== undefined);
        }
    }
    async function withConnection(db, timeoutMs, fn) {
        const conn = await connect(db, timeoutMs);
        try {
            return await fn(conn);
        }
        catch (error) {
            if (error instanceof errors/* SetupError */.w3)
                throw error;
            throw explainMysqlError(error, db, db.tls !== undefined);
        }
        finally {
            await conn.end().catch(() => conn.destroy());
        }
    }
    return {
        preflight: (db, options) => withConnection(db, options.timeoutMs ?? 5000, async (conn) => {
            const server = await checkServer(conn, db, collation);
            let created = false;
            if (!(await databaseExists(conn, db.name))) {
                if (!options.createDatabase)
                    throw new postgres/* MissingDatabaseError */.QJ(`MySQL at ${db.host}:${db.port} (from ${db.source}) has no database "${db.name}", which the backend needs and never creates itself.`, `Create it (CREATE DATABASE ${quoteMysqlIdentifier(db.name)};), or let setup-coder-convex create it: create-database is on by default (input create-database: true, flag --create-database).`);
                created = await createDatabase(conn, db);
            }
            await checkPrivileges(conn, db);
            return { ...server, database: db.name, created, ssl: db.tls !== undefined };
        }),
        dropDatabase: (db, options = {}) => withConnection(db, options.timeoutMs ?? 10_000, async (conn) => {
            if (!(await databaseExists(conn, db.name)))
                return "absent";
            // A backend still connected holds metadata locks: wait at most 30 s, then say so.
            await conn.query("SET SESSION lock_wait_timeout = 30");
            try {
                await conn.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(db.name)}`);
            }
            catch (error) {
                const e = error;
                if (e.errno === 1044 || e.errno === 1142)
                    throw new errors/* SetupError */.w3(`User "${db.user}" may not drop database "${db.name}" on ${db.host}:${db.port} (from ${db.source}).`, `Drop it as a user with the DROP privilege (DROP DATABASE ${quoteMysqlIdentifier(db.name)};), or leave ${(0,naming/* option */.uK)("drop-database")} off.`);
                if (e.errno === 1205)
                    throw new errors/* SetupError */.w3(`Database "${db.name}" on ${db.host}:${db.port} (from ${db.source}) is still in use after 30 s: a backend is still connected.`, "Stop the backend first (down removes it before dropping), then run down again.");
                throw e;
            }
            return "dropped";
        }),
    };
}

// EXTERNAL MODULE: ./src/adapters/process.ts
var adapters_process = __webpack_require__(61169);
// EXTERNAL MODULE: ./src/adapters/runtime.ts
var runtime = __webpack_require__(33252);
// EXTERNAL MODULE: ./node_modules/aws4fetch/dist/aws4fetch.esm.mjs
var aws4fetch_esm = __webpack_require__(12580);
;// CONCATENATED MODULE: ./src/adapters/s3.ts
/**
 * S3's HeadBucket (and, to say why access was refused, a ListObjectsV2 of no keys), signed with
 * SigV4 by aws4fetch. Only answers are reported: what they mean is phases/s3.ts's job.
 */

/** The cause of a failed fetch, in a word: the system's code, else the error's message. */
function causeOf(error) {
    const e = error;
    if (e.name === "TimeoutError" || e.name === "AbortError")
        return "timeout";
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}
/** The `<Code>` of an S3 error document, when the body is one. */
function parseS3ErrorCode(body) {
    return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}
function createS3Probe(fetchImpl = fetch) {
    const send = async (request, method, url) => {
        const signed = await new aws4fetch_esm/* AwsV4Signer */.s({
            method,
            url,
            service: "s3",
            region: request.region,
            accessKeyId: request.credentials.accessKeyId,
            secretAccessKey: request.credentials.secretAccessKey,
            ...(request.credentials.sessionToken ? { sessionToken: request.credentials.sessionToken } : {}),
        }).sign();
        try {
            const response = await fetchImpl(signed.url.toString(), {
                method,
                headers: signed.headers,
                redirect: "manual",
                signal: AbortSignal.timeout(request.timeoutMs),
            });
            // A small error document at most; a HEAD has no body.
            const body = method === "GET" ? (await response.text()).slice(0, 4096) : "";
            return {
                kind: "answer",
                status: response.status,
                bucketRegion: response.headers.get("x-amz-bucket-region") ?? undefined,
                code: parseS3ErrorCode(body),
            };
        }
        catch (error) {
            return { kind: "unreachable", cause: causeOf(error) };
        }
    };
    return {
        headBucket: (request) => send(request, "HEAD", request.url),
        errorCode: (request) => {
            const url = new URL(request.url);
            url.search = "list-type=2&max-keys=0";
            return send(request, "GET", url.toString());
        },
    };
}

;// CONCATENATED MODULE: ./src/adapters/index.ts
/** The real implementations of every seam, assembled once for the action and the CLI. */















function createSetupDeps(options) {
    const runner = (0,adapters_process/* createProcessRunner */.Ej)(options.stop ? { stop: options.stop } : {});
    const files = (0,adapters_files/* createFileStore */.I)();
    // Children never see the runner's internals or the action's inputs (core/child-env.ts).
    const env = (0,child_env/* deriveChildEnv */.BD)(options.env);
    return {
        docker: (0,docker/* createDocker */.hC)(runner, env),
        kubectl: (0,kubectl/* createKubectl */.b7)(runner, env),
        files,
        convexCli: createConvexCli(runner, files),
        postgres: (0,postgres/* createPostgres */.AK)(),
        s3: createS3Probe(),
        mysql: createMysql(),
        admin: (url) => (0,convex_admin/* createConvexAdmin */.HZ)(url),
        git: (0,git/* createGit */.l)(runner),
        readApp: readApp,
        lock: acquireLock,
        keyRecord: createKeyRecord(keyRecordDir(options.env)),
        logger: options.logger,
        clock: runtime/* systemClock */.ml,
        env,
        cwd: options.cwd,
        ...(options.stop ? { stop: options.stop } : {}),
        ...(options.workspace ? { workspace: options.workspace } : {}),
        ...(options.ci !== undefined ? { ci: options.ci } : {}),
    };
}


/***/ }),

/***/ 13111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* reexport */ FRAMEWORKS),
  QM: () => (/* reexport */ FRONTEND_SOURCE_FILE),
  Nd: () => (/* reexport */ describeApp),
  yl: () => (/* reexport */ detectFramework),
  HU: () => (/* reexport */ findWorkspaceRoot),
  ZC: () => (/* reexport */ frontendEnvReads),
  Z6: () => (/* reexport */ functionsDir),
  MN: () => (/* reexport */ isWorkspaceMember),
  D$: () => (/* reexport */ parseConvexJson),
  hW: () => (/* reexport */ tryParsePackageJson),
  Zs: () => (/* reexport */ workspacePatterns)
});

// UNUSED EXPORTS: BETTER_AUTH_PACKAGE, authConfigEnvVars, authProviders, componentsUsed, detectAuth, envVarsRead, isUrlVariable, matchesWorkspacePattern, oauthCallbackUrl, packageManagerOf, parsePackageJson, providerEnvPrefix

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
;// CONCATENATED MODULE: ./src/core/app/package-json.ts
/** package.json: parsing, and the dependency lists the convex CLI looks at. */

/** Parses a JSON file that must hold an object; throws a SetupError naming `path`. */
function parseJsonObject(text, path) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* SetupError */.w3(`${path} is not valid JSON: ${error.message}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new errors/* SetupError */.w3(`${path} does not hold a JSON object.`);
    }
    return value;
}
/** Parses a package.json; throws a SetupError naming `path` when it is not a JSON object. */
function parsePackageJson(text, path) {
    return parseJsonObject(text, path);
}
/** A package.json's content, or undefined when it is missing or not a JSON object. */
function tryParsePackageJson(text) {
    if (text === undefined)
        return undefined;
    try {
        return parsePackageJson(text, "package.json");
    }
    catch {
        return undefined;
    }
}
function depsOf(record) {
    return typeof record === "object" && record !== null && !Array.isArray(record) ? Object.keys(record) : [];
}
/**
 * The dependency names the convex CLI looks at: dependencies + devDependencies, not
 * peerDependencies (`loadPackageJson(ctx)` in convex/dist/esm/cli/lib/utils/utils.js is called with
 * includePeerDeps=false by `suggestedEnvVarNames`).
 */
function frameworkDeps(pkg) {
    return new Set([...depsOf(pkg.dependencies), ...depsOf(pkg.devDependencies)]);
}
/** Where `pkg` lists `name`: the first of dependencies, devDependencies, peerDependencies. */
function dependencyKind(pkg, name) {
    if (!pkg)
        return undefined;
    for (const key of ["dependencies", "devDependencies", "peerDependencies"]) {
        if (depsOf(pkg[key]).includes(name))
            return key;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/app/auth-kind.ts
/** The kind of auth an app uses, from its dependencies and its frontends', and from its code. */

/** Dependencies that mean a JWT auth other than convex-auth, Better Auth on Convex and Clerk. */
const OTHER_AUTH = [/^better-auth$/, /^@workos-inc\/authkit/, /^@auth0\//];
/** Better Auth's Convex integration: the component and the helpers of get-convex/better-auth. */
const BETTER_AUTH_PACKAGE = "@convex-dev/better-auth";
function authEvidence(pkg) {
    if (!pkg)
        return undefined;
    const deps = [...frameworkDeps(pkg)];
    if (deps.includes("@convex-dev/auth"))
        return { kind: "convex-auth", dependency: "@convex-dev/auth" };
    if (deps.includes(BETTER_AUTH_PACKAGE))
        return { kind: "better-auth", dependency: BETTER_AUTH_PACKAGE };
    const clerk = deps.find((d) => d.startsWith("@clerk/"));
    if (clerk)
        return { kind: "clerk", dependency: clerk };
    const other = deps.find((d) => OTHER_AUTH.some((re) => re.test(d)));
    if (other)
        return { kind: "other", dependency: other };
    return undefined;
}
/**
 * The kind of auth: "convex-auth" when `@convex-dev/auth` is in the dependencies/devDependencies of
 * the package holding the functions folder; "better-auth" when `@convex-dev/better-auth` is, or
 * (with `more`) when the functions' code uses it (auth.config's `getAuthConfigProvider()`, the
 * `betterAuth` component), which wins over a dependency: the code is what runs; "clerk" when an
 * `@clerk/*` package is; else "none". With `more`: Clerk is often only in the frontends'
 * package.json (the functions need no Clerk package), so those are looked at next; "other" for a
 * known other auth library (WorkOS AuthKit, Auth0, better-auth without the Convex component) or
 * when an auth.config exists regardless.
 */
function detectAuth(pkg, more) {
    return detectAuthDetail(pkg, more).kind;
}
function detectAuthDetail(pkg, more) {
    const own = authEvidence(pkg);
    if (more?.betterAuthCode) {
        const dependency = own?.kind === "better-auth" ? { dependency: own.dependency } : {};
        return { kind: "better-auth", ...dependency, code: more.betterAuthCode };
    }
    if (own && (own.kind !== "other" || more))
        return own;
    if (more) {
        const found = [...(more.frontends ?? new Map())]
            .map(([dir, p]) => ({ dir, e: authEvidence(p) }))
            .filter((x) => x.e !== undefined);
        const hit = ["convex-auth", "better-auth", "clerk", "other"]
            .map((kind) => found.find((x) => x.e.kind === kind))
            .find((x) => x !== undefined);
        if (hit)
            return { ...hit.e, from: hit.dir };
        if (more.hasAuthConfig)
            return { kind: "other" };
    }
    return { kind: "none" };
}

// EXTERNAL MODULE: ./src/core/ast.ts
var core_ast = __webpack_require__(54899);
;// CONCATENATED MODULE: ./src/core/app/components.ts
/** The Convex components an app installs in `convex.config.ts`. */

const COMPONENT_CONFIG = /^(.*)\/convex\.config(?:\.[cm]?[jt]s)?$/;
/** The components `convex.config.ts` installs with `app.use(x)`, by package (or relative path). */
async function componentsUsed(source, file = "convex.config.ts") {
    const ast = await (0,core_ast/* parseModule */.Y$)(source, file);
    const byLocal = new Map();
    for (const [local, b] of (0,core_ast/* importsOf */.c5)(ast)) {
        const m = COMPONENT_CONFIG.exec(b.source);
        if (m && b.imported === "default")
            byLocal.set(local, m[1]);
    }
    const out = [];
    for (const node of (0,core_ast/* eachNode */.uu)(ast)) {
        if (node.type !== "CallExpression")
            continue;
        const callee = (0,core_ast/* unwrap */.oA)(node.callee);
        if (!(0,core_ast/* isMember */.NB)(callee) || (0,core_ast/* memberName */.eg)(callee) !== "use")
            continue;
        const arg = (0,core_ast/* unwrap */.oA)(node.arguments[0]);
        const pkg = arg?.type === "Identifier" ? byLocal.get(arg.name) : undefined;
        if (pkg && !out.includes(pkg))
            out.push(pkg);
    }
    return out;
}

// EXTERNAL MODULE: external "node:path/posix"
var posix_ = __webpack_require__(53916);
;// CONCATENATED MODULE: ./src/core/app/paths.ts
/** Relative POSIX paths of the repository ("." is its root). */


/** A relative POSIX path in normal form ("." for the root); throws if it escapes or is absolute. */
function normalizeDir(path, what = "path") {
    const posix = path.replace(/\\/g, "/");
    if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix)) {
        throw new errors/* SetupError */.w3(`The ${what} "${path}" is absolute; it must be relative.`);
    }
    const n = (0,posix_.normalize)(posix === "" ? "." : posix).replace(/\/+$/, "") || ".";
    if (n === ".." || n.startsWith("../")) {
        throw new errors/* SetupError */.w3(`The ${what} "${path}" leads out of the folder it is relative to (..).`);
    }
    return n;
}
/** `dir` and each parent up to and including "." (the repository root). */
function ancestors(dir) {
    const out = [normalizeDir(dir)];
    while (out[out.length - 1] !== ".")
        out.push((0,posix_.dirname)(out[out.length - 1]));
    return out;
}
/** `rel` under `base`, in normal form ("." for the root). */
function joinDir(base, rel) {
    return (0,posix_.normalize)((0,posix_.join)(base, rel)).replace(/\/+$/, "") || ".";
}
/** `path` relative to `base` when it is inside it, else undefined. */
function within(base, path) {
    if (base === ".")
        return path;
    if (path === base)
        return ".";
    return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
}

;// CONCATENATED MODULE: ./src/core/app/convex-json.ts
/** convex.json, and the functions folder it (or the convex CLI's default) names. */



/** Parses convex.json; throws a SetupError naming `path` when it is not a JSON object. */
function parseConvexJson(text, path = "convex.json") {
    return parseJsonObject(text, path);
}
/**
 * The functions folder, relative to the app (the folder holding convex.json and package.json):
 * convex.json's `functions` ("src/convex/" -> "src/convex"), else "convex". Like the convex CLI
 * (convex/dist/esm/cli/lib/config.js `readProjectConfig`), an app without convex.json whose
 * package.json has `react-scripts` defaults to "src/convex" (pass `pkg` for that rule).
 * Throws a SetupError for a `functions` that is not a string, absolute, or leads out with `..`.
 */
function functionsDir(convexJson, pkg) {
    if (convexJson === undefined) {
        return pkg && frameworkDeps(pkg).has("react-scripts") ? "src/convex" : "convex";
    }
    const config = typeof convexJson === "string" ? parseConvexJson(convexJson) : convexJson;
    const value = config.functions;
    if (value === undefined)
        return "convex";
    if (typeof value !== "string" || value.trim() === "") {
        throw new errors/* SetupError */.w3(`convex.json: "functions" must be a folder path relative to the app, got ${JSON.stringify(value)}.`);
    }
    const dir = normalizeDir(value, 'convex.json "functions" folder');
    if (dir === ".") {
        throw new errors/* SetupError */.w3(`convex.json: "functions" must name a folder inside the app, not the app itself.`);
    }
    return dir;
}

;// CONCATENATED MODULE: ./src/core/app/better-auth.ts
/**
 * Better Auth on Convex (`@convex-dev/better-auth`) seen in the functions' code. Its guides (the
 * get-convex/better-auth repository's examples and the Better Auth Convex integration guide)
 * register the component in `convex/convex.config.ts` (`app.use(betterAuth)`, imported from
 * `@convex-dev/better-auth/convex.config`, or from `./betterAuth/convex.config` for the "local
 * install", whose `defineComponent("betterAuth")` names it) and give `convex/auth.config.ts` the
 * provider `getAuthConfigProvider()` of `@convex-dev/better-auth/auth-config`.
 */


const FROM_BETTER_AUTH = /^@convex-dev\/better-auth(?:\/|$)/;
/** Whether auth.config imports anything of `@convex-dev/better-auth` (its `getAuthConfigProvider`). */
async function authConfigUsesBetterAuth(source, file) {
    const ast = await (0,core_ast/* parseModule */.Y$)(source, file);
    return [...(0,core_ast/* importsOf */.c5)(ast).values()].some((b) => FROM_BETTER_AUTH.test(b.source));
}
/** The component of {@link componentsUsed} that is Better Auth's: the package, or a local `betterAuth` folder. */
function betterAuthComponent(components) {
    return components.find((c) => c === BETTER_AUTH_PACKAGE || /^\.{1,2}\/(?:.*\/)?betterAuth$/.test(c));
}

;// CONCATENATED MODULE: ./src/core/app/env-reads.ts

/** The function a `const f = (key) => ...` or `function f(key) {...}` declares, by name. */
function declaredFunctions(ast) {
    const out = new Map();
    for (const node of (0,core_ast/* eachNode */.uu)(ast)) {
        if (node.type === "FunctionDeclaration" && node.id)
            out.set(node.id.name, node);
        else if (node.type === "VariableDeclarator" && node.id.type === "Identifier") {
            const init = (0,core_ast/* unwrap */.oA)(node.init);
            if (init?.type === "ArrowFunctionExpression" || init?.type === "FunctionExpression") {
                out.set(node.id.name, init);
            }
        }
    }
    return out;
}
/** Accessors: functions whose parameter i is the key of an env read (`process.env[key]`). */
function accessorsOf(ast, isEnv) {
    const byName = new Map();
    const reads = new Set();
    for (const [name, fn] of declaredFunctions(ast)) {
        const params = fn.params.map((p) => (p.type === "Identifier" ? p.name : undefined));
        for (const node of (0,core_ast/* eachNode */.uu)(fn.body)) {
            if (!(0,core_ast/* isEnvMember */.cO)(node, isEnv) || !node.computed)
                continue;
            const key = (0,core_ast/* unwrap */.oA)(node.property);
            const index = key?.type === "Identifier" ? params.indexOf(key.name) : -1;
            if (index >= 0) {
                byName.set(name, index);
                reads.add(node);
            }
        }
    }
    return { byName, reads };
}
/**
 * The env var names a module reads: `process.env.X`, `process.env["X"]`, destructuring, `env.X`
 * for `env` imported from `./_generated/server` (the newer templates' typed env), and
 * `required("X")` for a function of the same module that reads `process.env[param]`.
 */
function envReadsOf(ast) {
    const isEnv = (0,core_ast/* envObjectTest */.h9)((0,core_ast/* importsOf */.c5)(ast));
    const accessors = accessorsOf(ast, isEnv);
    const names = new Set();
    let dynamic = false;
    for (const node of (0,core_ast/* eachNode */.uu)(ast)) {
        if ((0,core_ast/* isEnvMember */.cO)(node, isEnv)) {
            const name = (0,core_ast/* memberName */.eg)(node);
            if (name !== undefined)
                names.add(name);
            else if (!accessors.reads.has(node))
                dynamic = true;
        }
        else if (node.type === "VariableDeclarator" && node.id.type === "ObjectPattern" && isEnv(node.init)) {
            for (const prop of node.id.properties) {
                const name = prop.type === "RestElement" ? undefined : (0,core_ast/* keyName */.xT)(prop.key, prop.computed);
                if (name !== undefined)
                    names.add(name);
                else
                    dynamic = true;
            }
        }
        else if (node.type === "CallExpression") {
            const callee = (0,core_ast/* unwrap */.oA)(node.callee);
            const index = callee?.type === "Identifier" ? accessors.byName.get(callee.name) : undefined;
            if (index === undefined)
                continue;
            const arg = (0,core_ast/* unwrap */.oA)(node.arguments[index]);
            const name = arg ? (0,core_ast/* keyName */.xT)(arg, true) : undefined;
            if (name !== undefined)
                names.add(name);
            else
                dynamic = true;
        }
    }
    return { names, dynamic };
}
/**
 * Library entry points that read env vars themselves, so that an auth.config using them reads
 * them too. `getAuthConfigProvider()` of @convex-dev/better-auth: `src/auth-config.ts` in
 * get-convex/better-auth reads `process.env.CONVEX_SITE_URL` (and throws when it is unset).
 */
const LIBRARY_ENV_READS = [
    {
        source: /^@convex-dev\/better-auth\/auth-config$/,
        imported: "getAuthConfigProvider",
        vars: ["CONVEX_SITE_URL"],
    },
];
/**
 * The env var names `auth.config.ts` / `auth.config.js` reads, sorted: `process.env.X`,
 * `process.env["X"]`, `const { X } = process.env`, `env.X` with `env` from `./_generated/server`,
 * and the variables read by known library helpers it imports.
 */
async function authConfigEnvVars(source, file = "auth.config.ts") {
    const ast = await (0,core_ast/* parseModule */.Y$)(source, file);
    const names = envReadsOf(ast).names;
    const imports = [...(0,core_ast/* importsOf */.c5)(ast).values()];
    for (const lib of LIBRARY_ENV_READS) {
        if (imports.some((b) => lib.source.test(b.source) && b.imported === lib.imported)) {
            for (const v of lib.vars)
                names.add(v);
        }
    }
    return [...names].sort();
}
/** The env var names read in `sources` (path -> text), and the files that read some by a computed name. */
async function scanEnv(sources) {
    const byName = new Map();
    const dynamic = [];
    for (const [path, text] of sources) {
        let found;
        try {
            found = envReadsOf(await (0,core_ast/* parseModule */.Y$)(text, path));
        }
        catch {
            continue; // an unparseable file is reported by the convex CLI itself
        }
        if (found.dynamic)
            dynamic.push(path);
        for (const name of found.names) {
            const files = byName.get(name) ?? new Set();
            files.add(path);
            byName.set(name, files);
        }
    }
    const reads = [...byName]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, files]) => ({ name, files: [...files].sort() }));
    return { reads, dynamic: dynamic.sort() };
}
/** The env var names read anywhere in `sources` (path -> text), each with the files reading it. */
async function envVarsRead(sources) {
    return (await scanEnv(sources)).reads;
}

;// CONCATENATED MODULE: ./src/core/app/frameworks.ts
/** The frontend frameworks, and the variable names the convex CLI writes for each. */

function framework(id, label, cliName, dependencies, publicPrefix, devPort) {
    return {
        id,
        label,
        cliName,
        dependencies,
        publicPrefix,
        urlVar: `${publicPrefix}CONVEX_URL`,
        siteUrlVar: `${publicPrefix}CONVEX_SITE_URL`,
        devPort,
    };
}
/**
 * The convex CLI's rules, in its order (first match wins): convex@1.48.0
 * `dist/esm/cli/lib/envvars.js`, `suggestedEnvVarNames`. The dev ports are its `frontendDevUrl`
 * values in that same function (http://localhost:3000 for create-react-app, Next.js, TanStackStart
 * and Remix; http://localhost:5173 for SvelteKit and Vite; none for Expo). No other file of the
 * convex dist names a frontend dev URL (searched for `frontendDevUrl`, `localhost:3000`, `:5173`).
 */
const FRAMEWORKS = [
    framework("create-react-app", "Create React App", "create-react-app", ["react-scripts"], "REACT_APP_", 3000),
    framework("nextjs", "Next.js", "Next.js", ["next"], "NEXT_PUBLIC_", 3000),
    framework("expo", "Expo", "Expo", ["expo"], "EXPO_PUBLIC_", undefined),
    framework("sveltekit", "SvelteKit", "SvelteKit", ["@sveltejs/kit"], "PUBLIC_", 5173),
    framework("tanstack-start", "TanStack Start", "TanStackStart", ["@tanstack/start", "@tanstack/react-start"], "VITE_", 3000),
    framework("vite", "Vite", "Vite", ["vite"], "VITE_", 5173),
    framework("remix", "Remix", "Remix", ["@remix-run/dev"], "", 3000),
    framework("none", "no framework", undefined, [], "", undefined),
];
const NO_FRAMEWORK = FRAMEWORKS[FRAMEWORKS.length - 1];
/** The framework of one package.json, by the convex CLI's rules (none without a package.json). */
function detectFramework(pkg) {
    if (!pkg)
        return NO_FRAMEWORK;
    const deps = frameworkDeps(pkg);
    return FRAMEWORKS.find((f) => f.dependencies.some((d) => deps.has(d))) ?? NO_FRAMEWORK;
}

// EXTERNAL MODULE: ./src/core/project.ts
var project = __webpack_require__(50870);
;// CONCATENATED MODULE: ./src/core/app/package-manager.ts
/** The package manager of the workspace root, and what decided it. */

/**
 * The package manager of the workspace root: its `packageManager` field first, then its lockfiles,
 * else npm (`detectPackageManager` of core/project.ts). `lockfiles`: the names present there.
 */
function packageManagerOf(rootPkg, lockfiles) {
    const field = typeof rootPkg?.packageManager === "string" ? rootPkg.packageManager : undefined;
    const name = (0,project/* detectPackageManager */.Lv)(lockfiles, field);
    const evidence = [];
    if (field?.startsWith(`${name}@`))
        evidence.push(`packageManager: ${field}`);
    const present = project/* LOCKFILES */.JA.filter(([file]) => lockfiles.has(file));
    evidence.push(...present.filter(([, pm]) => pm === name).map(([file]) => file));
    return { name, evidence, otherLockfiles: present.filter(([, pm]) => pm !== name).map(([file]) => file) };
}

;// CONCATENATED MODULE: ./src/core/app/providers.ts
/**
 * The convex-auth providers of `convex/auth.ts`, and the variables @auth/core's naming rules or
 * their options in code make the deployment need.
 */


/**
 * How a provider id becomes env var names: @auth/core `setEnvDefaults`
 * (nextauthjs/next-auth packages/core/src/lib/utils/env.ts): `ID = id.toUpperCase().replace(/-/g, "_")`,
 * then `AUTH_${ID}_ID`, `AUTH_${ID}_SECRET` and `AUTH_${ID}_ISSUER` fill an oauth/oidc provider's
 * clientId/clientSecret/issuer, and `AUTH_${ID}_KEY` an email provider's apiKey, each only when
 * the config does not set it (`??=`). @convex-dev/auth calls it on its materialized providers
 * (get-convex/convex-auth src/server/provider_utils.ts `materializeAndDefaultProviders`, which also
 * fills a `phone` provider's apiKey from `AUTH_${ID}_KEY`); its docs
 * (labs.convex.dev/auth/config/oauth/github) set AUTH_GITHUB_ID / AUTH_GITHUB_SECRET and use the
 * callback URL `<site URL>/api/auth/callback/github`.
 */
function providerEnvPrefix(id) {
    return `AUTH_${id.toUpperCase().replace(/-/g, "_")}`;
}
function oauthCallbackUrl(siteUrl, id) {
    return `${siteUrl.replace(/\/+$/, "")}/api/auth/callback/${id}`;
}
/**
 * @auth/core providers (packages/core/src/providers/<file>.ts): the id is the file name except
 * `ory-hydra` (id "hydra"); type "email" for these, where only the ones with an API key read
 * `AUTH_<ID>_KEY` (nodemailer/email need a `server` in code); credentials/passkey/webauthn need
 * no secret; every other one is oauth/oidc.
 */
const AUTHJS_ID_OVERRIDES = { "ory-hydra": "hydra" };
const AUTHJS_EMAIL_WITH_KEY = new Set(["resend", "sendgrid", "postmark", "forwardemail", "mailgun", "loops"]);
const AUTHJS_EMAIL_WITHOUT_KEY = new Set(["nodemailer", "email"]);
const AUTHJS_NO_SECRET = new Set(["credentials", "passkey", "webauthn"]);
/** @convex-dev/auth/providers/<Name> (get-convex/convex-auth src/providers/*.ts): id and type. */
const CONVEX_AUTH_PROVIDERS = {
    Password: { id: "password", kind: "credentials" },
    Anonymous: { id: "anonymous", kind: "credentials" },
    ConvexCredentials: { id: "credentials", kind: "credentials" },
    Email: { id: "email", kind: "email" },
    Phone: { id: "phone", kind: "phone" },
};
/** Where `convexAuth` comes from. */
const CONVEX_AUTH_SERVER = /^@convex-dev\/auth\/server(?:\.js)?$/;
const AUTHJS_MODULE = /^@auth\/core\/providers\/([^/]+?)(?:\.js)?$/;
const CONVEX_AUTH_MODULE = /^@convex-dev\/auth\/providers\/([^/]+?)(?:\.js)?$/;
function providerFromImport(b) {
    const authjs = AUTHJS_MODULE.exec(b.source);
    if (authjs && b.imported === "default") {
        const file = authjs[1];
        const id = AUTHJS_ID_OVERRIDES[file] ?? file;
        const kind = AUTHJS_EMAIL_WITH_KEY.has(file) || AUTHJS_EMAIL_WITHOUT_KEY.has(file)
            ? "email"
            : AUTHJS_NO_SECRET.has(file)
                ? "credentials"
                : "oauth";
        return { id, kind, module: b.source };
    }
    const convex = CONVEX_AUTH_MODULE.exec(b.source);
    if (convex) {
        const known = CONVEX_AUTH_PROVIDERS[convex[1]];
        if (known && (b.imported === convex[1] || b.imported === "default"))
            return { ...known, module: b.source };
    }
    return undefined;
}
function envVarsFor(base, given) {
    const prefix = providerEnvPrefix(base.id);
    const envVars = [];
    const optional = [];
    // An option set in code wins over the variable (`??=`); its own env reads are what it needs.
    const slot = (option, variable, required) => {
        if (given.has(option))
            envVars.push(...(given.get(option) ?? []));
        else
            (required ? envVars : optional).push(variable);
    };
    if (base.kind === "oauth") {
        slot("clientId", `${prefix}_ID`, true);
        slot("clientSecret", `${prefix}_SECRET`, true);
        slot("issuer", `${prefix}_ISSUER`, false);
    }
    else if (base.kind === "email" || base.kind === "phone") {
        const file = AUTHJS_MODULE.exec(base.module)?.[1];
        if (file && AUTHJS_EMAIL_WITH_KEY.has(file))
            slot("apiKey", `${prefix}_KEY`, true);
        else if (!file || !AUTHJS_EMAIL_WITHOUT_KEY.has(file))
            slot("apiKey", `${prefix}_KEY`, false);
        else if (given.has("apiKey"))
            envVars.push(...(given.get("apiKey") ?? []));
    }
    return { envVars: [...new Set(envVars)], optionalEnvVars: optional };
}
function scopeOf(ast, file) {
    const imports = (0,core_ast/* importsOf */.c5)(ast);
    return { file, ast, imports, ...(0,core_ast/* topLevelOf */.Xe)(ast), isEnv: (0,core_ast/* envObjectTest */.h9)(imports) };
}
const RESOLVE_EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mts", ".mjs", "/index.ts", "/index.js"];
/** Resolves a relative import of `from` among `sources` (keys in the same coordinates as `from`). */
function resolveRelative(from, spec, sources) {
    if (!spec.startsWith("."))
        return undefined;
    const base = (0,posix_.normalize)((0,posix_.join)((0,posix_.dirname)(from), spec));
    const stems = [base, base.replace(/\.(?:js|jsx|mjs|cjs)$/, "")];
    for (const stem of stems)
        for (const ext of RESOLVE_EXTENSIONS)
            if (sources.has(stem + ext))
                return stem + ext;
    return undefined;
}
async function loadScope(resolver, file) {
    if (resolver.scopes.has(file))
        return resolver.scopes.get(file) ?? undefined;
    const text = resolver.sources.get(file);
    let scope = null;
    if (text !== undefined) {
        try {
            scope = scopeOf(await (0,core_ast/* parseModule */.Y$)(text, file), file);
        }
        catch {
            scope = null;
        }
    }
    resolver.scopes.set(file, scope);
    return scope ?? undefined;
}
/** The options a provider is called with: option name -> the env vars its value reads; `id` when literal. */
function optionsOf(scope, arg) {
    const given = new Map();
    let id;
    const obj = (0,core_ast/* unwrap */.oA)(arg);
    if (obj?.type !== "ObjectExpression")
        return { given };
    for (const prop of obj.properties) {
        if (prop.type !== "ObjectProperty")
            continue;
        const key = (0,core_ast/* keyName */.xT)(prop.key, prop.computed);
        if (key === undefined)
            continue;
        const value = (0,core_ast/* unwrap */.oA)(prop.value);
        if (key === "id" && value?.type === "StringLiteral")
            id = value.value;
        given.set(key, value ? (0,core_ast/* envNamesIn */.pl)(value, scope.isEnv) : []);
    }
    return id === undefined ? { given } : { given, id };
}
/** What provider an expression in `scope` is, following consts and one-hop relative imports. */
async function resolveProvider(resolver, scope, node, depth) {
    const n = (0,core_ast/* unwrap */.oA)(node);
    if (!n || depth > 4)
        return undefined;
    if (n.type === "Identifier") {
        const binding = scope.imports.get(n.name);
        if (binding) {
            const base = providerFromImport(binding);
            if (base)
                return { base, given: new Map() };
            const target = resolveRelative(scope.file, binding.source, resolver.sources);
            if (!target)
                return undefined;
            const other = await loadScope(resolver, target);
            if (!other)
                return undefined;
            const expr = binding.imported === "default" ? other.defaultExport : other.consts.get(binding.imported);
            return resolveProvider(resolver, other, expr, depth + 1);
        }
        const init = scope.consts.get(n.name);
        return init ? resolveProvider(resolver, scope, init, depth + 1) : undefined;
    }
    if (n.type === "CallExpression") {
        const callee = await resolveProvider(resolver, scope, n.callee, depth + 1);
        if (!callee)
            return undefined;
        const { given, id } = optionsOf(scope, n.arguments[0]);
        const merged = new Map([...callee.given, ...given]);
        const idOverride = id ?? callee.idOverride;
        return idOverride === undefined
            ? { base: callee.base, given: merged }
            : { base: callee.base, given: merged, idOverride };
    }
    return undefined;
}
function nameOf(node) {
    const n = (0,core_ast/* unwrap */.oA)(node);
    if (n?.type === "Identifier")
        return n.name;
    if (n?.type === "CallExpression")
        return nameOf(n.callee);
    if ((0,core_ast/* isMember */.NB)(n))
        return (0,core_ast/* memberName */.eg)(n) ?? "provider";
    return "provider";
}
/** The elements of a `providers` array, through spreads and conditionals. */
function arrayElements(scope, node, depth = 0) {
    const n = (0,core_ast/* unwrap */.oA)(node);
    if (!n || depth > 4)
        return [];
    if (n.type === "Identifier")
        return arrayElements(scope, scope.consts.get(n.name), depth + 1);
    if (n.type === "ConditionalExpression") {
        return [
            ...arrayElements(scope, n.consequent, depth + 1),
            ...arrayElements(scope, n.alternate, depth + 1),
        ];
    }
    if (n.type === "LogicalExpression")
        return arrayElements(scope, n.right, depth + 1);
    if (n.type !== "ArrayExpression")
        return [];
    const out = [];
    for (const el of n.elements) {
        if (!el)
            continue;
        if (el.type === "SpreadElement")
            out.push(...arrayElements(scope, el.argument, depth + 1));
        else
            out.push(el);
    }
    return out;
}
/**
 * The providers of `convex/auth.ts`: those in `convexAuth({ providers: [...] })` (used: true), in
 * order, then the provider modules imported but not used (used: false). Follows a `const` in the
 * file and, given `options.sources` (path -> text, `options.file` in the same coordinates), a
 * provider defined in a sibling module (`import { ResendOTP } from "./ResendOTP"`).
 */
async function authProviders(authTsSource, options = {}) {
    const file = options.file ?? "auth.ts";
    const scope = scopeOf(await (0,core_ast/* parseModule */.Y$)(authTsSource, file), file);
    const resolver = { sources: options.sources ?? new Map(), scopes: new Map([[file, scope]]) };
    const convexAuthLocals = (0,core_ast/* localsOf */.GQ)(scope.imports, CONVEX_AUTH_SERVER, "convexAuth");
    const elements = [];
    for (const node of (0,core_ast/* eachNode */.uu)(scope.ast)) {
        if (node.type !== "CallExpression")
            continue;
        const callee = (0,core_ast/* unwrap */.oA)(node.callee);
        if (callee?.type !== "Identifier" || !convexAuthLocals.has(callee.name))
            continue;
        const arg = (0,core_ast/* unwrap */.oA)(node.arguments[0]);
        if (arg?.type !== "ObjectExpression")
            continue;
        for (const prop of arg.properties) {
            if (prop.type === "ObjectProperty" && (0,core_ast/* keyName */.xT)(prop.key, prop.computed) === "providers") {
                elements.push(...arrayElements(scope, prop.value));
            }
        }
    }
    const out = [];
    const usedModules = new Set();
    for (const el of elements) {
        const resolved = await resolveProvider(resolver, scope, el, 0);
        const name = nameOf(el);
        if (!resolved) {
            out.push({
                id: name,
                name,
                module: undefined,
                kind: "custom",
                used: true,
                envVars: [],
                optionalEnvVars: [],
            });
            continue;
        }
        usedModules.add(resolved.base.module);
        const base = { ...resolved.base, id: resolved.idOverride ?? resolved.base.id };
        out.push(provider(base, name, true, resolved.given));
    }
    for (const [local, binding] of scope.imports) {
        const base = providerFromImport(binding);
        if (base && !usedModules.has(base.module))
            out.push(provider(base, local, false, new Map()));
    }
    return out;
}
function provider(base, name, used, given) {
    return {
        id: base.id,
        name,
        module: base.module,
        kind: base.kind,
        used,
        ...envVarsFor(base, given),
        ...(base.kind === "oauth" ? { callbackPath: `/api/auth/callback/${base.id}` } : {}),
    };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(16085);
;// CONCATENATED MODULE: ./src/core/app/workspaces.ts
/** Workspaces (npm/yarn/bun `workspaces`, pnpm-workspace.yaml): the root, its patterns, its members. */




/** The workspace patterns declared by package.json `workspaces` or pnpm-workspace.yaml `packages`. */
function workspacePatterns(pkg, pnpmWorkspaceYaml) {
    const out = [];
    const ws = pkg?.workspaces;
    const list = Array.isArray(ws)
        ? ws
        : typeof ws === "object" && ws !== null && Array.isArray(ws.packages)
            ? ws.packages
            : [];
    out.push(...list.filter((p) => typeof p === "string"));
    if (pnpmWorkspaceYaml !== undefined) {
        let doc;
        try {
            doc = (0,dist/* parse */.qg)(pnpmWorkspaceYaml);
        }
        catch {
            doc = undefined;
        }
        const packages = doc?.packages;
        if (Array.isArray(packages))
            out.push(...packages.filter((p) => typeof p === "string"));
    }
    return [...new Set(out)];
}
function isWorkspaceRoot(pkg, hasPnpmWorkspace) {
    const ws = pkg?.workspaces;
    return hasPnpmWorkspace || Array.isArray(ws) || (typeof ws === "object" && ws !== null);
}
/**
 * Whether the folder's parts match the pattern's segments (`*`, `?` within a segment, `**` for any
 * number of segments), in bounded time: runs of `**` are one, each (segment, part) pair is decided
 * once, and a segment is matched without a regular expression (core/glob.ts).
 */
function matchSegments(pattern, parts) {
    const segments = pattern.filter((seg, i) => !(seg === "**" && pattern[i - 1] === "**"));
    const memo = new Map();
    const match = (i, j) => {
        const key = i * (parts.length + 1) + j;
        const known = memo.get(key);
        if (known !== undefined)
            return known;
        let result;
        if (i === segments.length)
            result = j === parts.length;
        else if (segments[i] === "**")
            result = match(i + 1, j) || (j < parts.length && match(i, j + 1));
        else
            result =
                j < parts.length && (0,glob/* globMatch */.eu)(segments[i], parts[j], { escapes: false }) && match(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return match(0, 0);
}
/** Whether `dir` (relative to the workspace root) matches one workspace glob (`*`, `?`, `**`). */
function matchesWorkspacePattern(dir, pattern) {
    let p;
    try {
        p = normalizeDir(pattern.replace(/^!/, ""), "workspace pattern");
    }
    catch {
        return false;
    }
    const parts = dir === "." ? [] : dir.split("/");
    return matchSegments(p === "." ? [] : p.split("/"), parts);
}
/** Whether `dir` (relative to the workspace root) is a member: matched, and not by a `!` pattern. */
function isWorkspaceMember(dir, patterns) {
    // The repository supplies them: at most MAX_GLOBS are read, each at most MAX_GLOB_LENGTH long.
    const read = patterns.slice(0, glob/* MAX_GLOBS */.zt).filter((p) => p.length <= glob/* MAX_GLOB_LENGTH */.v7);
    const positive = read.filter((p) => !p.startsWith("!"));
    const negative = read.filter((p) => p.startsWith("!"));
    return (positive.some((p) => matchesWorkspacePattern(dir, p)) &&
        !negative.some((p) => matchesWorkspacePattern(dir, p)));
}
/**
 * The workspace root for `workingDirectory`: walking up to the repository root ("."), the nearest
 * folder whose package.json has `workspaces` (an array or `{ packages }`) or that has a
 * pnpm-workspace.yaml, and whose patterns include the working directory (or that is the working
 * directory); else the working directory itself. Paths only: `packageJsons` and `pnpmWorkspaces`
 * map folders to file texts.
 */
function findWorkspaceRoot(workingDirectory, packageJsons, pnpmWorkspaces = new Map()) {
    const wd = normalizeDir(workingDirectory, "working directory");
    for (const dir of ancestors(wd)) {
        const pkg = tryParsePackageJson(packageJsons.get(dir));
        const yaml = pnpmWorkspaces.get(dir);
        if (!isWorkspaceRoot(pkg, yaml !== undefined))
            continue;
        if (dir === wd)
            return dir;
        if (isWorkspaceMember(within(dir, wd), workspacePatterns(pkg, yaml)))
            return dir;
    }
    return wd;
}

;// CONCATENATED MODULE: ./src/core/app/describe-app.ts
/**
 * The whole app, read from its files: what {@link describeApp} derives from the in-memory view
 * `adapters/app-reader.ts` collects from disk.
 */













function firstExisting(sources, dir, stem) {
    for (const ext of core_ast/* SOURCE_EXTENSIONS */.fQ) {
        const path = dir === "." ? `${stem}${ext}` : `${dir}/${stem}${ext}`;
        if (sources.has(path))
            return path;
    }
    return undefined;
}
/** Runs `read`; what it throws becomes a warning and the result `fallback`. */
async function readOrWarn(warnings, fallback, read) {
    try {
        return await read();
    }
    catch (error) {
        warnings.push(error.message);
        return fallback;
    }
}
/** Folder -> parsed package.json; an invalid one is a warning, except the working directory's. */
function parsePackageJsons(texts, wd, warnings) {
    const parsed = new Map();
    for (const [rawDir, text] of texts) {
        const dir = normalizeDir(rawDir);
        try {
            parsed.set(dir, parsePackageJson(text, dir === "." ? "package.json" : `${dir}/package.json`));
        }
        catch (error) {
            if (dir === wd)
                throw error;
            warnings.push(error.message);
        }
    }
    return parsed;
}
function workspaceOf(files, wd, parsed) {
    const texts = new Map([...files.packageJsons].map(([d, s]) => [normalizeDir(d), s]));
    const pnpm = new Map([...files.pnpmWorkspaces].map(([d, s]) => [normalizeDir(d), s]));
    const root = findWorkspaceRoot(wd, texts, pnpm);
    const rootPkg = parsed.get(root);
    const isMonorepo = isWorkspaceRoot(rootPkg, pnpm.has(root));
    const patterns = isMonorepo ? workspacePatterns(rootPkg, pnpm.get(root)) : [];
    const members = isMonorepo
        ? [...parsed.keys()]
            .filter((dir) => dir !== root && dir !== wd)
            .filter((dir) => {
            const rel = within(root, dir);
            return rel !== undefined && isWorkspaceMember(rel, patterns);
        })
            .sort()
        : [];
    return { root, patterns, members };
}
/** The names of the lockfiles at the workspace root. */
function rootLockfiles(paths, root) {
    const out = new Set();
    for (const path of paths) {
        const n = normalizeDir(path);
        if ((0,posix_.dirname)(n) === root)
            out.add(n.slice(n.lastIndexOf("/") + 1));
    }
    return out;
}
/** The source files of the functions folder, without `_generated/`, `node_modules/` and `.d.ts`. */
function functionSources(all, fnDir) {
    const sources = new Map();
    for (const [path, text] of all) {
        const rel = within(fnDir, normalizeDir(path));
        if (rel === undefined || !core_ast/* SOURCE_FILE */.n6.test(rel) || rel.endsWith(".d.ts"))
            continue;
        if (rel.split("/").some((seg) => seg === "_generated" || seg === "node_modules"))
            continue;
        sources.set(normalizeDir(path), text);
    }
    return sources;
}
/** The working directory (with a framework), and the members with a framework that use the backend. */
function frontendsOf(parsed, wd, members) {
    const frontendOf = (dir) => {
        const f = detectFramework(parsed.get(dir));
        return {
            dir,
            framework: f.id,
            urlVar: f.urlVar,
            siteUrlVar: f.siteUrlVar,
            devPort: f.devPort,
            dependsOnConvex: dependencyKind(parsed.get(dir), "convex") !== undefined,
        };
    };
    const backendName = parsed.get(wd)?.name;
    const frontends = [];
    if (detectFramework(parsed.get(wd)).id !== "none")
        frontends.push(frontendOf(wd));
    for (const dir of members) {
        const pkg = parsed.get(dir);
        if (detectFramework(pkg).id === "none")
            continue;
        const usesBackend = dependencyKind(pkg, "convex") !== undefined ||
            (backendName !== undefined && dependencyKind(pkg, backendName) !== undefined);
        if (usesBackend)
            frontends.push(frontendOf(dir));
    }
    if (frontends.length === 0)
        frontends.push(frontendOf(wd));
    return frontends;
}
/** Better Auth in the functions' code: auth.config's provider first, then the component. */
async function betterAuthCode(authConfigFile, sources, components, configFile) {
    if (authConfigFile) {
        const uses = await authConfigUsesBetterAuth(sources.get(authConfigFile), authConfigFile).catch(() => false);
        if (uses)
            return `${authConfigFile} uses @convex-dev/better-auth (getAuthConfigProvider)`;
    }
    const component = betterAuthComponent(components);
    return component && configFile ? `${configFile} installs the component ${component}` : undefined;
}
/** The auth kind, auth.config's variables and auth.ts's providers. */
async function authOf(app, parsed, warnings) {
    const { wd, fnDir, sources } = app;
    const authConfigFile = firstExisting(sources, fnDir, "auth.config");
    const authConfigEnv = authConfigFile
        ? await readOrWarn(warnings, [], () => authConfigEnvVars(sources.get(authConfigFile), authConfigFile))
        : [];
    const code = await betterAuthCode(authConfigFile, sources, app.components, app.configFile);
    const frontendPkgs = new Map(app.frontends
        .filter((f) => f.dir !== wd)
        .map((f) => [f.dir, parsed.get(f.dir)])
        .filter((e) => e[1] !== undefined));
    const auth = detectAuthDetail(parsed.get(wd), {
        frontends: frontendPkgs,
        hasAuthConfig: authConfigFile !== undefined,
        ...(code ? { betterAuthCode: code } : {}),
    });
    const authFile = firstExisting(sources, fnDir, "auth");
    const providers = authFile
        ? await readOrWarn(warnings, [], () => authProviders(sources.get(authFile), { file: authFile, sources }))
        : [];
    return {
        auth: auth.kind,
        authDependency: auth.dependency,
        authDependencyDir: auth.dependency === undefined ? undefined : (auth.from ?? wd),
        authCode: auth.code,
        authConfigFile,
        authConfigEnv,
        authFile,
        providers,
    };
}
/** Derives {@link AppFacts} from the collected files. Throws a SetupError for a working directory
 * that leads out of the repository, an invalid package.json there, or an invalid convex.json. */
async function describeApp(files) {
    const warnings = [];
    const wd = normalizeDir(files.workingDirectory, "working directory");
    const parsed = parsePackageJsons(files.packageJsons, wd, warnings);
    const workspace = workspaceOf(files, wd, parsed);
    const pm = packageManagerOf(parsed.get(workspace.root), rootLockfiles(files.lockfiles, workspace.root));
    const wdPkg = parsed.get(wd);
    if (!wdPkg)
        warnings.push(`No package.json in ${wd}: the convex CLI needs one there.`);
    const convexJson = files.convexJson === undefined
        ? undefined
        : parseConvexJson(files.convexJson, wd === "." ? "convex.json" : `${wd}/convex.json`);
    const fnDir = joinDir(wd, functionsDir(convexJson, wdPkg));
    const sources = functionSources(files.sources, fnDir);
    const frontends = frontendsOf(parsed, wd, workspace.members);
    const convexDependents = [...new Set([...ancestors(wd), ...workspace.members])]
        .filter((dir) => dir !== wd && dependencyKind(parsed.get(dir), "convex") !== undefined)
        .sort();
    const configFile = firstExisting(sources, fnDir, "convex.config");
    const components = configFile
        ? await readOrWarn(warnings, [], () => componentsUsed(sources.get(configFile), configFile))
        : [];
    const auth = await authOf({ wd, fnDir, sources, frontends, components, configFile }, parsed, warnings);
    const env = await scanEnv(sources);
    return {
        workingDirectory: wd,
        workspaceRoot: workspace.root,
        workspacePatterns: workspace.patterns,
        packageManager: pm.name,
        packageManagerEvidence: pm.evidence,
        otherLockfiles: pm.otherLockfiles,
        convexDependency: dependencyKind(wdPkg, "convex"),
        convexDependents,
        convexJson,
        functionsDir: fnDir,
        functionsDirExists: files.functionsDirExists ?? sources.size > 0,
        frontends,
        ...auth,
        components,
        envVarsRead: env.reads,
        dynamicEnvReads: env.dynamic,
        frontendEnvReads: new Map(),
        warnings,
    };
}

;// CONCATENATED MODULE: ./src/core/app/frontend-env.ts

/** The files a frontend's code is in. */
const FRONTEND_SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx|astro|svelte|vue)$/;
/** The names this module looks for: the backend's URLs and the frontend's own site URL. */
function isUrlVariable(name) {
    return name.endsWith("CONVEX_URL") || name.endsWith("SITE_URL");
}
/** Modules whose named exports are env variables (`import { CONVEX_URL } from "astro:env/client"`). */
const ENV_MODULES = /^(?:astro:env\/(?:client|server)|\$env\/static\/(?:public|private))$/;
/** Modules whose `env` export is the env object (`import { env } from "$env/dynamic/public"`). */
const DYNAMIC_ENV = /^\$env\/dynamic\/(?:public|private)$/;
/**
 * The script parts of a file as modules to parse, each with the name the parser is told (its
 * extension picks TypeScript/JSX): the whole file for a JS/TS module.
 */
function scriptsOf(path, text) {
    if (!/\.(?:astro|svelte|vue)$/.test(path))
        return [{ file: path, code: text }];
    const out = [];
    if (path.endsWith(".astro")) {
        // The frontmatter: between a first line `---` and the next line `---`.
        const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
        if (front)
            out.push({ file: `${path}.ts`, code: front[1] });
    }
    for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi))
        out.push({ file: `${path}.ts`, code: m[1] });
    return out;
}
/** The env variable names one module reads by name. */
function namesRead(ast) {
    const imports = (0,core_ast/* importsOf */.c5)(ast);
    const names = new Set();
    for (const [, b] of imports)
        if (ENV_MODULES.test(b.source) && b.imported !== "*")
            names.add(b.imported);
    const processEnv = (0,core_ast/* envObjectTest */.h9)(imports);
    const dynamic = (0,core_ast/* localsOf */.GQ)(imports, DYNAMIC_ENV, "env");
    const isEnv = (node) => {
        const n = (0,core_ast/* unwrap */.oA)(node);
        return processEnv(n) || (0,core_ast/* isImportMetaEnv */.MN)(n) || (n?.type === "Identifier" && dynamic.has(n.name));
    };
    for (const node of (0,core_ast/* eachNode */.uu)(ast)) {
        if ((0,core_ast/* isEnvMember */.cO)(node, isEnv)) {
            const name = (0,core_ast/* memberName */.eg)(node);
            if (name !== undefined)
                names.add(name);
        }
        else if (node.type === "VariableDeclarator" && node.id.type === "ObjectPattern" && isEnv(node.init)) {
            for (const prop of node.id.properties) {
                const name = prop.type === "RestElement" ? undefined : (0,core_ast/* keyName */.xT)(prop.key, prop.computed);
                if (name !== undefined)
                    names.add(name);
            }
        }
    }
    return names;
}
/**
 * The variables ending in CONVEX_URL, CONVEX_SITE_URL or SITE_URL that `sources` (path -> text)
 * read, each with the files reading it, sorted by name. A file that cannot be parsed is skipped
 * (it is the frontend's build that reports it). Files that do not mention one of the names are
 * not parsed at all.
 */
async function frontendEnvReads(sources) {
    const byName = new Map();
    for (const [path, text] of sources) {
        if (!text.includes("CONVEX_URL") && !text.includes("SITE_URL"))
            continue;
        for (const { file, code } of scriptsOf(path, text)) {
            let ast;
            try {
                ast = await (0,core_ast/* parseModule */.Y$)(code, file);
            }
            catch {
                continue;
            }
            for (const name of namesRead(ast)) {
                if (!isUrlVariable(name))
                    continue;
                const files = byName.get(name) ?? new Set();
                files.add(path);
                byName.set(name, files);
            }
        }
    }
    return [...byName]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, files]) => ({ name, files: [...files].sort() }));
}

;// CONCATENATED MODULE: ./src/core/app.ts
/**
 * What the app is, read from its files: the frontend framework(s) and the variable names the
 * convex CLI would write for them, the package manager, the workspace root, the functions folder,
 * the kind of auth (@convex-dev/auth, Better Auth, Clerk, ...), the variables auth.config reads, the
 * convex-auth providers and the secrets their naming rules call for, the components, the env vars
 * the functions read, and the URL variables a frontend's own code reads.
 *
 * Pure: the input is an in-memory view of the files ({@link AppFiles}); `adapters/app-reader.ts`
 * collects it from disk. Paths are POSIX and relative to the repository root ("." is the root).
 * One module a concern under core/app/; source files are read with core/ast.ts.
 */













/***/ }),

/***/ 54899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GQ: () => (/* binding */ localsOf),
/* harmony export */   MN: () => (/* binding */ isImportMetaEnv),
/* harmony export */   NB: () => (/* binding */ isMember),
/* harmony export */   Xe: () => (/* binding */ topLevelOf),
/* harmony export */   Y$: () => (/* binding */ parseModule),
/* harmony export */   c5: () => (/* binding */ importsOf),
/* harmony export */   cO: () => (/* binding */ isEnvMember),
/* harmony export */   eg: () => (/* binding */ memberName),
/* harmony export */   fQ: () => (/* binding */ SOURCE_EXTENSIONS),
/* harmony export */   h9: () => (/* binding */ envObjectTest),
/* harmony export */   n6: () => (/* binding */ SOURCE_FILE),
/* harmony export */   oA: () => (/* binding */ unwrap),
/* harmony export */   pl: () => (/* binding */ envNamesIn),
/* harmony export */   uu: () => (/* binding */ eachNode),
/* harmony export */   xT: () => (/* binding */ keyName)
/* harmony export */ });
/* unused harmony exports ParseError, parseJsonc, GENERATED_SERVER */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);

// ---------------------------------------------------------------------------------------------
// Parsing
/** The extensions of a source module, in the order an existing one is looked for (`auth.ts` first). */
const SOURCE_EXTENSIONS = [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx", ".cts", ".cjs"];
/** A file {@link parseModule} reads: one of {@link SOURCE_EXTENSIONS}. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
/** A file that could not be parsed; `reason` is the parser's own message. */
class ParseError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3 {
    name = "ParseError";
    reason;
    constructor(file, cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        super(`Could not parse ${file}: ${reason}`, undefined, { cause });
        this.reason = reason;
    }
}
let parserPromise;
async function loadParser() {
    // The CommonJS module's named exports, or (bundled) its default export.
    parserPromise ??= __webpack_require__.e(/* import() */ 429).then(__webpack_require__.bind(__webpack_require__, 5429)).then((m) => typeof m.parse === "function"
        ? m
        : m.default);
    return parserPromise;
}
/** TypeScript for .ts/.tsx/.mts/.cts; JSX for .tsx, .jsx, .js, .mjs, .cjs (in a .ts file `<T>x` is a cast). */
function pluginsFor(file) {
    const plugins = [];
    if (/\.[cm]?tsx?$/.test(file))
        plugins.push("typescript");
    if (/\.(?:tsx|jsx|js|mjs|cjs)$/.test(file))
        plugins.push("jsx");
    return plugins;
}
/** Parses a module with TypeScript and/or JSX syntax by the extension of `file`. Throws a ParseError. */
async function parseModule(source, file) {
    const { parse } = await loadParser();
    try {
        return parse(source, {
            sourceType: "module",
            plugins: pluginsFor(file),
            errorRecovery: true,
            allowAwaitOutsideFunction: true,
        });
    }
    catch (error) {
        // A RangeError from a crafted deeply nested file lands here too: the parser recurses.
        throw new ParseError(file, error);
    }
}
/** Parses JSON with comments and trailing commas (tsconfig.json) as an expression. Throws a ParseError. */
async function parseJsonc(source, file) {
    const { parseExpression } = await loadParser();
    try {
        return unwrap(parseExpression(source, { plugins: [] }));
    }
    catch (error) {
        throw new ParseError(file, error);
    }
}
// ---------------------------------------------------------------------------------------------
// Walking
/** Keys that hold positions, comments or parser diagnostics rather than child nodes. */
const SKIP_KEYS = new Set([
    "loc",
    "start",
    "end",
    "range",
    "extra",
    "leadingComments",
    "trailingComments",
    "innerComments",
    "comments",
    "tokens",
    "errors",
]);
function isNode(value) {
    return (typeof value === "object" && value !== null && typeof value.type === "string");
}
/**
 * `root` and every node under it, parents first, siblings in source order. Iterative: a crafted,
 * deeply nested file cannot overflow the stack.
 */
function* eachNode(root) {
    const stack = [root];
    const children = [];
    while (stack.length > 0) {
        const node = stack.pop();
        yield node;
        const record = node;
        for (const key of Object.keys(record)) {
            if (SKIP_KEYS.has(key))
                continue;
            const value = record[key];
            if (Array.isArray(value)) {
                for (const v of value)
                    if (isNode(v))
                        children.push(v);
            }
            else if (isNode(value))
                children.push(value);
        }
        // Reversed onto the stack so that the first child comes off first.
        while (children.length > 0)
            stack.push(children.pop());
    }
}
// ---------------------------------------------------------------------------------------------
// Expressions
/** Strips `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`. */
function unwrap(node) {
    let n = node ?? undefined;
    while (n &&
        (n.type === "TSNonNullExpression" ||
            n.type === "TSAsExpression" ||
            n.type === "TSSatisfiesExpression" ||
            n.type === "TSTypeAssertion" ||
            n.type === "ParenthesizedExpression")) {
        n = n.expression;
    }
    return n;
}
/** The name of a property key: `a`, `"a"`, `` `a` `` (computed only when a literal). */
function keyName(node, computed) {
    if (!computed && node.type === "Identifier")
        return node.name;
    if (node.type === "StringLiteral")
        return node.value;
    if (node.type === "TemplateLiteral" && node.expressions.length === 0) {
        return node.quasis[0]?.value.cooked ?? undefined;
    }
    return undefined;
}
/** `a.b`, `a?.b`, `a["b"]`. */
function isMember(node) {
    return node?.type === "MemberExpression" || node?.type === "OptionalMemberExpression";
}
/** The property a member expression names (undefined for a computed, non-literal one). */
function memberName(node) {
    return keyName(node.property, node.computed);
}
/** Whether `node` is (after {@link unwrap}) the identifier `name`. */
function isIdentifier(node, name) {
    const n = unwrap(node);
    return n?.type === "Identifier" && n.name === name;
}
/** The module's imports: local name -> where it comes from. */
function importsOf(ast) {
    const out = new Map();
    for (const stmt of ast.program.body) {
        if (stmt.type !== "ImportDeclaration")
            continue;
        for (const spec of stmt.specifiers) {
            const imported = spec.type === "ImportDefaultSpecifier"
                ? "default"
                : spec.type === "ImportNamespaceSpecifier"
                    ? "*"
                    : spec.imported.type === "Identifier"
                        ? spec.imported.name
                        : spec.imported.value;
            out.set(spec.local.name, { source: stmt.source.value, imported });
        }
    }
    return out;
}
/** The local names bound to `imported` ("default", "*" or a name) from a module matching `source`. */
function localsOf(imports, source, imported) {
    const out = new Set();
    for (const [local, b] of imports)
        if (b.imported === imported && source.test(b.source))
            out.add(local);
    return out;
}
function topLevelOf(ast) {
    const consts = new Map();
    let defaultExport;
    for (const stmt of ast.program.body) {
        const decl = stmt.type === "ExportNamedDeclaration" && stmt.declaration ? stmt.declaration : stmt;
        if (decl.type === "VariableDeclaration") {
            for (const d of decl.declarations) {
                if (d.id.type === "Identifier" && d.init)
                    consts.set(d.id.name, d.init);
            }
        }
        if (stmt.type === "ExportDefaultDeclaration")
            defaultExport = stmt.declaration;
    }
    return { consts, defaultExport };
}
// ---------------------------------------------------------------------------------------------
// Env reads
/**
 * `./_generated/server`, `../_generated/server.js`, ...: the module the convex CLI generates,
 * whose `env` export is the typed `process.env` of the newer templates.
 */
const GENERATED_SERVER = /^\.{1,2}\/(?:.*\/)?_generated\/server(?:\.[cm]?[jt]s)?$/;
/**
 * The env objects of a module with these imports: `process.env`, `globalThis.process.env`, and
 * `env` (or `ns.env` for `import * as ns`) imported from {@link GENERATED_SERVER}.
 */
function envObjectTest(imports) {
    const envLocals = localsOf(imports, GENERATED_SERVER, "env");
    const namespaces = localsOf(imports, GENERATED_SERVER, "*");
    return (node) => {
        const n = unwrap(node);
        if (n?.type === "Identifier")
            return envLocals.has(n.name);
        if (!isMember(n) || memberName(n) !== "env")
            return false;
        const obj = unwrap(n.object);
        if (obj?.type === "Identifier")
            return obj.name === "process" || namespaces.has(obj.name);
        return isMember(obj) && memberName(obj) === "process" && isIdentifier(obj.object, "globalThis");
    };
}
/** `import.meta.env` (also `(import.meta as any).env`): the env object Vite and Astro give modules. */
function isImportMetaEnv(node) {
    const n = unwrap(node);
    if (!isMember(n) || memberName(n) !== "env")
        return false;
    const meta = unwrap(n.object);
    return meta?.type === "MetaProperty" && meta.meta.name === "import" && meta.property.name === "meta";
}
/** Whether `node` reads a member of an env object (`process.env.X`, `env["X"]`, `process.env[k]`). */
function isEnvMember(node, isEnv) {
    return isMember(node) && isEnv(node.object);
}
/** The env var names read by name anywhere under `root` (`process.env.X`, `env.X`), in order. */
function envNamesIn(root, isEnv) {
    const names = new Set();
    for (const node of eachNode(root)) {
        if (!isEnvMember(node, isEnv))
            continue;
        const name = memberName(node);
        if (name !== undefined)
            names.add(name);
    }
    return [...names];
}


/***/ }),

/***/ 16085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eu: () => (/* binding */ globMatch),
/* harmony export */   v7: () => (/* binding */ MAX_GLOB_LENGTH),
/* harmony export */   zt: () => (/* binding */ MAX_GLOBS)
/* harmony export */ });
/**
 * Glob matching for patterns a repository supplies (.gitignore lines, workspace patterns), in
 * bounded time: no regular expression is built from them (a run of `*` before a letter makes a
 * backtracking regex take exponential time, blocking the event loop so that even SIGTERM is
 * never handled). A run of `*` is one `*`; the match keeps one position in the pattern and the
 * last `*` to return to, so it takes at most pattern length x subject length steps; patterns
 * longer than MAX_GLOB_LENGTH match nothing. Pure.
 */
/** Longer patterns match nothing (no real .gitignore line or workspace glob comes close). */
const MAX_GLOB_LENGTH = 1024;
/** At most this many patterns of one list are read (workspaces; .gitignore lines: see gitignore.ts). */
const MAX_GLOBS = 1000;
/** The pattern's tokens; undefined for a pattern over the length cap. */
function compile(glob, options) {
    if (glob.length > MAX_GLOB_LENGTH)
        return undefined;
    const tokens = [];
    const char = (c) => ({ kind: "char", char: options.ignoreCase ? c.toLowerCase() : c });
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (options.classes === "any" && c === "[") {
            const close = glob.indexOf("]", i + 2);
            if (close !== -1) {
                tokens.push({ kind: "one" });
                i = close;
                continue;
            }
        }
        if (options.escapes !== false && c === "\\" && i + 1 < glob.length)
            tokens.push(char(glob[++i]));
        else if (c === "*") {
            if (tokens.at(-1)?.kind !== "star")
                tokens.push({ kind: "star" });
        }
        else if (c === "?")
            tokens.push({ kind: "one" });
        else
            tokens.push(char(c));
    }
    return tokens;
}
/** Whether `subject` matches `glob` whole; `*` and `?` never match a `/`. */
function globMatch(glob, subject, options = {}) {
    const tokens = compile(glob, options);
    if (!tokens)
        return false;
    const s = options.ignoreCase ? subject.toLowerCase() : subject;
    let p = 0;
    let q = 0;
    /** The last `*` seen and where in the subject its match ends now. */
    let star = -1;
    let starEnd = 0;
    while (q < s.length) {
        const token = tokens[p];
        if ((token?.kind === "char" && token.char === s[q]) || (token?.kind === "one" && s[q] !== "/")) {
            p++;
            q++;
        }
        else if (token?.kind === "star") {
            star = p++;
            starEnd = q;
        }
        else if (star >= 0 && s[starEnd] !== "/") {
            // The last `*` takes one more character; the rest is tried again after it.
            p = star + 1;
            q = ++starEnd;
        }
        else
            return false;
    }
    while (tokens[p]?.kind === "star")
        p++;
    return p === tokens.length;
}


/***/ })

};
