/** What the app needs, decided from its facts (core/app-plan.ts): auth kinds, SITE_URL, the checks. */
import { describe, expect, it } from "vitest";
import { checkAppVariables, siteUrlNeed, usesBetterAuth, usesConvexAuth } from "../../src/core/app-plan.js";

const facts = (reads: Array<[string, string[]]> = []) => ({
  authConfigEnv: ["CONVEX_SITE_URL"],
  authConfigFile: "convex/auth.config.ts",
  providers: [],
  functionsDir: "convex",
  envVarsRead: reads.map(([name, files]) => ({ name, files })),
});

describe("auth kinds from the auth input and the app", () => {
  it.each([
    ["auto", "better-auth", false, true],
    ["auto", "convex-auth", true, false],
    ["auto", "clerk", false, false],
    ["better-auth", "none", false, true],
    ["convex-auth", "better-auth", true, false],
    ["none", "better-auth", false, false],
  ] as const)("auth: %s, app %s -> convex-auth %s, better-auth %s", (input, auth, convex, better) => {
    expect(usesConvexAuth(input, { auth })).toBe(convex);
    expect(usesBetterAuth(input, { auth })).toBe(better);
  });
});

describe("siteUrlNeed: SITE_URL on the deployment", () => {
  it("for @convex-dev/auth and Better Auth always; for any other app when its functions read it", () => {
    const reads = facts([["SITE_URL", ["convex/email.ts"]]]);
    expect(siteUrlNeed(facts(), { convexAuth: true, betterAuth: false }).deployment).toBe(true);
    expect(siteUrlNeed(facts(), { convexAuth: false, betterAuth: true }).why).toBe(
      "Better Auth's trusted origin",
    );
    expect(siteUrlNeed(reads, { convexAuth: false, betterAuth: false })).toEqual({
      deployment: true,
      why: "read by convex/email.ts",
      readers: ["convex/email.ts"],
    });
    expect(siteUrlNeed(facts(), { convexAuth: false, betterAuth: false }).deployment).toBe(false);
  });
});

describe("checkAppVariables", () => {
  const siteReaders = facts([["SITE_URL", ["convex/auth.ts"]]]);
  it("Better Auth: its secret and a SITE_URL its functions read must be set (the messages name the input)", () => {
    const check = checkAppVariables(siteReaders, new Set(), "https://site", {
      convexAuth: false,
      betterAuth: true,
    });
    expect(check.problems).toEqual([
      "Better Auth needs BETTER_AUTH_SECRET, which is set nowhere: give better-auth-secret (or leave it out to have one generated and kept).",
      "convex/auth.ts reads SITE_URL, the frontend's URL (Better Auth's trusted origin), which is set nowhere: give frontend-url (there is no default for this frontend: Expo, or no framework), or SITE_URL in env-vars. Sign-in fails without it.",
    ]);
    const given = checkAppVariables(siteReaders, new Set(["AUTH_SECRET", "SITE_URL"]), "https://site", {
      convexAuth: false,
      betterAuth: true,
    });
    expect(given.problems).toEqual([]);
  });
  it("another app: SITE_URL unset is a notice naming frontend-url, not the generic one", () => {
    const check = checkAppVariables(
      facts([
        ["SITE_URL", ["convex/email.ts"]],
        ["OPENAI_API_KEY", ["convex/ai.ts"]],
      ]),
      new Set(),
      "https://site",
      false,
    );
    expect(check.problems).toEqual([]);
    expect(check.notices).toEqual([
      "convex/email.ts reads SITE_URL, the frontend's URL, which is not set on this deployment: give frontend-url (there is no default for this frontend: Expo, or no framework), or SITE_URL in env-vars, unless it is optional.",
      "The functions in convex/ read OPENAI_API_KEY, not set on this deployment (fine if they are optional).",
    ]);
  });
});
