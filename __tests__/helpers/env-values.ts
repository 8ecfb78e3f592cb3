/** Generated values for the round trips of core/env-file.ts: through dotenv, our parser and compose's
 * rules (core/env-file.test.ts), and through bash (integration/real-tools.test.ts). */
import fc from "fast-check";
import { renderEnvValue } from "../../src/core/env-file.js";

/** Values an env file must carry: quotes, $, #, backslashes, spaces, unicode, control characters. */
export const valueArb = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      "'",
      '"',
      "$",
      "#",
      "\\",
      " ",
      "`",
      "=",
      "a",
      "{",
      "}",
      "!",
      "\t",
      "é",
      "😀",
      "(",
      ";",
    ),
    maxLength: 30,
  }),
  fc.string({ unit: "binary", maxLength: 20 }),
);

export function representable(value: string): boolean {
  try {
    renderEnvValue(value);
    return true;
  } catch {
    return false;
  }
}

/** Refusals are only for what no quoting can carry everywhere. */
export const mustRefuse = (v: string) =>
  /[\n\r\0]/.test(v) || v.endsWith("\\") || (v.includes("'") && /[$`"\\]/.test(v));

/** `count`+ generated values that an env file can carry, checked to be refused only when they must. */
export function sampleValues(count: number): string[] {
  const values = fc.sample(valueArb, { numRuns: Math.ceil(count * 1.5), seed: Date.now() });
  for (const v of values)
    if (!representable(v) && !mustRefuse(v)) throw new Error(`refused: ${JSON.stringify(v)}`);
  return values.filter(representable);
}
