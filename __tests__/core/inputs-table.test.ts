// The INPUTS table drives the parser: every kind, choice, range and target declared there is
// what parseConfig enforces, for every input (not only the ones a test names).
import { describe, expect, it } from "vitest";
import { rangeOf, readInputs } from "../../src/core/config/read-inputs.js";
import { parseConfig } from "../../src/core/config.js";
import { ProblemList } from "../../src/core/errors.js";
import { INPUTS, type InputName, type InputSpec, TARGETS, type TargetName } from "../../src/core/inputs.js";
import { configProblems as problems } from "../helpers/config-problems.js";

const specs = INPUTS as readonly (InputSpec & { name: InputName })[];

/** A target the input means something with. */
const ownTarget = (spec: InputSpec): TargetName => spec.targets?.[0] ?? "compose";

describe("the INPUTS table", () => {
  it.each(specs.map((s) => [s.name, s] as const))("%s is well formed", (_name, spec) => {
    if (spec.kind === "enum") {
      expect(spec.choices?.length).toBeGreaterThan(0);
      if (spec.default !== undefined) expect(spec.choices).toContain(spec.default);
    } else expect(spec.choices).toBeUndefined();
    if (spec.kind === "integer") expect(spec.min).toBeLessThanOrEqual(spec.max!);
    else expect([spec.min, spec.max]).toEqual([undefined, undefined]);
    if ((spec.kind === "integer" || spec.kind === "port") && spec.default !== undefined) {
      const [min, max] = rangeOf(spec);
      expect(Number(spec.default)).toBeGreaterThanOrEqual(min);
      expect(Number(spec.default)).toBeLessThanOrEqual(max);
    }
    for (const t of spec.targets ?? []) expect(TARGETS).toContain(t);
    if (spec.targets === undefined) {
      expect(spec.offTargetNote).toBeUndefined();
      expect(spec.ignoredOffTarget).toBeUndefined();
    }
    // "target: X:" in action.yml's description and the table's targets say the same.
    const said = /^target: (\w+(?: or \w+)*)/.exec(spec.description)?.[1];
    if (said !== undefined) expect(spec.targets).toEqual(said.split(" or "));
    else if (!spec.ignoredOffTarget) expect(spec.targets).toBeUndefined();
  });

  it("the target input's choices are the targets", () => {
    expect(specs.find((s) => s.name === "target")?.choices).toEqual(TARGETS);
  });
});

describe("every input is read by its kind", () => {
  const ranged = specs.filter((s) => s.kind === "port" || s.kind === "integer");
  it.each(ranged.map((s) => [s.name, s] as const))(
    "%s: out of its range is a problem naming it",
    (name, spec) => {
      const [min, max] = rangeOf(spec);
      const target = ownTarget(spec);
      for (const bad of [String(min - 1), String(max + 1), "1.5", "x"])
        expect(problems({ target, [name]: bad })).toContain(
          `${name}: "${bad}" must be a whole number from ${min} to ${max}.`,
        );
      for (const good of [min, max])
        expect(problems({ target, [name]: String(good) }).filter((p) => p.startsWith(`${name}: "`))).toEqual(
          [],
        );
    },
  );

  const enums = specs.filter((s) => s.kind === "enum");
  it.each(enums.map((s) => [s.name, s] as const))(
    "%s: a value not among its choices is a problem naming it",
    (name, spec) => {
      expect(problems({ target: ownTarget(spec), [name]: "not-a-choice" })).toContain(
        `${name}: "not-a-choice" is not one of ${spec.choices!.join(", ")}.`,
      );
      for (const choice of spec.choices!)
        expect(problems({ [name]: choice }).filter((p) => p.includes("is not one of"))).toEqual([]);
    },
  );

  const booleans = specs.filter((s) => s.kind === "boolean");
  it.each(booleans.map((s) => [s.name, s] as const))(
    "%s: a value that is not a boolean is a problem naming it",
    (name, spec) => {
      expect(problems({ target: ownTarget(spec), [name]: "maybe" })).toContain(
        `${name}: "maybe" is not a boolean; use true or false.`,
      );
    },
  );

  it("a blank value is the default; multiline text is kept as given; problems come in the table's order", () => {
    const list = new ProblemList();
    const { values, given, invalid } = readInputs(
      { "api-port": "  ", "env-vars": "\n A=1\n", "wait-timeout": "0", "api-slug": " api ", command: "x" },
      list,
    );
    expect(values["api-port"]).toBe(3210);
    expect(values["env-vars"]).toBe("\n A=1\n");
    expect(values["api-slug"]).toBe("api");
    expect(values["frontend-port"]).toBeUndefined();
    expect([...given].sort()).toEqual(["api-slug", "command", "env-vars", "wait-timeout"]);
    expect([...invalid]).toEqual(["command", "wait-timeout"]);
    expect(list.items.map((p) => p.field)).toEqual(["command", "wait-timeout"]);
    // A refused value reads as a stand-in (the first choice, the smallest number).
    expect([values.command, values["wait-timeout"]]).toEqual(["up", 1]);
  });
});

describe("inputs of other targets (the table's targets)", () => {
  const sample = (spec: InputSpec) => (spec.kind === "boolean" ? "true" : "{instance}.x.com");
  const refused = specs.filter((s) => s.targets && !s.ignoredOffTarget);
  const cases = refused.flatMap((spec) =>
    TARGETS.filter((t) => !spec.targets!.includes(t)).map((t) => [spec.name, t, spec] as const),
  );
  it.each(cases)("%s with target %s is refused, naming it", (name, target, spec) => {
    const message = spec.offTargetNote
      ? `is for target: ${spec.targets!.join(" or ")} only; ${spec.offTargetNote}.`
      : `is for target: ${spec.targets!.join(" or ")} only (target is ${target}).`;
    expect(problems({ target, [name]: sample(spec) })).toContain(`${name}: ${message}`);
  });

  it.each(refused.map((s) => [s.name, s] as const))(
    "%s with its own target is not refused for it",
    (name, spec) => {
      for (const target of spec.targets!)
        expect(problems({ target, [name]: sample(spec) }).join("\n")).not.toMatch(/is for target/);
    },
  );

  it("a boolean of another target that is off asks for nothing", () => {
    expect(problems({ "render-only": "false" })).toEqual([]);
  });

  it("inputs ignored with other targets are neither refused nor checked there", () => {
    expect(problems({ target: "compose", namespace: "Not A Namespace", "volume-size": "lots" })).toEqual([]);
    const connect = { "convex-url": "https://a.example.com", "site-url": "https://b.example.com" };
    const secret = "a".repeat(64);
    expect(problems({ target: "connect", ...connect, "instance-secret": secret, cleanup: "maybe" })).toEqual(
      [],
    );
    expect(
      parseConfig({ target: "connect", ...connect, "instance-secret": secret, cleanup: "true" }, {}).cleanup,
    ).toBe(false);
    // With their own target they are checked.
    expect(problems({ target: "kubernetes", namespace: "Not A Namespace" })).toEqual([
      'namespace: "Not A Namespace" is not a namespace name: lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit.',
    ]);
  });
});
