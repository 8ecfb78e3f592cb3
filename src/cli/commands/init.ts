/**
 * `init`: scaffolds what an app needs for @convex-dev/auth and for this tool (core/scaffold.ts
 * plans it). Only creates files; package.json is the one file changed, and only by adding
 * scripts. An existing file is checked, never rewritten: what it lacks is printed as advice
 * (`!`), and the exit code stays 0 (advice is not a failure; `doctor` and `up` report what
 * breaks a run). Every path is confined to the repository, like everything this tool writes.
 */
import { join, relative, resolve, sep } from "node:path";
import { readApp } from "../../adapters/app-reader.js";
import { createFileStore } from "../../adapters/files.js";
import { createGit } from "../../adapters/git.js";
import { runChecked } from "../../adapters/process.js";
import { SetupError } from "../../core/errors.js";
import { PUBLIC_MODE } from "../../core/layout.js";
import { candidatePaths, planScaffold, type ScaffoldPlan } from "../../core/scaffold.js";
import { adapters, type Command, VERBOSE_FLAG } from "../context.js";

function posix(path: string): string {
  return path.split(sep).join("/");
}

export const init: Command = {
  name: "init",
  flags: [
    { name: "working-directory", kind: "string", description: "Directory of the Convex app.", default: "." },
    {
      name: "dry-run",
      kind: "boolean",
      description: "Print what would be done; write and run nothing.",
      default: "false",
    },
    {
      name: "install",
      kind: "boolean",
      description:
        "Run the install command for the missing packages (the project's package manager, in the app's folder).",
      default: "false",
    },
    VERBOSE_FLAG,
  ],
  async run(flags, { io, logger }) {
    const dryRun = Boolean(flags["dry-run"]);
    const { runner } = adapters(io);
    const dir = resolve(io.cwd, (flags["working-directory"] as string | undefined) ?? ".");
    const root = (await createGit(runner).topLevel(dir)) ?? dir;
    const files = createFileStore(root);
    const facts = await readApp(dir, root, files);
    for (const w of facts.warnings) logger.debug(w);
    const app = facts.workingDirectory === "." ? root : join(root, ...facts.workingDirectory.split("/"));
    const fnDir = posix(relative(app, join(root, ...facts.functionsDir.split("/")))) || ".";
    logger.debug(`App ${app}; functions in ${fnDir}; ${facts.packageManager}`);

    const abs = (rel: string) => join(app, ...rel.split("/"));
    const show = (rel: string) => posix(relative(io.cwd, abs(rel))) || ".";
    const existing = new Map<string, string | undefined>();
    for (const path of candidatePaths(fnDir)) existing.set(path, await files.read(abs(path)));
    const packageJson = await files.read(abs("package.json"));
    const workspacePackageJsons: string[] = [];
    if (facts.workspaceRoot !== facts.workingDirectory) {
      const text = await files.read(join(root, ...facts.workspaceRoot.split("/"), "package.json"));
      if (text !== undefined) workspacePackageJsons.push(text);
    }
    const plan = await planScaffold({
      functionsDir: fnDir,
      existing,
      packageJson,
      workspacePackageJsons,
      packageManager: facts.packageManager,
    });

    const out = (line: string) => io.out.write(`${line}\n`);
    for (const file of plan.files) {
      if (file.action === "exists-ok") out(`= ${show(file.path)} already ${file.ok}`);
      else if (file.action === "exists-missing") out(`! ${file.advice!.replace(file.path, show(file.path))}`);
      else if (dryRun) out(`+ would create ${show(file.path)}`);
      else if (await files.exists(abs(file.path))) {
        // Created since it was read: never overwritten.
        out(`= ${show(file.path)} appeared meanwhile; left as it is`);
      } else {
        await files.write(abs(file.path), file.content, PUBLIC_MODE);
        out(`+ created ${show(file.path)}`);
      }
    }
    await writeScripts(plan, packageJson, { dryRun, out, show, files, path: abs("package.json") });

    if (plan.install.length === 0) {
      out("= convex, @convex-dev/auth, @auth/core and @types/node are already dependencies");
    } else if (!flags.install || dryRun) {
      for (const step of plan.install) out(`> ${step.command}`);
      const it = plan.install.length === 1 ? "it" : "them";
      const where = show(".") === "." ? "here" : `in ${show(".")}`;
      out(
        dryRun
          ? `  (--install would run ${it} ${where})`
          : `  Run ${it} ${where}, or rerun init with --install.`,
      );
    } else {
      for (const step of plan.install) {
        await logger.group(step.command, async () => {
          const [command, ...args] = step.argv;
          await runChecked(
            runner,
            { command, args, cwd: app, env: io.env },
            {
              onStdout: (chunk) => io.err.write(chunk),
              onStderr: (chunk) => io.err.write(chunk),
              hint: `Run \`${step.command}\` in ${app} yourself to see why.`,
            },
          );
        });
        out(`+ installed ${step.packages.join(", ")}`);
      }
    }
    if (dryRun) out("Dry run: nothing was written.");
    return 0;
  },
};

async function writeScripts(
  plan: ScaffoldPlan,
  original: string | undefined,
  options: {
    dryRun: boolean;
    out: (line: string) => void;
    show: (rel: string) => string;
    files: ReturnType<typeof createFileStore>;
    path: string;
  },
): Promise<void> {
  const { out, show } = options;
  const pkg = show("package.json");
  if (plan.packageJsonAdvice) out(`! ${plan.packageJsonAdvice}`);
  if (plan.scriptsSkipped.length > 0) {
    out(
      `= ${pkg} already has script${plan.scriptsSkipped.length === 1 ? "" : "s"} ${plan.scriptsSkipped.join(", ")} (kept)`,
    );
  }
  if (plan.packageJsonText === undefined) return;
  if (options.dryRun) {
    out(`+ would add scripts ${plan.scriptsAdded.join(", ")} to ${pkg}`);
    return;
  }
  // Written only over the text the plan was made from.
  if ((await options.files.read(options.path)) !== original) {
    throw new SetupError(`${pkg} changed while init ran; it was left as it is.`, "Run init again.");
  }
  await options.files.write(options.path, plan.packageJsonText, PUBLIC_MODE);
  out(`+ added scripts ${plan.scriptsAdded.join(", ")} to ${pkg}`);
  out("  (they run `setup-coder-convex`: it must be on PATH or in node_modules/.bin)");
}
