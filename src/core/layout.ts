/**
 * Where an app's files live: the file names, the user-section marker, the paths and compose
 * target of a working directory, and reading a compose file back. Pure (path arithmetic and
 * parsing only); the orchestrator and the shells read and write through a FileStore.
 */
import { basename, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { CONTAINER_PORTS, deriveProjectName } from "./compose.js";

export const FILES = {
  backendEnv: ".env.convex.local",
  deploymentEnv: ".env.convex.deployment",
  frontendEnv: ".env.local",
  privateKey: "jwt_private_key.pem",
  compose: "docker-compose.convex.yml",
  /** target kubernetes, render / render-only: the manifests (with the Secret). */
  manifests: "convex-kubernetes.yaml",
  gitignore: ".gitignore",
  /** What the last `up` here did (no secret in it): read by `status` and `verify`. */
  lastUp: ".convex-last-up.json",
} as const;

export type FileName = keyof typeof FILES;

/** Files holding secrets: written with mode 0600. */
export const SECRET_MODE = 0o600;
export const PUBLIC_MODE = 0o644;

export const USER_MARKER =
  "# ---- user variables: setup-coder-convex never changes anything below this line ----";

/** Where docker compose finds a project: its file, its name, and the folder it runs in. */
export interface ComposeTarget {
  /** The compose file, absolute. */
  file: string;
  project: string;
  cwd: string;
}

/** What the post step / `down` / `status` / `logs` need to find the containers again. */
export interface TeardownState {
  workingDirectory: string;
  composeFile: string;
  composeProject: string;
}

/** target kubernetes: what `down` and the post step need to find the instance's objects again. */
export interface KubernetesInstance {
  kind: "kubernetes";
  namespace: string;
  instanceName: string;
  /** GITHUB_REPOSITORY of the run that made it, when known: another owner's is never removed. */
  owner?: string;
  /** It has a NetworkPolicy (network-policy), removed with it. */
  networkPolicy?: true;
}

/** What can be torn down: a compose project, or a kubernetes instance. */
export type InstanceRef = TeardownState | KubernetesInstance;

export function isKubernetesInstance(ref: InstanceRef): ref is KubernetesInstance {
  return "kind" in ref && ref.kind === "kubernetes";
}

export interface Layout {
  /** The app's folder, absolute. */
  dir: string;
  path(name: FileName): string;
  target: ComposeTarget;
}

/** Paths and the compose target of a working directory (relative to `cwd`). */
export function locate(options: { workingDirectory: string; projectName?: string }, cwd: string): Layout {
  const dir = resolve(cwd, options.workingDirectory);
  const path = (name: FileName) => join(dir, FILES[name]);
  return {
    dir,
    path,
    target: {
      file: path("compose"),
      project: options.projectName ?? deriveProjectName(basename(dir)),
      cwd: dir,
    },
  };
}

export function composeTargetOf(state: TeardownState): ComposeTarget {
  return { file: state.composeFile, project: state.composeProject, cwd: state.workingDirectory };
}

export function teardownStateOf(target: ComposeTarget): TeardownState {
  return { workingDirectory: target.cwd, composeFile: target.file, composeProject: target.project };
}

/** What a compose file written by this tool says about the setup. */
export interface ComposeFacts {
  /** The file's top-level `name:` (the compose project). */
  project: string | undefined;
  /** Host ports published for the backend's API and site proxy (undefined when not found). */
  apiPort: number | undefined;
  sitePort: number | undefined;
  /** CONVEX_CLOUD_ORIGIN / CONVEX_SITE_ORIGIN the backend was given. */
  cloudOrigin: string | undefined;
  siteOrigin: string | undefined;
}

/** The host port published for a container port, from compose's short or long port syntax. */
function publishedPort(ports: unknown, containerPort: number): number | undefined {
  if (!Array.isArray(ports)) return undefined;
  for (const entry of ports) {
    if (typeof entry === "string" || typeof entry === "number") {
      // [ip:]host:container[/proto]; an IPv6 ip is in brackets.
      const m = /^(?:.*:)?(\d+):(\d+)(?:\/\w+)?$/.exec(String(entry));
      if (m && Number(m[2]) === containerPort) return Number(m[1]);
    } else if (entry && typeof entry === "object") {
      const e = entry as { target?: unknown; published?: unknown };
      if (Number(e.target) === containerPort && e.published !== undefined) return Number(e.published);
    }
  }
  return undefined;
}

/**
 * Reads a compose file with the YAML parser. Throws a plain Error on text that is not YAML
 * (callers say which file).
 */
export function parseComposeFacts(text: string): ComposeFacts {
  const doc = (parseYaml(text) ?? {}) as {
    name?: unknown;
    services?: Record<string, { ports?: unknown; environment?: unknown }>;
  };
  const backend = doc.services?.backend;
  const env = backend?.environment;
  const envValue = (name: string): string | undefined => {
    if (Array.isArray(env)) {
      const line = env.find((l) => typeof l === "string" && l.startsWith(`${name}=`)) as string | undefined;
      return line?.slice(name.length + 1);
    }
    if (env && typeof env === "object") {
      const v = (env as Record<string, unknown>)[name];
      return v === undefined || v === null ? undefined : String(v);
    }
    return undefined;
  };
  // renderCompose doubles `$` (compose interpolates it); undo that.
  const origin = (name: string) => envValue(name)?.replaceAll("$$", "$");
  return {
    project: typeof doc.name === "string" ? doc.name : undefined,
    apiPort: publishedPort(backend?.ports, CONTAINER_PORTS.api),
    sitePort: publishedPort(backend?.ports, CONTAINER_PORTS.site),
    cloudOrigin: origin("CONVEX_CLOUD_ORIGIN"),
    siteOrigin: origin("CONVEX_SITE_ORIGIN"),
  };
}
