/** The only module that imports @actions/core: everything the action needs from the runner. */
import * as core from "@actions/core";
import type { Logger } from "../adapters/runtime.js";

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
    info: (m) => core.info(m),
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
