/** What the phases share: the seams (deps), how they report, and what a run produces. */

import type { ConvexAdmin, FetchLike } from "../adapters/convex-admin.js";
import type { ConvexCli } from "../adapters/convex-cli.js";
import type { Docker } from "../adapters/docker.js";
import type { FileStore } from "../adapters/files.js";
import type { Git } from "../adapters/git.js";
import type { KeyRecord } from "../adapters/key-record.js";
import type { Kubectl } from "../adapters/kubectl.js";
import type { Lock } from "../adapters/lock.js";
import type { Mysql } from "../adapters/mysql.js";
import type { Postgres, PreflightResult } from "../adapters/postgres.js";
import type { Clock, Logger } from "../adapters/runtime.js";
import type { S3Probe } from "../adapters/s3.js";
import type { AppFacts } from "../core/app.js";
import type { FrontendTarget } from "../core/app-plan.js";
import type { JwtKeyPair } from "../core/auth-keys.js";
import type { InstanceRef } from "../core/layout.js";
import type { UrlSource } from "../core/urls.js";
import type { TargetModule } from "../targets/index.js";
import type { FetchSeedArtifact } from "./github-seams.js";

/** Makes the images present (pull, or restore from a cache); stops when `signal` aborts. */
export type EnsureImages = (
  images: readonly string[],
  signal: AbortSignal,
  warn: (message: string) => void,
) => Promise<void>;

export interface SetupDeps {
  docker: Docker;
  files: FileStore;
  convexCli: ConvexCli;
  /** Absent: the Postgres preflight is skipped. */
  postgres?: Postgres;
  /** Absent: the S3 storage preflight is skipped. */
  s3?: S3Probe;
  /** Absent: the MySQL preflight is skipped. */
  mysql?: Mysql;
  admin: (baseUrl: string) => ConvexAdmin;
  /** HTTP for the checks that are not admin API calls (verify); default: global fetch. */
  fetch?: FetchLike;
  logger: Logger;
  clock: Clock;
  /** The environment of this process (for the child processes and the convex CLI). */
  env: Readonly<Record<string, string | undefined>>;
  /** Base for a relative working-directory. */
  cwd: string;
  /** Default: `docker pull` each image (pullAll). */
  ensureImages?: EnsureImages;
  /** Reads what the app is (adapters/app-reader.ts readApp), confined to the repository root. */
  readApp: (
    workingDirectory: string,
    root: string,
    files: FileStore,
    /** frontendDirs (absolute): the frontends whose own code is read for the URL variables it uses. */
    options?: { frontendDirs?: readonly string[] },
  ) => Promise<AppFacts>;
  /** Absent: no repository checks (no boundary from git, no committed-secret check). */
  git?: Git;
  /** The outer boundary of what may be read or written (GITHUB_WORKSPACE in CI); default git's top level. */
  workspace?: string;
  /**
   * In CI a committed secret stops the run (elsewhere it is a warning), and so does a key on disk
   * that came neither from an input nor from this tool's own earlier run (keyRecord).
   */
  ci?: boolean;
  /** What this tool wrote in earlier runs, kept outside the repository; absent: nothing recorded. */
  keyRecord?: KeyRecord;
  /** Aborted on SIGINT/SIGTERM: the run stops between phases and its children are stopped. */
  stop?: AbortSignal;
  /** One run per working directory; absent: no lock. */
  lock?: (dir: string, notice: (message: string) => void) => Promise<Lock>;
  /**
   * Called once the compose file is about to be written, before anything starts: from then on
   * there is something to tear down. The action records it as the post step's state.
   */
  onTeardownState?: (state: InstanceRef) => void;
  /** target kubernetes: kubectl with the runner's kubeconfig. */
  kubectl?: Kubectl;
  /** The targets to pick from by `config.target`; default TARGETS (src/targets/index.ts). */
  targets?: Readonly<Record<string, TargetModule>>;
  /** seed-artifact: downloads and unpacks a backup ZIP from a workflow artifact; absent: not available. */
  fetchSeedArtifact?: FetchSeedArtifact | undefined;
  /** The wall-clock time (what the last `up` records); default: now. */
  date?: () => Date;
  /** Whether a host port is free (compose's ports check); default: binding 127.0.0.1:port. */
  portFree?: (port: number) => Promise<boolean>;
  /** Makes an RSA-2048 key pair for @convex-dev/auth; default generateJwtKey (node's crypto). */
  generateJwtKey?: () => Promise<JwtKeyPair>;
}

/** How a phase reports: log lines, and warnings that also reach the result (and the job summary). */
export interface Reporter {
  logger: Logger;
  warn(message: string): void;
}

/** Where a key came from. */
export type KeySource = "input" | "reused" | "generated";

export interface SetupResult {
  apiUrl: string;
  siteUrl: string;
  dashboardUrl: string;
  /** The API as this host reaches it (CONVEX_SELF_HOSTED_URL). */
  hostApiUrl: string;
  urlSource: UrlSource;
  adminKey: string;
  adminKeySource: "computed" | "container";
  instanceName: string;
  postgresDatabase: string | undefined;
  postgres: PreflightResult | undefined;
  /** The MySQL database the backend uses instead of Postgres (undefined otherwise). */
  mysqlDatabase?: string | undefined;
  workingDirectory: string;
  envFile: string;
  composeFile: string;
  composeProject: string;
  /** target kubernetes: the namespace of the instance. */
  namespace: string | undefined;
  /** target kubernetes, render-only: the manifests written. */
  manifestFile: string | undefined;
  deployed: boolean;
  /** seed-function or seed-import ran in this run (a new deployment, or seed-always). */
  seeded: boolean;
  /** The verify phase's checks (empty with verify: false). */
  verified: Array<{ name: string; ok: boolean; detail: string }>;
  keySources: {
    instanceSecret: KeySource;
    jwtKey: KeySource | "none";
    /** Better Auth's BETTER_AUTH_SECRET ("yours": the user sets it in env-vars; "none": no Better Auth). */
    betterAuthSecret?: KeySource | "yours" | "none";
  };
  /** The frontends whose .env.local got the backend's URL, with their framework. */
  frontends: FrontendTarget[];
  /** Deployment variables set (names only). */
  deploymentVariables: string[];
  /** Files this run created or changed (absolute paths). */
  written: string[];
  /** Milliseconds per phase, in order. */
  timings: Array<[string, number]>;
  warnings: string[];
}
