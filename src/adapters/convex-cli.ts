/** The project's own convex CLI: find it, then run `convex deploy` without a shell. */
import { join } from "node:path";
import { DEFAULT_RELEASE_CONVEX } from "../core/compose.js";
import { checkConvexVersion } from "../core/convex-version.js";
import { explainDeployFailure, hintForDeployFailure } from "../core/deploy-output.js";
import { SetupError } from "../core/errors.js";
import {
  deriveConvexCliEnv,
  execCommand,
  installAllCommand,
  installCommand,
  type PackageManager,
  upgradeCommand,
} from "../core/project.js";
import { resolveConvexPackage } from "./app-reader.js";
import type { FileStore } from "./files.js";
import { CommandError, type CommandResult, displayCommand, type ProcessRunner } from "./process.js";

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
      const command = {
        command: project.command,
        args: [...project.args, "deploy", ...options.args],
        cwd: dir,
        env: deriveConvexCliEnv(options.env, options.url, options.adminKey),
      };
      const result = await runner.run(
        command,
        options.onOutput ? { onStdout: options.onOutput, onStderr: options.onOutput } : undefined,
      );
      if (result.code === 0) return result;
      // The line that explains the failure, not the CLI's last one (often a stack frame of its
      // error reporter when offline).
      const line = explainDeployFailure(result.stderr) || explainDeployFailure(result.stdout);
      const display = displayCommand(command);
      const known = hintForDeployFailure(line);
      throw new CommandError(
        display,
        result,
        known ? `${known} The CLI's full output is above.` : DEPLOY_HINT,
        `\`${display}\` failed (exit ${result.code}): ${line || "no output"}`,
      );
    },
  };
}
