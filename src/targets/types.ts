/**
 * Where the backend runs, as one interface: compose (containers started here), connect (a backend
 * that already runs elsewhere) and kubernetes (objects applied to a cluster, or only rendered).
 * setup() runs the same phases for every target and asks the target only what differs: the
 * checks before anything starts, where the keys live between runs, how it starts, how the wait
 * reads its state and logs, how the admin key is confirmed, what the result reports, and how an
 * instance is removed. `down`, the post step, `status`, `logs` and `doctor` use the same objects.
 */
import type { ConvexAdmin } from "../adapters/convex-admin.js";
import type { FileStore } from "../adapters/files.js";
import type { JwtKeyPair } from "../core/auth-keys.js";
import type { Config, ConfigOf } from "../core/config.js";
import type { InstanceRef, Layout } from "../core/layout.js";
import type { FoundPreview, PreviewMark } from "../core/preview.js";
import type { ReleaseImages } from "../core/upgrade.js";
import type { ConfirmedAdminKey } from "../phases/admin-key.js";
import type { BackgroundPull } from "../phases/images.js";
import type { Keys } from "../phases/keys.js";
import type { PostgresPlan } from "../phases/postgres.js";
import type { BackendView } from "../phases/start.js";

export type { BackendView } from "../phases/start.js";

import type { TargetCheck } from "../phases/checks.js";
import type { Reporter, SetupDeps, SetupResult } from "../phases/types.js";
import type { AppFilesWritten } from "../phases/write-files.js";

export type TargetKind = Config["target"];

/** The seams a target uses (a subset of setup's). */
export type TargetDeps = Pick<
  SetupDeps,
  | "docker"
  | "kubectl"
  | "logger"
  | "clock"
  | "env"
  | "ensureImages"
  | "stop"
  | "files"
  | "portFree"
  | "git"
  | "cwd"
  | "workspace"
>;

/** What every phase of a run shares, handed to the target's steps. */
export interface TargetRun {
  config: Config;
  layout: Layout;
  report: Reporter;
  /** Runs `fn` as one named, timed log group (setup's phase runner). */
  phase: <T>(title: string, fn: () => Promise<T>) => Promise<T>;
}

/** What the run has prepared by the time the backend starts. */
export interface Prepared {
  keys: Keys;
  postgres: PostgresPlan;
  written: AppFilesWritten;
  files: FileStore;
  /** The images made present in the background (compose); settled or aborted. */
  pull: BackgroundPull;
  /** A pull request's preview: labelled with its repository, number and creation time. */
  preview?: PreviewMark | undefined;
}

/** The fields of the result that say where the backend runs. */
export type TargetFields = Pick<
  SetupResult,
  "envFile" | "composeFile" | "composeProject" | "namespace" | "manifestFile"
>;

export interface RemoveOptions {
  /** Print the backend's logs first (the job failed, or asked for). */
  dumpLogs: boolean;
  /** Remove the data volume too (kubernetes: always removed with the instance). */
  volumes: boolean;
  /** Said with the warning when nothing matched (compose `down`: which project-name was used, and how). */
  unmatchedHint?: string;
}

/** What `status` shows of an instance: its parts as this host sees them. */
export interface InstanceReport {
  /** "Project convex-app (/path/docker-compose.convex.yml)", "Instance pr-1 in namespace previews". */
  heading: string;
  /** One line per container, object or pod (or the line saying there are none). */
  lines: string[];
  /** Whether the backend's container or pod runs. */
  running: boolean;
  /** How to reach it from here when `hostApiUrl` is undefined (a port-forward command). */
  hint?: string;
  /** The same, for `status --json` (the instance's own fields). */
  json: Record<string, unknown>;
}

/** A backend instance that exists (or existed): found again by `down`, the post step, `status`, `logs`. */
export interface Instance extends BackendView {
  /** What the post step records to find it again. */
  ref: InstanceRef;
  /** For messages: "convex-app" or "instance pr-1 in namespace previews". */
  name: string;
  /** Where this host reaches its API now (compose: the published port); undefined: not without more (a port-forward). */
  hostApiUrl: string | undefined;
  /** The public API and site URLs it was given, when known here. */
  publicUrls: { api: string; site: string } | undefined;
  /** Its parts as `status` shows them. */
  report(): Promise<InstanceReport>;
  /** The command that prints (or with `follow`, streams) its logs: `logs -f` runs it on this terminal. */
  logsCommand(tail: number, follow: boolean): { program: string; args: string[]; cwd?: string };
  /** Removes it (its logs first if asked); says what was removed, and warns when nothing matched. */
  remove(options: RemoveOptions): Promise<void>;
}

/** Where `status`, `logs` and `down` look for an instance an earlier `up` left. */
export interface InstanceQuery {
  /** The working directory, absolute (compose: its docker-compose.convex.yml). */
  workingDirectory: string;
  /** compose: the project name when not the compose file's own `name:`. */
  projectName?: string | undefined;
  /** kubernetes: where and which. */
  namespace: string;
  instanceName: string;
}

/** What finding an instance needs. */
export type FindDeps = Pick<SetupDeps, "docker" | "kubectl" | "logger" | "files">;

export interface Target {
  kind: TargetKind;
  /** The API and the site proxy as this host reaches them. */
  hostApiUrl: string;
  hostSiteUrl: string;
  /** This host talks to the public URLs itself (connect, an Ingress with TLS). */
  viaPublicUrls: boolean;
  /** False when nothing runs (kubernetes render-only): no deploy, no wait. */
  runs: boolean;
  /** Said once, before anything runs. */
  warnings: readonly string[];
  /** Images made present on this host while the run prepares (compose); empty elsewhere. */
  images: readonly string[];
  /** The Postgres URL (if any) is prepared for this backend (connect: it has its own database). */
  usesDatabase: boolean;
  /** What the Write files phase writes for the backend itself. */
  backendFiles: "compose" | "env-only" | "none";
  /** The instance this run sets up (recorded for the post step once files are written); none with connect. */
  instance: Instance | undefined;

  /**
   * Its checks of where it runs (its tools, its ports, its cluster), in doctor's list
   * (phases/checks.ts); `preflight` makes those marked `up: "preflight"`.
   */
  checks(): TargetCheck[];
  /** Checks before anything starts (the tool and where it runs), each in its own phase; a FAIL stops the run. */
  preflight(run: TargetRun): Promise<void>;
  /** The keys: reused from where this target keeps them between runs, from inputs, or generated. */
  resolveKeys(
    run: TargetRun,
    files: FileStore,
    options: { convexAuth: boolean; betterAuth: boolean; generate: () => Promise<JwtKeyPair> },
  ): Promise<Keys>;
  /**
   * Starts the backend (or renders it). Returns the manifest file when it was only rendered:
   * the run ends there.
   */
  start(run: TargetRun, prepared: Prepared): Promise<{ rendered: string } | undefined>;
  /**
   * Waits until the backend answers at hostApiUrl, and opens what the rest of the run needs to
   * reach it (a port-forward). Runs inside setup's "Wait for the backend" phase.
   */
  wait(run: TargetRun, admin: ConvexAdmin): Promise<void>;
  /** The admin key the backend accepts (inside setup's "Admin key" phase). */
  confirmAdminKey(run: TargetRun, admin: ConvexAdmin, keys: Keys): Promise<ConfirmedAdminKey>;
  /**
   * backup and restore: throws when nothing runs here to act on (no instance secret where this
   * target keeps it, a backend container that does not run); `verb` names the command.
   */
  requireRunning(keys: Keys, verb: string): Promise<void>;
  /** The result's fields about where it runs (rendered: the manifest file written). */
  describe(rendered?: string): TargetFields;
  /** Ends what the run holds open (a port-forward). Idempotent. */
  close(): Promise<void>;
  /** command down: removes the instance (connect: refused, it runs elsewhere). */
  remove(options: RemoveOptions): Promise<void>;
  /** command upgrade: its images, changed from here (undefined with connect: it runs elsewhere). */
  switchImages?: ImageSwitch;
  /** The creation time an earlier up recorded on this instance's preview labels, if any. */
  previewCreated?(): Promise<string | undefined>;
}

/** A pull request's preview found by its labels, for `prune`. */
export interface PreviewInstance extends FoundPreview {
  /**
   * Removes it as `down` does (compose: its volume too; kubernetes: its objects and claim); a
   * compose data volume left without containers: just that volume.
   */
  remove(): Promise<void>;
}

/** Where `prune` looks: every preview of `repository` on this host (compose) or in `namespace`. */
/** A target's previews of one repository (prune), and where they were looked for, for messages. */
export interface PreviewList {
  /** "on this Docker host", "in namespace previews". */
  where: string;
  previews: PreviewInstance[];
}

/** command upgrade: the images an instance runs, and how they are changed (compose and kubernetes). */
export interface ImageSwitch {
  /** Where the images are changed, for the plan: the compose file, or the instance's workloads. */
  where: string;
  /** The images it runs now (the dashboard's undefined when it has none). */
  current(files: FileStore): Promise<ReleaseImages>;
  /** Makes the images present before anything changes (compose pulls them; a cluster pulls for itself). */
  prepare(images: ReleaseImages, warn: (message: string) => void): Promise<void>;
  /**
   * Changes the backend's and the dashboard's images together and starts them (compose: the image
   * lines of the compose file, atomically, then `docker compose up -d`; kubernetes: `kubectl set
   * image`, its port-forward closed). The wait that follows is the target's `wait`.
   */
  change(run: TargetRun, files: FileStore, images: ReleaseImages): Promise<void>;
}

/**
 * A target's module: how it is made from the configuration (its own part of the union: the
 * kubernetes target is made from a configuration with `kubernetes`), and how an earlier instance
 * is found.
 */
export interface TargetModule<K extends TargetKind = TargetKind> {
  create(config: ConfigOf<K>, deps: TargetDeps, layout: Layout): Target;
  /** The instance an earlier `up` left where `query` points; throws a SetupError saying why none is there. */
  find(query: InstanceQuery, deps: FindDeps): Promise<Instance>;
  /** The flags that say where its instance is, for `status` and `logs` (none: nothing of it is here). */
  locatedBy: readonly string[];
  /**
   * backup and restore: the configuration as the running instance has it (compose: the ports and
   * names of the files `up` wrote); absent: the configuration as given.
   */
  reachConfig?(config: ConfigOf<K>, deps: ReachDeps): Promise<ConfigOf<K>>;
  /**
   * Every preview of a repository by its labels (prune); only instances whose labels name that
   * repository exactly. Absent: the target has nothing to prune (connect).
   */
  list?(config: ConfigOf<K>, repository: string, deps: FindDeps): Promise<PreviewList>;
}

/** What reading an instance's own configuration needs. */
export type ReachDeps = Pick<SetupDeps, "files" | "git" | "cwd">;
