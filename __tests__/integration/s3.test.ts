/**
 * S3 storage against a real S3-protocol server (s3rver, helpers/s3-server.ts): the HeadBucket
 * probe (aws4fetch's SigV4), the preflight's findings (a bucket present, absent, a key the server
 * does not know, the endpoint down), and `up` through setup() with the in-memory seams: a missing
 * bucket stops it before anything starts; with every bucket the settings reach the compose file
 * and the credentials only the env file (mode 0600), masked and never printed.
 */
import { parse as dotenvParse } from "dotenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as yamlParse } from "yaml";
import { createS3Probe } from "../../src/adapters/s3.js";
import { parseConfig, type RawInputs } from "../../src/core/config.js";
import { S3_BUCKETS, type S3Storage } from "../../src/core/s3-storage.js";
import { checkS3Storage } from "../../src/phases/s3.js";
import { setup } from "../../src/setup.js";
import { world } from "../helpers/memory-world.js";
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from "../helpers/s3-server.js";

const NAMES = ["convex-exports", "convex-files", "convex-modules", "convex-search", "convex-imports"];
const bucketInputs = (names: readonly string[]): RawInputs =>
  Object.fromEntries(S3_BUCKETS.map((b, i) => [b.input, names[i]]));

let server: S3Server;
/** A server started and stopped at once: nothing listens at its endpoint any more. */
let down: string;

beforeAll(async () => {
  server = await startS3Server(NAMES);
  const gone = await startS3Server([]);
  down = gone.endpoint;
  await gone.stop();
});
afterAll(async () => {
  await server?.stop();
});

const inputs = (over: RawInputs = {}): RawInputs => ({
  "working-directory": "app",
  ...bucketInputs(NAMES),
  "s3-endpoint": server.endpoint,
  "s3-region": "us-east-1",
  "s3-access-key-id": S3RVER_CREDENTIALS.accessKeyId,
  "s3-secret-access-key": S3RVER_CREDENTIALS.secretAccessKey,
  ...over,
});
const storageOf = (over: RawInputs = {}): S3Storage => parseConfig(inputs(over), {}).storage!;

describe("the HeadBucket probe against s3rver", () => {
  const probe = createS3Probe();
  const request = (url: string, accessKeyId: string = S3RVER_CREDENTIALS.accessKeyId) => ({
    url,
    region: "us-east-1",
    credentials: { ...S3RVER_CREDENTIALS, accessKeyId },
    timeoutMs: 10_000,
  });
  it("present: 200; absent: 404; an unknown key: 403, and the GET says InvalidAccessKeyId; down: the connection's code", async () => {
    expect(await probe.headBucket(request(`${server.endpoint}/convex-files`))).toMatchObject({ status: 200 });
    expect(await probe.headBucket(request(`${server.endpoint}/nope`))).toMatchObject({ status: 404 });
    expect(await probe.headBucket(request(`${server.endpoint}/convex-files`, "WRONG"))).toMatchObject({
      status: 403,
    });
    expect(await probe.errorCode(request(`${server.endpoint}/convex-files`, "WRONG"))).toMatchObject({
      status: 403,
      code: "InvalidAccessKeyId",
    });
    expect(await probe.headBucket(request(`${down}/convex-files`))).toEqual({
      kind: "unreachable",
      cause: "ECONNREFUSED",
    });
  });
});

describe("the preflight's findings", () => {
  const probe = createS3Probe();
  it("every bucket there: one PASS naming where and whose credentials", async () => {
    const findings = await checkS3Storage(storageOf(), probe, "kubernetes");
    expect(findings).toEqual([
      {
        status: "pass",
        message: `S3 storage at ${new URL(server.endpoint).host}: the five buckets answer to the credentials from s3-access-key-id / s3-secret-access-key`,
      },
    ]);
  });

  it("one bucket missing: a FAIL naming the bucket and its input, and how to create it", async () => {
    const findings = await checkS3Storage(
      storageOf({ "s3-search-bucket": "no-such-bucket" }),
      probe,
      "kubernetes",
    );
    expect(findings.map((f) => f.status)).toEqual(["fail"]);
    expect(findings[0]!.message).toBe(
      `S3 storage: bucket "no-such-bucket" (s3-search-bucket) does not exist at ${new URL(server.endpoint).host}.\n  -> Create it (e.g. \`aws s3 mb s3://no-such-bucket --region us-east-1 --endpoint-url ${server.endpoint}\`), or correct s3-search-bucket.`,
    );
  });

  it("a key the server does not know: one FAIL for the five buckets, naming where the key came from", async () => {
    const findings = await checkS3Storage(
      storageOf({ "s3-access-key-id": "NOT-A-KEY" }),
      probe,
      "kubernetes",
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(
      /^S3 storage: "convex-exports" \(s3-exports-bucket\), "convex-files" \(s3-files-bucket\), .*"convex-imports" \(s3-snapshot-imports-bucket\): 127\.0\.0\.1:\d+ does not know the access key id from s3-access-key-id \/ s3-secret-access-key\.\n {2}-> Give working credentials/,
    );
    expect(findings[0]!.message).not.toContain("NOT-A-KEY");
  });

  it("the endpoint down: one FAIL saying it cannot be reached, and how to skip the preflight", async () => {
    const findings = await checkS3Storage(storageOf({ "s3-endpoint": down }), probe, "kubernetes");
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(
      /^S3 storage: 127\.0\.0\.1:\d+ cannot be reached from this machine \(ECONNREFUSED\) to ask for "convex-exports" .*\n {2}-> Check s3-endpoint .* rerun with s3-preflight: false\.$/,
    );
  });

  it("compose with an endpoint on this machine: a WARN that the container reaches it through the docker host", async () => {
    const findings = await checkS3Storage(storageOf(), probe, "compose");
    expect(findings.map((f) => f.status)).toEqual(["pass", "warn"]);
    expect(findings[1]!.message).toMatch(/reaches it as host\.docker\.internal/);
  });
});

describe("up with S3 storage (setup() with the in-memory seams and the real probe)", () => {
  it("a missing bucket stops up before anything starts: no container, no file written", async () => {
    const w = world();
    w.deps.s3 = createS3Probe();
    const config = parseConfig(inputs({ "s3-modules-bucket": "missing-modules" }), {});
    await expect(setup(config, w.deps)).rejects.toThrow(
      /S3 storage: bucket "missing-modules" \(s3-modules-bucket\) does not exist at 127\.0\.0\.1:\d+\. Nothing was started\./,
    );
    expect(w.events).not.toContain("up");
    expect([...w.files.keys()]).toEqual([]);
  });

  it("every bucket there: the settings in the compose file, the credentials only in the 0600 env file, masked", async () => {
    const w = world();
    w.deps.s3 = createS3Probe();
    const secret = "s3rver-secret-value";
    // s3rver knows one key pair but does not verify SigV4 signatures: any secret passes with its id.
    const result = await setup(parseConfig(inputs({ "s3-secret-access-key": secret }), {}), w.deps);
    expect(w.events).toContain("up");
    const envFile = w.files.get("/w/app/.env.convex.local")!;
    expect(envFile.mode).toBe(0o600);
    expect(dotenvParse(envFile.content)).toMatchObject({
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secret,
    });
    expect(dotenvParse(envFile.content).AWS_SESSION_TOKEN).toBeUndefined();
    const composeText = w.files.get("/w/app/docker-compose.convex.yml")!.content;
    expect(composeText).not.toContain(secret);
    const backend = yamlParse(composeText).services.backend;
    const port = new URL(server.endpoint).port;
    expect(backend.environment).toMatchObject({
      AWS_REGION: "us-east-1",
      S3_ENDPOINT_URL: `http://host.docker.internal:${port}`,
      S3_STORAGE_EXPORTS_BUCKET: "convex-exports",
      S3_STORAGE_FILES_BUCKET: "convex-files",
      S3_STORAGE_MODULES_BUCKET: "convex-modules",
      S3_STORAGE_SEARCH_BUCKET: "convex-search",
      S3_STORAGE_SNAPSHOT_IMPORTS_BUCKET: "convex-imports",
    });
    expect(Object.keys(backend.environment)).not.toContain("AWS_SECRET_ACCESS_KEY");
    expect(backend.extra_hosts).toEqual(["host.docker.internal:host-gateway"]);
    expect(w.masked).toContain(secret);
    expect(w.lines.join("\n")).not.toContain(secret);
    expect(result.warnings.join("\n")).toMatch(/S3 endpoint 127\.0\.0\.1:\d+ is this machine/);
  });

  it("a rerun with other keys: the env file's keys replaced, a stale session token removed, your own lines kept, all said", async () => {
    const w = world();
    w.deps.s3 = createS3Probe();
    await setup(parseConfig(inputs({ "s3-session-token": "first-session-token" }), {}), w.deps);
    const path = "/w/app/.env.convex.local";
    const before = w.files.get(path)!;
    w.files.set(path, { ...before, content: `${before.content}RUST_LOG=debug\n` });
    expect(dotenvParse(before.content).AWS_SESSION_TOKEN).toBe("first-session-token");
    await setup(parseConfig(inputs({ "s3-secret-access-key": "second-secret" }), {}), w.deps);
    const after = dotenvParse(w.files.get(path)!.content);
    expect(after).toMatchObject({ AWS_SECRET_ACCESS_KEY: "second-secret", RUST_LOG: "debug" });
    expect(after.AWS_SESSION_TOKEN).toBeUndefined();
    expect(w.lines).toContain(".env.convex.local: updated AWS_SECRET_ACCESS_KEY");
    expect(w.lines).toContain(".env.convex.local: removed AWS_SESSION_TOKEN");
  });
});
