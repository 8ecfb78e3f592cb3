/**
 * RSA-2048 generation is a random prime search: 100-300 ms of CPU, seconds on a busy machine, and
 * every setup() run starts one (used only when a key has to be generated). Tests that are not
 * about generation (core/auth-keys.test.ts is) take real generated keys from a small pool instead,
 * each call the next key of the pool: two calls in a row never give the same key, so a rerun that
 * regenerated a key it should have reused is still seen. A test file mocks the module with it:
 *
 *   vi.mock("../src/core/auth-keys.js", async (real) => pooledJwtKeys(await real()));
 */
import type * as AuthKeys from "../../src/core/auth-keys.js";

export function pooledJwtKeys(real: unknown, size = 2): typeof AuthKeys {
  const module = real as typeof AuthKeys;
  const pool: Array<ReturnType<typeof module.generateJwtKey>> = [];
  let next = 0;
  return {
    ...module,
    generateJwtKey: () => {
      const i = next++ % size;
      pool[i] ??= module.generateJwtKey();
      return pool[i];
    },
  };
}
