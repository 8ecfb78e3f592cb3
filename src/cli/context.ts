/** What every command gets: the terminal, the environment, the flags shared by several commands. */
import { createDocker } from "../adapters/docker.js";
import { createFileStore } from "../adapters/files.js";
import { createProcessRunner } from "../adapters/process.js";
import { type Config, parseConfig, type RawInputs } from "../core/config.js";
import { INPUTS, type InputName } from "../core/inputs.js";
import type { FlagSpec, ParsedFlags } from "./args.js";
import type { CliIo, CommandContext } from "./io.js";

export { type CliIo, type CommandContext, createContext, useColor } from "./io.js";

/** A command's flags and work; its one-line description is in commands/index.ts. */
export interface Command {
  name: string;
  flags: readonly FlagSpec[];
  /** Resolves with the exit code; throws SetupError for failures (mapped to output in main.ts). */
  run(flags: ParsedFlags, ctx: CommandContext): Promise<number>;
}

/** Action inputs that mean nothing on the command line (they are about the Actions runner). */
const ACTION_ONLY = new Set<InputName>([
  "export-env",
  "cleanup",
  "cache-images",
  "command",
  "comment",
  "github-token",
]);

/** Every action input as a flag: the same configuration the action reads. */
export const CONFIG_FLAGS: readonly FlagSpec[] = INPUTS.filter((i) => !ACTION_ONLY.has(i.name)).map(
  (i): FlagSpec => ({
    name: i.name,
    kind: i.kind === "boolean" ? "boolean" : "string",
    description: i.description,
    ...("default" in i && i.default !== undefined ? { default: i.default } : {}),
  }),
);

/** Inputs about removing an instance (flags of `down` only) and about an upgrade (`upgrade` only). */
const NOT_SETUP = new Set<string>(["drop-database", "preview-prefix", "release", "dry-run"]);

/** The flags of the commands that set up (up, render, doctor, env): every input but those of `down`. */
export const SETUP_FLAGS: readonly FlagSpec[] = CONFIG_FLAGS.filter((f) => !NOT_SETUP.has(f.name));

/** The flags of these inputs only (a command that needs a few of them). */
export function flagsFor(names: readonly InputName[]): FlagSpec[] {
  return names.map((n) => {
    const flag = CONFIG_FLAGS.find((f) => f.name === n);
    if (!flag) throw new Error(`no flag for input ${n}`);
    return flag;
  });
}

/** --json: the output as JSON for a program (`what`: the checks, or the report instead of text). */
export function jsonFlag(what: "checks" | "text"): FlagSpec {
  return {
    name: "json",
    kind: "boolean",
    description: what === "checks" ? "Print the checks as JSON." : "Print JSON instead of text.",
    default: "false",
  };
}

export const VERBOSE_FLAG: FlagSpec = {
  name: "verbose",
  kind: "boolean",
  description: "Print timings and full error details.",
};

/** Flags that find an app set up before. */
export const LOCATE_FLAGS: readonly FlagSpec[] = [
  { name: "working-directory", kind: "string", description: "Directory of the Convex app.", default: "." },
  {
    name: "project-name",
    kind: "string",
    description: "Compose project name (default: the name in the app's compose file).",
  },
];

/** Inputs that name a preview's database and say whether to drop it (down, prune). */
export const DROP_DATABASE_INPUTS = [
  "drop-database",
  "preview-prefix",
  "postgres-url",
  "postgres-sslmode",
  "mysql-url",
  "mysql-ssl-mode",
] as const;

export function locateOptions(flags: ParsedFlags): { workingDirectory: string; projectName?: string } {
  return {
    workingDirectory: (flags["working-directory"] as string | undefined) ?? ".",
    ...(flags["project-name"] ? { projectName: String(flags["project-name"]) } : {}),
  };
}

/** Flags -> the action's raw inputs (booleans become "true"/"false", as action inputs are). */
export function configFrom(flags: ParsedFlags, io: CliIo): Config {
  const raw: RawInputs = {};
  for (const input of INPUTS) {
    const value = flags[input.name];
    if (value !== undefined) raw[input.name] = String(value);
  }
  return parseConfig(raw, io.env);
}

/** The real adapters a command needs. */
export function adapters(io: CliIo) {
  const runner = createProcessRunner(io.stop ? { stop: io.stop } : {});
  const files = createFileStore();
  return { runner, files, docker: createDocker(runner, io.env) };
}
