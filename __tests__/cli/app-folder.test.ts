/** Finding the app's folder from a subfolder, the way the convex CLI finds its project. */
import { describe, expect, it } from "vitest";
import { findAppFolder, withAppFolder } from "../../src/cli/app-folder.js";

const tree = (files: Record<string, string>) => ({
  read: async (p: string) => files[p],
  exists: async (p: string) => p in files,
});
const app = JSON.stringify({ dependencies: { convex: "1.48.0" } });

describe("the app's folder", () => {
  it("the nearest package.json upward that lists convex (a functions folder's own package.json is skipped)", async () => {
    const files = tree({
      "/r/app/package.json": app,
      "/r/app/convex/package.json": JSON.stringify({ type: "module" }),
      "/r/package.json": JSON.stringify({ workspaces: ["app"] }),
    });
    expect(await findAppFolder("/r/app/convex/lib", "/r", files)).toBe("/r/app");
    expect(await findAppFolder("/r/app", "/r", files)).toBe("/r/app");
  });

  it("never above the repository's top level", async () => {
    const files = tree({ "/home/me/package.json": app });
    expect(await findAppFolder("/home/me/repo/sub", "/home/me/repo", files)).toBeUndefined();
    // Without a repository the walk goes up as the convex CLI's does.
    expect(await findAppFolder("/home/me/repo/sub", undefined, files)).toBe("/home/me");
  });

  it("says which folder it uses; an explicit --working-directory or a setup here is kept", async () => {
    const said: string[] = [];
    const deps = (files: Record<string, string>) => ({
      files: tree(files),
      git: { topLevel: async () => "/r" },
      logger: { info: (m: string) => void said.push(m) },
    });
    const found = await withAppFolder({}, "/r/app/convex", deps({ "/r/app/package.json": app }));
    expect(found["working-directory"]).toBe("/r/app");
    expect(said).toEqual([
      "Using the app in .. (/r/app): the nearest package.json above this folder that lists convex. Pass --working-directory to choose another.",
    ]);
    expect(
      await withAppFolder(
        { "working-directory": "x" },
        "/r/app/convex",
        deps({ "/r/app/package.json": app }),
      ),
    ).toEqual({ "working-directory": "x" });
    const setUpHere = deps({ "/r/app/package.json": app, "/r/app/convex/docker-compose.convex.yml": "" });
    expect(await withAppFolder({}, "/r/app/convex", setUpHere)).toEqual({});
  });
});
