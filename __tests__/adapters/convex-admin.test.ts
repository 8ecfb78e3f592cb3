import { describe, expect, it } from "vitest";
import { createConvexAdmin, type FetchLike } from "../../src/adapters/convex-admin.js";

function fakeFetch(
  responses: Array<Response | Error>,
): FetchLike & { calls: Array<{ url: string; init?: RequestInit }> } {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    if (next instanceof Error) throw next;
    return next;
  }) as FetchLike & { calls: typeof calls };
  fn.calls = calls;
  return fn;
}

describe("convex admin API client", () => {
  it("sends one transaction with the Convex auth header", async () => {
    const f = fakeFetch([new Response(null, { status: 200 })]);
    await createConvexAdmin("http://127.0.0.1:3210/", f).updateEnvironmentVariables("app|01ab", [
      { name: "A", value: "1" },
      { name: "B", value: null },
    ]);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe("http://127.0.0.1:3210/api/update_environment_variables");
    expect(new Headers(f.calls[0]!.init?.headers).get("authorization")).toBe("Convex app|01ab");
    expect(JSON.parse(String(f.calls[0]!.init?.body))).toEqual({
      changes: [
        { name: "A", value: "1" },
        { name: "B", value: null },
      ],
    });
  });

  it("retries once when an idle connection was closed by the server", async () => {
    const f = fakeFetch([
      new TypeError("fetch failed", { cause: new Error("other side closed") }),
      new Response(null, { status: 200 }),
    ]);
    await createConvexAdmin("http://x", f).updateEnvironmentVariables("k", []);
    expect(f.calls).toHaveLength(2);
  });

  it("explains a refusal with the backend's code and message, and says nothing changed", async () => {
    const f = fakeFetch([
      new Response(JSON.stringify({ code: "EnvVarNameForbidden", message: "CONVEX_SITE_URL is built in" }), {
        status: 400,
      }),
    ]);
    await expect(createConvexAdmin("http://x", f).updateEnvironmentVariables("k", [])).rejects.toThrow(
      /400 EnvVarNameForbidden: CONVEX_SITE_URL is built in[\s\S]*Nothing was changed/,
    );
  });

  it.each([
    [200, '{"success":true,"allowedOps":[]}', true],
    [401, '{"code":"BadAdminKey"}', false],
    [403, '{"code":"MissingAdminKey"}', false],
  ])("check_admin_key %i -> %s", async (status, body, ok) => {
    expect(
      await createConvexAdmin("http://x", fakeFetch([new Response(body, { status })])).checkAdminKey("k"),
    ).toBe(ok);
  });

  it.each([
    ["text", "other app"],
    ["JSON of another shape", '{"ok":true}'],
    ["an empty object", "{}"],
  ])(
    "check_admin_key answered 200 with %s: not a Convex backend, said with what answered",
    async (_n, body) => {
      const admin = createConvexAdmin("http://x", fakeFetch([new Response(body, { status: 200 })]));
      await expect(admin.checkAdminKey("k")).rejects.toThrow(
        `http://x answered GET /api/check_admin_key with 200 ${JSON.stringify(body)}, not as a Convex backend does`,
      );
    },
  );

  it("an answer larger than the cap is not read whole", async () => {
    let sent = 0;
    const huge = new Response(
      new ReadableStream({
        pull(controller) {
          // 20 MiB in 1 MiB chunks: more than any answer of the admin API is read.
          if (sent++ === 20) controller.close();
          else controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
        },
      }),
    );
    const admin = createConvexAdmin("http://x", fakeFetch([huge]));
    await expect(admin.listEnvironmentVariables("k")).rejects.toThrow(
      /http:\/\/x answered GET \/api\/v1\/list_environment_variables with more than \d+ bytes; not read/,
    );
  });

  it("a body that is not JSON where JSON is due: named, not a raw SyntaxError", async () => {
    const admin = createConvexAdmin("http://x", fakeFetch([new Response("other app", { status: 200 })]));
    await expect(admin.listEnvironmentVariables("k")).rejects.toThrow(
      'http://x answered GET /api/v1/list_environment_variables with 200 "other app", not JSON',
    );
  });

  describe("hasDeployedFunctions (POST /api/get_config_hashes)", () => {
    const hashes = (moduleHashes: unknown[]) =>
      new Response(
        JSON.stringify({
          config: { functions: "convex/", authInfo: [] },
          moduleHashes,
          udfServerVersion: null,
          nodeVersion: null,
        }),
        { status: 200, headers: { "Content-Type": "application/json" } },
      );

    it("sends the key in the JSON body (where the backend reads it) and in the header", async () => {
      const f = fakeFetch([hashes([])]);
      expect(await createConvexAdmin("http://127.0.0.1:3210", f).hasDeployedFunctions("app|01ab")).toBe(
        false,
      );
      expect(f.calls[0]!.url).toBe("http://127.0.0.1:3210/api/get_config_hashes");
      expect(f.calls[0]!.init?.method).toBe("POST");
      const headers = new Headers(f.calls[0]!.init?.headers);
      expect(headers.get("content-type")).toBe("application/json");
      expect(headers.get("authorization")).toBe("Convex app|01ab");
      expect(JSON.parse(String(f.calls[0]!.init?.body))).toEqual({ adminKey: "app|01ab" });
    });

    it("true once modules were pushed", async () => {
      const f = fakeFetch([hashes([{ path: "tasks.js", hash: "ab".repeat(32), environment: "isolate" }])]);
      expect(await createConvexAdmin("http://x", f).hasDeployedFunctions("k")).toBe(true);
    });

    it.each([401, 403])("a refused key (%i) says so, and that nothing was deployed", async (status) => {
      const f = fakeFetch([
        new Response(JSON.stringify({ code: "BadAdminKey", message: "invalid" }), { status }),
      ]);
      await expect(createConvexAdmin("http://x", f).hasDeployedFunctions("k")).rejects.toThrow(
        new RegExp(
          `get_config_hashes\\) failed \\(${status} BadAdminKey: invalid\\)[\\s\\S]*refused the admin key[\\s\\S]*Nothing was deployed or seeded`,
        ),
      );
    });

    it("another failure names the route and what it was for", async () => {
      const f = fakeFetch([
        new Response(JSON.stringify({ code: "NotFound", message: "/api/x" }), { status: 404 }),
      ]);
      await expect(createConvexAdmin("http://x", f).hasDeployedFunctions("k")).rejects.toThrow(
        /\(404 NotFound: \/api\/x\)[\s\S]*seed-function \/ seed-import whether the deployment is new/,
      );
    });

    it("an answer without moduleHashes (not a backend's API) is an error, not a guess", async () => {
      const f = fakeFetch([new Response("<html>site proxy</html>", { status: 200 })]);
      await expect(createConvexAdmin("http://x:3211", f).hasDeployedFunctions("k")).rejects.toThrow(
        /without a moduleHashes list[\s\S]*http:\/\/x:3211 is a Convex backend's API/,
      );
    });
  });

  it("isUp is false while nothing answers", async () => {
    expect(await createConvexAdmin("http://x", fakeFetch([new TypeError("fetch failed")])).isUp()).toBe(
      false,
    );
  });
});
