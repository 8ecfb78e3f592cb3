/**
 * Raw strings to typed values, driven by the INPUTS table: each input's kind, choices, range
 * and default (core/inputs.ts), then its field check (field-checks.ts). A bad value becomes a
 * problem naming the input, and a stand-in value so that the other inputs are still read.
 */
import { parseBoolean } from "../boolean.js";
import type { ProblemList } from "../errors.js";
import { INPUTS, type InputName, type InputSpec, type InputValues, type TargetName } from "../inputs.js";
import { FIELD_CHECKS, type FieldCheck } from "./field-checks.js";
import type { RawInputs } from "./types.js";

export interface ReadInputs {
  values: InputValues;
  /** Inputs given a value that is not blank. */
  given: ReadonlySet<InputName>;
  /** Inputs whose value was refused (each with its problem). */
  invalid: ReadonlySet<InputName>;
}

type Spec = InputSpec & { name: InputName };

/** The whole numbers a port or integer input takes. */
export function rangeOf(spec: InputSpec): [min: number, max: number] {
  if (spec.kind === "port") return [1, 65535];
  if (spec.min === undefined || spec.max === undefined) throw new Error(`input ${spec.name}: no min/max`);
  return [spec.min, spec.max];
}

/** Whether an input means something with this target (see InputSpec.targets). */
export function isForTarget(spec: InputSpec, target: TargetName): boolean {
  return spec.targets === undefined || spec.targets.includes(target);
}

/** One input by its kind: its value, and what is wrong with the text when it was refused. */
function readKind(spec: InputSpec, raw: string | undefined): { value: unknown; problem?: string } {
  // Blank is absent: the default applies.
  const text = raw?.trim() || spec.default;
  if (text === undefined) return { value: undefined };
  switch (spec.kind) {
    case "string":
      return { value: text };
    case "multiline":
      return { value: raw?.trim() ? raw : text };
    case "boolean": {
      const value = parseBoolean(text);
      if (value !== undefined) return { value };
      return { value: false, problem: `"${raw}" is not a boolean; use true or false.` };
    }
    case "port":
    case "integer": {
      const [min, max] = rangeOf(spec);
      const value = Number(text);
      if (/^\d+$/.test(text) && value >= min && value <= max) return { value };
      return { value: min, problem: `"${text}" must be a whole number from ${min} to ${max}.` };
    }
    case "enum": {
      const choices = spec.choices ?? [];
      if (choices.includes(text)) return { value: text };
      return { value: choices[0], problem: `"${text}" is not one of ${choices.join(", ")}.` };
    }
  }
}

/** Reads every input; each problem is added to `problems`, in the table's order. */
export function readInputs(raw: RawInputs, problems: ProblemList): ReadInputs {
  const specs = INPUTS as readonly Spec[];
  const read = new Map(specs.map((spec) => [spec.name, readKind(spec, raw[spec.name])]));
  const values = Object.fromEntries([...read].map(([name, r]) => [name, r.value])) as InputValues;
  const given = new Set(specs.filter((s) => raw[s.name]?.trim()).map((s) => s.name));
  const invalid = new Set<InputName>();
  for (const spec of specs) {
    const { value, problem } = read.get(spec.name)!;
    const check = FIELD_CHECKS[spec.name] as FieldCheck<InputName> | undefined;
    // An input of another target is ignored (its text does not matter), or refused when it asks
    // for something (rules.ts): its kind is still checked there, so that a mistyped "true" is not
    // taken for off.
    const forTarget = isForTarget(spec, values.target);
    if (!forTarget && spec.ignoredOffTarget) continue;
    const message =
      problem ?? (check && value !== undefined && forTarget ? check(value as never, values) : undefined);
    if (message === undefined) continue;
    problems.add(spec.name, message);
    invalid.add(spec.name);
  }
  return { values, given, invalid };
}
