export const id = 836;
export const ids = [836];
export const modules = {

/***/ 19479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ openGitHubClient)
/* harmony export */ });
async function openGitHubClient(access) {
    const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(239), __webpack_require__.e(339)]).then(__webpack_require__.bind(__webpack_require__, 36339));
    return createGitHubClient({
        token: access.token,
        warn: access.warn,
        ...(access.baseUrl ? { baseUrl: access.baseUrl } : {}),
        ...(access.env ? { env: access.env } : {}),
        ...(access.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: access.retryAfterBaseValue } : {}),
    });
}


/***/ }),

/***/ 27836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_SEED_BYTES: () => (/* binding */ MAX_SEED_BYTES),
/* harmony export */   fetchSeedArtifact: () => (/* binding */ fetchSeedArtifact)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _adapters_snapshot_zip_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41440);
/* harmony import */ var _core_backup_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(82264);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);
/* harmony import */ var _github_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(19479);
/**
 * seed-artifact: a backup ZIP uploaded as a workflow artifact by another run (command: backup,
 * then actions/upload-artifact), fetched through GitHub's REST API: the repository's artifacts of
 * that name (`GET /repos/{owner}/{repo}/actions/artifacts?name=`, every page; with a run id, that
 * run's: `GET .../actions/runs/{run_id}/artifacts?name=`), then the artifact's archive
 * (`GET .../actions/artifacts/{id}/zip`, answered with a redirect to a storage URL). The archive
 * wraps the uploaded files: its entries are checked (core/backup-file.ts pickBackupEntry) and the
 * one backup ZIP is unpacked, bounded in size, into a private temporary folder. Nothing of it is
 * ever run: it is data for `convex import`. Only artifacts of runs of this repository's own
 * branches are taken: never one a pull request from a fork uploaded.
 */






/** The default bound on the artifact and on the backup unpacked from it. */
const MAX_SEED_BYTES = 2 * 1024 ** 3;
const statusOf = (error) => error.status;
/**
 * Uploaded by a run of this repository's own code: a pull request from a fork runs in this
 * repository and uploads to its artifacts, under any name the fork's workflow gives, so an artifact
 * whose run's head is another repository (or unknown) is never a seed.
 */
function fromThisRepository(a) {
    const run = a.workflow_run;
    return run?.repository_id !== undefined && run.head_repository_id === run.repository_id;
}
async function fetchSeedArtifact(artifact, options) {
    const maxBytes = options.maxBytes ?? MAX_SEED_BYTES;
    const which = `seed-artifact ${artifact.name}${artifact.runId ? ` of run ${artifact.runId}` : ""}`;
    if (!options.token)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${which}: no github-token to download it with.`, "Give github-token (in a workflow it defaults to the job's token; the job needs permissions: actions: read).");
    const client = await (0,_github_client_js__WEBPACK_IMPORTED_MODULE_5__/* .openGitHubClient */ .L)({ ...options, token: options.token });
    const [owner, repo] = options.repository.split("/");
    const refused = (error, what) => new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${which}: ${what} failed (${statusOf(error) ? `HTTP ${statusOf(error)}: ` : ""}${error.message}).`, statusOf(error) === 403 || statusOf(error) === 401
        ? "The token may not read the repository's artifacts: give the job permissions: actions: read."
        : "Check the artifact's name and that it has not expired (artifacts are kept 90 days by default).", { cause: error });
    // A run's own artifacts when it is named; else every page of the repository's of that name.
    const listing = { owner, repo, name: artifact.name, per_page: 100 };
    let listed;
    try {
        listed =
            artifact.runId === undefined
                ? await client.paginate(client.rest.actions.listArtifactsForRepo, listing)
                : await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
                    ...listing,
                    run_id: artifact.runId,
                });
    }
    catch (error) {
        throw refused(error, `listing the artifacts of ${artifact.runId === undefined ? options.repository : `run ${artifact.runId}`}`);
    }
    const named = listed
        .filter((a) => a.name === artifact.name && !a.expired)
        .filter((a) => artifact.runId === undefined || a.workflow_run?.id === artifact.runId);
    const own = named.filter(fromThisRepository);
    const found = own.sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0];
    if (!found) {
        const forks = named.length - own.length;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${which}: no unexpired artifact of that name in ${options.repository}${forks ? ` (${forks} uploaded by a pull request from a fork, never used)` : ""}.`, "Upload the backup with actions/upload-artifact under that name in the run that made it (command: backup), and check the run id.");
    }
    if (found.size_in_bytes > maxBytes)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${which} is ${found.size_in_bytes} bytes, more than the ${maxBytes} a seed may be: refused.`);
    let archive;
    try {
        const response = await client.rest.actions.downloadArtifact({
            owner,
            repo,
            artifact_id: found.id,
            archive_format: "zip",
        });
        archive = response.data;
    }
    catch (error) {
        throw refused(error, `downloading artifact ${found.id}`);
    }
    if (archive.byteLength > maxBytes)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`${which}: the download is ${archive.byteLength} bytes, more than ${maxBytes}: refused.`);
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(options.tmp, "seed-artifact-"));
    const remove = () => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    try {
        const outer = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, "artifact.zip");
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(outer, new Uint8Array(archive), { mode: 0o600 });
        const entries = await (0,_adapters_snapshot_zip_js__WEBPACK_IMPORTED_MODULE_2__/* .readCentralDirectory */ .Hp)(outer);
        const picked = (0,_core_backup_file_js__WEBPACK_IMPORTED_MODULE_3__/* .pickBackupEntry */ .eH)(entries, artifact.name, maxBytes);
        if ("error" in picked)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .SetupError */ .w3(`seed-artifact: ${picked.error}`);
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, "backup.zip");
        await (0,_adapters_snapshot_zip_js__WEBPACK_IMPORTED_MODULE_2__/* .extractEntry */ .gQ)(outer, entries.find((e) => e.name === picked.name), file, maxBytes);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(outer);
        const summary = await (0,_adapters_snapshot_zip_js__WEBPACK_IMPORTED_MODULE_2__/* .readSnapshot */ .RA)(file);
        const run = found.workflow_run?.id ? ` of run ${found.workflow_run.id}` : "";
        return {
            file,
            summary,
            description: `artifact ${artifact.name}${run} (${picked.name}, made ${found.created_at ?? "at an unknown time"})`,
            remove,
        };
    }
    catch (error) {
        await remove();
        throw error;
    }
}


/***/ })

};
