/**
 * S3 storage's configuration: the s3-* inputs (and the environment's AWS_* variables) read by
 * parseConfig into the backend's environment, every problem named by its input; the bucket URLs
 * as the AWS SDK addresses them; the kubernetes Secret and StatefulSet with S3.
 */
import { describe, expect, it } from "vitest";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { buildManifests, type ManifestInput, SECRET_KEYS } from "../../src/core/kubernetes.js";
import {
  deriveBucketUrl,
  deriveS3BackendEnv,
  deriveS3CredentialEnv,
  planContainerEndpoint,
} from "../../src/core/s3-storage.js";
import { configProblems as problems } from "../helpers/config-problems.js";
import { manifestInput } from "../helpers/manifest-input.js";

const BUCKETS: RawInputs = {
  "s3-exports-bucket": "convex-exports",
  "s3-files-bucket": "convex-files",
  "s3-modules-bucket": "convex-modules",
  "s3-search-bucket": "convex-search",
  "s3-snapshot-imports-bucket": "convex-imports",
};
const KEYS: RawInputs = {
  "s3-access-key-id": "AKIAEXAMPLE1234",
  "s3-secret-access-key": "wJalrXUtnFEMI/K7MDENG",
};
const BUCKET_ENV = {
  S3_STORAGE_EXPORTS_BUCKET: "convex-exports",
  S3_STORAGE_FILES_BUCKET: "convex-files",
  S3_STORAGE_MODULES_BUCKET: "convex-modules",
  S3_STORAGE_SEARCH_BUCKET: "convex-search",
  S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "convex-imports",
};

describe("inputs -> the backend's S3 environment", () => {
  it.each<[string, RawInputs, Record<string, string>, Record<string, string>, string]>([
    [
      "AWS S3: region and keys as inputs",
      { ...BUCKETS, ...KEYS, "s3-region": "eu-west-1" },
      {},
      { AWS_REGION: "eu-west-1", ...BUCKET_ENV },
      "inputs",
    ],
    [
      "MinIO: endpoint, path style, no SSE, no checksums; keys and region from the environment",
      {
        ...BUCKETS,
        "s3-endpoint": "https://minio.example.com:9000/",
        "s3-force-path-style": "true",
        "s3-disable-sse": "true",
        "s3-disable-checksums": "true",
      },
      { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "minio", AWS_SECRET_ACCESS_KEY: "minio-secret" },
      {
        AWS_REGION: "us-east-1",
        ...BUCKET_ENV,
        S3_ENDPOINT_URL: "https://minio.example.com:9000",
        AWS_S3_FORCE_PATH_STYLE: "true",
        AWS_S3_DISABLE_SSE: "true",
        AWS_S3_DISABLE_CHECKSUMS: "true",
      },
      "environment",
    ],
    [
      "off flags are left out (the backend's default is off), s3-region wins over AWS_REGION",
      { ...BUCKETS, ...KEYS, "s3-region": "auto", "s3-force-path-style": "false" },
      { AWS_REGION: "eu-west-1" },
      { AWS_REGION: "auto", ...BUCKET_ENV },
      "inputs",
    ],
  ])("%s", (_, raw, env, expected, source) => {
    const config = parseConfig(raw, env);
    expect(Object.fromEntries(deriveS3BackendEnv(config.storage!))).toEqual(expected);
    expect(config.storage!.credentials.source).toBe(source);
    // The credentials are never in the backend's plain environment.
    expect(deriveS3BackendEnv(config.storage!).map(([n]) => n)).not.toContain("AWS_SECRET_ACCESS_KEY");
  });

  it("down, backup and restore start no backend: the inputs are taken as they are, no key needed", () => {
    for (const command of ["down", "backup", "restore"])
      expect(
        problems({ ...BUCKETS, command, "backup-file": "b.zip" }).filter((p) => p.startsWith("s3-")),
      ).toEqual([]);
  });

  it("no bucket: no S3 storage, the environment's AWS keys are not read", () => {
    expect(parseConfig({}, { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }).storage).toBeUndefined();
  });

  it("credentials: both inputs, else both environment variables with its session token", () => {
    const fromEnv = parseConfig(
      { ...BUCKETS, "s3-region": "eu-west-1" },
      { AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "token" },
    ).storage!;
    expect(deriveS3CredentialEnv(fromEnv.credentials)).toEqual([
      ["AWS_ACCESS_KEY_ID", "id"],
      ["AWS_SECRET_ACCESS_KEY", "secret"],
      ["AWS_SESSION_TOKEN", "token"],
    ]);
    // Inputs win as a pair; the environment's token does not go with another key.
    const fromInputs = parseConfig(
      { ...BUCKETS, ...KEYS, "s3-region": "eu-west-1" },
      { AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "token" },
    ).storage!;
    expect(deriveS3CredentialEnv(fromInputs.credentials)).toEqual([
      ["AWS_ACCESS_KEY_ID", "AKIAEXAMPLE1234"],
      ["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"],
      ["AWS_SESSION_TOKEN", undefined],
    ]);
  });
});

describe("problems, each named by its input", () => {
  const region = { "s3-region": "eu-west-1" };
  it.each<[string, RawInputs, Record<string, string>, RegExp]>([
    [
      "some buckets but not all",
      { "s3-files-bucket": "f", "s3-modules-bucket": "m", ...KEYS, ...region },
      {},
      /^s3-exports-bucket: S3 storage needs all five buckets; missing: s3-exports-bucket, s3-search-bucket, s3-snapshot-imports-bucket\. With only some of them the backend silently keeps everything on its local volume/,
    ],
    [
      "an S3 option without buckets",
      { "s3-endpoint": "http://minio:9000" },
      {},
      /^s3-endpoint: is for S3 storage, which needs the five bucket inputs/,
    ],
    [
      "a boolean S3 option on without buckets",
      { "s3-force-path-style": "true" },
      {},
      /^s3-force-path-style: is for S3 storage/,
    ],
    ["no region anywhere", { ...BUCKETS, ...KEYS }, {}, /^s3-region: S3 storage needs a region/],
    [
      "no credentials anywhere",
      { ...BUCKETS, ...region },
      {},
      /^s3-access-key-id: S3 storage needs credentials: give s3-access-key-id and s3-secret-access-key .* or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    ],
    [
      "half a key pair",
      { ...BUCKETS, ...region, "s3-access-key-id": "id" },
      {},
      /^s3-secret-access-key: is missing/,
    ],
    [
      "a token input with the environment's keys",
      { ...BUCKETS, ...region, "s3-session-token": "t" },
      { AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "s" },
      /^s3-session-token: goes with s3-access-key-id/,
    ],
    [
      "a bad bucket name",
      { ...BUCKETS, ...KEYS, ...region, "s3-files-bucket": "My_Files" },
      {},
      /^s3-files-bucket: "My_Files" is not a bucket name/,
    ],
    [
      "one bucket twice",
      { ...BUCKETS, ...KEYS, ...region, "s3-search-bucket": "convex-files" },
      {},
      /^s3-search-bucket: "convex-files" is also s3-files-bucket/,
    ],
    [
      "an endpoint that is not http(s)",
      { ...BUCKETS, ...KEYS, ...region, "s3-endpoint": "s3://bucket" },
      {},
      /^s3-endpoint: s3: is not http: or https:/,
    ],
    [
      "an endpoint holding credentials",
      { ...BUCKETS, ...KEYS, ...region, "s3-endpoint": "https://id:secret@minio.example.com" },
      {},
      /^s3-endpoint: holds credentials, a query or a fragment/,
    ],
    [
      "kubernetes with an endpoint on this machine",
      { ...BUCKETS, ...KEYS, ...region, target: "kubernetes", "s3-endpoint": "http://127.0.0.1:9000" },
      {},
      /^s3-endpoint: points at 127\.0\.0\.1, this machine: the cluster's pods cannot reach it/,
    ],
    [
      "target connect: the backend runs elsewhere",
      {
        target: "connect",
        "convex-url": "https://a.example",
        "site-url": "https://s.example",
        "admin-key": "app|00",
        ...BUCKETS,
      },
      {},
      /^s3-exports-bucket: is for target: compose or kubernetes only/,
    ],
    [
      "a credential with a line break (the value is never quoted back)",
      { ...BUCKETS, ...region, "s3-access-key-id": "id", "s3-secret-access-key": "abc\ndef" },
      {},
      /^s3-secret-access-key: holds white space or a line break/,
    ],
    [
      "backend-env setting what an S3 input sets",
      { "backend-env": "S3_STORAGE_FILES_BUCKET=x" },
      {},
      /^backend-env: S3_STORAGE_FILES_BUCKET is set by the s3-files-bucket input/,
    ],
  ])("%s", (_, raw, env, expected) => {
    const found = problems(raw, env);
    expect(
      found.some((p) => expected.test(p)),
      found.join("\n"),
    ).toBe(true);
  });

  it("no problem ever quotes a credential", () => {
    const found = problems({
      ...BUCKETS,
      "s3-access-key-id": "id with space",
      "s3-secret-access-key": "sec ret",
    });
    expect(found.join("\n")).not.toMatch(/id with space|sec ret/);
  });

  it("an endpoint that is not a URL is quoted without the credentials written into it", () => {
    const found = problems({
      ...BUCKETS,
      ...KEYS,
      "s3-region": "us-east-1",
      "s3-endpoint": "https://AKIAENDPOINTID:wJalrEndpointSecret@minio.example.com:99999",
    });
    expect(found.join("\n")).toMatch(
      /^s3-endpoint: "https:\/\/\*\*\*@minio\.example\.com:99999" is not a URL/m,
    );
    expect(found.join("\n")).not.toMatch(/AKIAENDPOINTID|wJalrEndpointSecret/);
  });

  // AWS secret access keys often hold `/` or `+`; a `#` or `?` cuts a URL short just as well.
  it.each([
    ["a / in the secret", "https://AKIAENDPOINTID:wJalr/EndpointSecret@minio.example.com:9000"],
    ["a # in the secret", "https://AKIAENDPOINTID:wJalr#EndpointSecret@minio.example.com:9000"],
    ["a ? in the secret", "https://AKIAENDPOINTID:wJalr?EndpointSecret@minio.example.com:9000"],
    ["white space before it", " https://AKIAENDPOINTID:wJalrEndpointSecret@minio.example.com:99999"],
    ["no scheme", "AKIAENDPOINTID:wJalr/EndpointSecret@minio.example.com:9000"],
  ])("an endpoint with credentials is never quoted with them: %s", (_, endpoint) => {
    const found = problems({ ...BUCKETS, ...KEYS, "s3-region": "us-east-1", "s3-endpoint": endpoint });
    expect(found.join("\n")).toMatch(/^s3-endpoint: /m);
    expect(found.join("\n")).not.toMatch(/AKIAENDPOINTID|wJalr|EndpointSecret/);
  });
});

describe("bucket URLs, as the AWS SDK addresses buckets", () => {
  it.each([
    [{ endpoint: undefined, forcePathStyle: false }, "b-1", "https://b-1.s3.eu-west-1.amazonaws.com/"],
    [{ endpoint: undefined, forcePathStyle: true }, "b-1", "https://s3.eu-west-1.amazonaws.com/b-1"],
    [
      { endpoint: undefined, forcePathStyle: false },
      "my.bucket",
      "https://s3.eu-west-1.amazonaws.com/my.bucket",
    ],
    [
      { endpoint: "https://minio.example.com:9000", forcePathStyle: false },
      "b-1",
      "https://b-1.minio.example.com:9000/",
    ],
    [
      { endpoint: "https://minio.example.com:9000", forcePathStyle: true },
      "b-1",
      "https://minio.example.com:9000/b-1",
    ],
    [{ endpoint: "http://127.0.0.1:9000", forcePathStyle: false }, "b-1", "http://127.0.0.1:9000/b-1"],
    [{ endpoint: "http://[::1]:9000", forcePathStyle: false }, "b-1", "http://[::1]:9000/b-1"],
    [{ endpoint: "http://minio:9000", forcePathStyle: false }, "my.bucket", "http://my.bucket.minio:9000/"],
    [{ endpoint: "https://gw.example.com/s3", forcePathStyle: true }, "b-1", "https://gw.example.com/s3/b-1"],
  ])("%j %s -> %s", (storage, bucket, url) => {
    expect(deriveBucketUrl({ ...storage, region: "eu-west-1" }, bucket)).toBe(url);
  });
});

describe("the endpoint from the backend's container (compose)", () => {
  it.each([
    [undefined, undefined, []],
    ["http://127.0.0.1:9000", "http://host.docker.internal:9000", ["host.docker.internal:host-gateway"]],
    ["http://localhost:9000", "http://host.docker.internal:9000", ["host.docker.internal:host-gateway"]],
    ["http://127.0.0.2:9000/", "http://host.docker.internal:9000", ["host.docker.internal:host-gateway"]],
    ["http://[::1]:9000", "http://host.docker.internal:9000", ["host.docker.internal:host-gateway"]],
    [
      "http://host.docker.internal:9000",
      "http://host.docker.internal:9000",
      ["host.docker.internal:host-gateway"],
    ],
    ["https://minio.example.com", "https://minio.example.com", []],
  ])("%s -> %s", (endpoint, url, extraHosts) => {
    expect(planContainerEndpoint(endpoint)).toEqual({ url, extraHosts });
  });
});

describe("kubernetes: settings in the StatefulSet, credentials only in the Secret", () => {
  const base: ManifestInput = manifestInput({
    instanceName: "pr-1",
    images: { backend: "b:1", dashboard: "d:1" },
    dashboard: false,
    cloudOrigin: "https://pr-1.example.com",
    siteOrigin: "https://pr-1-site.example.com",
    dashboardDeploymentUrl: "https://pr-1.example.com",
    owner: undefined,
  });
  type Env = Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
  }>;
  const parts = (input: ManifestInput) => {
    const objects = buildManifests(input) as never as Array<{
      kind: string;
      data?: Record<string, string>;
      spec?: {
        template: {
          metadata: { annotations: Record<string, string> };
          spec: { containers: Array<{ env: Env }> };
        };
      };
    }>;
    const secret = objects.find((o) => o.kind === "Secret")!;
    const sts = objects.find((o) => o.kind === "StatefulSet")!;
    return {
      data: Object.fromEntries(
        Object.entries(secret.data!).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
      ),
      env: sts.spec!.template.spec.containers[0]!.env,
      digest: Object.values(sts.spec!.template.metadata.annotations)[0],
    };
  };

  it("with S3 and a session token", () => {
    const storage = parseConfig(
      {
        ...BUCKETS,
        ...KEYS,
        "s3-session-token": "FwoGZXIvYXdzEXAMPLE",
        "s3-region": "eu-west-1",
        target: "kubernetes",
      },
      {},
    ).storage!;
    const { data, env, digest } = parts({ ...base, storage });
    expect(data).toMatchObject({
      [SECRET_KEYS.awsAccessKeyId]: "AKIAEXAMPLE1234",
      [SECRET_KEYS.awsSecretAccessKey]: "wJalrXUtnFEMI/K7MDENG",
      [SECRET_KEYS.awsSessionToken]: "FwoGZXIvYXdzEXAMPLE",
    });
    const byName = Object.fromEntries(env.map((e) => [e.name, e]));
    for (const [name, key] of [
      ["AWS_ACCESS_KEY_ID", SECRET_KEYS.awsAccessKeyId],
      ["AWS_SECRET_ACCESS_KEY", SECRET_KEYS.awsSecretAccessKey],
      ["AWS_SESSION_TOKEN", SECRET_KEYS.awsSessionToken],
    ] as const)
      expect(byName[name]).toEqual({ name, valueFrom: { secretKeyRef: { name: "convex-pr-1", key } } });
    expect(byName.AWS_REGION?.value).toBe("eu-west-1");
    expect(byName.S3_STORAGE_FILES_BUCKET?.value).toBe("convex-files");
    // No credential in clear anywhere in the pod's spec.
    expect(JSON.stringify(env)).not.toMatch(/wJalrXUtnFEMI|AKIAEXAMPLE|FwoGZXIv/);
    // A new key rolls the pod.
    const rotated = { ...storage, credentials: { ...storage.credentials, secretAccessKey: "other" } };
    expect(parts({ ...base, storage: rotated }).digest).not.toBe(digest);
  });

  it("without S3: no AWS key in the Secret or the environment, and the same digest as before S3 existed", () => {
    const { data, env, digest } = parts(base);
    expect(Object.keys(data)).toEqual([SECRET_KEYS.instanceSecret]);
    expect(env.map((e) => e.name).filter((n) => /^(AWS|S3)_/.test(n))).toEqual([]);
    expect(digest).toBe(parts({ ...base, storage: undefined }).digest);
  });
});
