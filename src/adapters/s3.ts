/**
 * S3's HeadBucket (and, to say why access was refused, a ListObjectsV2 of no keys), signed with
 * SigV4 by aws4fetch. Only answers are reported: what they mean is phases/s3.ts's job.
 */
import { AwsV4Signer } from "aws4fetch";
import type { FetchLike } from "./convex-admin.js";

export interface S3Request {
  /** The bucket's URL (core/s3-storage.ts deriveBucketUrl). */
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };
  /** Milliseconds before the request is given up. */
  timeoutMs: number;
}

export type S3Answer =
  /** The server answered: its status, the bucket's region when it says so, its error code when it has a body. */
  | { kind: "answer"; status: number; bucketRegion: string | undefined; code: string | undefined }
  /** No answer: the connection failed (the cause's code, e.g. ECONNREFUSED, ENOTFOUND) or timed out. */
  | { kind: "unreachable"; cause: string };

export interface S3Probe {
  headBucket(request: S3Request): Promise<S3Answer>;
  /** ListObjectsV2 with max-keys=0: a GET whose error answer names the reason (InvalidAccessKeyId...). */
  errorCode(request: S3Request): Promise<S3Answer>;
}

/** The cause of a failed fetch, in a word: the system's code, else the error's message. */
function causeOf(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timeout";
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** The `<Code>` of an S3 error document, when the body is one. */
export function parseS3ErrorCode(body: string): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
}

export function createS3Probe(fetchImpl: FetchLike = fetch): S3Probe {
  const send = async (request: S3Request, method: "HEAD" | "GET", url: string): Promise<S3Answer> => {
    const signed = await new AwsV4Signer({
      method,
      url,
      service: "s3",
      region: request.region,
      accessKeyId: request.credentials.accessKeyId,
      secretAccessKey: request.credentials.secretAccessKey,
      ...(request.credentials.sessionToken ? { sessionToken: request.credentials.sessionToken } : {}),
    }).sign();
    try {
      const response = await fetchImpl(signed.url.toString(), {
        method,
        headers: signed.headers,
        redirect: "manual",
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      // A small error document at most; a HEAD has no body.
      const body = method === "GET" ? (await response.text()).slice(0, 4096) : "";
      return {
        kind: "answer",
        status: response.status,
        bucketRegion: response.headers.get("x-amz-bucket-region") ?? undefined,
        code: parseS3ErrorCode(body),
      };
    } catch (error) {
      return { kind: "unreachable", cause: causeOf(error) };
    }
  };
  return {
    headBucket: (request) => send(request, "HEAD", request.url),
    errorCode: (request) => {
      const url = new URL(request.url);
      url.search = "list-type=2&max-keys=0";
      return send(request, "GET", url.toString());
    },
  };
}
