/**
 * Which line of `convex deploy`'s output says why it failed, and what to do about it.
 *
 * The CLI's last line is rarely the cause: offline (and outside CI) its error reporter (Sentry)
 * fails after the real error and prints `Unexpected Error: ... ingest.sentry.io` with a stack
 * frame; a failed typecheck ends with tsc's `Found 1 error in ...`; esbuild ends with a code
 * frame; a missing auth variable ends with the `npx convex env set ...` advice. Real outputs:
 * __tests__/fixtures/convex-cli/ (README.md there says how each was made).
 */
import { option } from "./naming.js";

/** CSI sequences (colours, cursor moves, erase) and OSC sequences (hyperlinks, titles). */
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, "");
}

/** ✖ (convex CLI failures), ✘ ✗ × (esbuild and other tools). */
const FAILURE_MARK_RE = /^[\u2716\u2718\u2717\u00d7]\s*/;
/** Prefixes of lines that only decorate: ✔ ⚠ ▌ └─ and a spinner's `- ` in a non-TTY. */
const DECORATION_RE = /^(?:[\u2714\u2713\u26a0\u258c\u2514\u2500]|- )\s*/;

/** Lines that never explain a deploy failure. */
const NOISE: readonly RegExp[] = [
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
function isProgress(line: string, raw: string): boolean {
  if (/^[\u2714\u2713]/.test(line)) return true;
  if (/^- \S/.test(line) && !/error/i.test(line)) return true;
  if (/(?:\.\.\.|\u2026)$/.test(line) && !/error|fail/i.test(line)) return true;
  return /^\s*[\u258c\u2514]/.test(raw);
}

interface Line {
  text: string;
  /** Starts with a failure mark (✖ ✘). */
  marked: boolean;
}

function meaningfulLines(output: string): Line[] {
  const lines: Line[] = [];
  // A lone \r rewrites the terminal line: what follows the last one is what was shown.
  for (const physical of stripAnsi(output).split(/\r?\n/)) {
    const raw = physical.split("\r").at(-1) ?? "";
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    if (NOISE.some((re) => re.test(trimmed))) continue;
    const marked = FAILURE_MARK_RE.test(trimmed);
    if (!marked && isProgress(trimmed, raw)) continue;
    const text = trimmed.replace(FAILURE_MARK_RE, "").replace(DECORATION_RE, "").replace(/\s+/g, " ");
    if (text !== "") lines.push({ text, marked });
  }
  return lines;
}

/** A tsc diagnostic: `convex/a.ts:2:65 - error TS2322: ...` or `convex/a.ts(2,65): error TS2322: ...`. */
const TSC_DIAGNOSTIC_RE = /^\S+(?::\d+:\d+ - |\(\d+,\d+\): )error TS\d+:/;
/** esbuild's location under an `[ERROR]`: `convex/broken.ts:1:17:`. */
const LOCATION_RE = /^\S+:\d+:\d+:?$/;
/** Says what failed, without a failure mark. */
const ERROR_LIKE_RE =
  /\b(?:[A-Z]\w*Error|Error|error TS\d+)\b:|\[ERROR\]|\b(?:[45]\d\d (?:[A-Z][a-z]+ ?)+)|\bE(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|ADDRINUSE)\b|fetch failed|\bfailed\b/;

/** A line that sharpens the one before it (the request that failed, the tsc error, the file). */
function isDetail(line: Line): boolean {
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
export function explainDeployFailure(output: string): string {
  const lines = meaningfulLines(output);
  let first = lines.findIndex((l) => l.marked);
  if (first === -1) first = lines.findIndex((l) => ERROR_LIKE_RE.test(l.text));
  if (first === -1) return lines.at(-1)?.text ?? "";
  const head = lines[first]!.text;
  // The detail is the next line, or for a failed typecheck the first tsc diagnostic after it.
  const rest = lines.slice(first + 1);
  const detail = /typecheck/i.test(head)
    ? rest.find((l) => TSC_DIAGNOSTIC_RE.test(l.text))
    : rest[0] && isDetail(rest[0])
      ? rest[0]
      : undefined;
  if (!detail) return head;
  return `${head} — ${detail.text.replace(/:$/, "")}`;
}

/**
 * What to do about a failure explained by explainDeployFailure, for the failures known to come
 * from the setup rather than from the app's code; undefined for the others (the CLI's own line
 * then says enough, e.g. a type error).
 */
export function hintForDeployFailure(line: string): string | undefined {
  const route = /\/api\/[\w/]+/.exec(line)?.[0];
  if (/\b404\b/.test(line) && route) {
    return `The backend answered 404 for ${route}: either the project's convex CLI and the backend image come from different releases (version skew: pin the convex package to the version the image was built with, or set ${option("backend-image")} to the release matching your convex version; see "Version skew" in the README), or CONVEX_SELF_HOSTED_URL does not reach the backend's API port (3210) but e.g. the site proxy (3211).`;
  }
  if (/missing field `?\w+`?/.test(line) && /start_push|push_config|prepare_schema|400/.test(line)) {
    return `The backend cannot read the CLI's push request: the convex CLI is newer than the backend image (version skew). Pin the convex package to the version the image was built with, or set ${option("backend-image")} to a newer release (see "Version skew" in the README).`;
  }
  if (/\b40[13]\b|BadAdminKey|MissingAdminKey|admin key was invalid/i.test(line)) {
    return "The backend refused CONVEX_SELF_HOSTED_ADMIN_KEY: the key was made for another INSTANCE_NAME or INSTANCE_SECRET than the backend runs with (e.g. a data volume created with another secret). `setup-coder-convex status` says whether the key in .env.local is accepted; pass the instance-secret the volume was created with.";
  }
  if (/fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|\bENOTFOUND\b/.test(line)) {
    return "The convex CLI could not reach the backend at CONVEX_SELF_HOSTED_URL: check that the backend container is running and that the URL is reachable from where `convex deploy` runs.";
  }
  if (
    /is used in auth config file but its value was not set|AuthConfigMissingEnvironmentVariable/.test(line)
  ) {
    const name = /Environment variable (\S+)/.exec(line)?.[1];
    return `convex/auth.config.ts reads ${name ?? "a deployment variable"}, which the deployment does not have: add it to ${option("env-vars")} (deployment variables are set before deploy).`;
  }
  if (/Please set CONVEX_DEPLOY_KEY to a new key|You are not logged in/.test(line)) {
    return "This convex CLI ignores CONVEX_SELF_HOSTED_URL (it is older than 1.19.1) and looked for a Convex cloud deployment: upgrade the project's convex package.";
  }
  if (/Could not resolve "/.test(line)) {
    return "A module imported by the Convex functions is not installed: install the project's dependencies before this step.";
  }
  if (/TypeScript typecheck via .* failed|error TS\d+/.test(line)) {
    return `Fix the type error, or add --typecheck=disable to ${option("deploy-args")} to deploy without typechecking.`;
  }
  return undefined;
}
