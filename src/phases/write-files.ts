/**
 * The app's files: the backend's secrets (and Better Auth's), the deployment variables' file, the
 * JWT key, the compose file and .gitignore. Each file is read right before it is merged and written.
 */
import type { FileStore } from "../adapters/files.js";
import type { JwtKeyPair } from "../core/auth-keys.js";
import { BETTER_AUTH_SECRET } from "../core/better-auth.js";
import { deriveDroppedEnv, renderCompose } from "../core/compose.js";
import type { Config } from "../core/config.js";
import { managedDeploymentFileEntries } from "../core/deployment-env.js";
import { envValues, mergeEnvFile, parseEnvFile } from "../core/env-file.js";
import { isIgnored, mergeGitignore } from "../core/gitignore.js";
import { FILES, type FileName, type Layout, PUBLIC_MODE, SECRET_MODE, USER_MARKER } from "../core/layout.js";
import {
  deriveS3BackendEnv,
  deriveS3CredentialEnv,
  planContainerEndpoint,
  type S3Storage,
} from "../core/s3-storage.js";
import type { BetterAuthSecret } from "./keys.js";
import type { DatabaseContainerPlan } from "./postgres.js";
import type { Reporter } from "./types.js";

export interface AppFilesInput {
  instanceSecret: string;
  /** @convex-dev/auth's key pair; undefined for an app without it. */
  jwt: JwtKeyPair | undefined;
  /**
   * Better Auth's secret; kept in .env.convex.local when `keptIn` is env-file (compose, connect,
   * kubernetes render-only). Without one, a BETTER_AUTH_SECRET line there is left as it is.
   */
  betterAuth?: BetterAuthSecret | undefined;
  /** Write the PEM (false when the file already holds this key). */
  writePem: boolean;
  apiUrl: string;
  siteUrl: string;
  images: { backend: string; dashboard: string };
  originForwards: ReadonlyArray<readonly [number, number]>;
  containerDb: DatabaseContainerPlan | undefined;
  doNotRequireSsl: boolean;
  /**
   * The backend's own files: compose writes the env_file and the compose file; kubernetes's render
   * only the env_file (its instance secret, for the next render); none with connect and with
   * kubernetes (the cluster's Secret holds the keys).
   */
  backend: "compose" | "env-only" | "none";
  /** The backend's settings (Config.backend.env), in the compose file's environment. */
  backendEnv?: ReadonlyArray<readonly [string, string]>;
  /**
   * S3 storage (Config.storage): with compose its settings go into the compose file and its
   * credentials into the env_file (mode 0600), never into the compose file.
   */
  storage?: S3Storage | undefined;
  /** Labels for the compose file's containers (a pull request's preview). */
  labels?: Readonly<Record<string, string>> | undefined;
}

export interface AppFilesWritten {
  /** Files whose content is new or changed. */
  written: FileName[];
  /** Names of the backend's env_file to remove from compose's own environment (deriveDroppedEnv). */
  envFileKeys: string[];
}

export async function writeAppFiles(
  config: Pick<Config, "dashboard" | "ports" | "instanceName"> & Partial<Pick<Config, "metricsEndpoint">>,
  input: AppFilesInput,
  files: FileStore,
  layout: Layout,
  report: Reporter,
): Promise<AppFilesWritten> {
  const written: FileName[] = [];
  const unchanged: FileName[] = [];
  const put = async (name: FileName, before: string | undefined, text: string, mode: number) => {
    await files.write(layout.path(name), text, mode);
    (before === text ? unchanged : written).push(name);
  };

  // connect keeps only Better Auth's secret here (the backend runs elsewhere with its own).
  const keepsBetterAuth = input.betterAuth?.keptIn === "env-file";
  const writeEnv = input.backend !== "none" || keepsBetterAuth;
  const backendBefore = writeEnv ? await files.read(layout.path("backendEnv")) : undefined;
  const backendEnv = mergeEnvFile(
    backendBefore,
    [
      ...(input.backend === "none"
        ? []
        : ([
            ["INSTANCE_SECRET", input.instanceSecret],
            // One of the two, the other removed: run_backend.sh takes POSTGRES_URL first.
            [
              "POSTGRES_URL",
              input.containerDb?.variable === "POSTGRES_URL" ? input.containerDb.url : undefined,
            ],
            ["MYSQL_URL", input.containerDb?.variable === "MYSQL_URL" ? input.containerDb.url : undefined],
          ] as const)),
      ...(input.backend === "compose" ? deriveS3CredentialEnv(input.storage?.credentials) : []),
      ...(keepsBetterAuth ? ([[BETTER_AUTH_SECRET, input.betterAuth!.value]] as const) : []),
    ],
    {
      header:
        input.backend === "none"
          ? [
              "# Secrets setup-coder-convex keeps between runs (target connect: Better Auth's secret). Keep this file out of git.",
            ]
          : [
              "# The backend's secrets, read by docker-compose.convex.yml (env_file). Written by setup-coder-convex.",
              "# Other variables you add here (RUST_LOG, S3 settings, ...) are passed to the backend and kept.",
            ],
      file: FILES.backendEnv,
    },
  );
  if (writeEnv) await put("backendEnv", backendBefore, backendEnv.text, SECRET_MODE);
  // The backend would follow a database URL left there: removed, and said so.
  for (const name of backendEnv.removed.filter((n) => n === "POSTGRES_URL" || n === "MYSQL_URL"))
    report.warn(
      `Removed ${name} from ${FILES.backendEnv}: the backend's database comes from ${name === "MYSQL_URL" ? "mysql-url (or MYSQL_URL in the environment)" : "postgres-url (or DATABASE_URL, POSTGRES_URI, POSTGRES_URL in the environment)"}, and this run ${input.containerDb ? `uses ${input.containerDb.variable === "MYSQL_URL" ? "MySQL" : "Postgres"}` : "uses the embedded SQLite"}.`,
    );

  const deploymentBefore = await files.read(layout.path("deploymentEnv"));
  const deploymentEnv = mergeEnvFile(
    deploymentBefore,
    managedDeploymentFileEntries({ siteUrl: input.siteUrl, jwks: input.jwt?.jwks }),
    {
      header: [
        "# Deployment environment variables of the self-hosted backend (set through its admin API before",
        `# every deploy). JWT_PRIVATE_KEY comes from ${FILES.privateKey}. Add your own below the last line.`,
      ],
      userMarker: USER_MARKER,
      file: FILES.deploymentEnv,
    },
  );
  await put("deploymentEnv", deploymentBefore, deploymentEnv.text, SECRET_MODE);

  if (input.writePem && input.jwt) await put("privateKey", undefined, input.jwt.privateKeyPem, SECRET_MODE);

  const s3Endpoint = planContainerEndpoint(input.storage?.endpoint);
  const compose = renderCompose({
    projectName: layout.target.project,
    backendImage: input.images.backend,
    dashboardImage: input.images.dashboard,
    dashboard: config.dashboard,
    metricsEndpoint: config.metricsEndpoint ?? false,
    ports: config.ports,
    instanceName: config.instanceName,
    cloudOrigin: input.apiUrl,
    siteOrigin: input.siteUrl,
    dashboardDeploymentUrl: input.apiUrl,
    envFile: `./${FILES.backendEnv}`,
    doNotRequireSsl: input.doNotRequireSsl,
    originForwards: input.originForwards,
    extraHosts: [...new Set([...(input.containerDb?.extraHosts ?? []), ...s3Endpoint.extraHosts])],
    backendEnv: [
      ...(input.storage ? deriveS3BackendEnv(input.storage, s3Endpoint.url) : []),
      ...(input.backendEnv ?? []),
    ],
    ...(input.labels ? { labels: input.labels } : {}),
  });
  if (input.backend === "compose")
    await put("compose", await files.read(layout.path("compose")), compose, PUBLIC_MODE);

  const gitignoreBefore = await files.read(layout.path("gitignore"));
  const gitignore = mergeGitignore(gitignoreBefore, [
    FILES.backendEnv,
    FILES.deploymentEnv,
    FILES.frontendEnv,
    FILES.privateKey,
    ...(input.backend === "env-only" ? [FILES.manifests] : []),
  ]);
  // The last up's record holds no secret, but it is this machine's: ignored in a block of its own.
  const gitignoreText = isIgnored(gitignore.text, FILES.lastUp)
    ? gitignore.text
    : `${gitignore.text}${gitignore.text === "" || gitignore.text.endsWith("\n") ? "" : "\n"}${gitignore.text ? "\n" : ""}# setup-coder-convex: what the last up did (no secret)\n${FILES.lastUp}\n`;
  if (gitignoreText !== (gitignoreBefore ?? "")) {
    await files.write(layout.path("gitignore"), gitignoreText, PUBLIC_MODE);
    written.push("gitignore");
  }

  for (const [file, r] of [
    [FILES.backendEnv, backendEnv],
    [FILES.deploymentEnv, deploymentEnv],
  ] as const) {
    if (r.updated.length) report.logger.info(`${file}: updated ${r.updated.join(", ")}`);
    if (r.removed.length) report.logger.info(`${file}: removed ${r.removed.join(", ")}`);
  }
  const names = (list: FileName[]) => list.map((n) => FILES[n]).join(", ");
  report.logger.info(
    [
      written.length ? `Wrote ${names(written)} in ${layout.dir}` : `Nothing changed in ${layout.dir}`,
      unchanged.length ? ` (unchanged: ${names(unchanged)})` : "",
      input.originForwards.length
        ? "; the compose file has an origin forwarder for the non-default ports"
        : "",
      ".",
    ].join(""),
  );
  return {
    written,
    envFileKeys:
      input.backend === "compose"
        ? deriveDroppedEnv(Object.keys(envValues(parseEnvFile(backendEnv.text))))
        : [],
  };
}
