import { describe, expect, it } from "vitest";
import { deriveUrls, normalizePublicUrl, type UrlOptions } from "../../src/core/urls.js";

const coder = {
  CODER: "true",
  CODER_WORKSPACE_NAME: "ws",
  CODER_WORKSPACE_OWNER_NAME: "alice",
  CODER_WORKSPACE_AGENT_NAME: "main",
  CODER_URL: "https://coder.example.com",
};

type Row = [
  string,
  Record<string, string>,
  UrlOptions,
  { api: string; site: string; dash: string; source: string },
];

describe("deriveUrls", () => {
  const rows: Row[] = [
    [
      "local default",
      {},
      {},
      {
        api: "http://localhost:3210",
        site: "http://localhost:3211",
        dash: "http://localhost:6791",
        source: "local",
      },
    ],
    [
      "local custom ports",
      {},
      { ports: { api: 13210, site: 13211, dashboard: 16791 } },
      {
        api: "http://localhost:13210",
        site: "http://localhost:13211",
        dash: "http://localhost:16791",
        source: "local",
      },
    ],
    [
      "explicit wins over Coder",
      coder,
      {
        convexUrl: "https://api.example.com/",
        siteUrl: "https://site.example.com",
        dashboardUrl: "https://dash.example.com",
      },
      {
        api: "https://api.example.com",
        site: "https://site.example.com",
        dash: "https://dash.example.com",
        source: "explicit",
      },
    ],
    [
      "VSCODE_PROXY_URI, app style (slug replaces {{port}}, agent kept)",
      { ...coder, VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.apps.example.com" },
      {},
      {
        api: "https://convex-api--main--ws--alice.apps.example.com",
        site: "https://convex-site--main--ws--alice.apps.example.com",
        dash: "https://convex-dashboard--main--ws--alice.apps.example.com",
        source: "vscode-proxy-uri",
      },
    ],
    [
      "VSCODE_PROXY_URI, port style, trailing slash and access port",
      { ...coder, VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.apps.example.com:8443/" },
      { style: "port" },
      {
        api: "https://3210--main--ws--alice.apps.example.com:8443",
        site: "https://3211--main--ws--alice.apps.example.com:8443",
        dash: "https://6791--main--ws--alice.apps.example.com:8443",
        source: "vscode-proxy-uri",
      },
    ],
    [
      "wildcard *.apps, app style, custom slugs",
      coder,
      { wildcardDomain: "*.apps.example.com", slugs: { api: "api", site: "site", dashboard: "dash" } },
      {
        api: "https://api--main--ws--alice.apps.example.com",
        site: "https://site--main--ws--alice.apps.example.com",
        dash: "https://dash--main--ws--alice.apps.example.com",
        source: "coder-wildcard",
      },
    ],
    [
      "wildcard *-apps form, access URL with port and path, no agent (app style)",
      { ...coder, CODER_WORKSPACE_AGENT_NAME: "", CODER_URL: "http://coder.internal:7080/some/path/" },
      { wildcardDomain: "*-apps.example.com" },
      {
        api: "http://convex-api--ws--alice-apps.example.com:7080",
        site: "http://convex-site--ws--alice-apps.example.com:7080",
        dash: "http://convex-dashboard--ws--alice-apps.example.com:7080",
        source: "coder-wildcard",
      },
    ],
    [
      "wildcard, port style with forwarded host ports, CODER_AGENT_URL for the scheme",
      { ...coder, CODER_URL: "", CODER_AGENT_URL: "https://coder.example.com/" },
      {
        wildcardDomain: "https://*.apps.example.com",
        style: "port",
        ports: { api: 13210, site: 13211, dashboard: 16791 },
      },
      {
        api: "https://13210--main--ws--alice.apps.example.com",
        site: "https://13211--main--ws--alice.apps.example.com",
        dash: "https://16791--main--ws--alice.apps.example.com",
        source: "coder-wildcard",
      },
    ],
    [
      "VSCODE_PROXY_URI beats the wildcard domain (issue order)",
      { ...coder, VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.other.example.com" },
      { wildcardDomain: "*.apps.example.com", style: "port" },
      {
        api: "https://3210--main--ws--alice.other.example.com",
        site: "https://3211--main--ws--alice.other.example.com",
        dash: "https://6791--main--ws--alice.other.example.com",
        source: "vscode-proxy-uri",
      },
    ],
    [
      "a path-style VSCODE_PROXY_URI gives way to the wildcard domain",
      { ...coder, VSCODE_PROXY_URI: "https://coder.example.com/@alice/ws.main/apps/proxy/{{port}}/" },
      { wildcardDomain: "*.apps.example.com", style: "port" },
      {
        api: "https://3210--main--ws--alice.apps.example.com",
        site: "https://3211--main--ws--alice.apps.example.com",
        dash: "https://6791--main--ws--alice.apps.example.com",
        source: "coder-wildcard",
      },
    ],
  ];
  it.each(rows)("%s", (_name, env, options, expected) => {
    const urls = deriveUrls(env, options);
    expect({ api: urls.apiUrl, site: urls.siteUrl, dash: urls.dashboardUrl, source: urls.source }).toEqual(
      expected,
    );
    expect(urls.local).toBe(expected.source === "local");
  });

  const errors: Array<[string, Record<string, string>, UrlOptions, RegExp]> = [
    ["only convex-url", {}, { convexUrl: "https://a.example.com" }, /site-url is not/],
    [
      "URL with a path",
      {},
      { convexUrl: "https://a.example.com/x", siteUrl: "https://b.example.com" },
      /without a path/,
    ],
    [
      "not a URL",
      {},
      { convexUrl: "nope", siteUrl: "https://b.example.com" },
      /convex-url: "nope" is not a URL/,
    ],
    ["ftp scheme", {}, { convexUrl: "ftp://a", siteUrl: "https://b.example.com" }, /http or https/],
    ["Coder without any wildcard source", coder, {}, /coder-wildcard-domain/],
    [
      "path-style VSCODE_PROXY_URI",
      { ...coder, VSCODE_PROXY_URI: "https://coder.example.com/@alice/ws.main/apps/proxy/{{port}}/" },
      {},
      /not a subdomain template/,
    ],
    [
      "missing owner",
      { ...coder, CODER_WORKSPACE_OWNER_NAME: "" },
      { wildcardDomain: "*.apps.example.com" },
      /CODER_WORKSPACE_OWNER_NAME is empty/,
    ],
    [
      "missing workspace",
      { CODER: "true", CODER_WORKSPACE_OWNER_NAME: "alice", CODER_URL: "https://c.example.com" },
      { wildcardDomain: "*.apps.x.com" },
      /CODER_WORKSPACE_NAME is empty/,
    ],
    [
      "port style needs the agent",
      { ...coder, CODER_WORKSPACE_AGENT_NAME: "" },
      { wildcardDomain: "*.apps.example.com", style: "port" },
      /CODER_WORKSPACE_AGENT_NAME is empty/,
    ],
    [
      "invalid workspace name",
      { ...coder, CODER_WORKSPACE_NAME: "my_ws" },
      { wildcardDomain: "*.apps.example.com" },
      /CODER_WORKSPACE_NAME="my_ws" is not a valid/,
    ],
    ["no access URL", { ...coder, CODER_URL: "" }, { wildcardDomain: "*.apps.example.com" }, /CODER_URL/],
    ["wildcard without *", coder, { wildcardDomain: "apps.example.com" }, /not a wildcard domain/],
    [
      "invalid slug",
      coder,
      { wildcardDomain: "*.apps.example.com", slugs: { api: "convex_api" } },
      /api-slug: "convex_api"/,
    ],
    [
      "host label over 63 characters",
      {
        ...coder,
        CODER_WORKSPACE_NAME: "a-very-long-workspace-name-for-testing",
        CODER_WORKSPACE_OWNER_NAME: "someone-with-a-long-name",
      },
      { wildcardDomain: "*.apps.example.com" },
      /at most 63/,
    ],
  ];
  it.each(errors)("error: %s", (_name, env, options, message) => {
    expect(() => deriveUrls(env, options)).toThrow(message);
  });

  it("a label of exactly 63 characters is accepted", () => {
    const owner = "o".repeat(63 - "convex-dashboard--main--ws--".length);
    const urls = deriveUrls(
      { ...coder, CODER_WORKSPACE_OWNER_NAME: owner },
      { wildcardDomain: "*.apps.example.com" },
    );
    expect(new URL(urls.dashboardUrl).hostname.split(".")[0]).toHaveLength(63);
  });

  it("normalizePublicUrl keeps a port and drops the trailing slash", () => {
    expect(normalizePublicUrl("http://127.0.0.1:13210/", "convex-url")).toBe("http://127.0.0.1:13210");
  });
});
