export const id = 527;
export const ids = [527];
export const modules = {

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


/***/ })

};
