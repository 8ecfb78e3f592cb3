/** The action's Platform in memory: every call recorded in order (the action shell's tests). */
import type { Platform } from "../../src/action/platform.js";

export interface Recorded {
  platform: Platform;
  /** Every call in order: "mask <v>", "output <name>", "export <name>", "failed <msg>", "info <m>", ... */
  calls: string[];
  outputs: Record<string, string>;
  exported: Record<string, string>;
  state: Record<string, string>;
  failed: string[];
  summary: string[];
}

export function platform(inputs: Record<string, string>, state: Record<string, string> = {}): Recorded {
  const r: Omit<Recorded, "platform"> = {
    calls: [],
    outputs: {},
    exported: {},
    state: { ...state },
    failed: [],
    summary: [],
  };
  const p: Platform = {
    getInput: (name) => inputs[name] ?? "",
    setOutput: (name, value) => {
      r.calls.push(`output ${name}`);
      r.outputs[name] = value;
    },
    exportVariable: (name, value) => {
      r.calls.push(`export ${name}`);
      r.exported[name] = value;
    },
    setSecret: (value) => void r.calls.push(`mask ${value}`),
    saveState: (name, value) => {
      r.state[name] = value;
    },
    getState: (name) => r.state[name] ?? "",
    setFailed: (message) => {
      r.calls.push(`failed ${message}`);
      r.failed.push(message);
    },
    writeSummary: async (markdown) => void r.summary.push(markdown),
    logger: {
      info: (m) => void r.calls.push(`info ${m}`),
      warn: (m) => void r.calls.push(`warn ${m}`),
      debug: () => {},
      group: async (title, fn) => {
        r.calls.push(`group ${title}`);
        return fn();
      },
      mask: (s) => void r.calls.push(`mask ${s}`),
    },
  };
  return { ...r, platform: p };
}
