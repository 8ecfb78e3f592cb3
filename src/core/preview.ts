/**
 * Previews, the pure part: the labels `up` puts on an instance set up by the action for a pull
 * request (which repository, which pull request, when it was created), how `prune` reads them
 * back, its max-age, and its decision (closed, or older than max-age). docs/previews.md.
 */
import { createHash } from "node:crypto";

/**
 * Docker labels (compose puts a service's `labels:` on its containers, and a top-level volume's
 * `labels:` on that volume). Docker takes any value; the keys are reverse-DNS-like as Docker
 * recommends for labels of a tool. `instance` is the backend's instance name, which names its
 * database (prune drops it with drop-database).
 */
export const DOCKER_PREVIEW_LABELS = {
  repository: "setup-coder-convex.repository",
  pullRequest: "setup-coder-convex.pull-request",
  created: "setup-coder-convex.created",
  instance: "setup-coder-convex.instance-name",
} as const;

/**
 * Kubernetes labels: a value is at most 63 characters of [A-Za-z0-9-_.], starting and ending
 * alphanumeric, so `owner/name` cannot be one: the label holds the first 40 hex digits of its
 * SHA-256 (a selector can ask for it), and the annotation setup-coder-convex/owner (already on
 * every object) holds the name itself, compared exactly before anything is removed. The time is
 * a label in whole Unix seconds and an annotation in ISO 8601.
 */
export const KUBE_PREVIEW_LABELS = {
  repositoryHash: "setup-coder-convex/repository-sha256",
  pullRequest: "setup-coder-convex/pull-request",
  created: "setup-coder-convex/created",
} as const;
export const KUBE_CREATED_ANNOTATION = "setup-coder-convex/created-at";

/** What marks an instance as a pull request's preview. */
export interface PreviewMark {
  /** GITHUB_REPOSITORY: owner/name. */
  repository: string;
  pullRequest: number;
  /** When the instance was first set up (ISO 8601, UTC, whole seconds). */
  created: string;
}

/** GITHUB_REPOSITORY's shape: owner/name. */
export function isRepositoryName(text: string): boolean {
  return /^[^/\s]+\/[^/\s]+$/.test(text);
}

/** The pull request a workflow run is for: GITHUB_REF is refs/pull/<n>/merge (or /head) on pull_request events. */
export function pullRequestOf(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const n = /^refs\/pull\/(\d+)\/(merge|head)$/.exec(env.GITHUB_REF ?? "")?.[1];
  return n ? Number(n) : undefined;
}

/**
 * The mark of an instance set up now, in the action on a pull request; undefined elsewhere (the
 * CLI on a workstation, a push or a schedule): only pull requests' previews are labelled.
 * `kept` is the creation time an earlier up recorded on the same instance: it stays.
 */
export function derivePreviewMark(
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
  kept?: string,
): PreviewMark | undefined {
  if (env.GITHUB_ACTIONS !== "true") return undefined;
  const repository = env.GITHUB_REPOSITORY ?? "";
  const pullRequest = pullRequestOf(env);
  if (!isRepositoryName(repository) || pullRequest === undefined) return undefined;
  const created = kept && !Number.isNaN(Date.parse(kept)) ? kept : isoSeconds(now);
  return { repository, pullRequest, created };
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** The labels of a compose preview's containers and data volume; `instanceName` is the backend's. */
export function dockerPreviewLabels(mark: PreviewMark, instanceName: string): Record<string, string> {
  return {
    [DOCKER_PREVIEW_LABELS.repository]: mark.repository,
    [DOCKER_PREVIEW_LABELS.pullRequest]: String(mark.pullRequest),
    [DOCKER_PREVIEW_LABELS.created]: mark.created,
    [DOCKER_PREVIEW_LABELS.instance]: instanceName,
  };
}

/** A container's or a volume's preview labels, read back. */
export interface DockerPreviewLabels {
  pullRequest: number;
  created: string | undefined;
  /** Absent on what was labelled before the instance name was. */
  instanceName: string | undefined;
}

/**
 * The preview a docker object's labels describe, when they name `repository` exactly (docker's
 * filter already asked for it; compared again here) and a pull request number; else undefined.
 */
export function readDockerPreview(
  labels: Readonly<Record<string, string | undefined>>,
  repository: string,
): DockerPreviewLabels | undefined {
  const L = DOCKER_PREVIEW_LABELS;
  const number = labels[L.pullRequest] ?? "";
  if (labels[L.repository] !== repository || !/^\d+$/.test(number)) return undefined;
  return {
    pullRequest: Number(number),
    created: labels[L.created] || undefined,
    instanceName: labels[L.instance] || undefined,
  };
}

/** The earliest of several ISO times (a project's containers and volume may come from different runs). */
export function earliestTime(times: ReadonlyArray<string | undefined>): string | undefined {
  const valid = times.filter((t): t is string => Boolean(t) && !Number.isNaN(Date.parse(t!)));
  return valid.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** The label value standing for a repository (see KUBE_PREVIEW_LABELS). */
export function repositoryHash(repository: string): string {
  return createHash("sha256").update(repository).digest("hex").slice(0, 40);
}

export function kubePreviewLabels(mark: PreviewMark): Record<string, string> {
  return {
    [KUBE_PREVIEW_LABELS.repositoryHash]: repositoryHash(mark.repository),
    [KUBE_PREVIEW_LABELS.pullRequest]: String(mark.pullRequest),
    [KUBE_PREVIEW_LABELS.created]: String(Math.floor(Date.parse(mark.created) / 1000)),
  };
}

export function kubePreviewAnnotations(mark: PreviewMark): Record<string, string> {
  return { [KUBE_CREATED_ANNOTATION]: mark.created };
}

/** The creation time recorded on a Kubernetes object (annotation first, else the label's seconds). */
export function kubeCreatedOf(metadata: {
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}): string | undefined {
  const iso = metadata.annotations?.[KUBE_CREATED_ANNOTATION];
  if (iso && !Number.isNaN(Date.parse(iso))) return iso;
  const seconds = metadata.labels?.[KUBE_PREVIEW_LABELS.created];
  return seconds && /^\d+$/.test(seconds) ? isoSeconds(new Date(Number(seconds) * 1000)) : undefined;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * max-age: a whole number and one unit, m (minutes), h, d or w: `7d`, `36h`, `90m`. Anything else
 * (`7`, `1.5d`, `7 days`, `-1d`, `0d`) is refused with what to write instead.
 */
export function parseMaxAge(text: string): { ms: number } | { error: string } {
  const m = /^([1-9]\d{0,5})([mhdw])$/.exec(text.trim());
  if (!m)
    return {
      error: `"${text}" is not an age: write a whole number and a unit, m (minutes), h (hours), d (days) or w (weeks), e.g. 7d or 36h.`,
    };
  return { ms: Number(m[1]) * UNITS[m[2]!]! };
}

/** A preview found on a host or in a namespace, as prune sees it. */
export interface FoundPreview {
  /** For messages: "compose project pr-7" or "instance pr-7 in namespace previews". */
  name: string;
  repository: string;
  pullRequest: number;
  /** ISO 8601; undefined when the label is missing or unreadable (never removed for age then). */
  created: string | undefined;
  /** The backend's instance name, which names its database; undefined when not recorded. */
  instanceName: string | undefined;
}

export type PullState = "open" | "closed" | "unknown";

export interface PruneDecision<T extends FoundPreview> {
  preview: T;
  /** Why it goes; undefined: it stays. */
  reason: string | undefined;
}

/** Which previews go: closed pull requests, and (with max-age) those created longer ago than that. */
export function decidePrune<T extends FoundPreview>(
  previews: readonly T[],
  states: ReadonlyMap<number, PullState>,
  now: Date,
  maxAgeMs: number | undefined,
): Array<PruneDecision<T>> {
  return previews.map((preview) => {
    const reasons: string[] = [];
    if (states.get(preview.pullRequest) === "closed")
      reasons.push(`pull request #${preview.pullRequest} is closed`);
    const created = preview.created ? Date.parse(preview.created) : Number.NaN;
    if (maxAgeMs !== undefined && !Number.isNaN(created) && now.getTime() - created > maxAgeMs)
      reasons.push(`created ${preview.created}, older than max-age (${describeAge(maxAgeMs)})`);
    return { preview, reason: reasons.length ? reasons.join("; ") : undefined };
  });
}

/** 604800000 → "7d", 129600000 → "36h". */
export function describeAge(ms: number): string {
  for (const unit of ["d", "h", "m"] as const)
    if (ms % UNITS[unit]! === 0 && ms >= UNITS[unit]!) return `${ms / UNITS[unit]!}${unit}`;
  return `${ms} ms`;
}
