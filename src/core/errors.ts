/**
 * Errors that reach a person. Every message says what was wrong, where it came from (an input,
 * a variable or a file) and what to do. They never contain a secret.
 */
import { fieldName } from "./naming.js";

export class SetupError extends Error {
  override name = "SetupError";
  /** What to do about it, printed after the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(hint ? `${message}\n  -> ${hint}` : message, options);
    this.hint = hint;
  }
}

export interface ConfigProblem {
  /** The input (kebab-case), CLI flag or environment variable the value came from. */
  field: string;
  message: string;
}

/** All the problems found in one configuration, reported at once. */
export class ConfigError extends SetupError {
  override name = "ConfigError";
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${fieldName(p.field)}: ${p.message}`);
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    );
    this.problems = problems;
  }
}

/** Collects problems so that a parser can report all of them at once. */
export class ProblemList {
  readonly items: ConfigProblem[] = [];
  add(field: string, message: string): void {
    this.items.push({ field, message });
  }
  /** Runs fn; a SetupError it throws becomes a problem of `field` and the result is undefined. */
  try<T>(field: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ConfigError) {
        this.items.push(...error.problems);
        return undefined;
      }
      if (error instanceof SetupError) {
        // One prefix per message: "jwt-private-key: jwt-private-key: ..." becomes one.
        const prefix = `${field}: `;
        this.add(
          field,
          error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
        );
        return undefined;
      }
      throw error;
    }
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new ConfigError(this.items);
  }
}

/** The run was stopped by a signal: what was done, and what was not. */
export class InterruptedError extends SetupError {
  override name = "InterruptedError";
  constructor(
    readonly signal: string,
    readonly done: readonly string[],
    readonly during: string | undefined,
  ) {
    super(
      `Interrupted by ${signal}${during ? ` during "${during}"` : ""}. Done: ${done.length ? done.join(", ") : "nothing"}.${during ? ` Not finished: ${during} and the steps after it.` : ""}`,
      "Files are consistent (each is written whole or not at all). Rerun to finish; containers already started keep running until `down` (or the post step).",
    );
  }
}
