import { describe, expect, it } from "vitest";
import {
  type Config,
  isImageReference,
  parseConfig,
  type RawInputs,
  splitArgs,
} from "../../src/core/config.js";
import { configProblems as problems } from "../helpers/config-problems.js";

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
      comment: true,
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

  it("better-auth-secret: at least 32 characters on one line, never quoted back; auth: better-auth", () => {
    const short = problems({ "better-auth-secret": "tooshort" }, {});
    expect(short.join("\n")).toMatch(/^better-auth-secret: is 8 characters; Better Auth wants at least 32/);
    expect(short.join("\n")).not.toContain("tooshort");
    expect(problems({ "better-auth-secret": `${"x".repeat(20)} ${"y".repeat(20)}` }, {}).join("\n")).toMatch(
      /better-auth-secret: holds whitespace/,
    );
    const ok = parseConfig({ "better-auth-secret": "z".repeat(44), auth: "better-auth" }, {});
    expect(ok.betterAuthSecret).toBe("z".repeat(44));
    expect(ok.auth).toBe("better-auth");
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
    [
      "a URL host that cannot be written to an env file",
      { "convex-url": "http://a'$b.example.com", "site-url": "http://site.example.com" },
      /convex-url: the host "a'\$b\.example\.com" has characters no host name has/,
    ],
    [
      "an image that docker would take as an option",
      { "backend-image": "--platform=linux/arm64" },
      /backend-image: "--platform=linux\/arm64" is not a docker image reference/,
    ],
    [
      "an image with $",
      { "dashboard-image": "ghcr.io/x/y:$TAG" },
      /dashboard-image: .* is not a docker image reference/,
    ],
    [
      "an unbalanced quote in deploy-args",
      { "deploy-args": `--message "unfinished` },
      /deploy-args: the " quote opened in/,
    ],
    [
      "a Postgres password with ' and $ unencoded: percent-encode, never the password",
      { "postgres-url": "postgres://u:pa'ss$word@db:5432" },
      /postgres-url: the user name or password in the Postgres URL has "'" "\$" unencoded\.[\s\S]*Percent-encode them: ' as %27, \$ as %24/,
    ],
    ["one prefix per message", { "jwt-private-key": "nope!" }, /^jwt-private-key: (?!jwt-private-key)/m],
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
  it.each([
    ["ghcr.io/get-convex/convex-backend:652b828b5129e6cdbcaa3c20efa8d116d09ff3bf", true],
    ["localhost:5000/convex-backend:run-42", true],
    ["postgres:16", true],
    [`ghcr.io/x/y@sha256:${"a".repeat(64)}`, true],
    ["Ghcr.io/x/Y:tag", false],
    ["-x", false],
    ["x y", false],
  ] as Array<[string, boolean]>)("image reference %s: %s", (ref, ok) => {
    expect(isImageReference(ref)).toBe(ok);
  });

  it.each(["a ; b", "a && b", "a > file", "a `x` | y"])("refuses shell syntax: %s", (input) => {
    expect(() => splitArgs(input)).toThrow(/shell syntax/);
  });
});

describe("seed inputs", () => {
  it("defaults: nothing to seed, arguments {}", () => {
    expect(parseConfig({}, {}).seed).toEqual({
      function: undefined,
      args: "{}",
      import: undefined,
      always: false,
    });
  });

  it("reads a function with its arguments, a file and seed-always", () => {
    expect(
      parseConfig(
        {
          "seed-function": "admin/seed:run",
          "seed-args": ' {"users": 10, "names": ["a"]} ',
          "seed-import": "seed/users.jsonl",
          "seed-always": "true",
        },
        {},
      ).seed,
    ).toEqual({
      function: "admin/seed:run",
      args: '{"users": 10, "names": ["a"]}',
      import: "seed/users.jsonl",
      always: true,
    });
  });

  it.each([
    "seed",
    "seed:init",
    "admin/seed:run",
    "convex/seed.ts:init",
    "seed.js:default",
    "my_module.v2:_private",
    "api.seed.init",
    "internal.admin.seed.run",
  ])("accepts the function name %s (as convex run takes it)", (name) => {
    expect(problems({ "seed-function": name })).toEqual([]);
  });

  it.each([
    "seed:",
    ":init",
    "seed:init:extra",
    "seed::init",
    "seed-data:init",
    "../seed:init",
    "/seed:init",
    "seed/:init",
    "seed:2fast",
    "api.seed",
    "--push",
    "seed init",
  ])("refuses the function name %s", (name) => {
    expect(problems({ "seed-function": name }).join("\n")).toMatch(
      /^seed-function: ".*" is not a Convex function name: give it as convex run takes it, module:export/,
    );
  });

  it.each([".zip", ".jsonl", ".json", ".csv"])("accepts a %s file", (ext) => {
    expect(problems({ "seed-import": `data/users${ext}` })).toEqual([]);
  });

  it.each([
    [
      "seed-args without seed-function",
      { "seed-args": "{}" },
      /^seed-args: holds arguments for seed-function, which is not set/,
    ],
    [
      "seed-args that is not JSON",
      { "seed-function": "seed:init", "seed-args": "{users: 10}" },
      /^seed-args: is not valid JSON \(.*\): give a JSON object/,
    ],
    [
      "seed-args that is an array",
      { "seed-function": "seed:init", "seed-args": "[1, 2]" },
      /^seed-args: must be a JSON object .*, not an array/,
    ],
    [
      "seed-args that is null",
      { "seed-function": "seed:init", "seed-args": "null" },
      /^seed-args: must be a JSON object .*, not null/,
    ],
    [
      "seed-args that is a number",
      { "seed-function": "seed:init", "seed-args": "10" },
      /^seed-args: must be a JSON object .*, not a number/,
    ],
    [
      "an absolute seed-import",
      { "seed-import": "/etc/passwd.json" },
      /^seed-import: "\/etc\/passwd\.json" is an absolute path: give the file's path in the repository, relative to working-directory/,
    ],
    [
      "a Windows absolute seed-import",
      { "seed-import": "C:\\data\\users.jsonl" },
      /^seed-import: .* is an absolute path/,
    ],
    [
      "a seed-import that climbs out with ..",
      { "working-directory": "app", "seed-import": "../../secrets/users.jsonl" },
      /^seed-import: "\.\.\/\.\.\/secrets\/users\.jsonl" climbs out of the repository with \.\.: the file must be inside it/,
    ],
    [
      "a seed-import of another format",
      { "seed-import": "seed/users.sql" },
      /^seed-import: "seed\/users\.sql" must end in \.zip .*, or \.jsonl, \.json or \.csv .* Rename the file\./,
    ],
    [
      "an uppercase extension (convex import matches it exactly)",
      { "seed-import": "seed/users.JSONL" },
      /^seed-import: .* must end in \.zip/,
    ],
    [
      "a file name that is not a table name",
      { "seed-import": "seed/seed-users.jsonl" },
      /^seed-import: imports "seed\/seed-users\.jsonl" into the table named after the file, and "seed-users" is not a valid Convex table name .*: rename the file, e.g. to seed_users\.jsonl\./,
    ],
    [
      "a file name starting with _ (a system table)",
      { "seed-import": "_users.csv" },
      /"_users" is not a valid Convex table name .* e\.g\. to users\.csv\./,
    ],
    [
      "a file name starting with a digit",
      { "seed-import": "2024.json" },
      /"2024" is not a valid Convex table name .* e\.g\. to t_2024\.json\./,
    ],
    [
      "seed-always with nothing to seed",
      { "seed-always": "true" },
      /^seed-always: is true but there is nothing to seed: set seed-function, seed-import or seed-artifact/,
    ],
    [
      "seed-import and seed-artifact together",
      { "seed-import": "seed/backup.zip", "seed-artifact": "prod-backup" },
      /^seed-artifact: and seed-import both give the data to import: give one of them\./,
    ],
    [
      "seed-scrub without anything imported",
      { "seed-function": "seed:init", "seed-scrub": "internal/scrub:run" },
      /^seed-scrub: scrubs imported data: it needs seed-import or seed-artifact\./,
    ],
    [
      "seed-scrub that is not a function name",
      { "seed-artifact": "prod-backup", "seed-scrub": "rm -rf /" },
      /^seed-scrub: "rm -rf \/" is not a Convex function name/,
    ],
    [
      "seed-artifact-run-id without seed-artifact",
      { "seed-artifact-run-id": "123" },
      /^seed-artifact-run-id: says which run's artifact to take: it needs seed-artifact\./,
    ],
    [
      "seed-artifact-run-id that is not a number",
      { "seed-artifact": "prod-backup", "seed-artifact-run-id": "latest" },
      /^seed-artifact-run-id: "latest" is not a workflow run id/,
    ],
    [
      "seed-artifact with a slash",
      { "seed-artifact": "a/b" },
      /^seed-artifact: "a\/b" is not an artifact name/,
    ],
    [
      "max-age that is not an age",
      { command: "prune", "max-age": "7 days" },
      /^max-age: "7 days" is not an age: write a whole number and a unit/,
    ],
    [
      "max-age with another command",
      { "max-age": "7d" },
      /^max-age: is for command: prune \(command is up\)/,
    ],
    [
      "seed-always that is not a boolean",
      { "seed-always": "sometimes" },
      /^seed-always: "sometimes" is not a boolean/,
    ],
    [
      "seeding without deploy",
      { "seed-function": "seed:init", deploy: "false" },
      /^seed-function: seeds a deployment after its first deploy; it needs deploy: true\./,
    ],
  ] as Array<[string, RawInputs, RegExp]>)("%s", (_n, raw, message) => {
    expect(problems(raw).join("\n")).toMatch(message);
  });

  it("a .. that stays inside (a monorepo's shared data) is fine", () => {
    expect(problems({ "working-directory": "apps/web", "seed-import": "../../seed/users.jsonl" })).toEqual(
      [],
    );
  });

  it("a .zip names no table, whatever the file is called", () => {
    expect(problems({ "seed-import": "seed/2024-snapshot.zip" })).toEqual([]);
  });
});
