import type { LookupAddress } from "node:dns";

/** What dataset URIs (`POST /v1/datasets` with a `uri`) may point at. */
export interface DatasetSourceRules {
  /** `file://` URIs are allowed only when set, and only for paths inside it (after resolving symlinks). Default: `file://` refused. */
  datasetsRoot?: string;
  /** `https://` hosts allowed: names, `*.example.com` or `*` (see `hostMatches`). Default (undefined or empty): `https://` refused. */
  allowHttpHosts?: string[];
  /** S3 access for `s3://bucket/key` (any bucket these credentials can read). Default: `s3://` refused. */
  s3?: DatasetSourceS3Options;
  /** Largest object read, in bytes (PayloadTooLargeError past it). */
  maxBytes: number;
}

/** Connection options of the S3 client that reads `s3://` datasets. */
export interface DatasetSourceS3Options {
  /** S3-compatible endpoint URL. Default: AWS S3 for `region`. */
  endpoint?: string;
  region: string;
  /** Path-style bucket addressing (MinIO, s3rver). Default: false. */
  forcePathStyle?: boolean;
  /** Give both or neither. Default: the AWS SDK's provider chain (env, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** Checks and reads dataset URIs under {@link DatasetSourceRules}. */
export interface DatasetSourceReader {
  /**
   * Validates a URI's form against the rules (no I/O except realpath for `file://`).
   * @throws InvalidInputError on `field` with the reason.
   */
  check(uri: string, field: string): Promise<void>;
  /**
   * Reads the whole object into memory (at most `maxBytes`), re-checking every rule, and every
   * rule again on each https redirect hop.
   * @throws InvalidInputError on `field` (refused, not found), PayloadTooLargeError past `maxBytes`.
   */
  read(uri: string, field: string): Promise<Buffer>;
  /**
   * Like `read`, but streams the object into the file at `path` (created or replaced) with flat
   * memory; returns the bytes written.
   */
  download(uri: string, field: string, path: string): Promise<number>;
}

/** Resolves a host name to all its addresses (the shape of `dns.promises.lookup(host, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

/** I/O seams of the https reader; tests swap them, production uses the defaults. */
export interface DatasetSourceIo {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: `dns.promises.lookup(host, { all: true, verbatim: true })`. */
  lookup?: LookupAll;
}
