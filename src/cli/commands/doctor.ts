/**
 * `doctor`: the checks `up` makes before it starts anything, without changing anything. It runs
 * the one list of checks (phases/checks.ts) that setup() runs too, with the target's own checks
 * (its tools, its ports, its cluster), so that both say the same thing.
 */
import { createSetupDeps } from "../../adapters/index.js";
import type { Config } from "../../core/config.js";
import { locate } from "../../core/layout.js";
import {
  CHECKS,
  type CheckContext,
  checkContext,
  type Finding,
  nodeCheck,
  runChecks,
} from "../../phases/checks.js";
import { openRepository } from "../../phases/repository.js";
import { createTarget } from "../../targets/index.js";
import { type Command, configFrom, jsonFlag, SETUP_FLAGS, VERBOSE_FLAG } from "../context.js";

const SYMBOL: Record<Finding["status"], string> = { pass: "✓", warn: "!", fail: "✗" };

export const doctor: Command = {
  name: "doctor",
  flags: [...SETUP_FLAGS, jsonFlag("checks"), VERBOSE_FLAG],
  async run(flags, { io, logger }) {
    const json = Boolean(flags.json);
    let config: Config;
    try {
      config = configFrom(flags, io);
    } catch (error) {
      // Without a configuration there is no target to ask: Node, and what is wrong with it.
      const node = await runChecks([nodeCheck], undefined);
      return print(io, [...node, { status: "fail", message: (error as Error).message }], json);
    }
    const deps = createSetupDeps({ logger, env: io.env, cwd: io.cwd, ...(io.stop ? { stop: io.stop } : {}) });
    const layout = locate(config, io.cwd);
    // What the app is, read the same way as `up` does (a parser, confined to the repository).
    // Every file is read inside the repository only, regular files only (a link out of the clone,
    // a FIFO or a device is named and refused), as `up` reads them.
    const { root, files } = await openRepository(layout.dir, {
      files: deps.files,
      ...(deps.git ? { git: deps.git } : {}),
      cwd: io.cwd,
    });
    let app: CheckContext["app"];
    try {
      app = { facts: await deps.readApp(layout.dir, root, files) };
    } catch (error) {
      app = { error };
    }
    const target = createTarget(config, deps, layout);
    const findings = await runChecks(
      CHECKS,
      checkContext({ config, layout, root, files, target, app }, deps),
    );
    return print(io, findings, json);
  },
};

function print(io: { out: { write(t: string): void } }, findings: readonly Finding[], json: boolean): number {
  const ok = !findings.some((f) => f.status === "fail");
  if (json)
    io.out.write(
      `${JSON.stringify({ ok, checks: findings.map(({ status, message }) => ({ status, message })) }, null, 2)}\n`,
    );
  else for (const f of findings) io.out.write(`${SYMBOL[f.status]} ${f.message}\n`);
  return ok ? 0 : 1;
}
