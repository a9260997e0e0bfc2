import type { ObjectStore } from "@trainyard/domain";
import { FilesystemObjectStore } from "./filesystem-object-store.js";
import { S3ObjectStore, type S3ObjectStoreClientOptions } from "./s3-object-store.js";
import { s3CredentialsOf } from "./s3-credentials.js";

/** Configuration of the filesystem store (`STORAGE=filesystem`). */
export interface FilesystemStoreConfig {
  kind: "filesystem";
  /** Directory under which objects are kept. */
  root: string;
}

/** Configuration of the S3 store (`STORAGE=s3`). */
export interface S3StoreConfig {
  kind: "s3";
  bucket: string;
  /** Key prefix inside the bucket. Default: `""`. */
  prefix?: string;
  /** S3-compatible endpoint URL. Default: AWS S3 for `region`. */
  endpoint?: string;
  region: string;
  /** Path-style bucket addressing (MinIO, s3rver). Default: false. */
  forcePathStyle?: boolean;
  /** Give both or neither. Default: the AWS SDK's provider chain (env, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export type ObjectStoreConfig = FilesystemStoreConfig | S3StoreConfig;

/**
 * Builds the configured ObjectStore; nothing connects until the first call. Use `canPresign` to
 * find out whether the result hands out presigned URLs.
 * @throws InvalidInputError when only one of `accessKeyId` and `secretAccessKey` is given.
 */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  if (config.kind === "filesystem") return new FilesystemObjectStore({ root: config.root });
  const options: S3ObjectStoreClientOptions = { bucket: config.bucket, region: config.region };
  if (config.prefix !== undefined) options.prefix = config.prefix;
  if (config.endpoint !== undefined) options.endpoint = config.endpoint;
  if (config.forcePathStyle !== undefined) options.forcePathStyle = config.forcePathStyle;
  const credentials = s3CredentialsOf(config);
  if (credentials !== undefined) options.credentials = credentials;
  return new S3ObjectStore(options);
}
