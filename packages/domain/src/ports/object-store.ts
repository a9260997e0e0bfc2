import type { Readable } from "node:stream";

/**
 * Where datasets, models and artifacts are kept. Keys are `/`-separated relative paths
 * (`tenants/<tenant>/datasets/<id>/x.bin`); a key never starts with `/` and never contains `..`.
 * Adapters: the local filesystem (default) and S3 (packages/storage).
 */
export interface ObjectStore {
  /** Writes the whole object, replacing any previous one; a stream is consumed to its end. */
  put(key: string, body: Uint8Array | Readable): Promise<{ sizeBytes: number }>;
  /** A stream of the object's bytes; throws NotFoundError when there is no such object. */
  get(key: string): Promise<Readable>;
  /** The whole object in memory; throws NotFoundError when there is no such object. */
  getBuffer(key: string): Promise<Buffer>;
  /**
   * Bytes `[offset, offset + length)` of the object, clipped at its end (a range past the end gives
   * an empty buffer); for reading a large object piece by piece without holding it whole. Throws
   * NotFoundError when there is no such object, RangeError for a negative or fractional range.
   */
  readRange(key: string, offset: number, length: number): Promise<Buffer>;
  /** Size of the object, or null when it does not exist. */
  stat(key: string): Promise<{ sizeBytes: number } | null>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}
