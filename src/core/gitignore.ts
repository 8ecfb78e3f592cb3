/** Adds entries to a .gitignore (pure: text in, text out); existing lines are never changed. */
export function mergeGitignore(
  existing: string | undefined,
  entries: readonly string[],
): { text: string; added: string[] } {
  const text = existing ?? "";
  const present = new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.replace(/^\//, "")),
  );
  const added = entries.filter((e) => !present.has(e.replace(/^\//, "")));
  if (added.length === 0) return { text, added };
  const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  const block = ["# setup-coder-convex: files holding secrets", ...added].join("\n");
  return { text: `${prefix}${prefix ? "\n" : ""}${block}\n`, added };
}
