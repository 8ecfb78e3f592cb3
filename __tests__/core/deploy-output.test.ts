import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastLine } from "../../src/adapters/process.js";
import { explainDeployFailure, hintForDeployFailure, stripAnsi } from "../../src/core/deploy-output.js";

/** Real `convex deploy` outputs; __tests__/fixtures/convex-cli/README.md says how each was made. */
const FIXTURES = join(import.meta.dirname, "../fixtures/convex-cli");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

type Row = [file: string, line: string, hint: RegExp | undefined];

const rows: Row[] = [
  [
    "not-found-get-config-hashes.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:44149 — Error fetching POST http://127.0.0.1:44149/api/get_config_hashes 404 Not Found: NotFound: /api/get_config_hashes: http://127.0.0.1:44149/api/get_config_hashes",
    /404 for \/api\/get_config_hashes: .*version skew/,
  ],
  [
    "not-found-get-config-hashes.ansi.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:44953 — Error fetching POST http://127.0.0.1:44953/api/get_config_hashes 404 Not Found: NotFound: /api/get_config_hashes: http://127.0.0.1:44953/api/get_config_hashes",
    /version skew/,
  ],
  [
    "site-port-instead-of-api.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:35111 — Error fetching POST http://127.0.0.1:35111/api/get_config_hashes 404 Not Found: http://127.0.0.1:35111/api/get_config_hashes",
    /API port \(3210\)/,
  ],
  [
    "cli-1.19.1-not-found-prepare-schema.txt",
    "Error: Unable to run schema validation on http://127.0.0.1:47102 — Error fetching POST http://127.0.0.1:47102/api/prepare_schema 404 Not Found: NotFound: /api/prepare_schema: http://127.0.0.1:47102/api/prepare_schema",
    /404 for \/api\/prepare_schema/,
  ],
  [
    "bad-admin-key.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:36785 — Error fetching POST http://127.0.0.1:36785/api/get_config_hashes 401 Unauthorized: BadAdminKey: The provided admin key was invalid for this instance",
    /refused CONVEX_SELF_HOSTED_ADMIN_KEY/,
  ],
  [
    "bad-admin-key.ansi.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:35213 — Error fetching POST http://127.0.0.1:35213/api/get_config_hashes 401 Unauthorized: BadAdminKey: The provided admin key was invalid for this instance",
    /refused CONVEX_SELF_HOSTED_ADMIN_KEY/,
  ],
  [
    "connection-refused.txt",
    "Error: Unable to pull deployment config from http://127.0.0.1:45421 — TypeError: fetch failed",
    /could not reach the backend/,
  ],
  [
    "auth-config-missing-env-var.txt",
    "Environment variable AUTH_ISSUER_URL is used in auth config file but its value was not set.",
    /reads AUTH_ISSUER_URL, .*env-vars/,
  ],
  [
    "auth-config-missing-env-var.ansi.txt",
    "Environment variable AUTH_ISSUER_URL is used in auth config file but its value was not set.",
    /reads AUTH_ISSUER_URL/,
  ],
  [
    "typecheck-error.txt",
    "TypeScript typecheck via `tsc` failed. — convex/broken.ts:2:65 - error TS2322: Type 'string' is not assignable to type 'number'.",
    /--typecheck=disable/,
  ],
  ["unresolved-import.txt", '[ERROR] Could not resolve "zod" — convex/broken.ts:1:18', /not installed/],
  ["syntax-error.txt", '[ERROR] Unexpected ";" — convex/broken.ts:1:17', undefined],
  [
    "cli-1.19.0-ignores-self-hosted.txt",
    "Please set CONVEX_DEPLOY_KEY to a new key which you can find on your Convex dashboard.",
    /older than 1\.19\.1/,
  ],
];

describe("explainDeployFailure over real convex CLI outputs", () => {
  it("covers every fixture file", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".txt"));
    expect(files.sort()).toEqual(rows.map((r) => r[0]).sort());
  });

  it.each(rows)("%s", (file, line, hint) => {
    const output = fixture(file);
    const explained = explainDeployFailure(output);
    expect(explained).toBe(line);
    // Never the error reporter, a stack frame or an escape code.
    expect(explained).not.toMatch(/sentry\.io|\bat \S+ \(|\x1b/i);
    if (hint) expect(hintForDeployFailure(explained)).toMatch(hint);
    else expect(hintForDeployFailure(explained)).toBeUndefined();
  });

  it.each([
    ["not-found-get-config-hashes.txt", /^at GetAddrInfoReqWrap\.onlookupall/],
    ["bad-admin-key.txt", /^at GetAddrInfoReqWrap\.onlookupall/],
    ["connection-refused.txt", /^at GetAddrInfoReqWrap\.onlookupall/],
    ["auth-config-missing-env-var.txt", /^at GetAddrInfoReqWrap\.onlookupall/],
    ["auth-config-missing-env-var.ansi.txt", /^npx convex env set /],
    ["bad-admin-key.ansi.txt", /^Authenticate with `npx convex dev`$/],
    ["typecheck-error.txt", /^Found 1 error in /],
    ["syntax-error.txt", /^╵ +\^$/],
    ["unresolved-import.txt", /^You can mark the path "zod" as external/],
  ])("%s: the last line (today's message) is %s, not the cause", (file, today) => {
    expect(lastLine(fixture(file))).toMatch(today);
  });
});

describe("explainDeployFailure on crafted outputs", () => {
  const cases: [string, string, string][] = [
    ["empty output", "", ""],
    ["only blank lines and noise", "\n\n    at foo (bar.js:1:1)\nRetrying request (attempt 3/6)...\n", ""],
    [
      "no failure mark: the last meaningful line",
      "- Deploying to x...\nsomething odd happened\n\n",
      "something odd happened",
    ],
    [
      "no failure mark: the first line that reads like an error",
      "building\nError: boom\n    at f (a.js:1:1)\nNode.js v20.19.0\n",
      "Error: boom",
    ],
    [
      "an uncaught exception's code frame is skipped",
      "file:///x/a.js:10\n    throw new Error('boom');\n    ^\n\nError: boom\n    at f (a.js:1:1)\n\nNode.js v20.19.0\n",
      "Error: boom",
    ],
    [
      "ANSI codes are removed",
      "\x1b[31m\u2716\x1b[39m Environment variable \x1b[1mX\x1b[22m is used in auth config file but its value was not set.\n",
      "Environment variable X is used in auth config file but its value was not set.",
    ],
    [
      "a carriage return keeps what the terminal showed last",
      "\u2716 Error: old\r\u2716 Error: Unable to start push to http://h\n",
      "Error: Unable to start push to http://h",
    ],
    ["CRLF line ends", "- Deploying...\r\n\u2716 Error: x\r\n", "Error: x"],
    [
      "a second marked line details the first",
      "\u2716 Error: Unable to start push to http://h\n\u2716 Error fetching POST http://h/api/deploy2/start_push 400 Bad Request: BadJsonBody: missing field `functions`\n",
      "Error: Unable to start push to http://h — Error fetching POST http://h/api/deploy2/start_push 400 Bad Request: BadJsonBody: missing field `functions`",
    ],
    [
      "an advice line after the failure is not a detail",
      "\u2716 Error: x\nSee https://docs.convex.dev/ for more\n",
      "Error: x",
    ],
    [
      "an app's own import of Sentry is not the reporter's noise",
      '\u2718 [ERROR] Could not resolve "@sentry/node"\n\n    convex/a.ts:1:20:\nUnexpected Error: Error: getaddrinfo ENOTFOUND o1192621.ingest.sentry.io\n',
      '[ERROR] Could not resolve "@sentry/node" — convex/a.ts:1:20',
    ],
    [
      "tsc's other format",
      "\u2716 TypeScript typecheck via `tsc` failed.\nconvex/a.ts(3,7): error TS2304: Cannot find name 'y'.\n",
      "TypeScript typecheck via `tsc` failed. — convex/a.ts(3,7): error TS2304: Cannot find name 'y'.",
    ],
  ];
  it.each(cases)("%s", (_name, output, expected) => {
    expect(explainDeployFailure(output)).toBe(expected);
  });
});

describe("stripAnsi", () => {
  it.each([
    ["\x1b[96mconvex/broken.ts\x1b[0m:\x1b[93m2\x1b[0m", "convex/broken.ts:2"],
    ["\x1b[2K\x1b[1G- Deploying", "- Deploying"],
    ["\x1b]8;;https://x.dev\x07link\x1b]8;;\x07", "link"],
    ["plain \u2716 text", "plain \u2716 text"],
  ])("%j", (input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });
});

describe("hintForDeployFailure", () => {
  it.each([
    [
      "Error fetching POST http://h/api/deploy2/evaluate_push 404 Not Found: NotFound",
      /404 for \/api\/deploy2\/evaluate_push/,
    ],
    [
      "Error fetching POST http://h/api/deploy2/start_push 400 Bad Request: missing field `functions`",
      /newer than the backend image/,
    ],
    ["Error fetching POST http://h/api/x 403 Forbidden: MissingAdminKey: no key", /admin/i],
    ["Error: connect ECONNREFUSED 127.0.0.1:3210", /could not reach/],
    ["Error: You are not logged in. Log in with `npx convex dev`", /older than 1\.19\.1/],
    ["convex/a.ts:1:1 - error TS2322: nope", /typecheck=disable/],
  ])("%s", (line, hint) => {
    expect(hintForDeployFailure(line)).toMatch(hint);
  });

  it.each(['[ERROR] Unexpected ";"', "Something nobody knows", ""])("no hint for %j", (line) => {
    expect(hintForDeployFailure(line)).toBeUndefined();
  });
});
