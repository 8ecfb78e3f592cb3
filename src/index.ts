/**
 * setup-coder-convex as a library: the pure modules (no I/O), and the whole pipeline
 * (`setup`, `teardown`, `removeInstance`, `findSetup`, `backup`, `restore`, `upgrade`) with `createSetupDeps`
 * building its real side effects.
 * The adapters' internals and the action and CLI shells are not exported.
 */
export { createSetupDeps } from "./adapters/index.js";
export type { Logger } from "./adapters/runtime.js";
export { type BackupResult, backup } from "./backup.js";
export {
  ADMIN_KEY_LINE_RE,
  type AdminKeyOptions,
  type DecodedAdminKey,
  decodeAdminKey,
  deriveAdminKey,
  generateInstanceSecret,
  isInstanceSecret,
  parseAdminKeyOutput,
} from "./core/admin-key.js";
export {
  deriveJwks,
  deriveJwtKeyPair,
  generateJwtKey,
  type JwtKeyPair,
  renderJwtPrivateKeyValue,
} from "./core/auth-keys.js";
export { BACKEND_ENV_NAMES } from "./core/backend-env-names.js";
export { checkLogLevel, deriveBackendEnv, parseBackendEnvInput } from "./core/backend-settings.js";
export { generateBetterAuthSecret } from "./core/better-auth.js";
export {
  deriveExportedEnv,
  deriveFrontendEnv,
  deriveHostApiUrl,
  type Endpoints,
  type FrontendNames,
  type FrontendVariable,
} from "./core/client-env.js";
export {
  type ComposeOptions,
  DEFAULT_BACKEND_IMAGE,
  DEFAULT_DASHBOARD_IMAGE,
  DEFAULT_RELEASE,
  deriveOriginForwards,
  deriveProjectName,
  renderCompose,
} from "./core/compose.js";
export {
  type Config,
  type ConfigOf,
  type MysqlTarget,
  type PostgresTarget,
  parseBoolean,
  parseConfig,
  type RawInputs,
  splitArgs,
} from "./core/config.js";
export {
  BUILTIN_NAMES,
  buildDeploymentChanges,
  type EnvChange,
  findDeploymentEnvProblems,
  MANAGED_DEPLOYMENT_NAMES,
  parseEnvVarsInput,
} from "./core/deployment-env.js";
export {
  type EnvLine,
  envValues,
  isEnvKey,
  type MergeResult,
  mergeEnvFile,
  parseEnvFile,
  renderEnvEntry,
  renderEnvFile,
  renderEnvValue,
  splitUserSection,
} from "./core/env-file.js";
export { ConfigError, type ConfigProblem, SetupError } from "./core/errors.js";
export { mergeGitignore } from "./core/gitignore.js";
export { EXPORTED_ENV, INPUTS, type InputSpec, OUTPUTS } from "./core/inputs.js";
export {
  buildManifests,
  deriveIngressHosts,
  deriveIngressUrls,
  deriveKubeNames,
  type IngressHosts,
  instanceSelector,
  type KubeNames,
  type Manifest,
  type ManifestInput,
  renderManifests,
} from "./core/kubernetes.js";
export {
  type ComposeFacts,
  type ComposeTarget,
  FILES,
  type InstanceRef,
  type KubernetesInstance,
  locate,
  parseComposeFacts,
  type TeardownState,
  USER_MARKER,
} from "./core/layout.js";
export {
  describeMysqlPlan,
  MYSQL_ENV_VARS,
  MYSQL_SSL_MODES,
  type MysqlSslMode,
  type MysqlTls,
  type NormalizedMysqlUrl,
  normalizeMysqlUrl,
  type SelectedMysqlUrl,
  selectMysqlUrl,
} from "./core/mysql-url.js";
export {
  deriveDatabaseName,
  describePostgresPlan,
  type NormalizedPostgresUrl,
  normalizePostgresUrl,
  POSTGRES_ENV_VARS,
  redactPostgresUrl,
  type SelectedPostgresUrl,
  SSL_MODES,
  type SslMode,
  selectPostgresUrl,
} from "./core/postgres-url.js";
export { deriveTargetPlan, type TargetPlan } from "./core/target-plan.js";
export {
  DEFAULT_PORTS,
  DEFAULT_SLUGS,
  type DerivedUrls,
  deriveUrls,
  isCoderWorkspace,
  normalizePublicUrl,
  type UrlOptions,
  type UrlSource,
  type UrlStyle,
} from "./core/urls.js";
export { type ExistingSetup, findSetup } from "./find-setup.js";
export { type RestoreResult, restore } from "./restore.js";
export {
  type EnsureImages,
  type KeySource,
  type SetupDeps,
  type SetupResult,
  setup,
} from "./setup.js";
export { removeInstance, type TeardownOptions, teardown } from "./teardown.js";
export { type RollbackOutcome, UpgradeError, type UpgradeResult, upgrade } from "./upgrade.js";
