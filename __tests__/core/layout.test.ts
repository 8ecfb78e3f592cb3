import { describe, expect, it } from "vitest";
import { FRAMEWORKS } from "../../src/core/app.js";
import {
  deriveCliEnv,
  deriveExportedEnv,
  deriveFrontendEnv,
  deriveHostApiUrl,
} from "../../src/core/client-env.js";
import { renderCompose } from "../../src/core/compose.js";
import { EXPORTED_ENV } from "../../src/core/inputs.js";
import { composeTargetOf, locate, parseComposeFacts, teardownStateOf } from "../../src/core/layout.js";

describe("layout", () => {
  it("locate: paths, and the project from the folder name unless given", () => {
    const l = locate({ workingDirectory: "apps/My App" }, "/w");
    expect(l.dir).toBe("/w/apps/My App");
    expect(l.path("frontendEnv")).toBe("/w/apps/My App/.env.local");
    expect(l.target).toEqual({
      file: "/w/apps/My App/docker-compose.convex.yml",
      project: "convex-my-app",
      cwd: "/w/apps/My App",
    });
    expect(locate({ workingDirectory: ".", projectName: "p1" }, "/w").target.project).toBe("p1");
  });

  it("state <-> compose target round-trips", () => {
    const t = locate({ workingDirectory: "app" }, "/w").target;
    expect(composeTargetOf(teardownStateOf(t))).toEqual(t);
  });

  it("parseComposeFacts reads back what renderCompose wrote (YAML, not regexes)", () => {
    const text = renderCompose({
      projectName: "preview-7",
      dashboard: true,
      ports: { api: 41210, site: 41211, dashboard: 46791 },
      instanceName: "app",
      cloudOrigin: "https://convex-api--ws--me.apps.example.com/$x",
      siteOrigin: "https://convex-site--ws--me.apps.example.com",
      dashboardDeploymentUrl: "https://convex-api--ws--me.apps.example.com",
      envFile: "./.env.convex.local",
      doNotRequireSsl: true,
    });
    expect(parseComposeFacts(text)).toEqual({
      project: "preview-7",
      apiPort: 41210,
      sitePort: 41211,
      cloudOrigin: "https://convex-api--ws--me.apps.example.com/$x",
      siteOrigin: "https://convex-site--ws--me.apps.example.com",
      // backup and restore find the instance's admin key prefix here.
      instanceName: "app",
    });
  });

  it.each([
    [
      "long port syntax",
      "services:\n  backend:\n    ports:\n      - target: 3210\n        published: 5000\n",
      5000,
    ],
    ["no host ip", 'services:\n  backend:\n    ports: ["6000:3210"]\n', 6000],
    ["IPv6 host ip", 'services:\n  backend:\n    ports: ["[::1]:7000:3210/tcp"]\n', 7000],
    ["no backend", "services: {}\n", undefined],
    ["empty file", "", undefined],
  ])("API port from %s", (_name, text, port) => {
    expect(parseComposeFacts(text).apiPort).toBe(port);
  });

  it("a compose file that is not YAML throws", () => {
    expect(() => parseComposeFacts("services: [unclosed")).toThrow();
  });
});

describe("client env: one definition for .env.local, the action's export and `env`", () => {
  const endpoints = {
    apiUrl: "https://convex-api--ws--me.apps.example.com",
    siteUrl: "https://convex-site--ws--me.apps.example.com",
    dashboardUrl: "https://convex-dashboard--ws--me.apps.example.com",
    hostApiUrl: deriveHostApiUrl(41210),
  };
  const next = FRAMEWORKS.find((f) => f.id === "nextjs")!;
  const expo = FRAMEWORKS.find((f) => f.id === "expo")!;
  it("CONVEX_SELF_HOSTED_URL is the API on this host in both", () => {
    expect(Object.fromEntries(deriveCliEnv(endpoints, "app|01")).CONVEX_SELF_HOSTED_URL).toBe(
      "http://127.0.0.1:41210",
    );
    expect(deriveExportedEnv(endpoints, "app|01").CONVEX_SELF_HOSTED_URL).toBe("http://127.0.0.1:41210");
  });
  it("each framework gets its own names, and no other framework's", () => {
    expect(deriveFrontendEnv(next, endpoints)).toEqual([
      ["NEXT_PUBLIC_CONVEX_URL", endpoints.apiUrl],
      ["NEXT_PUBLIC_CONVEX_SITE_URL", endpoints.siteUrl],
    ]);
    const exported = deriveExportedEnv(endpoints, "k", [next, expo]);
    expect(Object.keys(exported).sort()).toEqual(
      [
        ...EXPORTED_ENV,
        "NEXT_PUBLIC_CONVEX_URL",
        "NEXT_PUBLIC_CONVEX_SITE_URL",
        "EXPO_PUBLIC_CONVEX_URL",
        "EXPO_PUBLIC_CONVEX_SITE_URL",
      ].sort(),
    );
    expect(exported).not.toHaveProperty("VITE_CONVEX_URL");
  });
});
