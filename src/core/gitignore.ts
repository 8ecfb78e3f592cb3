/**
 * Adds entries to a .gitignore (pure: text in, text out). An entry already ignored by an existing
 * rule (`.env.local`, `/.env.local`, `*.local`, `.env*`, ...) is not added again; existing lines are
 * never changed. Rules are read the way git reads simple patterns: the last matching rule wins and
 * `!` re-includes; leading spaces are part of the pattern and trailing ones are not (unless
 * escaped as `\ `), `\#` and `\!` are literal, and a leading double star and slash matches at the
 * top level too.
 */
import { globMatch, MAX_GLOB_LENGTH } from "./glob.js";

/**
 * Whether a rule matches `file`. Errors must only ever lean to "not ignored" (then the entry is
 * added, at worst twice): an ignoring rule is read strictly (a character class `[...]` matches
 * nothing here), a re-including `!` rule generously (a class matches any character, and case is
 * ignored, as git does with core.ignorecase). Matched in bounded time (core/glob.ts): the lines
 * come from the repository.
 */
function ruleMatches(rule: string, generous: boolean, file: string): boolean {
  if (rule.endsWith("/")) return false; // a folder rule never matches our files
  // A leading `**/` matches in every folder, the top level included.
  const pattern = rule.replace(/^\//, "").replace(/^(\*\*\/)+/, "");
  if (!pattern) return false;
  // Too long to read: an ignoring rule matches nothing, a re-including one everything.
  if (pattern.length > MAX_GLOB_LENGTH) return generous;
  return globMatch(pattern, file, generous ? { classes: "any", ignoreCase: true } : {});
}

/** A line as git reads it: trailing spaces dropped unless escaped (`\ `), leading ones kept. */
function gitRule(raw: string): string {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === " " && raw[end - 2] !== "\\") end--;
  return raw.slice(0, end);
}

/** A .gitignore with more lines than this is read as ignoring nothing (its entries are added). */
export const MAX_GITIGNORE_LINES = 20_000;

/** Whether a file at the repository's top level is ignored by these rules. */
export function isIgnored(text: string, file: string): boolean {
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_GITIGNORE_LINES) return false;
  let ignored = false;
  for (const raw of lines) {
    const line = gitRule(raw);
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (ruleMatches(negated ? line.slice(1) : line, negated, file)) ignored = !negated;
  }
  return ignored;
}

export function mergeGitignore(
  existing: string | undefined,
  entries: readonly string[],
): { text: string; added: string[] } {
  const text = existing ?? "";
  const added = entries.filter((e) => !isIgnored(text, e));
  if (added.length === 0) return { text, added };
  const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  const block = ["# setup-coder-convex: files holding secrets", ...added].join("\n");
  return { text: `${prefix}${prefix ? "\n" : ""}${block}\n`, added };
}
