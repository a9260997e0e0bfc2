import { Readable, Transform, pipeline } from "node:stream";
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { InvalidInputError, NotFoundError, type ObjectStore } from "@trainyard/domain";
import { assertObjectKey, assertObjectKeyPrefix } from "./assert-object-key.js";
import { checkByteRange } from "./check-byte-range.js";
import { formatContentDisposition } from "./format-content-disposition.js";
import type { PresignGetOptions, PresignedUrlStore } from "./presigned-url-store.js";

/** Options shared by both ways of building an {@link S3ObjectStore}. */
export interface S3ObjectStoreBaseOptions {
  /** The bucket; it must exist (the store never creates it). */
  bucket: string;
  /**
   * Key prefix inside the bucket, like a folder (`trainyard/prod`); a trailing `/` is added when
   * missing, so stores with prefixes `a` and `ab` never see each other's keys. Default: `""` (the
   * bucket root).
   */
  prefix?: string;
  /** Keys asked for per ListObjectsV2 page (1 to 1000). Default: 1000. */
  listPageSize?: number;
  /** Part size of multipart uploads of streams, in bytes (at least 5 MiB). Default: 8 MiB. */
  partSizeBytes?: number;
  /** Parts of one stream uploaded in parallel; memory per upload is about (queueSize + 1) × part size. Default: 2. */
  uploadQueueSize?: number;
}

/** Connection options; the store creates (and {@link S3ObjectStore.close} destroys) its own client. */
export interface S3ObjectStoreClientOptions extends S3ObjectStoreBaseOptions {
  /** S3-compatible endpoint URL (`http://127.0.0.1:4568`). Default: AWS S3 for `region`. */
  endpoint?: string;
  /** Region, e.g. `eu-west-1` (any value for most S3-compatible servers). */
  region: string;
  /** Address buckets as `endpoint/bucket` instead of `bucket.endpoint` (MinIO, s3rver). Default: false. */
  forcePathStyle?: boolean;
  /** Static credentials. Default: the AWS SDK's provider chain (env, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A ready client, owned by the caller (the store never destroys it). */
export interface S3ObjectStoreWithClientOptions extends S3ObjectStoreBaseOptions {
  client: S3Client;
}

export type S3ObjectStoreOptions = S3ObjectStoreClientOptions | S3ObjectStoreWithClientOptions;

const mebibyte = 1024 * 1024;
/** S3's longest presigned URL lifetime. */
const maxPresignSeconds = 7 * 24 * 60 * 60;

/**
 * An ObjectStore in an S3 bucket (AWS or S3-compatible): key `a/b` is the object `<prefix>/a/b`.
 * Bytes are one PutObject; streams go through a multipart upload of 8 MiB parts, read as they
 * arrive, so a large stream is never held whole. A PUT replaces an object atomically, so readers
 * see the old or the new version. Constructing it only creates the client; nothing connects.
 */
export class S3ObjectStore implements ObjectStore, PresignedUrlStore {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly listPageSize: number;
  private readonly partSizeBytes: number;
  private readonly uploadQueueSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix ?? "");
    this.listPageSize = checkRange("listPageSize", options.listPageSize ?? 1000, 1, 1000);
    this.partSizeBytes = checkRange("partSizeBytes", options.partSizeBytes ?? 8 * mebibyte, 5 * mebibyte, 5 * 1024 * mebibyte);
    this.uploadQueueSize = checkRange("uploadQueueSize", options.uploadQueueSize ?? 2, 1, 64);
    if ("client" in options) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle ?? false };
      if (options.endpoint !== undefined) config.endpoint = options.endpoint;
      if (options.credentials !== undefined) config.credentials = options.credentials;
      this.client = new S3Client(config);
      this.ownsClient = true;
    }
  }

  /**
   * Writes the object, replacing any previous one. A failing stream aborts the upload, leaves the
   * previous object in place and is destroyed.
   * @throws InvalidInputError for a malformed key.
   */
  async put(key: string, body: Uint8Array | Readable): Promise<{ sizeBytes: number }> {
    const objectKey = this.objectKeyOf(key);
    if (body instanceof Uint8Array) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: body, ContentLength: body.byteLength }),
      );
      return { sizeBytes: body.byteLength };
    }
    let sizeBytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        callback(null, chunk);
      },
    });
    // pipeline destroys both ends on failure, so a source error fails the upload's reads.
    pipeline(body, counted, () => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: counted },
      partSize: this.partSizeBytes,
      queueSize: this.uploadQueueSize,
      // We abort ourselves below, so that a failing abort never hides the error that caused it.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      counted.destroy();
      if (upload.uploadId !== undefined) await this.abortMultipartUpload(objectKey, upload.uploadId);
      throw error;
    }
    return { sizeBytes };
  }

  /**
   * The object's bytes as a stream. The request is made before this returns, so a missing object
   * fails here; consume or destroy the stream to release the connection.
   * @throws NotFoundError when there is no such object.
   */
  async get(key: string): Promise<Readable> {
    const response = await this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKeyOf(key) }))
      .catch((error: unknown) => {
        throw notFoundOr(error, key);
      });
    const body: unknown = response.Body;
    if (body instanceof Readable) return body;
    if (body === undefined) return Readable.from([]);
    return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
  }

  /** @throws NotFoundError when there is no such object. */
  async getBuffer(key: string): Promise<Buffer> {
    const stream = await this.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /**
   * Bytes `[offset, offset + length)` of the object, clipped at its end: one GetObject with a
   * `Range` header. An empty range, or one that starts at or past the end (S3 answers 416), only
   * checks that the object exists.
   * @throws NotFoundError when there is no such object; RangeError for a bad offset or length.
   */
  async readRange(key: string, offset: number, length: number): Promise<Buffer> {
    checkByteRange(offset, length);
    const objectKey = this.objectKeyOf(key);
    const existing = async (): Promise<Buffer> => {
      if ((await this.stat(key)) === null) throw new NotFoundError("object", key);
      return Buffer.alloc(0);
    };
    if (length === 0) return existing();
    let response;
    try {
      response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, Range: `bytes=${offset}-${offset + length - 1}` }),
      );
    } catch (error) {
      if (statusOf(error) === 416) return existing();
      throw notFoundOr(error, key);
    }
    if (response.Body === undefined) return Buffer.alloc(0);
    const bytes = await response.Body.transformToByteArray();
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Some servers answer with more than was asked (the whole object without a Content-Range, or
    // s3rver for "bytes=0-0"): cut the asked range out of what came, by where it starts.
    const start = Number(/^bytes (\d+)-/.exec(response.ContentRange ?? "")?.[1] ?? 0);
    return buffer.length > length || start !== offset ? buffer.subarray(offset - start, offset - start + length) : buffer;
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKeyOf(key) }));
      return { sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Removes the object; a missing one is fine (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKeyOf(key) }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Keys starting with `prefix` (a plain string prefix), without the store's own prefix, in
   * code-unit order, read page by page (ListObjectsV2 continuation).
   * @throws InvalidInputError for a malformed prefix.
   */
  async list(prefix: string): Promise<string[]> {
    assertObjectKeyPrefix(prefix);
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          MaxKeys: this.listPageSize,
          ContinuationToken: continuationToken,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(this.prefix + prefix)) keys.push(object.Key.slice(this.prefix.length));
      }
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    // S3 sorts by UTF-8 bytes; the port promises the same order as the filesystem store.
    return keys.sort();
  }

  /**
   * A presigned GetObject URL, valid for `expiresInSeconds`; with `filename`, the response carries
   * `Content-Disposition: attachment` with that name. Signing is local: no request is made.
   * @throws InvalidInputError for a malformed key or an expiry outside 1 to 604800 seconds.
   */
  async presignGet(key: string, options: PresignGetOptions): Promise<string> {
    const objectKey = this.objectKeyOf(key);
    const expiresIn = checkRange("expiresInSeconds", options.expiresInSeconds, 1, maxPresignSeconds);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: objectKey,
      ResponseContentDisposition:
        options.filename === undefined ? undefined : formatContentDisposition(options.filename),
    });
    return getSignedUrl(this.client, command, { expiresIn });
  }

  /** Destroys the client when the store created it (closes idle sockets); a given client is left alone. */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  /**
   * Frees the parts of a failed multipart upload. Best effort: some S3-compatible servers (s3rver)
   * do not implement the call, and a bucket lifecycle rule removes leftovers anyway.
   */
  private async abortMultipartUpload(objectKey: string, uploadId: string): Promise<void> {
    await this.client
      .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId }))
      .catch(() => undefined);
  }

  private objectKeyOf(key: string): string {
    assertObjectKey(key);
    return this.prefix + key;
  }
}

function normalizePrefix(prefix: string): string {
  if (prefix === "") return "";
  const withSlash = prefix.endsWith("/") ? prefix : `${prefix}/`;
  assertObjectKeyPrefix(withSlash);
  if (withSlash === "/" || withSlash.includes("//")) {
    throw InvalidInputError.forField("prefix", `must not have empty segments: ${JSON.stringify(prefix)}`);
  }
  return withSlash;
}

function checkRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw InvalidInputError.forField(field, `must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** NoSuchKey (GetObject), NotFound (HeadObject, no body) or another 404 that is not a missing bucket. */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error) || error.name === "NoSuchBucket") return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === "NoSuchKey" || error.name === "NotFound" || status === 404;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function notFoundOr(error: unknown, key: string): unknown {
  return isNotFound(error) ? new NotFoundError("object", key) : error;
}
