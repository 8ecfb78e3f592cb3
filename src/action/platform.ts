/** The only module that imports @actions/core: everything the action needs from the runner. */
import { randomUUID } from "node:crypto";
import * as core from "@actions/core";
import type { Logger } from "../adapters/runtime.js";
import { fenceWorkflowCommands } from "../core/workflow-commands.js";

export interface Platform {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  setSecret(value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  logger: Logger;
}

export function createPlatform(): Platform {
  const logger: Logger = {
    // The one way text reaches the log as it is (warning, debug and group escape theirs): a line
    // relayed from the convex CLI is repository code's, and must not be obeyed as a command.
    info: (m) => core.info(fenceWorkflowCommands(m, randomUUID())),
    warn: (m) => core.warning(m),
    debug: (m) => core.debug(m),
    group: (title, fn) => core.group(title, fn),
    mask: (s) => core.setSecret(s),
  };
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    setSecret: (value) => core.setSecret(value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    setFailed: (message) => core.setFailed(message),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    logger,
  };
}
