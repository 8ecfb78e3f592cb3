/** The typed configuration that parseConfig builds (core/config.ts). */
import type { JwtKeyPair } from "../auth-keys.js";
import type { InputName, InputValues, TargetName } from "../inputs.js";
import type { MysqlSslMode, NormalizedMysqlUrl } from "../mysql-url.js";
import type { NormalizedPostgresUrl, SslMode } from "../postgres-url.js";
import type { S3Storage } from "../s3-storage.js";
import type { DerivedUrls, Ports } from "../urls.js";

/** A normalised Postgres URL with the database the backend will use. */
export type PostgresTarget = NormalizedPostgresUrl & { name: string };

/** A normalised MySQL URL with the database the backend will use. */
export type MysqlTarget = NormalizedMysqlUrl & { name: string };

export type RawInputs = Partial<Record<InputName, string | undefined>>;

/**
 * The configuration: the fields every target reads, and the options of the target chosen (an
 * option of another target has no field to go in). Narrow on `target` to read them.
 */
export type Config = CommonConfig & TargetOptions;

/** The configuration of one target (e.g. what the kubernetes target is made from). */
export type ConfigOf<T extends Target> = Config & { target: T };

/** The options that belong to one target, discriminated by `target`. */
export type TargetOptions =
  | { target: "compose" }
  | {
      target: "connect";
      /** target connect: the admin key given instead of the instance secret. */
      adminKey?: string;
    }
  | { target: "kubernetes"; kubernetes: KubernetesInput };

/** The fields of the configuration every target reads. */
export interface CommonConfig {
  workingDirectory: string;
  /** The public URLs, derived from the URL inputs and the environment. */
  publicUrls: DerivedUrls;
  postgres: {
    /** The normalised Postgres URL and database name, or undefined for the embedded SQLite. */
    url: PostgresTarget | undefined;
    sslmode: SslMode;
    preflight: boolean;
    createDatabase: boolean;
    /** command down: drop the instance's database (only with the preview prefix). */
    dropDatabase: boolean;
    previewPrefix: string;
  };
  /**
   * The MySQL URL instead of Postgres (never both); preflight, create-database, drop-database and
   * preview-prefix are those of `postgres`, which are the database's.
   */
  mysql: {
    url: MysqlTarget | undefined;
    sslMode: MysqlSslMode;
  };
  instanceName: string;
  instanceSecret?: string;
  /** better-auth-secret: BETTER_AUTH_SECRET of a Better Auth app, when given. */
  betterAuthSecret?: string;
  /** The key pair read from jwt-private-key, when given. */
  jwtKeyPair?: JwtKeyPair;
  images: { backend?: string; dashboard?: string };
  dashboard: boolean;
  /** Serve the backend's /metrics endpoint (DISABLE_METRICS_ENDPOINT=false); off by default. */
  metricsEndpoint: boolean;
  ports: Ports;
  envVars: Array<[string, string]>;
  deploy: boolean;
  deployArgs: string[];
  verify: boolean;
  waitTimeoutMs: number;
  exportEnv: boolean;
  cleanup: boolean;
  cacheImages: boolean;
  /** Speak on the pull request (the action, on a pull_request event): its comment and deployment. */
  comment: boolean;
  projectName?: string;
  frontend: {
    /** frontend-directories, as given (relative to the base folder); empty: the default. */
    directories: string[];
    /** frontend-url, normalised. */
    url: string | undefined;
    port: number | undefined;
    /** The frontend URL for a dev port (Coder-aware). */
    urlForPort: (port: number) => string;
  };
  auth: AuthInput;
  /** up: set up; down: remove what an earlier up set up (action input `command`). */
  command: InputValues["command"];
  /** Where the backend runs: started here (compose), already running (connect), or in a cluster. */
  target: Target;
  /** Data for a new deployment, after its first deploy. */
  seed: SeedInput;
  /** The backend's own settings as its environment (core/backend-settings.ts), compose and kubernetes alike. */
  backend: { env: Array<[string, string]> };
  /** S3 storage for the backend's files (the five s3-*-bucket inputs); undefined: its data volume. */
  storage?: S3Storage | undefined;
  /** command backup / restore (and upgrade's backup). */
  backup: BackupInput;
  /** command upgrade. */
  upgrade: UpgradeInput;
  /** command prune. */
  prune: PruneInput;
  /** github-token, else GITHUB_TOKEN / GH_TOKEN of the environment; undefined: none (prune, seed-artifact). */
  githubToken: string | undefined;
}

export interface UpgradeInput {
  /** release as given (a tag or commit SHA); undefined: backend-image and dashboard-image say it. */
  release: string | undefined;
  /** Print the plan, change nothing. */
  dryRun: boolean;
}

export interface PruneInput {
  /** max-age in milliseconds; undefined: only closed pull requests' previews go. */
  maxAgeMs: number | undefined;
  dryRun: boolean;
}

export interface BackupInput {
  /** backup-file as given (relative to the working directory); backup: undefined = the default name. */
  file: string | undefined;
  includeFileStorage: boolean;
  includeEnvValues: boolean;
  /** restore: replace the data of a deployment that holds documents. */
  confirmRestore: boolean;
}

export type AuthInput = InputValues["auth"];
export type Target = TargetName;

export interface KubernetesInput {
  namespace: string;
  /** The host template (with {instance}); undefined: no Ingress, port-forward during the run. */
  ingressHost: string | undefined;
  ingressClass: string | undefined;
  tlsSecret: string | undefined;
  volumeSize: string;
  renderOnly: boolean;
  /** Apply a NetworkPolicy with the instance (and remove it with it). */
  networkPolicy: boolean;
}

export interface SeedInput {
  /** A function path (module:export, or a folder path like admin/seed:run). */
  function: string | undefined;
  /** seed-args: a JSON object's text, validated. */
  args: string;
  /** A file in the repository, relative to the working directory. */
  import: string | undefined;
  /** seed-artifact: a workflow artifact holding a backup ZIP (and the run it is taken from). */
  artifact?: { name: string; runId: number | undefined } | undefined;
  /** seed-scrub: a function run right after the import. */
  scrub?: string | undefined;
  always: boolean;
}
