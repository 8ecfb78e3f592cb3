/** The CLI's logger: human lines on stderr, every line through the redactor, one heading per phase. */
import { type Logger, Redactor } from "../adapters/runtime.js";

export interface Output {
  write(text: string): void;
}

export interface CliLogger extends Logger {
  /** Redacts registered secrets from any text printed outside the logger (the final error line). */
  redact(text: string): string;
}

export function createCliLogger(
  err: Output,
  options: {
    verbose?: boolean;
    color?: boolean;
    actions?: boolean;
    out?: Output;
    /** `err` is a terminal: long waits show a status line that is rewritten in place. */
    tty?: boolean;
  } = {},
): CliLogger {
  const redactor = new Redactor();
  const c = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  /** A status line is on screen: the next line (or status) replaces it. */
  let statusShown = false;
  const clearStatus = () => {
    if (!statusShown) return;
    err.write("\r\u001b[2K");
    statusShown = false;
  };
  const line = (text: string) => {
    clearStatus();
    err.write(`${redactor.redact(text)}\n`);
  };
  const status = (text: string) => {
    clearStatus();
    if (!text) return;
    err.write(c("2", `  ${redactor.redact(text)}`));
    statusShown = true;
  };
  return {
    ...(options.tty ? { status } : {}),
    info: (m) => line(`  ${m}`),
    warn: (m) => line(c("33", `  ! ${m}`)),
    debug: (m) => {
      if (options.verbose) line(c("2", `  ${m}`));
    },
    async group(title, fn) {
      line(c("1", `▸ ${title}`));
      const start = performance.now();
      try {
        return await fn();
      } finally {
        if (options.verbose) line(c("2", `  (${((performance.now() - start) / 1000).toFixed(2)} s)`));
      }
    },
    mask: (secret) => {
      redactor.add(secret);
      // Inside GitHub Actions (a `run:` step calling the CLI) the runner masks it in its log too.
      if (options.actions && secret.length >= 4 && !/[\r\n]/.test(secret))
        (options.out ?? err).write(`::add-mask::${secret}\n`);
    },
    redact: (text) => redactor.redact(text),
  };
}
