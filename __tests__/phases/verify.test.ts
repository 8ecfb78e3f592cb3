/** verify: every check, shown to fail on the state it targets (fakes for the admin API and HTTP). */
import { describe, expect, it } from "vitest";
import type { ConvexAdmin } from "../../src/adapters/convex-admin.js";
import { assertVerified, type VerifyInput, verifyDeployment } from "../../src/phases/verify.js";

const JWKS = '{"keys":[{"use":"sig","kty":"RSA","n":"abc","e":"AQAB"}]}';
const input: VerifyInput = {
  hostApiUrl: "http://127.0.0.1:3210",
  hostSiteUrl: "http://127.0.0.1:3211",
  apiUrl: "https://convex-api--ws--me.apps.example.com",
  siteUrl: "https://convex-site--ws--me.apps.example.com",
  adminKey: "app|01",
  expectedVariables: ["JWKS", "JWT_PRIVATE_KEY"],
  authDiscovery: true,
  publicUrls: true,
};

interface State {
  up?: boolean;
  keyOk?: boolean;
  vars?: Record<string, string>;
  routes?: Record<string, Response | "unreachable">;
}

function deps(state: State) {
  const routes: Record<string, Response | "unreachable"> = {
    [`${input.hostSiteUrl}/.well-known/openid-configuration`]: Response.json({ issuer: input.siteUrl }),
    [`${input.hostSiteUrl}/.well-known/jwks.json`]: new Response(JWKS),
    [`${input.apiUrl}/version`]: new Response("unknown"),
    [`${input.siteUrl}/.well-known/openid-configuration`]: Response.json({ issuer: input.siteUrl }),
    ...state.routes,
  };
  const admin = (baseUrl: string) =>
    ({
      baseUrl,
      isUp: async () => state.up ?? true,
      checkAdminKey: async () => state.keyOk ?? true,
      listEnvironmentVariables: async () => state.vars ?? { JWKS, JWT_PRIVATE_KEY: "x" },
    }) as unknown as ConvexAdmin;
  return {
    admin,
    fetch: async (url: string) => {
      const r = routes[url];
      if (r === "unreachable" || r === undefined) throw new TypeError("fetch failed");
      return r.clone();
    },
  };
}

describe("verifyDeployment", () => {
  it("everything fine: every check passes", async () => {
    const checks = await verifyDeployment(deps({}), input);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["api", true],
      ["admin-key", true],
      ["variables", true],
      ["auth-discovery", true],
      ["jwks", true],
      ["public-api", true],
      ["public-site", true],
    ]);
    expect(() => assertVerified(checks)).not.toThrow();
  });

  it.each([
    ["the API does not answer", { up: false }, "api", /does not answer/],
    ["the admin key is refused", { keyOk: false }, "admin-key", /refused/],
    ["a variable is missing", { vars: { JWKS } }, "variables", /lacks JWT_PRIVATE_KEY/],
    [
      "no auth routes (http.ts without auth.addHttpRoutes)",
      {
        routes: {
          [`${input.hostSiteUrl}/.well-known/openid-configuration`]: new Response("no", { status: 404 }),
        },
      },
      "auth-discovery",
      /answered 404/,
    ],
    [
      "the issuer is not the site URL",
      {
        routes: {
          [`${input.hostSiteUrl}/.well-known/openid-configuration`]: Response.json({
            issuer: "http://localhost:3211",
          }),
        },
      },
      "auth-discovery",
      /issuer http:\/\/localhost:3211 \(expected https:\/\/convex-site/,
    ],
    [
      "the JWKS served differs",
      {
        routes: {
          [`${input.hostSiteUrl}/.well-known/jwks.json`]: new Response('{"keys":[{"n":"zzz","e":"AQAB"}]}'),
        },
      },
      "jwks",
      /differs from the deployment's JWKS/,
    ],
    [
      "Coder's login redirect on the public API URL",
      {
        routes: {
          [`${input.apiUrl}/version`]: new Response(null, {
            status: 303,
            headers: { location: "https://coder.example.com/login?redirect=x" },
          }),
        },
      },
      "public-api",
      /redirects to https:\/\/coder\.example\.com\/login/,
    ],
    [
      "the public site URL unreachable",
      { routes: { [`${input.siteUrl}/.well-known/openid-configuration`]: "unreachable" } },
      "public-site",
      /not reachable from here/,
    ],
  ] as Array<[string, State, string, RegExp]>)(
    "%s: the %s check fails with its fix",
    async (_n, state, name, detail) => {
      const checks = await verifyDeployment(deps(state), input);
      const failed = checks.filter((c) => !c.ok);
      expect(failed.map((c) => c.name)).toEqual([name]);
      expect(failed[0]!.detail).toMatch(detail);
      expect(failed[0]!.fix).toBeTruthy();
      expect(() => assertVerified(checks)).toThrow(/Verification failed/);
    },
  );

  it("the fix for a login redirect is in the URL style's terms: coder_app blocks for app slugs", async () => {
    const checks = await verifyDeployment(
      deps({ routes: { [`${input.apiUrl}/version`]: "unreachable" } }),
      input,
    );
    const fix = checks.find((c) => !c.ok)?.fix;
    expect(fix).toMatch(/are Coder apps: the workspace's template needs a coder_app for each/);
    expect(fix).toContain('slug "convex-api" and "convex-site", subdomain = true, share = "public"');
    expect(fix).not.toMatch(/share ports/i);
  });

  it("... and sharing the real ports for forwarded-port URLs", async () => {
    const ported = {
      ...input,
      apiUrl: "https://41210--main--ws--me.apps.example.com",
      siteUrl: "https://41211--main--ws--me.apps.example.com",
      authDiscovery: false,
    };
    const checks = await verifyDeployment(
      deps({ routes: { [`${ported.apiUrl}/version`]: "unreachable" } }),
      ported,
    );
    expect(checks.find((c) => c.name === "public-api")?.fix).toMatch(
      /are forwarded ports: share ports 41210 and 41211 with level Public/,
    );
  });
});
