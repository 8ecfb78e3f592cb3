/**
 * The documentation against the code: docs/inputs.md is the generator's output, and every relative
 * link of README.md and docs/*.md reaches an existing file and heading. The code blocks are checked
 * in integration/doc-snippets.test.ts.
 */
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { INPUTS_PAGE, RELEASES_PAGE, renderInputsPage, renderReleasesPage } from "../scripts/gen-docs.js";
import { anchors, PAGES, ROOT, read, splitMarkdown } from "./helpers/markdown.js";

describe("docs/inputs.md", () => {
  it("is what `npm run docs` writes from the code (never edited by hand)", () => {
    expect(read(INPUTS_PAGE), "run `npm run docs` and commit docs/inputs.md").toBe(renderInputsPage());
  });
});

describe("docs/convex-cli-versions.md", () => {
  it("its release table is the code's (src/core/releases.ts), as `npm run docs` writes it", () => {
    const page = read(RELEASES_PAGE);
    expect(page, "run `npm run docs` and commit docs/convex-cli-versions.md").toBe(renderReleasesPage(page));
  });
});

describe("links", () => {
  it("every relative link of README.md and docs/*.md reaches an existing file and heading", () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      splitMarkdown(page).prose.forEach((text, i) => {
        const line = text.replace(/`[^`]*`/g, "");
        for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
          const target = m[1]!;
          if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
          const [path = "", anchor] = target.split("#");
          const file = path ? join(dirname(join(ROOT, page)), path) : join(ROOT, page);
          const at = `${page}:${i + 1}: ${target}`;
          if (!file.startsWith(ROOT) || !existsSync(file)) broken.push(`${at} (no such file)`);
          else if (anchor !== undefined) {
            if (!file.endsWith(".md")) broken.push(`${at} (an anchor into a file that is not Markdown)`);
            else if (!anchors(relative(ROOT, file)).has(anchor)) broken.push(`${at} (no such heading)`);
          }
        }
      });
    }
    expect(broken).toEqual([]);
  });
  it("README.md links every page of docs/", () => {
    const readme = read("README.md");
    const unlinked = PAGES.filter((p) => p.startsWith("docs/") && !readme.includes(`](${p})`));
    expect(unlinked).toEqual([]);
  });
});
