import { gcmsiv } from "@noble/ciphers/aes.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeAdminKey,
  deriveAdminKey,
  generateInstanceSecret,
  isInstanceSecret,
  parseAdminKeyOutput,
} from "../../src/core/admin-key.js";

// The public local-development secret the convex CLI ships ("Carnitas, literally meaning "lit").
const CARNITAS = "4361726e697461732c206c69746572616c6c79206d65616e696e6720226c6974";
const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

describe("AES-128-GCM-SIV (RFC 8452 Appendix C.1 vectors)", () => {
  // [key, nonce, aad, plaintext, ciphertext||tag]
  const vectors: Array<[string, string, string, string, string]> = [
    [
      "01000000000000000000000000000000",
      "030000000000000000000000",
      "",
      "",
      "dc20e2d83f25705bb49e439eca56de25",
    ],
    [
      "01000000000000000000000000000000",
      "030000000000000000000000",
      "01",
      "0200000000000000",
      "1e6daba35669f4273b0a1a2560969cdf790d99759abd1508",
    ],
    [
      "01000000000000000000000000000000",
      "030000000000000000000000",
      "01",
      "02000000000000000000000000000000",
      "e2b0c5da79a901c1745f700525cb335b8f8936ec039e4e4bb97ebd8c4457441f",
    ],
    [
      "e66021d5eb8e4f4066d4adb9c33560e4",
      "f46e44bb3da0015c94f70887",
      "",
      "",
      "a4194b79071b01a87d65f706e3949578",
    ],
    [
      "36864200e0eaf5284d884a0e77d31646",
      "bae8e37fc83441b16034566b",
      "46bb91c3c5",
      "7a806c",
      "af60eb711bd85bc1e4d3e0a462e074eea428a8",
    ],
    [
      "d5cc1fd161320b6920ce07787f86743b",
      "275d1ab32f6d1f0434d8848c",
      "046787f3ea22c127aaf195d1894728",
      "1177441f195495860f",
      "4f37281f7ad12949d01d02fd0cd174c84fc5dae2f60f52fd2b",
    ],
  ];
  it.each(vectors)("key %s nonce %s aad %s", (key, nonce, aad, plaintext, expected) => {
    const sealed = gcmsiv(hex(key), hex(nonce), hex(aad)).encrypt(hex(plaintext));
    expect(Buffer.from(sealed).toString("hex")).toBe(expected);
    expect(Buffer.from(gcmsiv(hex(key), hex(nonce), hex(aad)).decrypt(hex(expected))).toString("hex")).toBe(
      plaintext,
    );
  });
});

describe("admin key", () => {
  it.each([
    ["carnitas|017c5405aba48afe1d1681528424e4528026e69e3b99e400ef23f2f3741a11db225497db09", 1761321178],
    ["carnitas|019cb1e9d2a276fed585622e93d15bb5a3a61d278d6d4ca11b0b7a3f87e5c3635843e8c5e7", 1778880220],
  ])("decodes a key the real backend generated: %s", (key, issuedAt) => {
    expect(decodeAdminKey(key, CARNITAS, "carnitas")).toEqual({
      instanceName: "carnitas",
      issuedAt,
      memberId: 0,
    });
  });

  it("re-derives a real key byte for byte from its nonce and time", () => {
    const real = "carnitas|017c5405aba48afe1d1681528424e4528026e69e3b99e400ef23f2f3741a11db225497db09";
    const nonce = hex(real.split("|")[1]!.slice(2, 26));
    expect(
      deriveAdminKey({ instanceName: "carnitas", instanceSecret: CARNITAS, issuedAt: 1761321178, nonce }),
    ).toBe(real);
  });

  it("round-trips any name, secret and time; 74 hex digits; tampering is detected", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,30}$/),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 2 ** 34 }),
        fc.nat(73),
        (name, secretBytes, issuedAt, flipAt) => {
          const secret = Buffer.from(secretBytes).toString("hex");
          const key = deriveAdminKey({ instanceName: name, instanceSecret: secret, issuedAt });
          const [prefix, body] = key.split("|") as [string, string];
          expect(prefix).toBe(name);
          expect(body).toMatch(issuedAt < 2 ** 28 ? /^01[0-9a-f]+$/ : /^01/);
          if (issuedAt >= 2 ** 28 && issuedAt < 2 ** 35) expect(body).toHaveLength(74);
          expect(decodeAdminKey(key, secret, name)).toEqual({ instanceName: name, issuedAt, memberId: 0 });
          const digit = body[flipAt]!;
          const flipped = body.slice(0, flipAt) + (digit === "0" ? "1" : "0") + body.slice(flipAt + 1);
          expect(() => decodeAdminKey(`${name}|${flipped}`, secret)).toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("today's keys have 74 hex digits", () => {
    const key = deriveAdminKey({ instanceName: "app", instanceSecret: CARNITAS });
    expect(key).toMatch(/^app\|01[0-9a-f]{72}$/);
  });

  it("rejects a key for another name, another secret, or malformed", () => {
    const key = deriveAdminKey({ instanceName: "app", instanceSecret: CARNITAS });
    expect(() => decodeAdminKey(key, CARNITAS, "other")).toThrow(/belongs to instance "app"/);
    expect(() => decodeAdminKey(key, generateInstanceSecret())).toThrow(/not made with this instance secret/);
    expect(() => decodeAdminKey("app|zz", CARNITAS)).toThrow(/NAME\|HEX/);
    expect(() => decodeAdminKey("app|0100", CARNITAS)).toThrow(/too short/);
    // The name is not part of the ciphertext: the backend compares it with its INSTANCE_NAME.
    const renamed = `other${key.slice(3)}`;
    expect(decodeAdminKey(renamed, CARNITAS).instanceName).toBe("other");
    expect(() => decodeAdminKey(renamed, CARNITAS, "app")).toThrow(/belongs to instance "other"/);
  });

  it("rejects a bad secret without echoing it", () => {
    expect(() => deriveAdminKey({ instanceName: "app", instanceSecret: "abc" })).toThrow(/64 hexadecimal/);
  });

  it("generates 64-hex instance secrets", () => {
    const a = generateInstanceSecret();
    expect(isInstanceSecret(a)).toBe(true);
    expect(a).not.toBe(generateInstanceSecret());
  });

  it.each([
    ["app|0123abcd\n", "app|0123abcd"],
    ["Admin key:\napp|0123abcd\n", "app|0123abcd"],
    ["\u001b[1mAdmin key:\u001b[0m\r\napp|0123abcd\r\n", "app|0123abcd"],
    ["no key here", undefined],
  ])("finds the key in generate_admin_key.sh output %#", (output, expected) => {
    expect(parseAdminKeyOutput(output)).toBe(expected);
  });
});
