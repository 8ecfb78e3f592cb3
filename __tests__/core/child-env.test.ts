import { describe, expect, it } from "vitest";
import { deriveChildEnv, deriveToolPath } from "../../src/core/child-env.js";

describe("deriveToolPath: where docker, kubectl and git are looked for", () => {
  it.each<[string, string, string | undefined]>([
    ["the runner's PATH stays as it is", "/usr/local/bin:/usr/bin:/bin", "/usr/local/bin:/usr/bin:/bin"],
    [
      "npx / npm run put every node_modules/.bin up the tree first",
      "/w/app/node_modules/.bin:/w/node_modules/.bin:/usr/bin",
      "/usr/bin",
    ],
    ["a relative entry, an empty one (the working directory)", "node_modules/.bin:.::/usr/bin:", "/usr/bin"],
    ["any case (case-insensitive file systems)", "/w/Node_Modules/.bin:/usr/bin", "/usr/bin"],
    [
      "a folder merely named like it stays",
      "/opt/node_modules_tools/bin:/usr/bin",
      "/opt/node_modules_tools/bin:/usr/bin",
    ],
    ["no PATH", undefined as unknown as string, undefined],
  ])("%s", (_, path, expected) => {
    expect(deriveToolPath(path)).toBe(expected);
  });

  it("Windows: its delimiter and drive letters", () => {
    expect(deriveToolPath("C:\\w\\node_modules\\.bin;C:\\Windows\\System32;.", ";")).toBe(
      "C:\\Windows\\System32",
    );
  });
});

describe("deriveChildEnv", () => {
  it("withholds the runner's tokens, a GitHub token of the environment and the inputs; keeps the rest", () => {
    const env = deriveChildEnv({
      PATH: "/usr/bin",
      HOME: "/home/runner",
      ACTIONS_RUNTIME_TOKEN: "t",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t",
      GITHUB_TOKEN: "ghs_x",
      GH_TOKEN: "ghs_y",
      GITHUB_STATE: "/tmp/state",
      "INPUT_INSTANCE-SECRET": "s",
      STATE_teardown: "{}",
      GITHUB_REPOSITORY: "octo/app",
    });
    expect(env).toEqual({ PATH: "/usr/bin", HOME: "/home/runner", GITHUB_REPOSITORY: "octo/app" });
  });
});
