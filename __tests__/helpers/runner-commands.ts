/**
 * A model of how the Actions runner reads a step's output for workflow commands, written from its
 * source because no runner runs here (actions/runner `src/Runner.Worker/ActionCommandManager.cs`
 * TryProcessCommand, `src/Runner.Common/ActionCommand.cs` TryParseV2 and TryParse):
 * - the output is read line by line; a line ends at `\n`, `\r\n` or a lone `\r` (.NET ReadLine);
 * - `::name props::data` is a command when the line starts with `::` after .NET's TrimStart;
 * - otherwise `##[name props]data` is one wherever it stands in the line;
 * - either only when `name` is a known command (any case) or the current stop token;
 * - `stop-commands` with data TOKEN makes every command but `TOKEN` ignored until `TOKEN` comes.
 * Returns the commands the runner would obey, in order (stop and resume included).
 */
const KNOWN = new Set([
  "add-mask",
  "add-matcher",
  "remove-matcher",
  "set-output",
  "save-state",
  "set-env",
  "add-path",
  "debug",
  "notice",
  "warning",
  "error",
  "group",
  "endgroup",
  "echo",
  "stop-commands",
]);
const DOTNET_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

export interface ObeyedCommand {
  name: string;
  data: string;
}

/** A known command's name (any case), or the stop token's. */
function known(name: string, stopToken: string | undefined): boolean {
  return (
    KNOWN.has(name.toLowerCase()) ||
    (stopToken !== undefined && name.toLowerCase() === stopToken.toLowerCase())
  );
}

function parse(line: string, stopToken: string | undefined): ObeyedCommand | undefined {
  const trimmed = line.replace(DOTNET_SPACE, "");
  if (trimmed.startsWith("::")) {
    const end = trimmed.indexOf("::", 2);
    const name = end < 0 ? "" : trimmed.slice(2, end).split(" ", 1)[0]!;
    if (end >= 0 && known(name, stopToken)) return { name, data: trimmed.slice(end + 2) };
  }
  const at = line.indexOf("##[");
  if (at < 0) return undefined;
  const close = line.indexOf("]", at);
  if (close < 0) return undefined;
  const name = line.slice(at + 3, close).split(" ", 1)[0]!;
  return known(name, stopToken) ? { name, data: line.slice(close + 1) } : undefined;
}

export function obeyedCommands(output: string): ObeyedCommand[] {
  const obeyed: ObeyedCommand[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const command = parse(line, stopToken);
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.name.toLowerCase() === stopToken.toLowerCase()) {
        obeyed.push(command);
        stopToken = undefined;
      }
      continue;
    }
    if (command.name === "stop-commands") stopToken = command.data;
    obeyed.push(command);
  }
  return obeyed;
}
