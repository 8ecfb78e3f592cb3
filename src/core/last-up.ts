/**
 * What the last `up` in a working directory did, kept in FILES.lastUp next to the app's other
 * files (for every target: it says what was run from here; it holds no secret): when it ended,
 * whether it failed and where, whether it deployed, and from which commit of the functions
 * folder. `status` says it and `verify` takes it into account, so that a backend that answers
 * after a failed deploy is not reported as if the functions were there. Pure: text in, text out.
 */
import { option } from "./naming.js";

export interface LastUp {
  /** When the run ended (ISO 8601, UTC). */
  at: string;
  target: string;
  /** The instance it set up, as messages name it ("convex-app", "instance pr-1 in namespace previews"). */
  instance: string;
  /** "done", or "failed" in `failedPhase`. */
  outcome: "done" | "failed";
  failedPhase?: string;
  /** Whether deploying was asked for (false with deploy: false). */
  deployAsked: boolean;
  deployed: boolean;
  seeded: boolean;
  /** The functions folder (relative to the working directory), and the commit checked out when it ran. */
  functions: { dir: string; commit?: string; changed?: boolean };
}

export function renderLastUp(record: LastUp): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The record, or undefined for a missing or unreadable file (it is informative only). */
export function parseLastUp(text: string | undefined): LastUp | undefined {
  if (text === undefined) return undefined;
  try {
    const r = JSON.parse(text) as Partial<LastUp>;
    if (
      typeof r.at !== "string" ||
      (r.outcome !== "done" && r.outcome !== "failed") ||
      typeof r.deployed !== "boolean" ||
      typeof r.functions?.dir !== "string"
    )
      return undefined;
    return r as LastUp;
  } catch {
    return undefined;
  }
}

const when = (at: string) => at.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");

/** "abc1234 (with uncommitted changes)" */
function commitText(functions: LastUp["functions"]): string {
  if (!functions.commit) return "";
  return ` from commit ${functions.commit.slice(0, 12)}${functions.changed ? " with uncommitted changes" : ""}`;
}

/** One line for `status`: what the last `up` did. */
export function describeLastUp(r: LastUp): string {
  const dir = `${r.functions.dir}/`;
  if (r.outcome === "failed")
    return `Last up ${when(r.at)}: FAILED in "${r.failedPhase ?? "?"}"; ${
      r.deployed
        ? `${dir} was deployed${commitText(r.functions)} before that`
        : `${dir} was not deployed, so the backend may run older functions or none`
    }. Rerun up.`;
  if (r.deployed)
    return `Last up ${when(r.at)}: deployed ${dir}${commitText(r.functions)}${r.seeded ? ", and seeded" : ""}.`;
  return `Last up ${when(r.at)}: started the backend without deploying (${option("deploy", false)}); ${dir} was not deployed by it.`;
}
