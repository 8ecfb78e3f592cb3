/**
 * S3-compatible storage for the backend (AWS S3, MinIO, Cloudflare R2, ...): the s3-* inputs read
 * into one typed value, the backend's environment for it, and where a bucket is asked for. Pure.
 *
 * Facts (get-convex/convex-backend at the pinned release; docs/storage.md):
 * - run_backend.sh passes --s3-storage only when AWS_REGION and all five S3_STORAGE_*_BUCKET
 *   variables are set; with some of them missing it prints a warning and falls back to local
 *   storage on the data volume, so a partial set is refused here.
 * - crates/aws_utils: S3_ENDPOINT_URL replaces the endpoint; AWS_S3_FORCE_PATH_STYLE,
 *   AWS_S3_DISABLE_SSE and AWS_S3_DISABLE_CHECKSUMS are parsed as Rust booleans (`true`/`false`
 *   only; anything else is false). Credentials come from the AWS default chain, first
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
 * - crates/model database_globals: the storage kind is recorded in the database on the first
 *   start; starting later with the other kind fails. Objects go under `<instance>-<uuid>/`.
 */
import { isIP } from "node:net";
import type { ProblemList } from "./errors.js";
import type { InputName, InputValues } from "./inputs.js";
import { DOCKER_HOST_ALIAS, DOCKER_HOST_EXTRA, isLoopbackHost } from "./postgres-url.js";
import type { Env } from "./urls.js";

/** The backend's five storage areas: the input naming the bucket and the variable it becomes. */
export const S3_BUCKETS = [
  { key: "exports", input: "s3-exports-bucket", env: "S3_STORAGE_EXPORTS_BUCKET", holds: "snapshot exports" },
  { key: "files", input: "s3-files-bucket", env: "S3_STORAGE_FILES_BUCKET", holds: "the app's stored files" },
  {
    key: "modules",
    input: "s3-modules-bucket",
    env: "S3_STORAGE_MODULES_BUCKET",
    holds: "the deployed functions' code",
  },
  {
    key: "search",
    input: "s3-search-bucket",
    env: "S3_STORAGE_SEARCH_BUCKET",
    holds: "search index snapshots",
  },
  {
    key: "snapshotImports",
    input: "s3-snapshot-imports-bucket",
    env: "S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET",
    holds: "uploads of convex import",
  },
] as const satisfies ReadonlyArray<{ key: string; input: InputName; env: string; holds: string }>;

export type BucketKey = (typeof S3_BUCKETS)[number]["key"];
export type BucketSpec = (typeof S3_BUCKETS)[number];

/** The inputs that mean something only with the five buckets. */
const S3_OPTION_INPUTS = [
  "s3-endpoint",
  "s3-region",
  "s3-force-path-style",
  "s3-disable-sse",
  "s3-disable-checksums",
  "s3-access-key-id",
  "s3-secret-access-key",
  "s3-session-token",
] as const satisfies readonly InputName[];

/** The backend's credential variables (the AWS default chain's first source). */
export const S3_CREDENTIAL_ENV = {
  accessKeyId: "AWS_ACCESS_KEY_ID",
  secretAccessKey: "AWS_SECRET_ACCESS_KEY",
  sessionToken: "AWS_SESSION_TOKEN",
} as const;

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
  /** Where they came from, for messages: the inputs or this process's environment. */
  source: "inputs" | "environment";
}

export interface S3Storage {
  /** S3_ENDPOINT_URL as given (no trailing slash); undefined: AWS S3 itself. */
  endpoint: string | undefined;
  region: string;
  /** Where the region came from (s3-region or AWS_REGION), for messages. */
  regionSource: string;
  buckets: Record<BucketKey, string>;
  forcePathStyle: boolean;
  disableSse: boolean;
  disableChecksums: boolean;
  credentials: S3Credentials;
  /** HeadBucket every bucket before anything starts. */
  preflight: boolean;
}

/** S3's bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, a letter or digit at each end. */
export function checkBucketName(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
    return `"${name}" is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`;
  if (name.includes("..") || isIP(name) !== 0)
    return `"${name}" is not a bucket name: no two dots in a row, and not an IP address.`;
  return undefined;
}

/** The endpoint, checked: an http(s) URL without credentials, query or fragment; no trailing slash. */
function checkEndpoint(text: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      // Quoted without what stands between the scheme and the last `@`: credentials written into
      // it, which may hold `/`, `?` or `#` (AWS secret keys often hold a `/`).
      problem: `"${text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, "$1***@")}" is not a URL: give the S3 API's base URL, e.g. https://minio.example.com:9000.`,
    };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { problem: `${url.protocol} is not http: or https:; give the S3 API's base URL.` };
  if (url.username || url.password || url.search || url.hash)
    return {
      problem:
        "holds credentials, a query or a fragment: give only the base URL (the credentials go in s3-access-key-id / s3-secret-access-key or the environment).",
    };
  return { url: url.href.replace(/\/$/, "") };
}

/** A credential is one word as issued; a line break could not even be written into the env file. */
function oneWord(value: string | undefined, field: string, problems: ProblemList): void {
  // Never quoted: it is a secret.
  if (value !== undefined && /\s/.test(value))
    problems.add(field, "holds white space or a line break: give the credential on one line, as issued.");
}

/** The credentials: both inputs, else both of the environment's variables. */
function readCredentials(v: InputValues, env: Env, problems: ProblemList): S3Credentials | undefined {
  const id = v["s3-access-key-id"];
  const secret = v["s3-secret-access-key"];
  if (id || secret) {
    if (!id || !secret) {
      problems.add(
        id ? "s3-secret-access-key" : "s3-access-key-id",
        "is missing: s3-access-key-id and s3-secret-access-key are given together (or neither, and the environment's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are used).",
      );
      return undefined;
    }
    const token = v["s3-session-token"];
    for (const [value, field] of [
      [id, "s3-access-key-id"],
      [secret, "s3-secret-access-key"],
      [token, "s3-session-token"],
    ] as const)
      oneWord(value, field, problems);
    return { accessKeyId: id, secretAccessKey: secret, sessionToken: token, source: "inputs" };
  }
  const envId = env[S3_CREDENTIAL_ENV.accessKeyId]?.trim();
  const envSecret = env[S3_CREDENTIAL_ENV.secretAccessKey]?.trim();
  if (envId && envSecret) {
    if (v["s3-session-token"])
      problems.add(
        "s3-session-token",
        "goes with s3-access-key-id and s3-secret-access-key; with the environment's keys the environment's AWS_SESSION_TOKEN is used: remove s3-session-token or give the keys as inputs too.",
      );
    const envToken = env[S3_CREDENTIAL_ENV.sessionToken]?.trim() || undefined;
    for (const [value, field] of [
      [envId, S3_CREDENTIAL_ENV.accessKeyId],
      [envSecret, S3_CREDENTIAL_ENV.secretAccessKey],
      [envToken, S3_CREDENTIAL_ENV.sessionToken],
    ] as const)
      oneWord(value, field, problems);
    return {
      accessKeyId: envId,
      secretAccessKey: envSecret,
      sessionToken: envToken,
      source: "environment",
    };
  }
  problems.add(
    "s3-access-key-id",
    "S3 storage needs credentials: give s3-access-key-id and s3-secret-access-key (from secrets), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (e.g. aws-actions/configure-aws-credentials).",
  );
  return undefined;
}

/**
 * The S3 storage the inputs ask for, or undefined (local storage on the data volume). Every
 * problem is added to `problems`, naming its input: some but not all buckets, an S3 option
 * without buckets, a bad bucket name or endpoint, a missing region or credentials, an endpoint on
 * this machine with target kubernetes.
 */
export function deriveS3Storage(v: InputValues, env: Env, problems: ProblemList): S3Storage | undefined {
  // connect: refused per input (inputs.ts targets). down, backup and restore start no backend:
  // a workflow may give them the same inputs as up, without the keys.
  if (v.target === "connect" || v.command !== "up") return undefined;
  const missing = S3_BUCKETS.filter((b) => !v[b.input]);
  if (missing.length === S3_BUCKETS.length) {
    for (const name of S3_OPTION_INPUTS)
      if (typeof v[name] === "boolean" ? v[name] : v[name] !== undefined)
        problems.add(
          name,
          "is for S3 storage, which needs the five bucket inputs (s3-*-bucket): give them, or remove it.",
        );
    return undefined;
  }
  if (missing.length > 0)
    problems.add(
      missing[0]!.input,
      `S3 storage needs all five buckets; missing: ${missing.map((b) => b.input).join(", ")}. With only some of them the backend silently keeps everything on its local volume (run_backend.sh falls back to local storage). Give all five (each its own bucket), or none for local storage.`,
    );
  const buckets = {} as Record<BucketKey, string>;
  const seen = new Map<string, string>();
  for (const b of S3_BUCKETS) {
    const name = v[b.input];
    if (!name) continue;
    const bad = checkBucketName(name);
    if (bad) problems.add(b.input, bad);
    const other = seen.get(name);
    if (other)
      problems.add(
        b.input,
        `"${name}" is also ${other}: give each storage area its own bucket, as the backend's documentation does.`,
      );
    seen.set(name, b.input);
    buckets[b.key] = name;
  }
  const endpointText = v["s3-endpoint"];
  const endpoint = endpointText ? checkEndpoint(endpointText) : undefined;
  if (endpoint && "problem" in endpoint) problems.add("s3-endpoint", endpoint.problem);
  const endpointUrl = endpoint && "url" in endpoint ? endpoint.url : undefined;
  if (endpointUrl && v.target === "kubernetes" && isLoopbackEndpoint(endpointUrl))
    problems.add(
      "s3-endpoint",
      `points at ${new URL(endpointUrl).hostname}, this machine: the cluster's pods cannot reach it. Give a host the cluster resolves (e.g. http://minio.storage.svc.cluster.local:9000; with s3-preflight: false when this runner cannot reach it).`,
    );
  const region = v["s3-region"] ?? (env.AWS_REGION?.trim() || undefined);
  if (!region)
    problems.add(
      "s3-region",
      "S3 storage needs a region (the backend requires AWS_REGION): give s3-region (e.g. us-east-1; MinIO takes us-east-1, Cloudflare R2 auto), or set AWS_REGION in the environment.",
    );
  else if (/\s/.test(region))
    problems.add("s3-region", `"${region}" holds white space: give a region name such as eu-west-1.`);
  const credentials = readCredentials(v, env, problems);
  if (missing.length > 0 || !region || !credentials) return undefined;
  return {
    endpoint: endpointUrl,
    region,
    regionSource: v["s3-region"] ? "s3-region" : "AWS_REGION",
    buckets,
    forcePathStyle: v["s3-force-path-style"],
    disableSse: v["s3-disable-sse"],
    disableChecksums: v["s3-disable-checksums"],
    credentials,
    preflight: v["s3-preflight"],
  };
}

/** Whether the endpoint is this machine (localhost, 127.x, [::1]). */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  return endpoint !== undefined && isLoopbackHost(new URL(endpoint).hostname);
}

/**
 * The endpoint as the backend's container reaches it, as with Postgres (planContainerDatabaseUrl):
 * this machine is the docker host there, reached as host.docker.internal.
 */
export function planContainerEndpoint(endpoint: string | undefined): {
  url: string | undefined;
  extraHosts: string[];
} {
  if (!endpoint) return { url: undefined, extraHosts: [] };
  const url = new URL(endpoint);
  if (isLoopbackEndpoint(endpoint)) url.hostname = DOCKER_HOST_ALIAS;
  else if (url.hostname !== DOCKER_HOST_ALIAS) return { url: endpoint, extraHosts: [] };
  return { url: url.href.replace(/\/$/, ""), extraHosts: [DOCKER_HOST_EXTRA] };
}

/**
 * The backend's environment for S3 storage, credentials apart (they go to the env file or the
 * Secret): the region, the five buckets, the endpoint and the flags that are on. `endpoint` is the
 * URL as the backend reaches it (planContainerEndpoint with compose).
 */
export function deriveS3BackendEnv(
  storage: S3Storage,
  endpoint: string | undefined = storage.endpoint,
): Array<[string, string]> {
  const env: Array<[string, string]> = [["AWS_REGION", storage.region]];
  for (const b of S3_BUCKETS) env.push([b.env, storage.buckets[b.key]]);
  if (endpoint) env.push(["S3_ENDPOINT_URL", endpoint]);
  // Rust's bool parser takes exactly "true"; off is the default, so an off flag is left out.
  if (storage.forcePathStyle) env.push(["AWS_S3_FORCE_PATH_STYLE", "true"]);
  if (storage.disableSse) env.push(["AWS_S3_DISABLE_SSE", "true"]);
  if (storage.disableChecksums) env.push(["AWS_S3_DISABLE_CHECKSUMS", "true"]);
  return env;
}

/** The credentials as the backend's variables; no session token: the variable is left out (or removed). */
export function deriveS3CredentialEnv(
  credentials: S3Credentials | undefined,
): Array<[string, string | undefined]> {
  if (!credentials) return [];
  return [
    [S3_CREDENTIAL_ENV.accessKeyId, credentials.accessKeyId],
    [S3_CREDENTIAL_ENV.secretAccessKey, credentials.secretAccessKey],
    [S3_CREDENTIAL_ENV.sessionToken, credentials.sessionToken],
  ];
}

/** Whether a bucket name can be a host name label (virtual-hosted style); dots only over plain http. */
function isVirtualHostable(bucket: string, allowDots: boolean): boolean {
  const labels = allowDots ? bucket.split(".") : [bucket];
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && bucket.length >= 3;
}

/**
 * The URL of a bucket as the AWS SDK addresses it: virtual-hosted style (bucket.host) unless path
 * style is forced, the endpoint is an IP address, or the name cannot be a host label.
 */
export function deriveBucketUrl(
  storage: Pick<S3Storage, "endpoint" | "region" | "forcePathStyle">,
  bucket: string,
): string {
  const base = new URL(storage.endpoint ?? `https://s3.${storage.region}.amazonaws.com`);
  const host = base.hostname.replace(/^\[|\]$/g, "");
  const path = base.pathname.replace(/\/$/, "");
  const virtual =
    !storage.forcePathStyle && isIP(host) === 0 && isVirtualHostable(bucket, base.protocol === "http:");
  if (virtual) return `${base.protocol}//${bucket}.${base.host}${path}/`;
  return `${base.protocol}//${base.host}${path}/${encodeURIComponent(bucket)}`;
}

/** Where the storage is, for messages: the endpoint's origin, or AWS S3 in the region. */
export function describeS3Endpoint(storage: Pick<S3Storage, "endpoint" | "region">): string {
  return storage.endpoint ? new URL(storage.endpoint).host : `AWS S3 (${storage.region})`;
}
