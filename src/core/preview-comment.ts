/**
 * What a preview says on its pull request: one comment per preview, found again by a hidden
 * marker, and the GitHub deployment's environment name and status description. Pure: the action
 * (src/action/preview.ts) does the requests.
 *
 * A pull request's comment is public and rendered as Markdown with HTML. Nothing from the pull
 * request (branch name, title, commit message) is put in it; what is (names from the inputs, URLs,
 * a phase's title) goes through `inlineText` or `autolink`, which cannot open HTML, a link, a
 * mention or another block, and never a secret: the admin key is only said where to find. The
 * marker is found again only in a comment a bot or a collaborator wrote (`isPreviewComment`).
 */
import type { TargetName } from "./inputs.js";

export type PreviewState = "deploying" | "ready" | "failed" | "removed" | "remove-failed";

/** The states of a preview's end (down or the post step): no new comment or deployment is made for them. */
export const isEnding = (state: PreviewState): boolean => state === "removed" || state === "remove-failed";

export interface PreviewReport {
  /** The preview's name: the compose project, or the instance name (kubernetes, connect). */
  preview: string;
  state: PreviewState;
  target: TargetName;
  /** The pull request's head commit (40 hex); anything else is not shown. */
  sha: string;
  urls: { api: string; site: string; dashboard?: string };
  /** failed: the title of the phase that failed. */
  failedPhase?: string;
  /** ready / failed / removed: how long the run took. */
  durationMs?: number;
  /** The workflow run's page (its logs). */
  runUrl?: string;
  /** kubernetes: the namespace (for the admin key's command). */
  namespace?: string;
  /** When this state was reached (ISO 8601). */
  at: string;
}

const MARKER_PREFIX = "<!-- setup-coder-convex preview:";

/**
 * The hidden line that finds a preview's comment again. The name is reduced to the characters an
 * instance or project name may hold, so the marker can never end early or match another's.
 */
export function previewMarker(preview: string): string {
  return `${MARKER_PREFIX} ${preview.replace(/[^a-z0-9_./-]/gi, "_")} -->`;
}

/** The deployment environment of a preview: `preview/<name>`. */
export function previewEnvironment(preview: string): string {
  return `preview/${preview}`;
}

/** A comment as GitHub lists it: its body and who wrote it. */
export interface ListedComment {
  body?: string | null | undefined;
  user?: { type?: string | undefined } | null | undefined;
  author_association?: string | undefined;
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
export function isPreviewComment(comment: ListedComment, preview: string): boolean {
  if ((comment.body ?? "").split("\n", 1)[0] !== previewMarker(preview)) return false;
  return comment.user?.type === "Bot" || TRUSTED_ASSOCIATIONS.has(comment.author_association ?? "");
}

/**
 * Text safe inline in GitHub Markdown: one line, every ASCII punctuation mark backslash-escaped
 * (CommonMark: no HTML, entity, emphasis, link, autolink, code span, table cell or heading can
 * start), and `@` kept from forming a mention by a word joiner (U+2060) after it.
 */
export function inlineText(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, " ")
    .replace(/[!-/:-@[-`{-~]/g, (c) => (c === "@" ? c : `\\${c}`))
    .replace(/@/g, "@\u2060");
}

/** A code span that no content can end early: a fence longer than any run of backticks in it. */
export function codeSpan(text: string): string {
  const line = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // A space inside the fence only where a backtick would touch it (CommonMark strips one each side).
  const pad = /^`|`$/.test(line) ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** An http(s) URL as an autolink (the URL parser's form: no space, `<` or `>` left); anything else as text. */
export function autolink(url: string): string {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === "https:" || parsed.protocol === "http:") && !/[\s<>`]/.test(parsed.href))
      return `<${parsed.href}>`;
  } catch {}
  return inlineText(url);
}

const HEADLINE: Record<PreviewState, string> = {
  deploying: "⏳ Deploying",
  ready: "✅ Ready",
  failed: "❌ Failed",
  removed: "🗑️ Removed",
  "remove-failed": "⚠️ Not removed",
};

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}

/** How to get the admin key where the preview runs: a command, never the key. */
function adminKeyHelp(r: PreviewReport): string {
  if (r.target === "kubernetes")
    return `run ${codeSpan(`kubectl exec -n ${r.namespace ?? "NAMESPACE"} statefulset/convex-${r.preview} -- /convex/generate_admin_key.sh`)} with the previews' kubeconfig`;
  if (r.target === "compose")
    return `on the runner's host, ${codeSpan(`docker compose -p ${r.preview} exec backend ./generate_admin_key.sh`)}, or \`CONVEX_SELF_HOSTED_ADMIN_KEY\` in the app's \`.env.local\` there`;
  return "from the backend's operator (it runs elsewhere: target connect)";
}

const SHA_RE = /^[0-9a-f]{40}$/;

/** The comment's Markdown, marker first. */
export function renderPreviewComment(r: PreviewReport): string {
  const lines = [
    previewMarker(r.preview),
    `### Convex preview ${inlineText(r.preview)}: ${HEADLINE[r.state]}`,
    "",
  ];
  const commit = SHA_RE.test(r.sha) ? `\`${r.sha.slice(0, 12)}\`` : "unknown";
  const took = r.durationMs !== undefined ? ` in ${seconds(r.durationMs)}` : "";
  if (r.state === "deploying") lines.push(`Deploying commit ${commit}.`);
  if (r.state === "ready") lines.push(`Commit ${commit} deployed${took}.`);
  if (r.state === "failed")
    lines.push(
      `Commit ${commit} failed${took}, in the phase **${inlineText(r.failedPhase ?? "unknown")}**: the run's log says why.`,
    );
  if (r.state === "removed")
    lines.push(`The preview was removed${took} when the pull request closed; its URLs no longer answer.`);
  if (r.state === "remove-failed")
    lines.push(
      `Removing the preview failed${took}: the run's log says why. It may still be running; run the removal again (or \`prune\`).`,
    );
  lines.push("");
  if (r.state !== "removed") {
    lines.push(`- API: ${autolink(r.urls.api)}`, `- Site (HTTP actions, auth): ${autolink(r.urls.site)}`);
    if (r.urls.dashboard) lines.push(`- Dashboard: ${autolink(r.urls.dashboard)}`);
    lines.push(`- Admin key (never shown here): ${adminKeyHelp(r)}`);
  }
  if (r.runUrl) lines.push(`- Run: ${autolink(r.runUrl)}`);
  lines.push(
    "",
    `<sub>Updated ${inlineText(r.at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC"))} by setup-coder-convex.</sub>`,
  );
  return `${lines.join("\n")}\n`;
}

/** A deployment status's description (at most 140 characters, GitHub's limit). */
export function describePreviewStatus(r: PreviewReport): string {
  const commit = SHA_RE.test(r.sha) ? r.sha.slice(0, 7) : "";
  const text: Record<PreviewState, string> = {
    deploying: `Deploying ${commit}`,
    ready: `Ready: ${commit}`,
    failed: `Failed in ${r.failedPhase ?? "a phase"} (${commit})`,
    removed: "Removed",
    "remove-failed": "Removal failed: it may still be running",
  };
  return text[r.state].slice(0, 140);
}
