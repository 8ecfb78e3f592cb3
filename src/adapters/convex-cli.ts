/** The project's own convex CLI: find it, then run `convex deploy` without a shell. */
import { join } from "node:path";
import { SetupError } from "../core/errors.js";
import {
  deriveConvexCliEnv,
  detectPackageManager,
  execCommand,
  installCommand,
  LOCKFILES,
  type PackageManager,
} from "../core/project.js";
import type { FileStore } from "./files.js";
import { type CommandResult, type ProcessRunner, runChecked } from "./process.js";

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

export interface ConvexCli {
  /** Finds the project's convex CLI or throws with the install command for its package manager. */
  locate(dir: string): Promise<ConvexProject>;
  deploy(dir: string, project: ConvexProject, options: DeployOptions): Promise<CommandResult>;
}

export function createConvexCli(runner: ProcessRunner, files: FileStore): ConvexCli {
  return {
    async locate(dir) {
      const pkgText = await files.read(join(dir, "package.json"));
      if (pkgText === undefined) {
        throw new SetupError(
          `No package.json in ${dir}: convex deploy needs the Convex app's project.`,
          "Point working-directory at the folder holding package.json and convex/, or set deploy: false.",
        );
      }
      let pkg: { packageManager?: string } = {};
      try {
        pkg = JSON.parse(pkgText);
      } catch {
        throw new SetupError(`${join(dir, "package.json")} is not valid JSON.`);
      }
      const present = new Set<string>();
      await Promise.all(
        LOCKFILES.map(async ([file]) => {
          if (await files.exists(join(dir, file))) present.add(file);
        }),
      );
      const packageManager = detectPackageManager(present, pkg.packageManager);
      const installed = await files.read(join(dir, "node_modules", "convex", "package.json"));
      const pnp = await files.exists(join(dir, ".pnp.cjs"));
      if (installed === undefined && !pnp) {
        throw new SetupError(
          `The convex package is not installed in ${dir}, so there is no convex CLI to deploy with.`,
          `Install the project's dependencies (e.g. \`${installCommand(packageManager, "convex")}\`) before this step; setup-coder-convex never fetches a CLI of another version.`,
        );
      }
      const convexVersion = installed
        ? String(JSON.parse(installed).version ?? "unknown")
        : "unknown (Yarn PnP)";
      const bin = join(dir, "node_modules", ".bin", process.platform === "win32" ? "convex.cmd" : "convex");
      if (await files.exists(bin)) return { packageManager, convexVersion, command: bin, args: [] };
      const [command, args] = execCommand(packageManager);
      return { packageManager, convexVersion, command, args };
    },
    deploy(dir, project, options) {
      return runChecked(
        runner,
        {
          command: project.command,
          args: [...project.args, "deploy", ...options.args],
          cwd: dir,
          env: deriveConvexCliEnv(options.env, options.url, options.adminKey),
        },
        {
          ...(options.onOutput ? { onStdout: options.onOutput, onStderr: options.onOutput } : {}),
          hint: "The deployment env vars were set before deploying; the line above is the CLI's own error. Rerun `npx convex deploy` locally with CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY from .env.local to reproduce.",
        },
      );
    },
  };
}
