/**
 * The project's own convex CLI: find it, then run `convex deploy` (and the seed's `convex import`
 * and `convex run`) without a shell.
 */
import { join } from "node:path";
import { DEFAULT_RELEASE_CONVEX } from "../core/compose.js";
import { checkConvexVersion } from "../core/convex-version.js";
import { explainDeployFailure, hintForDeployFailure, stripAnsi } from "../core/deploy-output.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import {
  deriveConvexCliEnv,
  execCommand,
  installAllCommand,
  installCommand,
  type PackageManager,
  upgradeCommand,
} from "../core/project.js";
import { resolveConvexPackage } from "./app-reader.js";
import { createExec, type Exec, type Tool, type ToolCommand } from "./exec.js";
import type { FileStore } from "./files.js";
import type { CommandResult, ProcessRunner } from "./process.js";

const DEPLOY_HINT =
  "The deployment env vars were set before deploying; the line above is the CLI's own error. Rerun `npx convex deploy` locally with CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY from .env.local to reproduce.";

export interface ConvexProject {
  packageManager: PackageManager;
  /** The installed convex version. */
  convexVersion: string;
  command: string;
  args: string[];
}

export interface DeployOptions {
  url: string;
  adminKey: string;
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  onOutput?: (chunk: string) => void;
}

/** Where `convex run` / `convex import` go, with the same environment as deploy. */
export interface SeedCommandOptions {
  url: string;
  adminKey: string;
  env: Readonly<Record<string, string | undefined>>;
  onOutput?: (chunk: string) => void;
}

export interface RunFunctionOptions extends SeedCommandOptions {
  /** As `convex run` takes it (seed-function). */
  functionName: string;
  /** A JSON object's text (seed-args). */
  args: string;
}

export interface ImportOptions extends SeedCommandOptions {
  /** The file's path (absolute: never taken for an option). */
  file: string;
  /** One-table formats (.jsonl, .json, .csv) name the table; a snapshot ZIP names none. */
  table?: string;
  /** Replace the tables the file holds; without it the backend refuses a non-empty table. */
  replace: boolean;
}

/** `convex export`: a snapshot ZIP of the deployment, written by the CLI at `path`. */
export interface ExportOptions extends SeedCommandOptions {
  /** Absolute, ending in .zip, not existing yet (the CLI refuses an existing file). */
  path: string;
  includeFileStorage: boolean;
}

/** `convex import --replace-all` of a snapshot ZIP: every table of the app replaced by the ZIP's. */
export interface RestoreOptions extends SeedCommandOptions {
  /** The ZIP's absolute path. */
  file: string;
}

export interface LocateOptions {
  /** The repository root: the search for node_modules stops there, and never leaves it. */
  root: string;
  /** The workspace's package manager (for the install hint and Yarn PnP). */
  packageManager: PackageManager;
  /** The workspace root, where a hoisted install and Yarn PnP's .pnp.cjs live. */
  workspaceRoot: string;
}

export interface ConvexCli {
  /** Finds the project's convex CLI or throws with the install command for its package manager. */
  locate(dir: string, options: LocateOptions): Promise<ConvexProject>;
  deploy(dir: string, project: ConvexProject, options: DeployOptions): Promise<CommandResult>;
  /** `convex run <function> <args>`; a failure names seed-function. */
  run(dir: string, project: ConvexProject, options: RunFunctionOptions): Promise<CommandResult>;
  /** `convex import --yes [--table T] [--replace] <file>`; a failure names seed-import. */
  import(dir: string, project: ConvexProject, options: ImportOptions): Promise<CommandResult>;
  /** `convex export --path <zip> [--include-file-storage]`; a failure names backup. */
  exportSnapshot(dir: string, project: ConvexProject, options: ExportOptions): Promise<CommandResult>;
  /** `convex import --yes --replace-all <zip>`; a failure names restore. */
  restoreSnapshot(dir: string, project: ConvexProject, options: RestoreOptions): Promise<CommandResult>;
}

/**
 * The line that says why `convex run` or `convex import` failed. Both print a heading marked ✖
 * that ends in ":" or "failed" (`Failed to run function "seed:init":`, `Importing data from
 * "x.jsonl" to table "x" failed`) with the backend's message on the lines after it; the
 * heading and the first line of that message are joined. Otherwise as for deploy.
 */
export function explainSeedFailure(output: string): string {
  const lines = stripAnsi(output)
    .split(/\r?\n/)
    .map((l) => (l.split("\r").at(-1) ?? "").trim())
    .filter(Boolean);
  const at = lines.findIndex((l) => /^[\u2716\u2718]/.test(l));
  if (at === -1) return explainDeployFailure(output);
  const head = lines[at]!.replace(/^[\u2716\u2718]\s*/, "");
  if (!/(?::|\bfailed)$/.test(head)) return head;
  const details = lines
    .slice(at + 1)
    .map((l) => l.replace(/^\[Request ID: [^\]]*\]\s*/, ""))
    .filter((l) => !/^at\s/.test(l) && !/^Hit an error while importing:?$/.test(l));
  // A backend that redacts errors (REDACT_LOGS_TO_CLIENT) says only "Server Error".
  const detail = details.find((l) => l !== "Server Error") ?? details[0];
  return detail ? `${head.replace(/:$/, "")}: ${detail}` : head;
}

export function createConvexCli(runner: ProcessRunner, files: FileStore): ConvexCli {
  return {
    async locate(dir, options) {
      const { packageManager } = options;
      // Where Node would find it: node_modules/convex here or in a parent folder (hoisted by
      // npm, yarn, pnpm and bun workspaces), never above the repository root.
      const installed = await resolveConvexPackage(dir, options.root);
      const pnp = await files.exists(join(options.workspaceRoot, ".pnp.cjs"));
      if (!installed && !pnp) {
        throw new SetupError(
          `The convex package is not installed for ${dir} (no node_modules/convex there or in a parent folder up to ${options.root}), so there is no convex CLI to deploy with.`,
          `Install the project's dependencies (\`${installAllCommand(packageManager)}\` in ${options.workspaceRoot}, or \`${installCommand(packageManager, "convex")}\`) before this step; setup-coder-convex never fetches a CLI of another version.`,
        );
      }
      const convexVersion = installed ? installed.version : "unknown (Yarn PnP)";
      // Older CLIs ignore CONVEX_SELF_HOSTED_URL (docs/convex-cli-versions.md): refused before
      // anything starts. An unknown version (Yarn PnP) passes.
      const check = checkConvexVersion(
        convexVersion,
        upgradeCommand(packageManager, "convex", DEFAULT_RELEASE_CONVEX),
      );
      if (!check.ok) throw new SetupError(check.message, check.hint);
      if (installed?.bin) return { packageManager, convexVersion, command: installed.bin, args: [] };
      const [command, args] = execCommand(packageManager);
      return { packageManager, convexVersion, command, args };
    },
    async deploy(dir, project, options) {
      const { exec, command, result } = await runConvex(
        runner,
        dir,
        project,
        ["deploy", ...options.args],
        options,
      );
      if (result.code === 0) return result;
      // The line that explains the failure, not the CLI's last one (often a stack frame of its
      // error reporter when offline).
      const line = explainDeployFailure(result.stderr) || explainDeployFailure(result.stdout);
      const known = hintForDeployFailure(line);
      throw exec.failure(command, result, {
        line,
        hint: known ? `${known} The CLI's full output is above.` : DEPLOY_HINT,
      });
    },
    // Flags: `import --yes/--table/--replace` and `run <functionName> [args]` exist in every CLI
    // from 1.19.0 on (npm convex@1.19.0 ... 1.48.0, cli/lib/command.js), so in every supported one.
    async run(dir, project, options) {
      return runDataCommand(
        runner,
        dir,
        project,
        ["run", options.functionName, options.args],
        options,
        "seed-function",
        `Fix the function (the CLI's output is above) or seed-args. The functions are deployed now, so a rerun no longer sees a new deployment: rerun with ${option("seed-always", true)} to seed it.`,
      );
    },
    async import(dir, project, options) {
      const flags = [
        "--yes",
        ...(options.table ? ["--table", options.table] : []),
        ...(options.replace ? ["--replace"] : []),
      ];
      return runDataCommand(
        runner,
        dir,
        project,
        ["import", ...flags, options.file],
        options,
        "seed-import",
        `Fix the file (the CLI's output is above: a document the schema refuses, a table that is not empty). Nothing was run with seed-function. The functions are deployed now, so a rerun no longer sees a new deployment: rerun with ${option("seed-always", true)} (the import then replaces the tables it holds).`,
      );
    },
    // `export --path/--include-file-storage` and `import --replace-all` exist in every supported CLI:
    // --include-file-storage since 2024-03, --replace-all since get-convex/convex-backend 9dc7e84ae
    // (2024-11-22, npm convex 1.17.x), both before 1.19.1, the minimum here.
    async exportSnapshot(dir, project, options) {
      const args = [
        "export",
        "--path",
        options.path,
        ...(options.includeFileStorage ? ["--include-file-storage"] : []),
      ];
      return runDataCommand(
        runner,
        dir,
        project,
        args,
        options,
        "backup",
        "`convex export` failed (its output is above); nothing was written. Check that the backend answers (setup-coder-convex status) and that no other export is running (one at a time).",
      );
    },
    async restoreSnapshot(dir, project, options) {
      return runDataCommand(
        runner,
        dir,
        project,
        ["import", "--yes", "--replace-all", options.file],
        options,
        "restore",
        "`convex import --replace-all` failed (its output is above). The backend applies an import in one piece: the tables are as they were unless its output says the import started.",
      );
    },
  };
}

/** The project's convex CLI, as the package manager runs it (or its installed bin). */
function convexTool(project: ConvexProject): Tool {
  return {
    command: project.command,
    install:
      project.args.length > 0
        ? `Install ${project.packageManager} (the workspace's package manager) or put it on PATH.`
        : `Install the project's dependencies again (\`${installAllCommand(project.packageManager)}\`).`,
  };
}

/** Runs `convex <args>` against the self-hosted deployment (its URL and admin key in the environment). */
async function runConvex(
  runner: ProcessRunner,
  dir: string,
  project: ConvexProject,
  args: readonly string[],
  options: SeedCommandOptions,
): Promise<{ exec: Exec; command: ToolCommand; result: CommandResult }> {
  const exec = createExec(runner, convexTool(project));
  const command = {
    args: [...project.args, ...args],
    cwd: dir,
    env: deriveConvexCliEnv(options.env, options.url, options.adminKey),
  };
  const output = options.onOutput ? { onStdout: options.onOutput, onStderr: options.onOutput } : undefined;
  return { exec, command, result: await exec.run(command, output) };
}

/**
 * A command that reads or writes the deployment's data (run, import, export): a failure says the
 * line that explains it, prefixed with the input or command it serves.
 */
async function runDataCommand(
  runner: ProcessRunner,
  dir: string,
  project: ConvexProject,
  args: readonly string[],
  options: SeedCommandOptions,
  input: "seed-function" | "seed-import" | "backup" | "restore",
  hint: string,
): Promise<CommandResult> {
  const { exec, command, result } = await runConvex(runner, dir, project, args, options);
  if (result.code === 0) return result;
  const line = explainSeedFailure(result.stderr) || explainSeedFailure(result.stdout);
  throw exec.failure(command, result, { line, hint, prefix: `${input}: ` });
}
