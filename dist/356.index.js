export const id = 356;
export const ids = [356];
export const modules = {

/***/ 2356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreOrPull: () => (/* binding */ restoreOrPull)
/* harmony export */ });
/* unused harmony export cacheKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61691);
/* harmony import */ var _phases_images_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(20424);
/**
 * Optional image caching with the Actions cache (cache-images: true): restore a `docker save`
 * tarball keyed by the image references, pull what is missing, save on a miss. Off by default:
 * measure it in your workflow first (the e2e workflow prints both timings).
 */





function cacheKey(images) {
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
        .update([...images].sort().join("\n"))
        .digest("hex")
        .slice(0, 16);
    return `setup-coder-convex-images-${process.platform}-${process.arch}-${digest}`;
}
/** Throws when setup no longer needs the images (the same error a stopped pull gives). */
function stopIfAborted(signal) {
    if (signal.aborted)
        throw new Error("The image cache step was stopped: no longer needed.");
}
async function restoreOrPull(images, signal, warn, deps) {
    const { docker, logger, tmp } = deps;
    const cacheApi = deps.cacheApi ?? _actions_cache__WEBPACK_IMPORTED_MODULE_3__;
    if (!cacheApi.isFeatureAvailable()) {
        warn("cache-images: the Actions cache service is not available to this job; pulling instead.");
        await (0,_phases_images_js__WEBPACK_IMPORTED_MODULE_4__/* .pullAll */ .T)(docker, images, signal, warn);
        return;
    }
    const key = cacheKey(images);
    const tarball = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(tmp, `${key}.tar`);
    let hit;
    try {
        hit = await cacheApi.restoreCache([tarball], key);
    }
    catch (error) {
        warn(`Image cache restore failed (${error.message}); pulling instead.`);
    }
    try {
        stopIfAborted(signal);
        if (hit) {
            const start = performance.now();
            await docker.load(tarball);
            logger.info(`Loaded images from the Actions cache in ${Math.round(performance.now() - start)} ms.`);
            return;
        }
        const start = performance.now();
        await (0,_phases_images_js__WEBPACK_IMPORTED_MODULE_4__/* .pullAll */ .T)(docker, images, signal, warn);
        logger.info(`Pulled images in ${Math.round(performance.now() - start)} ms; saving them to the Actions cache.`);
        stopIfAborted(signal);
        try {
            await docker.save(tarball, images);
            await cacheApi.saveCache([tarball], key);
        }
        catch (error) {
            warn(`Image cache save failed: ${error.message}`);
        }
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tarball, { force: true });
    }
}


/***/ })

};
