/**
 * Glob matching for patterns a repository supplies (.gitignore lines, workspace patterns), in
 * bounded time: no regular expression is built from them (a run of `*` before a letter makes a
 * backtracking regex take exponential time, blocking the event loop so that even SIGTERM is
 * never handled). A run of `*` is one `*`; the match keeps one position in the pattern and the
 * last `*` to return to, so it takes at most pattern length x subject length steps; patterns
 * longer than MAX_GLOB_LENGTH match nothing. Pure.
 */

/** Longer patterns match nothing (no real .gitignore line or workspace glob comes close). */
export const MAX_GLOB_LENGTH = 1024;
/** At most this many patterns of one list are read (workspaces; .gitignore lines: see gitignore.ts). */
export const MAX_GLOBS = 1000;

export interface GlobOptions {
  /** `[...]`: "literal" reads it as the text it is; "any" as any one character (a generous reading). */
  classes?: "literal" | "any";
  /** `\x` is the literal x (gitignore); otherwise a backslash is itself. */
  escapes?: boolean;
  ignoreCase?: boolean;
}

type Token = { kind: "star" } | { kind: "one" } | { kind: "char"; char: string };

/** The pattern's tokens; undefined for a pattern over the length cap. */
function compile(glob: string, options: GlobOptions): Token[] | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return undefined;
  const tokens: Token[] = [];
  const char = (c: string): Token => ({ kind: "char", char: options.ignoreCase ? c.toLowerCase() : c });
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (options.classes === "any" && c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close !== -1) {
        tokens.push({ kind: "one" });
        i = close;
        continue;
      }
    }
    if (options.escapes !== false && c === "\\" && i + 1 < glob.length) tokens.push(char(glob[++i]!));
    else if (c === "*") {
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
    } else if (c === "?") tokens.push({ kind: "one" });
    else tokens.push(char(c));
  }
  return tokens;
}

/** Whether `subject` matches `glob` whole; `*` and `?` never match a `/`. */
export function globMatch(glob: string, subject: string, options: GlobOptions = {}): boolean {
  const tokens = compile(glob, options);
  if (!tokens) return false;
  const s = options.ignoreCase ? subject.toLowerCase() : subject;
  let p = 0;
  let q = 0;
  /** The last `*` seen and where in the subject its match ends now. */
  let star = -1;
  let starEnd = 0;
  while (q < s.length) {
    const token = tokens[p];
    if ((token?.kind === "char" && token.char === s[q]) || (token?.kind === "one" && s[q] !== "/")) {
      p++;
      q++;
    } else if (token?.kind === "star") {
      star = p++;
      starEnd = q;
    } else if (star >= 0 && s[starEnd] !== "/") {
      // The last `*` takes one more character; the rest is tried again after it.
      p = star + 1;
      q = ++starEnd;
    } else return false;
  }
  while (tokens[p]?.kind === "star") p++;
  return p === tokens.length;
}
