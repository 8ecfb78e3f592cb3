/**
 * What the app is, read from its files: the frontend framework(s) and the variable names the
 * convex CLI would write for them, the package manager, the workspace root, the functions folder,
 * the kind of auth (@convex-dev/auth, Better Auth, Clerk, ...), the variables auth.config reads, the
 * convex-auth providers and the secrets their naming rules call for, the components, the env vars
 * the functions read, and the URL variables a frontend's own code reads.
 *
 * Pure: the input is an in-memory view of the files ({@link AppFiles}); `adapters/app-reader.ts`
 * collects it from disk. Paths are POSIX and relative to the repository root ("." is the root).
 * One module a concern under core/app/; source files are read with core/ast.ts.
 */
export { type AuthKind, BETTER_AUTH_PACKAGE, detectAuth } from "./app/auth-kind.js";
export { componentsUsed } from "./app/components.js";
export { type ConvexJson, functionsDir, parseConvexJson } from "./app/convex-json.js";
export { type AppFacts, type AppFiles, describeApp, type Frontend } from "./app/describe-app.js";
export { authConfigEnvVars, type EnvRead, envVarsRead } from "./app/env-reads.js";
export { detectFramework, FRAMEWORKS, type Framework, type FrameworkId } from "./app/frameworks.js";
export { FRONTEND_SOURCE_FILE, frontendEnvReads, isUrlVariable } from "./app/frontend-env.js";
export { type PackageJson, parsePackageJson, tryParsePackageJson } from "./app/package-json.js";
export { type PackageManagerFacts, packageManagerOf } from "./app/package-manager.js";
export {
  type AuthProvider,
  authProviders,
  oauthCallbackUrl,
  type ProviderKind,
  providerEnvPrefix,
} from "./app/providers.js";
export {
  findWorkspaceRoot,
  isWorkspaceMember,
  matchesWorkspacePattern,
  workspacePatterns,
} from "./app/workspaces.js";
