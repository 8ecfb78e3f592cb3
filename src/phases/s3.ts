/**
 * S3 storage before anything starts: every bucket asked for at once (HeadBucket, signed with the
 * credentials the backend will get), each problem said with the bucket, its input, what went
 * wrong and what to do. A FAIL stops `up` (phases/checks.ts); doctor prints the same lines.
 */
import type { S3Answer, S3Probe } from "../adapters/s3.js";
import { SetupError } from "../core/errors.js";
import { option } from "../core/naming.js";
import { DOCKER_HOST_ALIAS } from "../core/postgres-url.js";
import {
  type BucketSpec,
  deriveBucketUrl,
  describeS3Endpoint,
  isLoopbackEndpoint,
  S3_BUCKETS,
  S3_CREDENTIAL_ENV,
  type S3Storage,
} from "../core/s3-storage.js";
import type { Finding } from "./checks.js";

/** How long one bucket's answer is waited for. */
export const S3_PREFLIGHT_TIMEOUT_MS = 10_000;

/** What one bucket's answer means: ok, or a problem (the same `group` for the same cause). */
type Verdict =
  | { ok: true }
  | { ok: false; group: string; say: (buckets: readonly BucketSpec[]) => [string, string] };

const named = (buckets: readonly BucketSpec[], storage: S3Storage) =>
  buckets.map((b) => `"${storage.buckets[b.key]}" (${option(b.input)})`).join(", ");

/** Where the credentials were given, in the reader's words. */
function credentialSource(storage: S3Storage): string {
  return storage.credentials.source === "inputs"
    ? `${option("s3-access-key-id")} / ${option("s3-secret-access-key")}`
    : `the environment's ${S3_CREDENTIAL_ENV.accessKeyId} / ${S3_CREDENTIAL_ENV.secretAccessKey}`;
}

/** Why access was refused, from the error code of a GET on the bucket (a HEAD's answer has no body). */
function refused(storage: S3Storage, code: string | undefined): Verdict {
  const where = describeS3Endpoint(storage);
  const creds = credentialSource(storage);
  const reasons: Record<string, string> = {
    InvalidAccessKeyId: `${where} does not know the access key id from ${creds}`,
    SignatureDoesNotMatch: `the secret access key from ${creds} does not match its access key id`,
    ExpiredToken: "the session token has expired",
    InvalidToken: "the session token is not valid",
    TokenRefreshRequired: "the session token has expired",
  };
  const reason =
    (code && reasons[code]) ??
    `access denied (${code ?? "HTTP 403"}): the credentials from ${creds} are wrong, or may not read the bucket (HeadBucket needs s3:ListBucket)`;
  return {
    ok: false,
    group: `403 ${code}`,
    say: (buckets) => [
      `S3 storage: ${named(buckets, storage)}: ${reason}.`,
      code && reasons[code]
        ? `Give working credentials (${creds}); temporary ones must still be valid when the backend uses them.`
        : "Check the keys, and the bucket's or the user's policy.",
    ],
  };
}

async function judge(probe: S3Probe, storage: S3Storage, bucket: string): Promise<Verdict> {
  const request = {
    url: deriveBucketUrl(storage, bucket),
    region: storage.region,
    credentials: storage.credentials,
    timeoutMs: S3_PREFLIGHT_TIMEOUT_MS,
  };
  const answer: S3Answer = await probe.headBucket(request);
  const where = describeS3Endpoint(storage);
  if (answer.kind === "unreachable") {
    const cause =
      answer.cause === "timeout" ? `no answer within ${S3_PREFLIGHT_TIMEOUT_MS / 1000} s` : answer.cause;
    return {
      ok: false,
      group: `unreachable ${cause}`,
      say: (buckets) => [
        `S3 storage: ${where} cannot be reached from this machine (${cause}) to ask for ${named(buckets, storage)}.`,
        `Check ${option("s3-endpoint")} (a URL this machine and the backend both reach) and the network; when only the backend can reach it, rerun with ${option("s3-preflight", false)}.`,
      ],
    };
  }
  const { status, bucketRegion } = answer;
  if (status >= 200 && status < 300) return { ok: true };
  if (bucketRegion && bucketRegion !== storage.region)
    return {
      ok: false,
      group: `region ${bucketRegion}`,
      say: (buckets) => [
        `S3 storage: ${named(buckets, storage)} ${buckets.length > 1 ? "are" : "is"} in region ${bucketRegion}, not ${storage.region} (from ${storage.regionSource}).`,
        `Set ${option("s3-region", bucketRegion)}.`,
      ],
    };
  if (status === 404)
    return {
      ok: false,
      group: `404 ${bucket}`,
      say: (buckets) => [
        `S3 storage: bucket ${named(buckets, storage)} does not exist at ${where}.`,
        `Create it (e.g. \`aws s3 mb s3://${bucket} --region ${storage.region}${storage.endpoint ? ` --endpoint-url ${storage.endpoint}` : ""}\`), or correct ${option(buckets[0]!.input)}.`,
      ],
    };
  if (status === 403) return refused(storage, codeOf(await probe.errorCode(request)));
  return {
    ok: false,
    group: `${status}`,
    say: (buckets) => [
      `S3 storage: ${where} answered HTTP ${status} when asked for ${named(buckets, storage)}${answer.code ? ` (${answer.code})` : ""}.`,
      `Check ${option("s3-endpoint")}, ${option("s3-region")} and ${option("s3-force-path-style")} (MinIO usually needs path style).`,
    ],
  };
}

const codeOf = (answer: S3Answer) => (answer.kind === "answer" ? answer.code : undefined);

/** The S3 storage's findings: a PASS naming the buckets, or one FAIL per cause (buckets sharing one are named together). */
export async function checkS3Storage(
  storage: S3Storage,
  probe: S3Probe,
  target: "compose" | "kubernetes" | "connect",
): Promise<Finding[]> {
  const notes: Finding[] = [];
  if (target === "compose" && isLoopbackEndpoint(storage.endpoint))
    notes.push({
      status: "warn",
      message: `S3 endpoint ${describeS3Endpoint(storage)} is this machine: the backend's container reaches it as ${DOCKER_HOST_ALIAS}, so it must listen on the docker bridge too (not only on 127.0.0.1).`,
    });
  if (target === "kubernetes" && storage.credentials.sessionToken)
    notes.push({
      status: "warn",
      message:
        "S3 storage: the credentials are temporary (a session token): the backend in the cluster outlives this job and stops reaching its storage when they expire. Give long-lived keys of a user limited to the five buckets.",
    });
  if (!storage.preflight)
    return [
      {
        status: "pass",
        message: `S3 storage at ${describeS3Endpoint(storage)}: not checked (${option("s3-preflight", false)})`,
      },
      ...notes,
    ];
  const verdicts = await Promise.all(S3_BUCKETS.map((b) => judge(probe, storage, storage.buckets[b.key])));
  const groups = new Map<
    string,
    { buckets: BucketSpec[]; say: (buckets: readonly BucketSpec[]) => [string, string] }
  >();
  verdicts.forEach((v, i) => {
    if (v.ok) return;
    const group = groups.get(v.group) ?? { buckets: [], say: v.say };
    group.buckets.push(S3_BUCKETS[i]!);
    groups.set(v.group, group);
  });
  if (groups.size === 0)
    return [
      {
        status: "pass",
        message: `S3 storage at ${describeS3Endpoint(storage)}: the five buckets answer to the credentials from ${credentialSource(storage)}`,
      },
      ...notes,
    ];
  const failures: Finding[] = [...groups.values()].map(({ buckets, say }) => {
    const [message, hint] = say(buckets);
    return {
      status: "fail",
      message: `${message}\n  -> ${hint}`,
      error: new SetupError(`${message} Nothing was started.`, hint),
    };
  });
  return [...failures, ...notes];
}
