/**
 * A model of how docker compose (compose-go's dotenv reader) reads one quoted env_file value,
 * written from its documented rules because no compose runs on this machine:
 * - the value ends at the first matching quote NOT preceded by a backslash;
 * - single quotes: literal, nothing expanded;
 * - double quotes: \n and \r expanded, other backslash escapes unescaped, $VAR interpolated.
 * Returns undefined where compose would fail or change the value in a way we do not model.
 */
export function readComposeQuotedValue(rendered: string): string | undefined {
  const quote = rendered[0];
  if (quote !== "'" && quote !== '"') return undefined;
  for (let i = 1; i < rendered.length; i++) {
    if (rendered[i] !== quote || rendered[i - 1] === "\\") continue;
    if (i !== rendered.length - 1) return undefined; // something after the closing quote
    const inner = rendered.slice(1, i);
    if (quote === "'") return inner;
    if (/[\\$]/.test(inner)) return undefined; // escapes or interpolation: not modelled
    return inner;
  }
  return undefined; // unterminated
}
