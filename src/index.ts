/**
 * setup-coder-convex as a library: the pure modules (no I/O) and the orchestrator.
 * Internals (adapters' implementations, the action and CLI shells) are not exported.
 */
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
export {
  type ComposeOptions,
  DEFAULT_BACKEND_IMAGE,
  DEFAULT_DASHBOARD_IMAGE,
  DEFAULT_RELEASE,
  deriveOriginForwards,
  deriveProjectName,
  renderCompose,
} from "./core/compose.js";
export { type Config, parseConfig, type RawInputs, splitArgs } from "./core/config.js";
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
  deriveDatabaseName,
  type NormalizedPostgresUrl,
  normalizePostgresUrl,
  POSTGRES_ENV_VARS,
  redactPostgresUrl,
  type SelectedPostgresUrl,
  SSL_MODES,
  type SslMode,
  selectPostgresUrl,
} from "./core/postgres-url.js";
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
