/** The small side-effect interfaces the orchestrator needs besides processes, files and HTTP. */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Runs fn inside a titled, collapsible group (one per phase). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a secret: it must never be printed from now on. */
  mask(secret: string): void;
  /**
   * A terminal's transient status line (what is being waited for, and for how long): replaced by
   * the next one, cleared with "". Only loggers writing to a terminal have it; the others get a
   * plain line now and then (phases/waiting.ts).
   */
  status?(text: string): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Calls `fn` every `ms` until the returned function is called (never keeps the process alive). */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Masks a value and, for multi-line values, each of its lines (as the Actions runner does). */
export function maskAll(logger: Pick<Logger, "mask">, value: string | undefined): void {
  if (!value) return;
  logger.mask(value);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) logger.mask(line.trim());
}

/**
 * A redactor for loggers that are not the Actions runner (the CLI): it replaces every
 * registered secret in a text with ***.
 */
export class Redactor {
  private secrets: string[] = [];
  add(secret: string): void {
    if (secret.length < 4 || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    this.secrets.sort((a, b) => b.length - a.length);
  }
  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }
}
