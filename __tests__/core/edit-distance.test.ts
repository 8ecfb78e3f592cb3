import { describe, expect, it } from "vitest";
import { editDistance } from "../../src/core/edit-distance.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["verify", "verify", 0],
    ["verfy", "verify", 1],
    ["flaw", "lawn", 2],
    ["kitten", "sitting", 3],
    ["api-prot", "api-port", 2],
  ])("%j ~ %j: %i", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});
