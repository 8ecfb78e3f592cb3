/** buildManifests' input as the kubernetes tests give it: a preview pr-42 of acme/shop, changed by `overrides`. */
import type { ManifestInput } from "../../src/core/kubernetes.js";

export function manifestInput(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return {
    instanceName: "pr-42",
    namespace: "previews",
    images: {
      backend: "ghcr.io/get-convex/convex-backend:abc",
      dashboard: "ghcr.io/get-convex/convex-dashboard:abc",
    },
    dashboard: true,
    cloudOrigin: "https://pr-42.preview.example.com",
    siteOrigin: "https://pr-42-site.preview.example.com",
    dashboardDeploymentUrl: "https://pr-42.preview.example.com",
    instanceSecret: "ab".repeat(32),
    postgresUrl: undefined,
    doNotRequireSsl: false,
    jwtPrivateKeyPem: undefined,
    volumeSize: "1Gi",
    ingress: undefined,
    owner: "acme/shop",
    ...overrides,
  };
}
