import { Readable } from "node:stream";
import { GetObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { InvalidInputError } from "@trainyard/domain";
import { collectBounded, noChunks, tooLarge, type BoundedSink } from "./collect-bounded.js";
import type { DatasetSourceS3Options } from "./dataset-source-rules.js";
import { s3CredentialsOf } from "../s3-credentials.js";

/** A parsed `s3://bucket/key`. */
export interface S3DatasetLocation {
  bucket: string;
  /** Taken verbatim (not percent-decoded), as the AWS CLI does. */
  key: string;
  /** The connection options the URI is read with. */
  s3: DatasetSourceS3Options;
}

/** S3 bucket naming rules (lowercase letters, digits, dots and hyphens, 3 to 63 characters). */
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket/key` (no I/O).
 * @throws InvalidInputError on `field`: s3:// disabled, bad bucket name, empty key.
 */
export function parseS3DatasetUri(uri: string, field: string, s3: DatasetSourceS3Options | undefined): S3DatasetLocation {
  if (s3 === undefined) throw InvalidInputError.forField(field, "s3:// datasets are disabled; configure S3 storage");
  const match = /^s3:\/\/([^/]*)\/(.*)$/.exec(uri);
  const bucket = match?.[1];
  const key = match?.[2];
  if (bucket === undefined || key === undefined || key === "") {
    throw InvalidInputError.forField(field, "s3:// URIs must be s3://bucket/key");
  }
  if (!bucketPattern.test(bucket)) throw InvalidInputError.forField(field, `invalid bucket name ${JSON.stringify(bucket)}`);
  if (key.includes("\0")) throw InvalidInputError.forField(field, "s3:// keys must not contain a NUL character");
  return { bucket, key, s3 };
}

/**
 * GetObject with a client built from `location.s3` (destroyed afterwards); the body goes to `sink`
 * (default: into memory) with the `maxBytes` limit.
 * @throws InvalidInputError on `field` (no such key or bucket, access denied), PayloadTooLargeError.
 */
export async function readS3Dataset<T = Buffer>(
  location: S3DatasetLocation,
  uri: string,
  field: string,
  maxBytes: number,
  sink: BoundedSink<T> = collectBounded as BoundedSink<unknown> as BoundedSink<T>,
): Promise<T> {
  const client = new S3Client(clientConfigOf(location.s3));
  try {
    const response = await client
      .send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }))
      .catch((error: unknown) => {
        throw inputErrorOr(error, uri, field);
      });
    const body: unknown = response.Body;
    if (body === undefined) return await sink(noChunks(), maxBytes, uri);
    const stream = body instanceof Readable ? body : Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
    if ((response.ContentLength ?? 0) > maxBytes) {
      stream.destroy();
      throw tooLarge(uri, maxBytes);
    }
    return await sink(stream, maxBytes, uri);
  } finally {
    client.destroy();
  }
}

/**
 * The S3 client configuration for `s3`.
 * @throws InvalidInputError when only one of `accessKeyId` and `secretAccessKey` is given.
 */
export function clientConfigOf(s3: DatasetSourceS3Options): S3ClientConfig {
  const config: S3ClientConfig = { region: s3.region, forcePathStyle: s3.forcePathStyle ?? false };
  if (s3.endpoint !== undefined) config.endpoint = s3.endpoint;
  const credentials = s3CredentialsOf(s3);
  if (credentials !== undefined) config.credentials = credentials;
  return config;
}

function inputErrorOr(error: unknown, uri: string, field: string): unknown {
  if (!(error instanceof Error)) return error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (error.name === "NoSuchBucket") return InvalidInputError.forField(field, `${uri} not found (no such bucket)`);
  if (error.name === "NoSuchKey" || status === 404) return InvalidInputError.forField(field, `${uri} not found`);
  if (error.name === "AccessDenied" || status === 403) {
    return InvalidInputError.forField(field, `${uri} is not readable with the service's S3 credentials`);
  }
  return error;
}
