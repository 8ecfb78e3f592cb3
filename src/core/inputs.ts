/**
 * Every input of the action (and flag of `setup-coder-convex up`), declared once: its kind,
 * choices, range and default drive the parser (core/config/read-inputs.ts), action.yml is
 * generated from it and checked by a test.
 */
import { MYSQL_SSL_MODES } from "./mysql-url.js";
import { SSL_MODES } from "./postgres-url.js";

/** Where the backend runs (the `target` input's choices). */
export const TARGETS = ["compose", "connect", "kubernetes"] as const;
export type TargetName = (typeof TARGETS)[number];

export interface InputSpec {
  name: string;
  description: string;
  /** Default as the action sees it (a string); undefined = empty. */
  default?: string;
  /** port: a whole number from 1 to 65535; multiline: kept as given (line numbers, a PEM's layout). */
  kind: "string" | "boolean" | "port" | "integer" | "enum" | "multiline";
  /** enum: the values taken (an invalid value reads as the first). */
  choices?: readonly string[];
  /** integer: the smallest and largest whole number taken. */
  min?: number;
  max?: number;
  /** The targets this input means something with; given with another one it is refused. */
  targets?: readonly TargetName[];
  /** Said instead of "(target is ...)" when the input is given with another target. */
  offTargetNote?: string;
  /**
   * Given with another target it is ignored and not checked, not refused: these were always
   * accepted there (a workflow or `down --namespace` may carry them whatever the target).
   */
  ignoredOffTarget?: true;
}

export const INPUTS = [
  {
    name: "command",
    kind: "enum",
    choices: ["up", "down", "backup", "restore", "upgrade", "prune"],
    default: "up",
    description:
      "up (set up, configure, deploy), down (remove the instance set up before: with compose its containers and data volume in working-directory, with kubernetes its labelled objects and volume; with drop-database its database too), e.g. on pull_request: closed; backup (a snapshot ZIP of the running deployment, made with the app's convex CLI, to backup-file) or restore (import a backup-file with `convex import --replace-all`; needs confirm-restore: true when the deployment holds data); upgrade (compose or kubernetes: back up, change the backend and dashboard images to release together, wait for the backend's migrations, verify and deploy; on a failure the old images come back, with the backup's data if the database moved); prune (remove this repository's pull request previews whose pull request is closed or, with max-age, that are older: on a schedule).",
  },
  {
    name: "target",
    kind: "enum",
    choices: TARGETS,
    default: "compose",
    description:
      "Where the backend runs: compose (started here with docker compose), connect (already running elsewhere: a Coder sidecar, a Helm release; give convex-url, site-url and instance-secret or admin-key), or kubernetes (one instance per instance-name in namespace, applied with kubectl and the runner's kubeconfig).",
  },
  {
    name: "admin-key",
    kind: "string",
    targets: ["connect"],
    offTargetNote: "with compose the key is computed from the instance secret",
    description: "target: connect only: the backend's admin key (instead of instance-secret).",
  },
  {
    name: "namespace",
    kind: "string",
    targets: ["kubernetes"],
    ignoredOffTarget: true,
    default: "convex-previews",
    description: "target: kubernetes: the namespace of the instance's objects (created when missing).",
  },
  {
    name: "ingress-host",
    kind: "string",
    targets: ["kubernetes"],
    description:
      "target: kubernetes: host name template with {instance}, e.g. {instance}.preview.example.com: the API at that host, the site proxy at {instance}-site..., the dashboard at {instance}-dashboard.... Without it the API is reached through kubectl port-forward during the run.",
  },
  {
    name: "ingress-class",
    kind: "string",
    targets: ["kubernetes"],
    description: "target: kubernetes: the Ingress's ingressClassName (default: the cluster's default class).",
  },
  {
    name: "ingress-tls-secret",
    kind: "string",
    targets: ["kubernetes"],
    description:
      "target: kubernetes: a TLS Secret in namespace for the Ingress hosts; the URLs are https when given, http otherwise.",
  },
  {
    name: "volume-size",
    kind: "string",
    targets: ["kubernetes"],
    ignoredOffTarget: true,
    default: "1Gi",
    description:
      "target: kubernetes: size of the backend's data volume (a PersistentVolumeClaim of the cluster's default storage class).",
  },
  {
    name: "render-only",
    kind: "boolean",
    targets: ["kubernetes"],
    default: "false",
    description:
      "target: kubernetes: write the manifests to convex-kubernetes.yaml (mode 0600: it holds the Secret) for your own tools (Argo CD, Flux, Helm) and stop; nothing is applied.",
  },
  {
    name: "network-policy",
    kind: "boolean",
    targets: ["kubernetes"],
    default: "false",
    description:
      "target: kubernetes: also apply a NetworkPolicy to the instance's pods: in, only the backend's and the dashboard's ports; out, anywhere but link-local addresses (a cloud's instance metadata service). Needs a network plugin that enforces policies; give it to command: down as well, so that the policy goes with the instance.",
  },
  {
    name: "working-directory",
    kind: "string",
    default: ".",
    description: "Directory of the Convex app (holds package.json and convex/). Files are written here.",
  },
  {
    name: "convex-url",
    kind: "string",
    description: "Public URL of the backend API (port 3210). Set together with site-url to skip derivation.",
  },
  {
    name: "site-url",
    kind: "string",
    description:
      "Public URL of the site proxy (port 3211: HTTP actions and auth). Set together with convex-url.",
  },
  { name: "dashboard-url", kind: "string", description: "Public URL of the dashboard (port 6791)." },
  {
    name: "url-style",
    kind: "enum",
    choices: ["app", "port"],
    default: "app",
    description:
      "Coder URL style: `app` (subdomain apps by slug) or `port` (forwarded ports, 3210--agent--workspace--owner).",
  },
  {
    name: "coder-wildcard-domain",
    kind: "string",
    description:
      "Coder wildcard access domain (*.apps.example.com or *-apps.example.com), used when VSCODE_PROXY_URI is absent or path-style.",
  },
  { name: "api-slug", kind: "string", default: "convex-api", description: "Coder app slug of the API." },
  {
    name: "site-slug",
    kind: "string",
    default: "convex-site",
    description: "Coder app slug of the site proxy.",
  },
  {
    name: "dashboard-slug",
    kind: "string",
    default: "convex-dashboard",
    description: "Coder app slug of the dashboard.",
  },
  {
    name: "frontend-directories",
    kind: "multiline",
    description:
      "Frontend folders (one per line, relative like working-directory) whose .env.local gets the backend's URL under its framework's names. Default: the working directory when its package.json has a framework.",
  },
  {
    name: "frontend-url",
    kind: "string",
    description:
      "URL of the frontend, set as the deployment's SITE_URL for @convex-dev/auth (OAuth and magic-link redirects), Better Auth (trustedOrigins) and any app whose functions read SITE_URL, and as the frontend's own <prefix>SITE_URL when its code reads one. Default: the framework's dev port, in Coder through its port URL; none for Expo.",
  },
  {
    name: "frontend-port",
    kind: "port",
    description:
      "Port of the frontend's dev server for the default frontend-url. Default: the framework's (5173 Vite/SvelteKit, 3000 Next.js and others).",
  },
  {
    name: "auth",
    kind: "enum",
    choices: ["auto", "convex-auth", "better-auth", "none"],
    default: "auto",
    description:
      "Keys and variables for the app's auth: auto (@convex-dev/auth when the package holding convex/ depends on it; Better Auth when it depends on @convex-dev/better-auth or its code uses it), convex-auth, better-auth, or none (e.g. Clerk: nothing generated).",
  },
  {
    name: "postgres-url",
    kind: "string",
    description:
      "Postgres URL for the backend. Defaults to DATABASE_URL, POSTGRES_URI, then POSTGRES_URL; none of them (or the word none) means the backend's embedded SQLite.",
  },
  {
    name: "postgres-sslmode",
    kind: "enum",
    choices: SSL_MODES,
    default: "disable",
    description:
      "sslmode put on the Postgres URL: disable, require (certificate verified by the backend), prefer, or keep the URL's own.",
  },
  {
    name: "mysql-url",
    kind: "string",
    description:
      "MySQL URL for the backend (MySQL 8.0.17 or newer), mysql://USER:PASSWORD@HOST:3306, instead of Postgres. Defaults to MYSQL_URL; the word none ignores it. Refused together with a Postgres URL.",
  },
  {
    name: "mysql-ssl-mode",
    kind: "enum",
    choices: MYSQL_SSL_MODES,
    default: "disable",
    description:
      "TLS to MySQL: disable, require (the backend verifies the certificate and host name), or keep the URL's own require_ssl, verify_ca, verify_identity.",
  },
  {
    name: "postgres-preflight",
    kind: "boolean",
    default: "true",
    description:
      "Connect to the database (Postgres or MySQL) before starting the backend, check it and report problems clearly.",
  },
  {
    name: "create-database",
    kind: "boolean",
    default: "true",
    description: "Create the backend's database (instance name with - as _) when it is missing.",
  },
  {
    name: "drop-database",
    kind: "boolean",
    default: "false",
    description:
      "command: down: also drop the instance's Postgres or MySQL database; refused unless instance-name starts with preview-prefix. command: prune: also drop the database of each preview it removes (named from that preview's instance name, which must start with preview-prefix).",
  },
  {
    name: "preview-prefix",
    kind: "string",
    default: "pr-",
    description:
      "The prefix an instance-name must carry for drop-database to drop its database, so a production database is never dropped.",
  },
  {
    name: "backup-file",
    kind: "string",
    description:
      "command: backup (and upgrade, which backs up first): where to write the snapshot ZIP (a .zip path; default .convex-backups/<instance-name>-<UTC time>.zip in working-directory, git-ignored), never over an existing file. command: restore: the ZIP to import. The deployment's variables are in <name>.env.json next to it.",
  },
  {
    name: "include-file-storage",
    kind: "boolean",
    default: "false",
    description:
      "command: backup and upgrade: put the deployment's stored files in the ZIP too (`convex export --include-file-storage`).",
  },
  {
    name: "include-env-values",
    kind: "boolean",
    default: "false",
    description:
      "command: backup: save the deployment variables' values (secrets) in <name>.env.json, written with mode 0600, not only their names; restore then sets them again.",
  },
  {
    name: "confirm-restore",
    kind: "boolean",
    default: "false",
    description:
      "command: restore: replace the data of a deployment that holds documents (every table is replaced by the backup's). Without it, restore only fills an empty deployment. CLI: --yes.",
  },
  {
    name: "release",
    kind: "string",
    description:
      "command: upgrade: the get-convex/convex-backend release to upgrade to (a tag or commit SHA): the images ghcr.io/get-convex/convex-backend and convex-dashboard with that tag. Or give backend-image and dashboard-image (the same tag) instead.",
  },
  {
    name: "max-age",
    kind: "string",
    description:
      "command: prune: also remove previews created longer ago than this, whatever their pull request's state: a whole number and a unit, m, h, d or w (7d, 36h).",
  },
  {
    name: "dry-run",
    kind: "boolean",
    default: "false",
    description:
      "command: upgrade: print the plan (the images now and after, the backup file, the steps) and change nothing; command: prune: list what would be removed, and why, and remove nothing.",
  },
  {
    name: "instance-name",
    kind: "string",
    default: "app",
    description:
      "Backend instance name: prefix of the admin key and (with - as _) the Postgres database name.",
  },
  {
    name: "instance-secret",
    kind: "string",
    description: "64 hex characters. Default: reuse the one in .env.convex.local, else generate one.",
  },
  {
    name: "better-auth-secret",
    kind: "string",
    description:
      "BETTER_AUTH_SECRET for a Better Auth app (at least 32 characters). Default: reuse the one kept (compose and connect: .env.convex.local; kubernetes: the instance's Secret), else generate 32 random bytes (base64). A value differing from the kept one is refused.",
  },
  {
    name: "backend-image",
    kind: "string",
    description: "Backend image. Default: ghcr.io/get-convex/convex-backend pinned to a tested release.",
  },
  {
    name: "dashboard-image",
    kind: "string",
    description: "Dashboard image. Default: ghcr.io/get-convex/convex-dashboard at the same release.",
  },
  { name: "dashboard", kind: "boolean", default: "true", description: "Run the dashboard container." },
  {
    name: "metrics-endpoint",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    ignoredOffTarget: true,
    default: "false",
    description:
      "Serve the backend's Prometheus /metrics endpoint on the API port (DISABLE_METRICS_ENDPOINT=false). Off by default: the API port may be reachable by anyone (a public Coder app, an Ingress). With target connect the backend's settings are made where it runs.",
  },
  { name: "api-port", kind: "port", default: "3210", description: "Host port of the API." },
  { name: "site-port", kind: "port", default: "3211", description: "Host port of the site proxy." },
  { name: "dashboard-port", kind: "port", default: "6791", description: "Host port of the dashboard." },
  {
    name: "document-retention",
    kind: "integer",
    min: 60,
    max: 31536000,
    description:
      "Seconds the backend keeps old versions of documents (DOCUMENT_RETENTION_DELAY). Default: the backend's own, 14 days (upstream's compose file sets 2 days).",
  },
  {
    name: "disable-beacon",
    kind: "boolean",
    default: "false",
    description: "Turn off the backend's anonymous usage beacon (DISABLE_BEACON).",
  },
  {
    name: "redact-logs-to-client",
    kind: "boolean",
    default: "false",
    description:
      "Clients get \"Server Error\" instead of the function's error and log lines (REDACT_LOGS_TO_CLIENT); the backend's own log keeps them.",
  },
  {
    name: "log-level",
    kind: "string",
    description:
      "The backend's log filter (RUST_LOG): a level (error, warn, info, debug, trace) or target=level directives, e.g. info,database=debug. Default: the backend's own, info.",
  },
  {
    name: "backend-env",
    kind: "multiline",
    description:
      "Other backend settings, one NAME=value per line (e.g. HTTP_SERVER_TIMEOUT_SECONDS=300), checked against the names the pinned backend release reads; applied the same with compose and kubernetes. No secrets: they are written in clear into the compose file and manifests.",
  },
  {
    name: "s3-exports-bucket",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage (with the four other s3-*-bucket inputs, all or none): the bucket of snapshot exports (S3_STORAGE_EXPORTS_BUCKET). Without the buckets the backend keeps its files on its data volume. See docs/storage.md.",
  },
  {
    name: "s3-files-bucket",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the bucket of the app's stored files (S3_STORAGE_FILES_BUCKET).",
  },
  {
    name: "s3-modules-bucket",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the bucket of the deployed functions' code (S3_STORAGE_MODULES_BUCKET).",
  },
  {
    name: "s3-search-bucket",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the bucket of search index snapshots (S3_STORAGE_SEARCH_BUCKET).",
  },
  {
    name: "s3-snapshot-imports-bucket",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the bucket of `convex import` uploads (S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET).",
  },
  {
    name: "s3-endpoint",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the S3 API's base URL for MinIO, Cloudflare R2 and other S3-compatible stores (S3_ENDPOINT_URL). Default: AWS S3. With compose, localhost here is reached from the container as host.docker.internal.",
  },
  {
    name: "s3-region",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the region (AWS_REGION), e.g. eu-west-1 (MinIO: us-east-1, R2: auto). Default: the environment's AWS_REGION.",
  },
  {
    name: "s3-force-path-style",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    default: "false",
    description:
      "target: compose or kubernetes: S3 storage: address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint> (AWS_S3_FORCE_PATH_STYLE), as MinIO usually needs.",
  },
  {
    name: "s3-disable-sse",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    default: "false",
    description:
      "target: compose or kubernetes: S3 storage: do not ask for server-side encryption (AES256) on uploads (AWS_S3_DISABLE_SSE), for stores that refuse the header.",
  },
  {
    name: "s3-disable-checksums",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    default: "false",
    description:
      "target: compose or kubernetes: S3 storage: send no CRC32 checksums with uploads (AWS_S3_DISABLE_CHECKSUMS), for stores that do not support them.",
  },
  {
    name: "s3-access-key-id",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the access key id (from a secret). Default: the environment's AWS_ACCESS_KEY_ID. Masked; kept only in .env.convex.local (mode 0600) or the instance's Secret.",
  },
  {
    name: "s3-secret-access-key",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: the secret access key (from a secret), with s3-access-key-id. Default: the environment's AWS_SECRET_ACCESS_KEY. Masked, never written into the compose file.",
  },
  {
    name: "s3-session-token",
    kind: "string",
    targets: ["compose", "kubernetes"],
    description:
      "target: compose or kubernetes: S3 storage: a session token for temporary keys given as inputs (the environment's AWS_SESSION_TOKEN goes with the environment's keys). The backend stops reaching its storage when it expires.",
  },
  {
    name: "s3-preflight",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    ignoredOffTarget: true,
    default: "true",
    description:
      "target: compose or kubernetes: S3 storage: ask for every bucket (HeadBucket, signed with the credentials) before anything starts, and stop with a clear error when one is missing or refused. Turn off when only the backend can reach the endpoint.",
  },
  {
    name: "jwt-private-key",
    kind: "multiline",
    description:
      "RSA private key for @convex-dev/auth (PEM, PKCS#8 or PKCS#1, or base64). Default: reuse jwt_private_key.pem, else generate.",
  },
  {
    name: "env-vars",
    kind: "multiline",
    description: "Deployment environment variables, one KEY=VALUE per line, set before deploying.",
  },
  {
    name: "deploy",
    kind: "boolean",
    default: "true",
    description: "Run `convex deploy` with the project's own convex CLI.",
  },
  {
    name: "deploy-args",
    kind: "string",
    description: "Extra arguments for `convex deploy`, split like a shell would (no shell runs).",
  },
  {
    name: "seed-function",
    kind: "string",
    description:
      "A Convex function run with `convex run` after the first deploy of a new deployment (e.g. seed:init), to give a preview data.",
  },
  {
    name: "seed-args",
    kind: "string",
    description: "Arguments of seed-function, as a JSON object (default {}).",
  },
  {
    name: "seed-import",
    kind: "string",
    description:
      "A snapshot ZIP (all tables) or a .jsonl/.json/.csv file (the table named after the file) in the repository, imported with `convex import` after the first deploy of a new deployment.",
  },
  {
    name: "seed-artifact",
    kind: "string",
    description:
      "The name of a workflow artifact holding a backup ZIP (command: backup's, uploaded with actions/upload-artifact), downloaded with github-token (actions: read) and imported like seed-import: real data in a preview. Its contents are data only; the ZIP is unpacked with its paths and size checked. See docs/seed.md on privacy and seed-scrub.",
  },
  {
    name: "seed-artifact-run-id",
    kind: "string",
    description:
      "seed-artifact: the workflow run whose artifact to take (its numeric id); default: the newest unexpired artifact of that name in the repository.",
  },
  {
    name: "seed-scrub",
    kind: "string",
    description:
      "A function run with `convex run` right after seed-import or seed-artifact (before seed-function), e.g. internal/scrub:run, to remove or mask personal data before anyone uses the preview; if it fails, the step fails and says the data is there unscrubbed.",
  },
  {
    name: "seed-always",
    kind: "boolean",
    default: "false",
    description:
      "Seed on every run, not only when the deployment is new (an import then replaces the tables it holds).",
  },
  {
    name: "verify",
    kind: "boolean",
    default: "true",
    description:
      "Last phase: check the API, the admin key, the deployment's variables and (for @convex-dev/auth) the site proxy's auth discovery from this host, and in Coder the public URLs.",
  },
  {
    name: "wait-timeout",
    kind: "integer",
    min: 1,
    max: 3600,
    default: "120",
    description: "Seconds to wait for the backend to answer /version.",
  },
  {
    name: "export-env",
    kind: "boolean",
    default: "true",
    description:
      "Export CONVEX_SELF_HOSTED_URL (the API on this host), CONVEX_SELF_HOSTED_ADMIN_KEY, CONVEX_CLOUD_ORIGIN, CONVEX_SITE_ORIGIN and each frontend's <prefix>CONVEX_URL / <prefix>CONVEX_SITE_URL to later steps.",
  },
  {
    name: "cleanup",
    kind: "boolean",
    targets: ["compose", "kubernetes"],
    ignoredOffTarget: true,
    description:
      "Post step: print the backend's logs (collapsed), then remove the instance (compose: `docker compose down --volumes`; kubernetes: its objects and volume). Default: true with compose, false with kubernetes (a preview outlives the job); never with connect.",
  },
  {
    name: "cache-images",
    kind: "boolean",
    default: "false",
    description:
      "Save and restore the images with the Actions cache (measure before turning on: pulling is often faster).",
  },
  {
    name: "comment",
    kind: "boolean",
    default: "true",
    description:
      "On a pull_request or pull_request_target event: keep one comment per preview on the pull request (URLs, commit, state, time; never a secret) and a GitHub deployment in environment preview/<name>. Needs `permissions: pull-requests: write, deployments: write`; without them (a fork's read-only token) one warning, and the step goes on.",
  },
  {
    name: "github-token",
    kind: "string",
    // An Actions expression, evaluated by the runner: the job's GITHUB_TOKEN.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: not a template literal
    default: "${{ github.token }}",
    description:
      "The token for GitHub's REST API (masked): the pull request's comment and deployment (permissions: pull-requests: write, deployments: write), command: prune's pull request states (pull-requests: read), seed-artifact's download (actions: read). Default: the job's GITHUB_TOKEN. The action's only: the command line asks GitHub nothing.",
  },
  {
    name: "project-name",
    kind: "string",
    description:
      "Compose project name. Default: convex-<directory name>. Give each instance on one host its own.",
  },
] as const satisfies readonly InputSpec[];

export type InputName = (typeof INPUTS)[number]["name"];

type InputValue<S> = S extends { kind: "boolean" }
  ? boolean
  : S extends { kind: "port" | "integer" }
    ? number
    : S extends { choices: readonly (infer C)[] }
      ? C
      : string;

/** Every input read into its kind's type; undefined when neither given nor defaulted. */
export type InputValues = {
  [S in (typeof INPUTS)[number] as S["name"]]: S extends { default: string }
    ? InputValue<S>
    : InputValue<S> | undefined;
};

export const OUTPUTS = [
  { name: "convex-url", description: "Public URL of the backend API." },
  { name: "site-url", description: "Public URL of the site proxy (HTTP actions, auth issuer)." },
  { name: "dashboard-url", description: "Public URL of the dashboard." },
  {
    name: "admin-key",
    description: "Admin key (masked). Job outputs holding masked values are dropped between jobs.",
  },
  { name: "instance-name", description: "Backend instance name." },
  { name: "postgres-database", description: "Postgres database the backend uses (empty with SQLite)." },
  { name: "mysql-database", description: "MySQL database the backend uses (empty with Postgres or SQLite)." },
  {
    name: "env-file",
    description:
      "Path of .env.convex.local (empty with target kubernetes, which keeps the instance secret in its Secret, and with connect).",
  },
  { name: "compose-file", description: "Path of docker-compose.convex.yml." },
  { name: "compose-project", description: "Compose project name." },
  { name: "deployed", description: "`true` when `convex deploy` ran and succeeded." },
  { name: "seeded", description: "`true` when seed-function or seed-import ran in this run." },
  {
    name: "manifest-file",
    description: "target: kubernetes: path of the manifests written (convex-kubernetes.yaml).",
  },
  { name: "namespace", description: "target: kubernetes: the namespace of the instance." },
  {
    name: "comment-url",
    description: "The preview's comment on the pull request (empty when none was written).",
  },
  {
    name: "deployment-id",
    description: "The id of the preview's GitHub deployment (empty when none was written).",
  },
  {
    name: "backup-file",
    description:
      "command: backup: the snapshot ZIP written (the variables are in the .env.json next to it); command: upgrade: the backup taken before the images changed; empty otherwise.",
  },
] as const;

export type OutputName = (typeof OUTPUTS)[number]["name"];

/**
 * Variables exported to later steps when export-env is on (values: core/client-env.ts), besides
 * each frontend's `<prefix>CONVEX_URL` and `<prefix>CONVEX_SITE_URL`.
 */
export const EXPORTED_ENV = [
  "CONVEX_SELF_HOSTED_URL",
  "CONVEX_SELF_HOSTED_ADMIN_KEY",
  "CONVEX_CLOUD_ORIGIN",
  "CONVEX_SITE_ORIGIN",
] as const;

export type ExportedName = (typeof EXPORTED_ENV)[number];
