/**
 * Adds entries to a .gitignore (pure: text in, text out). An entry already ignored by an existing
 * rule (`.env.local`, `/.env.local`, `*.local`, `.env*`, ...) is not added again; existing lines are
 * never changed. Rules are read the way git reads simple patterns: the last matching rule wins and
 * `!` re-includes.
 */
function ruleMatcher(rule: string): RegExp | undefined {
  if (rule.endsWith("/")) return undefined; // a folder rule never matches our files
  const pattern = rule.replace(/^\//, "");
  return pattern ? new RegExp(`^${globToRegex(pattern)}$`) : undefined;
}

function globToRegex(glob: string): string {
  let out = "";
  for (const c of glob) {
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return out;
}

/** Whether a file at the repository's top level is ignored by these rules. */
export function isIgnored(text: string, file: string): boolean {
  let ignored = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    const matcher = ruleMatcher(negated ? line.slice(1) : line);
    if (matcher?.test(file)) ignored = !negated;
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
