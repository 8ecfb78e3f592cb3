import { generateKeyPairSync } from "node:crypto";
import { importJWK, importPKCS8, jwtVerify, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  deriveJwks,
  deriveJwtKeyPair,
  generateJwtKey,
  type JwtKeyPair,
  renderJwtPrivateKeyValue,
} from "../../src/core/auth-keys.js";

const SITE = "https://convex-site--main--ws--alice.apps.example.com";

/** Signs exactly as @convex-dev/auth does: importPKCS8 of the stored env value, RS256. */
async function signLikeConvexAuth(storedValue: string): Promise<string> {
  const key = await importPKCS8(storedValue, "RS256");
  return new SignJWT({ sub: "user|session" })
    .setProtectedHeader({ alg: "RS256" })
    .setIssuedAt()
    .setIssuer(SITE)
    .setAudience("convex")
    .setExpirationTime("1h")
    .sign(key);
}

async function verifyWithJwks(token: string, jwks: string) {
  const parsed = JSON.parse(jwks) as { keys: Array<Record<string, string>> };
  expect(parsed.keys).toHaveLength(1);
  const key = await importJWK({ ...parsed.keys[0], alg: "RS256" }, "RS256");
  return jwtVerify(token, key, { issuer: SITE, audience: "convex" });
}

describe("auth keys", () => {
  let pair: JwtKeyPair;
  beforeAll(async () => {
    pair = await generateJwtKey();
  });

  it("generates a PKCS#8 PEM and a JWKS of the documented shape", () => {
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const jwks = JSON.parse(pair.jwks);
    expect(Object.keys(jwks.keys[0]).sort()).toEqual(["e", "kty", "n", "use"]);
    expect(jwks.keys[0]).toMatchObject({ use: "sig", kty: "RSA", e: "AQAB" });
    expect(Buffer.from(jwks.keys[0].n, "base64url")).toHaveLength(256);
  });

  it("interop: a token signed from the stored JWT_PRIVATE_KEY verifies against the JWKS", async () => {
    const stored = renderJwtPrivateKeyValue(pair.privateKeyPem);
    expect(stored).not.toContain("\n");
    const { payload } = await verifyWithJwks(await signLikeConvexAuth(stored), pair.jwks);
    expect(payload).toMatchObject({ iss: SITE, aud: "convex", sub: "user|session" });
  });

  it("reuse never regenerates: the same PEM gives the same JWKS and PEM", () => {
    const again = deriveJwtKeyPair(pair.privateKeyPem);
    expect(again).toEqual(pair);
  });

  it.each([
    ["PEM with newlines", (p: string) => p],
    ["newlines as spaces (official generator form)", (p: string) => renderJwtPrivateKeyValue(p)],
    ["base64 of the PEM", (p: string) => Buffer.from(p).toString("base64")],
    ["base64 DER body only", (p: string) => p.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "")],
    ["CRLF line ends and surrounding blank lines", (p: string) => `\n\n${p.replace(/\n/g, "\r\n")}\n`],
  ])("accepts %s", (_n, transform) => {
    expect(deriveJwtKeyPair(transform(pair.privateKeyPem))).toEqual(pair);
  });

  it("converts PKCS#1 to PKCS#8, and the token still verifies", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toContain("BEGIN RSA PRIVATE KEY");
    const converted = deriveJwtKeyPair(pkcs1);
    expect(converted.privateKeyPem).toContain("BEGIN PRIVATE KEY");
    await verifyWithJwks(await signLikeConvexAuth(converted.privateKeyPem), converted.jwks);
    expect(deriveJwks(pkcs1)).toBe(converted.jwks);
  });

  it("rejects encrypted keys with the command to decrypt", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const encrypted = privateKey
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "x" })
      .toString();
    expect(() => deriveJwtKeyPair(encrypted, "jwt_private_key.pem")).toThrow(
      /jwt_private_key.pem: .*encrypted.*\n.*openssl pkcs8/,
    );
  });

  it.each([
    [
      "EC key",
      () =>
        generateKeyPairSync("ec", { namedCurve: "P-256" })
          .privateKey.export({ type: "pkcs8", format: "pem" })
          .toString(),
      /ec key.*RSA/,
    ],
    [
      "Ed25519 key",
      () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      /ed25519 key/,
    ],
    [
      "public key",
      () =>
        generateKeyPairSync("rsa", { modulusLength: 1024 })
          .publicKey.export({ type: "spki", format: "pem" })
          .toString(),
      /found "PUBLIC KEY"/,
    ],
    [
      "literal backslash-n",
      () => "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----",
      /literal "\\n"/,
    ],
    ["garbage", () => "hello world!", /neither a PEM nor base64/],
    ["truncated PEM", () => "-----BEGIN PRIVATE KEY-----\nMIIE", /no matching BEGIN\/END/],
    [
      "corrupt body",
      () => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      /could not be read/,
    ],
  ])("rejects %s clearly", (_n, make, message) => {
    expect(() => deriveJwtKeyPair(make(), "jwt-private-key")).toThrow(message);
  });
});
