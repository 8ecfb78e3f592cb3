// An independent implementation of the backend keybroker's admin keys (docs/backend-facts.md#admin-key), used by the
// test doubles to check keys the way the real backend does.
import { createHmac } from "node:crypto";
import { gcmsiv } from "@noble/ciphers/aes.js";

function subkey(secretHex) {
  const label = Buffer.concat([Buffer.from("00000001", "hex"), Buffer.from("admin key")]);
  return new Uint8Array(createHmac("sha256", Buffer.from(secretHex, "hex")).update(label).digest()).slice(
    0,
    16,
  );
}

export function checkAdminKey(key, instanceName, secretHex) {
  const m = /^([^|]+)\|01([0-9a-f]{24})([0-9a-f]+)$/.exec(key ?? "");
  if (!m || m[1] !== instanceName) return false;
  try {
    gcmsiv(subkey(secretHex), Buffer.from(m[2], "hex"), Uint8Array.of(1)).decrypt(Buffer.from(m[3], "hex"));
    return true;
  } catch {
    return false;
  }
}

export function issueAdminKey(instanceName, secretHex) {
  const nonce = new Uint8Array(12);
  for (let i = 0; i < 12; i++) nonce[i] = Math.floor(Math.random() * 256);
  let t = Math.floor(Date.now() / 1000);
  const varint = [];
  while (t >= 0x80) {
    varint.push((t % 0x80) | 0x80);
    t = Math.floor(t / 0x80);
  }
  varint.push(t);
  const sealed = gcmsiv(subkey(secretHex), nonce, Uint8Array.of(1)).encrypt(
    Uint8Array.from([0x10, ...varint, 0x18, 0]),
  );
  return `${instanceName}|01${Buffer.from(nonce).toString("hex")}${Buffer.from(sealed).toString("hex")}`;
}
