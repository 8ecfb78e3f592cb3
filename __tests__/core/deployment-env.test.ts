import { describe, expect, it } from "vitest";
import {
  buildDeploymentChanges,
  findDeploymentEnvProblems,
  isMaskableValue,
  isSecretName,
  parseEnvVarsInput,
} from "../../src/core/deployment-env.js";

const base = {
  auth: {
    privateKeyValue: "-----BEGIN PRIVATE KEY----- MIIE -----END PRIVATE KEY-----",
    jwks: '{"keys":[]}',
  },
  siteUrl: "https://site.example.com",
  userSource: ".env.convex.deployment (user section)",
};

describe("buildDeploymentChanges", () => {
  it("auth variables first, then env-vars, then the user section; empty values skipped", () => {
    const r = buildDeploymentChanges({
      ...base,
      envVars: [
        ["A", "1"],
        ["EMPTY", ""],
      ],
      userVars: [["B", "2"]],
    });
    expect(r.changes.map((c) => [c.name, c.source])).toEqual([
      ["JWT_PRIVATE_KEY", "setup-coder-convex"],
      ["CONVEX_SITE_ORIGIN", "setup-coder-convex"],
      ["JWT_ISSUER", "setup-coder-convex"],
      ["JWKS", "setup-coder-convex"],
      ["A", "env-vars"],
      ["B", base.userSource],
    ]);
    expect(r.changes.find((c) => c.name === "JWT_ISSUER")?.value).toBe(base.siteUrl);
    expect(r.skipped).toEqual(["EMPTY"]);
    expect(r.problems).toEqual([]);
  });

  it("SITE_URL (frontend-url) for @convex-dev/auth apps, unless the user sets it; no key variables without auth", () => {
    const auth = { ...base.auth, frontendUrl: "http://localhost:5173" };
    const ours = buildDeploymentChanges({ ...base, auth, envVars: [], userVars: [] });
    expect(ours.changes.find((c) => c.name === "SITE_URL")).toMatchObject({
      value: "http://localhost:5173",
      source: "setup-coder-convex (frontend-url)",
    });
    const theirs = buildDeploymentChanges({
      ...base,
      auth,
      envVars: [["SITE_URL", "https://app.example.com"]],
      userVars: [],
    });
    expect(theirs.changes.filter((c) => c.name === "SITE_URL").map((c) => c.value)).toEqual([
      "https://app.example.com",
    ]);
    expect(theirs.problems).toEqual([]);
    const { auth: _drop, ...noAuth } = base;
    const clerk = buildDeploymentChanges({
      ...noAuth,
      envVars: [["CLERK_ISSUER_URL", "https://clerk.example.com"]],
      userVars: [],
    });
    expect(clerk.changes.map((c) => c.name)).toEqual(["CLERK_ISSUER_URL"]);
  });

  it("BETTER_AUTH_SECRET for Better Auth, and SITE_URL for any app given a frontend URL (yours wins)", () => {
    const { auth: _drop, ...noAuth } = base;
    const better = buildDeploymentChanges({
      ...noAuth,
      betterAuthSecret: "s".repeat(44),
      frontendUrl: "http://localhost:5173",
      envVars: [],
      userVars: [],
    });
    expect(better.changes.map((c) => [c.name, c.source])).toEqual([
      ["BETTER_AUTH_SECRET", "setup-coder-convex"],
      ["SITE_URL", "setup-coder-convex (frontend-url)"],
    ]);
    const yours = buildDeploymentChanges({
      ...noAuth,
      frontendUrl: "http://localhost:5173",
      envVars: [],
      userVars: [["SITE_URL", "https://app.example.com"]],
    });
    expect(yours.changes.map((c) => c.value)).toEqual(["https://app.example.com"]);
  });

  it.each([
    [
      "a name defined in both places",
      [["X", "1"]],
      [["X", "2"]],
      /\.env\.convex\.deployment \(user section\): X is already set by env-vars/,
    ],
    [
      "a managed name in the user section",
      [],
      [["JWT_ISSUER", "x"]],
      /user section\): JWT_ISSUER is already set by setup-coder-convex/,
    ],
    [
      "a built-in name",
      [["CONVEX_SITE_URL", "x"]],
      [],
      /env-vars: CONVEX_SITE_URL is set by the backend itself/,
    ],
    ["a bad name", [["1ABC", "x"]], [], /env-vars: "1ABC" is not a valid name/],
    ["a name over 256 characters", [["A".repeat(257), "x"]], [], /longer than 256/],
    ["a value over 8 KiB", [["BIG", "x".repeat(8193)]], [], /BIG is 8193 bytes; the backend allows 8192/],
  ] as Array<[string, Array<[string, string]>, Array<[string, string]>, RegExp]>)(
    "refuses %s",
    (_n, envVars, userVars, message) => {
      expect(buildDeploymentChanges({ ...base, envVars, userVars }).problems.join("\n")).toMatch(message);
    },
  );

  it("at most 512 variables", () => {
    const many = Array.from({ length: 509 }, (_, i) => [`V${i}`, "x"] as [string, string]);
    expect(buildDeploymentChanges({ ...base, envVars: many, userVars: [] }).problems).toEqual([
      "513 deployment variables; the backend accepts at most 512 in one deployment.",
    ]);
    expect(buildDeploymentChanges({ ...base, envVars: many.slice(1), userVars: [] }).problems).toEqual([]);
  });

  it("a value of exactly 8 KiB (in UTF-8 bytes) passes; one multi-byte character more does not", () => {
    expect(findDeploymentEnvProblems([{ name: "V", value: "é".repeat(4096), source: "s" }])).toEqual([]);
    expect(
      findDeploymentEnvProblems([{ name: "V", value: `${"é".repeat(4096)}x`, source: "s" }]),
    ).toHaveLength(1);
  });
});

describe("parseEnvVarsInput", () => {
  it("says which line is wrong", () => {
    expect(() => parseEnvVarsInput("A=1\nnot a pair")).toThrow(/env-vars: line 2 is not KEY=VALUE/);
  });
});

describe("isSecretName", () => {
  it.each([
    ["AUTH_GITHUB_SECRET", true],
    ["RESEND_API_KEY", true],
    ["OPENAI_APIKEY", true],
    ["STRIPE_WEBHOOK_SECRET", true],
    ["DB_PASSWORD", true],
    ["SENTRY_DSN", true],
    ["AWS_ACCESS_KEY_ID", false],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["JWT_PRIVATE_KEY", true],
    ["SITE_URL", false],
    ["GREETING", false],
    ["AUTH_GITHUB_ID", false],
    ["KEYWORDS", false],
    ["MAX_TOKENS", false],
    ["OPENAI_MAX_TOKENS", false],
    ["PRIVATE_BETA", false],
    ["PASSWORD_MIN_LENGTH", false],
    ["WEBHOOK_ENABLED", false],
    ["SECRET_ROTATION_DAYS", false],
    ["GITHUB_TOKEN", true],
    ["AUTH_RESEND_KEY", true],
  ])("%s -> %s", (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });

  it.each([
    ["sk_live_51Habc", true],
    ["1", false],
    ["true", false],
    ["3600", false],
    ["12345678", false],
    ["short", false],
  ])("value %s maskable: %s", (value, expected) => {
    expect(isMaskableValue(value)).toBe(expected);
  });
});
