/** Boolean inputs and flags, parsed one way everywhere (a module of its own: the CLI loads it first). */
const TRUE = new Set(["true", "yes", "1", "on"]);
const FALSE = new Set(["false", "no", "0", "off"]);

/** The one rule for boolean inputs: true/yes/1/on or false/no/0/off, any case; else undefined. */
export function parseBoolean(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}
