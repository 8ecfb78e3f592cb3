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
    [200, true],
    [401, false],
    [403, false],
  ])("check_admin_key %i -> %s", async (status, ok) => {
    expect(
      await createConvexAdmin("http://x", fakeFetch([new Response("{}", { status })])).checkAdminKey("k"),
    ).toBe(ok);
  });

  it("isUp is false while nothing answers", async () => {
    expect(await createConvexAdmin("http://x", fakeFetch([new TypeError("fetch failed")])).isUp()).toBe(
      false,
    );
  });
});
