import type { ObjectStore } from "@trainyard/domain";

/** Options of {@link PresignedUrlStore.presignGet}. */
export interface PresignGetOptions {
  /** How long the URL stays valid, in seconds: 1 to 604800 (7 days, the S3 maximum). */
  expiresInSeconds: number;
  /**
   * When given, the download is served with `Content-Disposition: attachment` and this file name,
   * so a browser saves it under that name. Default: none (the store's default headers).
   */
  filename?: string;
}

/**
 * A store that can hand out a URL from which a client downloads an object directly, without the
 * bytes passing through the API. Not part of the `ObjectStore` port: check with {@link canPresign}.
 */
export interface PresignedUrlStore {
  /**
   * A time-limited GET URL for the object. The object is not looked up: a URL for a missing key
   * answers 404 when used.
   * @throws InvalidInputError for a malformed key or an expiry out of range.
   */
  presignGet(key: string, options: PresignGetOptions): Promise<string>;
}

/** True when `store` can hand out presigned download URLs (the S3 store can, the filesystem one cannot). */
export function canPresign(store: ObjectStore): store is ObjectStore & PresignedUrlStore {
  return typeof (store as Partial<PresignedUrlStore>).presignGet === "function";
}
