import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EXPORTED_ENV, INPUTS, OUTPUTS } from "../src/core/inputs.js";
import * as library from "../src/index.js";

const action = parse(readFileSync(new URL("../action.yml", import.meta.url), "utf8"));
const inputsPage = readFileSync(new URL("../docs/inputs.md", import.meta.url), "utf8");
const libraryPage = readFileSync(new URL("../docs/library.md", import.meta.url), "utf8");

describe("action.yml matches the inputs and outputs declared in code", () => {
  it("inputs: same names, order, defaults and descriptions", () => {
    expect(Object.keys(action.inputs)).toEqual(INPUTS.map((i) => i.name));
    for (const input of INPUTS) {
      const declared = action.inputs[input.name];
      expect(declared.description, input.name).toBe(input.description);
      expect(declared.default, input.name).toBe("default" in input ? input.default : undefined);
      expect(declared.required, input.name).toBe(false);
    }
  });
  it("outputs: same names and descriptions", () => {
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS.map((o) => o.name));
    for (const output of OUTPUTS) expect(action.outputs[output.name].description).toBe(output.description);
  });
  it("runs on node24 with a post step from the same bundle", () => {
    expect(action.runs).toEqual({
      using: "node24",
      main: "dist/index.js",
      post: "dist/index.js",
      "post-if": "always()",
    });
  });
  it("docs/inputs.md documents every input, output and exported variable", () => {
    for (const i of INPUTS) expect(inputsPage, i.name).toContain(`| \`${i.name}\` |`);
    for (const o of OUTPUTS) expect(inputsPage, o.name).toContain(`| \`${o.name}\` |`);
    for (const e of EXPORTED_ENV) expect(inputsPage, e).toContain(`| \`${e}\` |`);
  });
  it("docs/library.md lists every export of the library", () => {
    const missing = Object.keys(library).filter((name) => !libraryPage.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
