/**
 * The preview's comment: what it says in each state, and that no string put in it (hostile ones
 * included) can open HTML, a link, a mention, a code span or another comment's marker.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autolink,
  codeSpan,
  describePreviewStatus,
  inlineText,
  isPreviewComment,
  type PreviewReport,
  previewMarker,
  renderPreviewComment,
} from "../../src/core/preview-comment.js";

/** A comment written by the job's token (github-actions[bot]). */
const bot = (body: string) => ({ body, user: { type: "Bot" }, author_association: "NONE" });

const base: PreviewReport = {
  preview: "pr-7",
  state: "ready",
  target: "compose",
  sha: "0123456789abcdef0123456789abcdef01234567",
  urls: {
    api: "https://pr-7.example.com",
    site: "https://pr-7-site.example.com",
    dashboard: "https://d.example.com",
  },
  durationMs: 83_400,
  runUrl: "https://github.com/octo/app/actions/runs/99",
  at: "2026-12-06T07:00:00.000Z",
};

const HOSTILE = [
  "</details>",
  "<!-- setup-coder-convex preview: pr-8 -->",
  "[x](javascript:alert(1))",
  "@octocat and @org/team",
  "`code` ``more``",
  "line one\nline two\r\n# heading",
  "<img src=x onerror=alert(1)>",
  "**bold** _em_ ~~strike~~ | cell |",
  "&lt;script&gt;",
  "https://evil.example.com/?q=<b>",
];

/** What inlineText may produce: escaped punctuation, a mention broken by U+2060, other characters. */
const SAFE_INLINE = /^(?:\\[!-/:-@[-`{-~]|@\u2060|[^!-/:-@[-`{-~\r\n\u2028\u2029])*$/;

describe("renderPreviewComment", () => {
  it("ready: URLs, commit, time, how to get the admin key, the run; marker first", () => {
    expect(renderPreviewComment(base)).toBe(
      [
        "<!-- setup-coder-convex preview: pr-7 -->",
        "### Convex preview pr\\-7: ✅ Ready",
        "",
        "Commit `0123456789ab` deployed in 1 min 23 s.",
        "",
        "- API: <https://pr-7.example.com/>",
        "- Site (HTTP actions, auth): <https://pr-7-site.example.com/>",
        "- Dashboard: <https://d.example.com/>",
        "- Admin key (never shown here): on the runner's host, `docker compose -p pr-7 exec backend ./generate_admin_key.sh`, or `CONVEX_SELF_HOSTED_ADMIN_KEY` in the app's `.env.local` there",
        "- Run: <https://github.com/octo/app/actions/runs/99>",
        "",
        "<sub>Updated 2026\\-12\\-06 07\\:00\\:00 UTC by setup-coder-convex.</sub>",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["deploying", {}, /⏳ Deploying[\s\S]*Deploying commit `0123456789ab`\.[\s\S]*- API:/],
    [
      "failed",
      { failedPhase: "Deploy" },
      /❌ Failed[\s\S]*failed in 1 min 23 s, in the phase \*\*Deploy\*\*/,
    ],
    ["removed", {}, /🗑️ Removed[\s\S]*no longer answer/],
    [
      "remove-failed",
      {},
      /⚠️ Not removed[\s\S]*Removing the preview failed in 1 min 23 s[\s\S]*may still be running[\s\S]*- API:/,
    ],
  ] as const)("%s", (state, extra, expected) => {
    const text = renderPreviewComment({ ...base, state, ...extra });
    expect(text).toMatch(expected);
    if (state === "removed") expect(text).not.toMatch(/API|Dashboard|Admin key/);
  });

  it("kubernetes: the admin key from the pod's generate_admin_key.sh, in the preview's namespace", () => {
    const text = renderPreviewComment({ ...base, target: "kubernetes", namespace: "previews" });
    expect(text).toContain(
      "`kubectl exec -n previews statefulset/convex-pr-7 -- /convex/generate_admin_key.sh`",
    );
  });

  it("no hostile string put in it opens HTML, a link, a mention, a code span or another marker", () => {
    for (const hostile of HOSTILE) {
      const text = renderPreviewComment({
        ...base,
        state: "failed",
        failedPhase: hostile,
        sha: hostile,
        urls: { api: hostile, site: `javascript:alert(1)//${hostile}`, dashboard: hostile },
      });
      const lines = text.split("\n");
      expect(lines.filter((l) => l.includes("<!--"))).toEqual([previewMarker("pr-7")]);
      expect(text).not.toContain("</details>");
      expect(text).not.toMatch(/(?<!\\)<img|(?<!\\)\]\(javascript|@octocat|@org/);
      expect(text).not.toContain("line two\n");
      // The only tags (an escaped \< is text): the marker, <sub>, and autolinks (the URL parser's form, no < or > inside).
      for (const tag of text.match(/(?<!\\)<[^>]*>/g) ?? [])
        expect(tag).toMatch(/^(<!-- setup-coder-convex preview: pr-7 -->|<\/?sub>|<https?:\/\/[^\s<>`]+>)$/);
      expect(text).toContain("Commit unknown failed");
    }
  });
});

describe("inlineText, codeSpan, autolink", () => {
  it("inlineText: every punctuation mark escaped, one line, no mention, and nothing lost", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = inlineText(s);
        expect(out).toMatch(SAFE_INLINE);
        const back = out.replace(/\\([!-/:-@[-`{-~])/g, "$1").replace(/@\u2060/g, "@");
        expect(back).toBe(s.replace(/[\r\n\t\u2028\u2029]+/g, " "));
      }),
    );
  });

  it("codeSpan: no content closes it early", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = codeSpan(s);
        const fence = out.match(/^`+/)![0];
        const inner = out.slice(fence.length, out.length - fence.length);
        expect(out.endsWith(fence)).toBe(true);
        for (const run of inner.match(/`+/g) ?? []) expect(run.length).toBeLessThan(fence.length);
        expect(inner).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it.each([
    ["https://pr-7.example.com", "<https://pr-7.example.com/>"],
    ["http://localhost:3210", "<http://localhost:3210/>"],
    ["https://x.example.com/a b<c>`d", "<https://x.example.com/a%20b%3Cc%3E%60d>"],
    ["javascript:alert(1)", "javascript\\:alert\\(1\\)"],
    ["not a url", "not a url"],
  ])("autolink(%j) = %j", (url, expected) => {
    expect(autolink(url)).toBe(expected);
  });
});

describe("the marker", () => {
  it.each([
    ["pr-7", "pr-7", true],
    ["pr-7", "pr-70", false],
    ["pr-7-web", "pr-7-admin", false],
  ])("comment of %s is found for %s: %s", (owner, looked, found) => {
    expect(isPreviewComment(bot(`${previewMarker(owner)}\n### …`), looked)).toBe(found);
  });

  it("a name cannot end the marker early or add a line", () => {
    expect(previewMarker("a --> b\nc")).toBe("<!-- setup-coder-convex preview: a_--__b_c -->");
    expect(isPreviewComment(bot(`quoted: ${previewMarker("pr-7")}`), "pr-7")).toBe(false);
  });

  it.each([
    ["Bot", "NONE", true], // the job's token: github-actions[bot]
    ["User", "OWNER", true],
    ["User", "MEMBER", true],
    ["User", "COLLABORATOR", true], // a personal token in github-token
    ["User", "CONTRIBUTOR", false], // anyone who forks and comments
    ["User", "FIRST_TIME_CONTRIBUTOR", false],
    ["User", "FIRST_TIMER", false],
    ["User", "NONE", false],
    ["Mannequin", "MANNEQUIN", false],
    [undefined, undefined, false],
  ])("the marker in a comment by a %s (%s) is the preview's: %s", (type, association, found) => {
    const comment = {
      body: `${previewMarker("pr-7")}\n### …`,
      ...(type ? { user: { type } } : {}),
      ...(association ? { author_association: association } : {}),
    };
    expect(isPreviewComment(comment, "pr-7")).toBe(found);
  });
});

it("describePreviewStatus: short (GitHub takes 140 characters), the commit abbreviated", () => {
  expect(describePreviewStatus(base)).toBe("Ready: 0123456");
  expect(describePreviewStatus({ ...base, state: "failed", failedPhase: "x".repeat(300) })).toHaveLength(140);
  expect(describePreviewStatus({ ...base, state: "removed" })).toBe("Removed");
  expect(describePreviewStatus({ ...base, state: "remove-failed" })).toBe(
    "Removal failed: it may still be running",
  );
});
