/**
 * The pipeline's seams in memory, with a virtual clock: files in a Map, docker and the admin API
 * as small fakes that record events. Shared by the orchestrator's and the action shell's tests.
 */
import type { ConvexAdmin } from "../../src/adapters/convex-admin.js";
import type { ConvexCli } from "../../src/adapters/convex-cli.js";
import type { Docker, ServiceState } from "../../src/adapters/docker.js";
import type { FileStore } from "../../src/adapters/files.js";
import type { Clock, Logger } from "../../src/adapters/runtime.js";
import { decodeAdminKey } from "../../src/core/admin-key.js";
import { type AppFiles, describeApp } from "../../src/core/app.js";
import type { EnvChange } from "../../src/core/deployment-env.js";
import { envValues, parseEnvFile } from "../../src/core/env-file.js";
import type { SetupDeps } from "../../src/setup.js";
import { pooledJwtKey } from "./jwt-key-pool.js";

export interface World {
  deps: SetupDeps;
  /** The deployment's variables, as the admin API holds them. */
  vars: Record<string, string>;
  events: string[];
  files: Map<string, { content: string; mode: number }>;
  lines: string[];
  masked: string[];
  sleeps: number[];
  now: () => number;
}

/** The backend the admin API reaches: its INSTANCE_NAME and INSTANCE_SECRET. */
export interface MemoryBackend {
  instanceName: string;
  instanceSecret: string;
}

export interface WorldOptions {
  upAfterMs?: number;
  exitsAtMs?: number;
  /**
   * The backend behind the host's API URL; undefined: nothing answers there. Default: the compose
   * backend, instance "app" with INSTANCE_SECRET of the working directory's .env.convex.local.
   */
  backend?: (baseUrl: string) => MemoryBackend | undefined;
  /** The app the reader sees (default: a Vite app with @convex-dev/auth, the example's shape). */
  app?: AppFiles;
}

/** A Vite app with Better Auth, the shape of get-convex/better-auth's React example. */
export const BETTER_AUTH_APP: AppFiles = {
  workingDirectory: ".",
  packageJsons: new Map([
    [
      ".",
      JSON.stringify({
        dependencies: { convex: "1.48.0", "@convex-dev/better-auth": "0.10.0", "better-auth": "1.4.9" },
        devDependencies: { vite: "7.1.4" },
      }),
    ],
  ]),
  pnpmWorkspaces: new Map(),
  lockfiles: new Set(["package-lock.json"]),
  sources: new Map([
    [
      "convex/auth.config.ts",
      'import { getAuthConfigProvider } from "@convex-dev/better-auth/auth-config";\nexport default { providers: [getAuthConfigProvider()] };',
    ],
    [
      "convex/auth.ts",
      "const siteUrl = process.env.SITE_URL!;\nexport const options = { trustedOrigins: [siteUrl] };",
    ],
  ]),
};

/**
 * A virtual clock: time passes only in `sleep` (recorded in `sleeps`), and every ticker (`every`)
 * due meanwhile fires at its own time, in order.
 */
export function virtualClock(): { clock: Clock; now: () => number; sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  const tickers: Array<{ next: number; ms: number; fn: () => void }> = [];
  const clock: Clock = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      const end = t + ms;
      for (;;) {
        const due = tickers.filter((k) => k.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        t = Math.max(t, due.next);
        due.next += due.ms;
        due.fn();
      }
      t = end;
    },
    every: (ms, fn) => {
      const ticker = { next: t + ms, ms, fn };
      tickers.push(ticker);
      return () => {
        const i = tickers.indexOf(ticker);
        if (i >= 0) tickers.splice(i, 1);
      };
    },
  };
  return { clock, now: () => t, sleeps };
}

export function world(options: WorldOptions = {}): World {
  const { clock, now, sleeps } = virtualClock();
  const events: string[] = [];
  const files = new Map<string, { content: string; mode: number }>();
  const lines: string[] = [];
  const masked: string[] = [];
  const backend =
    options.backend ??
    (() => ({
      instanceName: "app",
      instanceSecret:
        envValues(parseEnvFile(files.get("/w/app/.env.convex.local")?.content ?? "")).INSTANCE_SECRET ?? "",
    }));
  /** The backend, as a request reaches it; none: the connection is refused. */
  const reach = (baseUrl: string) => {
    const b = backend(baseUrl);
    if (!b) throw new Error(`fetch failed: connect ECONNREFUSED ${baseUrl}`);
    return b;
  };
  const fileStore: FileStore = {
    read: async (p) => files.get(p)?.content,
    write: async (p, content, mode) => void files.set(p, { content, mode }),
    checkWritable: async () => {},
    isDirectory: async (p) => p === "/w/app",
    exists: async (p) => files.has(p),
    within: () => fileStore,
    removeStaleTemp: async () => [],
  };
  const docker = {
    checkCompose: async () => {
      events.push("check");
      return "2.29.7";
    },
    checkEngine: async () => "28.2.2",
    pull: async (image: string) => {
      events.push(`pull ${image.split("/").pop()?.split(":")[0]}`);
      return undefined;
    },
    up: async () => void events.push("up"),
    down: async () => void events.push("down"),
    volumes: async () => [],
    logs: async () => "backend log line",
    ps: async (): Promise<ServiceState[]> => [
      {
        service: "backend",
        state: options.exitsAtMs !== undefined && now() >= options.exitsAtMs ? "exited" : "running",
        exitCode: 1,
      },
    ],
    exec: async () => ({ code: 0, stdout: "", stderr: "" }),
  } as unknown as Docker;
  const vars: Record<string, string> = {};
  const admin = (baseUrl: string): ConvexAdmin => ({
    baseUrl,
    isUp: async () => backend(baseUrl) !== undefined && now() >= (options.upAfterMs ?? 0),
    instanceName: async () => reach(baseUrl).instanceName,
    checkAdminKey: async (key) => {
      const b = reach(baseUrl);
      try {
        decodeAdminKey(key, b.instanceSecret, b.instanceName);
        return true;
      } catch {
        return false;
      }
    },
    updateEnvironmentVariables: async (_key, changes: readonly EnvChange[]) => {
      reach(baseUrl);
      events.push(`env ${changes.length}`);
      for (const c of changes) {
        if (c.value === null) delete vars[c.name];
        else vars[c.name] = c.value;
      }
    },
    listEnvironmentVariables: async () => ({ ...vars }),
    hasDeployedFunctions: async () => events.includes("deploy"),
  });
  const convexCli: ConvexCli = {
    locate: async () => {
      events.push("locate");
      return { packageManager: "npm", convexVersion: "1.48.0", command: "convex", args: [] };
    },
    deploy: async () => {
      events.push("deploy");
      return { code: 0, stdout: "", stderr: "" };
    },
    run: async (_dir, _project, o) => {
      events.push(`run ${o.functionName}`);
      return { code: 0, stdout: "", stderr: "" };
    },
    import: async (_dir, _project, o) => {
      events.push(`import ${o.table ?? "zip"}${o.replace ? " replace" : ""}`);
      return { code: 0, stdout: "", stderr: "" };
    },
    exportSnapshot: async () => {
      events.push("export");
      return { code: 0, stdout: "", stderr: "" };
    },
    restoreSnapshot: async () => {
      events.push("import replace-all");
      return { code: 0, stdout: "", stderr: "" };
    },
  };
  const logger: Logger = {
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(`warn: ${m}`),
    debug: () => {},
    group: async (title, fn) => {
      lines.push(`# ${title}`);
      return fn();
    },
    mask: (s) => void masked.push(s),
  };
  return {
    vars,
    deps: {
      docker,
      files: fileStore,
      convexCli,
      admin,
      logger,
      clock,
      env: {},
      cwd: "/w",
      // A fixed wall clock (the last up's record), and every host port free.
      date: () => new Date("2026-01-02T03:04:05.000Z"),
      portFree: async () => true,
      // Real keys from a pool of two (jwt-key-pool.ts): these runs are not about generation.
      generateJwtKey: pooledJwtKey,
      // The site proxy after a deploy of an app whose http.ts adds @convex-dev/auth's routes.
      fetch: async (url: string) => {
        if (url.endsWith("/.well-known/openid-configuration"))
          return Response.json({
            issuer: "http://localhost:3211",
            jwks_uri: "http://localhost:3211/.well-known/jwks.json",
          });
        if (url.endsWith("/.well-known/jwks.json")) return new Response(vars.JWKS ?? "{}");
        return new Response("not found", { status: 404 });
      },
      // The app as the pure reader sees it: a Vite app with @convex-dev/auth (the example's shape).
      readApp: async () =>
        describeApp(
          options.app ?? {
            workingDirectory: ".",
            packageJsons: new Map([
              [
                ".",
                JSON.stringify({
                  dependencies: { convex: "1.48.0", "@convex-dev/auth": "0.0.95" },
                  devDependencies: { vite: "8.3.8" },
                }),
              ],
            ]),
            pnpmWorkspaces: new Map(),
            lockfiles: new Set(["package-lock.json"]),
            sources: new Map([
              [
                "convex/auth.config.ts",
                'export default { providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "convex" }] };',
              ],
            ]),
          },
        ),
    },
    events,
    files,
    lines,
    masked,
    sleeps,
    now,
  };
}
