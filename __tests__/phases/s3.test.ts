/**
 * What the S3 preflight says for each answer a store can give (the answers s3rver cannot give:
 * a wrong secret, an expired token, a bucket in another region, a server error, a timeout), through
 * a probe that answers from a table. The real server: integration/s3.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { S3Answer, S3Probe, S3Request } from "../../src/adapters/s3.js";
import { parseConfig } from "../../src/core/config.js";
import { checkS3Storage } from "../../src/phases/s3.js";

const storage = parseConfig(
  {
    "s3-exports-bucket": "convex-exports",
    "s3-files-bucket": "convex-files",
    "s3-modules-bucket": "convex-modules",
    "s3-search-bucket": "convex-search",
    "s3-snapshot-imports-bucket": "convex-imports",
    "s3-region": "eu-west-1",
  },
  { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE1234", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG" },
).storage!;

const answer = (status: number, extra: Partial<Extract<S3Answer, { kind: "answer" }>> = {}): S3Answer => ({
  kind: "answer",
  status,
  bucketRegion: undefined,
  code: undefined,
  ...extra,
});

/** Every bucket answers `head`, the files bucket `files` when given; the GET after a 403 answers `code`. */
function probe(head: S3Answer, options: { files?: S3Answer; code?: string } = {}) {
  const asked: S3Request[] = [];
  const p: S3Probe = {
    headBucket: async (request) => {
      asked.push(request);
      return request.url.includes("convex-files") && options.files ? options.files : head;
    },
    errorCode: async () => answer(403, { code: options.code }),
  };
  return { p, asked };
}

describe("the preflight's message for each answer", () => {
  it.each<[string, S3Answer, { files?: S3Answer; code?: string }, RegExp]>([
    [
      "a wrong secret",
      answer(403),
      { code: "SignatureDoesNotMatch" },
      /^S3 storage: "convex-exports" \(s3-exports-bucket\), .* "convex-imports" \(s3-snapshot-imports-bucket\): the secret access key from the environment's AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY does not match its access key id\.\n {2}-> Give working credentials/,
    ],
    ["an expired token", answer(403), { code: "ExpiredToken" }, /: the session token has expired\./],
    [
      "no permission on one bucket",
      answer(200),
      { files: answer(403), code: "AccessDenied" },
      /^S3 storage: "convex-files" \(s3-files-bucket\): access denied \(AccessDenied\): the credentials from the environment's .* are wrong, or may not read the bucket \(HeadBucket needs s3:ListBucket\)\.\n {2}-> Check the keys, and the bucket's or the user's policy\.$/,
    ],
    [
      "a bucket in another region",
      answer(200),
      { files: answer(301, { bucketRegion: "us-west-2" }) },
      /^S3 storage: "convex-files" \(s3-files-bucket\) is in region us-west-2, not eu-west-1 \(from s3-region\)\.\n {2}-> Set s3-region: us-west-2\.$/,
    ],
    [
      "a server error",
      answer(503),
      {},
      /^S3 storage: AWS S3 \(eu-west-1\) answered HTTP 503 when asked for "convex-exports" .*\n {2}-> Check s3-endpoint, s3-region and s3-force-path-style/,
    ],
    [
      "no answer in time",
      { kind: "unreachable", cause: "timeout" },
      {},
      /^S3 storage: AWS S3 \(eu-west-1\) cannot be reached from this machine \(no answer within 10 s\)/,
    ],
  ])("%s", async (_, head, options, expected) => {
    const { p } = probe(head, options);
    const findings = await checkS3Storage(storage, p, "compose");
    const failed = findings.filter((f) => f.status === "fail");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(expected);
    expect(failed[0]!.message).not.toMatch(/AKIAEXAMPLE1234|wJalrXUtnFEMI/);
    expect((failed[0]!.error as Error).message).toMatch(/\. Nothing was started\.\n/);
  });

  it("asks AWS for each bucket, virtual-hosted, with the region and the credentials the backend gets", async () => {
    const { p, asked } = probe(answer(200));
    expect((await checkS3Storage(storage, p, "compose")).map((f) => f.status)).toEqual(["pass"]);
    expect(asked.map((r) => r.url).sort()).toEqual([
      "https://convex-exports.s3.eu-west-1.amazonaws.com/",
      "https://convex-files.s3.eu-west-1.amazonaws.com/",
      "https://convex-imports.s3.eu-west-1.amazonaws.com/",
      "https://convex-modules.s3.eu-west-1.amazonaws.com/",
      "https://convex-search.s3.eu-west-1.amazonaws.com/",
    ]);
    expect(
      asked.every((r) => r.region === "eu-west-1" && r.credentials.accessKeyId === "AKIAEXAMPLE1234"),
    ).toBe(true);
  });

  it("s3-preflight: false asks nothing; temporary keys with kubernetes are warned about", async () => {
    const { p, asked } = probe(answer(404));
    const withToken = {
      ...storage,
      preflight: false,
      credentials: { ...storage.credentials, sessionToken: "token" },
    };
    const findings = await checkS3Storage(withToken, p, "kubernetes");
    expect(asked).toEqual([]);
    expect(findings.map((f) => f.status)).toEqual(["pass", "warn"]);
    expect(findings[0]!.message).toBe("S3 storage at AWS S3 (eu-west-1): not checked (s3-preflight: false)");
    expect(findings[1]!.message).toMatch(/the credentials are temporary \(a session token\)/);
  });
});
