/** deploy-args: a command line split like a POSIX shell would, without running one. */
import { parse as parseShell } from "shell-quote";
import { SetupError } from "../errors.js";

/** Throws when a quote is left open (shell-quote would silently close it). */
function checkQuotes(text: string): void {
  let open: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open === "'") {
      if (c === "'") open = undefined;
    } else if (c === "\\") i++;
    else if (open === '"') {
      if (c === '"') open = undefined;
    } else if (c === "'" || c === '"') open = c;
  }
  if (open) {
    throw new SetupError(
      `the ${open} quote opened in "${text}" is never closed.`,
      `Close it, or escape it (\\${open}) if it is meant literally.`,
    );
  }
}

/** Splits a command line like a POSIX shell would, without running one. */
export function splitArgs(text: string): string[] {
  checkQuotes(text);
  return parseShell(text, (key) => `$${key}`).map((token) => {
    if (typeof token === "string") return token;
    const shown = "op" in token ? token.op : "comment" in token ? `#${token.comment}` : "?";
    throw new SetupError(
      `"${shown}" is shell syntax; the arguments are passed to convex deploy without a shell. Quote it if it is meant literally.`,
    );
  });
}
