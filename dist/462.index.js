export const id = 462;
export const ids = [462,527];
export const modules = {

/***/ 58462:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// UNUSED EXPORTS: STATE, errorMessage

// EXTERNAL MODULE: ./src/adapters/files.ts
var files = __webpack_require__(79771);
// EXTERNAL MODULE: ./src/adapters/index.ts + 7 modules
var adapters = __webpack_require__(37493);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/adapters/confine.ts
var confine = __webpack_require__(47256);
// EXTERNAL MODULE: ./src/adapters/runtime.ts
var runtime = __webpack_require__(33252);
// EXTERNAL MODULE: ./src/adapters/snapshot-zip.ts
var snapshot_zip = __webpack_require__(41440);
// EXTERNAL MODULE: ./src/core/backup-file.ts
var backup_file = __webpack_require__(82264);
// EXTERNAL MODULE: ./src/core/deployment-env.ts
var deployment_env = __webpack_require__(52350);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/core/glob.ts
var glob = __webpack_require__(16085);
;// CONCATENATED MODULE: ./src/core/gitignore.ts
/**
 * Adds entries to a .gitignore (pure: text in, text out). An entry already ignored by an existing
 * rule (`.env.local`, `/.env.local`, `*.local`, `.env*`, ...) is not added again; existing lines are
 * never changed. Rules are read the way git reads simple patterns: the last matching rule wins and
 * `!` re-includes; leading spaces are part of the pattern and trailing ones are not (unless
 * escaped as `\ `), `\#` and `\!` are literal, and a leading double star and slash matches at the
 * top level too.
 */

/**
 * Whether a rule matches `file`. Errors must only ever lean to "not ignored" (then the entry is
 * added, at worst twice): an ignoring rule is read strictly (a character class `[...]` matches
 * nothing here), a re-including `!` rule generously (a class matches any character, and case is
 * ignored, as git does with core.ignorecase). Matched in bounded time (core/glob.ts): the lines
 * come from the repository.
 */
function ruleMatches(rule, generous, file) {
    if (rule.endsWith("/"))
        return false; // a folder rule never matches our files
    // A leading `**/` matches in every folder, the top level included.
    const pattern = rule.replace(/^\//, "").replace(/^(\*\*\/)+/, "");
    if (!pattern)
        return false;
    // Too long to read: an ignoring rule matches nothing, a re-including one everything.
    if (pattern.length > glob/* MAX_GLOB_LENGTH */.v7)
        return generous;
    return (0,glob/* globMatch */.eu)(pattern, file, generous ? { classes: "any", ignoreCase: true } : {});
}
/** A line as git reads it: trailing spaces dropped unless escaped (`\ `), leading ones kept. */
function gitRule(raw) {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === " " && raw[end - 2] !== "\\")
        end--;
    return raw.slice(0, end);
}
/** A .gitignore with more lines than this is read as ignoring nothing (its entries are added). */
const MAX_GITIGNORE_LINES = 20_000;
/** Whether a file at the repository's top level is ignored by these rules. */
function isIgnored(text, file) {
    const lines = text.split(/\r?\n/);
    if (lines.length > MAX_GITIGNORE_LINES)
        return false;
    let ignored = false;
    for (const raw of lines) {
        const line = gitRule(raw);
        if (!line || line.startsWith("#"))
            continue;
        const negated = line.startsWith("!");
        if (ruleMatches(negated ? line.slice(1) : line, negated, file))
            ignored = !negated;
    }
    return ignored;
}
function mergeGitignore(existing, entries) {
    const text = existing ?? "";
    const added = entries.filter((e) => !isIgnored(text, e));
    if (added.length === 0)
        return { text, added };
    const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
    const block = ["# setup-coder-convex: files holding secrets", ...added].join("\n");
    return { text: `${prefix}${prefix ? "\n" : ""}${block}\n`, added };
}
/**
 * Adds a folder of the working directory (e.g. `.convex-backups/`) to a .gitignore unless a line
 * already names it (with or without the leading and trailing slash, or a `/**` after it; a `!`
 * line naming it is the user's choice to track it, kept too). Pure.
 */
function mergeGitignoreFolder(existing, folder, comment) {
    const text = existing ?? "";
    const bare = folder.replace(/^\/+|\/+$/g, "");
    const names = new Set([bare, `${bare}/`, `/${bare}`, `/${bare}/`, `${bare}/**`, `/${bare}/**`]);
    const lines = text.split(/\r?\n/).map(gitRule);
    if (lines.some((l) => names.has(l.replace(/^!/, ""))))
        return { text, added: false };
    const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
    return { text: `${prefix}${prefix ? "\n" : ""}# ${comment}\n/${bare}/\n`, added: true };
}

// EXTERNAL MODULE: ./src/core/layout.ts
var core_layout = __webpack_require__(16585);
// EXTERNAL MODULE: ./src/core/project.ts
var core_project = __webpack_require__(50870);
// EXTERNAL MODULE: ./src/phases/waiting.ts
var waiting = __webpack_require__(47663);
;// CONCATENATED MODULE: ./src/phases/deploy.ts

/** Turns output chunks into whole lines (a chunk may end mid-line). */
function lineSplitter(onLine) {
    let rest = "";
    return {
        push: (chunk) => {
            const parts = (rest + chunk).split(/\r?\n/);
            rest = parts.pop() ?? "";
            for (const line of parts)
                if (line.trim())
                    onLine(line);
        },
        flush: () => {
            if (rest.trim())
                onLine(rest);
            rest = "";
        },
    };
}
/** Runs a command of the convex CLI with its output logged as it comes, line by line. */
function withLoggedOutput(logger, run) {
    const lines = lineSplitter((line) => logger.info(line));
    return run(lines.push).finally(lines.flush);
}
async function deployFunctions(convexCli, dir, project, options, logger, 
/** Given: a slow deploy says that it is waited for (phases/waiting.ts). */
clock) {
    logger.info(`convex ${project.convexVersion} via ${project.packageManager}: convex deploy ${options.args.join(" ")}`.trim());
    const deploy = () => withLoggedOutput(logger, (onOutput) => convexCli.deploy(dir, project, { ...options, onOutput }));
    await (clock ? (0,waiting/* whileWaiting */.F)("convex deploy", deploy, { logger, clock }) : deploy());
}

// EXTERNAL MODULE: ./src/targets/index.ts + 3 modules
var targets = __webpack_require__(74803);
// EXTERNAL MODULE: ./src/phases/repository.ts
var repository = __webpack_require__(71022);
;// CONCATENATED MODULE: ./src/phases/reach.ts
/**
 * Reaching a deployment that runs (for backup and restore) through its Target, the way `up` reached
 * it: compose from the files `up` wrote in the working directory (the compose file's ports and
 * INSTANCE_NAME, the instance secret of .env.convex.local), kubernetes from the instance's Secret
 * (and a port-forward for the length of the run), connect from the inputs. The target waits for
 * the backend and confirms the admin key; nothing is generated, written or started.
 */




/** Finds the running deployment, waits for it and confirms its admin key. */
async function reachDeployment(given, deps, report, phase, verb) {
    const { files, root } = await phase("Repository", () => (0,repository/* checkRepository */.n_)((0,core_layout/* locate */.x5)(given, deps.cwd), deps, report, {
        // In CI a key on disk is used only when given or written by this tool (as for up).
        given: { instanceName: given.instanceName, instanceSecret: given.instanceSecret },
    }));
    const config = await (0,targets/* reachConfig */.WJ)(given, deps, deps.targets);
    const publicUrls = { apiUrl: config.publicUrls.apiUrl, siteUrl: config.publicUrls.siteUrl };
    const layout = (0,core_layout/* locate */.x5)(config, deps.cwd);
    const lock = deps.lock
        ? await deps.lock(layout.dir, (m) => report.logger.info(m))
        : undefined;
    const target = (0,targets/* createTarget */.Yn)(config, deps, layout, deps.targets);
    const close = async () => {
        await target.close();
        await lock?.release();
    };
    try {
        const run = { config, layout, report, phase };
        for (const w of target.warnings)
            report.warn(w);
        await target.preflight(run);
        const keys = await phase("Keys", () => target.resolveKeys(run, files, {
            convexAuth: false,
            betterAuth: false,
            generate: () => Promise.reject(new Error("no key is generated for a backup or restore")),
        }));
        await target.requireRunning(keys, verb);
        const admin = deps.admin(target.hostApiUrl);
        await phase("Wait for the backend", () => target.wait(run, admin));
        const confirmed = await phase("Admin key", () => target.confirmAdminKey(run, admin, keys));
        return {
            config,
            layout,
            files,
            root,
            target,
            publicUrls,
            url: target.hostApiUrl,
            adminKey: confirmed.key,
            close,
        };
    }
    catch (error) {
        await close();
        throw error;
    }
}
/** The project's own convex CLI (as `up` finds it), which makes and imports the snapshot. */
async function locateProjectCli(reached, deps) {
    const facts = await deps.readApp(reached.layout.dir, reached.root, reached.files);
    return deps.convexCli.locate(reached.layout.dir, {
        root: reached.root,
        packageManager: facts.packageManager,
        workspaceRoot: (0,external_node_path_.resolve)(reached.root, facts.workspaceRoot),
    });
}

;// CONCATENATED MODULE: ./src/phases/runner.ts

/** Timed, named log groups; `onPhase` hears each title as its phase begins. */
function createPhases(deps, onPhase) {
    const timings = [];
    const phase = async (title, fn) => {
        onPhase?.(title);
        const interrupted = () => new errors/* InterruptedError */.p4(String(deps.stop?.reason ?? "a signal"), timings.map(([t]) => t), title);
        if (deps.stop?.aborted)
            throw interrupted();
        const start = deps.clock.now();
        try {
            return await deps.logger.group(title, fn);
        }
        catch (error) {
            throw deps.stop?.aborted ? interrupted() : error;
        }
        finally {
            timings.push([title, Math.round(deps.clock.now() - start)]);
        }
    };
    return { phase, timings };
}
/** A reporter that logs each warning and keeps it for the result. */
function createReporter(logger) {
    const warnings = [];
    const report = {
        logger,
        warn: (message) => {
            warnings.push(message);
            logger.warn(message);
        },
    };
    return { report, warnings };
}

;// CONCATENATED MODULE: ./src/backup.ts
/**
 * command backup: a snapshot ZIP of a running deployment made with the project's own convex CLI
 * (`convex export --path`, `--include-file-storage` on request), and next to it `<name>.env.json`
 * (the tables and document counts found in the ZIP, the deployment's variable names, and their
 * values only when asked: then mode 0600). The ZIP holds the app's data: it is written 0600 too,
 * first into a private folder, then linked into place (an existing file is never replaced).
 */














/** The store for a path: confined to the repository inside it; as given outside (an explicit path). */
function storeFor(path, root, confined, unconfined) {
    return (0,confine/* isInside */.FK)(root, path) ? confined : unconfined;
}
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
async function backup(config, deps) {
    const { report, warnings } = createReporter(deps.logger);
    const { phase, timings } = createPhases(deps);
    const reached = await reachDeployment(config, deps, report, phase, "backup");
    try {
        return { ...(await backupReached(config, reached, deps, phase)), timings, warnings };
    }
    finally {
        await reached.close();
    }
}
/** Where a backup made at `at` goes: backup-file, else .convex-backups/<instance>-<UTC time>.zip. */
function backupPathFor(config, reached, at) {
    return config.backup.file
        ? (0,external_node_path_.resolve)(reached.layout.dir, config.backup.file)
        : (0,external_node_path_.join)(reached.layout.dir, backup_file/* BACKUPS_DIR */.KQ, (0,backup_file/* defaultBackupName */.$A)(reached.config.instanceName, at));
}
/** The backup of a deployment reached already (command backup, and upgrade before it changes anything). */
async function backupReached(config, reached, deps, phase, createdAt = new Date()) {
    const { layout, files, root } = reached;
    const file = backupPathFor(config, reached, createdAt);
    const variablesFile = (0,backup_file/* variablesFileOf */.$p)(file);
    const store = storeFor(file, root, files, deps.files);
    for (const path of [file, variablesFile]) {
        if (await store.exists(path))
            throw new errors/* SetupError */.w3(`backup-file: ${path} exists; a backup never replaces a file.`, "Give another backup-file, or move that one away.");
        // Never through a link, out of the repository or into .git (as every file the tool writes).
        await store.checkWritable(path);
    }
    const project = await phase("Convex CLI", async () => {
        const p = await locateProjectCli(reached, deps);
        deps.logger.info(`The app's convex CLI ${p.convexVersion}.`);
        return p;
    });
    if (!config.backup.file) {
        const gitignore = layout.path("gitignore");
        const merged = mergeGitignoreFolder(await files.read(gitignore), backup_file/* BACKUPS_DIR */.KQ, "setup-coder-convex: backups (the deployment's data)");
        if (merged.added) {
            await files.write(gitignore, merged.text, core_layout/* PUBLIC_MODE */.QE);
            deps.logger.info(`Added /${backup_file/* BACKUPS_DIR */.KQ}/ to ${gitignore}.`);
        }
    }
    // The CLI writes into a private folder next to the destination (mode 0700, same file system).
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
    const privateDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_path_.dirname)(file), ".convex-export-"));
    let summary;
    let bytes;
    try {
        const temporary = (0,external_node_path_.join)(privateDir, (0,external_node_path_.basename)(file));
        await phase("Export", async () => {
            deps.logger.info(`convex export --path ${file}${config.backup.includeFileStorage ? " --include-file-storage" : ""}`);
            await withLoggedOutput(deps.logger, (onOutput) => deps.convexCli.exportSnapshot(layout.dir, project, {
                url: reached.url,
                adminKey: reached.adminKey,
                env: (0,core_project/* withoutCredentials */.ri)(deps.env, config),
                path: temporary,
                includeFileStorage: config.backup.includeFileStorage,
                onOutput,
            }));
        });
        await (0,promises_.chmod)(temporary, core_layout/* SECRET_MODE */.nj);
        summary = await (0,snapshot_zip/* readSnapshot */.RA)(temporary);
        bytes = (await (0,promises_.stat)(temporary)).size;
        // link: fails if the destination appeared meanwhile, never replaces it.
        await (0,promises_.link)(temporary, file).catch((error) => {
            throw new errors/* SetupError */.w3(error.code === "EEXIST"
                ? `backup-file: ${file} appeared while the export ran; a backup never replaces a file.`
                : `Could not put the backup at ${file}: ${error.message}`, "Give another backup-file.");
        });
    }
    finally {
        await (0,promises_.rm)(privateDir, { recursive: true, force: true });
    }
    const admin = deps.admin(reached.url);
    const variables = await admin.listEnvironmentVariables(reached.adminKey);
    for (const value of Object.values(variables))
        if ((0,deployment_env/* isMaskableValue */.Ae)(value))
            (0,runtime/* maskAll */.gh)(deps.logger, value);
    const names = Object.keys(variables).sort();
    const manifest = {
        format: backup_file/* BACKUP_FORMAT */.Lg,
        createdAt: createdAt.toISOString(),
        target: reached.target.kind,
        instanceName: reached.config.instanceName,
        zip: (0,external_node_path_.basename)(file),
        convexVersion: project.convexVersion,
        includesFileStorage: config.backup.includeFileStorage,
        tables: summary.tables,
        storageFiles: summary.storageFiles,
        variables: names,
        ...(config.backup.includeEnvValues
            ? { values: Object.fromEntries(names.map((n) => [n, variables[n]])) }
            : {}),
    };
    await store.write(variablesFile, (0,backup_file/* renderManifest */.sB)(manifest), config.backup.includeEnvValues ? core_layout/* SECRET_MODE */.nj : core_layout/* PUBLIC_MODE */.QE);
    deps.logger.info(`Backed up ${(0,backup_file/* documents */.DB)((0,backup_file/* countDocuments */.kA)(summary.tables))} (${(0,backup_file/* describeTables */.Jg)(summary.tables)})${summary.storageFiles !== undefined ? ` and ${summary.storageFiles} stored files` : ""} to ${file} (${mib(bytes)}, mode 0600).`);
    deps.logger.info(`Variables: ${names.length ? names.join(", ") : "none"} in ${variablesFile}${config.backup.includeEnvValues ? " with their values (mode 0600: they are secrets)" : " (names only; include-env-values saves the values too)"}.`);
    return {
        file,
        variablesFile,
        bytes,
        tables: summary.tables,
        storageFiles: summary.storageFiles,
        variables: names,
        valuesSaved: config.backup.includeEnvValues,
    };
}

// EXTERNAL MODULE: ./src/core/auth-keys.ts
var auth_keys = __webpack_require__(53178);
;// CONCATENATED MODULE: ./src/core/backend-env-names.ts
/**
 * The environment variables the pinned backend release reads (362 names), for the
 * backend-env input's check. GENERATED by scripts/backend-env-names.mjs from get-convex/convex-backend
 * at 652b828b5129e6cdbcaa3c20efa8d116d09ff3bf: do not edit; run the script again when the pinned release changes.
 */
const BACKEND_ENV_SOURCE_COMMIT = "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf";
const BACKEND_ENV_NAMES = new Set([
    "ADMIN_IDENTITY_EXPIRATION_DELAY_SECS",
    "ADMIN_IDENTITY_REVALIDATION_DELAY_SECS",
    "AIRBYTE_STREAMING_IMPORT_REQUEST_SIZE_LIMIT",
    "AI_GATEWAY_USAGE_FIREHOSE",
    "ANALYZE_CONCURRENCY",
    "APPLICATION_FUNCTION_RUNNER_ACTION_SEMAPHORE_TIMEOUT",
    "APPLICATION_FUNCTION_RUNNER_SEMAPHORE_TIMEOUT",
    "APPLICATION_MAX_CONCURRENT_MUTATIONS",
    "APPLICATION_MAX_CONCURRENT_NODE_ACTIONS",
    "APPLICATION_MAX_CONCURRENT_QUERIES",
    "APPLICATION_MAX_CONCURRENT_UPLOADS",
    "APPLICATION_MAX_CONCURRENT_V8_ACTIONS",
    "APP_METRICS_SEED_GAP_FILL_DELAY_SECS",
    "APP_METRICS_SEED_MAX_BATCH",
    "APP_METRICS_SEED_QUERY_ID",
    "APP_METRICS_SEED_STARTUP_JITTER_SECS",
    "APP_METRICS_SEED_SWEEP_INTERVAL_SECS",
    "ARCHIVE_FETCH_TIMEOUT_SECONDS",
    "ARCHIVE_METRIC_EMIT_THRESHOLD_FRACTION",
    "AUDIT_LOG_MAX_HEAP_SIZE_BYTES",
    "AUDIT_LOG_MAX_LINES",
    "AUDIT_LOG_MAX_LINE_SIZE_BYTES",
    "AUDIT_LOG_MAX_TOTAL_SIZE_BYTES",
    "AUTH_CACHE_SIZE",
    "AUTH_CACHE_TTL_SECONDS",
    "AWS_ACCESS_KEY_ID",
    "AWS_DYNAMIC_LAMBDA_DISK_SIZE_MB",
    "AWS_DYNAMIC_LAMBDA_MEMORY_LIMIT_MB",
    "AWS_LAMBDA_CLEANUP_INITIAL_JITTER_MAX_SECS",
    "AWS_LAMBDA_DEPLOY_SPLAY_SECONDS",
    "AWS_LAMBDA_MAX_CONCURRENT_STREAMS_PER_CONNECTION",
    "AWS_LAMBDA_SELF_CLEANUP_ENABLED",
    "AWS_LAMBDA_STATIC_DEBOUNCE_DELAY_SECONDS",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_S3_DISABLE_CHECKSUMS",
    "AWS_S3_DISABLE_RANGE_PREFETCH",
    "AWS_S3_DISABLE_SSE",
    "AWS_S3_FORCE_PATH_STYLE",
    "AWS_S3_MIN_IDENTITY_VALIDITY_SECS",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_STATIC_LAMBDA_DISK_SIZE_MB",
    "AWS_STATIC_LAMBDA_MEMORY_LIMIT_MB",
    "AXIOM_MAX_ATTRIBUTES",
    "BACKEND_REQUEST_DRAIN_TIMEOUT",
    "BACKEND_USAGE_FIREHOSE_NAME",
    "CODEL_QUEUE_CONGESTED_EXPIRATION_MILLIS",
    "CODEL_QUEUE_IDLE_EXPIRATION_MILLIS",
    "COMMITTER_BATCH_WRITE_THRESHOLD",
    "COMMITTER_MAX_COMMIT_DELAY_MS",
    "COMMITTER_MAX_CONCURRENT_COMMITS",
    "COMMITTER_MAX_WRITE_BATCH_BYTES",
    "COMMITTER_MAX_WRITE_BATCH_DOCUMENTS",
    "COMMITTER_QUEUE_SIZE",
    "COMMIT_TRACE_THRESHOLD",
    "CONVEX_CLOUD_ORIGIN",
    "CONVEX_ENABLE_STREAMING_EXPORT",
    "CONVEX_METRICS_EVICTION_TTL_SECONDS",
    "CONVEX_RELEASE_VERSION_DEV",
    "CONVEX_SITE",
    "CONVEX_SITE_ORIGIN",
    "CONVEX_TRACE_FILE",
    "CREDENTIALS_DIR",
    "CRON_SPLAY_SECONDS",
    "DATABASE_UDF_SYSTEM_TIMEOUT_SECONDS",
    "DATABASE_UDF_USER_TIMEOUT_SECONDS",
    "DATABASE_URL",
    "DATABASE_USE_PREPARED_STATEMENTS",
    "DATABASE_WORKERS_MIN_COMMITS",
    "DATABASE_WORKERS_POLL_INTERVAL",
    "DATA_DIR",
    "DATA_SYNC_BY_ID_FRESHNESS_SECONDS",
    "DATA_SYNC_MAX_ROWS_READ",
    "DATA_SYNC_PAGE_BYTES_LIMIT",
    "DATA_SYNC_PAGE_SIZE_LIMIT",
    "DATA_SYNC_PROGRESS_WRITE_INTERVAL_MS",
    "DEFAULT_DOCUMENTS_PAGE_SIZE",
    "DEFAULT_QUERY_PREFETCH",
    "DELETE_TABLET_CHUNK_SIZE",
    "DEPLOYMENT_USAGE_WEBHOOK_URL",
    "DEPLOY_REPORT_MIN_INTERVAL_SECS",
    "DISABLE_BEACON",
    "DISABLE_METRICS_ENDPOINT",
    "DOCUMENTS_IN_MEMORY",
    "DOCUMENT_DELTAS_LIMIT",
    "DOCUMENT_RETENTION_BATCH_INTERVAL_SECONDS",
    "DOCUMENT_RETENTION_DELAY",
    "DOCUMENT_RETENTION_DELETE_CHUNK",
    "DOCUMENT_RETENTION_DELETE_PARALLEL",
    "DOCUMENT_RETENTION_MAX_SCANNED_DOCUMENTS",
    "DOCUMENT_RETENTION_RATE_LIMIT",
    "DO_NOT_REQUIRE_SSL",
    "ENV_VAR_LIMIT",
    "ENV_VAR_TOTAL_SIZE_LIMIT",
    "EXPORT_MAX_INFLIGHT_PREFETCH_BYTES",
    "EXPORT_PROGRESS_UPDATE_INTERVAL_SECS",
    "EXPORT_STORAGE_GET_CONCURRENCY",
    "EXPORT_WORKER_PAGE_SIZE",
    "FILE_STORAGE_SIZE_MIN_DOCUMENTS_TO_RESUME",
    "FINISH_PUSH_MAX_OCC_FAILURES",
    "FIREHOSE_BUFFER_SIZE_COUNT",
    "FIREHOSE_MAX_BATCH_SIZE_BYTES",
    "FIREHOSE_TIMEOUT",
    "FUNCTION_LIMIT_WARNING_RATIO",
    "FUNCTION_MAX_ARGS_SIZE",
    "FUNCTION_MAX_RESULT_SIZE",
    "FUNRUN_CLIENT_MAX_REQUESTS_PER_UPSTREAM",
    "FUNRUN_CLIENT_MAX_RETRIES",
    "FUNRUN_CLUSTER_NAME",
    "FUNRUN_CODE_CACHE_SIZE",
    "FUNRUN_FETCH_CLIENT_CACHE_SIZE",
    "FUNRUN_INDEX_CACHE_CONCURRENCY",
    "FUNRUN_INDEX_CACHE_QUEUE_SIZE",
    "FUNRUN_INDEX_CACHE_SIZE",
    "FUNRUN_ISOLATE_ACTIVE_THREADS",
    "FUNRUN_MAX_CPU_PRESSURE",
    "FUNRUN_MODULE_CACHE_SIZE",
    "FUNRUN_MODULE_MAX_CONCURRENCY",
    "FUNRUN_MODULE_QUEUE_SIZE",
    "FUNRUN_RUN_FUNCTION_TIMEOUT_SECS",
    "FUNRUN_SCHEDULER_MAX_PERCENT_PER_CLIENT",
    "FUNRUN_TARGET_CPU_USAGE",
    "FUNRUN_TARGET_ISOLATE_WORKER_USAGE",
    "HEAP_WORKER_REPORT_INTERVAL_SECONDS",
    "HTTP2_CLIENT_KEEPALIVE_INTERVAL_SECONDS",
    "HTTP2_CLIENT_KEEPALIVE_TIMEOUT_SECONDS",
    "HTTP_CACHE_SIZE",
    "HTTP_SERVER_MAX_CONCURRENT_REQUESTS",
    "HTTP_SERVER_TCP_BACKLOG",
    "HTTP_SERVER_TIMEOUT_SECONDS",
    "INDEX_BACKFILL_CHUNK_RATE",
    "INDEX_BACKFILL_CHUNK_SIZE",
    "INDEX_BACKFILL_CONCURRENCY",
    "INDEX_BACKFILL_ENABLE",
    "INDEX_BACKFILL_PROGRESS_INTERVAL_SECONDS",
    "INDEX_BACKFILL_READ_SIZE",
    "INDEX_BACKFILL_WORKERS",
    "INDEX_CACHE_SIZE",
    "INDEX_CACHE_VERIFY_PERCENT",
    "INDEX_RETENTION_DELAY",
    "INDEX_RETENTION_DELETE_CHUNK",
    "INDEX_RETENTION_DELETE_PARALLEL",
    "INDEX_WORKERS_INITIAL_BACKOFF",
    "INDEX_WORKERS_MAX_BACKOFF",
    "INITIAL_PERSISTENCE_WRITES_BACKOFF_MS",
    "INSTANCE_LOADER_CONCURRENCY",
    "INSTANCE_LOADER_INSTANCES_PER_SECOND",
    "INSTANCE_LOADER_USE_RATE_LIMITER",
    "INSTANCE_NAME",
    "INSTANCE_SECRET",
    "ISOLATE_ANALYZE_USER_TIMEOUT_SECONDS",
    "ISOLATE_IDLE_TIMEOUT_SECONDS",
    "ISOLATE_MAX_ARRAY_BUFFER_TOTAL_SIZE",
    "ISOLATE_MAX_HEAP_EXTRA_SIZE",
    "ISOLATE_MAX_LIFETIME_SECONDS",
    "ISOLATE_MAX_USER_HEAP_SIZE",
    "ISOLATE_QUEUE_CONGESTED_TIMEOUT_MS",
    "ISOLATE_QUEUE_IDLE_TIMEOUT_MS",
    "ISOLATE_QUEUE_SIZE",
    "ISOLATE_V8_FLAGS",
    "KILL_APP_METRICS_SEED_WORKER",
    "LEASE_LOST_COOL_DOWN_SECS",
    "LIST_SNAPSHOT_MAX_AGE_SECS",
    "LOG_FORMAT",
    "LOG_MANAGER_AGGREGATION_INTERVAL",
    "LOG_MANAGER_EVENT_RECV_BUFFER_SIZE",
    "MAX_BACKEND_PUBLIC_API_REQUEST_SIZE",
    "MAX_BACKEND_RPC_HTTP_CHUNK_SIZE",
    "MAX_BACKEND_RPC_REQUEST_SIZE",
    "MAX_BACKEND_RPC_RESPONSE_SIZE",
    "MAX_BYTES_WRITTEN_PER_SECOND",
    "MAX_COMPACTION_SEGMENTS",
    "MAX_CONCURRENT_ACTION_OPS",
    "MAX_CONCURRENT_SEGMENT_COMPACTIONS",
    "MAX_CONCURRENT_SEGMENT_FETCHES",
    "MAX_CONCURRENT_TEXT_SEARCHES",
    "MAX_CONCURRENT_VECTOR_PREFETCHES",
    "MAX_CONCURRENT_VECTOR_SEARCHES",
    "MAX_ECHO_BYTES",
    "MAX_EXPIRED_SNAPSHOT_AGE_DAYS",
    "MAX_FUNRUN_RUN_FUNCTION_REQUEST_MESSAGE_SIZE",
    "MAX_FUNRUN_RUN_FUNCTION_RESPONSE_MESSAGE_SIZE",
    "MAX_IMPORT_AGE_SECONDS",
    "MAX_ISOLATE_WORKERS",
    "MAX_JOBS_CANCEL_BATCH",
    "MAX_PERSISTENCE_WRITES_BACKOFF_MS",
    "MAX_PUSH_BYTES",
    "MAX_REACTOR_CALL_DEPTH",
    "MAX_REPEATABLE_TIMESTAMP_COMMIT_DELAY",
    "MAX_REPEATABLE_TIMESTAMP_IDLE_FREQUENCY",
    "MAX_SCHEDULED_JOB_ARGUMENT_SIZE_BYTES",
    "MAX_SEARCHLIGHT_REQUEST_SIZE",
    "MAX_SEARCHLIGHT_RESPONSE_SIZE",
    "MAX_SEGMENT_DELETED_PERCENTAGE",
    "MAX_SESSION_CLEANUP_DURATION_HOURS",
    "MAX_SYSCALL_BATCH_SIZE",
    "MAX_TEXT_LRU_ENTRIES",
    "MAX_TRANSACTION_CACHE_SIZE_BYTES",
    "MAX_TRANSACTION_WINDOW_SECONDS",
    "MAX_UDF_EXECUTION",
    "MAX_USER_MODULES",
    "MAX_VECTOR_LRU_ENTRIES",
    "MAX_ZIPPED_PACKAGES_SIZE",
    "MIGRATION_REWRITE_BATCH_SIZE",
    "MIN_COMPACTION_SEGMENTS",
    "MIN_NPM_VERSION_FOR_FUZZY_SEARCH",
    "MULTI_SEGMENT_FULL_SCAN_THRESHOLD_KB",
    "MYSQL_CA_FILE",
    "MYSQL_CHUNK_SIZE",
    "MYSQL_DOCUMENT_ENCODING",
    "MYSQL_FALLBACK_PAGE_SIZE",
    "MYSQL_INACTIVE_CONNECTION_LIFETIME_SECS",
    "MYSQL_MAX_CHUNK_BYTES",
    "MYSQL_MAX_CONNECTIONS",
    "MYSQL_MAX_CONNECTION_LIFETIME_SECS",
    "MYSQL_MAX_DYNAMIC_SMART_CHUNK_SIZE",
    "MYSQL_MAX_QUERY_BATCH_SIZE",
    "MYSQL_MAX_QUERY_DYNAMIC_BATCH_SIZE",
    "MYSQL_MAX_QUERY_RETRIES",
    "MYSQL_MIN_QUERY_BATCH_SIZE",
    "MYSQL_TIMEOUT_SECONDS",
    "MYSQL_URL",
    "NODE_ACTION_USER_TIMEOUT_SECS",
    "NODE_ANALYZE_MAX_RETRIES",
    "NO_COLOR",
    "NUM_READ_SET_STACKS",
    "NUM_SUBSCRIPTION_MANAGERS",
    "PARTITION_LOADER_MAX_STALE_SECS",
    "PG_CA_FILE",
    "PIPELINE_QUERIES",
    "POSTGRES_INACTIVE_CONNECTION_LIFETIME_SECS",
    "POSTGRES_MAX_CACHED_STATEMENTS",
    "POSTGRES_MAX_CONNECTIONS",
    "POSTGRES_TIMEOUT_SECONDS",
    "POSTGRES_URL",
    "PROBER_PROBE_TIMEOUT",
    "PROPAGATE_UPSTREAM_TRACES",
    "PROPOSED_MAX_BYTES_WRITTEN_PER_SECOND",
    "QUEUE_SIZE_MULTIPLIER",
    "READ_SET_CAPTURE_BACKTRACES",
    "REDACT_LOGS_TO_CLIENT",
    "REQUEST_TRACE_SAMPLE_CONFIG",
    "RETENTION_CHECKPOINT_PERIOD_SECS",
    "RETENTION_DELETE_BATCH",
    "RETENTION_DELETE_FREQUENCY",
    "REUSE_ISOLATES",
    "RUNTIME_DISABLE_LIFO_SLOT",
    "RUNTIME_STACK_SIZE",
    "RUNTIME_WORKER_THREADS",
    "RUST_BACKTRACE",
    "RUST_LOG",
    "S3_ENDPOINT_URL",
    "S3_OPERATION_ATTEMPT_TIMEOUT_SECONDS",
    "S3_STORAGE_EXPORTS_BUCKET",
    "S3_STORAGE_FILES_BUCKET",
    "S3_STORAGE_MODULES_BUCKET",
    "S3_STORAGE_SEARCH_BUCKET",
    "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
    "SCHEDULED_JOB_EXECUTION_PARALLELISM",
    "SCHEDULED_JOB_GARBAGE_COLLECTION_BATCH_SIZE",
    "SCHEDULED_JOB_GARBAGE_COLLECTION_DELAY",
    "SCHEDULED_JOB_GARBAGE_COLLECTION_INITIAL_BACKOFF_MS",
    "SCHEDULED_JOB_GARBAGE_COLLECTION_MAX_BACKOFF_SECS",
    "SCHEDULED_JOB_INITIAL_BACKOFF_MS",
    "SCHEDULED_JOB_MAX_BACKOFF_SECS",
    "SCHEDULED_JOB_RETENTION",
    "SCHEDULER_OCC_INITIAL_BACKOFF_MS",
    "SCHEDULER_OCC_MAX_BACKOFF_MS",
    "SEARCHLIGHT_CLUSTER_NAME",
    "SEARCH_COMPACTOR_INITIAL_BACKOFF",
    "SEARCH_COMPACTOR_MAX_BACKOFF",
    "SEARCH_INDEXES_UNAVAILABLE_RETRY_DELAY",
    "SEARCH_INDEXING_MEMORY_ARENA_BYTES",
    "SEARCH_INDEX_FLUSHER_MAX_BACKOFF",
    "SEARCH_INDEX_SIZE_HARD_LIMIT",
    "SEARCH_INDEX_SIZE_SOFT_LIMIT",
    "SEARCH_INDEX_WORKER_PAGES_PER_SECOND",
    "SEARCH_WORKERS_MAX_CHECKPOINT_AGE",
    "SEARCH_WORKER_PAGES_PER_SECOND",
    "SEARCH_WORKER_PASSIVE_PAGES_PER_SECOND",
    "SEGMENT_MAX_SIZE_BYTES",
    "SEND_COMMIT_MESSAGE_TIMEOUT_MILLIS",
    "SESSION_CLEANUP_DELETE_CONCURRENCY",
    "SHARED_UDF_CACHE_MAX_SIZE",
    "SHOW_PII_IN_ERRORS",
    "SNAPSHOT_LIST_LIMIT",
    "SNAPSHOT_LIST_TIME_LIMIT_SECONDS",
    "SOURCE_MAP_CACHE_MAX_CONCURRENCY",
    "SOURCE_MAP_CACHE_MAX_SIZE_BYTES",
    "SOURCE_MAP_CACHE_QUEUE_SIZE",
    "SQLITE_DB",
    "SSLKEYLOGFILE",
    "STORAGE_DIR",
    "STORAGE_MAX_INTERMEDIATE_PART_SIZE",
    "SUBFUNCTIONS_IN_SAME_ISOLATE",
    "SUBSCRIPTIONS_WORKER_QUEUE_SIZE",
    "SUBSCRIPTION_ADVANCE_LOG_TRACING_THRESHOLD",
    "SUBSCRIPTION_INVALIDATION_DELAY_MULTIPLIER",
    "SUBSCRIPTION_INVALIDATION_DELAY_THRESHOLD",
    "SYNC_MAX_SEND_TRANSITION_COUNT",
    "SYNC_WORKER_QUERY_RETRY_INITIAL_BACKOFF_MS",
    "SYNC_WORKER_QUERY_RETRY_MAX_BACKOFF_SECS",
    "SYNC_WORKER_UPDATE_QUERIES_RETRY_INITIAL_BACKOFF_MS",
    "SYNC_WORKER_UPDATE_QUERIES_RETRY_MAX_BACKOFF_SECS",
    "SYSTEM_FUNCTION_MAX_RESULT_SIZE",
    "SYSTEM_TABLE_CLEANUP_CHUNK_SIZE",
    "SYSTEM_TABLE_CLEANUP_FREQUENCY_SECONDS",
    "SYSTEM_TABLE_CLEANUP_ROWS_PER_SECOND",
    "TABLE_ITERATOR_MAX_RETRIES",
    "TABLE_SUMMARY_AGE_JITTER_SECONDS",
    "TABLE_SUMMARY_BOOTSTRAP_RECENT_THRESHOLD_SECS",
    "TABLE_SUMMARY_CHUNKS_PER_SECOND",
    "TABLE_SUMMARY_MAX_AGE_WITH_WRITES",
    "TABLE_SUMMARY_MAX_CHECKPOINT_AGE",
    "TICKETED_FUNRUN_CLUSTER_NAME",
    "TICKETMASTER_CLUSTER_NAME",
    "TMPDIR",
    "TRANSACTION_MAX_NUM_SCHEDULED",
    "TRANSACTION_MAX_NUM_USER_WRITES",
    "TRANSACTION_MAX_READ_SET_INTERVALS",
    "TRANSACTION_MAX_READ_SIZE_BYTES",
    "TRANSACTION_MAX_READ_SIZE_ROWS",
    "TRANSACTION_MAX_SCHEDULED_TOTAL_ARGUMENT_SIZE_BYTES",
    "TRANSACTION_MAX_SYSTEM_NUM_WRITES",
    "TRANSACTION_MAX_SYSTEM_WRITE_SIZE_BYTES",
    "TRANSACTION_MAX_USER_WRITE_SIZE_BYTES",
    "TRANSACTION_WARN_READ_SET_INTERVALS",
    "UDF_404_ON_BAD_PATH",
    "UDF_ANALYTICS_POLL_TIME",
    "UDF_CACHE_MAX_SIZE",
    "UDF_EXECUTOR_OCC_INITIAL_BACKOFF_MS",
    "UDF_EXECUTOR_OCC_MAX_BACKOFF_MS",
    "UDF_EXECUTOR_OCC_MAX_RETRIES",
    "UDF_METRICS_BUCKET_WIDTH_SECS",
    "UDF_METRICS_MAX_BUCKETS",
    "UDF_METRICS_MAX_DURATION_MS",
    "UDF_METRICS_MIN_DURATION_MS",
    "UDF_METRICS_SIGNIFICANT_FIGURES",
    "UDF_USE_FUNRUN",
    "USAGE_LIMIT_EVALUATE_INTERVAL_SECS",
    "USAGE_LIMIT_MAX_IN_FLIGHT_NOTIFICATIONS",
    "USAGE_LIMIT_NOTIFY_DRAIN_TIMEOUT_SECS",
    "USAGE_TRACKING_PERIOD_SECS",
    "USAGE_TRACKING_WORKER_SLOW_TRACE_THRESHOLD_SECONDS",
    "USHER_BACKEND_CLIENTS_CACHE_SIZE",
    "USHER_MAX_CONCURRENT_STREAMS_PER_CHANNEL",
    "USHER_MAX_JSON_ARGS_SIZE",
    "USHER_PARTITION_CACHE_MAX_ENTRIES",
    "USHER_SERVICE_CACHE_MAX_ENTRIES",
    "V8_ACTION_SYSTEM_TIMEOUT_SECONDS",
    "V8_ACTION_USER_TIMEOUT_SECS",
    "V8_THREADS",
    "VECTOR_BACKUP_REQUEST_DELAY_MILLIS",
    "VECTOR_INDEX_SIZE_HARD_LIMIT",
    "VECTOR_INDEX_SIZE_SOFT_LIMIT",
    "VECTOR_INDEX_THREADS",
    "VECTOR_INDEX_WORKER_PAGE_SIZE",
    "WRITE_LOG_MAX_RETENTION_SECS",
    "WRITE_LOG_MIN_RETENTION_SECS",
    "WRITE_LOG_SOFT_MAX_SIZE_BYTES",
    "WRITE_THROUGHPUT_WINDOW",
]);

;// CONCATENATED MODULE: ./src/core/edit-distance.ts
/** How far apart two names are, for did-you-mean suggestions. Pure. */
/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions (small strings: names). */
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

;// CONCATENATED MODULE: ./src/core/backend-settings.ts
/**
 * The backend's own settings (environment variables of the backend container or pod), from the
 * inputs document-retention, disable-beacon, redact-logs-to-client, log-level and backend-env.
 * Pure: the names are checked against the ones the pinned release reads (backend-env-names.ts,
 * generated from its source), rendered the same way for compose and kubernetes.
 *
 * Facts (get-convex/convex-backend at the pinned release; docs/day-two.md#backend-settings):
 * - run_backend.sh passes --disable-beacon / --redact-logs-to-client when DISABLE_BEACON /
 *   REDACT_LOGS_TO_CLIENT are non-empty (`${VAR:+flag}`): "false" turns them on too, so an off
 *   setting leaves the variable out.
 * - Knobs (crates/cmd_util env_config) that do not parse fall back to their default with only a
 *   log line, so values are checked here where their type is known.
 * - DOCUMENT_RETENTION_DELAY: whole seconds, the binary's default 14 days (crates/common knobs.rs).
 * - RUST_LOG: a tracing EnvFilter; when it does not parse the backend logs at `info`.
 */




/** The binary's own document retention (seconds) when DOCUMENT_RETENTION_DELAY is unset. */
const BACKEND_DEFAULT_RETENTION_SECONDS = (/* unused pure expression or super */ null && (14 * 24 * 60 * 60));
/** Names set from their own inputs or by setup-coder-convex: backend-env must not set them. */
const MANAGED_BACKEND_ENV = {
    INSTANCE_NAME: "set from instance-name",
    INSTANCE_SECRET: "set from instance-secret (or the one kept in .env.convex.local / the Secret)",
    CONVEX_CLOUD_ORIGIN: "set from convex-url (or derived)",
    CONVEX_SITE_ORIGIN: "set from site-url (or derived)",
    POSTGRES_URL: "set from postgres-url",
    DATABASE_URL: "set from postgres-url",
    DO_NOT_REQUIRE_SSL: "set from postgres-sslmode or mysql-ssl-mode",
    MYSQL_URL: "set from mysql-url",
    DOCUMENT_RETENTION_DELAY: "set by the document-retention input",
    DISABLE_BEACON: "set by the disable-beacon input",
    REDACT_LOGS_TO_CLIENT: "set by the redact-logs-to-client input",
    RUST_LOG: "set by the log-level input",
    AWS_REGION: "set by the s3-region input (S3 storage)",
    S3_ENDPOINT_URL: "set by the s3-endpoint input (S3 storage)",
    S3_STORAGE_EXPORTS_BUCKET: "set by the s3-exports-bucket input (S3 storage)",
    S3_STORAGE_FILES_BUCKET: "set by the s3-files-bucket input (S3 storage)",
    S3_STORAGE_MODULES_BUCKET: "set by the s3-modules-bucket input (S3 storage)",
    S3_STORAGE_SEARCH_BUCKET: "set by the s3-search-bucket input (S3 storage)",
    S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "set by the s3-snapshot-imports-bucket input (S3 storage)",
    AWS_S3_FORCE_PATH_STYLE: "set by the s3-force-path-style input (S3 storage)",
    AWS_S3_DISABLE_SSE: "set by the s3-disable-sse input (S3 storage)",
    AWS_S3_DISABLE_CHECKSUMS: "set by the s3-disable-checksums input (S3 storage)",
    AWS_ACCESS_KEY_ID: "set by the s3-access-key-id input or the environment's AWS_ACCESS_KEY_ID (S3 storage)",
    DATA_DIR: "fixed: the data volume is mounted at /convex/data",
    STORAGE_DIR: "fixed: file storage must stay on the data volume",
    SQLITE_DB: "fixed: the embedded database must stay on the data volume",
    TMPDIR: "fixed: temporary files stay on the data volume",
    CREDENTIALS_DIR: "fixed: the instance's credentials stay on the data volume",
};
const LEVELS = ["error", "warn", "info", "debug", "trace", "off"];
const LOG_TARGET = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$/;
/**
 * A RUST_LOG value (tracing's EnvFilter, the simple directives): comma-separated `level` or
 * `target=level` (targets are Rust module paths such as `database::retention`). Returns the
 * problem, or undefined.
 */
function checkLogLevel(text) {
    const bad = text.split(",").find((directive) => {
        const d = directive.trim();
        const eq = d.indexOf("=");
        if (eq === -1)
            return !LEVELS.includes(d.toLowerCase());
        return !LOG_TARGET.test(d.slice(0, eq)) || !LEVELS.includes(d.slice(eq + 1).toLowerCase());
    });
    return bad === undefined
        ? undefined
        : `"${bad.trim()}" is not a log directive: give a level (${LEVELS.join(", ")}) or target=level, comma-separated, e.g. info or info,database=debug.`;
}
/** The known name closest to `name`, when close enough to be a typo. */
function suggestBackendEnvName(name, known = BACKEND_ENV_NAMES) {
    const upper = name.toUpperCase();
    let best;
    for (const candidate of known) {
        const d = editDistance(upper, candidate);
        if (!best || d < best.d)
            best = { name: candidate, d };
    }
    // Case alone, or up to a quarter of the name's letters (at least 2) changed.
    return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}
/**
 * backend-env (KEY=VALUE lines) read and checked: every name must be one the pinned backend reads,
 * not one that another input or setup-coder-convex sets, not a secret (it would be written in
 * clear into the compose file or the manifests), and have a value. Throws a SetupError listing
 * every problem.
 */
function parseBackendEnvInput(text, field = "backend-env") {
    const entries = (0,deployment_env/* parseEnvVarsInput */.rQ)(text, field);
    const problems = [];
    const seen = new Set();
    for (const [name, value] of entries) {
        if (seen.has(name))
            problems.push(`${name} is given twice.`);
        seen.add(name);
        const managed = MANAGED_BACKEND_ENV[name];
        if (managed) {
            problems.push(`${name} is ${managed}: remove it from ${field}.`);
            continue;
        }
        if (!BACKEND_ENV_NAMES.has(name)) {
            const guess = suggestBackendEnvName(name);
            const managedGuess = guess && MANAGED_BACKEND_ENV[guess];
            problems.push(guess
                ? `${name} is not a setting the backend reads: did you mean ${guess}?${managedGuess ? ` (${guess} is ${managedGuess}.)` : ""}`
                : `${name} is not a setting the backend reads (the names come from its source at the pinned release; see docs/day-two.md#backend-settings).`);
            continue;
        }
        if ((0,deployment_env/* isSecretName */.eh)(name))
            problems.push(`${name} is a secret: ${field} is written in clear into docker-compose.convex.yml and the kubernetes manifests. Put it in .env.convex.local (compose) instead.`);
        if (value.trim() === "")
            problems.push(`${name} has no value: the backend ignores an empty knob and keeps its default; remove the line for the default.`);
    }
    if (problems.length > 0)
        throw new errors/* SetupError */.w3(`${field}: ${problems.join(" ")}`, "One backend setting per line, NAME=value, e.g. HTTP_SERVER_TIMEOUT_SECONDS=300.");
    return entries;
}
/**
 * The backend's environment for these settings, in a stable order: only what differs from the
 * backend's defaults is set (an off flag is left out: any non-empty value turns it on).
 */
function deriveBackendEnv(input) {
    const env = [];
    if (input.documentRetention !== undefined)
        env.push(["DOCUMENT_RETENTION_DELAY", String(input.documentRetention)]);
    if (input.disableBeacon)
        env.push(["DISABLE_BEACON", "1"]);
    if (input.redactLogsToClient)
        env.push(["REDACT_LOGS_TO_CLIENT", "1"]);
    if (input.logLevel !== undefined)
        env.push(["RUST_LOG", input.logLevel]);
    for (const [name, value] of input.extra)
        env.push([name, value]);
    return env;
}

// EXTERNAL MODULE: ./src/core/kubernetes.ts
var kubernetes = __webpack_require__(34215);
// EXTERNAL MODULE: ./src/core/mysql-url.ts
var mysql_url = __webpack_require__(16581);
// EXTERNAL MODULE: ./src/core/postgres-url.ts
var postgres_url = __webpack_require__(58412);
// EXTERNAL MODULE: ./src/core/s3-storage.ts
var s3_storage = __webpack_require__(83921);
// EXTERNAL MODULE: ./src/core/urls.ts
var urls = __webpack_require__(81221);
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __webpack_require__(26591);
;// CONCATENATED MODULE: ./src/core/config/split-args.ts
/** deploy-args: a command line split like a POSIX shell would, without running one. */


/** Throws when a quote is left open (shell-quote would silently close it). */
function checkQuotes(text) {
    let open;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (open === "'") {
            if (c === "'")
                open = undefined;
        }
        else if (c === "\\")
            i++;
        else if (open === '"') {
            if (c === '"')
                open = undefined;
        }
        else if (c === "'" || c === '"')
            open = c;
    }
    if (open) {
        throw new errors/* SetupError */.w3(`the ${open} quote opened in "${text}" is never closed.`, `Close it, or escape it (\\${open}) if it is meant literally.`);
    }
}
/** Splits a command line like a POSIX shell would, without running one. */
function splitArgs(text) {
    checkQuotes(text);
    return (0,shell_quote.parse)(text, (key) => `$${key}`).map((token) => {
        if (typeof token === "string")
            return token;
        const shown = "op" in token ? token.op : "comment" in token ? `#${token.comment}` : "?";
        throw new errors/* SetupError */.w3(`"${shown}" is shell syntax; the arguments are passed to convex deploy without a shell. Quote it if it is meant literally.`);
    });
}

;// CONCATENATED MODULE: ./src/core/config/derive.ts
/**
 * Values built from several inputs and the environment (the public URLs, the Postgres URL) or
 * parsed beyond their kind (env-vars, deploy-args, jwt-private-key, frontend-url). A value that
 * cannot be built becomes a problem of the input it came from, and is undefined.
 */









function envVars(text, problems) {
    const vars = problems.try("env-vars", () => (0,deployment_env/* parseEnvVarsInput */.rQ)(text, "env-vars")) ?? [];
    for (const [name] of vars) {
        if (deployment_env/* MANAGED_DEPLOYMENT_NAMES */.hp.includes(name))
            problems.add("env-vars", `${name} is set by setup-coder-convex itself; remove it (use jwt-private-key or site-url instead).`);
    }
    return vars;
}
function deployArgs(text, problems) {
    const args = problems.try("deploy-args", () => splitArgs(text)) ?? [];
    if (args.some((a) => a === "--preview-create" || a.startsWith("--preview-create=")))
        problems.add("deploy-args", "--preview-create makes convex deploy crash against a self-hosted backend (it has no preview deployments); run one instance per preview with its own project-name instead.");
    return args;
}
/** From ingress-host when given (and valid), else from the URL inputs and the environment (Coder). */
function publicUrls(v, env, problems) {
    const host = v["ingress-host"];
    const hosts = host
        ? problems.try("ingress-host", () => (0,kubernetes/* deriveIngressHosts */.e)(host, v["instance-name"]))
        : undefined;
    if (hosts)
        return (0,kubernetes/* deriveIngressUrls */.ll)(hosts, v["ingress-tls-secret"] !== undefined, (0,urls/* isCoderWorkspace */.L2)(env));
    const explicit = Boolean(v["convex-url"] || v["site-url"]);
    const wildcardDomain = v["coder-wildcard-domain"];
    // Blamed on the input that would fix it: the wildcard domain inside Coder, else the URLs.
    const field = !explicit && (wildcardDomain || (0,urls/* isCoderWorkspace */.L2)(env)) ? "coder-wildcard-domain" : "convex-url";
    return problems.try(field, () => (0,urls/* deriveUrls */.Cm)(env, {
        convexUrl: v["convex-url"],
        siteUrl: v["site-url"],
        dashboardUrl: v["dashboard-url"],
        style: v["url-style"],
        wildcardDomain,
        slugs: { api: v["api-slug"], site: v["site-slug"], dashboard: v["dashboard-slug"] },
        ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
    }));
}
/**
 * The Postgres or MySQL URL given or found in the environment, normalised, with its database. An
 * input beats the other kind's variables (as postgres-url beats DATABASE_URL); both inputs, or
 * both kinds in the environment and no input, are refused: the backend would silently take one.
 */
function databases(v, env, problems) {
    const explicit = (name) => {
        const value = v[name]?.trim();
        return value !== undefined && value !== "" && value.toLowerCase() !== "none";
    };
    const explicitPostgres = explicit("postgres-url");
    const explicitMysql = explicit("mysql-url");
    const pg = explicitMysql && !explicitPostgres ? undefined : (0,postgres_url/* selectPostgresUrl */.jA)(v["postgres-url"], env);
    const my = explicitPostgres && !explicitMysql ? undefined : (0,mysql_url/* selectMysqlUrl */.iZ)(v["mysql-url"], env);
    if (pg && my) {
        problems.add(my.source, (0,mysql_url/* conflictingDatabases */.jb)(pg.source, my.source).message);
        return { postgres: undefined, mysql: undefined };
    }
    const name = (0,postgres_url/* deriveDatabaseName */.iC)(v["instance-name"]);
    const postgresUrl = pg &&
        problems.try(pg.source, () => ({
            ...(0,postgres_url/* normalizePostgresUrl */.mq)(pg.url, v["postgres-sslmode"], pg.source),
            name,
        }));
    const mysqlUrl = my &&
        problems.try(my.source, () => ({ ...(0,mysql_url/* normalizeMysqlUrl */.LM)(my.url, v["mysql-ssl-mode"], my.source), name }));
    return {
        postgres: pg && postgresUrl && { url: postgresUrl, source: pg.source },
        mysql: my && mysqlUrl && { url: mysqlUrl, source: my.source },
    };
}
/** The backend's settings (core/backend-settings.ts); backend-env's problems are its own. */
function backendEnv(v, problems) {
    const text = v["backend-env"];
    const extra = text ? (problems.try("backend-env", () => parseBackendEnvInput(text)) ?? []) : [];
    return deriveBackendEnv({
        documentRetention: v["document-retention"],
        disableBeacon: v["disable-beacon"],
        redactLogsToClient: v["redact-logs-to-client"],
        logLevel: v["log-level"],
        extra,
    });
}
function deriveValues(v, env, problems) {
    const jwt = v["jwt-private-key"];
    const frontendUrl = v["frontend-url"];
    return {
        backendEnv: v.target === "connect" ? [] : backendEnv(v, problems),
        storage: (0,s3_storage/* deriveS3Storage */.r5)(v, env, problems),
        envVars: envVars(v["env-vars"] ?? "", problems),
        deployArgs: deployArgs(v["deploy-args"] ?? "", problems),
        publicUrls: publicUrls(v, env, problems),
        ...databases(v, env, problems),
        jwtKeyPair: jwt
            ? problems.try("jwt-private-key", () => (0,auth_keys/* deriveJwtKeyPair */.OJ)(jwt, "jwt-private-key"))
            : undefined,
        frontendUrl: frontendUrl
            ? problems.try("frontend-url", () => (0,urls/* normalizePublicUrl */.ws)(frontendUrl, "frontend-url"))
            : undefined,
    };
}

;// CONCATENATED MODULE: ./src/core/boolean.ts
/** Boolean inputs and flags, parsed one way everywhere (a module of its own: the CLI loads it first). */
const TRUE = new Set(["true", "yes", "1", "on"]);
const FALSE = new Set(["false", "no", "0", "off"]);
/** The one rule for boolean inputs: true/yes/1/on or false/no/0/off, any case; else undefined. */
function parseBoolean(text) {
    const value = text.trim().toLowerCase();
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/inputs.ts
/**
 * Every input of the action (and flag of `setup-coder-convex up`), declared once: its kind,
 * choices, range and default drive the parser (core/config/read-inputs.ts), action.yml is
 * generated from it and checked by a test.
 */


/** Where the backend runs (the `target` input's choices). */
const TARGETS = ["compose", "connect", "kubernetes"];
const INPUTS = [
    {
        name: "command",
        kind: "enum",
        choices: ["up", "down", "backup", "restore", "upgrade", "prune"],
        default: "up",
        description: "up (set up, configure, deploy), down (remove the instance set up before: with compose its containers and data volume in working-directory, with kubernetes its labelled objects and volume; with drop-database its database too), e.g. on pull_request: closed; backup (a snapshot ZIP of the running deployment, made with the app's convex CLI, to backup-file) or restore (import a backup-file with `convex import --replace-all`; needs confirm-restore: true when the deployment holds data); upgrade (compose or kubernetes: back up, change the backend and dashboard images to release together, wait for the backend's migrations, verify and deploy; on a failure the old images come back, with the backup's data if the database moved); prune (remove this repository's pull request previews whose pull request is closed or, with max-age, that are older: on a schedule).",
    },
    {
        name: "target",
        kind: "enum",
        choices: TARGETS,
        default: "compose",
        description: "Where the backend runs: compose (started here with docker compose), connect (already running elsewhere: a Coder sidecar, a Helm release; give convex-url, site-url and instance-secret or admin-key), or kubernetes (one instance per instance-name in namespace, applied with kubectl and the runner's kubeconfig).",
    },
    {
        name: "admin-key",
        kind: "string",
        targets: ["connect"],
        offTargetNote: "with compose the key is computed from the instance secret",
        description: "target: connect only: the backend's admin key (instead of instance-secret).",
    },
    {
        name: "namespace",
        kind: "string",
        targets: ["kubernetes"],
        ignoredOffTarget: true,
        default: "convex-previews",
        description: "target: kubernetes: the namespace of the instance's objects (created when missing).",
    },
    {
        name: "ingress-host",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: host name template with {instance}, e.g. {instance}.preview.example.com: the API at that host, the site proxy at {instance}-site..., the dashboard at {instance}-dashboard.... Without it the API is reached through kubectl port-forward during the run.",
    },
    {
        name: "ingress-class",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: the Ingress's ingressClassName (default: the cluster's default class).",
    },
    {
        name: "ingress-tls-secret",
        kind: "string",
        targets: ["kubernetes"],
        description: "target: kubernetes: a TLS Secret in namespace for the Ingress hosts; the URLs are https when given, http otherwise.",
    },
    {
        name: "volume-size",
        kind: "string",
        targets: ["kubernetes"],
        ignoredOffTarget: true,
        default: "1Gi",
        description: "target: kubernetes: size of the backend's data volume (a PersistentVolumeClaim of the cluster's default storage class).",
    },
    {
        name: "render-only",
        kind: "boolean",
        targets: ["kubernetes"],
        default: "false",
        description: "target: kubernetes: write the manifests to convex-kubernetes.yaml (mode 0600: it holds the Secret) for your own tools (Argo CD, Flux, Helm) and stop; nothing is applied.",
    },
    {
        name: "network-policy",
        kind: "boolean",
        targets: ["kubernetes"],
        default: "false",
        description: "target: kubernetes: also apply a NetworkPolicy to the instance's pods: in, only the backend's and the dashboard's ports; out, anywhere but link-local addresses (a cloud's instance metadata service). Needs a network plugin that enforces policies; give it to command: down as well, so that the policy goes with the instance.",
    },
    {
        name: "working-directory",
        kind: "string",
        default: ".",
        description: "Directory of the Convex app (holds package.json and convex/). Files are written here.",
    },
    {
        name: "convex-url",
        kind: "string",
        description: "Public URL of the backend API (port 3210). Set together with site-url to skip derivation.",
    },
    {
        name: "site-url",
        kind: "string",
        description: "Public URL of the site proxy (port 3211: HTTP actions and auth). Set together with convex-url.",
    },
    { name: "dashboard-url", kind: "string", description: "Public URL of the dashboard (port 6791)." },
    {
        name: "url-style",
        kind: "enum",
        choices: ["app", "port"],
        default: "app",
        description: "Coder URL style: `app` (subdomain apps by slug) or `port` (forwarded ports, 3210--agent--workspace--owner).",
    },
    {
        name: "coder-wildcard-domain",
        kind: "string",
        description: "Coder wildcard access domain (*.apps.example.com or *-apps.example.com), used when VSCODE_PROXY_URI is absent or path-style.",
    },
    { name: "api-slug", kind: "string", default: "convex-api", description: "Coder app slug of the API." },
    {
        name: "site-slug",
        kind: "string",
        default: "convex-site",
        description: "Coder app slug of the site proxy.",
    },
    {
        name: "dashboard-slug",
        kind: "string",
        default: "convex-dashboard",
        description: "Coder app slug of the dashboard.",
    },
    {
        name: "frontend-directories",
        kind: "multiline",
        description: "Frontend folders (one per line, relative like working-directory) whose .env.local gets the backend's URL under its framework's names. Default: the working directory when its package.json has a framework.",
    },
    {
        name: "frontend-url",
        kind: "string",
        description: "URL of the frontend, set as the deployment's SITE_URL for @convex-dev/auth (OAuth and magic-link redirects), Better Auth (trustedOrigins) and any app whose functions read SITE_URL, and as the frontend's own <prefix>SITE_URL when its code reads one. Default: the framework's dev port, in Coder through its port URL; none for Expo.",
    },
    {
        name: "frontend-port",
        kind: "port",
        description: "Port of the frontend's dev server for the default frontend-url. Default: the framework's (5173 Vite/SvelteKit, 3000 Next.js and others).",
    },
    {
        name: "auth",
        kind: "enum",
        choices: ["auto", "convex-auth", "better-auth", "none"],
        default: "auto",
        description: "Keys and variables for the app's auth: auto (@convex-dev/auth when the package holding convex/ depends on it; Better Auth when it depends on @convex-dev/better-auth or its code uses it), convex-auth, better-auth, or none (e.g. Clerk: nothing generated).",
    },
    {
        name: "postgres-url",
        kind: "string",
        description: "Postgres URL for the backend. Defaults to DATABASE_URL, POSTGRES_URI, then POSTGRES_URL; none of them (or the word none) means the backend's embedded SQLite.",
    },
    {
        name: "postgres-sslmode",
        kind: "enum",
        choices: postgres_url/* SSL_MODES */.yj,
        default: "disable",
        description: "sslmode put on the Postgres URL: disable, require (certificate verified by the backend), prefer, or keep the URL's own.",
    },
    {
        name: "mysql-url",
        kind: "string",
        description: "MySQL URL for the backend (MySQL 8.0.17 or newer), mysql://USER:PASSWORD@HOST:3306, instead of Postgres. Defaults to MYSQL_URL; the word none ignores it. Refused together with a Postgres URL.",
    },
    {
        name: "mysql-ssl-mode",
        kind: "enum",
        choices: mysql_url/* MYSQL_SSL_MODES */.l9,
        default: "disable",
        description: "TLS to MySQL: disable, require (the backend verifies the certificate and host name), or keep the URL's own require_ssl, verify_ca, verify_identity.",
    },
    {
        name: "postgres-preflight",
        kind: "boolean",
        default: "true",
        description: "Connect to the database (Postgres or MySQL) before starting the backend, check it and report problems clearly.",
    },
    {
        name: "create-database",
        kind: "boolean",
        default: "true",
        description: "Create the backend's database (instance name with - as _) when it is missing.",
    },
    {
        name: "drop-database",
        kind: "boolean",
        default: "false",
        description: "command: down: also drop the instance's Postgres or MySQL database; refused unless instance-name starts with preview-prefix. command: prune: also drop the database of each preview it removes (named from that preview's instance name, which must start with preview-prefix).",
    },
    {
        name: "preview-prefix",
        kind: "string",
        default: "pr-",
        description: "The prefix an instance-name must carry for drop-database to drop its database, so a production database is never dropped.",
    },
    {
        name: "backup-file",
        kind: "string",
        description: "command: backup (and upgrade, which backs up first): where to write the snapshot ZIP (a .zip path; default .convex-backups/<instance-name>-<UTC time>.zip in working-directory, git-ignored), never over an existing file. command: restore: the ZIP to import. The deployment's variables are in <name>.env.json next to it.",
    },
    {
        name: "include-file-storage",
        kind: "boolean",
        default: "false",
        description: "command: backup and upgrade: put the deployment's stored files in the ZIP too (`convex export --include-file-storage`).",
    },
    {
        name: "include-env-values",
        kind: "boolean",
        default: "false",
        description: "command: backup: save the deployment variables' values (secrets) in <name>.env.json, written with mode 0600, not only their names; restore then sets them again.",
    },
    {
        name: "confirm-restore",
        kind: "boolean",
        default: "false",
        description: "command: restore: replace the data of a deployment that holds documents (every table is replaced by the backup's). Without it, restore only fills an empty deployment. CLI: --yes.",
    },
    {
        name: "release",
        kind: "string",
        description: "command: upgrade: the get-convex/convex-backend release to upgrade to (a tag or commit SHA): the images ghcr.io/get-convex/convex-backend and convex-dashboard with that tag. Or give backend-image and dashboard-image (the same tag) instead.",
    },
    {
        name: "max-age",
        kind: "string",
        description: "command: prune: also remove previews created longer ago than this, whatever their pull request's state: a whole number and a unit, m, h, d or w (7d, 36h).",
    },
    {
        name: "dry-run",
        kind: "boolean",
        default: "false",
        description: "command: upgrade: print the plan (the images now and after, the backup file, the steps) and change nothing; command: prune: list what would be removed, and why, and remove nothing.",
    },
    {
        name: "instance-name",
        kind: "string",
        default: "app",
        description: "Backend instance name: prefix of the admin key and (with - as _) the Postgres database name.",
    },
    {
        name: "instance-secret",
        kind: "string",
        description: "64 hex characters. Default: reuse the one in .env.convex.local, else generate one.",
    },
    {
        name: "better-auth-secret",
        kind: "string",
        description: "BETTER_AUTH_SECRET for a Better Auth app (at least 32 characters). Default: reuse the one kept (compose and connect: .env.convex.local; kubernetes: the instance's Secret), else generate 32 random bytes (base64). A value differing from the kept one is refused.",
    },
    {
        name: "backend-image",
        kind: "string",
        description: "Backend image. Default: ghcr.io/get-convex/convex-backend pinned to a tested release.",
    },
    {
        name: "dashboard-image",
        kind: "string",
        description: "Dashboard image. Default: ghcr.io/get-convex/convex-dashboard at the same release.",
    },
    { name: "dashboard", kind: "boolean", default: "true", description: "Run the dashboard container." },
    {
        name: "metrics-endpoint",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        ignoredOffTarget: true,
        default: "false",
        description: "Serve the backend's Prometheus /metrics endpoint on the API port (DISABLE_METRICS_ENDPOINT=false). Off by default: the API port may be reachable by anyone (a public Coder app, an Ingress). With target connect the backend's settings are made where it runs.",
    },
    { name: "api-port", kind: "port", default: "3210", description: "Host port of the API." },
    { name: "site-port", kind: "port", default: "3211", description: "Host port of the site proxy." },
    { name: "dashboard-port", kind: "port", default: "6791", description: "Host port of the dashboard." },
    {
        name: "document-retention",
        kind: "integer",
        min: 60,
        max: 31536000,
        description: "Seconds the backend keeps old versions of documents (DOCUMENT_RETENTION_DELAY). Default: the backend's own, 14 days (upstream's compose file sets 2 days).",
    },
    {
        name: "disable-beacon",
        kind: "boolean",
        default: "false",
        description: "Turn off the backend's anonymous usage beacon (DISABLE_BEACON).",
    },
    {
        name: "redact-logs-to-client",
        kind: "boolean",
        default: "false",
        description: "Clients get \"Server Error\" instead of the function's error and log lines (REDACT_LOGS_TO_CLIENT); the backend's own log keeps them.",
    },
    {
        name: "log-level",
        kind: "string",
        description: "The backend's log filter (RUST_LOG): a level (error, warn, info, debug, trace) or target=level directives, e.g. info,database=debug. Default: the backend's own, info.",
    },
    {
        name: "backend-env",
        kind: "multiline",
        description: "Other backend settings, one NAME=value per line (e.g. HTTP_SERVER_TIMEOUT_SECONDS=300), checked against the names the pinned backend release reads; applied the same with compose and kubernetes. No secrets: they are written in clear into the compose file and manifests.",
    },
    {
        name: "s3-exports-bucket",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage (with the four other s3-*-bucket inputs, all or none): the bucket of snapshot exports (S3_STORAGE_EXPORTS_BUCKET). Without the buckets the backend keeps its files on its data volume. See docs/storage.md.",
    },
    {
        name: "s3-files-bucket",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the bucket of the app's stored files (S3_STORAGE_FILES_BUCKET).",
    },
    {
        name: "s3-modules-bucket",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the bucket of the deployed functions' code (S3_STORAGE_MODULES_BUCKET).",
    },
    {
        name: "s3-search-bucket",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the bucket of search index snapshots (S3_STORAGE_SEARCH_BUCKET).",
    },
    {
        name: "s3-snapshot-imports-bucket",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the bucket of `convex import` uploads (S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET).",
    },
    {
        name: "s3-endpoint",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the S3 API's base URL for MinIO, Cloudflare R2 and other S3-compatible stores (S3_ENDPOINT_URL). Default: AWS S3. With compose, localhost here is reached from the container as host.docker.internal.",
    },
    {
        name: "s3-region",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the region (AWS_REGION), e.g. eu-west-1 (MinIO: us-east-1, R2: auto). Default: the environment's AWS_REGION.",
    },
    {
        name: "s3-force-path-style",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        default: "false",
        description: "target: compose or kubernetes: S3 storage: address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint> (AWS_S3_FORCE_PATH_STYLE), as MinIO usually needs.",
    },
    {
        name: "s3-disable-sse",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        default: "false",
        description: "target: compose or kubernetes: S3 storage: do not ask for server-side encryption (AES256) on uploads (AWS_S3_DISABLE_SSE), for stores that refuse the header.",
    },
    {
        name: "s3-disable-checksums",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        default: "false",
        description: "target: compose or kubernetes: S3 storage: send no CRC32 checksums with uploads (AWS_S3_DISABLE_CHECKSUMS), for stores that do not support them.",
    },
    {
        name: "s3-access-key-id",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the access key id (from a secret). Default: the environment's AWS_ACCESS_KEY_ID. Masked; kept only in .env.convex.local (mode 0600) or the instance's Secret.",
    },
    {
        name: "s3-secret-access-key",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: the secret access key (from a secret), with s3-access-key-id. Default: the environment's AWS_SECRET_ACCESS_KEY. Masked, never written into the compose file.",
    },
    {
        name: "s3-session-token",
        kind: "string",
        targets: ["compose", "kubernetes"],
        description: "target: compose or kubernetes: S3 storage: a session token for temporary keys given as inputs (the environment's AWS_SESSION_TOKEN goes with the environment's keys). The backend stops reaching its storage when it expires.",
    },
    {
        name: "s3-preflight",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        ignoredOffTarget: true,
        default: "true",
        description: "target: compose or kubernetes: S3 storage: ask for every bucket (HeadBucket, signed with the credentials) before anything starts, and stop with a clear error when one is missing or refused. Turn off when only the backend can reach the endpoint.",
    },
    {
        name: "jwt-private-key",
        kind: "multiline",
        description: "RSA private key for @convex-dev/auth (PEM, PKCS#8 or PKCS#1, or base64). Default: reuse jwt_private_key.pem, else generate.",
    },
    {
        name: "env-vars",
        kind: "multiline",
        description: "Deployment environment variables, one KEY=VALUE per line, set before deploying.",
    },
    {
        name: "deploy",
        kind: "boolean",
        default: "true",
        description: "Run `convex deploy` with the project's own convex CLI.",
    },
    {
        name: "deploy-args",
        kind: "string",
        description: "Extra arguments for `convex deploy`, split like a shell would (no shell runs).",
    },
    {
        name: "seed-function",
        kind: "string",
        description: "A Convex function run with `convex run` after the first deploy of a new deployment (e.g. seed:init), to give a preview data.",
    },
    {
        name: "seed-args",
        kind: "string",
        description: "Arguments of seed-function, as a JSON object (default {}).",
    },
    {
        name: "seed-import",
        kind: "string",
        description: "A snapshot ZIP (all tables) or a .jsonl/.json/.csv file (the table named after the file) in the repository, imported with `convex import` after the first deploy of a new deployment.",
    },
    {
        name: "seed-artifact",
        kind: "string",
        description: "The name of a workflow artifact holding a backup ZIP (command: backup's, uploaded with actions/upload-artifact), downloaded with github-token (actions: read) and imported like seed-import: real data in a preview. Its contents are data only; the ZIP is unpacked with its paths and size checked. See docs/seed.md on privacy and seed-scrub.",
    },
    {
        name: "seed-artifact-run-id",
        kind: "string",
        description: "seed-artifact: the workflow run whose artifact to take (its numeric id); default: the newest unexpired artifact of that name in the repository.",
    },
    {
        name: "seed-scrub",
        kind: "string",
        description: "A function run with `convex run` right after seed-import or seed-artifact (before seed-function), e.g. internal/scrub:run, to remove or mask personal data before anyone uses the preview; if it fails, the step fails and says the data is there unscrubbed.",
    },
    {
        name: "seed-always",
        kind: "boolean",
        default: "false",
        description: "Seed on every run, not only when the deployment is new (an import then replaces the tables it holds).",
    },
    {
        name: "verify",
        kind: "boolean",
        default: "true",
        description: "Last phase: check the API, the admin key, the deployment's variables and (for @convex-dev/auth) the site proxy's auth discovery from this host, and in Coder the public URLs.",
    },
    {
        name: "wait-timeout",
        kind: "integer",
        min: 1,
        max: 3600,
        default: "120",
        description: "Seconds to wait for the backend to answer /version.",
    },
    {
        name: "export-env",
        kind: "boolean",
        default: "true",
        description: "Export CONVEX_SELF_HOSTED_URL (the API on this host), CONVEX_SELF_HOSTED_ADMIN_KEY, CONVEX_CLOUD_ORIGIN, CONVEX_SITE_ORIGIN and each frontend's <prefix>CONVEX_URL / <prefix>CONVEX_SITE_URL to later steps.",
    },
    {
        name: "cleanup",
        kind: "boolean",
        targets: ["compose", "kubernetes"],
        ignoredOffTarget: true,
        description: "Post step: print the backend's logs (collapsed), then remove the instance (compose: `docker compose down --volumes`; kubernetes: its objects and volume). Default: true with compose, false with kubernetes (a preview outlives the job); never with connect.",
    },
    {
        name: "cache-images",
        kind: "boolean",
        default: "false",
        description: "Save and restore the images with the Actions cache (measure before turning on: pulling is often faster).",
    },
    {
        name: "comment",
        kind: "boolean",
        default: "true",
        description: "On a pull_request or pull_request_target event: keep one comment per preview on the pull request (URLs, commit, state, time; never a secret) and a GitHub deployment in environment preview/<name>. Needs `permissions: pull-requests: write, deployments: write`; without them (a fork's read-only token) one warning, and the step goes on.",
    },
    {
        name: "github-token",
        kind: "string",
        // An Actions expression, evaluated by the runner: the job's GITHUB_TOKEN.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: not a template literal
        default: "${{ github.token }}",
        description: "The token for GitHub's REST API (masked): the pull request's comment and deployment (permissions: pull-requests: write, deployments: write), command: prune's pull request states (pull-requests: read), seed-artifact's download (actions: read). Default: the job's GITHUB_TOKEN. The action's only: the command line asks GitHub nothing.",
    },
    {
        name: "project-name",
        kind: "string",
        description: "Compose project name. Default: convex-<directory name>. Give each instance on one host its own.",
    },
];
const OUTPUTS = [
    { name: "convex-url", description: "Public URL of the backend API." },
    { name: "site-url", description: "Public URL of the site proxy (HTTP actions, auth issuer)." },
    { name: "dashboard-url", description: "Public URL of the dashboard." },
    {
        name: "admin-key",
        description: "Admin key (masked). Job outputs holding masked values are dropped between jobs.",
    },
    { name: "instance-name", description: "Backend instance name." },
    { name: "postgres-database", description: "Postgres database the backend uses (empty with SQLite)." },
    { name: "mysql-database", description: "MySQL database the backend uses (empty with Postgres or SQLite)." },
    {
        name: "env-file",
        description: "Path of .env.convex.local (empty with target kubernetes, which keeps the instance secret in its Secret, and with connect).",
    },
    { name: "compose-file", description: "Path of docker-compose.convex.yml." },
    { name: "compose-project", description: "Compose project name." },
    { name: "deployed", description: "`true` when `convex deploy` ran and succeeded." },
    { name: "seeded", description: "`true` when seed-function or seed-import ran in this run." },
    {
        name: "manifest-file",
        description: "target: kubernetes: path of the manifests written (convex-kubernetes.yaml).",
    },
    { name: "namespace", description: "target: kubernetes: the namespace of the instance." },
    {
        name: "comment-url",
        description: "The preview's comment on the pull request (empty when none was written).",
    },
    {
        name: "deployment-id",
        description: "The id of the preview's GitHub deployment (empty when none was written).",
    },
    {
        name: "backup-file",
        description: "command: backup: the snapshot ZIP written (the variables are in the .env.json next to it); command: upgrade: the backup taken before the images changed; empty otherwise.",
    },
];
/**
 * Variables exported to later steps when export-env is on (values: core/client-env.ts), besides
 * each frontend's `<prefix>CONVEX_URL` and `<prefix>CONVEX_SITE_URL`.
 */
const EXPORTED_ENV = (/* unused pure expression or super */ null && ([
    "CONVEX_SELF_HOSTED_URL",
    "CONVEX_SELF_HOSTED_ADMIN_KEY",
    "CONVEX_CLOUD_ORIGIN",
    "CONVEX_SITE_ORIGIN",
]));

// EXTERNAL MODULE: ./src/core/admin-key.ts
var admin_key = __webpack_require__(77158);
// EXTERNAL MODULE: ./src/core/preview.ts
var core_preview = __webpack_require__(53451);
;// CONCATENATED MODULE: ./src/core/config/seed.ts
/** seed-function, seed-args and seed-import: what `convex run` and `convex import` take. */
/** A module path component as the backend takes it: letters, digits, _ and ., one letter or digit at least. */
const MODULE_COMPONENT_RE = /^(?=[\w.]*[A-Za-z0-9])[\w.]{1,64}$/;
/** An export name or table name: a letter or _ first, then letters, digits and _ (at most 64). */
const IDENTIFIER_RE = /^(?=\w*[A-Za-z0-9])[A-Za-z_]\w{0,63}$/;
/** A user table: like an identifier, but never starting with _ (those are system tables). */
const TABLE_NAME_RE = /^[A-Za-z]\w{0,63}$/;
/** What `convex import` reads, picked by the extension: a snapshot ZIP, or one table. */
const SEED_IMPORT_EXTENSIONS = [".zip", ".jsonl", ".json", ".csv"];
/**
 * A function name as `convex run` takes it: `module`, `dir/module:export` (a file extension
 * and the functions folder's name are allowed: the CLI strips them), or `api.dir.module.export`
 * / `internal....`. Module path components and export names follow the backend's rules
 * (docs/backend-facts.md#convex-cli).
 */
function isFunctionPath(text) {
    if (/^(?:api|internal)\./.test(text)) {
        const parts = text.split(".").slice(1);
        return (parts.length >= 2 &&
            parts.slice(0, -1).every((p) => MODULE_COMPONENT_RE.test(p)) &&
            IDENTIFIER_RE.test(parts.at(-1)));
    }
    const colon = text.lastIndexOf(":");
    const module = colon === -1 ? text : text.slice(0, colon);
    const name = colon === -1 ? undefined : text.slice(colon + 1);
    if (name !== undefined && !IDENTIFIER_RE.test(name))
        return false;
    return module.split("/").every((p) => MODULE_COMPONENT_RE.test(p));
}
/** The table a one-table seed file goes to: its name without the extension. */
function seedImportTable(file) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    const ext = SEED_IMPORT_EXTENSIONS.find((e) => name.endsWith(e));
    return ext && ext !== ".zip" ? name.slice(0, -ext.length) : undefined;
}
/** Whether a relative path climbs above its base (`a/../../b`), lexically. */
function climbsOut(path) {
    let depth = 0;
    for (const part of path.split("/")) {
        if (part === "..")
            depth--;
        else if (part !== "" && part !== ".")
            depth++;
        if (depth < 0)
            return true;
    }
    return false;
}
function suggestTableName(name) {
    const cleaned = name.replace(/\W+/g, "_").replace(/^_+/, "").slice(0, 64);
    return /^[A-Za-z]/.test(cleaned) ? cleaned : `t_${cleaned}`.slice(0, 64);
}
/** What is wrong with seed-function, if anything. */
function checkSeedFunction(fn) {
    if (isFunctionPath(fn))
        return undefined;
    return `"${fn}" is not a Convex function name: give it as convex run takes it, module:export relative to the functions folder (e.g. seed:init for the export init of convex/seed.ts, or admin/seed:run).`;
}
/** What is wrong with seed-args (it must be a JSON object), if anything. */
function checkSeedArgs(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        return `is not valid JSON (${error.message}): give a JSON object, e.g. {"users": 10}.`;
    }
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
        return undefined;
    const kind = parsed === null ? "null" : Array.isArray(parsed) ? "an array" : `a ${typeof parsed}`;
    return `must be a JSON object (the function's named arguments), not ${kind}: e.g. {"users": 10}.`;
}
/** What is wrong with seed-import, a file relative to the working directory `base`, if anything. */
function checkSeedImport(file, base) {
    const ext = SEED_IMPORT_EXTENSIONS.find((e) => file.endsWith(e));
    const table = seedImportTable(file);
    if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith("\\"))
        return `"${file}" is an absolute path: give the file's path in the repository, relative to working-directory (e.g. seed/users.jsonl).`;
    if (climbsOut(base.startsWith("/") ? file : `${base}/${file}`))
        return `"${file}" climbs out of the repository with ..: the file must be inside it; give its path relative to working-directory.`;
    if (ext === undefined)
        return `"${file}" must end in .zip (a snapshot export: all its tables), or .jsonl, .json or .csv (one table, named after the file): convex import picks the format from the extension (lowercase). Rename the file.`;
    if (table !== undefined && !TABLE_NAME_RE.test(table))
        return `imports "${file}" into the table named after the file, and "${table}" is not a valid Convex table name (a letter first, then letters, digits or _, at most 64 characters): rename the file, e.g. to ${suggestTableName(table)}${ext}.`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/config/field-checks.ts
/**
 * Checks of one input's text that its kind cannot express (a name's grammar, a file's place),
 * one per input, each returning what is wrong. The reader runs them on the inputs that mean
 * something with the chosen target.
 */





const INSTANCE_NAME_RE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;
const ADMIN_KEY_RE = /^[^\s|]+\|[0-9a-f]+$/;
/**
 * A docker image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker's reference
 * grammar allows; nothing that docker could take as an option (a leading -) or that compose
 * would interpolate ($).
 */
const IMAGE_REF_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
function isImageReference(text) {
    return IMAGE_REF_RE.test(text);
}
const field_checks_image = (ref) => isImageReference(ref)
    ? undefined
    : `"${ref}" is not a docker image reference (registry/name:tag or name@sha256:digest, lowercase, no leading - or $).`;
const kubeObjectName = (name) => (0,kubernetes/* isDnsSubdomain */.sg)(name)
    ? undefined
    : `"${name}" is not a Kubernetes object name (lowercase letters, digits, - and .).`;
const FIELD_CHECKS = {
    "instance-name": (name) => INSTANCE_NAME_RE.test(name) && name.length <= 63
        ? undefined
        : `"${name}" must be lowercase letters and digits separated by single - or _ (at most 63 characters); it becomes the admin key prefix and the database name.`,
    // Never quoted: it is a secret.
    "instance-secret": (secret) => (0,admin_key/* isInstanceSecret */.kA)(secret)
        ? undefined
        : "must be exactly 64 hexadecimal characters; leave it empty to reuse or generate one.",
    // Never quoted: it is a secret. Better Auth warns below 32 characters; a line break cannot be an env value.
    "better-auth-secret": (secret) => secret.length < 32
        ? `is ${secret.length} characters; Better Auth wants at least 32 random ones: leave it empty to have 32 random bytes generated, or give e.g. the output of \`openssl rand -base64 32\`.`
        : /\s/.test(secret)
            ? "holds whitespace or a line break; give the secret on one line (e.g. the output of `openssl rand -base64 32`)."
            : undefined,
    "admin-key": (key) => ADMIN_KEY_RE.test(key)
        ? undefined
        : "is not an admin key (instance-name|hex, as generate_admin_key.sh prints it).",
    "project-name": (name) => PROJECT_RE.test(name)
        ? undefined
        : `"${name}" must be lowercase letters, digits, - and _, starting with a letter or digit.`,
    "backend-image": field_checks_image,
    "dashboard-image": field_checks_image,
    namespace: (ns) => (0,kubernetes/* isDnsLabel */.Cd)(ns)
        ? undefined
        : `"${ns}" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.`,
    "ingress-class": kubeObjectName,
    "ingress-tls-secret": kubeObjectName,
    "volume-size": (size) => (0,kubernetes/* isQuantity */.Ep)(size) && /[1-9]/.test(size)
        ? undefined
        : `"${size}" is not a storage size such as 1Gi or 500Mi.`,
    "log-level": checkLogLevel,
    "backup-file": (file) => /\.zip$/i.test(file) && !/[\r\n]/.test(file)
        ? undefined
        : `"${file}" must be a .zip file's path (a snapshot ZIP, as \`convex export\` writes and \`convex import\` reads).`,
    "max-age": (text) => {
        const age = (0,core_preview/* parseMaxAge */.pq)(text);
        return "error" in age ? age.error : undefined;
    },
    "seed-function": checkSeedFunction,
    "seed-scrub": checkSeedFunction,
    "seed-artifact": (name) => /^[^\\/":<>|*?\r\n]{1,255}$/.test(name)
        ? undefined
        : `"${name}" is not an artifact name (actions/upload-artifact refuses \\ / " : < > | * ? and line breaks).`,
    "seed-args": checkSeedArgs,
    "seed-import": (file, values) => checkSeedImport(file, values["working-directory"]),
};

;// CONCATENATED MODULE: ./src/core/config/read-inputs.ts
/**
 * Raw strings to typed values, driven by the INPUTS table: each input's kind, choices, range
 * and default (core/inputs.ts), then its field check (field-checks.ts). A bad value becomes a
 * problem naming the input, and a stand-in value so that the other inputs are still read.
 */



/** The whole numbers a port or integer input takes. */
function rangeOf(spec) {
    if (spec.kind === "port")
        return [1, 65535];
    if (spec.min === undefined || spec.max === undefined)
        throw new Error(`input ${spec.name}: no min/max`);
    return [spec.min, spec.max];
}
/** Whether an input means something with this target (see InputSpec.targets). */
function isForTarget(spec, target) {
    return spec.targets === undefined || spec.targets.includes(target);
}
/** One input by its kind: its value, and what is wrong with the text when it was refused. */
function readKind(spec, raw) {
    // Blank is absent: the default applies.
    const text = raw?.trim() || spec.default;
    if (text === undefined)
        return { value: undefined };
    switch (spec.kind) {
        case "string":
            return { value: text };
        case "multiline":
            return { value: raw?.trim() ? raw : text };
        case "boolean": {
            const value = parseBoolean(text);
            if (value !== undefined)
                return { value };
            return { value: false, problem: `"${raw}" is not a boolean; use true or false.` };
        }
        case "port":
        case "integer": {
            const [min, max] = rangeOf(spec);
            const value = Number(text);
            if (/^\d+$/.test(text) && value >= min && value <= max)
                return { value };
            return { value: min, problem: `"${text}" must be a whole number from ${min} to ${max}.` };
        }
        case "enum": {
            const choices = spec.choices ?? [];
            if (choices.includes(text))
                return { value: text };
            return { value: choices[0], problem: `"${text}" is not one of ${choices.join(", ")}.` };
        }
    }
}
/** Reads every input; each problem is added to `problems`, in the table's order. */
function readInputs(raw, problems) {
    const specs = INPUTS;
    const read = new Map(specs.map((spec) => [spec.name, readKind(spec, raw[spec.name])]));
    const values = Object.fromEntries([...read].map(([name, r]) => [name, r.value]));
    const given = new Set(specs.filter((s) => raw[s.name]?.trim()).map((s) => s.name));
    const invalid = new Set();
    for (const spec of specs) {
        const { value, problem } = read.get(spec.name);
        const check = FIELD_CHECKS[spec.name];
        // An input of another target is ignored (its text does not matter), or refused when it asks
        // for something (rules.ts): its kind is still checked there, so that a mistyped "true" is not
        // taken for off.
        const forTarget = isForTarget(spec, values.target);
        if (!forTarget && spec.ignoredOffTarget)
            continue;
        const message = problem ?? (check && value !== undefined && forTarget ? check(value, values) : undefined);
        if (message === undefined)
            continue;
        problems.add(spec.name, message);
        invalid.add(spec.name);
    }
    return { values, given, invalid };
}

// EXTERNAL MODULE: ./src/core/upgrade.ts
var upgrade = __webpack_require__(80919);
;// CONCATENATED MODULE: ./src/core/config/rules.ts




const problem = (field, message) => [{ field, message }];
const none = [];
/** A boolean asks for something when on; another input when given. */
const asksFor = ({ values, given }, name) => {
    const value = values[name];
    return typeof value === "boolean" ? value : given.has(name);
};
/** Inputs of other targets (InputSpec.targets) are refused: they would do nothing. */
const inputsOfOtherTargets = (ctx) => INPUTS
    .filter((s) => !isForTarget(s, ctx.values.target) && !s.ignoredOffTarget && asksFor(ctx, s.name))
    .map((s) => ({
    field: s.name,
    message: `is for target: ${s.targets.join(" or ")} only${s.offTargetNote ? `; ${s.offTargetNote}` : ` (target is ${ctx.values.target})`}.`,
}));
const portsDiffer = ({ values }) => {
    const ports = [values["api-port"], values["site-port"]];
    if (values.dashboard)
        ports.push(values["dashboard-port"]);
    return new Set(ports).size === ports.length
        ? none
        : problem("api-port", "api-port, site-port and dashboard-port must all differ.");
};
const connectNeedsUrls = ({ values }) => values.target === "connect" && !(values["convex-url"] && values["site-url"])
    ? problem("target", "connect needs convex-url and site-url: the URLs of the running backend's API and site proxy.")
    : none;
const connectNeedsKey = ({ values }) => values.target === "connect" && !values["instance-secret"] && !values["admin-key"]
    ? problem("target", "connect needs instance-secret (or admin-key) of the running backend to configure it.")
    : none;
const adminKeyOfThisInstance = ({ values, invalid }) => {
    const key = values["admin-key"];
    const name = values["instance-name"];
    if (values.target !== "connect" || key === undefined || invalid.has("admin-key"))
        return none;
    return key.startsWith(`${name}|`)
        ? none
        : problem("admin-key", `belongs to another instance: its prefix must be instance-name (${name}).`);
};
/** The seed input given (seed-function first), if any. */
const seedGiven = (values) => values["seed-function"]
    ? "seed-function"
    : values["seed-import"]
        ? "seed-import"
        : values["seed-artifact"]
            ? "seed-artifact"
            : undefined;
const seedImportOrArtifact = ({ values }) => values["seed-import"] && values["seed-artifact"]
    ? problem("seed-artifact", "and seed-import both give the data to import: give one of them.")
    : none;
const scrubNeedsImport = ({ values }) => values["seed-scrub"] && !values["seed-import"] && !values["seed-artifact"]
    ? problem("seed-scrub", "scrubs imported data: it needs seed-import or seed-artifact.")
    : none;
const runIdNeedsArtifact = ({ values }) => {
    const id = values["seed-artifact-run-id"];
    if (!id)
        return none;
    if (!values["seed-artifact"])
        return problem("seed-artifact-run-id", "says which run's artifact to take: it needs seed-artifact.");
    return /^[1-9]\d{0,18}$/.test(id)
        ? none
        : problem("seed-artifact-run-id", `"${id}" is not a workflow run id (a number, as in \${{ github.run_id }}).`);
};
const seedNeedsDeploy = ({ values }) => {
    const seed = seedGiven(values);
    return seed && !values.deploy
        ? problem(seed, "seeds a deployment after its first deploy; it needs deploy: true.")
        : none;
};
const seedNotWithRenderOnly = ({ values }) => {
    const seed = seedGiven(values);
    return seed && values["render-only"]
        ? problem(seed, "does nothing with render-only (nothing is deployed): seed when you deploy (up --target connect after applying).")
        : none;
};
const seedArgsNeedFunction = ({ values }) => values["seed-args"] !== undefined && values["seed-function"] === undefined
    ? problem("seed-args", "holds arguments for seed-function, which is not set: set seed-function or remove seed-args.")
    : none;
const seedAlwaysNeedsSeed = ({ values }) => values["seed-always"] && !seedGiven(values)
    ? problem("seed-always", "is true but there is nothing to seed: set seed-function, seed-import or seed-artifact, or remove seed-always.")
    : none;
/** The commands that remove previews: down (one, named by the inputs) and prune (those left). */
const REMOVING = new Set(["down", "prune"]);
const dropDatabaseOnlyWithDown = ({ values }) => values["drop-database"] && !REMOVING.has(values.command)
    ? problem("drop-database", "is for command: down or prune (removing previews); remove it from this step.")
    : none;
/**
 * With command down or prune, each step assumes the ones before it hold: one problem at most.
 * prune checks each preview's own instance name against the prefix as it removes it.
 */
const dropDatabaseOnlyPreviews = ({ values, postgres, mysql }) => {
    if (!values["drop-database"] || !REMOVING.has(values.command))
        return none;
    const prefix = values["preview-prefix"];
    const name = values["instance-name"];
    const database = postgres ?? mysql;
    if (!database)
        return problem("drop-database", "has no database to drop: the backend uses SQLite unless postgres-url (or DATABASE_URL) or mysql-url (or MYSQL_URL) is set.");
    if (!/^[a-z0-9][a-z0-9_-]*[-_]$/.test(prefix))
        return problem("preview-prefix", `"${prefix}" must be lowercase letters, digits, - and _, ending in - or _ (as pr-): it is what keeps drop-database away from other databases, and without the separator "pr" would match "prod".`);
    if (values.command === "down" && !name.startsWith(prefix))
        return problem("drop-database", `refused: instance-name "${name}" does not start with preview-prefix "${prefix}", so its database (${database.url.name}) is not a preview's.`);
    return none;
};
/** Not for down and prune: they may reach the same server through a tunnel (drop-database). */
const kubernetesPostgresReachable = ({ values, postgres, mysql }) => {
    const database = postgres ?? mysql;
    const kind = postgres ? "postgres" : "mysql";
    return values.target === "kubernetes" &&
        !REMOVING.has(values.command) &&
        database &&
        /^(localhost\.?$|127\.|::1$|\[::1\])/.test(database.url.host)
        ? problem(database.source, `points at ${database.url.host}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. ${kind}.db.svc.cluster.local; with postgres-preflight: false when this runner cannot reach it), or no ${postgres ? "Postgres" : "MySQL"} URL for the embedded SQLite.`)
        : none;
};
const kubernetesInstanceNameLength = ({ values }) => {
    const name = values["instance-name"];
    return values.target === "kubernetes" && name.length > kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ
        ? problem("instance-name", `"${name}" is longer than ${kubernetes/* MAX_KUBE_INSTANCE_NAME */.BJ} characters, too long for target kubernetes (its StatefulSet's pods carry a label of at most 63 characters built from it).`)
        : none;
};
/** Object names cannot hold _: a_b and a-b would be the same objects, so _ is refused. */
const kubernetesInstanceNameNoUnderscore = ({ values }) => {
    const name = values["instance-name"];
    return values.target === "kubernetes" && name.includes("_")
        ? problem("instance-name", `"${name}" holds _, which Kubernetes object names and host names cannot: use - (e.g. ${name.replaceAll("_", "-")}).`)
        : none;
};
const ingressNeedsHost = ({ values }) => {
    const given = values["ingress-class"]
        ? "ingress-class"
        : values["ingress-tls-secret"]
            ? "ingress-tls-secret"
            : undefined;
    return values.target === "kubernetes" && given && !values["ingress-host"]
        ? problem(given, "needs ingress-host: without it no Ingress is made.")
        : none;
};
const ingressHostOrUrls = ({ values }) => values.target === "kubernetes" && values["ingress-host"] && (values["convex-url"] || values["site-url"])
    ? problem("ingress-host", "and convex-url/site-url both say where the backend is public: give one of them.")
    : none;
/** Inputs that target kubernetes would silently ignore: an error instead. */
const kubernetesIgnores = (ctx) => {
    if (ctx.values.target !== "kubernetes")
        return none;
    const ignored = [
        ["cache-images", "the cluster pulls the images itself"],
        ["project-name", "kubernetes objects are named after instance-name"],
    ];
    if (ctx.values["ingress-host"])
        for (const name of ["dashboard-url", "url-style", "coder-wildcard-domain"])
            ignored.push([name, "ingress-host gives the public URLs"]);
    // A boolean that is not off (on, or not a boolean at all) asks for something.
    const asks = (name) => ctx.given.has(name) &&
        (typeof ctx.values[name] !== "boolean" || ctx.values[name] || ctx.invalid.has(name));
    return ignored
        .filter(([name]) => asks(name))
        .map(([name, why]) => ({
        field: name,
        message: `does nothing with target kubernetes (${why}): remove it.`,
    }));
};
/** The inputs of one command only: given with another, they would do nothing. */
const commandInputs = ({ values, given }) => {
    const only = [
        ["backup-file", ["backup", "restore", "upgrade"]],
        ["include-file-storage", ["backup", "upgrade"]],
        ["release", ["upgrade"]],
        ["dry-run", ["upgrade", "prune"]],
        ["include-env-values", ["backup"]],
        ["confirm-restore", ["restore"]],
        ["max-age", ["prune"]],
    ];
    return only
        .filter(([name, commands]) => {
        const v = values[name];
        const asks = typeof v === "boolean" ? v : given.has(name);
        return asks && !commands.includes(values.command);
    })
        .map(([name, commands]) => ({
        field: name,
        message: `is for command: ${commands.join(" or ")} (command is ${values.command}); remove it from this step.`,
    }));
};
const restoreNeedsFile = ({ values }) => values.command === "restore" && !values["backup-file"]
    ? problem("backup-file", "command: restore needs the snapshot ZIP to import: give its path (a file that command: backup wrote, e.g. .convex-backups/app-20260101-120000Z.zip).")
    : none;
/** upgrade: the images of one release, on a backend this tool runs. */
const upgradeRelease = ({ values }) => {
    if (values.command !== "upgrade")
        return none;
    if (values.target === "connect")
        return problem("target", "is connect: command upgrade changes the images of a backend this tool runs (target compose or kubernetes); a connect backend runs elsewhere: upgrade it there (its Helm release, the Coder template), then run up to deploy.");
    const derived = (0,upgrade/* deriveUpgradeImages */.kT)({
        release: values.release,
        backendImage: values["backend-image"],
        dashboardImage: values["dashboard-image"],
    });
    return "problems" in derived ? derived.problems.map(([field, message]) => ({ field, message })) : none;
};
const dayTwoNeedsRunningBackend = ({ values }) => (values.command === "backup" || values.command === "restore" || values.command === "upgrade") &&
    values["render-only"]
    ? problem("render-only", `nothing runs with render-only, so there is nothing to ${values.command}: remove render-only (the instance must have been applied).`)
    : none;
/** The backend's own settings mean something only where this tool runs the backend. */
const backendSettingsNeedOwnBackend = (ctx) => ctx.values.target !== "connect"
    ? none
    : ["document-retention", "disable-beacon", "redact-logs-to-client", "log-level", "backend-env"]
        .filter((name) => asksFor(ctx, name))
        .map((name) => ({
        field: name,
        message: "is a setting of a backend this tool runs (target compose or kubernetes); with target connect set it where the backend runs.",
    }));
/** Every rule, in the order their problems are reported. */
const RULES = [
    inputsOfOtherTargets,
    backendSettingsNeedOwnBackend,
    portsDiffer,
    kubernetesInstanceNameLength,
    kubernetesInstanceNameNoUnderscore,
    ingressNeedsHost,
    ingressHostOrUrls,
    kubernetesIgnores,
    kubernetesPostgresReachable,
    seedNeedsDeploy,
    seedNotWithRenderOnly,
    seedArgsNeedFunction,
    seedAlwaysNeedsSeed,
    seedImportOrArtifact,
    scrubNeedsImport,
    runIdNeedsArtifact,
    dropDatabaseOnlyWithDown,
    dropDatabaseOnlyPreviews,
    commandInputs,
    restoreNeedsFile,
    upgradeRelease,
    dayTwoNeedsRunningBackend,
    adminKeyOfThisInstance,
    connectNeedsUrls,
    connectNeedsKey,
];

;// CONCATENATED MODULE: ./src/core/config.ts
/**
 * One typed configuration, built once from raw inputs (action inputs, CLI flags) and the
 * environment. Every bad field is reported at once, each with the input's name and what to do:
 * the inputs are read by the INPUTS table (config/read-inputs.ts), values made of several inputs
 * are derived (config/derive.ts), then the rules between inputs run (config/rules.ts).
 */










/** Builds the configuration or throws a ConfigError listing every problem. */
function parseConfig(raw, env = {}) {
    const problems = new errors/* ProblemList */.Ku();
    const read = readInputs(raw, problems);
    const derived = deriveValues(read.values, env, problems);
    for (const rule of RULES)
        for (const p of rule({ ...read, postgres: derived.postgres, mysql: derived.mysql }))
            problems.add(p.field, p.message);
    problems.throwIfAny();
    return buildConfig(read.values, derived, env);
}
/** The options of the target chosen (the rules refused those of another target). */
function targetOptions(v) {
    switch (v.target) {
        case "compose":
            return { target: "compose" };
        case "connect":
            return { target: "connect", ...(v["admin-key"] ? { adminKey: v["admin-key"] } : {}) };
        case "kubernetes":
            return {
                target: "kubernetes",
                kubernetes: {
                    namespace: v.namespace,
                    ingressHost: v["ingress-host"],
                    ingressClass: v["ingress-class"],
                    tlsSecret: v["ingress-tls-secret"],
                    volumeSize: v["volume-size"],
                    renderOnly: v["render-only"],
                    networkPolicy: v["network-policy"],
                },
            };
    }
}
/**
 * github-token as given; the action's default expression reaches the CLI unexpanded (its flags
 * share the action's defaults): then, or when blank, the environment's GITHUB_TOKEN or GH_TOKEN.
 */
function githubToken(given, env) {
    const token = given && !given.startsWith("${{") ? given.trim() : "";
    return token || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}
/** The configuration from inputs that are all valid. */
function buildConfig(v, d, env) {
    const target = v.target;
    const instanceSecret = v["instance-secret"];
    return {
        workingDirectory: v["working-directory"],
        publicUrls: d.publicUrls,
        postgres: {
            url: d.postgres?.url,
            sslmode: v["postgres-sslmode"],
            preflight: v["postgres-preflight"],
            createDatabase: v["create-database"],
            dropDatabase: v["drop-database"],
            previewPrefix: v["preview-prefix"],
        },
        mysql: { url: d.mysql?.url, sslMode: v["mysql-ssl-mode"] },
        instanceName: v["instance-name"],
        ...(instanceSecret ? { instanceSecret: instanceSecret.toLowerCase() } : {}),
        ...(v["better-auth-secret"] ? { betterAuthSecret: v["better-auth-secret"] } : {}),
        ...(d.jwtKeyPair ? { jwtKeyPair: d.jwtKeyPair } : {}),
        images: {
            ...(v["backend-image"] ? { backend: v["backend-image"] } : {}),
            ...(v["dashboard-image"] ? { dashboard: v["dashboard-image"] } : {}),
        },
        dashboard: v.dashboard,
        metricsEndpoint: v["metrics-endpoint"],
        ports: { api: v["api-port"], site: v["site-port"], dashboard: v["dashboard-port"] },
        envVars: d.envVars,
        deploy: v.deploy,
        verify: v.verify,
        deployArgs: d.deployArgs,
        waitTimeoutMs: v["wait-timeout"] * 1000,
        exportEnv: v["export-env"],
        // A compose stack lives as long as the job; a kubernetes preview outlives it.
        cleanup: target === "connect" ? false : (v.cleanup ?? target === "compose"),
        cacheImages: v["cache-images"],
        comment: v.comment,
        frontend: {
            directories: (v["frontend-directories"] ?? "")
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter((l) => l.length > 0 && !l.startsWith("#")),
            url: d.frontendUrl,
            port: v["frontend-port"],
            urlForPort: (port) => (0,urls/* deriveFrontendUrl */.$W)(env, port, v["coder-wildcard-domain"]),
        },
        auth: v.auth,
        ...targetOptions(v),
        seed: {
            function: v["seed-function"],
            args: v["seed-args"] ?? "{}",
            import: v["seed-import"],
            artifact: v["seed-artifact"]
                ? {
                    name: v["seed-artifact"],
                    runId: v["seed-artifact-run-id"] ? Number(v["seed-artifact-run-id"]) : undefined,
                }
                : undefined,
            scrub: v["seed-scrub"],
            always: v["seed-always"],
        },
        command: v.command,
        backend: { env: d.backendEnv },
        ...(d.storage ? { storage: d.storage } : {}),
        backup: {
            file: v["backup-file"],
            includeFileStorage: v["include-file-storage"],
            includeEnvValues: v["include-env-values"],
            confirmRestore: v["confirm-restore"],
        },
        upgrade: { release: v.release, dryRun: v["dry-run"] },
        prune: {
            maxAgeMs: v["max-age"] ? (0,core_preview/* parseMaxAge */.pq)(v["max-age"]).ms : undefined,
            dryRun: v["dry-run"],
        },
        githubToken: githubToken(v["github-token"], env),
        ...(v["project-name"] ? { projectName: v["project-name"] } : {}),
    };
}

;// CONCATENATED MODULE: ./src/teardown.ts
/**
 * Removing what `setup` made: `teardown` (the post step, `down`) for a compose project or a
 * kubernetes instance, and `removeInstance` (command down), which finds it from the configuration
 * and, with drop-database, drops a preview's database (`dropInstanceDatabase`, prune's too).
 */





/**
 * Prints logs if asked, then removes the instance: a compose project's containers (and its volume
 * if asked), or a kubernetes instance's objects by their labels (its volume claim with them).
 */
async function teardown(state, options, deps) {
    await openInstance(state, deps).remove(options);
}
/**
 * command down: removes what `up` set up for this configuration, from its inputs alone: the
 * compose project named exactly as `up` names it (project-name, else convex-<folder>) by its
 * labels, with its volume (a clean checkout has no compose file left, and a file of the checkout
 * never names what is removed); or the kubernetes instance by its labels. Then, with
 * drop-database, the instance's Postgres database: only for an instance-name with the preview prefix.
 */
async function removeInstance(config, options, deps) {
    await removeConfiguredInstance(config, options, deps);
    await dropConfiguredDatabase(config, deps);
}
/** The instance of removeInstance, without its database (the action's down says which failed). */
async function removeConfiguredInstance(config, options, deps) {
    await (0,targets/* createTarget */.Yn)(config, deps, (0,core_layout/* locate */.x5)(config, deps.cwd)).remove(options);
}
/** drop-database: the configured instance's database, after the instance is gone (down). */
async function dropConfiguredDatabase(config, deps) {
    (0,runtime/* maskAll */.gh)(deps.logger, (config.postgres.url ?? config.mysql.url)?.password);
    if (config.postgres.dropDatabase)
        await dropInstanceDatabase(config, config.instanceName, deps);
}
/**
 * The database of instance `instanceName` on the configured server (Postgres or MySQL): named from
 * the instance's name as up names it (deriveDatabaseName), and refused unless that name starts
 * with preview-prefix, so that a production database is never dropped. undefined: no server is
 * configured (the backend's SQLite lives in its volume).
 */
function instanceDatabase(config, instanceName) {
    const server = config.mysql.url ?? config.postgres.url;
    if (!server)
        return undefined;
    const name = (0,postgres_url/* deriveDatabaseName */.iC)(instanceName);
    const prefix = config.postgres.previewPrefix;
    return {
        where: `${name} on ${server.host}:${server.port}`,
        refused: prefix && instanceName.startsWith(prefix)
            ? undefined
            : `instance-name "${instanceName}" does not start with preview-prefix "${prefix}"`,
        drop: (deps) => config.mysql.url
            ? need(deps.mysql, "MySQL").dropDatabase({ ...config.mysql.url, name })
            : need(deps.postgres, "Postgres").dropDatabase({ ...config.postgres.url, name }),
    };
}
/**
 * drop-database: drops instance `instanceName`'s database (command down, and prune for each
 * preview it removes), after the instance is gone; says (and returns) what was dropped, or that
 * there was none; undefined: no database server is configured.
 * Checked when the configuration was read; checked again here, where it matters.
 */
async function dropInstanceDatabase(config, instanceName, deps) {
    const db = instanceDatabase(config, instanceName);
    if (!db)
        return undefined;
    if (db.refused)
        throw new errors/* SetupError */.w3(`drop-database refused: ${db.refused}.`);
    const said = (await db.drop(deps)) === "dropped"
        ? `Dropped database ${db.where}.`
        : `Database ${db.where} did not exist: nothing to drop.`;
    deps.logger.info(said);
    return said;
}
function need(client, kind) {
    if (!client)
        throw new errors/* SetupError */.w3(`drop-database needs a ${kind} client, which this caller did not provide.`);
    return client;
}

;// CONCATENATED MODULE: ./src/prune.ts
/**
 * command prune: removes this repository's pull request previews (labelled by `up`:
 * core/preview.ts) whose pull request is closed, or that are older than max-age, on a compose
 * host or in a kubernetes namespace; with dry-run it only says what would go, and why. An instance
 * of another repository is never looked at: it is asked by its repository's label and compared
 * again exactly. With drop-database, each removed preview's database goes too (as `down` drops it).
 */





async function prune(config, deps, modules = targets/* TARGETS */.dW) {
    const { logger } = deps;
    (0,runtime/* maskAll */.gh)(logger, config.githubToken);
    (0,runtime/* maskAll */.gh)(logger, (config.postgres.url ?? config.mysql.url)?.password);
    const repository = deps.env.GITHUB_REPOSITORY ?? "";
    if (!(0,core_preview/* isRepositoryName */.en)(repository))
        throw new errors/* SetupError */.w3(`prune needs the repository whose previews it removes: GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/name` : "not set"}.`, "In a workflow it is set for you; on the command line run it as GITHUB_REPOSITORY=owner/name setup-coder-convex prune.");
    const list = modules[config.target]?.list;
    if (!list)
        throw new errors/* SetupError */.w3(`target ${config.target} has nothing to prune: this tool sets up no instance there (the backend runs elsewhere).`, "Prune where the previews run: target compose (on their host) or kubernetes (their namespace).");
    const { where, previews } = await list(config, repository, deps);
    const result = { removed: [], kept: [], dryRun: config.prune.dryRun };
    if (previews.length === 0) {
        logger.info(`No preview of ${repository} ${where}: nothing to prune.`);
        return result;
    }
    const numbers = [...new Set(previews.map((p) => p.pullRequest))].sort((a, b) => a - b);
    const read = deps.readPullStates ??
        (async () => {
            logger.warn("The command line does not ask GitHub for the pull requests' states: only previews older than max-age are removed. Run command: prune in a workflow (permissions: pull-requests: read) to remove those of closed pull requests.");
            return new Map();
        });
    const states = await read(repository, numbers, {
        token: config.githubToken,
        baseUrl: deps.env.GITHUB_API_URL,
        warn: (m) => logger.warn(m),
        env: deps.env,
        ...(deps.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: deps.retryAfterBaseValue } : {}),
    });
    const now = deps.date?.() ?? new Date();
    const decisions = (0,core_preview/* decidePrune */.Z5)(previews, states, now, config.prune.maxAgeMs);
    const database = databasePlan(config, decisions.filter((d) => !d.reason).map((d) => d.preview));
    if (decisions.some((d) => d.reason))
        database.announce(logger);
    const failures = [];
    /** Databases left after their previews went (a failed drop). */
    let orphaned = 0;
    for (const { preview, reason } of decisions) {
        if (!reason) {
            const state = states.get(preview.pullRequest) ?? "unknown";
            logger.info(`Keeping ${preview.name}: pull request #${preview.pullRequest} ${state === "unknown" ? "(state unknown)" : `is ${state}`}, created ${preview.created ?? "at an unknown time"}${config.prune.maxAgeMs ? ` (max-age ${(0,core_preview/* describeAge */.HK)(config.prune.maxAgeMs)})` : ""}.`);
            result.kept.push(preview.name);
            continue;
        }
        const drop = database.of(preview);
        if (config.prune.dryRun) {
            logger.info(`Would remove ${preview.name}: ${reason}.${drop.dryRun}`);
            result.removed.push({ name: preview.name, reason, ...said(drop.dryRun.trim()) });
            continue;
        }
        logger.info(`Removing ${preview.name}: ${reason}.`);
        try {
            await preview.remove();
        }
        catch (error) {
            failures.push(`${preview.name}: ${error.message}`);
            continue; // its database stays while the instance may still use it
        }
        let fate = drop.kept;
        if (drop.kept)
            logger.warn(`${preview.name}: ${drop.kept}`);
        else if (drop.instanceName)
            try {
                fate = await dropInstanceDatabase(config, drop.instanceName, deps);
            }
            catch (error) {
                // The preview's labels went with it: a later prune cannot find this database again.
                const where = instanceDatabase(config, drop.instanceName)?.where ?? "its database";
                failures.push(`${preview.name} was removed, its database was not: drop ${where} by hand once the cause is fixed (prune no longer finds this preview). ${error.message}`);
                orphaned++;
            }
        result.removed.push({ name: preview.name, reason, ...said(fate) });
    }
    if (failures.length)
        throw new errors/* SetupError */.w3(`prune failed for ${failures.length === 1 ? "a preview" : `${failures.length} previews`}:\n${failures.join("\n")}`, orphaned
            ? "The others were handled; once the cause is fixed, run prune again for the previews it could not remove, and drop the databases it names by hand."
            : "The others were handled; run prune again once the cause is fixed.");
    logger.info(`${config.prune.dryRun ? "dry-run: would remove" : "Removed"} ${result.removed.length} of ${previews.length} previews of ${repository} ${where}.`);
    return result;
}
/** `{ database }` when there is something to say of a preview's database. */
const said = (text) => (text ? { database: text } : {});
/**
 * The database of each removed preview: dropped with drop-database, as `down` drops it (the one
 * named from its instance name), unless its instance name is not recorded, lacks preview-prefix,
 * or is also a kept preview's (two previews on one database: the kept one still uses it).
 */
function databasePlan(config, kept) {
    const server = config.postgres.url ?? config.mysql.url;
    const none = { instanceName: undefined, kept: undefined, dryRun: "" };
    if (!server || !config.postgres.dropDatabase)
        return {
            announce: (logger) => {
                if (server)
                    logger.info(`The previews' databases on ${server.host}:${server.port} are kept: prune drops them only with drop-database: true (--drop-database).`);
            },
            of: () => none,
        };
    const inUse = new Set(kept.map((p) => p.instanceName).filter(Boolean));
    return {
        announce: (logger) => logger.info(`drop-database: each removed preview's database on ${server.host}:${server.port} goes with it, when its instance name starts with preview-prefix "${config.postgres.previewPrefix}".`),
        of(preview) {
            const name = preview.instanceName;
            const db = name ? instanceDatabase(config, name) : undefined;
            const why = !name
                ? "its instance name is not recorded on it (set up before prune could drop databases): drop the preview's database by hand (its name is the instance name with - as _)"
                : inUse.has(name)
                    ? `instance ${name} is also a kept preview's, which still uses its database`
                    : db?.refused;
            const what = db ? `database ${db.where}` : "its database";
            if (why) {
                const kept = `${what} is kept: ${why}.`;
                return {
                    instanceName: undefined,
                    kept,
                    dryRun: ` ${what[0].toUpperCase()}${what.slice(1)} would be kept: ${why}.`,
                };
            }
            return { instanceName: name, kept: undefined, dryRun: ` Its ${what} would be dropped.` };
        },
    };
}

;// CONCATENATED MODULE: ./src/adapters/deployment-data.ts
/**
 * What a deployment holds, asked through the backend's HTTP query API (`POST /api/query`, the call
 * ConvexHttpClient makes: body {path, format: "convex_encoded_json", args: [args]}, answer
 * {status: "success", value} or {status: "error", errorMessage}) with the admin key, using the
 * system queries the convex CLI itself uses (pinned release, npm-packages/system-udfs
 * convex/_system/cli): `tables` (the app's tables, paginated, always in one page) and `tableSize`
 * (a table's document count).
 */

function createDeploymentData(baseUrl, fetchImpl = fetch) {
    const query = async (adminKey, path, args) => {
        let response;
        try {
            response = await fetchImpl(`${baseUrl.replace(/\/$/, "")}/api/query`, {
                method: "POST",
                headers: { Authorization: `Convex ${adminKey}`, "Content-Type": "application/json" },
                body: JSON.stringify({ path, format: "convex_encoded_json", args: [args] }),
                signal: AbortSignal.timeout(30_000),
            });
        }
        catch (error) {
            throw new errors/* SetupError */.w3(`The backend at ${baseUrl} did not answer POST /api/query (${path}): ${error.message}`);
        }
        const text = await response.text();
        let body = {};
        try {
            body = JSON.parse(text);
        }
        catch { }
        if (!response.ok || body.status !== "success")
            throw new errors/* SetupError */.w3(`The backend refused the system query ${path} (${response.status}): ${body.errorMessage ?? text.slice(0, 300)}`, "Check that the admin key is this backend's (setup-coder-convex status).");
        return body.value;
    };
    return {
        async tableCounts(adminKey) {
            const page = (await query(adminKey, "_system/cli/tables", {
                paginationOpts: { numItems: 10_000, cursor: null },
            }));
            const names = (page.page ?? []).map((t) => String(t.name)).sort();
            const counts = {};
            for (const name of names)
                counts[name] = Number(await query(adminKey, "_system/cli/tableSize", { tableName: name }));
            return counts;
        },
    };
}

;// CONCATENATED MODULE: ./src/restore.ts
/**
 * command restore: a snapshot ZIP (command backup's, or any `convex export`) imported with the
 * project's own convex CLI, `convex import --replace-all` (every table of the app replaced by the
 * ZIP's, the tables it does not hold emptied), and the variables of its `<name>.env.json` set again
 * when it holds their values. A deployment that holds documents is replaced only with
 * confirm-restore (CLI --yes). Verified afterwards: each table's document count is the backup's,
 * and each variable set has its value.
 */













const MANAGED = new Set(deployment_env/* MANAGED_DEPLOYMENT_NAMES */.hp);
async function restore(config, deps) {
    const { report, warnings } = createReporter(deps.logger);
    const { phase, timings } = createPhases(deps);
    const given = config.backup.file;
    if (!given)
        throw new errors/* SetupError */.w3("backup-file: command restore needs the snapshot ZIP to import.");
    const file = (0,external_node_path_.resolve)((0,core_layout/* locate */.x5)(config, deps.cwd).dir, given);
    const reached = await reachDeployment(config, deps, report, phase, "restore");
    try {
        return { ...(await restoreReached(config, file, reached, deps, report, phase)), timings, warnings };
    }
    finally {
        await reached.close();
    }
}
/**
 * A restore into a deployment reached already (command restore, and upgrade's rollback, which
 * gives confirm-restore itself: it restores the backup it has just taken).
 */
async function restoreReached(config, file, reached, deps, report, phase) {
    const { layout, files, root } = reached;
    // The backup, read before anything changes: a file that is not a snapshot stops here.
    const store = storeFor(file, root, files, deps.files);
    if (!(await store.exists(file)) || (await store.isDirectory(file)))
        throw new errors/* SetupError */.w3(`backup-file: ${file} is not a file.`, "Give the ZIP command: backup wrote (relative to working-directory), e.g. .convex-backups/app-20260101-120000Z.zip.");
    const backupText = await store.read((0,backup_file/* variablesFileOf */.$p)(file));
    const manifest = backupText === undefined ? undefined : (0,backup_file/* parseManifest */.Ng)(backupText, (0,backup_file/* variablesFileOf */.$p)(file));
    for (const value of Object.values(manifest?.values ?? {}))
        if ((0,deployment_env/* isMaskableValue */.Ae)(value))
            (0,runtime/* maskAll */.gh)(deps.logger, value);
    const snapshot = await phase("Read the backup", async () => {
        const s = await (0,snapshot_zip/* readSnapshot */.RA)(file);
        deps.logger.info(`${file}: ${(0,backup_file/* documents */.DB)((0,backup_file/* countDocuments */.kA)(s.tables))} (${(0,backup_file/* describeTables */.Jg)(s.tables)})${s.storageFiles !== undefined ? `, ${s.storageFiles} stored files` : ""}${manifest ? `; variables from ${(0,backup_file/* variablesFileOf */.$p)(file)}${manifest.values ? " (with values)" : " (names only)"}` : ""}.`);
        if (s.componentEntries > 0)
            report.warn("The backup holds tables of components (_components/): they are imported, but only the app's own tables are verified.");
        if (manifest && manifest.zip !== file.split(/[\\/]/).at(-1))
            report.warn(`${(0,backup_file/* variablesFileOf */.$p)(file)} was written for ${manifest.zip}, not for this ZIP.`);
        return s;
    });
    const data = createDeploymentData(reached.url, deps.fetch);
    const before = await phase("Check the deployment", async () => {
        const counts = await data.tableCounts(reached.adminKey);
        const holds = (0,backup_file/* countDocuments */.kA)(counts) > 0;
        deps.logger.info(`The deployment holds ${(0,backup_file/* describeTables */.Jg)(counts)}.`);
        if (holds && !config.backup.confirmRestore)
            throw new errors/* SetupError */.w3(`restore refused: the deployment holds data (${(0,backup_file/* describeTables */.Jg)(counts)}), and a restore replaces every table with the backup's (${(0,backup_file/* describeTables */.Jg)(snapshot.tables)}).`, "To replace it, rerun with confirm-restore: true (CLI: --yes); take a backup of it first (command: backup) if you may want it back.");
        if (holds)
            deps.logger.info("confirm-restore: true: its tables are replaced by the backup's.");
        return counts;
    });
    const project = await phase("Convex CLI", () => locateProjectCli(reached, deps));
    await phase("Import", async () => {
        deps.logger.info(`convex import --yes --replace-all ${file}`);
        await withLoggedOutput(deps.logger, (onOutput) => deps.convexCli.restoreSnapshot(layout.dir, project, {
            url: reached.url,
            adminKey: reached.adminKey,
            env: (0,core_project/* withoutCredentials */.ri)(deps.env, config),
            file,
            onOutput,
        }));
    });
    const admin = deps.admin(reached.url);
    const { variablesSet, variablesMissing } = await phase("Variables", async () => {
        if (!manifest) {
            deps.logger.info(`No ${(0,backup_file/* variablesFileOf */.$p)(file)}: the deployment's variables are left as they are.`);
            return { variablesSet: [], variablesMissing: [] };
        }
        if (manifest.values) {
            // up sets its own (the JWT keys, the site URL) from its files: theirs are kept.
            const changes = Object.entries(manifest.values)
                .filter(([name]) => !MANAGED.has(name))
                .map(([name, value]) => ({ name, value }));
            if (changes.length)
                await admin.updateEnvironmentVariables(reached.adminKey, changes);
            const kept = Object.keys(manifest.values).filter((n) => MANAGED.has(n));
            deps.logger.info(`Set ${changes.length ? changes.map((c) => c.name).join(", ") : "no variables"} from the backup${kept.length ? `; kept ${kept.join(", ")} as up set them` : ""}.`);
            return { variablesSet: changes.map((c) => c.name), variablesMissing: [] };
        }
        const now = await admin.listEnvironmentVariables(reached.adminKey);
        const missing = manifest.variables.filter((n) => !(n in now));
        if (missing.length)
            report.warn(`The backup's deployment had variables this one lacks: ${missing.join(", ")}. Their values were not saved (include-env-values): set them (env-vars, or .env.convex.deployment's user section) and run up.`);
        return { variablesSet: [], variablesMissing: missing };
    });
    await phase("Verify", async () => {
        const after = await data.tableCounts(reached.adminKey);
        const problems = (0,backup_file/* compareTables */.Dz)(snapshot.tables, after);
        if (problems.length)
            throw new errors/* SetupError */.w3(`The restore did not give the backup's data: ${problems.join("; ")}.`, "The convex CLI's output is above. Rerun the restore; if it keeps differing, compare the ZIP with `unzip -l`.");
        deps.logger.info(`✓ every table holds the backup's documents (${(0,backup_file/* describeTables */.Jg)(after)}).`);
        if (variablesSet.length) {
            const now = await admin.listEnvironmentVariables(reached.adminKey);
            const wrong = variablesSet.filter((n) => now[n] !== manifest?.values?.[n]);
            if (wrong.length)
                throw new errors/* SetupError */.w3(`The restored variables ${wrong.join(", ")} do not hold the backup's values.`);
            deps.logger.info(`✓ ${variablesSet.length} variables hold the backup's values.`);
        }
    });
    return {
        file,
        variablesFile: manifest ? (0,backup_file/* variablesFileOf */.$p)(file) : undefined,
        before,
        tables: snapshot.tables,
        variablesSet,
        variablesMissing,
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/core/app-plan.ts
var app_plan = __webpack_require__(52162);
// EXTERNAL MODULE: ./src/core/better-auth.ts
var better_auth = __webpack_require__(83688);
// EXTERNAL MODULE: ./src/core/compose.ts
var core_compose = __webpack_require__(41591);
;// CONCATENATED MODULE: ./src/core/last-up.ts
/**
 * What the last `up` in a working directory did, kept in FILES.lastUp next to the app's other
 * files (for every target: it says what was run from here; it holds no secret): when it ended,
 * whether it failed and where, whether it deployed, and from which commit of the functions
 * folder. `status` says it and `verify` takes it into account, so that a backend that answers
 * after a failed deploy is not reported as if the functions were there. Pure: text in, text out.
 */

function renderLastUp(record) {
    return `${JSON.stringify(record, null, 2)}\n`;
}
/** The record, or undefined for a missing or unreadable file (it is informative only). */
function parseLastUp(text) {
    if (text === undefined)
        return undefined;
    try {
        const r = JSON.parse(text);
        if (typeof r.at !== "string" ||
            (r.outcome !== "done" && r.outcome !== "failed") ||
            typeof r.deployed !== "boolean" ||
            typeof r.functions?.dir !== "string")
            return undefined;
        return r;
    }
    catch {
        return undefined;
    }
}
const when = (at) => at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
/** "abc1234 (with uncommitted changes)" */
function commitText(functions) {
    if (!functions.commit)
        return "";
    return ` from commit ${functions.commit.slice(0, 12)}${functions.changed ? " with uncommitted changes" : ""}`;
}
/** One line for `status`: what the last `up` did. */
function describeLastUp(r) {
    const dir = `${r.functions.dir}/`;
    if (r.outcome === "failed")
        return `Last up ${when(r.at)}: FAILED in "${r.failedPhase ?? "?"}"; ${r.deployed
            ? `${dir} was deployed${commitText(r.functions)} before that`
            : `${dir} was not deployed, so the backend may run older functions or none`}. Rerun up.`;
    if (r.deployed)
        return `Last up ${when(r.at)}: deployed ${dir}${commitText(r.functions)}${r.seeded ? ", and seeded" : ""}.`;
    return `Last up ${when(r.at)}: started the backend without deploying (${option("deploy", false)}); ${dir} was not deployed by it.`;
}

// EXTERNAL MODULE: ./src/core/app.ts + 13 modules
var app = __webpack_require__(13111);
// EXTERNAL MODULE: ./src/phases/checks.ts + 1 modules
var checks = __webpack_require__(63822);
;// CONCATENATED MODULE: ./src/phases/app.ts
/**
 * What the app is (read with a parser, confined to the repository), and what it needs: which
 * keys, which frontends get which variables (their framework's, and those their own code reads),
 * SITE_URL.
 */





const frameworkById = (id) => app/* FRAMEWORKS */.i.find((f) => f.id === id) ?? (0,app/* detectFramework */.yl)(undefined);
/** `path` relative to `root`, POSIX ("." for the root): the keys of AppFacts.frontendEnvReads. */
function relPosix(root, path) {
    return (0,external_node_path_.relative)(root, path).split("\\").join("/") || ".";
}
/** Says which names a frontend gets and why: the convex CLI's table, or the files reading them. */
function describeFrontend(root, f, reads) {
    const readBy = (name) => {
        const files = reads.find((r) => r.name === name)?.files;
        return files ? `read by ${files.join(", ")}` : undefined;
    };
    const table = f.framework.id === "none" ? "the convex CLI's plain name" : "the convex CLI's table";
    const names = [
        ...[f.framework.urlVar, f.framework.siteUrlVar].map((name) => [name, table, readBy(name)].filter(Boolean)),
        ...(f.extra ?? []).map((v) => [
            v.name,
            `read by ${v.files.join(", ")}`,
            v.holds === "frontend-url" ? "the frontend's URL" : undefined,
        ]),
    ].map(([name, ...why]) => `${name} (${why.filter(Boolean).join(", ")})`);
    const framework = f.framework.id === "none" ? "no framework in its package.json" : f.framework.label;
    return `Frontend ${relPosix(root, f.dir)} (${framework}): ${names.join(", ")}`;
}
async function planApp(config, layout, root, deps, report) {
    const { cwd, files } = deps;
    // frontend-directories: each must be a package; its framework names the variables.
    const listed = [];
    for (const entry of config.frontend.directories) {
        const dir = (0,external_node_path_.resolve)(cwd, entry);
        const text = await files.read((0,external_node_path_.join)(dir, "package.json"));
        if (text === undefined) {
            throw new errors/* SetupError */.w3(`frontend-directories: ${entry} (${dir}) has no package.json.`, "List the folders of the frontends (each with its package.json), one per line, relative like working-directory.");
        }
        listed.push({ dir, framework: (0,app/* detectFramework */.yl)((0,app/* tryParsePackageJson */.hW)(text)) });
    }
    const frontendDirs = listed.length > 0 ? listed.map((f) => f.dir) : [layout.dir];
    const facts = await deps.readApp(layout.dir, root, files, { frontendDirs });
    for (const w of facts.warnings)
        report.logger.info(w);
    const convexAuth = (0,app_plan/* usesConvexAuth */.KA)(config.auth, facts);
    const betterAuth = (0,app_plan/* usesBetterAuth */.PB)(config.auth, facts);
    report.logger.info(`App: ${(0,checks/* describeAppFacts */.Gf)(facts, convexAuth)}.`);
    if (betterAuth)
        report.logger.info(`Better Auth (${facts.authCode ?? facts.authDependency ?? "auth: better-auth"}): BETTER_AUTH_SECRET and SITE_URL are set for it, no JWT key.`);
    const readsOf = (dir) => facts.frontendEnvReads.get(relPosix(root, dir)) ?? [];
    let chosen;
    if (listed.length > 0)
        chosen = listed;
    else {
        const own = facts.frontends.find((f) => f.dir === facts.workingDirectory);
        const others = facts.frontends.filter((f) => f.dir !== facts.workingDirectory && f.framework !== "none");
        // The working directory is a frontend when its package.json has a framework, when nothing
        // else uses the backend (the convex CLI's plain names then, as `convex dev` writes them), or
        // when its own code reads a CONVEX_URL.
        const ownReadsUrl = readsOf(layout.dir).some((r) => /CONVEX_(?:SITE_)?URL$/.test(r.name));
        const framework = frameworkById(own?.framework ?? "none");
        chosen =
            framework.id !== "none" || others.length === 0 || ownReadsUrl ? [{ dir: layout.dir, framework }] : [];
        if (others.length > 0) {
            report.logger.info(`Other frontends use this backend: ${others.map((f) => `${f.dir} (${frameworkById(f.framework).label})`).join(", ")}. List them in frontend-directories to give each its .env.local.`);
        }
    }
    // SITE_URL: for @convex-dev/auth and Better Auth, and for any app whose functions read it; the
    // frontend's URL also goes to a frontend's `<prefix>SITE_URL` that its code reads.
    const siteUrl = (0,app_plan/* siteUrlNeed */.x7)(facts, { convexAuth, betterAuth });
    const first = chosen[0];
    const firstReadsSiteUrl = first !== undefined &&
        readsOf(first.dir).some((r) => r.name === `${first.framework.publicPrefix}SITE_URL`);
    const frontendUrl = siteUrl.deployment || firstReadsSiteUrl
        ? (0,app_plan/* deriveSiteUrl */.SD)({
            frontendUrl: config.frontend.url,
            frontendPort: config.frontend.port,
            framework: first?.framework,
            urlForPort: config.frontend.urlForPort,
        })
        : undefined;
    warnUnusedFrontendInputs(config, siteUrl.deployment || firstReadsSiteUrl, report);
    const frontends = chosen.map((f, i) => {
        const extra = (0,app_plan/* frontendExtras */.Q8)(f.framework, readsOf(f.dir), i === 0 && frontendUrl !== undefined);
        return {
            dir: f.dir,
            framework: f.framework,
            ...(extra.length > 0 ? { extra } : {}),
            ...(i === 0 && frontendUrl !== undefined && extra.some((v) => v.holds === "frontend-url")
                ? { frontendUrl }
                : {}),
        };
    });
    for (const f of frontends)
        report.logger.info(describeFrontend(root, f, readsOf(f.dir)));
    if (siteUrl.deployment)
        report.logger.info(frontendUrl
            ? `SITE_URL: ${frontendUrl} (${config.frontend.url ? "frontend-url" : "the frontend's dev server"}; ${siteUrl.why}).`
            : `SITE_URL: no frontend URL to set (${siteUrl.why}); give frontend-url.`);
    return { facts, convexAuth, betterAuth, frontends, frontendUrl, siteUrl };
}
/** frontend-url and frontend-port are never ignored silently: each unused one says why. */
function warnUnusedFrontendInputs(config, wanted, report) {
    const why = "the app has neither @convex-dev/auth nor Better Auth, its functions read no SITE_URL and its frontend's code reads no site URL, so no SITE_URL is set";
    if (config.frontend.url && !wanted)
        report.warn(`frontend-url is not used: ${why}. Remove it.`);
    if (config.frontend.port !== undefined && !wanted)
        report.warn(`frontend-port is not used: ${why}. Remove it.`);
    else if (config.frontend.port !== undefined && config.frontend.url)
        report.warn("frontend-port is not used: frontend-url gives the frontend's URL. Remove one of them.");
}

// EXTERNAL MODULE: ./src/core/client-env.ts
var client_env = __webpack_require__(67606);
// EXTERNAL MODULE: ./src/core/env-file.ts
var env_file = __webpack_require__(67035);
;// CONCATENATED MODULE: ./src/phases/configure.ts
/** The deployment variables (one transaction, before deploying) and the apps' .env.local files. */






/**
 * Refuses to replace a value the deployment already has for a name in `keep` (a secret this tool
 * generated or kept, not one given as an input: the deployment's own value may be in use, e.g.
 * set by hand on a backend that target connect reaches). Best effort: a backend without the
 * listing endpoint is not asked.
 */
async function checkKept(admin, adminKey, changes, keep) {
    if (keep.length === 0)
        return;
    const current = await admin.listEnvironmentVariables(adminKey).catch(() => undefined);
    if (!current)
        return;
    for (const name of keep) {
        const ours = changes.find((c) => c.name === name)?.value;
        const theirs = current[name];
        if (ours === undefined || ours === null || theirs === undefined || theirs === ours)
            continue;
        throw new errors/* SetupError */.w3(`The deployment already has another ${name} than the one setup-coder-convex keeps; refusing to replace it (every signed-in user would be logged out). Nothing was changed on the deployment.`, `To keep the deployment's: delete the ${name} line from ${core_layout/* FILES */.cn.backendEnv} (target kubernetes: the instance's Secret) and give its value (npx convex env get ${name}) as better-auth-secret. To replace it: npx convex env remove ${name}, then rerun.`);
    }
}
async function setDeploymentVariables(admin, adminKey, changes, report, options = {}) {
    await checkKept(admin, adminKey, changes, options.keep ?? []);
    await admin.updateEnvironmentVariables(adminKey, changes);
    report.logger.info(`Set ${changes.length} deployment variables in one transaction: ${changes.map((c) => c.name).join(", ")}`);
}
/** The host of a URL value, for saying what was replaced without printing anything else. */
function hostOf(value) {
    try {
        return value ? new URL(value).host : undefined;
    }
    catch {
        return undefined;
    }
}
/** Merges `entries` into one .env.local; a value for another deployment is replaced out loud. */
async function mergeEnvLocal(path, entries, files, report) {
    const before = await files.read(path);
    const values = before ? (0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(before)) : {};
    for (const name of core_project/* CONFLICTING_CLI_VARS */.Xe) {
        if (values[name])
            report.warn(`${path} sets ${name}, which makes the convex CLI target another deployment; setup-coder-convex blanks it for its own deploy, but remove it for yours.`);
    }
    const merged = (0,env_file/* mergeEnvFile */.Mv)(before, entries);
    await files.write(path, merged.text, core_layout/* SECRET_MODE */.nj);
    if (merged.updated.length) {
        // A value for another deployment (a *.convex.cloud URL left by `convex dev`, other ports):
        // said out loud with the old host, never silently; a secret's old value is never shown.
        const said = merged.updated.map((name) => {
            const host = hostOf(values[name]);
            return host ? `${name} (was ${host})` : name;
        });
        report.warn(`${path}: replaced ${said.join(", ")} with this backend's values; keep values for other deployments in another file (e.g. .env.production).`);
    }
    return merged.text !== before;
}
/**
 * Writes .env.local: in the working directory the convex CLI's target and admin key (and its
 * frontend variables when it is a frontend), in each other frontend its variables: its
 * framework's, and those its own code reads.
 * Returns the files that changed.
 */
async function writeClientEnvFiles(endpoints, adminKey, frontends, files, layout, report) {
    const byDir = new Map([[layout.dir, (0,client_env/* deriveCliEnv */.rY)(endpoints, adminKey)]]);
    for (const f of frontends) {
        const list = byDir.get(f.dir) ?? [];
        list.push(...(0,client_env/* deriveFrontendEnv */.t8)(f, endpoints).filter(([name]) => !list.some(([n]) => n === name)));
        byDir.set(f.dir, list);
    }
    const changed = [];
    for (const [dir, entries] of byDir) {
        const path = (0,external_node_path_.join)(dir, core_layout/* FILES */.cn.frontendEnv);
        if (await mergeEnvLocal(path, entries, files, report))
            changed.push(path);
    }
    return changed;
}

;// CONCATENATED MODULE: ./src/phases/deployment-vars.ts





async function readUserDeploymentVars(config, files, layout) {
    const text = await files.read(layout.path("deploymentEnv"));
    return {
        envVars: config.envVars,
        userVars: Object.entries((0,env_file/* envValues */.Qo)(text ? (0,env_file/* splitUserSection */.HM)(text, core_layout/* USER_MARKER */.HT).user : [])),
        userSource: `${core_layout/* FILES */.cn.deploymentEnv} (user section)`,
    };
}
/** Where the user sets `name` (env-vars or the user section), if anywhere. */
function userSetsVariable(user, name) {
    if (user.envVars.some(([n]) => n === name))
        return "env-vars";
    if (user.userVars.some(([n]) => n === name))
        return user.userSource;
    return undefined;
}
async function planDeploymentVariables(config, keys, siteUrl, 
/** SITE_URL for the deployment (undefined: not set by this tool). */
frontendUrl, files, layout, report) {
    const user = await readUserDeploymentVars(config, files, layout);
    const theirs = userSetsVariable(user, "SITE_URL");
    if (theirs && frontendUrl && config.frontend.url)
        report.warn(`frontend-url is not used for SITE_URL: ${theirs} sets SITE_URL, and yours wins. Remove one of them.`);
    const plan = (0,deployment_env/* buildDeploymentChanges */.NG)({
        ...(keys.jwt
            ? {
                auth: {
                    privateKeyValue: (0,auth_keys/* renderJwtPrivateKeyValue */.HL)(keys.jwt.privateKeyPem),
                    jwks: keys.jwt.jwks,
                },
            }
            : {}),
        ...(keys.betterAuth ? { betterAuthSecret: keys.betterAuth.value } : {}),
        frontendUrl,
        siteUrl,
        ...user,
    });
    if (plan.problems.length > 0) {
        throw new errors/* SetupError */.w3(`Deployment environment variables are invalid:\n  - ${plan.problems.join("\n  - ")}`, "Nothing was started. Fix them and rerun.");
    }
    if (plan.skipped.length > 0) {
        report.warn(`Not set (empty value): ${plan.skipped.join(", ")}. Give a value, or remove the line.`);
    }
    return plan.changes.map(({ name, value }) => ({ name, value }));
}

// EXTERNAL MODULE: ./src/phases/images.ts
var phases_images = __webpack_require__(20424);
// EXTERNAL MODULE: ./src/phases/mysql.ts
var mysql = __webpack_require__(63626);
// EXTERNAL MODULE: ./src/core/naming.ts
var naming = __webpack_require__(92607);
// EXTERNAL MODULE: ./src/phases/preflight.ts
var phases_preflight = __webpack_require__(64155);
;// CONCATENATED MODULE: ./src/phases/postgres.ts




async function preparePostgres(config, postgres, report) {
    const { logger } = report;
    const db = config.postgres.url;
    if (!db) {
        logger.info(phases_preflight/* NO_POSTGRES_MESSAGE */.wB);
        return { preflight: undefined, container: undefined };
    }
    const notes = (0,phases_preflight/* postgresNotes */.df)(db);
    for (const w of notes.warnings)
        report.warn(w);
    for (const i of notes.infos)
        logger.info(i);
    const container = { ...(0,postgres_url/* planContainerDatabaseUrl */.lM)(db), variable: "POSTGRES_URL" };
    (0,runtime/* maskAll */.gh)(logger, container.url);
    if (!config.postgres.preflight || !postgres) {
        logger.info(`Preflight skipped (${(0,naming/* option */.uK)("postgres-preflight", false)}).`);
        return { preflight: undefined, container };
    }
    const preflight = await (0,phases_preflight/* checkPostgres */.Yt)(postgres, db, config.postgres.createDatabase);
    logger.info((0,phases_preflight/* describePreflight */.Vv)(db, preflight));
    return { preflight, container };
}

;// CONCATENATED MODULE: ./src/phases/seed.ts
/**
 * Seed data for previews: after the deploy, import a file (seed-import), then run a function
 * (seed-function), only when the deployment is new or with seed-always. "New" is decided before
 * the deploy: the deployment has no functions yet (docs/backend-facts.md#admin-api,
 * `get_config_hashes`), i.e. this run's deploy is its first.
 */






function isSeedConfigured(seed) {
    return seed.function !== undefined || seed.import !== undefined || seed.artifact !== undefined;
}
/** Before the deploy: true when no functions were ever deployed to this deployment. */
async function checkNewDeployment(admin, adminKey) {
    return !(await admin.hasDeployedFunctions(adminKey));
}
/** A SetupError's message without its hint (the constructor appends the hint to the message). */
function messageOf(error) {
    const suffix = error.hint ? `\n  -> ${error.hint}` : "";
    return suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
}
/**
 * The seed file's absolute path, checked through the repository-confined file store: a path
 * that is, or passes through, a link out of the repository is refused (a pull request controls
 * the checkout and could point it at any file of the runner), as are a missing file and a folder.
 */
async function checkSeedFile(files, dir, file) {
    const path = (0,external_node_path_.resolve)(dir, file);
    let exists;
    try {
        exists = (await files.exists(path)) && !(await files.isDirectory(path));
    }
    catch (error) {
        if (error instanceof errors/* SetupError */.w3)
            throw new errors/* SetupError */.w3(`seed-import: ${messageOf(error)}`, error.hint, { cause: error });
        throw error;
    }
    if (!exists)
        throw new errors/* SetupError */.w3(`seed-import: ${file} is not a file (looked for ${path}).`, "Commit the seed file to the repository, or give its path relative to working-directory.");
    return path;
}
/** After the deploy: imports, then runs; returns whether it seeded. */
async function seedDeployment(convexCli, dir, project, seed, options, logger, 
/** Given: a slow import or seed function says that it is waited for (phases/waiting.ts). */
clock) {
    const waited = (what, work) => clock ? (0,waiting/* whileWaiting */.F)(what, work, { logger, clock }) : work();
    if (!isSeedConfigured(seed))
        return false;
    if (!options.isNew && !seed.always) {
        logger.info(`Not a new deployment (its functions were deployed before this run): seed skipped; ${(0,naming/* option */.uK)("seed-always", true)} forces it.`);
        return false;
    }
    logger.info(options.isNew
        ? "New deployment (no functions before this run's deploy): seeding it."
        : "seed-always: true: seeding a deployment that is not new (the import replaces the tables it holds).");
    const target = { url: options.url, adminKey: options.adminKey, env: options.env };
    if (seed.artifact !== undefined) {
        if (!options.fetchArtifact)
            throw new errors/* SetupError */.w3("seed-artifact needs a GitHub client, which this caller did not provide.");
        const fetched = await waited(`the download of seed-artifact ${seed.artifact.name}`, options.fetchArtifact);
        try {
            logger.info(`convex import --yes${seed.always ? " --replace" : ""} ${fetched.description}`);
            await waited(`convex import of ${fetched.description}`, () => withLoggedOutput(logger, (onOutput) => convexCli.import(dir, project, { ...target, file: fetched.file, replace: seed.always, onOutput }))).catch((error) => {
                // The CLI adapter names seed-import in its message: this was the artifact's backup.
                if (!(error instanceof errors/* SetupError */.w3))
                    throw error;
                throw new errors/* SetupError */.w3(messageOf(error).replace(/^seed-import: /, "seed-artifact: "), error.hint, {
                    cause: error,
                });
            });
        }
        finally {
            await fetched.remove();
        }
    }
    if (seed.import !== undefined) {
        // Checked again right before the import: the file must still be inside the repository.
        const file = await checkSeedFile(options.files, dir, seed.import);
        const table = seedImportTable(seed.import);
        // A new deployment's tables are empty; seed-always replaces what an earlier seed wrote.
        const replace = seed.always;
        logger.info(`convex import --yes${table ? ` --table ${table}` : ""}${replace ? " --replace" : ""} ${seed.import}`);
        await waited(`convex import of ${seed.import}`, () => withLoggedOutput(logger, (onOutput) => convexCli.import(dir, project, { ...target, file, ...(table ? { table } : {}), replace, onOutput })));
    }
    if (seed.scrub !== undefined)
        await scrub(convexCli, dir, project, seed.scrub, target, logger, waited);
    const functionName = seed.function;
    if (functionName !== undefined) {
        logger.info(`convex run ${functionName} ${seed.args}`);
        await waited(`convex run ${functionName}`, () => withLoggedOutput(logger, (onOutput) => convexCli.run(dir, project, { ...target, functionName, args: seed.args, onOutput })));
    }
    return true;
}
/**
 * seed-scrub: the app's own function run right after the import, before anyone uses the preview;
 * when it fails the data is there unscrubbed, and the error says so.
 */
async function scrub(convexCli, dir, project, functionName, target, logger, waited) {
    logger.info(`convex run ${functionName} (seed-scrub)`);
    try {
        await waited(`convex run ${functionName} (seed-scrub)`, () => withLoggedOutput(logger, (onOutput) => convexCli.run(dir, project, { ...target, functionName, args: "{}", onOutput })));
    }
    catch (error) {
        // The CLI adapter names seed-function in its message: this was the scrub.
        const reason = (error instanceof errors/* SetupError */.w3 ? messageOf(error) : error.message).replace(/^seed-function: /, "");
        throw new errors/* SetupError */.w3(`seed-scrub: ${functionName} failed, so the imported data is in this deployment UNSCRUBBED: ${reason}`, "Remove the preview (command: down) or fix the function and rerun with seed-always: true; until then treat the preview as holding the original data.", { cause: error });
    }
}

// EXTERNAL MODULE: ./src/adapters/convex-admin.ts
var convex_admin = __webpack_require__(29591);
// EXTERNAL MODULE: ./src/core/coder-sharing.ts
var coder_sharing = __webpack_require__(58283);
;// CONCATENATED MODULE: ./src/phases/verify.ts
/**
 * Verifying the result from this host (and through the public URLs): the API answers, the admin
 * key is accepted, the deployment's variables are the ones set, and for @convex-dev/auth apps
 * the site proxy serves the OpenID configuration with the site URL as issuer and the deployment's
 * JWKS. A green `up` must mean sign-in works. Used as setup's last phase and by `verify`.
 */




async function getJson(fetchImpl, url) {
    const response = await fetchImpl(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    // Discovery documents and JWKS are a few KiB: nothing larger is read.
    const text = await (0,convex_admin/* readAnswer */.JN)(response, `${url} answered`, 1024 * 1024);
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        body = text;
    }
    const location = response.headers.get("location") ?? undefined;
    return { status: response.status, body, ...(location ? { location } : {}) };
}
/** The RSA keys of a JWKS as comparable strings (n and e: other fields may be added). */
function keyIds(jwks) {
    const keys = jwks?.keys ?? [];
    return keys.map((k) => `${k.n}.${k.e}`).sort();
}
async function verifyDeployment(deps, input) {
    const checks = [];
    const admin = deps.admin(input.hostApiUrl);
    const up = await admin.isUp(5000);
    checks.push({
        name: "api",
        ok: up,
        detail: `GET ${input.hostApiUrl}/version ${up ? "answers" : "does not answer"}`,
        ...(up ? {} : { fix: "Check the containers: `setup-coder-convex status` and `logs`." }),
    });
    if (!up)
        return checks;
    const keyOk = await admin.checkAdminKey(input.adminKey);
    checks.push({
        name: "admin-key",
        ok: keyOk,
        detail: `the admin key is ${keyOk ? "accepted" : "refused"}`,
        ...(keyOk
            ? {}
            : { fix: "Another backend answers on that port, or it runs with another INSTANCE_SECRET." }),
    });
    let deploymentJwks;
    if (keyOk) {
        const vars = await admin.listEnvironmentVariables(input.adminKey);
        deploymentJwks = vars.JWKS;
        const missing = input.expectedVariables.filter((n) => !(n in vars));
        checks.push({
            name: "variables",
            ok: missing.length === 0,
            detail: missing.length === 0
                ? `the deployment has the ${input.expectedVariables.length} variables set`
                : `the deployment lacks ${missing.join(", ")}`,
            ...(missing.length
                ? { fix: "Rerun; if it persists, the admin API refused them (see the log above)." }
                : {}),
        });
    }
    if (input.authDiscovery) {
        const config = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/openid-configuration`).catch((e) => ({ status: 0, body: e.message }));
        const issuer = config.body?.issuer;
        const issuerOk = config.status === 200 && issuer === input.siteUrl;
        checks.push({
            name: "auth-discovery",
            ok: issuerOk,
            detail: config.status === 200
                ? `the site proxy's OpenID configuration has issuer ${issuer}${issuerOk ? "" : ` (expected ${input.siteUrl})`}`
                : `GET ${input.hostSiteUrl}/.well-known/openid-configuration answered ${config.status || "nothing"}`,
            ...(issuerOk
                ? {}
                : {
                    fix: config.status === 404
                        ? "convex/http.ts must call auth.addHttpRoutes(http) (setup-coder-convex init scaffolds it), then deploy."
                        : "The backend's CONVEX_SITE_ORIGIN must be the site URL: rerun up so the compose file and the deployment agree.",
                }),
        });
        // Compared only when the deployment's JWKS could be read (the admin key was accepted).
        if (config.status === 200 && deploymentJwks !== undefined) {
            const jwks = await getJson(deps.fetch, `${input.hostSiteUrl}/.well-known/jwks.json`).catch((e) => ({ status: 0, body: e.message }));
            let expected = [];
            try {
                expected = deploymentJwks ? keyIds(JSON.parse(deploymentJwks)) : [];
            }
            catch { }
            const served = jwks.status === 200 ? keyIds(jwks.body) : [];
            const same = served.length > 0 && served.join() === expected.join();
            checks.push({
                name: "jwks",
                ok: same,
                detail: same
                    ? "the site proxy serves the deployment's JWKS"
                    : `the JWKS served (${jwks.status}) differs from the deployment's JWKS variable`,
                ...(same
                    ? {}
                    : { fix: "Rerun up: JWKS and JWT_PRIVATE_KEY are set together from jwt_private_key.pem." }),
            });
        }
    }
    if (input.publicUrls) {
        for (const [name, url] of [
            ["public-api", `${input.apiUrl}/version`],
            ["public-site", `${input.siteUrl}/.well-known/openid-configuration`],
        ]) {
            const r = await getJson(deps.fetch, url).catch((e) => ({ status: 0, body: e.message }));
            const redirected = r.status >= 300 && r.status < 400;
            const ok = r.status > 0 && !redirected && (name === "public-api" ? r.status === 200 : r.status !== 502);
            checks.push({
                name,
                ok,
                detail: redirected
                    ? `${url} redirects to ${r.location ?? "a login page"} (not shared publicly)`
                    : r.status === 0
                        ? `${url} is not reachable from here (${String(r.body)})`
                        : `${url} answers ${r.status}`,
                ...(ok ? {} : { fix: (0,coder_sharing/* describeSharing */.q)(input.apiUrl, input.siteUrl) }),
            });
        }
    }
    return checks;
}
/**
 * The verify phase found a failure: one error listing every failed check with its fix. The
 * backend runs, so it carries what the run set up (`result`, for setup()) to say where.
 */
class VerificationError extends errors/* SetupError */.w3 {
    checks;
    result;
    name = "VerificationError";
    constructor(checks, result) {
        const failed = checks.filter((c) => !c.ok);
        super(`Verification failed:\n${failed.map((c) => `  - ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ""}`).join("\n")}`, `The backend runs; the checks above say what a client would hit. Rerun with ${(0,naming/* option */.uK)("verify", false)} to skip them.`);
        this.checks = checks;
        this.result = result;
    }
}
/** Throws one error listing every failed check with its fix. */
function assertVerified(checks) {
    if (checks.some((c) => !c.ok))
        throw new VerificationError(checks);
}

;// CONCATENATED MODULE: ./src/phases/write-files.ts







async function writeAppFiles(config, input, files, layout, report) {
    const written = [];
    const unchanged = [];
    const put = async (name, before, text, mode) => {
        await files.write(layout.path(name), text, mode);
        (before === text ? unchanged : written).push(name);
    };
    // connect keeps only Better Auth's secret here (the backend runs elsewhere with its own).
    const keepsBetterAuth = input.betterAuth?.keptIn === "env-file";
    const writeEnv = input.backend !== "none" || keepsBetterAuth;
    const backendBefore = writeEnv ? await files.read(layout.path("backendEnv")) : undefined;
    const backendEnv = (0,env_file/* mergeEnvFile */.Mv)(backendBefore, [
        ...(input.backend === "none"
            ? []
            : [
                ["INSTANCE_SECRET", input.instanceSecret],
                // One of the two, the other removed: run_backend.sh takes POSTGRES_URL first.
                [
                    "POSTGRES_URL",
                    input.containerDb?.variable === "POSTGRES_URL" ? input.containerDb.url : undefined,
                ],
                ["MYSQL_URL", input.containerDb?.variable === "MYSQL_URL" ? input.containerDb.url : undefined],
            ]),
        ...(input.backend === "compose" ? (0,s3_storage/* deriveS3CredentialEnv */.MX)(input.storage?.credentials) : []),
        ...(keepsBetterAuth ? [[better_auth/* BETTER_AUTH_SECRET */.tz, input.betterAuth.value]] : []),
    ], {
        header: input.backend === "none"
            ? [
                "# Secrets setup-coder-convex keeps between runs (target connect: Better Auth's secret). Keep this file out of git.",
            ]
            : [
                "# The backend's secrets, read by docker-compose.convex.yml (env_file). Written by setup-coder-convex.",
                "# Other variables you add here (RUST_LOG, S3 settings, ...) are passed to the backend and kept.",
            ],
        file: core_layout/* FILES */.cn.backendEnv,
    });
    if (writeEnv)
        await put("backendEnv", backendBefore, backendEnv.text, core_layout/* SECRET_MODE */.nj);
    // The backend would follow a database URL left there: removed, and said so.
    for (const name of backendEnv.removed.filter((n) => n === "POSTGRES_URL" || n === "MYSQL_URL"))
        report.warn(`Removed ${name} from ${core_layout/* FILES */.cn.backendEnv}: the backend's database comes from ${name === "MYSQL_URL" ? "mysql-url (or MYSQL_URL in the environment)" : "postgres-url (or DATABASE_URL, POSTGRES_URI, POSTGRES_URL in the environment)"}, and this run ${input.containerDb ? `uses ${input.containerDb.variable === "MYSQL_URL" ? "MySQL" : "Postgres"}` : "uses the embedded SQLite"}.`);
    const deploymentBefore = await files.read(layout.path("deploymentEnv"));
    const deploymentEnv = (0,env_file/* mergeEnvFile */.Mv)(deploymentBefore, (0,deployment_env/* managedDeploymentFileEntries */.X3)({ siteUrl: input.siteUrl, jwks: input.jwt?.jwks }), {
        header: [
            "# Deployment environment variables of the self-hosted backend (set through its admin API before",
            `# every deploy). JWT_PRIVATE_KEY comes from ${core_layout/* FILES */.cn.privateKey}. Add your own below the last line.`,
        ],
        userMarker: core_layout/* USER_MARKER */.HT,
        file: core_layout/* FILES */.cn.deploymentEnv,
    });
    await put("deploymentEnv", deploymentBefore, deploymentEnv.text, core_layout/* SECRET_MODE */.nj);
    if (input.writePem && input.jwt)
        await put("privateKey", undefined, input.jwt.privateKeyPem, core_layout/* SECRET_MODE */.nj);
    const s3Endpoint = (0,s3_storage/* planContainerEndpoint */.EV)(input.storage?.endpoint);
    const compose = (0,core_compose/* renderCompose */.J1)({
        projectName: layout.target.project,
        backendImage: input.images.backend,
        dashboardImage: input.images.dashboard,
        dashboard: config.dashboard,
        metricsEndpoint: config.metricsEndpoint ?? false,
        ports: config.ports,
        instanceName: config.instanceName,
        cloudOrigin: input.apiUrl,
        siteOrigin: input.siteUrl,
        dashboardDeploymentUrl: input.apiUrl,
        envFile: `./${core_layout/* FILES */.cn.backendEnv}`,
        doNotRequireSsl: input.doNotRequireSsl,
        originForwards: input.originForwards,
        extraHosts: [...new Set([...(input.containerDb?.extraHosts ?? []), ...s3Endpoint.extraHosts])],
        backendEnv: [
            ...(input.storage ? (0,s3_storage/* deriveS3BackendEnv */.tn)(input.storage, s3Endpoint.url) : []),
            ...(input.backendEnv ?? []),
        ],
        ...(input.labels ? { labels: input.labels } : {}),
    });
    if (input.backend === "compose")
        await put("compose", await files.read(layout.path("compose")), compose, core_layout/* PUBLIC_MODE */.QE);
    const gitignoreBefore = await files.read(layout.path("gitignore"));
    const gitignore = mergeGitignore(gitignoreBefore, [
        core_layout/* FILES */.cn.backendEnv,
        core_layout/* FILES */.cn.deploymentEnv,
        core_layout/* FILES */.cn.frontendEnv,
        core_layout/* FILES */.cn.privateKey,
        ...(input.backend === "env-only" ? [core_layout/* FILES */.cn.manifests] : []),
    ]);
    // The last up's record holds no secret, but it is this machine's: ignored in a block of its own.
    const gitignoreText = isIgnored(gitignore.text, core_layout/* FILES */.cn.lastUp)
        ? gitignore.text
        : `${gitignore.text}${gitignore.text === "" || gitignore.text.endsWith("\n") ? "" : "\n"}${gitignore.text ? "\n" : ""}# setup-coder-convex: what the last up did (no secret)\n${core_layout/* FILES */.cn.lastUp}\n`;
    if (gitignoreText !== (gitignoreBefore ?? "")) {
        await files.write(layout.path("gitignore"), gitignoreText, core_layout/* PUBLIC_MODE */.QE);
        written.push("gitignore");
    }
    for (const [file, r] of [
        [core_layout/* FILES */.cn.backendEnv, backendEnv],
        [core_layout/* FILES */.cn.deploymentEnv, deploymentEnv],
    ]) {
        if (r.updated.length)
            report.logger.info(`${file}: updated ${r.updated.join(", ")}`);
        if (r.removed.length)
            report.logger.info(`${file}: removed ${r.removed.join(", ")}`);
    }
    const names = (list) => list.map((n) => core_layout/* FILES */.cn[n]).join(", ");
    report.logger.info([
        written.length ? `Wrote ${names(written)} in ${layout.dir}` : `Nothing changed in ${layout.dir}`,
        unchanged.length ? ` (unchanged: ${names(unchanged)})` : "",
        input.originForwards.length
            ? "; the compose file has an origin forwarder for the non-default ports"
            : "",
        ".",
    ].join(""));
    return {
        written,
        envFileKeys: input.backend === "compose"
            ? (0,core_compose/* deriveDroppedEnv */.LO)(Object.keys((0,env_file/* envValues */.Qo)((0,env_file/* parseEnvFile */.FO)(backendEnv.text))))
            : [],
    };
}

// EXTERNAL MODULE: ./src/targets/compose.ts + 2 modules
var compose = __webpack_require__(85524);
;// CONCATENATED MODULE: ./src/setup.ts
/**
 * The orchestrator: setup(config, deps) and teardown(state, deps). It knows nothing about GitHub
 * or terminals; the action and the CLI are thin shells that build `deps` and show errors. Each
 * phase is a function in src/phases/ with explicit inputs and outputs; this file lists them in
 * order and owns the timing, the log groups and stopping the background pull.
 */





























async function setup(config, deps) {
    const { report, warnings } = createReporter(deps.logger);
    /** What the last `up` did, recorded once something started (FILES.lastUp). */
    const progress = {
        current: "",
        started: false,
        deployed: false,
        seeded: false,
        functions: undefined,
        files: undefined,
    };
    const { phase, timings } = createPhases(deps, (title) => {
        progress.current = title;
    });
    const layout = (0,core_layout/* locate */.x5)(config, deps.cwd);
    // Where the backend runs: picked once (src/targets/).
    const target = (0,targets/* createTarget */.Yn)(config, deps, layout, deps.targets);
    const run = { config, layout, report, phase, deps, target, timings, warnings, progress };
    try {
        const result = await pipeline(run);
        await recordLastUp(run, "done");
        return result;
    }
    catch (error) {
        await recordLastUp(run, "failed");
        throw error;
    }
    finally {
        await target.close();
        await run.lock?.release();
    }
}
/** Writes what this run did, once it started something; never fails the run. */
async function recordLastUp(run, outcome) {
    const { progress, config, deps, target, layout } = run;
    if (!progress.started || !progress.files || !progress.functions)
        return;
    const record = {
        at: (deps.date?.() ?? new Date()).toISOString(),
        target: config.target,
        instance: target.instance?.name ?? `the backend at ${config.publicUrls.apiUrl}`,
        outcome,
        ...(outcome === "failed" ? { failedPhase: progress.current } : {}),
        deployAsked: config.deploy,
        deployed: progress.deployed,
        seeded: progress.seeded,
        functions: progress.functions,
    };
    await progress.files
        .write(layout.path("lastUp"), renderLastUp(record), core_layout/* PUBLIC_MODE */.QE)
        .catch((e) => deps.logger.warn(`Could not record this run in ${core_layout/* FILES */.cn.lastUp}: ${e.message}`));
}
/** The functions folder (relative to the working directory) and the commit it is at, when git knows. */
async function functionsAt(run, facts) {
    const { layout, deps } = run;
    const dir = (0,external_node_path_.resolve)(layout.dir, external_node_path_.posix.relative(facts.workingDirectory, facts.functionsDir));
    const at = await deps.git?.commitOf?.(layout.dir, dir).catch(() => undefined);
    return {
        dir: (0,external_node_path_.relative)(layout.dir, dir).split(external_node_path_.sep).join("/") || ".",
        ...(at ? { commit: at.commit, changed: at.changed } : {}),
    };
}
/** The phases in order, from the checks to the result. */
async function pipeline(run) {
    const { config, deps, target, layout, report, phase, timings, warnings } = run;
    const { logger, clock } = deps;
    const urls = config.publicUrls;
    for (const w of target.warnings)
        report.warn(w);
    maskConfiguredSecrets(config, logger);
    // The images are made present in the background (compose) while the run prepares; a failure
    // before the start stops that.
    const ensure = deps.ensureImages ?? ((list, signal, warn) => (0,phases_images/* pullAll */.T)(deps.docker, list, signal, warn));
    const pull = (0,phases_images/* startImages */.z)(target.images.length ? ensure : async () => { }, target.images, clock, report.warn);
    deps.stop?.addEventListener("abort", () => pull.abort(), { once: true });
    // RSA-2048 generation takes 100-300 ms (a random prime search): started now on libuv's
    // thread pool, used by the Keys phase only if a key has to be generated.
    let pregenerated;
    // An unused key is never printed; the Keys phase masks the one it uses.
    const generate = () => (pregenerated ??= (deps.generateJwtKey ?? auth_keys/* generateJwtKey */.KR)());
    if (!config.jwtKeyPair && config.auth !== "none")
        void generate().catch(() => { });
    const prepared = await prepare(run, generate).catch((error) => {
        pull.abort(); // nothing will use the images now
        throw error;
    });
    const { files, app, project, keys, changes, postgres, written, preview } = prepared;
    /** What every result says, whatever ran (timings and warnings fill as the run goes). */
    const known = {
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        dashboardUrl: urls.dashboardUrl,
        hostApiUrl: target.hostApiUrl,
        urlSource: urls.source,
        instanceName: config.instanceName,
        postgresDatabase: config.postgres.url?.name,
        mysqlDatabase: config.mysql.url?.name,
        postgres: postgres.preflight,
        workingDirectory: layout.dir,
        keySources: {
            instanceSecret: keys.secretSource,
            jwtKey: keys.jwtSource,
            betterAuthSecret: keys.betterAuth?.source ?? (app.betterAuth ? "yours" : "none"),
        },
        timings,
        warnings,
    };
    // From here on the backend changes: what this run did is recorded (not for render-only).
    run.progress.started = target.runs;
    run.progress.files = files;
    run.progress.functions = await functionsAt(run, app.facts);
    const started = await target.start(run, { keys, postgres, written, files, pull, preview });
    if (started) {
        // render-only: the manifests are written, nothing runs; the result says what was made.
        return {
            ...known,
            ...target.describe(started.rendered),
            adminKey: keys.adminKey,
            adminKeySource: "computed",
            deployed: false,
            seeded: false,
            verified: [],
            deploymentVariables: [],
            written: [...written.written.map((n) => layout.path(n)), started.rendered],
            frontends: [],
        };
    }
    const admin = deps.admin(target.hostApiUrl);
    await phase("Wait for the backend", () => target.wait(run, admin));
    const adminKey = await phase("Admin key", () => target.confirmAdminKey(run, admin, keys));
    const endpoints = {
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        dashboardUrl: urls.dashboardUrl,
        hostApiUrl: target.hostApiUrl,
    };
    // The frontend's own URL in its .env.local is the SITE_URL the deployment gets (yours, if you set it).
    const siteUrlSet = changes.find((c) => c.name === "SITE_URL")?.value ?? undefined;
    const frontends = app.frontends.map((f) => f.frontendUrl !== undefined && siteUrlSet ? { ...f, frontendUrl: siteUrlSet } : f);
    const envFilesChanged = await phase("Deployment environment", async () => {
        await setDeploymentVariables(admin, adminKey.key, changes, report, {
            // A secret kept or generated here never replaces another one the deployment has.
            keep: keys.betterAuth && keys.betterAuth.source !== "input" ? ["BETTER_AUTH_SECRET"] : [],
        });
        return writeClientEnvFiles(endpoints, adminKey.key, frontends, files, layout, report);
    });
    const seeded = project ? await deployAndSeed(run, admin, adminKey.key, project, files) : false;
    const result = (verified) => ({
        ...known,
        ...target.describe(),
        adminKey: adminKey.key,
        adminKeySource: adminKey.source,
        deployed: project !== undefined,
        seeded,
        verified: verified.map(({ name, ok, detail }) => ({ name, ok, detail })),
        deploymentVariables: changes.map((c) => c.name),
        written: [...written.written.map((n) => layout.path(n)), ...envFilesChanged],
        frontends,
    });
    if (!config.verify)
        return result([]);
    const checks = await phase("Verify", () => verify(run, adminKey.key, changes.map((c) => c.name), app.convexAuth && project !== undefined));
    // A failed check: the backend runs, and the shell can still say what runs where.
    if (checks.some((c) => !c.ok))
        throw new VerificationError(checks, result(checks));
    return result(checks);
}
/** Everything before the backend starts: checks, the app, keys, variables, Postgres, files. */
async function prepare(run, generate) {
    const { config, deps, target, layout, report, phase } = run;
    const { logger } = deps;
    const urls = config.publicUrls;
    const { files, root } = await phase("Repository", () => (0,repository/* checkRepository */.n_)(layout, deps, report, {
        frontendDirs: config.frontend.directories.map((d) => (0,external_node_path_.resolve)(deps.cwd, d)),
        given: {
            instanceName: config.instanceName,
            instanceSecret: config.instanceSecret,
            jwtPrivateKeyPem: config.jwtKeyPair?.privateKeyPem,
            betterAuthSecret: config.betterAuthSecret,
        },
    }));
    run.lock = deps.lock ? await deps.lock(layout.dir, (m) => logger.info(m)) : undefined;
    await target.preflight(run);
    const app = await phase("App", async () => {
        const plan = await planApp(config, layout, root, { cwd: deps.cwd, files, readApp: deps.readApp }, report);
        // doctor's checks that `up` makes from the list: a FAIL stops the run before anything starts.
        await (0,checks/* preflight */.Mz)(checks/* CHECKS */.ui, (0,checks/* checkContext */.M_)({ config, layout, root, files, target, app: { facts: plan.facts } }, deps), report);
        return plan;
    });
    // The project's own convex CLI (new enough) must be there before anything starts.
    const project = config.deploy && target.runs
        ? await (0,phases_preflight/* checkConvexCli */.ad)(deps.convexCli, layout.dir, {
            root,
            packageManager: app.facts.packageManager,
            workspaceRoot: (0,external_node_path_.resolve)(root, app.facts.workspaceRoot),
        })
        : undefined;
    // A CLI newer than the backend's release understands fails at deploy: said now, as a warning.
    const release = project && (0,checks/* checkCliRelease */.kL)((0,targets/* startedImage */.ji)(config, target), project);
    if (release?.status === "warn")
        report.warn(release.message);
    else if (release)
        logger.info(release.message);
    // A seed file outside the repository (a link out) stops the run before anything starts.
    if (project && isSeedConfigured(config.seed) && config.seed.import !== undefined)
        await checkSeedFile(files, layout.dir, config.seed.import);
    if (project && config.seed.artifact)
        seedArtifactRepository(deps);
    // Better Auth's secret is the user's own when env-vars (or the deployment file's user
    // section) sets it, or AUTH_SECRET, which Better Auth also reads: nothing is generated then.
    const user = await readUserDeploymentVars(config, files, layout);
    const yours = app.betterAuth
        ? better_auth/* BETTER_AUTH_SECRET_NAMES */.gb.map((name) => [name, userSetsVariable(user, name)]).find(([, where]) => where !== undefined)
        : undefined;
    if (yours && config.betterAuthSecret)
        throw new errors/* SetupError */.w3(`better-auth-secret and ${yours[0]} in ${yours[1]} both give Better Auth's secret.`, "Give it in one place only: better-auth-secret (kept between runs), or your own variable.");
    if (yours)
        logger.info(`${yours[0]}: yours (${yours[1]}); no BETTER_AUTH_SECRET is generated or kept.`);
    const keys = await phase("Keys", () => target.resolveKeys(run, files, {
        convexAuth: app.convexAuth,
        betterAuth: app.betterAuth && !yours,
        generate,
    }));
    // Validated now, before anything starts: the variables, and what the app reads.
    const changes = await planDeploymentVariables(config, keys, urls.siteUrl, app.siteUrl.deployment ? app.frontendUrl : undefined, files, layout, report);
    const check = (0,app_plan/* checkAppVariables */.NP)(app.facts, new Set(changes.map((c) => c.name)), urls.siteUrl, {
        convexAuth: app.convexAuth,
        betterAuth: app.betterAuth,
    });
    if (check.problems.length > 0)
        throw new errors/* SetupError */.w3(check.problems.join("\n"), "Nothing was started.");
    for (const w of check.warnings)
        report.warn(w);
    for (const n of check.notices)
        logger.info(n);
    const postgres = !target.usesDatabase
        ? { preflight: undefined, container: undefined }
        : config.mysql.url
            ? await phase("MySQL", () => (0,mysql/* prepareMysql */.oW)(config, deps.mysql, report))
            : await phase("Postgres", () => preparePostgres(config, deps.postgres, report));
    const stale = await files.removeStaleTemp(layout.dir);
    if (stale.length)
        logger.info(`Removed temporary files an interrupted run left: ${stale.join(", ")}`);
    const preview = await previewMark(target, deps);
    const written = await phase("Write files", () => writeAppFiles(config, {
        instanceSecret: keys.instanceSecret,
        jwt: keys.jwt,
        betterAuth: keys.betterAuth,
        writePem: !keys.pemOnDisk,
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        images: (0,compose/* backendImages */.ZA)(config),
        originForwards: (0,core_compose/* deriveOriginForwards */.GT)(urls.apiUrl, urls.siteUrl),
        containerDb: postgres.container,
        doNotRequireSsl: (config.postgres.url ?? config.mysql.url)?.doNotRequireSsl ?? false,
        backend: target.backendFiles,
        backendEnv: config.backend.env,
        storage: config.storage,
        labels: preview ? (0,core_preview/* dockerPreviewLabels */._y)(preview, config.instanceName) : undefined,
    }, files, layout, report));
    // Only now is there something to tear down (the compose file is ours, or the instance is
    // about to be applied): the post step records it.
    if (target.instance)
        deps.onTeardownState?.(target.instance.ref);
    return { files, app, project, keys, changes, postgres, written, preview };
}
/**
 * In the action on a pull request, the instance is labelled as its preview (core/preview.ts):
 * the repository, the number and the creation time an earlier up recorded on it (else now).
 */
async function previewMark(target, deps) {
    const now = deps.date?.() ?? new Date();
    if (!(0,core_preview/* derivePreviewMark */.v_)(deps.env, now))
        return undefined;
    const kept = await target.previewCreated?.().catch(() => undefined);
    return (0,core_preview/* derivePreviewMark */.v_)(deps.env, now, kept);
}
/** The repository whose artifact seed-artifact takes; checked before anything starts, and again at the download. */
function seedArtifactRepository(deps) {
    const repository = deps.env.GITHUB_REPOSITORY ?? "";
    if (!deps.fetchSeedArtifact || !(0,core_preview/* isRepositoryName */.en)(repository))
        throw new errors/* SetupError */.w3("seed-artifact is downloaded by the action (GITHUB_REPOSITORY, owner/name, and the job's token); here there is no GitHub client.", "On the command line download it (gh run download <run-id> -n <name>) and give the backup ZIP as seed-import.");
    return repository;
}
/** seed-artifact, downloaded with github-token from this repository's artifacts (adapters/seed-artifact.ts). */
function downloadSeed(run) {
    const { config, deps } = run;
    return deps.fetchSeedArtifact(config.seed.artifact, {
        repository: seedArtifactRepository(deps),
        token: config.githubToken,
        baseUrl: deps.env.GITHUB_API_URL,
        env: deps.env,
        warn: (m) => run.report.warn(m),
        tmp: deps.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
    });
}
/** Deploys the functions, then seeds a new deployment (or always, with seed-always). */
async function deployAndSeed(run, admin, adminKey, project, files) {
    const { config, deps, target, layout, phase } = run;
    const { logger } = deps;
    // Seeding needs to know, before the deploy, whether it is the deployment's first; nothing
    // is asked (and the seed file is not looked at) when there is nothing to seed.
    const seeding = isSeedConfigured(config.seed);
    const url = target.hostApiUrl;
    const isNew = await phase("Deploy functions", async () => {
        // The seed file was checked before anything started; checked again now (it may have moved).
        if (seeding && config.seed.import !== undefined)
            await checkSeedFile(files, layout.dir, config.seed.import);
        const fresh = seeding && (await checkNewDeployment(admin, adminKey));
        await deployFunctions(deps.convexCli, layout.dir, project, { url, adminKey, args: config.deployArgs, env: (0,core_project/* withoutCredentials */.ri)(deps.env, config) }, logger, deps.clock);
        run.progress.deployed = true;
        return fresh;
    });
    if (!seeding)
        return false;
    run.progress.seeded = await phase("Seed", () => seedDeployment(deps.convexCli, layout.dir, project, config.seed, {
        url,
        adminKey,
        env: (0,core_project/* withoutCredentials */.ri)(deps.env, config),
        isNew,
        files,
        ...(config.seed.artifact ? { fetchArtifact: () => downloadSeed(run) } : {}),
    }, logger, deps.clock));
    return run.progress.seeded;
}
/** The checks of the Verify phase, printed; a failed one stops the run. */
async function verify(run, adminKey, expectedVariables, authDiscovery) {
    const { config, deps, target } = run;
    const { logger } = deps;
    const urls = config.publicUrls;
    const checks = await verifyDeployment({ admin: deps.admin, fetch: deps.fetch ?? fetch }, {
        hostApiUrl: target.hostApiUrl,
        hostSiteUrl: target.hostSiteUrl,
        apiUrl: urls.apiUrl,
        siteUrl: urls.siteUrl,
        adminKey,
        expectedVariables,
        // Auth discovery is served by the deployed http.ts (auth.addHttpRoutes).
        authDiscovery,
        // connect: the host checks already go through the public URLs.
        publicUrls: !target.viaPublicUrls && urls.coder && !urls.local,
    });
    for (const c of checks)
        logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
    return checks;
}
/**
 * The Postgres password and env-vars whose names say they are secret (AUTH_GITHUB_SECRET,
 * RESEND_API_KEY, ...): masked before anything runs, so that no later line (a CLI error quoting a
 * value) shows them. In the action the runner also masks whatever came from `secrets.*`.
 */
function maskConfiguredSecrets(config, logger) {
    (0,runtime/* maskAll */.gh)(logger, config.postgres.url?.password);
    (0,runtime/* maskAll */.gh)(logger, config.mysql.url?.password);
    (0,runtime/* maskAll */.gh)(logger, config.betterAuthSecret);
    const s3 = config.storage?.credentials;
    for (const value of [s3?.accessKeyId, s3?.secretAccessKey, s3?.sessionToken])
        (0,runtime/* maskAll */.gh)(logger, value);
    (0,runtime/* maskAll */.gh)(logger, config.githubToken);
    for (const [name, value] of config.envVars)
        if ((0,deployment_env/* isSecretName */.eh)(name) && (0,deployment_env/* isMaskableValue */.Ae)(value))
            (0,runtime/* maskAll */.gh)(logger, value);
}

// EXTERNAL MODULE: ./src/core/releases.ts
var releases = __webpack_require__(31837);
// EXTERNAL MODULE: ./src/phases/start.ts
var start = __webpack_require__(47304);
;// CONCATENATED MODULE: ./src/upgrade.ts
/**
 * command upgrade (compose and kubernetes): the running instance found as backup finds it; a backup
 * first; the backend's and the dashboard's images changed together to one release; then the
 * backend must answer and its migration worker log that the database is at its version
 * (docs/day-two.md#upgrade); then verify and a deploy of the app's functions. A failure after the
 * images changed puts the old images back, restores the backup when the database moved forward (or
 * the log cannot tell), verifies again, and says in what state it ends.
 */











/** Lines of the backend's log read for the migration worker's lines (they come early in a container's life). */
const LOG_TAIL = 5000;
/** How often the log is read while waiting for the migrations. */
const MIGRATION_POLL_MS = 500;
/** The upgrade failed after the images changed: the error says how, and where the rollback left it. */
class UpgradeError extends errors/* SetupError */.w3 {
    step;
    failure;
    rollback;
    backupFile;
    name = "UpgradeError";
    constructor(step, failure, rollback, backupFile) {
        super(describeFailure(step, failure, rollback, backupFile), rollbackHint(rollback, backupFile), {
            cause: failure,
        });
        this.step = step;
        this.failure = failure;
        this.rollback = rollback;
        this.backupFile = backupFile;
    }
}
function describeFailure(step, failure, r, backupFile) {
    const why = failure instanceof Error ? failure.message : String(failure);
    const images = `backend ${r.images.backend}${r.images.dashboard ? `, dashboard ${r.images.dashboard}` : ""}`;
    const data = r.restoredFrom !== undefined
        ? `its data is the backup's (${r.restoredFrom}), restored because ${r.databaseMoved ? "a migration had run" : "the log did not tell whether a migration had run"}`
        : r.databaseMoved === false
            ? "its data was left as it was (no migration had run)"
            : `its data was NOT restored (the backup is ${backupFile})`;
    return [
        `The upgrade failed at "${step}": ${why}`,
        r.imagesBack
            ? `Rolled back: the old images run again (${images}); ${data}; ${r.verified ? "verified" : "NOT verified"}.`
            : `The rollback did not bring the old images back (${images}); ${data}; NOT verified.`,
        ...r.problems.map((p) => `  - ${p}`),
    ].join("\n");
}
function rollbackHint(r, backupFile) {
    return r.imagesBack && r.verified
        ? `Read the backend's logs above for why the new release failed. The backup stays at ${backupFile}.`
        : `Check the backend (setup-coder-convex status, logs); to put the data back by hand: setup-coder-convex restore --backup-file ${backupFile} --yes.`;
}
async function upgrade_upgrade(config, deps) {
    const { report, warnings } = createReporter(deps.logger);
    const { phase, timings } = createPhases(deps);
    if (config.target === "connect")
        throw new errors/* SetupError */.w3("target connect: command upgrade changes the images of a backend this tool runs; a connect backend runs elsewhere.", "Upgrade it where it runs (its Helm release, the Coder template), then run up to deploy; or use target compose or kubernetes.");
    const wanted = (0,upgrade/* deriveUpgradeImages */.kT)({
        release: config.upgrade.release,
        backendImage: config.images.backend,
        dashboardImage: config.images.dashboard,
    });
    if ("problems" in wanted)
        throw new errors/* SetupError */.w3(wanted.problems.map(([f, m]) => `${f}: ${m}`).join("\n"));
    if (!(0,releases/* findRelease */.dv)(wanted.images.backend))
        report.warn(`${wanted.images.backend} is not in the release table (docs/convex-cli-versions.md): which convex CLI versions it serves is not known here; up checks the app's CLI only against known releases.`);
    const reached = await reachDeployment(config, deps, report, phase, "upgrade");
    try {
        const { target } = reached;
        const swap = target.switchImages;
        const instance = target.instance;
        if (!swap || !instance)
            throw new errors/* SetupError */.w3(`target ${target.kind}: its images are not changed from here.`);
        const current = await phase("Current release", () => swap.current(reached.files));
        const next = {
            backend: wanted.images.backend,
            dashboard: current.dashboard ? wanted.images.dashboard : undefined,
        };
        const databaseBefore = (0,upgrade/* databaseVersionOf */.PX)((0,upgrade/* parseMigrationLog */["in"])(await instance.logs(LOG_TAIL).catch(() => "")));
        const createdAt = deps.date?.() ?? new Date();
        const backupFile = backupPathFor(config, reached, createdAt);
        const plan = (0,upgrade/* renderUpgradePlan */.ox)({
            instance: instance.name,
            current,
            next,
            databaseVersion: databaseBefore,
            backupFile,
            where: swap.where,
            deploy: config.deploy,
            verify: config.verify,
        });
        const result = {
            instance: instance.name,
            release: wanted.release,
            before: current,
            databaseBefore,
            plan,
        };
        const unchanged = { verified: [], deployed: false, backupFile: undefined, timings, warnings };
        if (current.backend === next.backend && current.dashboard === next.dashboard) {
            deps.logger.info(`${instance.name} runs ${next.backend} already: nothing to upgrade.`);
            return { ...result, ...unchanged, outcome: "unchanged", after: current, databaseAfter: databaseBefore };
        }
        for (const line of plan)
            deps.logger.info(line);
        if (config.upgrade.dryRun) {
            deps.logger.info("dry-run: nothing was changed.");
            return { ...result, ...unchanged, outcome: "dry-run", after: current, databaseAfter: databaseBefore };
        }
        // Before anything changes: the images are there (compose), and the backup is taken.
        await phase("Pull images", () => swap.prepare(next, report.warn));
        const saved = await backupReached(config, reached, deps, phase, createdAt);
        const run = { config: reached.config, layout: reached.layout, report, phase };
        const u = {
            config,
            deps,
            report,
            phase,
            reached,
            run,
            swap,
            instance,
            variables: saved.variables,
            migration: undefined,
            step: "Change images",
        };
        try {
            const done = await switchAndCheck(u, next);
            return {
                ...result,
                outcome: "upgraded",
                after: next,
                databaseAfter: (0,upgrade/* databaseVersionOf */.PX)(done.migration),
                backupFile: saved.file,
                verified: done.verified,
                deployed: done.deployed,
                timings,
                warnings,
            };
        }
        catch (error) {
            const rollback = await rollBack(u, current, databaseBefore, saved.file);
            throw new UpgradeError(u.step, error, rollback, saved.file);
        }
    }
    finally {
        await reached.close();
    }
}
/** The images changed, the backend waited for (its migrations too), verified, the functions deployed. */
async function switchAndCheck(u, next) {
    const { reached, deps, phase, run, config } = u;
    const step = (name) => {
        u.step = name;
    };
    await phase("Change images", () => u.swap.change(run, reached.files, next));
    step("Wait for the backend");
    const admin = deps.admin(reached.url);
    await phase("Wait for the backend", () => reached.target.wait(run, admin));
    step("Migrations");
    const migration = await phase("Migrations", () => waitForMigrations(u, u.instance, config.waitTimeoutMs));
    if (migration.ahead)
        throw new errors/* SetupError */.w3(`The database is at version ${migration.ahead.database}, newer than this release's ${migration.ahead.binary}: it is an older release than the one that ran.`, "Upgrade to a release at least as new as the one running (release), never back.");
    step("Verify");
    const verified = config.verify ? await phase("Verify", () => verifyAfter(u)) : [];
    if (verified.some((c) => !c.ok))
        throw new VerificationError(verified);
    step("Deploy functions");
    if (config.deploy)
        await phase("Deploy functions", async () => {
            const project = await locateProjectCli(reached, deps);
            await deployFunctions(deps.convexCli, reached.layout.dir, project, {
                url: reached.url,
                adminKey: reached.adminKey,
                args: config.deployArgs,
                env: (0,core_project/* withoutCredentials */.ri)(deps.env, config),
            }, deps.logger, deps.clock);
        });
    return { migration, verified, deployed: config.deploy };
}
/**
 * Reads the new backend's log until its migration worker says the database is at its version
 * (`db metadata version up to date at N`) or newer than it; a failed step, a stopped backend or
 * no such line within wait-timeout is a failure.
 */
async function waitForMigrations(u, view, timeoutMs) {
    const { clock, logger } = u.deps;
    const deadline = clock.now() + timeoutMs;
    for (;;) {
        const log = (0,upgrade/* parseMigrationLog */["in"])(await view.logs(LOG_TAIL).catch(() => ""));
        u.migration = log;
        if (log.failed) {
            await (0,start/* printLogs */.n_)(logger, () => view.logs(200), "a migration failed");
            throw new errors/* SetupError */.w3("The backend's migration worker failed (`Migration worker failed` in its log).");
        }
        if (log.ahead)
            return log;
        if (log.upToDate !== undefined) {
            logger.info(log.migrated.length
                ? `Migrated the database to ${log.migrated.join(", ")}; up to date at ${log.upToDate}.`
                : `The database is at version ${log.upToDate}: no migration was needed.`);
            return log;
        }
        const backend = (await view.states().catch(() => [])).find((s) => s.service === "backend");
        if (backend && (backend.state === "exited" || backend.state === "dead")) {
            await (0,start/* printLogs */.n_)(logger, () => view.logs(200), "the backend stopped");
            throw new errors/* SetupError */.w3(`The backend ${backend.state} before its migrations were complete.`);
        }
        if (clock.now() >= deadline) {
            await (0,start/* printLogs */.n_)(logger, () => view.logs(200), "no migration line");
            throw new errors/* SetupError */.w3(`The backend did not log that its migrations are complete ("db metadata version up to date at N") within ${timeoutMs / 1000} s.`, "Read its logs above: a long migration needs a longer wait-timeout; a log-level above info hides the line.");
        }
        await clock.sleep(MIGRATION_POLL_MS);
    }
}
/** The checks of verify against the upgraded backend: it answers, the key, the variables it had, auth discovery. */
async function verifyAfter(u) {
    const { reached, deps } = u;
    const admin = deps.admin(reached.url);
    const deployed = await admin.hasDeployedFunctions(reached.adminKey).catch(() => false);
    const checks = await verifyDeployment({ admin: deps.admin, fetch: deps.fetch ?? fetch }, {
        hostApiUrl: reached.target.hostApiUrl,
        hostSiteUrl: reached.target.hostSiteUrl,
        apiUrl: reached.publicUrls.apiUrl,
        siteUrl: reached.publicUrls.siteUrl,
        adminKey: reached.adminKey,
        expectedVariables: u.variables,
        // Served by the deployed http.ts of a @convex-dev/auth app (its JWKS variable).
        authDiscovery: deployed && u.variables.includes("JWKS"),
        publicUrls: false,
    });
    for (const c of checks)
        deps.logger.info(`${c.ok ? "✓" : "✗"} ${c.detail}`);
    return checks;
}
/** The old images back; the backup restored when the database moved (or the log cannot tell); verified. */
async function rollBack(u, old, databaseBefore, backupFile) {
    const { deps, reached, run } = u;
    const group = (title, fn) => deps.logger.group(title, fn);
    // What the new backend did, read before it is replaced.
    const seen = (0,upgrade/* parseMigrationLog */["in"])(await u.instance.logs(LOG_TAIL).catch(() => ""));
    const log = u.migration && (0,upgrade/* databaseVersionOf */.PX)(u.migration) !== undefined ? u.migration : seen;
    const moved = (0,upgrade/* movedForward */.J_)({ ...log, migrated: [...new Set([...log.migrated, ...seen.migrated])] }, databaseBefore);
    const outcome = {
        imagesBack: false,
        images: old,
        databaseMoved: moved,
        restoredFrom: undefined,
        verified: false,
        problems: [],
    };
    const problem = (what, error) => outcome.problems.push(`${what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    const admin = deps.admin(reached.url);
    try {
        await group("Roll back: the old images", () => u.swap.change(run, reached.files, old));
        await group("Roll back: wait for the backend", () => reached.target.wait(run, admin));
        outcome.imagesBack = true;
    }
    catch (error) {
        problem("putting the old images back failed", error);
        return outcome;
    }
    if (moved !== false) {
        try {
            const confirmed = { ...u.config, backup: { ...u.config.backup, confirmRestore: true } };
            await restoreReached(confirmed, backupFile, reached, deps, u.report, group);
            outcome.restoredFrom = backupFile;
        }
        catch (error) {
            problem(`restoring ${backupFile} failed`, error);
        }
    }
    try {
        const checks = await group("Roll back: verify", () => verifyAfter(u));
        outcome.verified = checks.every((c) => c.ok) && outcome.problems.length === 0;
        for (const c of checks.filter((x) => !x.ok))
            outcome.problems.push(`verify: ${c.detail}`);
    }
    catch (error) {
        problem("verify failed", error);
    }
    return outcome;
}

;// CONCATENATED MODULE: ./src/action/outputs.ts
/** The action's outputs and exported variables, typed against the names declared in core/inputs.ts. */

const NO_PREVIEW_OUTPUTS = { "comment-url": "", "deployment-id": "" };
function deriveOutputs(result, preview = NO_PREVIEW_OUTPUTS) {
    return {
        "convex-url": result.apiUrl,
        "site-url": result.siteUrl,
        "dashboard-url": result.dashboardUrl,
        "admin-key": result.adminKey,
        "instance-name": result.instanceName,
        "postgres-database": result.postgresDatabase ?? "",
        "mysql-database": result.mysqlDatabase ?? "",
        "env-file": result.envFile,
        "compose-file": result.composeFile,
        "compose-project": result.composeProject,
        deployed: String(result.deployed),
        seeded: String(result.seeded),
        "manifest-file": result.manifestFile ?? "",
        namespace: result.namespace ?? "",
        // command: backup sets it (action/main.ts); up writes no backup.
        "backup-file": "",
        ...preview,
    };
}
/** The fixed names (EXPORTED_ENV) and each frontend's names (its framework's, and those its code reads). */
function deriveExportedVariables(result) {
    return (0,client_env/* deriveExportedEnv */.ct)(result, result.adminKey, result.frontends);
}

// EXTERNAL MODULE: ./src/action/preview.ts + 2 modules
var preview = __webpack_require__(34527);
// EXTERNAL MODULE: ./src/action/state.ts
var action_state = __webpack_require__(33175);
;// CONCATENATED MODULE: ./src/action/summary.ts
const html = (s) => s.replace(/[|<>]/g, (c) => `&#${c.charCodeAt(0)};`);
/** Better Auth's secret: where it came from, for a Better Auth app only. */
function betterAuthRow(result) {
    const source = result.keySources.betterAuthSecret;
    return source && source !== "none" ? [["Better Auth secret", `${source} (masked)`]] : [];
}
function renderSummary(result) {
    const rows = [
        ["API (convex-url)", `<a href="${html(result.apiUrl)}">${html(result.apiUrl)}</a>`],
        ["Site proxy (site-url)", `<a href="${html(result.siteUrl)}">${html(result.siteUrl)}</a>`],
        ["Dashboard", `<a href="${html(result.dashboardUrl)}">${html(result.dashboardUrl)}</a>`],
        ["URLs from", result.urlSource],
        ["Instance name", html(result.instanceName)],
        [
            "Database",
            result.postgresDatabase
                ? `Postgres, database <code>${html(result.postgresDatabase)}</code>`
                : result.mysqlDatabase
                    ? `MySQL, database <code>${html(result.mysqlDatabase)}</code>`
                    : "embedded SQLite",
        ],
        ["Instance secret", result.keySources.instanceSecret],
        ["JWT key", result.keySources.jwtKey],
        ...betterAuthRow(result),
        ["Admin key", `${result.adminKeySource} (masked)`],
        ["Deployment variables", result.deploymentVariables.map((n) => `<code>${n}</code>`).join(" ")],
        ["Deployed", result.deployed ? "yes" : "no"],
        ["Seeded", result.seeded ? "yes" : "no"],
    ];
    if (result.namespace)
        rows.splice(4, 0, [
            "Kubernetes",
            `namespace <code>${html(result.namespace)}</code>${result.manifestFile ? `, manifests written to <code>${html(result.manifestFile)}</code> (render-only: nothing applied)` : ""}${result.urlSource === "ingress" ? "" : ", reached through kubectl port-forward during the run (no ingress-host)"}`,
        ]);
    const table = rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n");
    const total = result.timings.reduce((sum, [, ms]) => sum + ms, 0);
    const timings = result.timings
        .map(([phase, ms]) => `| ${html(phase)} | ${(ms / 1000).toFixed(2)} s |`)
        .join("\n");
    const warnings = result.warnings.length
        ? `\n\n**Warnings**\n\n${result.warnings.map((w) => `- ${html(w)}`).join("\n")}`
        : "";
    const title = result.manifestFile ? "Kubernetes manifests rendered" : "Self-hosted Convex is up";
    return `## ${title}\n\n| | |\n|---|---|\n${table}\n\n| Phase | Time |\n|---|---|\n${timings}\n| **Total** | **${(total / 1000).toFixed(2)} s** |${warnings}\n`;
}

;// CONCATENATED MODULE: ./src/action/main.ts
















function main_readInputs(platform) {
    const raw = {};
    for (const input of INPUTS) {
        const value = platform.getInput(input.name);
        // Masked the moment it is read: nothing prints it, but a request's error might.
        if (input.name === "github-token" && value)
            platform.setSecret(value);
        raw[input.name] = value;
    }
    return raw;
}
/** The preview's reporter on its pull request (comment: true on a pull_request event), or undefined. */
async function previewReporter(config, platform, env, deps, hooks) {
    if (!config.comment)
        return undefined;
    return (0,preview.openPreviewReporter)({
        ...(hooks.makeGitHubClient ? { makeClient: hooks.makeGitHubClient } : {}),
        spec: (0,preview/* previewSpecOf */.L)(config, deps.cwd),
        env,
        token: config.githubToken ?? "",
        warn: (m) => platform.logger.warn(m),
        ...(deps.date ? { date: deps.date } : {}),
    }).catch((error) => {
        platform.logger.warn(`The preview is not reported on the pull request: ${(0,action_state/* errorMessage */.g)(error)}`);
        return undefined;
    });
}
/** The title of the innermost log group (a phase) that threw first: where a run failed. */
function trackFailedPhase(deps) {
    const logger = deps.logger;
    let failed;
    deps.logger = {
        ...logger,
        group: async (title, fn) => logger.group(title, async () => {
            try {
                return await fn();
            }
            catch (error) {
                failed ??= title;
                throw error;
            }
        }),
    };
    return () => failed;
}
/** cache-images: @actions/cache is large and slow to import, so it is loaded only when on. */
async function imageCache(deps, tmp) {
    const { restoreOrPull } = await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(356)]).then(__webpack_require__.bind(__webpack_require__, 2356));
    return (images, signal, warn) => restoreOrPull(images, signal, warn, { docker: deps.docker, logger: deps.logger, tmp });
}
/**
 * The seams of a step: the checkout is the working directory and the boundary (nothing outside it
 * is read or written; a committed secret stops the run).
 */
function stepDeps(platform, env, makeDeps, stop) {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const deps = makeDeps({
        logger: platform.logger,
        env,
        cwd: workspace,
        workspace,
        ci: true,
        ...(stop ? { stop } : {}),
    });
    // GitHub's REST API (@actions/github is large: loaded only when a seed artifact is downloaded).
    deps.fetchSeedArtifact ??= async (artifact, o) => (await __webpack_require__.e(/* import() */ 836).then(__webpack_require__.bind(__webpack_require__, 27836))).fetchSeedArtifact(artifact, o);
    return deps;
}
async function runMain(platform, env = process.env, makeDeps = adapters.createSetupDeps, stop, hooks = {}) {
    platform.saveState(action_state/* STATE */.c.isPost, "true");
    try {
        const config = parseConfig(main_readInputs(platform), env);
        if (config.command === "down") {
            await runDown(config, platform, env, makeDeps, hooks);
            return;
        }
        if (config.command === "prune") {
            await runPrune(config, platform, env, makeDeps);
            return;
        }
        if (config.command === "backup" || config.command === "restore" || config.command === "upgrade") {
            await runDayTwo(config, platform, env, makeDeps, stop);
            return;
        }
        await runUp(config, platform, env, makeDeps, stop, hooks);
    }
    catch (error) {
        if (!(error instanceof errors/* SetupError */.w3) && error instanceof Error && error.stack)
            platform.logger.debug(error.stack);
        platform.setFailed((0,action_state/* errorMessage */.g)(error));
    }
}
/**
 * Says how the run ended on the pull request, once the first report is done; when the post step
 * will remove the instance (cleanup), leaves it what it needs to say "removed" then.
 */
async function settlePreview(opening, deploying, outcome, config, platform) {
    const preview = await opening;
    if (!preview)
        return undefined;
    await deploying;
    await preview.report(outcome);
    if (config.cleanup)
        platform.saveState(action_state/* STATE */.c.preview, JSON.stringify(preview.spec()));
    return preview;
}
/** command: up: the pipeline, said on the pull request as it goes (deploying, then ready or failed). */
async function runUp(config, platform, env, makeDeps, stop, hooks) {
    const deps = stepDeps(platform, env, makeDeps, stop);
    if (config.cacheImages)
        deps.ensureImages = await imageCache(deps, env.RUNNER_TEMP ?? "/tmp");
    // Recorded before the compose file is written: from then on post has something to stop.
    deps.onTeardownState = (state) => {
        const post = { ...state, cleanup: config.cleanup };
        platform.saveState(action_state/* STATE */.c.teardown, JSON.stringify(post));
    };
    const failedPhase = trackFailedPhase(deps);
    const started = deps.clock.now();
    // Opened and said while the pipeline runs (loading @actions/github, the first requests): the
    // run never waits for GitHub before it starts; the reports never throw.
    const opening = previewReporter(config, platform, env, deps, hooks);
    const deploying = opening.then((p) => p?.report({ state: "deploying" }));
    let result;
    try {
        result = await setup(config, deps);
    }
    catch (error) {
        const phase = failedPhase();
        const outcome = { state: "failed", durationMs: deps.clock.now() - started };
        const failed = { ...outcome, ...(phase ? { failedPhase: phase } : {}) };
        const preview = await settlePreview(opening, deploying, failed, config, platform);
        for (const [name, value] of Object.entries(preview?.outputs() ?? {}))
            platform.setOutput(name, value);
        throw error;
    }
    const ready = { state: "ready", durationMs: deps.clock.now() - started };
    const preview = await settlePreview(opening, deploying, ready, config, platform);
    platform.setSecret(result.adminKey);
    for (const [name, value] of Object.entries(deriveOutputs(result, preview?.outputs())))
        platform.setOutput(name, value);
    if (config.exportEnv) {
        for (const [name, value] of Object.entries(deriveExportedVariables(result)))
            platform.exportVariable(name, value);
    }
    await platform
        .writeSummary(renderSummary(result))
        .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
}
/**
 * command: down: removes the instance an earlier `up` set up (a workflow on pull_request:
 * closed): the compose file found in working-directory, or the kubernetes instance by its
 * labels, and with drop-database its database. Main records no state, so post does nothing more.
 */
async function runDown(config, platform, env, makeDeps, hooks) {
    const deps = stepDeps(platform, env, makeDeps);
    const started = deps.clock.now();
    const opening = previewReporter(config, platform, env, deps, hooks);
    // "Not removed" only while the instance may still run: a database left behind is the step's error.
    let state = "remove-failed";
    try {
        await removeConfiguredInstance(config, { dumpLogs: false, volumes: true }, { ...deps, files: (0,files/* createFileStore */.I)(deps.cwd) });
        state = "removed";
        await dropConfiguredDatabase(config, deps);
    }
    finally {
        // Said either way: a comment left at "Ready" would point at a preview that may be half gone.
        const preview = await opening;
        await preview?.report({ state, durationMs: deps.clock.now() - started });
        for (const [name, value] of Object.entries(preview?.outputs() ?? {}))
            platform.setOutput(name, value);
    }
}
/**
 * command: prune: this repository's previews whose pull request is closed or that are older than
 * max-age are removed (dry-run: listed). Main records no state, so post does nothing more.
 */
async function runPrune(config, platform, env, makeDeps) {
    const r = await prune(config, {
        ...stepDeps(platform, env, makeDeps),
        readPullStates: async (...args) => (await __webpack_require__.e(/* import() */ 42).then(__webpack_require__.bind(__webpack_require__, 76042))).readPullStates(...args),
    });
    const sentence = (text) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    const lines = r.removed.map((x) => `- ${x.name}: ${x.reason}.${x.database ? ` ${sentence(x.database)}` : ""}`);
    await platform
        .writeSummary(`### Convex previews pruned${r.dryRun ? " (dry-run: nothing removed)" : ""}\n\n${lines.length ? lines.join("\n") : "None."}\n\nKept: ${r.kept.length}.\n`)
        .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
}
/**
 * command: backup / restore / upgrade: the running instance (found as `down` finds it) is backed up
 * to backup-file (output backup-file), backup-file is restored into it, or it is upgraded to
 * release (output backup-file: the backup taken first). Main records no state, so
 * post does nothing more.
 */
async function runDayTwo(config, platform, env, makeDeps, stop) {
    const deps = stepDeps(platform, env, makeDeps, stop);
    if (config.command === "backup") {
        const r = await backup(config, deps);
        platform.setOutput("backup-file", r.file);
        await platform
            .writeSummary(`### Convex backup\n\n\`${r.file}\`: ${(0,backup_file/* countDocuments */.kA)(r.tables)} documents (${(0,backup_file/* describeTables */.Jg)(r.tables)})${r.storageFiles !== undefined ? `, ${r.storageFiles} stored files` : ""}; ${r.variables.length} variable names${r.valuesSaved ? " with values" : ""} in \`${r.variablesFile}\`.\n`)
            .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
        return;
    }
    if (config.command === "upgrade") {
        const r = await upgrade_upgrade(config, deps);
        if (r.backupFile)
            platform.setOutput("backup-file", r.backupFile);
        const text = r.outcome === "upgraded"
            ? `${r.instance}: \`${r.before.backend}\` → \`${r.after.backend}\`; database ${r.databaseBefore ?? "?"} → ${r.databaseAfter ?? "?"}; backup \`${r.backupFile}\`; ${r.verified.length ? "verified" : "not verified (verify: false)"}${r.deployed ? ", functions deployed" : ""}.`
            : r.outcome === "dry-run"
                ? `Dry run, nothing changed:\n\n\`\`\`\n${r.plan.join("\n")}\n\`\`\``
                : `${r.instance} runs release ${r.release} already: nothing changed.`;
        await platform
            .writeSummary(`### Convex upgrade\n\n${text}\n`)
            .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
        return;
    }
    const r = await restore(config, deps);
    await platform
        .writeSummary(`### Convex restore\n\n\`${r.file}\` restored and verified: ${(0,backup_file/* describeTables */.Jg)(r.tables)} (before: ${(0,backup_file/* describeTables */.Jg)(r.before)})${r.variablesSet.length ? `; variables set: ${r.variablesSet.join(", ")}` : ""}.\n`)
        .catch((e) => platform.logger.warn(`Job summary not written: ${e.message}`));
}



/***/ }),

/***/ 34527:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPreviewReporter: () => (/* binding */ openPreviewReporter),
  L: () => (/* binding */ previewSpecOf)
});

// UNUSED EXPORTS: explainFailures

// EXTERNAL MODULE: ./src/core/layout.ts
var layout = __webpack_require__(16585);
;// CONCATENATED MODULE: ./src/core/preview-comment.ts
/** The states of a preview's end (down or the post step): no new comment or deployment is made for them. */
const isEnding = (state) => state === "removed" || state === "remove-failed";
const MARKER_PREFIX = "<!-- setup-coder-convex preview:";
/**
 * The hidden line that finds a preview's comment again. The name is reduced to the characters an
 * instance or project name may hold, so the marker can never end early or match another's.
 */
function previewMarker(preview) {
    return `${MARKER_PREFIX} ${preview.replace(/[^a-z0-9_./-]/gi, "_")} -->`;
}
/** The deployment environment of a preview: `preview/<name>`. */
function previewEnvironment(preview) {
    return `preview/${preview}`;
}
/**
 * Who may have written a preview's comment: a GitHub App (the job's token writes as
 * github-actions[bot]; an app comments only where it is installed) or someone with write access
 * (a personal token in github-token). On a public repository anyone may comment: a comment that
 * copies the marker must not be taken for the preview's, or the preview would edit (or fail to
 * edit) a stranger's comment, which its author could then change at will.
 */
const TRUSTED_ASSOCIATIONS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);
/** Whether a comment is this preview's: its first line is the marker, and its author may have written it. */
function isPreviewComment(comment, preview) {
    if ((comment.body ?? "").split("\n", 1)[0] !== previewMarker(preview))
        return false;
    return comment.user?.type === "Bot" || TRUSTED_ASSOCIATIONS.has(comment.author_association ?? "");
}
/**
 * Text safe inline in GitHub Markdown: one line, every ASCII punctuation mark backslash-escaped
 * (CommonMark: no HTML, entity, emphasis, link, autolink, code span, table cell or heading can
 * start), and `@` kept from forming a mention by a word joiner (U+2060) after it.
 */
function inlineText(text) {
    return text
        .replace(/[\r\n\t\u2028\u2029]+/g, " ")
        .replace(/[!-/:-@[-`{-~]/g, (c) => (c === "@" ? c : `\\${c}`))
        .replace(/@/g, "@\u2060");
}
/** A code span that no content can end early: a fence longer than any run of backticks in it. */
function codeSpan(text) {
    const line = text.replace(/[\r\n\u2028\u2029]+/g, " ");
    const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    // A space inside the fence only where a backtick would touch it (CommonMark strips one each side).
    const pad = /^`|`$/.test(line) ? " " : "";
    return `${fence}${pad}${line}${pad}${fence}`;
}
/** An http(s) URL as an autolink (the URL parser's form: no space, `<` or `>` left); anything else as text. */
function autolink(url) {
    try {
        const parsed = new URL(url);
        if ((parsed.protocol === "https:" || parsed.protocol === "http:") && !/[\s<>`]/.test(parsed.href))
            return `<${parsed.href}>`;
    }
    catch { }
    return inlineText(url);
}
const HEADLINE = {
    deploying: "⏳ Deploying",
    ready: "✅ Ready",
    failed: "❌ Failed",
    removed: "🗑️ Removed",
    "remove-failed": "⚠️ Not removed",
};
function seconds(ms) {
    return ms >= 60_000
        ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
        : `${(ms / 1000).toFixed(1)} s`;
}
/** How to get the admin key where the preview runs: a command, never the key. */
function adminKeyHelp(r) {
    if (r.target === "kubernetes")
        return `run ${codeSpan(`kubectl exec -n ${r.namespace ?? "NAMESPACE"} statefulset/convex-${r.preview} -- /convex/generate_admin_key.sh`)} with the previews' kubeconfig`;
    if (r.target === "compose")
        return `on the runner's host, ${codeSpan(`docker compose -p ${r.preview} exec backend ./generate_admin_key.sh`)}, or \`CONVEX_SELF_HOSTED_ADMIN_KEY\` in the app's \`.env.local\` there`;
    return "from the backend's operator (it runs elsewhere: target connect)";
}
const SHA_RE = /^[0-9a-f]{40}$/;
/** The comment's Markdown, marker first. */
function renderPreviewComment(r) {
    const lines = [
        previewMarker(r.preview),
        `### Convex preview ${inlineText(r.preview)}: ${HEADLINE[r.state]}`,
        "",
    ];
    const commit = SHA_RE.test(r.sha) ? `\`${r.sha.slice(0, 12)}\`` : "unknown";
    const took = r.durationMs !== undefined ? ` in ${seconds(r.durationMs)}` : "";
    if (r.state === "deploying")
        lines.push(`Deploying commit ${commit}.`);
    if (r.state === "ready")
        lines.push(`Commit ${commit} deployed${took}.`);
    if (r.state === "failed")
        lines.push(`Commit ${commit} failed${took}, in the phase **${inlineText(r.failedPhase ?? "unknown")}**: the run's log says why.`);
    if (r.state === "removed")
        lines.push(`The preview was removed${took} when the pull request closed; its URLs no longer answer.`);
    if (r.state === "remove-failed")
        lines.push(`Removing the preview failed${took}: the run's log says why. It may still be running; run the removal again (or \`prune\`).`);
    lines.push("");
    if (r.state !== "removed") {
        lines.push(`- API: ${autolink(r.urls.api)}`, `- Site (HTTP actions, auth): ${autolink(r.urls.site)}`);
        if (r.urls.dashboard)
            lines.push(`- Dashboard: ${autolink(r.urls.dashboard)}`);
        lines.push(`- Admin key (never shown here): ${adminKeyHelp(r)}`);
    }
    if (r.runUrl)
        lines.push(`- Run: ${autolink(r.runUrl)}`);
    lines.push("", `<sub>Updated ${inlineText(r.at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC"))} by setup-coder-convex.</sub>`);
    return `${lines.join("\n")}\n`;
}
/** A deployment status's description (at most 140 characters, GitHub's limit). */
function describePreviewStatus(r) {
    const commit = SHA_RE.test(r.sha) ? r.sha.slice(0, 7) : "";
    const text = {
        deploying: `Deploying ${commit}`,
        ready: `Ready: ${commit}`,
        failed: `Failed in ${r.failedPhase ?? "a phase"} (${commit})`,
        removed: "Removed",
        "remove-failed": "Removal failed: it may still be running",
    };
    return text[r.state].slice(0, 140);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/action/pull-request.ts
/**
 * The pull request a preview runs for, read from the event the runner wrote (GITHUB_EVENT_PATH),
 * and the GitHub requests that speak on it: its preview's comment (found again by its marker,
 * across every page of comments) and the preview's deployment with its statuses. The client is
 * @actions/github's, loaded by the caller only when a pull request is there to speak on.
 */


const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);
/** The pull request of this run's event; undefined for another event or an unreadable payload. */
async function readPullRequest(env) {
    if (!PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? "") || !env.GITHUB_EVENT_PATH)
        return undefined;
    const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo || rest.length)
        return undefined;
    try {
        const event = JSON.parse(await (0,promises_.readFile)(env.GITHUB_EVENT_PATH, "utf8"));
        const number = event.pull_request?.number;
        const headSha = event.pull_request?.head?.sha;
        if (typeof number !== "number" || typeof headSha !== "string")
            return undefined;
        return { owner, repo, number, headSha };
    }
    catch {
        return undefined;
    }
}
/** The run's page: GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID. */
function runUrlOf(env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
    return server && repo && run ? `${server.replace(/\/+$/, "")}/${repo}/actions/runs/${run}` : undefined;
}
function pullRequestApi(client, pr) {
    const where = { owner: pr.owner, repo: pr.repo };
    /** A list's pages, 100 each (GitHub's largest). */
    const listing = { ...where, per_page: 100 };
    return {
        async findComment(preview) {
            const comments = client.paginate.iterator(client.rest.issues.listComments, {
                ...listing,
                issue_number: pr.number,
            });
            const found = await firstInPages(comments, (c) => isPreviewComment(c, preview));
            return found && { id: found.id, url: found.html_url };
        },
        async writeComment(existing, body) {
            const { data } = existing
                ? await client.rest.issues.updateComment({ ...where, comment_id: existing.id, body })
                : await client.rest.issues.createComment({ ...where, issue_number: pr.number, body });
            return { id: data.id, url: data.html_url };
        },
        async findDeployment(environment) {
            const deployments = client.paginate.iterator(client.rest.repos.listDeployments, {
                ...listing,
                environment,
            });
            return (await firstInPages(deployments, (d) => ownPayload(d.payload, pr.number)))?.id;
        },
        async createDeployment(environment) {
            const { data } = await client.rest.repos.createDeployment({
                ...where,
                ref: pr.headSha,
                environment,
                description: `Convex preview of pull request #${pr.number}`,
                payload: { pull_request: pr.number },
                transient_environment: true,
                production_environment: false,
                auto_merge: false,
                required_contexts: [],
            });
            // 202 is GitHub's answer when it merged the default branch in first (auto_merge), never asked here.
            if (!("id" in data))
                throw new Error(`GitHub created no deployment: ${data.message ?? "no reason given"}`);
            return data.id;
        },
        async setDeploymentStatus(deploymentId, status) {
            await client.rest.repos.createDeploymentStatus({
                ...where,
                deployment_id: deploymentId,
                state: status.state,
                description: status.description,
                ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
                ...(status.logUrl ? { log_url: status.logUrl } : {}),
            });
        },
    };
}
/** The first item of a paginated list that matches, asking for no page after it. */
async function firstInPages(pages, match) {
    for await (const page of pages) {
        const found = page.data.find(match);
        if (found)
            return found;
    }
    return undefined;
}
/** Whether a deployment's payload is the one createDeployment gives: this pull request's. */
function ownPayload(payload, number) {
    return (typeof payload === "object" &&
        payload !== null &&
        payload.pull_request === number);
}

;// CONCATENATED MODULE: ./src/action/preview.ts
/**
 * A preview speaking on its pull request (comment: true and a pull_request event): its comment
 * (deploying, ready, failed, removed) and its GitHub deployment (in_progress, success, failure,
 * inactive). Never fails the step: a token that may not write (a fork's pull request, a missing
 * `permissions:` entry) gives one warning naming the permission, and that channel stays quiet for
 * the rest of the run. @actions/github is loaded only here, only when there is a pull request.
 */



function previewSpecOf(config, cwd) {
    const urls = config.publicUrls;
    return {
        preview: config.target === "compose" ? (0,layout/* locate */.x5)(config, cwd).target.project : config.instanceName,
        target: config.target,
        ...(config.target === "kubernetes" ? { namespace: config.kubernetes.namespace } : {}),
        urls: {
            api: urls.apiUrl,
            site: urls.siteUrl,
            ...(config.dashboard ? { dashboard: urls.dashboardUrl } : {}),
        },
        environmentUrl: config.frontend.url ?? urls.apiUrl,
    };
}
async function defaultClient(token, warn, env) {
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(239), __webpack_require__.e(339)]).then(__webpack_require__.bind(__webpack_require__, 36339));
    return createGitHubClient({
        token,
        warn,
        env,
        ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    });
}
/** undefined when the event is not a pull request, or there is no token (comment is the caller's). */
async function openPreviewReporter(options) {
    const { env, warn } = options;
    const pr = await readPullRequest(env);
    if (!pr)
        return undefined;
    if (!options.token) {
        warn("comment: no github-token: the preview is not reported on the pull request.");
        return undefined;
    }
    const client = await (options.makeClient ?? ((t, w) => defaultClient(t, w, env)))(options.token, warn);
    return createReporter(client, pr, options);
}
const PERMISSION = {
    comment: "pull-requests: write",
    deployment: "deployments: write",
};
function createReporter(client, pr, options) {
    const { spec, env, warn } = options;
    const { preview } = spec;
    const environment = previewEnvironment(preview);
    const runUrl = runUrlOf(env);
    const off = new Set();
    let comment = spec.known?.comment;
    let deploymentId = spec.known?.deploymentId;
    let searched = false;
    const github = pullRequestApi(client, pr);
    const writeComment = async (report) => {
        comment ??= await github.findComment(preview);
        if (isEnding(report.state) && !comment)
            return; // never a new comment to say "removed"
        comment = await github.writeComment(comment, renderPreviewComment(report));
    };
    const writeDeployment = async (report) => {
        if (!searched && deploymentId === undefined)
            deploymentId = await github.findDeployment(environment);
        searched = true;
        if (isEnding(report.state) && deploymentId === undefined)
            return; // none to retire
        deploymentId ??= await github.createDeployment(environment);
        await github.setDeploymentStatus(deploymentId, statusOf(report, spec, runUrl));
    };
    return {
        async report(outcome) {
            const report = {
                preview,
                state: outcome.state,
                target: spec.target,
                sha: pr.headSha,
                urls: spec.urls,
                at: (options.date?.() ?? new Date()).toISOString(),
                ...(outcome.failedPhase ? { failedPhase: outcome.failedPhase } : {}),
                ...(outcome.durationMs !== undefined ? { durationMs: outcome.durationMs } : {}),
                ...(runUrl ? { runUrl } : {}),
                ...(spec.namespace ? { namespace: spec.namespace } : {}),
            };
            const failures = [];
            for (const [channel, write] of [
                ["comment", writeComment],
                ["deployment", writeDeployment],
            ]) {
                if (off.has(channel))
                    continue;
                try {
                    await write(report);
                }
                catch (error) {
                    off.add(channel);
                    failures.push([channel, error]);
                }
            }
            if (failures.length)
                warn(explainFailures(pr, failures));
        },
        spec: () => ({
            ...spec,
            known: { ...(comment ? { comment } : {}), ...(deploymentId !== undefined ? { deploymentId } : {}) },
        }),
        outputs: () => ({
            "comment-url": comment?.url ?? "",
            "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
        }),
    };
}
function statusOf(report, spec, logUrl) {
    const state = {
        deploying: "in_progress",
        ready: "success",
        failed: "failure",
        removed: "inactive",
        "remove-failed": "failure",
    }[report.state];
    return {
        state,
        description: describePreviewStatus(report),
        ...(report.state === "removed" ? {} : { environmentUrl: spec.environmentUrl }),
        ...(logUrl ? { logUrl } : {}),
    };
}
/** The HTTP status of an Octokit RequestError, if it is one. */
function statusCode(error) {
    const status = error?.status;
    return typeof status === "number" ? status : undefined;
}
/** One warning for what could not be written in this report, naming the permissions to give. */
function explainFailures(pr, failures) {
    const what = failures
        .map(([c]) => (c === "comment" ? "comment on" : "create the deployment of"))
        .join(" nor ");
    const said = failures
        .map(([, e]) => {
        const code = statusCode(e);
        const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
        return code ? `${code} ${message}` : message;
    })
        .filter((m, i, all) => all.indexOf(m) === i)
        .join("; ");
    const denied = failures
        .filter(([, e]) => [401, 403, 404].includes(statusCode(e) ?? 0))
        .map(([c]) => PERMISSION[c]);
    const fix = denied.length
        ? ` Give the job \`permissions:\` ${denied.join(", ")}, or set comment: false (a pull request from a fork gets a read-only token: its preview is reported in the job summary only).`
        : "";
    return `Could not ${what} pull request #${pr.number} (GitHub said: ${said}); the preview goes on without it.${fix}`;
}


/***/ }),

/***/ 41440:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hp: () => (/* binding */ readCentralDirectory),
/* harmony export */   RA: () => (/* binding */ readSnapshot),
/* harmony export */   gQ: () => (/* binding */ extractEntry)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _confine_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47256);
/**
 * Reading a snapshot ZIP as `convex export` downloads it (the backend's crates/exports at the
 * pinned release: README.md, `_tables/documents.jsonl`, `<table>/documents.jsonl` per table of the
 * app, one JSON document per line, `_storage/documents.jsonl` and the files with
 * --include-file-storage, a component's tables under `_components/<path>/`). Only the central
 * directory and the entries counted are read, streamed: a backup may be larger than memory.
 * ZIP64 (more than 65535 entries or 4 GiB) is read too.
 */





const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
function notAZip(path, why) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path} is not a snapshot ZIP (${why}).`, "Give a file that `convex export` (or command: backup) wrote; it may have been cut short by a failed download.");
}
async function readCentralDirectory(path) {
    // A FIFO (a backup-file made one) would block the read forever: only a regular file is opened.
    const file = await (0,_confine_js__WEBPACK_IMPORTED_MODULE_4__/* .openRegular */ .lf)(path);
    try {
        const { size } = await file.stat();
        const tailLength = Math.min(size, 22 + 65535 + 20);
        const tail = Buffer.alloc(tailLength);
        await file.read(tail, 0, tailLength, size - tailLength);
        let at = -1;
        for (let i = tailLength - 22; i >= 0; i--)
            if (tail.readUInt32LE(i) === EOCD) {
                at = i;
                break;
            }
        if (at < 0)
            throw notAZip(path, "no end of central directory record");
        let count = tail.readUInt16LE(at + 10);
        let dirSize = tail.readUInt32LE(at + 12);
        let dirOffset = tail.readUInt32LE(at + 16);
        if (at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
            const end64Offset = Number(tail.readBigUInt64LE(at - 20 + 8));
            const end64 = Buffer.alloc(56);
            await file.read(end64, 0, 56, end64Offset);
            count = Number(end64.readBigUInt64LE(32));
            dirSize = Number(end64.readBigUInt64LE(40));
            dirOffset = Number(end64.readBigUInt64LE(48));
        }
        if (dirOffset + dirSize > size)
            throw notAZip(path, "its central directory lies past its end");
        const dir = Buffer.alloc(dirSize);
        await file.read(dir, 0, dirSize, dirOffset);
        const entries = [];
        let p = 0;
        for (let n = 0; n < count; n++) {
            if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
                throw notAZip(path, "a damaged central directory");
            const method = dir.readUInt16LE(p + 10);
            const sizeField = dir.readUInt32LE(p + 24);
            let size = sizeField;
            let packedSize = dir.readUInt32LE(p + 20);
            const nameLength = dir.readUInt16LE(p + 28);
            const extraLength = dir.readUInt16LE(p + 30);
            const commentLength = dir.readUInt16LE(p + 32);
            let localOffset = dir.readUInt32LE(p + 42);
            const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
            // ZIP64 extended information: the 64-bit values of the fields that read 0xFFFFFFFF, in order.
            for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
                const id = dir.readUInt16LE(e);
                const length = dir.readUInt16LE(e + 2);
                if (id === 1) {
                    let q = e + 4;
                    if (sizeField === 0xffffffff) {
                        size = Number(dir.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (packedSize === 0xffffffff) {
                        packedSize = Number(dir.readBigUInt64LE(q));
                        q += 8;
                    }
                    if (localOffset === 0xffffffff)
                        localOffset = Number(dir.readBigUInt64LE(q));
                }
                e += 4 + length;
            }
            entries.push({ name, method, packedSize, size, localOffset });
            p += 46 + nameLength + extraLength + commentLength;
        }
        // Where each entry's data starts: after its local header, whose name and extra may differ.
        for (const entry of entries) {
            const header = Buffer.alloc(30);
            await file.read(header, 0, 30, entry.localOffset);
            if (header.readUInt32LE(0) !== LOCAL)
                throw notAZip(path, `a damaged entry ${entry.name}`);
            entry.localOffset += 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
        }
        return entries;
    }
    finally {
        await file.close();
    }
}
/** The lines of one entry (one JSON document each), counted as it is inflated. */
async function countLines(path, entry) {
    if (entry.packedSize === 0)
        return 0;
    const raw = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path, {
        start: entry.localOffset,
        end: entry.localOffset + entry.packedSize - 1,
    });
    const stream = entry.method === 0 ? raw : raw.pipe((0,node_zlib__WEBPACK_IMPORTED_MODULE_2__.createInflateRaw)());
    if (entry.method !== 0 && entry.method !== 8)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path}: entry ${entry.name} uses compression method ${entry.method}, not deflate.`);
    let lines = 0;
    let last = 0x0a;
    for await (const chunk of stream) {
        for (const byte of chunk)
            if (byte === 0x0a)
                lines++;
        if (chunk.length > 0)
            last = chunk[chunk.length - 1];
    }
    return last === 0x0a ? lines : lines + 1;
}
/** What a snapshot ZIP holds: the documents per table of the app, and its stored files. */
async function readSnapshot(path) {
    let entries;
    try {
        entries = await readCentralDirectory(path);
    }
    catch (error) {
        if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3)
            throw error;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`Could not read ${path}: ${error.message}`);
    }
    const tables = {};
    let storageFiles;
    let componentEntries = 0;
    const named = new Set(entries.map((e) => e.name));
    if (!named.has("_tables/documents.jsonl") && !named.has("README.md"))
        throw notAZip(path, "no README.md or _tables/documents.jsonl: a ZIP, but not a Convex snapshot export");
    for (const entry of entries) {
        if (entry.name.startsWith("_components/")) {
            componentEntries++;
            continue;
        }
        const m = /^([^/]+)\/documents\.jsonl$/.exec(entry.name);
        if (!m)
            continue;
        try {
            if (m[1] === "_storage")
                storageFiles = await countLines(path, entry);
            else if (!m[1].startsWith("_"))
                tables[m[1]] = await countLines(path, entry);
        }
        catch (error) {
            if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3)
                throw error;
            throw notAZip(path, `entry ${entry.name} does not inflate: ${error.message}`);
        }
    }
    return { tables, storageFiles, componentEntries };
}
/**
 * Writes one entry's bytes to `dest` (created new, mode 0600), stopping with an error as soon as
 * more than `maxBytes` (or more than the entry declares) come out: a ZIP bomb never fills the disk.
 */
async function extractEntry(path, entry, dest, maxBytes) {
    if (entry.method !== 0 && entry.method !== 8)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path}: entry ${entry.name} uses compression method ${entry.method}, not deflate.`);
    const limit = Math.min(maxBytes, entry.size);
    const out = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(dest, "wx", 0o600);
    try {
        if (entry.packedSize === 0)
            return;
        const raw = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path, {
            start: entry.localOffset,
            end: entry.localOffset + entry.packedSize - 1,
        });
        const stream = entry.method === 0 ? raw : raw.pipe((0,node_zlib__WEBPACK_IMPORTED_MODULE_2__.createInflateRaw)());
        let written = 0;
        for await (const chunk of stream) {
            written += chunk.length;
            if (written > limit) {
                raw.destroy();
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SetupError */ .w3(`${path}: entry ${entry.name} inflates to more than ${written > entry.size ? `the ${entry.size} bytes it declares` : `${maxBytes} bytes`}: refused.`);
            }
            await out.write(chunk);
        }
    }
    finally {
        await out.close();
    }
}


/***/ }),

/***/ 82264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $A: () => (/* binding */ defaultBackupName),
/* harmony export */   $p: () => (/* binding */ variablesFileOf),
/* harmony export */   DB: () => (/* binding */ documents),
/* harmony export */   Dz: () => (/* binding */ compareTables),
/* harmony export */   Jg: () => (/* binding */ describeTables),
/* harmony export */   KQ: () => (/* binding */ BACKUPS_DIR),
/* harmony export */   Lg: () => (/* binding */ BACKUP_FORMAT),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   eH: () => (/* binding */ pickBackupEntry),
/* harmony export */   kA: () => (/* binding */ countDocuments),
/* harmony export */   sB: () => (/* binding */ renderManifest)
/* harmony export */ });
/* unused harmony export zipNameOf */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74296);
/**
 * A backup's files: the snapshot ZIP (`convex export`) and, next to it, `<name>.env.json`: what the
 * backup holds (tables and their document counts, stored files) and the deployment's variable
 * names, their values only when asked (then the file is written with mode 0600). Pure.
 */


/** The default folder of backups, in the working directory (git-ignored). */
const BACKUPS_DIR = ".convex-backups";
const BACKUP_FORMAT = "setup-coder-convex/backup@1";
/** `<instance>-<YYYYMMDD-HHMMSS>Z.zip` in UTC, sortable by time. */
function defaultBackupName(instanceName, at) {
    const stamp = at
        .toISOString()
        .replace(/\.\d+Z$/, "Z")
        .replace(/[-:]/g, "")
        .replace("T", "-");
    return `${instanceName}-${stamp}.zip`;
}
/** The variables' file next to a backup ZIP: x.zip -> x.env.json. */
function variablesFileOf(zipPath) {
    return zipPath.replace(/\.zip$/i, ".env.json");
}
function renderManifest(manifest) {
    return `${JSON.stringify(manifest, null, 2)}\n`;
}
const isRecordOf = (value, type) => typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === type);
/** A manifest read back; throws a SetupError naming the file and what is wrong. */
function parseManifest(text, file) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${file} is not JSON (${error.message}).`, `It is written by command: backup next to its ZIP; move it away to restore the ZIP without it.`);
    }
    const problems = [];
    if (value.format !== BACKUP_FORMAT)
        problems.push(`format is not "${BACKUP_FORMAT}"`);
    if (typeof value.zip !== "string")
        problems.push("no zip name");
    if (!Array.isArray(value.variables) || !value.variables.every((n) => typeof n === "string"))
        problems.push("variables is not a list of names");
    if (!isRecordOf(value.tables, "number"))
        problems.push("tables is not a table -> count map");
    if (value.values !== undefined && !isRecordOf(value.values, "string"))
        problems.push("values is not a name -> text map");
    if (problems.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SetupError */ .w3(`${file} is not a backup's variables file: ${problems.join("; ")}.`, `It is written by command: backup next to its ZIP; move it away to restore the ZIP without it.`);
    return value;
}
/** "messages: 3, users: 2" (or "no documents"), for messages. */
function describeTables(tables) {
    const entries = Object.entries(tables).filter(([, n]) => n > 0);
    if (entries.length === 0)
        return "no documents";
    return entries
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([t, n]) => `${t}: ${n}`)
        .join(", ");
}
/** "1 document", "3 documents". */
function documents(n) {
    return `${n} document${n === 1 ? "" : "s"}`;
}
/** Total documents of a table -> count map. */
function countDocuments(tables) {
    return Object.values(tables).reduce((sum, n) => sum + n, 0);
}
/** The differences between the tables a restore should have made and what the deployment holds. */
function compareTables(expected, actual) {
    const problems = [];
    for (const [table, n] of Object.entries(expected))
        if ((actual[table] ?? 0) !== n)
            problems.push(`${table} has ${actual[table] ?? 0} documents, the backup ${n}`);
    for (const [table, n] of Object.entries(actual))
        if (!(table in expected) && n > 0)
            problems.push(`${table} (${documents(n)}) is not in the backup`);
    return problems;
}
function zipNameOf(path) {
    return basename(path);
}
/**
 * The backup ZIP inside a downloaded workflow artifact (which wraps the files uploaded): its
 * entries' names are checked before anything is unpacked (no absolute path, no `..`, no
 * backslash), exactly one `.zip` must be there, and it must declare at most `maxBytes`. Pure.
 */
function pickBackupEntry(entries, artifact, maxBytes) {
    const unsafe = entries.find((e) => e.name.startsWith("/") ||
        /^[A-Za-z]:/.test(e.name) ||
        /[\\\0]/.test(e.name) ||
        e.name.split("/").some((part) => part === ".."));
    if (unsafe)
        return {
            error: `artifact ${artifact} holds an entry whose path leaves its folder (${JSON.stringify(unsafe.name)}): refused, nothing was unpacked.`,
        };
    const zips = entries.filter((e) => /\.zip$/i.test(e.name) && !e.name.endsWith("/"));
    if (zips.length !== 1)
        return {
            error: `artifact ${artifact} holds ${zips.length === 0 ? "no .zip" : `${zips.length} .zip files (${zips.map((z) => z.name).join(", ")})`}: upload exactly one backup ZIP (command: backup's backup-file) in it.`,
        };
    const zip = zips[0];
    if (zip.size > maxBytes)
        return {
            error: `artifact ${artifact}: ${zip.name} declares ${zip.size} bytes unpacked, more than the ${maxBytes} bytes a seed may be: refused.`,
        };
    return { name: zip.name };
}


/***/ })

};
