/**
 * dotenv files: parse, render and merge. Rendered values read back identically with the `dotenv`
 * package, with `set -a; . file` in bash and with docker compose's env_file: single quotes (no
 * expansion anywhere), double quotes only for values with a `'` and nothing that bash or compose
 * would expand. Newlines, carriage returns, NUL and a trailing backslash cannot be represented
 * and are refused.
 */
import { SetupError } from "./errors.js";

export type EnvLine =
  | { type: "entry"; key: string; value: string; text: string }
  | { type: "other"; text: string };

export interface MergeResult {
  text: string;
  added: string[];
  updated: string[];
  removed: string[];
}

export interface MergeOptions {
  /** Comment lines written at the top of a new file. */
  header?: readonly string[];
  /** A comment line after which nothing is ever changed (the user section). */
  userMarker?: string;
  /** Name of the file, for messages. */
  file?: string;
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENTRY_RE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*/;

export function isEnvKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** The quoted form of a value; throws when no form reads back identically everywhere. */
export function renderEnvValue(value: string, key = "value"): string {
  if (/[\n\r\0]/.test(value)) {
    throw new SetupError(
      `${key}: the value contains a newline, carriage return or NUL, which an env file cannot hold portably.`,
      "Put multi-line values in a file of their own, or encode them (e.g. base64).",
    );
  }
  if (value.endsWith("\\")) {
    throw new SetupError(
      `${key}: the value ends with a backslash, which docker compose reads as escaping the closing quote.`,
      "Remove the trailing backslash.",
    );
  }
  if (!value.includes("'")) return `'${value}'`;
  if (/[$`"\\]/.test(value)) {
    throw new SetupError(
      `${key}: the value contains a single quote together with one of $ \` " \\, which no quoting reads back the same in dotenv, bash and docker compose.`,
      "Remove one of those characters from the value.",
    );
  }
  return `"${value}"`;
}

export function renderEnvEntry(key: string, value: string): string {
  if (!isEnvKey(key)) {
    throw new SetupError(
      `"${key}" is not a valid variable name.`,
      "Use letters, digits and underscores, not starting with a digit.",
    );
  }
  return `${key}=${renderEnvValue(value, key)}`;
}

/** Renders a whole file from entries (and optional comment lines at the top). */
export function renderEnvFile(
  entries: Iterable<readonly [string, string]>,
  header: readonly string[] = [],
): string {
  const lines = [...header.map((h) => (h.startsWith("#") ? h : `# ${h}`))];
  for (const [key, value] of entries) lines.push(renderEnvEntry(key, value));
  return `${lines.join("\n")}\n`;
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

/**
 * Parses a dotenv file into lines, keeping every byte of the original text. Values follow
 * dotenv's rules: quoted values may span lines; in double quotes \n and \r are expanded;
 * unquoted values end at `#` and are trimmed.
 */
export function parseEnvFile(text: string): EnvLine[] {
  const src = text.replace(/\r\n?/g, "\n");
  const out: EnvLine[] = [];
  let pos = 0;
  while (pos < src.length) {
    let end = src.indexOf("\n", pos);
    if (end < 0) end = src.length;
    const line = src.slice(pos, end);
    const match = ENTRY_RE.exec(line);
    if (!match) {
      out.push({ type: "other", text: line });
      pos = end + 1;
      continue;
    }
    const key = match[1]!;
    const valueStart = pos + match[0].length;
    const quote = src[valueStart];
    if (quote === "'" || quote === '"' || quote === "`") {
      const close = findClosingQuote(src, valueStart + 1, quote);
      if (close >= 0) {
        let value = src.slice(valueStart + 1, close);
        if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
        let lineEnd = src.indexOf("\n", close);
        if (lineEnd < 0) lineEnd = src.length;
        out.push({ type: "entry", key, value, text: src.slice(pos, lineEnd) });
        pos = lineEnd + 1;
        continue;
      }
    }
    const raw = src.slice(valueStart, end);
    const hash = raw.indexOf("#");
    out.push({ type: "entry", key, value: (hash >= 0 ? raw.slice(0, hash) : raw).trim(), text: line });
    pos = end + 1;
  }
  return out;
}

/** The variables of a parsed file; a later definition wins, as in dotenv and bash. */
export function envValues(lines: readonly EnvLine[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of lines) if (line.type === "entry") values[line.key] = line.value;
  return values;
}

function markerIndex(lines: readonly EnvLine[], marker: string | undefined): number {
  if (!marker) return -1;
  return lines.findIndex((l) => l.type === "other" && l.text.trim() === marker.trim());
}

/** Splits a file at its user marker: the managed part and the user's part (values). */
export function splitUserSection(text: string, marker: string): { managed: EnvLine[]; user: EnvLine[] } {
  const lines = parseEnvFile(text);
  const at = markerIndex(lines, marker);
  return at < 0 ? { managed: lines, user: [] } : { managed: lines.slice(0, at), user: lines.slice(at + 1) };
}

/**
 * Sets managed keys in an existing file (or a new one). Keys are updated in place; missing ones
 * are added after the last managed line; an undefined value removes the key. Comments, order,
 * other keys and everything after the user marker stay untouched. Merging twice changes nothing.
 */
export function mergeEnvFile(
  existing: string | undefined,
  managed: ReadonlyArray<readonly [string, string | undefined]>,
  options: MergeOptions = {},
): MergeResult {
  const result: MergeResult = { text: "", added: [], updated: [], removed: [] };
  const file = options.file ?? "the env file";
  if (existing === undefined || existing.trim() === "") {
    const entries = managed.filter((e): e is readonly [string, string] => e[1] !== undefined);
    result.added = entries.map(([k]) => k);
    let text = renderEnvFile(entries, options.header ?? []);
    if (options.userMarker) text += `\n${options.userMarker}\n`;
    result.text = text;
    return result;
  }
  const lines = parseEnvFile(existing);
  const marker = options.userMarker;
  if (marker && markerIndex(lines, marker) < 0) {
    lines.push({ type: "other", text: "" }, { type: "other", text: marker });
  }
  /** End of the managed part: the marker line, or the end of the file. */
  const managedEnd = () => {
    const at = markerIndex(lines, marker);
    return at < 0 ? lines.length : at;
  };
  const userKeys = new Set(lines.slice(managedEnd() + 1).flatMap((l) => (l.type === "entry" ? [l.key] : [])));
  // A managed key being removed (undefined) may live on in the user section: that is the user's.
  const clash = managed.filter(([k, v]) => v !== undefined && userKeys.has(k)).map(([k]) => k);
  if (clash.length > 0) {
    const one = clash.length === 1;
    throw new SetupError(
      `${file}: ${clash.join(", ")} ${one ? "is" : "are"} managed by setup-coder-convex but also defined in the user section.`,
      `Remove ${one ? "it" : "them"} from below the line "${marker}"; the setup sets ${one ? "it" : "them"} itself.`,
    );
  }
  const positionsOf = (key: string) => {
    const found: number[] = [];
    for (let i = 0; i < managedEnd(); i++) {
      const l = lines[i]!;
      if (l.type === "entry" && l.key === key) found.push(i);
    }
    return found;
  };
  /** The managed key placed last: new keys go right after it. */
  let anchor: string | undefined;
  for (const [key, value] of managed) {
    const positions = positionsOf(key);
    if (value === undefined) {
      if (positions.length > 0) result.removed.push(key);
      for (const i of positions.reverse()) lines.splice(i, 1);
      continue;
    }
    const text = renderEnvEntry(key, value);
    const last = positions.at(-1);
    if (last !== undefined) {
      const line = lines[last]!;
      if (line.type === "entry" && (line.value !== value || positions.length > 1)) {
        result.updated.push(key);
        lines[last] = { type: "entry", key, value, text };
        for (const i of positions.slice(0, -1).reverse()) lines.splice(i, 1);
      }
      anchor = key;
      continue;
    }
    let at: number;
    const anchorAt = anchor === undefined ? undefined : positionsOf(anchor).at(-1);
    if (anchorAt !== undefined) at = anchorAt + 1;
    else {
      at = managedEnd();
      while (at > 0 && lines[at - 1]!.type === "other" && lines[at - 1]!.text.trim() === "") at--;
    }
    lines.splice(at, 0, { type: "entry", key, value, text });
    anchor = key;
    result.added.push(key);
  }
  // Keep the file's own line ends (a Windows editor's CRLF stays CRLF).
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  const joined = lines.map((l) => l.text.replaceAll("\n", eol)).join(eol);
  result.text = joined.endsWith(eol) ? joined : `${joined}${eol}`;
  return result;
}
