/**
 * Text printed in a JavaScript action's log that the Actions runner must not take for a workflow
 * command. The runner reads every line of the step's output for one: `::name ...::data` first on a
 * line after white space (the current form), `##[name ...]data` anywhere in a line (the old form,
 * still read), lines split at `\r` as well as `\n`. `save-state` and `set-output` are still obeyed
 * there: a line of the convex CLI's output (repository code) relayed to the log could plant what
 * the post step acts on, or forge an output, although GITHUB_STATE and GITHUB_OUTPUT are withheld
 * from it (core/child-env.ts). Such text is printed between `::stop-commands::TOKEN` and
 * `::TOKEN::`, in which the runner obeys nothing but the token. See
 * docs/backend-facts.md#actions-platform.
 */

/** Leading white space, as .NET's TrimStart removes it (Char.IsWhiteSpace), with U+FEFF besides: fencing one line too many is harmless. */
const LEADING_SPACE =
  "[\\t\\v\\f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*";
const COMMAND_LINE = new RegExp(`^${LEADING_SPACE}::|##\\[`);

/** Whether a line of `text` could be read by the runner as a workflow command. */
export function holdsWorkflowCommand(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => COMMAND_LINE.test(line));
}

/**
 * `text` as it is, or, when a line of it could be a workflow command, between a stop and a resume
 * with `token` (random, unknown to whoever wrote the text), as one piece of output.
 */
export function fenceWorkflowCommands(text: string, token: string): string {
  if (!holdsWorkflowCommand(text)) return text;
  if (!/^[0-9A-Za-z-]{16,}$/.test(token) || text.includes(token))
    throw new Error(
      "fenceWorkflowCommands: the token must be random (16+ letters, digits or dashes) and absent from the text.",
    );
  return `::stop-commands::${token}\n${text}\n::${token}::`;
}
