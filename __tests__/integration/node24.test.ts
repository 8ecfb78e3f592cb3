/**
 * The action runs on node24 on GitHub: the committed bundle must work there too. Node 24 comes
 * from the npm package `node@24`, installed by .ci/run into .cache/node24 (README: Development).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gcmsiv } from "@noble/ciphers/aes.js";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "../helpers/sandbox.js";

const NODE24 = process.env.NODE24_BIN ?? join(ROOT, ".cache/node24/node_modules/.bin/node");
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.dispose()));
});

describe.skipIf(!existsSync(NODE24))(`dist/ on Node 24 (${NODE24})`, () => {
  it("runs main and post with the whole pipeline", async () => {
    const s = await Sandbox.create();
    sandboxes.push(s);
    const version = await s.run(NODE24, ["--version"], { PATH: process.env.PATH ?? "" });
    expect(version.stdout).toMatch(/^v24\./);
    const env = s.actionEnv({});
    const main = await s.runAction(env, NODE24);
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(s.outputs().deployed).toBe("true");
    const post = await s.runAction(s.postEnv(env), NODE24);
    expect(post.code, post.stdout).toBe(0);
    expect(s.dockerCalls().at(-1)?.argv).toContain("down");
  });

  it("Node 24's own aes-128-gcm-siv agrees with the cipher the admin key uses", async () => {
    const script = `
      const c = require("node:crypto");
      const key = Buffer.alloc(16, 7), iv = Buffer.alloc(12, 9);
      const x = c.createCipheriv("aes-128-gcm-siv", key, iv); x.setAAD(Buffer.of(1));
      const out = Buffer.concat([x.update(Buffer.from("10aabbccdd0518" + "00", "hex")), x.final(), x.getAuthTag()]);
      process.stdout.write(out.toString("hex"));`;
    const s = await Sandbox.create({ docker: false, convex: false });
    sandboxes.push(s);
    const r = await s.run(NODE24, ["-e", script], { PATH: process.env.PATH ?? "" });
    if (r.code !== 0) {
      // FACTS.md says Node 24 has it; record plainly if this build does not.
      expect(r.stderr).toMatch(/Unknown cipher|not supported/i);
      return;
    }
    const ours = gcmsiv(new Uint8Array(16).fill(7), new Uint8Array(12).fill(9), Uint8Array.of(1)).encrypt(
      Buffer.from("10aabbccdd051800", "hex"),
    );
    expect(r.stdout).toBe(Buffer.from(ours).toString("hex"));
  });
});
