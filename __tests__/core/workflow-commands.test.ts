import { describe, expect, it } from "vitest";
import { fenceWorkflowCommands, holdsWorkflowCommand } from "../../src/core/workflow-commands.js";
import { obeyedCommands } from "../helpers/runner-commands.js";

const TOKEN = "0f8c2a9e-5b7d-4e61-9a3c-2d4b6f8e1a0c";

/** What a relayed line of the convex CLI's output (repository code) could print. */
const HOSTILE: Array<[string, string]> = [
  ["save-state, first on the line", '::save-state name=teardown::{"project":"victim"}'],
  ["set-output after white space", "   ::set-output name=convex-url::https://evil.example"],
  ["after a tab and U+0085 (.NET trims both)", "\t\u0085::set-output name=deployed::false"],
  ["the old form, mid-line", "Deployed! ##[set-output name=convex-url]https://evil.example"],
  ["after a lone carriage return", "100%\r::save-state name=preview::{}"],
  ["on a later line of a multi-line text", "first line\n::add-mask::nothing\nlast"],
  ["its own stop, to silence the action's masks", "::stop-commands::attacker"],
];

const PLAIN = [
  "✔ Deployed Convex functions to http://127.0.0.1:3210",
  "database::retention: INFO ok (a Rust module path mid-line)",
  "IPv6 [::1]:3210 and a:: b",
  "## [not a command] heading",
];

describe("fenceWorkflowCommands", () => {
  it.each(HOSTILE)("%s: printed whole, obeyed by the runner as nothing but the fence", (_, text) => {
    expect(holdsWorkflowCommand(text)).toBe(true);
    const fenced = fenceWorkflowCommands(text, TOKEN);
    expect(fenced).toContain(text);
    expect(obeyedCommands(fenced)).toEqual([
      { name: "stop-commands", data: TOKEN },
      { name: TOKEN, data: "" },
    ]);
    // Unfenced, the runner would obey it (the model is not blind to the attack).
    expect(obeyedCommands(text).length).toBeGreaterThan(0);
  });

  it.each(PLAIN)("plain text stays as it is: %s", (text) => {
    expect(holdsWorkflowCommand(text)).toBe(false);
    expect(fenceWorkflowCommands(text, TOKEN)).toBe(text);
    expect(obeyedCommands(text)).toEqual([]);
  });

  it("after a fence the runner obeys commands again (the action's own masks and groups)", () => {
    const out = `${fenceWorkflowCommands("::save-state name=x::y", TOKEN)}\n::add-mask::secret-value`;
    expect(obeyedCommands(out).map((c) => c.name)).toEqual(["stop-commands", TOKEN, "add-mask"]);
  });

  it("refuses a token that is short, or that the text holds", () => {
    expect(() => fenceWorkflowCommands("::x::y", "abc")).toThrow(/random/);
    expect(() => fenceWorkflowCommands(`::${TOKEN}::`, TOKEN)).toThrow(/absent/);
  });
});
