/**
 * For the commands that look at an instance an earlier `up` left (`status`, `logs`): which target,
 * and where its instance is, from the flags that target locates it by (compose: the working
 * directory and project name; kubernetes: namespace and instance name). Each target says which
 * flags those are (TargetModule.locatedBy); a flag the chosen target does not use is refused.
 */
import { resolve } from "node:path";
import { createKubectl } from "../adapters/kubectl.js";
import { FIELD_CHECKS } from "../core/config/field-checks.js";
import { ConfigError, type ConfigProblem } from "../core/errors.js";
import { INPUTS, type InputName, TARGETS as TARGET_NAMES } from "../core/inputs.js";
import { findInstance, type Instance, TARGETS, type TargetKind } from "../targets/index.js";
import { type ParsedFlags, UsageError } from "./args.js";
import { adapters, type CommandContext } from "./context.js";

/** The flags some target locates its instance by (besides the working directory). */
const LOCATING = ["namespace", "instance-name"] as const;

/** The target named by --target (compose by default), checked against the flags given. */
export function checkInstanceTarget(flags: ParsedFlags, command: string): TargetKind {
  const kind = String(flags.target ?? defaultOf("target")) as TargetKind;
  const module = TARGETS[kind];
  if (!module || module.locatedBy.length === 0) {
    const usable = TARGET_NAMES.filter((t) => TARGETS[t].locatedBy.length > 0);
    throw new UsageError(
      `${command}: --target ${kind} has nothing to show here (the backend runs elsewhere).`,
      `Use ${usable.map((t) => `--target ${t}`).join(" or ")} (compose is the default).`,
    );
  }
  const given = LOCATING.filter((n) => flags[n] !== undefined && !module.locatedBy.includes(n));
  if (given.length > 0) {
    const owners = TARGET_NAMES.filter((t) => given.every((n) => TARGETS[t].locatedBy.includes(n)));
    throw new UsageError(
      `${command}: --${given.join(" and --")} ${given.length > 1 ? "are" : "is"} for ${owners.map((t) => `--target ${t}`).join(" or ")}.`,
      `Add ${owners.map((t) => `--target ${t}`).join(" or ")}, or leave them out for this folder's ${kind} instance.`,
    );
  }
  return kind;
}

const defaultOf = (name: InputName): string => {
  const spec = INPUTS.find((i) => i.name === name);
  return ("default" in spec! ? spec.default : undefined) ?? "";
};

/** The instance the flags point at, found through its target. */
export async function instanceFromFlags(
  flags: ParsedFlags,
  command: string,
  { io, logger }: CommandContext,
): Promise<{ kind: TargetKind; instance: Instance; workingDirectory: string }> {
  const kind = checkInstanceTarget(flags, command);
  const value = (name: InputName) => (flags[name] === undefined ? undefined : String(flags[name]));
  // Checked as `up` checks them: a namespace or name goes into kubectl's arguments and selectors.
  const problems: ConfigProblem[] = [];
  for (const name of ["namespace", "instance-name", "project-name"] as const) {
    const given = value(name);
    const check = FIELD_CHECKS[name] as ((v: string, values: never) => string | undefined) | undefined;
    const problem = given !== undefined ? check?.(given, {} as never) : undefined;
    if (problem) problems.push({ field: name, message: problem });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const workingDirectory = resolve(io.cwd, value("working-directory") ?? ".");
  const { runner, files, docker } = adapters(io);
  const instance = await findInstance(
    kind,
    {
      workingDirectory,
      projectName: value("project-name"),
      namespace: value("namespace") ?? defaultOf("namespace"),
      instanceName: value("instance-name") ?? defaultOf("instance-name"),
    },
    { docker, kubectl: createKubectl(runner, io.env), logger, files },
  );
  return { kind, instance, workingDirectory };
}
