/** renderCompose's options as the tests give them: an app on this host's default ports, changed by `overrides`. */
import type { ComposeOptions } from "../../src/core/compose.js";

export function composeOptions(overrides: Partial<ComposeOptions> = {}): ComposeOptions {
  return {
    projectName: "app",
    dashboard: false,
    ports: { api: 3210, site: 3211, dashboard: 6791 },
    instanceName: "app",
    cloudOrigin: "http://127.0.0.1:3210",
    siteOrigin: "http://127.0.0.1:3211",
    dashboardDeploymentUrl: "http://127.0.0.1:3210",
    envFile: "./.env.convex.local",
    doNotRequireSsl: false,
    ...overrides,
  };
}
