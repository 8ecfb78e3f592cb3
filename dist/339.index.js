export const id = 339;
export const ids = [339];
export const modules = {

/***/ 36339:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);
/**
 * The one GitHub REST client of the action (action-only: its packages are bundled into dist/, not
 * dependencies of the npm package) (pull request comments, deployments, prune's pull
 * request states, artifacts): @actions/github's Octokit with the retry and throttling plugins, so
 * that a secondary rate limit or a 5xx is retried a bounded number of times, and every retry is a
 * warning the user sees. The token is masked by the caller the moment it is read; it is never
 * logged here. Loaded only by the commands that use it (@actions/github is large).
 */



/** A proxy for HTTPS set in the environment (the runner's HTTPS_PROXY; NO_PROXY is honoured there). */
function proxied(env) {
    return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}
/**
 * A stand-in for the plugin's Bottleneck groups that space writes: it schedules at once. The
 * plugin only asks a group for `key(id).schedule(options, job)` before a write.
 */
const unspaced = {
    key: () => ({ schedule: async (_options, job) => job() }),
};
function createGitHubClient(options) {
    const retries = options.retries ?? 2;
    const onLimit = (kind) => (after, request, _octokit, count) => {
        if (count < retries) {
            options.warn(`GitHub ${kind} on ${request.method} ${request.url}: retrying in ${after} s (${count + 1} of ${retries}).`);
            return true;
        }
        options.warn(`GitHub ${kind} on ${request.method} ${request.url}: gave up after ${retries} retries.`);
        return false;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, {
        ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, "") } : {}),
        // Node's own fetch unless a proxy is set: then @actions/github's proxy-aware fetch is kept.
        ...(proxied(options.env ?? process.env) ? {} : { request: { fetch: globalThis.fetch } }),
        retry: {
            retries,
            ...(options.retryAfterBaseValue !== undefined
                ? { retryAfterBaseValue: options.retryAfterBaseValue }
                : {}),
        },
        throttle: {
            onRateLimit: onLimit("rate limit"),
            onSecondaryRateLimit: onLimit("secondary rate limit"),
            ...(options.retryAfterBaseValue !== undefined
                ? { retryAfterBaseValue: options.retryAfterBaseValue, fallbackSecondaryRateRetryAfter: 0 }
                : {}),
            // Typed as the plugin's Bottleneck.Group, of which it uses only key().schedule().
            ...(options.retryAfterBaseValue === 0
                ? { write: unspaced, notifications: unspaced }
                : {}),
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
}


/***/ })

};
