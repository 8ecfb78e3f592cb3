/**
 * RSA-2048 generation is a random prime search: 100-300 ms of CPU, seconds on a busy machine, and
 * every setup() run starts one (used only when a key has to be generated). The in-memory world
 * (memory-world.ts) gives setup() this generator instead (SetupDeps.generateJwtKey): real keys,
 * generated once each, from a pool of two taken in turn, so two calls in a row never give the
 * same key and a rerun that regenerated a key it should have reused is still seen. Generation
 * itself is tested in core/auth-keys.test.ts.
 */
import { generateJwtKey, type JwtKeyPair } from "../../src/core/auth-keys.js";

const pool: Array<Promise<JwtKeyPair>> = [];
let next = 0;

export function pooledJwtKey(): Promise<JwtKeyPair> {
  const i = next++ % 2;
  pool[i] ??= generateJwtKey();
  return pool[i];
}
