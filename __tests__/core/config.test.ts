import { describe, expect, it } from "vitest";
import { type Config, parseConfig, type RawInputs, splitArgs } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";

function problems(raw: RawInputs, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(raw, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config: Config = parseConfig({}, {});
    expect(config).toMatchObject({
      workingDirectory: ".",
      instanceName: "app",
      dashboard: true,
      deploy: true,
      exportEnv: true,
      cleanup: true,
      cacheImages: false,
      ports: { api: 3210, site: 3211, dashboard: 6791 },
      waitTimeoutMs: 120_000,
      postgres: { url: undefined, sslmode: "disable", preflight: true, createDatabase: true },
      envVars: [],
      deployArgs: [],
      publicUrls: { apiUrl: "http://localhost:3210", source: "local" },
    });
    // The default slugs reach the URLs inside Coder.
    const coder = parseConfig(
      {},
      { CODER: "true", VSCODE_PROXY_URI: "https://{{port}}--main--ws--alice.apps.example.com" },
    );
    expect(coder.publicUrls.siteUrl).toBe("https://convex-site--main--ws--alice.apps.example.com");
  });

  it("reads every kind of input", () => {
    const config = parseConfig(
      {
        "instance-name": "preview-42",
        "instance-secret": "A".repeat(64),
        dashboard: "false",
        "api-port": "13210",
        "site-port": "13211",
        "env-vars": "# comment\nOPENAI_API_KEY=sk-123\n\nEMPTY=\nWITH_EQ=a=b\n",
        "deploy-args": `--typecheck disable --message "hello world" '$NOT_EXPANDED'`,
        "wait-timeout": "30",
        "postgres-sslmode": "require",
      },
      { DATABASE_URL: "postgres://u:pw@db/app" },
    );
    expect(config.instanceSecret).toBe("a".repeat(64));
    expect(config.envVars).toEqual([
      ["OPENAI_API_KEY", "sk-123"],
      ["EMPTY", ""],
      ["WITH_EQ", "a=b"],
    ]);
    expect(config.deployArgs).toEqual([
      "--typecheck",
      "disable",
      "--message",
      "hello world",
      "$NOT_EXPANDED",
    ]);
    expect(config.waitTimeoutMs).toBe(30_000);
    expect(config.postgres.url).toMatchObject({
      name: "preview_42",
      source: "DATABASE_URL",
      url: "postgres://u:pw@db",
      sslmode: "require",
    });
    expect(config.publicUrls.apiUrl).toBe("http://localhost:13210");
  });

  it("reports every bad field at once, each naming its input", () => {
    const found = problems(
      {
        "instance-name": "Bad Name",
        "instance-secret": "xyz",
        "api-port": "70000",
        "site-port": "abc",
        dashboard: "maybe",
        "url-style": "path",
        "postgres-sslmode": "verify",
        "env-vars": "JWT_ISSUER=x\nnot a pair",
        "deploy-args": "--x | rm -rf /",
        "wait-timeout": "0",
        "project-name": "Has Caps",
        "postgres-url": "mysql://x@y/z",
        "convex-url": "https://only-one.example.com",
      },
      {},
    );
    const fields = found.map((p) => p.split(":")[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        "instance-name",
        "instance-secret",
        "api-port",
        "site-port",
        "dashboard",
        "url-style",
        "postgres-sslmode",
        "env-vars",
        "deploy-args",
        "wait-timeout",
        "project-name",
        "postgres-url",
        "convex-url",
      ]),
    );
    expect(found.join("\n")).not.toContain("xyz");
  });

  it.each([
    ["duplicate ports", { "site-port": "3210" }, /must all differ/],
    ["managed variable in env-vars", { "env-vars": "JWKS=x" }, /JWKS is set by setup-coder-convex/],
    ["Coder without wildcard", {}, /coder-wildcard-domain/, { CODER: "true", CODER_WORKSPACE_NAME: "ws" }],
    ["bad jwt key", { "jwt-private-key": "nope!" }, /jwt-private-key/],
    [
      "--preview-create",
      { "deploy-args": "--preview-create pr-1" },
      /deploy-args: --preview-create makes convex deploy crash/,
    ],
  ] as Array<[string, RawInputs, RegExp, Record<string, string>?]>)("%s", (_n, raw, message, env) => {
    expect(problems(raw, env).join("\n")).toMatch(message);
  });

  it("a port that only the disabled dashboard repeats is fine", () => {
    expect(problems({ dashboard: "false", "dashboard-port": "3210" })).toEqual([]);
  });
});

describe("splitArgs", () => {
  it.each([
    ["", []],
    ["a b", ["a", "b"]],
    [`"a b" 'c d' e\\ f`, ["a b", "c d", "e f"]],
    ["--flag=$HOME", ["--flag=$HOME"]],
  ])("%s", (input, expected) => {
    expect(splitArgs(input)).toEqual(expected);
  });
  it.each(["a ; b", "a && b", "a > file", "a `x` | y"])("refuses shell syntax: %s", (input) => {
    expect(() => splitArgs(input)).toThrow(/shell syntax/);
  });
});
