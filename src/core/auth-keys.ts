/**
 * The RS256 key pair of @convex-dev/auth: JWT_PRIVATE_KEY (PKCS#8 PEM) and JWKS (docs/backend-facts.md#convex-auth).
 * Existing keys are read and converted, never replaced.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { SetupError } from "./errors.js";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface JwtKeyPair {
  /** PKCS#8 PEM with newlines, ending in a newline: the content of jwt_private_key.pem. */
  privateKeyPem: string;
  /** `{"keys":[{"use":"sig","kty":"RSA","n":"…","e":"AQAB"}]}` */
  jwks: string;
}

/** Generates a fresh RSA-2048 key pair (asynchronous: ~200 ms of prime search off the main loop). */
export async function generateJwtKey(): Promise<JwtKeyPair> {
  const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  return fromKeyObject(privateKey);
}

function fromKeyObject(key: KeyObject): JwtKeyPair {
  if (key.asymmetricKeyType !== "rsa") {
    throw new SetupError(
      `The JWT private key is a ${key.asymmetricKeyType ?? "unknown"} key; @convex-dev/auth signs with RS256 and needs an RSA key.`,
      "Remove it to have an RSA-2048 key generated, or give an RSA key in PKCS#8 or PKCS#1 PEM.",
    );
  }
  const privateKeyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
  const jwk = createPublicKey(key).export({ format: "jwk" });
  return { privateKeyPem, jwks: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }) };
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** Turns the accepted textual forms into a PEM with proper line breaks. */
function toPem(input: string, source: string): string {
  let text = input.trim();
  if (text.includes("\\n")) {
    throw new SetupError(
      `${source}: the private key contains a literal "\\n"; @convex-dev/auth cannot read that form.`,
      "Give the PEM with real newlines, with newlines replaced by spaces, or base64-encoded.",
    );
  }
  if (!text.includes("-----BEGIN")) {
    const compact = text.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) {
      throw new SetupError(
        `${source}: the private key is neither a PEM nor base64.`,
        "Give a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----).",
      );
    }
    const decoded = Buffer.from(compact, "base64");
    const asText = decoded.toString("utf8");
    if (asText.includes("-----BEGIN")) text = asText.trim();
    else
      return `-----BEGIN PRIVATE KEY-----\n${decoded
        .toString("base64")
        .replace(/(.{64})/g, "$1\n")
        .trim()}\n-----END PRIVATE KEY-----\n`;
  }
  const match = PEM_RE.exec(text);
  if (!match) throw new SetupError(`${source}: the PEM has no matching BEGIN/END lines.`);
  const label = match[1]!;
  if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(match[2]!)) {
    throw new SetupError(
      `${source}: the private key is encrypted with a passphrase; the backend cannot use it.`,
      "Decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem -out jwt_private_key.pem",
    );
  }
  if (label !== "PRIVATE KEY" && label !== "RSA PRIVATE KEY") {
    throw new SetupError(
      `${source}: expected a private key, found "${label}".`,
      "Give an RSA private key in PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY) PEM.",
    );
  }
  // Newlines-as-spaces form: the body's base64 may be separated by spaces.
  const body = match[2]!.replace(/\s+/g, "");
  return `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, "$1\n").trim()}\n-----END ${label}-----\n`;
}

/**
 * Reads an existing private key in any accepted form (PKCS#8 or PKCS#1 PEM, with newlines or
 * spaces, or base64 of either) and returns the canonical PKCS#8 PEM and its JWKS.
 */
export function deriveJwtKeyPair(input: string, source = "jwt-private-key"): JwtKeyPair {
  const pem = toPem(input, source);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new SetupError(
      `${source}: the private key could not be read (${(error as Error).message.split("\n")[0]}).`,
      "Give an unencrypted RSA private key in PEM.",
    );
  }
  return fromKeyObject(key);
}

/** JWKS of a private key (shortcut of deriveJwtKeyPair). */
export function deriveJwks(privateKey: string, source?: string): string {
  return deriveJwtKeyPair(privateKey, source).jwks;
}

/**
 * JWT_PRIVATE_KEY as the official generator stores it: the PEM's lines joined by spaces.
 * @convex-dev/auth reads it with jose's importPKCS8, which ignores whitespace.
 */
export function renderJwtPrivateKeyValue(privateKeyPem: string): string {
  return privateKeyPem.trim().split(/\r?\n/).join(" ");
}
