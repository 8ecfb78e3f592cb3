/**
 * README.md and docs/*.md as this project's tests read them: their fenced code blocks, the text
 * outside them, and the anchors GitHub gives their headings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** README.md and every page of docs/, relative to the repository. */
export const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);
export const read = (page: string) => readFileSync(join(ROOT, page), "utf8");

export interface Block {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** Words after the language (`ts run`). */
  flags: string[];
  code: string;
}

/** Fenced code blocks, and the text outside them (fences blanked, so line numbers stay). */
export function splitMarkdown(page: string): { blocks: Block[]; prose: string[] } {
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { fence: string; line: number; info: string; body: string[] } | undefined;
  read(page)
    .split("\n")
    .forEach((text, i) => {
      const fence = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(text);
      if (!open && fence) {
        open = { fence: fence[1]!, line: i + 1, info: fence[2]!.trim(), body: [] };
        prose.push("");
      } else if (open && fence && fence[1]!.startsWith(open.fence) && fence[2] === "") {
        const [lang = "", ...flags] = open.info.split(/\s+/).filter(Boolean);
        blocks.push({ page, line: open.line, lang, flags, code: `${open.body.join("\n")}\n` });
        open = undefined;
        prose.push("");
      } else if (open) {
        open.body.push(text);
        prose.push("");
      } else prose.push(text);
    });
  if (open) throw new Error(`${page}:${open.line}: unclosed code block`);
  return { blocks, prose };
}

export const where = (b: Block) => `${b.page}:${b.line}`;
export const allBlocks = PAGES.flatMap((p) => splitMarkdown(p).blocks);
export const byLang = (...langs: string[]) => allBlocks.filter((b) => langs.includes(b.lang));

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a page's headings (a repeated heading gets -1, -2, ...). */
export function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of splitMarkdown(page).prose) {
    const h = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}
