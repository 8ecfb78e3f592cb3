/**
 * docker-compose.convex.yml for the backend, the dashboard and, when needed, an origin forwarder.
 * Secrets never appear in this file: the backend reads them from its env_file.
 */
import { Document } from "yaml";
import { DEFAULT_PORTS, isLocalUrl, type Ports } from "./urls.js";

/**
 * Backend and dashboard images pinned to one release: the head of get-convex/convex-backend's
 * `release` branch on 2026-08-21 (its release workflow publishes both images under that SHA; the
 * branch's npm-packages/convex is 1.45.0).
 */
export const DEFAULT_RELEASE = "652b828b5129e6cdbcaa3c20efa8d116d09ff3bf";
/** The convex npm version in that release's tree: the CLI to pin for no version skew. */
export const DEFAULT_RELEASE_CONVEX = "1.45.0";
/** Where the release workflow publishes the two images (one tag per release, the same for both). */
export const IMAGE_REPOSITORIES = {
  backend: "ghcr.io/get-convex/convex-backend",
  dashboard: "ghcr.io/get-convex/convex-dashboard",
} as const;
/** The official backend and dashboard images of one release (a tag or a commit SHA). */
export function releaseImages(release: string): { backend: string; dashboard: string } {
  return {
    backend: `${IMAGE_REPOSITORIES.backend}:${release}`,
    dashboard: `${IMAGE_REPOSITORIES.dashboard}:${release}`,
  };
}
export const DEFAULT_BACKEND_IMAGE = releaseImages(DEFAULT_RELEASE).backend;
export const DEFAULT_DASHBOARD_IMAGE = releaseImages(DEFAULT_RELEASE).dashboard;
/** Ports inside the containers; fixed by the images. */
export const CONTAINER_PORTS: Ports = { ...DEFAULT_PORTS };
export const BACKEND_SERVICE = "backend";
export const DASHBOARD_SERVICE = "dashboard";
export const FORWARDER_SERVICE = "origin-forwarder";

export interface ComposeOptions {
  projectName: string;
  backendImage?: string;
  dashboardImage?: string;
  dashboard: boolean;
  ports: Ports;
  instanceName: string;
  cloudOrigin: string;
  siteOrigin: string;
  /** The dashboard's backend URL as the browser sees it. */
  dashboardDeploymentUrl: string;
  /** The env file (relative to the compose file) holding INSTANCE_SECRET and POSTGRES_URL. */
  envFile: string;
  doNotRequireSsl: boolean;
  disableBeacon?: boolean;
  /** Serve the Prometheus /metrics endpoint on the API port (off by default: that port may be public). */
  metricsEndpoint?: boolean;
  /**
   * [listen, target] pairs from deriveOriginForwards: a forwarder in the backend's network
   * namespace listens on these ports, because the backend calls its own origins from inside.
   */
  originForwards?: ReadonlyArray<readonly [number, number]>;
  /** Extra hosts for the backend (e.g. host.docker.internal:host-gateway). */
  extraHosts?: readonly string[];
  /** The backend's settings (core/backend-settings.ts deriveBackendEnv), set last: they win. */
  backendEnv?: ReadonlyArray<readonly [string, string]>;
  /** Labels for every container and the data volume (a pull request's preview: core/preview.ts dockerPreviewLabels). */
  labels?: Readonly<Record<string, string>>;
}

/**
 * The [listen, target] port pairs the backend needs inside its container to reach its own
 * origins: an origin on this machine (localhost, 127.x, [::1]) whose port is not the container's
 * port answers nothing in there (docs/backend-facts.md#backend-container). Empty when no forwarder is needed.
 */
export function deriveOriginForwards(cloudOrigin: string, siteOrigin: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const [origin, target] of [
    [cloudOrigin, CONTAINER_PORTS.api],
    [siteOrigin, CONTAINER_PORTS.site],
  ] as const) {
    if (!isLocalUrl(origin)) continue;
    const url = new URL(origin);
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    if (port !== target && !pairs.some(([p]) => p === port)) pairs.push([port, target]);
  }
  return pairs;
}

/** The forwarder's program: listens on each host port and pipes to the container port. */
export function renderForwarderScript(pairs: ReadonlyArray<readonly [number, number]>): string {
  return [
    "const net=require('net');",
    `for(const [from,to] of ${JSON.stringify(pairs)}){`,
    "net.createServer(s=>{const c=net.connect(to,'127.0.0.1');s.pipe(c).pipe(s);",
    "s.on('error',()=>c.destroy());c.on('error',()=>s.destroy());}).listen(from);}",
  ].join("");
}

/** Compose interpolates `$` in the YAML itself: double it in values that reach a container. */
function literal(value: string): string {
  return value.replaceAll("$", "$$$$");
}

/** Renders the compose file as YAML text. */
export function renderCompose(options: ComposeOptions): string {
  // Published on loopback only: the backend and its admin API are not for the network.
  const bind = "127.0.0.1";
  const backendImage = options.backendImage ?? DEFAULT_BACKEND_IMAGE;
  const dashboardImage = options.dashboardImage ?? DEFAULT_DASHBOARD_IMAGE;
  const environment: Record<string, string> = {
    INSTANCE_NAME: literal(options.instanceName),
    CONVEX_CLOUD_ORIGIN: literal(options.cloudOrigin),
    CONVEX_SITE_ORIGIN: literal(options.siteOrigin),
  };
  // The backend treats ANY non-empty value as "on": the variable exists only when on.
  if (options.doNotRequireSsl) environment.DO_NOT_REQUIRE_SSL = "1";
  if (options.disableBeacon) environment.DISABLE_BEACON = "1";
  // A boolean the backend parses as true/false (crates/common knobs), unlike the flags above.
  environment.DISABLE_METRICS_ENDPOINT = options.metricsEndpoint ? "false" : "true";
  for (const [name, value] of options.backendEnv ?? []) environment[name] = literal(value);

  const backend: Record<string, unknown> = {
    image: backendImage,
    stop_signal: "SIGINT",
    stop_grace_period: "10s",
    ports: [
      `${bind}:${options.ports.api}:${CONTAINER_PORTS.api}`,
      `${bind}:${options.ports.site}:${CONTAINER_PORTS.site}`,
    ],
    volumes: ["data:/convex/data"],
    env_file: [options.envFile],
    environment,
    healthcheck: {
      test: ["CMD", "curl", "-f", `http://localhost:${CONTAINER_PORTS.api}/version`],
      interval: "2s",
      timeout: "5s",
      start_period: "10s",
      retries: 30,
    },
  };
  if (options.extraHosts?.length) backend.extra_hosts = [...options.extraHosts];
  const services: Record<string, unknown> = { [BACKEND_SERVICE]: backend };
  if (options.originForwards?.length) {
    services[FORWARDER_SERVICE] = {
      // The backend image ships Node.js (/usr/bin/node, for node actions): no extra image to pull.
      image: backendImage,
      network_mode: `service:${BACKEND_SERVICE}`,
      entrypoint: ["node", "-e", renderForwarderScript(options.originForwards)],
      restart: "unless-stopped",
      depends_on: [BACKEND_SERVICE],
    };
  }
  if (options.dashboard) {
    services[DASHBOARD_SERVICE] = {
      image: dashboardImage,
      stop_signal: "SIGINT",
      stop_grace_period: "10s",
      ports: [`${bind}:${options.ports.dashboard}:${CONTAINER_PORTS.dashboard}`],
      environment: { NEXT_PUBLIC_DEPLOYMENT_URL: literal(options.dashboardDeploymentUrl) },
      // Started, not healthy: the dashboard needs nothing from the backend to start (the browser
      // connects), and waiting for the healthcheck would hold `docker compose up` for seconds.
      depends_on: [BACKEND_SERVICE],
    };
  }
  // Compose puts a service's `labels:` on its containers (compose file reference, services.labels)
  // and a volume's on that volume when it creates it (volumes.labels); compose's own
  // com.docker.compose.* labels stay beside them. A volume's labels are set once: compose never
  // changes those of an existing volume (docs/previews.md#labels-and-pruning-previews-left-behind).
  const entries = Object.entries(options.labels ?? {});
  const labels = entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, literal(v)])) : undefined;
  if (labels)
    for (const service of Object.values(services) as Array<Record<string, unknown>>)
      service.labels = { ...labels };
  const doc = new Document({
    name: options.projectName,
    services,
    volumes: { data: labels ? { labels: { ...labels } } : {} },
  });
  doc.commentBefore =
    " Written by setup-coder-convex. Rewritten on every run: change its inputs instead.\n Secrets are in the env_file, never here.";
  return doc.toString({ lineWidth: 0 });
}

/** Compose project names: lowercase letters, digits, dashes and underscores, starting alphanumeric. */
export function deriveProjectName(base: string): string {
  const cleaned = base
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "");
  return `convex-${cleaned || "app"}`.slice(0, 63).replace(/-+$/, "");
}

/** Names docker and compose read for themselves (where the engine is, how to run): never dropped. */
const COMPOSE_OWN_ENV = /^(DOCKER_|COMPOSE_|BUILDKIT_|BUILDX_|XDG_)|^(PATH|HOME|USER|TMPDIR|SHELL)$/i;

/**
 * The env_file names removed from compose's own environment before `up`. Defensive: compose-go
 * keeps an env_file `KEY=value` over its environment, but some compose releases let the
 * environment win (docs/backend-facts.md#actions-platform), and a POSTGRES_URL exported in CI must
 * not replace the normalised one. Names that configure docker or compose themselves are kept: a
 * line in the env file must never change where or how compose runs.
 */
export function deriveDroppedEnv(envFileKeys: readonly string[]): string[] {
  return envFileKeys.filter((name) => !COMPOSE_OWN_ENV.test(name));
}
