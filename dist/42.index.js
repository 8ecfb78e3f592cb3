export const id = 42;
export const ids = [42];
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

/***/ 76042:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readPullStates: () => (/* binding */ readPullStates)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _github_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19479);
/**
 * prune's question to GitHub: is each preview's pull request still open? One
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}` per number (its `state` is open or closed),
 * through the one REST client (adapters/github.ts, loaded only here, lazily). A token that may not
 * read pull requests is said once, and prune then goes by age alone.
 */


const AGE_ONLY = "Only previews older than max-age are removed in this run.";
const readPullStates = async (repository, numbers, options) => {
    const states = new Map();
    if (numbers.length === 0)
        return states;
    if (!options.token) {
        options.warn(`No github-token: the state of the pull requests cannot be asked. ${AGE_ONLY} Give github-token (the default \${{ github.token }} in a workflow; GITHUB_TOKEN on the command line).`);
        return states;
    }
    const client = await (0,_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .openGitHubClient */ .L)({ ...options, token: options.token });
    const [owner, repo] = repository.split("/");
    for (const n of numbers) {
        try {
            const { data } = await client.rest.pulls.get({ owner, repo, pull_number: n });
            states.set(n, data.state === "closed" ? "closed" : "open");
        }
        catch (error) {
            const status = error.status;
            const reason = error.message;
            if (status === 401 || status === 403) {
                options.warn(`GitHub refused to read pull request #${n} of ${repository} (HTTP ${status}: ${reason}): the token may not read pull requests; give the workflow \`permissions: pull-requests: read\`. ${AGE_ONLY}`);
                return new Map();
            }
            if (status === 404) {
                options.warn(`Pull request #${n} of ${repository} was not found (HTTP 404): its preview is kept unless it is older than max-age.`);
                states.set(n, "unknown");
                continue;
            }
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SetupError */ .w3(`Reading pull request #${n} of ${repository} from GitHub failed: ${reason}.`, "Nothing was removed. Retry later, or check GITHUB_API_URL and the network.");
        }
    }
    return states;
};


/***/ })

};
