export const id = 718;
export const ids = [718];
export const modules = {

/***/ 27718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPost: () => (/* binding */ runPost)
/* harmony export */ });
/* harmony import */ var _adapters_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8226);
/* harmony import */ var _adapters_kubectl_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85342);
/* harmony import */ var _adapters_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61169);
/* harmony import */ var _core_child_env_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(88111);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(16585);
/* harmony import */ var _targets_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(74803);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(33175);
/**
 * The action's post step: removes what main recorded in this job's state (never a compose file
 * found on disk: it may not be ours), when cleanup is on. Loaded only in the post run, so that it
 * does not parse the pipeline.
 */







function readPostState(platform) {
    const text = platform.getState(_state_js__WEBPACK_IMPORTED_MODULE_6__/* .STATE */ .c.teardown);
    if (!text)
        return undefined;
    const state = JSON.parse(text);
    const strings = (...keys) => keys.every((k) => typeof state[k] === "string");
    const complete = state.kind === "kubernetes"
        ? strings("namespace", "instanceName")
        : strings("workingDirectory", "composeFile", "composeProject");
    if (!complete)
        throw new Error("the state main saved is incomplete");
    return { ...state, cleanup: state.cleanup !== false };
}
/**
 * Once cleanup removed the instance, its pull request's comment and deployment say so (main left
 * the preview's spec in the state when it spoke there). @actions/github loads only then.
 */
async function reportRemoved(platform, env, makeClient, state) {
    const text = platform.getState(_state_js__WEBPACK_IMPORTED_MODULE_6__/* .STATE */ .c.preview);
    if (!text)
        return;
    const token = platform.getInput("github-token");
    if (token)
        platform.setSecret(token);
    const { openPreviewReporter } = await __webpack_require__.e(/* import() */ 527).then(__webpack_require__.bind(__webpack_require__, 34527));
    const reporter = await openPreviewReporter({
        spec: JSON.parse(text),
        env,
        token,
        warn: (m) => platform.logger.warn(m),
        ...(makeClient ? { makeClient } : {}),
    });
    await reporter?.report({ state });
}
async function runPost(platform, env = process.env, makeDocker = () => (0,_adapters_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .createDocker */ .hC)((0,_adapters_process_js__WEBPACK_IMPORTED_MODULE_2__/* .createProcessRunner */ .Ej)(), env), makeKubectl = () => (0,_adapters_kubectl_js__WEBPACK_IMPORTED_MODULE_1__/* .createKubectl */ .b7)((0,_adapters_process_js__WEBPACK_IMPORTED_MODULE_2__/* .createProcessRunner */ .Ej)(), (0,_core_child_env_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveChildEnv */ .BD)(env)), makeGitHubClient) {
    // Post-step problems are warnings: the job's result is decided by its own steps.
    try {
        // Only what main recorded in this job: never a compose file found on disk (it may not be ours).
        const state = readPostState(platform);
        if (!state) {
            platform.logger.info("Nothing to clean up: the main step started no containers.");
            return;
        }
        // Adapters are made only for the kind of instance recorded (kubectl only for kubernetes).
        const instance = (0,_targets_index_js__WEBPACK_IMPORTED_MODULE_5__/* .openInstance */ .QS)(state, {
            docker: makeDocker(),
            ...((0,_core_layout_js__WEBPACK_IMPORTED_MODULE_4__/* .isKubernetesInstance */ .eV)(state) ? { kubectl: makeKubectl() } : {}),
            logger: platform.logger,
        });
        if (!state.cleanup) {
            platform.logger.info(`cleanup is off: ${instance.name} keeps running.`);
            return;
        }
        try {
            await instance.remove({ dumpLogs: true, volumes: true });
        }
        catch (error) {
            await reportRemoved(platform, env, makeGitHubClient, "remove-failed").catch((e) => platform.logger.warn(`The pull request is not told that removal failed: ${(0,_state_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .g)(e)}`));
            throw error;
        }
        await reportRemoved(platform, env, makeGitHubClient, "removed");
    }
    catch (error) {
        platform.logger.warn(`Cleanup failed: ${(0,_state_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .g)(error)}`);
    }
}


/***/ })

};
