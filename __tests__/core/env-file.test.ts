import { parse as dotenvParse } from "dotenv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  envValues,
  mergeEnvFile,
  parseEnvFile,
  renderEnvEntry,
  renderEnvFile,
  renderEnvValue,
  splitUserSection,
} from "../../src/core/env-file.js";
import { readComposeQuotedValue } from "../helpers/compose-env-model.js";
import { mustRefuse, representable, valueArb } from "../helpers/env-values.js";

describe("renderEnvValue round trips through real dotenv and the compose rules (bash: integration/real-tools.test.ts)", () => {
  it("1,000+ generated values read back identically (or are refused with a clear error)", () => {
    const values = fc.sample(valueArb, { numRuns: 1500, seed: Date.now() });
    const accepted = values.filter(representable);
    const refused = values.filter((v) => !representable(v));
    // Refusals are only for what no quoting can carry everywhere.
    for (const v of refused) expect(mustRefuse(v), JSON.stringify(v)).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(1000);
    const entries = accepted.map((v, i) => [`K${i}`, v] as const);
    const text = renderEnvFile(entries, ["generated"]);
    const fromDotenv = dotenvParse(text);
    const ours = envValues(parseEnvFile(text));
    for (const [key, value] of entries) {
      expect(fromDotenv[key], `dotenv ${key}`).toBe(value);
      expect(ours[key], `parseEnvFile ${key}`).toBe(value);
      expect(readComposeQuotedValue(renderEnvValue(value)), `compose ${key}`).toBe(value);
    }
  });

  it.each([
    ["plain", "abc", "'abc'"],
    ["empty", "", "''"],
    ["dollar and hash", "a$b #c", "'a$b #c'"],
    ["JSON (JWKS)", '{"keys":[{"use":"sig"}]}', `'{"keys":[{"use":"sig"}]}'`],
    ["single quote only", "it's", `"it's"`],
  ])("renders %s", (_n, value, rendered) => {
    expect(renderEnvValue(value)).toBe(rendered);
  });

  it.each([
    ["newline", "a\nb", /newline/],
    ["trailing backslash", "a\\", /backslash/],
    ["quote and dollar", "it's $HOME", /single quote together/],
  ])("refuses %s", (_n, value, message) => {
    expect(() => renderEnvValue(value, "MY_VAR")).toThrow(message);
    expect(() => renderEnvValue(value, "MY_VAR")).toThrow(/MY_VAR/);
  });

  it("refuses invalid keys", () => {
    expect(() => renderEnvEntry("1BAD", "x")).toThrow(/not a valid variable name/);
  });
});

describe("parseEnvFile agrees with dotenv on hand-written files", () => {
  const text = [
    "# comment",
    "PLAIN=value # trailing comment",
    "export EXPORTED=yes",
    "SPACED = spaced value  ",
    'DQ="line1\\nline2"',
    "SQ='single # not a comment'",
    'MULTI="first',
    'second"',
    "EMPTY=",
    "BACKTICK=`tick`",
    "  INDENTED=1",
    "not a variable line",
    "DUP=1",
    "DUP=2",
  ].join("\n");
  it("values", () => {
    expect(envValues(parseEnvFile(text))).toEqual(dotenvParse(text));
  });
  it("keeps every byte of the original", () => {
    expect(
      parseEnvFile(text)
        .map((l) => l.text)
        .join("\n"),
    ).toBe(text);
  });
});

describe("mergeEnvFile", () => {
  const MARKER = "# ---- user variables below ----";

  it("creates a new file with header, entries and the user marker", () => {
    const r = mergeEnvFile(
      undefined,
      [
        ["A", "1"],
        ["B", undefined],
        ["C", "x y"],
      ],
      { header: ["# hello"], userMarker: MARKER },
    );
    expect(r.text).toBe(`# hello\nA='1'\nC='x y'\n\n${MARKER}\n`);
    expect(r.added).toEqual(["A", "C"]);
  });

  it("updates in place, keeps comments, order, unknown keys and the user section", () => {
    const existing = [
      "# my comment",
      "KEEP=me",
      "A=old # note",
      "",
      "OTHER='x'",
      MARKER,
      "USER_VAR=untouched  # with comment",
      "# user comment",
      "",
    ].join("\n");
    const r = mergeEnvFile(
      existing,
      [
        ["A", "new"],
        ["B", "added"],
        ["OTHER", "x"],
      ],
      { userMarker: MARKER },
    );
    expect(r.text).toBe(
      [
        "# my comment",
        "KEEP=me",
        "A='new'",
        "B='added'",
        "",
        "OTHER='x'",
        MARKER,
        "USER_VAR=untouched  # with comment",
        "# user comment",
        "",
      ].join("\n"),
    );
    expect(r.updated).toEqual(["A"]);
    expect(r.added).toEqual(["B"]);
    expect(
      mergeEnvFile(
        r.text,
        [
          ["A", "new"],
          ["B", "added"],
          ["OTHER", "x"],
        ],
        { userMarker: MARKER },
      ),
    ).toMatchObject({
      text: r.text,
      added: [],
      updated: [],
    });
  });

  it("keeps CRLF line ends", () => {
    const r = mergeEnvFile("# mine\r\nA=1\r\nKEEP=x\r\n", [
      ["A", "2"],
      ["B", "3"],
    ]);
    expect(r.text).toBe("# mine\r\nA='2'\r\nB='3'\r\nKEEP=x\r\n");
    expect(
      mergeEnvFile(r.text, [
        ["A", "2"],
        ["B", "3"],
      ]).text,
    ).toBe(r.text);
  });

  it("removes a managed key whose value is now undefined, and dedupes", () => {
    const r = mergeEnvFile("A=1\nPOSTGRES_URL=x\nA=2\n", [
      ["POSTGRES_URL", undefined],
      ["A", "3"],
    ]);
    expect(r.text).toBe("A='3'\n");
    expect(r.removed).toEqual(["POSTGRES_URL"]);
  });

  it("refuses a managed key defined in the user section, naming the file", () => {
    expect(() =>
      mergeEnvFile(`A=1\n${MARKER}\nA=2\n`, [["A", "1"]], {
        userMarker: MARKER,
        file: ".env.convex.deployment",
      }),
    ).toThrow(/\.env\.convex\.deployment: A is managed/);
  });

  it("adds a user marker to a file that had none, keeping its lines", () => {
    const r = mergeEnvFile("MINE=1\n", [["A", "1"]], { userMarker: MARKER });
    expect(r.text).toBe(`MINE=1\nA='1'\n\n${MARKER}\n`);
    expect(splitUserSection(r.text, MARKER).user).toEqual([]);
  });

  it("property: merging is idempotent and never changes what it does not manage", () => {
    const key = fc.constantFrom("A", "B", "C", "D");
    const safe = valueArb.filter(representable);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("U1", "U2", "A", "# c", ""), safe), { maxLength: 6 }),
        fc.array(fc.tuple(key, fc.option(safe, { nil: undefined })), { maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom("X", "Y"), safe), { maxLength: 3 }),
        (before, managedRaw, user) => {
          const managed = [...new Map(managedRaw).entries()];
          const lines = before.map(([k, v]) => (k.startsWith("#") || k === "" ? k : renderEnvEntry(k, v)));
          const existing = `${[...lines, MARKER, ...user.map(([k, v]) => renderEnvEntry(k, v))].join("\n")}\n`;
          const once = mergeEnvFile(existing, managed, { userMarker: MARKER });
          const twice = mergeEnvFile(once.text, managed, { userMarker: MARKER });
          expect(twice.text).toBe(once.text);
          const values = dotenvParse(once.text);
          for (const [k, v] of managed) if (v !== undefined) expect(values[k]).toBe(v);
          expect(once.text.slice(once.text.indexOf(MARKER))).toBe(existing.slice(existing.indexOf(MARKER)));
          const kept = dotenvParse(existing.slice(0, existing.indexOf(MARKER)));
          for (const [k, v] of Object.entries(kept))
            if (!managed.some(([m]) => m === k)) expect(values[k]).toBe(v);
        },
      ),
      { numRuns: 300 },
    );
  });
});
