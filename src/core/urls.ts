/**
 * Public URLs of the backend API (3210), the site proxy (3211) and the dashboard (6791):
 * explicit, from Coder's VSCODE_PROXY_URI template, from a Coder wildcard domain, or local.
 */
import { SetupError } from "./errors.js";
import { option } from "./naming.js";

export type UrlStyle = "app" | "port";
export type UrlSource = "explicit" | "vscode-proxy-uri" | "coder-wildcard" | "local" | "ingress";
export type Env = Readonly<Record<string, string | undefined>>;

export interface Ports {
  api: number;
  site: number;
  dashboard: number;
}
export interface Slugs {
  api: string;
  site: string;
  dashboard: string;
}

export const DEFAULT_PORTS: Ports = { api: 3210, site: 3211, dashboard: 6791 };
export const DEFAULT_SLUGS: Slugs = { api: "convex-api", site: "convex-site", dashboard: "convex-dashboard" };

export interface UrlOptions {
  convexUrl?: string | undefined;
  siteUrl?: string | undefined;
  dashboardUrl?: string | undefined;
  style?: UrlStyle;
  /** `*.apps.example.com` or `*-apps.example.com` (Coder's wildcard access URL). */
  wildcardDomain?: string | undefined;
  slugs?: Partial<Slugs>;
  /** Host ports; also the ports named in forwarded-port URLs. */
  ports?: Partial<Ports>;
}

export interface DerivedUrls {
  apiUrl: string;
  siteUrl: string;
  dashboardUrl: string;
  source: UrlSource;
  /** True when the origins point at this machine (localhost / 127.0.0.1 / [::1]). */
  local: boolean;
  /** True when a Coder workspace was detected in the environment. */
  coder: boolean;
}

const NAME_RE = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
const MAX_LABEL = 63;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isCoderWorkspace(env: Env): boolean {
  return env.CODER === "true" || Boolean(env.CODER_WORKSPACE_NAME);
}

export function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Checks an explicit public URL and returns it without a trailing slash. */
export function normalizePublicUrl(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SetupError(
      `${field}: "${raw}" is not a URL.`,
      "Give an absolute URL such as https://convex-api.example.com.",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SetupError(`${field}: "${raw}" must use http or https.`);
  }
  if (
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new SetupError(
      `${field}: "${raw}" must be an origin (scheme, host and optional port) without a path, query or credentials.`,
      "The backend serves from the root of its own host; remove the path.",
    );
  }
  // The URL parser allows ' $ and friends in a host name; no DNS name or address has them, and
  // they could not be written to an env file safely.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) {
    throw new SetupError(
      `${field}: the host "${url.hostname}" has characters no host name has.`,
      "Use a DNS name (letters, digits, - and .), an IPv4 address or a bracketed IPv6 address.",
    );
  }
  return url.origin;
}

function checkName(value: string | undefined, variable: string, what: string): string {
  if (!value) {
    throw new SetupError(
      `A Coder workspace was detected but ${variable} is empty, so the ${what} in the URLs is unknown.`,
      `Set ${variable} (the Coder agent sets it in new workspaces), or give ${option("convex-url")} and ${option("site-url")} explicitly.`,
    );
  }
  if (!NAME_RE.test(value)) {
    throw new SetupError(
      `${variable}="${value}" is not a valid Coder name (letters, digits and single hyphens).`,
      `Check ${variable}; Coder names match [a-zA-Z0-9]+(-[a-zA-Z0-9]+)*.`,
    );
  }
  return value;
}

function checkSlug(slug: string, field: string): string {
  if (!NAME_RE.test(slug)) {
    throw new SetupError(
      `${field}: "${slug}" is not a valid Coder app slug (letters, digits and single hyphens).`,
    );
  }
  return slug;
}

function checkLabel(host: string, source: string): void {
  const label = host.split(".")[0] ?? "";
  if (label.length > MAX_LABEL) {
    throw new SetupError(
      `The URL host label "${label}" has ${label.length} characters; DNS allows at most ${MAX_LABEL}.`,
      `Shorten the app slug, workspace, agent or owner name (from ${source}), or give ${option("convex-url")} and ${option("site-url")} explicitly.`,
    );
  }
}

interface Template {
  /** Builds a URL for a host label prefix (a slug or a port). */
  build(prefix: string): string;
  source: UrlSource;
}

function fromProxyUri(value: string): Template {
  const match = /^(https?):\/\/\{\{port\}\}(--[^/?#]+)\/?$/.exec(value.trim());
  if (!match) {
    throw new SetupError(
      `VSCODE_PROXY_URI="${value}" is not a subdomain template (expected https://{{port}}--agent--workspace--owner.apps.example.com).`,
      `Path-style proxying cannot host the Convex backend: configure a wildcard access URL in Coder, or set ${option("coder-wildcard-domain")} or explicit URLs.`,
    );
  }
  const [, scheme, rest] = match;
  return {
    source: "vscode-proxy-uri",
    build: (prefix) => {
      const host = `${prefix}${rest}`;
      checkLabel(host.replace(/:\d+$/, ""), "VSCODE_PROXY_URI");
      return `${scheme}://${host}`;
    },
  };
}

function parseAccessUrl(env: Env): URL {
  const name = env.CODER_URL ? "CODER_URL" : env.CODER_AGENT_URL ? "CODER_AGENT_URL" : undefined;
  if (!name) {
    throw new SetupError(
      "A Coder wildcard domain is known but neither CODER_URL nor CODER_AGENT_URL is set, so the scheme and port of the URLs are unknown.",
      "Set CODER_URL to the deployment's access URL (e.g. https://coder.example.com).",
    );
  }
  try {
    const url = new URL(env[name]!);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    return url;
  } catch {
    throw new SetupError(
      `${name}="${env[name]}" is not an http(s) URL.`,
      `Set ${name} to the Coder access URL.`,
    );
  }
}

function fromWildcard(wildcard: string, env: Env, style: UrlStyle): Template {
  const domain = wildcard
    .trim()
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .replace(/:\d+$/, "");
  const match = /^\*([.-])([a-zA-Z0-9.-]+)$/.exec(domain);
  if (!match || match[2]!.startsWith(".") || match[2]!.endsWith(".")) {
    throw new SetupError(
      `coder-wildcard-domain: "${wildcard}" is not a wildcard domain.`,
      "Use the form *.apps.example.com or *-apps.example.com (Coder's CODER_WILDCARD_ACCESS_URL).",
    );
  }
  const [, separator, rest] = match;
  const access = parseAccessUrl(env);
  const workspace = checkName(env.CODER_WORKSPACE_NAME, "CODER_WORKSPACE_NAME", "workspace name");
  const owner = checkName(env.CODER_WORKSPACE_OWNER_NAME, "CODER_WORKSPACE_OWNER_NAME", "workspace owner");
  const agentRaw = env.CODER_WORKSPACE_AGENT_NAME;
  const agent =
    style === "port" || agentRaw
      ? checkName(agentRaw, "CODER_WORKSPACE_AGENT_NAME", "agent name")
      : undefined;
  const port = access.port ? `:${access.port}` : "";
  return {
    source: "coder-wildcard",
    build: (prefix) => {
      const label = [prefix, agent, workspace, owner].filter(Boolean).join("--");
      const host = `${label}${separator}${rest}`;
      checkLabel(host, "the Coder environment");
      return `${access.protocol}//${host}${port}`;
    },
  };
}

/** Derives the three public URLs and says where they came from. */
export function deriveUrls(env: Env, options: UrlOptions = {}): DerivedUrls {
  const style = options.style ?? "app";
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const slugs = { ...DEFAULT_SLUGS, ...options.slugs };
  const coder = isCoderWorkspace(env);
  const explicitApi = options.convexUrl ? normalizePublicUrl(options.convexUrl, "convex-url") : undefined;
  const explicitSite = options.siteUrl ? normalizePublicUrl(options.siteUrl, "site-url") : undefined;
  const explicitDashboard = options.dashboardUrl
    ? normalizePublicUrl(options.dashboardUrl, "dashboard-url")
    : undefined;

  if (Boolean(explicitApi) !== Boolean(explicitSite)) {
    throw new SetupError(
      `${explicitApi ? "convex-url" : "site-url"} is set but ${explicitApi ? "site-url" : "convex-url"} is not.`,
      "Give both: the API (port 3210) and the site proxy (port 3211) URLs, or neither to have them derived.",
    );
  }
  if (explicitApi && explicitSite) {
    const dashboardUrl = explicitDashboard ?? `http://localhost:${ports.dashboard}`;
    return {
      apiUrl: explicitApi,
      siteUrl: explicitSite,
      dashboardUrl,
      source: "explicit",
      local: isLocalUrl(explicitApi) && isLocalUrl(explicitSite),
      coder,
    };
  }

  // VSCODE_PROXY_URI first: the agent's own template for this very workspace. A path-style value
  // cannot host the backend: then the wildcard domain, or a clear error inside Coder. Outside
  // Coder a path-style value (code-server's ./proxy/{{port}}) is simply not ours to use.
  const proxyUri = env.VSCODE_PROXY_URI?.trim();
  let template: Template | undefined;
  if (proxyUri && /^https?:\/\/\{\{port\}\}--/.test(proxyUri)) template = fromProxyUri(proxyUri);
  else if (options.wildcardDomain) template = fromWildcard(options.wildcardDomain, env, style);
  else if (coder && proxyUri) template = fromProxyUri(proxyUri);
  else if (coder) {
    throw new SetupError(
      "A Coder workspace was detected (CODER=true) but no wildcard app domain is known: VSCODE_PROXY_URI is not set.",
      `Set ${option("coder-wildcard-domain")} (e.g. *.apps.example.com), or give ${option("convex-url")} and ${option("site-url")} explicitly (http://localhost:3210 and http://localhost:3211 to stay local).`,
    );
  }

  if (!template) {
    return {
      apiUrl: `http://localhost:${ports.api}`,
      siteUrl: `http://localhost:${ports.site}`,
      dashboardUrl: explicitDashboard ?? `http://localhost:${ports.dashboard}`,
      source: "local",
      local: true,
      coder,
    };
  }
  const prefix = (port: number, slug: string, field: string) =>
    style === "port" ? String(port) : checkSlug(slug, field);
  return {
    apiUrl: template.build(prefix(ports.api, slugs.api, "api-slug")),
    siteUrl: template.build(prefix(ports.site, slugs.site, "site-slug")),
    dashboardUrl:
      explicitDashboard ?? template.build(prefix(ports.dashboard, slugs.dashboard, "dashboard-slug")),
    source: template.source,
    local: false,
    coder,
  };
}

/**
 * The URL of a frontend's dev server on `port`, as the browser reaches it: inside Coder the
 * forwarded-port URL (VSCODE_PROXY_URI's template, else the wildcard domain in port style),
 * elsewhere http://localhost:<port>. @convex-dev/auth redirects sign-ins there (SITE_URL).
 */
export function deriveFrontendUrl(env: Env, port: number, wildcardDomain?: string): string {
  const proxyUri = env.VSCODE_PROXY_URI?.trim();
  if (proxyUri && /^https?:\/\/\{\{port\}\}--/.test(proxyUri))
    return fromProxyUri(proxyUri).build(String(port));
  if (wildcardDomain) return fromWildcard(wildcardDomain, env, "port").build(String(port));
  return `http://localhost:${port}`;
}
