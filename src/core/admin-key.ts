/**
 * The self-hosted backend's admin key, computed from the instance name and secret with the
 * algorithm of the backend's keybroker (docs/backend-facts.md#admin-key), and its inverse.
 *
 *   subkey     = HMAC-SHA256(secret, 00000001 || "admin key")[0..16]
 *   plaintext  = protobuf AdminKey { issued_s (field 2), member_id (field 3) = 0 }
 *   key        = NAME "|" hex(0x01 || nonce(12) || AES-128-GCM-SIV(subkey, nonce, aad=0x01))
 */
import { createHmac, randomBytes } from "node:crypto";
import { gcmsiv } from "@noble/ciphers/aes.js";
import { SetupError } from "./errors.js";

const VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const INSTANCE_SECRET_RE = /^[0-9a-fA-F]{64}$/;
/** What an admin key looks like, e.g. in the output of generate_admin_key.sh. */
export const ADMIN_KEY_LINE_RE = /^[^\s|]+\|[0-9a-f]+$/;

export interface AdminKeyOptions {
  instanceName: string;
  /** 64 hex characters (32 bytes). */
  instanceSecret: string;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** 12 bytes; random by default (tests pass a fixed one). */
  nonce?: Uint8Array;
}

export interface DecodedAdminKey {
  instanceName: string;
  issuedAt: number;
  memberId: number;
}

/** A fresh instance secret: 32 random bytes as 64 lowercase hex characters. */
export function generateInstanceSecret(): string {
  return randomBytes(32).toString("hex");
}

export function isInstanceSecret(value: string): boolean {
  return INSTANCE_SECRET_RE.test(value);
}

function subkey(instanceSecret: string): Uint8Array {
  if (!isInstanceSecret(instanceSecret)) {
    throw new SetupError(
      "The instance secret must be exactly 64 hexadecimal characters (32 bytes).",
      "Leave instance-secret empty to have one generated, or generate one with `openssl rand -hex 32`.",
    );
  }
  const secret = Buffer.from(instanceSecret, "hex");
  const label = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from("admin key", "utf8")]);
  return new Uint8Array(createHmac("sha256", secret).update(label).digest().subarray(0, 16));
}

function encodeVarint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function decodeProtobufVarints(bytes: Uint8Array): Map<number, number> {
  const fields = new Map<number, number>();
  let i = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (i >= bytes.length) throw new SetupError("The admin key's payload is truncated.");
      const b = bytes[i++]!;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 0x80;
      if (scale > 2 ** 63) throw new SetupError("The admin key's payload has an oversized number.");
    }
  };
  while (i < bytes.length) {
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === 0) fields.set(field, readVarint());
    else if (wireType === 2) i += readVarint();
    else throw new SetupError(`The admin key's payload has an unexpected field type ${wireType}.`);
  }
  return fields;
}

/** Computes an admin key exactly as the backend's generate_admin_key.sh would. */
export function deriveAdminKey(options: AdminKeyOptions): string {
  const { instanceName } = options;
  if (!instanceName || /[|\s]/.test(instanceName)) {
    throw new SetupError(`Instance name ${JSON.stringify(instanceName)} cannot prefix an admin key.`);
  }
  const key = subkey(options.instanceSecret);
  const nonce = options.nonce ?? new Uint8Array(randomBytes(NONCE_BYTES));
  if (nonce.length !== NONCE_BYTES) throw new RangeError("nonce must be 12 bytes");
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const plaintext = Uint8Array.from([0x10, ...encodeVarint(issuedAt), 0x18, 0x00]);
  const sealed = gcmsiv(key, nonce, Uint8Array.of(VERSION)).encrypt(plaintext);
  const body = Buffer.concat([Buffer.of(VERSION), nonce, sealed]);
  return `${instanceName}|${body.toString("hex")}`;
}

/**
 * Verifies an admin key against the instance secret (and name, when given) and returns what it
 * holds. Throws a SetupError when the key was not made with this secret or is malformed.
 */
export function decodeAdminKey(
  adminKey: string,
  instanceSecret: string,
  expectedName?: string,
): DecodedAdminKey {
  const bar = adminKey.lastIndexOf("|");
  if (bar <= 0 || !ADMIN_KEY_LINE_RE.test(adminKey)) {
    throw new SetupError("The admin key is not of the form NAME|HEX.");
  }
  const instanceName = adminKey.slice(0, bar);
  const hex = adminKey.slice(bar + 1);
  if (expectedName !== undefined && instanceName !== expectedName) {
    throw new SetupError(
      `The admin key belongs to instance "${instanceName}", not "${expectedName}".`,
      "Use a key made for this instance name, or let the setup compute one.",
    );
  }
  const body = hex.length % 2 === 0 ? Buffer.from(hex, "hex") : Buffer.alloc(0);
  if (body.length < 1 + NONCE_BYTES + TAG_BYTES || body[0] !== VERSION) {
    throw new SetupError("The admin key has an unknown version or is too short.");
  }
  const nonce = new Uint8Array(body.subarray(1, 1 + NONCE_BYTES));
  const sealed = new Uint8Array(body.subarray(1 + NONCE_BYTES));
  let plaintext: Uint8Array;
  try {
    plaintext = gcmsiv(subkey(instanceSecret), nonce, Uint8Array.of(VERSION)).decrypt(sealed);
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError("The admin key was not made with this instance secret (decryption failed).");
  }
  const fields = decodeProtobufVarints(plaintext);
  return { instanceName, issuedAt: fields.get(2) ?? 0, memberId: fields.get(3) ?? 0 };
}

/** Finds the admin key in the (possibly mixed) output of generate_admin_key.sh. */
export function parseAdminKeyOutput(output: string): string | undefined {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => ADMIN_KEY_LINE_RE.test(line));
}
