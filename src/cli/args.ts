/**
 * Strict command-line arguments on node:util's parseArgs: unknown flags (with a did-you-mean),
 * stray arguments, missing values and bad boolean values are usage errors (exit 2) that name
 * what was wrong and what is valid. Booleans take `--flag`, `--no-flag`, or `--flag=true|false`.
 */
import { parseArgs } from "node:util";
import { parseBoolean } from "../core/boolean.js";
import { editDistance } from "../core/edit-distance.js";
import { SetupError } from "../core/errors.js";

export interface FlagSpec {
  name: string;
  kind: "string" | "boolean";
  description: string;
  /** Shown in help; for booleans, what applies when the flag is absent. */
  default?: string;
  /** One-letter alias. */
  short?: string;
}

/** A mistake in how the command was called: printed with the command's usage hint, exit 2. */
export class UsageError extends SetupError {
  override name = "UsageError";
}

export type ParsedFlags = Record<string, string | boolean | undefined>;

/** The closest of `choices` to `typed`, when close enough to be a likely typo. */
export function closest(typed: string, choices: readonly string[]): string | undefined {
  const t = typed.toLowerCase().replaceAll("_", "-");
  let best: { name: string; score: number } | undefined;
  for (const name of choices) {
    if (name === t) return name;
    const d = editDistance(t, name);
    // A shared leading word of 4+ letters also counts ("workdir" -> "working-directory").
    const prefix = t.length >= 4 && name.startsWith(t.slice(0, 4)) ? 0.5 : Number.POSITIVE_INFINITY;
    const score = Math.min(
      d <= Math.max(2, Math.floor(name.length / 3)) ? d : Number.POSITIVE_INFINITY,
      prefix,
    );
    if (score !== Number.POSITIVE_INFINITY && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}

/**
 * Parses `argv` (the arguments after the command name) against `specs`. Returns each flag's
 * value (undefined when absent); throws a UsageError on anything it does not understand.
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const names = specs.map((s) => s.name);
  const unknown = (flag: string) => {
    const negated = flag.startsWith("no-");
    const guess = closest(flag.replace(/^no-/, ""), names);
    // `--no-deploi` means `--no-deploy`: a negated boolean keeps its `no-`.
    const suggestion = guess && negated && byName.get(guess)?.kind === "boolean" ? `no-${guess}` : guess;
    return new UsageError(
      `${command}: unknown flag --${flag}.${suggestion ? ` Did you mean --${suggestion}?` : ""}`,
      `See \`setup-coder-convex ${command} --help\` for its flags.`,
    );
  };
  // `--flag=value` on a boolean: only true/false-like values, rewritten to --flag / --no-flag.
  const rewritten: string[] = [];
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    const spec = m ? byName.get(m[1]!) : undefined;
    if (m && spec?.kind === "boolean") {
      const value = parseBoolean(m[2]!);
      if (value === undefined) {
        throw new UsageError(
          `${command}: --${spec.name}=${m[2]} is not a boolean.`,
          `Use --${spec.name} or --no-${spec.name} (or --${spec.name}=true / =false).`,
        );
      }
      rewritten.push(value ? `--${spec.name}` : `--no-${spec.name}`);
    } else rewritten.push(arg);
  }
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const s of specs) {
    options[s.name] = { type: s.kind, ...(s.short ? { short: s.short } : {}) };
    if (s.kind === "boolean") options[`no-${s.name}`] = { type: "boolean" };
  }
  const { tokens } = parseArgs({
    args: [...rewritten],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: ParsedFlags = {};
  for (const token of tokens) {
    if (token.kind === "positional") {
      throw new UsageError(
        `${command}: unexpected argument "${token.value}"; ${command} takes flags only.`,
        token.value.startsWith("-")
          ? `See \`setup-coder-convex ${command} --help\`.`
          : `Did you mean --working-directory ${token.value}? See \`setup-coder-convex ${command} --help\`.`,
      );
    }
    if (token.kind === "option-terminator") continue;
    if (token.kind !== "option") continue;
    const negated = token.name.startsWith("no-") && byName.get(token.name.slice(3))?.kind === "boolean";
    const spec = negated ? byName.get(token.name.slice(3)) : byName.get(token.name);
    if (!spec) throw unknown(token.name);
    if (spec.kind === "boolean") {
      if (token.value !== undefined) throw unknown(token.rawName.replace(/^-+/, ""));
      values[spec.name] = !negated;
    } else {
      if (token.value === undefined || (token.inlineValue === false && token.value.startsWith("--"))) {
        throw new UsageError(`${command}: --${spec.name} needs a value.`, `Write --${spec.name} <value>.`);
      }
      values[spec.name] = token.value;
    }
  }
  return values;
}

/** Usage text for a command: every flag, booleans as --flag / --no-flag. */
export function renderHelp(
  command: { name: string; description: string; flags: readonly FlagSpec[] },
  options: { bold: (s: string) => string },
): string {
  const rows = command.flags.map((f) => {
    const left =
      f.kind === "boolean"
        ? `--${f.name} / --no-${f.name}`
        : `${f.short ? `-${f.short}, ` : ""}--${f.name} <value>`;
    const def = f.default !== undefined ? ` (default: ${f.default})` : "";
    return [left, `${f.description}${def}`] as const;
  });
  const width = Math.min(44, Math.max(0, ...rows.map(([l]) => l.length)) + 2);
  const lines = rows.map(([l, r]) => `  ${l.padEnd(width)} ${r}`);
  return [
    `${options.bold(`setup-coder-convex ${command.name}`)}: ${command.description}`,
    "",
    `Usage: setup-coder-convex ${command.name} [flags]`,
    "",
    ...(lines.length ? ["Flags:", ...lines] : ["No flags."]),
    "",
  ].join("\n");
}
