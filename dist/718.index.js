export const id = 718;
export const ids = [718];
export const modules = {

/***/ 7718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPost: () => (/* binding */ runPost)
/* harmony export */ });
/* harmony import */ var _adapters_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8226);
/* harmony import */ var _adapters_kubectl_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5342);
/* harmony import */ var _adapters_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1169);
/* harmony import */ var _core_child_env_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8111);
/* harmony import */ var _core_layout_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6585);
/* harmony import */ var _targets_index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4803);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3175);
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
async function runPost(platform, env = process.env, makeDocker = () => (0,_adapters_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .createDocker */ .hC)((0,_adapters_process_js__WEBPACK_IMPORTED_MODULE_2__/* .createProcessRunner */ .Ej)(), env), makeKubectl = () => (0,_adapters_kubectl_js__WEBPACK_IMPORTED_MODULE_1__/* .createKubectl */ .b7)((0,_adapters_process_js__WEBPACK_IMPORTED_MODULE_2__/* .createProcessRunner */ .Ej)(), (0,_core_child_env_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveChildEnv */ .BD)(env))) {
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
        await instance.remove({ dumpLogs: true, volumes: true });
    }
    catch (error) {
        platform.logger.warn(`Cleanup failed: ${(0,_state_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .g)(error)}`);
    }
}


/***/ })

};
