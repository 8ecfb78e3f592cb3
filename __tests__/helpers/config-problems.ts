/** The problems parseConfig names for some inputs, each as "field: message"; none when they parse. */
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";

export function configProblems(raw: RawInputs, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(raw, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}
