/** The one list of checks: what doctor prints about the app, and where up makes each check. */
import { describe, expect, it } from "vitest";
import { describeApp } from "../../src/core/app.js";
import { CHECKS, describeAppFacts, stopOnFailures } from "../../src/phases/checks.js";

const facts = (workingDirectory: string, packageJsons: Record<string, object>) =>
  describeApp({
    workingDirectory,
    packageJsons: new Map(Object.entries(packageJsons).map(([d, j]) => [d, JSON.stringify(j)])),
    pnpmWorkspaces: new Map(),
    lockfiles: new Set(["package-lock.json"]),
    sources: new Map([
      [`${workingDirectory === "." ? "" : `${workingDirectory}/`}convex/a.ts`, "export {};"],
    ]),
  });

describe("the App line", () => {
  it("a single package: the package manager, no `workspace at .`", async () => {
    const line = describeAppFacts(await facts(".", { ".": { dependencies: { convex: "1.48.0" } } }), false);
    expect(line).toBe("no auth library; functions in convex/; npm");
  });

  it("a workspace member: where the workspace's root is", async () => {
    const line = describeAppFacts(
      await facts("apps/web", {
        ".": { workspaces: ["apps/*"] },
        "apps/web": { dependencies: { convex: "1.48.0" } },
      }),
      false,
    );
    expect(line).toBe(
      "no auth library; functions in apps/web/convex/; npm workspace rooted at the repository's top level",
    );
  });
});

describe("the list", () => {
  it("says for each check where up makes it", () => {
    for (const check of CHECKS) expect(check.up, check.name).toMatch(/^(preflight|doctor only|phase .+)$/);
    expect(CHECKS.filter((c) => c.up === "preflight").map((c) => c.name)).toEqual([
      "s3 storage",
      "app folder",
      "functions folder",
    ]);
  });

  it("several failures are listed together; one is thrown as it was", () => {
    const own = new Error("its own message");
    expect(() => stopOnFailures([{ status: "fail", message: "x", error: own }])).toThrow(own);
    expect(() =>
      stopOnFailures([
        { status: "fail", message: "first" },
        { status: "warn", message: "w" },
        { status: "fail", message: "second" },
      ]),
    ).toThrow(
      /^2 checks failed before anything started:\n {2}✗ first\n {2}✗ second\n {2}-> Nothing was started/,
    );
  });
});
