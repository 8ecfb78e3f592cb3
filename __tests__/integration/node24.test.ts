/**
 * The action runs on node24 on GitHub: the committed bundle must work there too. Node 24 comes
 * from the npm package `node@24`, installed into .cache/node24 on first use (helpers/node24.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { node24 } from "../helpers/node24.js";
import { Sandbox } from "../helpers/sandbox.js";

let NODE24: string;
beforeAll(async () => {
  NODE24 = await node24();
}, 300_000);

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});

describe("dist/ on Node 24", () => {
  it("runs main and post with the whole pipeline, deriving an admin key the backend accepts", async () => {
    const s = await Sandbox.create();
    sandboxes.push(s);
    const version = await s.run(NODE24, ["--version"], { PATH: process.env.PATH ?? "" });
    expect(version.stdout).toMatch(/^v24\./);
    const env = s.actionEnv({});
    const main = await s.runAction(env, NODE24);
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(s.outputs().deployed).toBe("true");
    // The key was derived by the bundle (AES-128-GCM-SIV from @noble/ciphers), not asked of the
    // container, and every admin call with it was accepted.
    expect(s.outputs()["admin-key"]).toMatch(/^app\|01[0-9a-f]{72}$/);
    expect(s.dockerCalls().some((c) => c.argv.includes("./generate_admin_key.sh"))).toBe(false);
    const adminCalls = s.backendRequests(`t${s.ports.api}`).filter((r) => r.path.startsWith("/api/"));
    expect(adminCalls.length).toBeGreaterThan(0);
    expect(adminCalls.map((r) => r.auth)).toEqual(adminCalls.map(() => "valid"));
    const post = await s.runAction(s.postEnv(env), NODE24);
    expect(post.code, post.stdout).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv).toContain("down");
  });

  // Why the admin key uses @noble/ciphers: Node's crypto has no aes-128-gcm-siv, neither on the
  // Node running the tests (20 or newer) nor on Node 24. If this fails, Node gained the cipher.
  it.each([
    ["Node 24", () => NODE24, /^v24\./],
    ["the Node running the tests", () => process.execPath, /^v\d+\./],
  ])("%s has no aes-128-gcm-siv in node:crypto", async (_, node, versionRe) => {
    const script = `
      const c = require("node:crypto");
      let created = "created";
      try { c.createCipheriv("aes-128-gcm-siv", Buffer.alloc(16, 7), Buffer.alloc(12, 9)); }
      catch (error) { created = error.code; }
      process.stdout.write(JSON.stringify({
        version: process.version,
        listed: c.getCiphers().filter((n) => n.includes("siv")),
        created,
      }));`;
    const s = await Sandbox.create({ docker: false, convex: false });
    sandboxes.push(s);
    const r = await s.run(node(), ["-e", script], { PATH: process.env.PATH ?? "" });
    expect(r.code, r.stderr).toBe(0);
    const facts = JSON.parse(r.stdout);
    expect(facts.version).toMatch(versionRe);
    expect(facts.listed).not.toContain("aes-128-gcm-siv");
    expect(facts.created).toBe("ERR_CRYPTO_UNKNOWN_CIPHER");
  });
});
