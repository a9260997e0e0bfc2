import { open, readFile, readdir, stat, unlink } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { ConflictError, NotFoundError, type ObjectStore } from "@trainyard/domain";
import { assertObjectKey, assertObjectKeyPrefix, tempFilePrefix } from "./assert-object-key.js";
import { checkByteRange } from "./check-byte-range.js";
import { writeFileAtomically } from "./write-file-atomically.js";

export interface FilesystemObjectStoreOptions {
  /** Directory under which objects are kept, one file per key; created on the first put. */
  root: string;
}

/**
 * An ObjectStore on the local filesystem: key `a/b/c` is the file `<root>/a/b/c`. Writes are atomic
 * (temp file + rename), so a reader never sees half an object. Constructing it touches no files.
 */
export class FilesystemObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(options: FilesystemObjectStoreOptions) {
    this.root = resolve(options.root);
  }

  /**
   * Writes the object atomically, replacing any previous one. A stream is written as it arrives.
   * @throws InvalidInputError for a malformed key.
   * @throws ConflictError when the key's path runs through an existing object ("a/b" exists, put "a/b/c").
   */
  async put(key: string, body: Uint8Array | Readable): Promise<{ sizeBytes: number }> {
    const path = this.pathOf(key);
    try {
      return { sizeBytes: await writeFileAtomically(path, body) };
    } catch (error) {
      // Only our own file operations count: a failing source stream may carry such codes too.
      const failedPath = (error as NodeJS.ErrnoException).path;
      if (hasCode(error, "ENOTDIR", "EEXIST", "EISDIR") && failedPath?.startsWith(this.root + sep)) {
        throw new ConflictError(`object key ${key} conflicts with an existing object on its path`);
      }
      throw error;
    }
  }

  /**
   * A read stream of the object. The file is opened before this returns, so a missing object
   * fails here; the caller must consume or destroy the stream to release the file.
   * @throws NotFoundError when there is no such object.
   */
  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const handle = await open(path, "r").catch((error: unknown) => {
      throw this.missingOr(error, key);
    });
    try {
      if (!(await handle.stat()).isFile()) throw new NotFoundError("object", key);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle.createReadStream();
  }

  /** @throws NotFoundError when there is no such object. */
  async getBuffer(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      throw this.missingOr(error, key);
    }
  }

  /**
   * Bytes `[offset, offset + length)` of the object, clipped at its end, read through one file
   * handle at that position (the rest of the file is never read).
   * @throws NotFoundError when there is no such object; RangeError for a bad offset or length.
   */
  async readRange(key: string, offset: number, length: number): Promise<Buffer> {
    checkByteRange(offset, length);
    const handle = await open(this.pathOf(key), "r").catch((error: unknown) => {
      throw this.missingOr(error, key);
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new NotFoundError("object", key);
      const size = Math.max(0, Math.min(length, stats.size - offset));
      const buffer = Buffer.alloc(size);
      let filled = 0;
      // read() may return fewer bytes than asked; a file that shrank meanwhile ends the loop early.
      while (filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, size - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === size ? buffer : buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    try {
      const stats = await stat(this.pathOf(key));
      return stats.isFile() ? { sizeBytes: stats.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Removes the object; a missing one is fine. Emptied directories are left in place. */
  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (isMissing(error) || hasCode(error, "EISDIR")) return;
      throw error;
    }
  }

  /**
   * Keys starting with `prefix` (a plain string prefix: "a/b" matches "a/b/c" and "a/bc"), in
   * code-unit order, found by walking only the directory the prefix pins down.
   * @throws InvalidInputError for a malformed prefix.
   */
  async list(prefix: string): Promise<string[]> {
    assertObjectKeyPrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    const directoryKey = slash < 0 ? "" : prefix.slice(0, slash + 1);
    const keys: string[] = [];
    await this.collectKeys(directoryKey, keys);
    return keys.filter((key) => key.startsWith(prefix)).sort();
  }

  /** Adds every object key under the directory `directoryKey` ("" or ending in "/") to `keys`. */
  private async collectKeys(directoryKey: string, keys: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(join(this.root, directoryKey), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(tempFilePrefix)) continue;
      const key = `${directoryKey}${entry.name}`;
      if (entry.isDirectory()) await this.collectKeys(`${key}/`, keys);
      else if (entry.isFile()) keys.push(key);
    }
  }

  private pathOf(key: string): string {
    assertObjectKey(key);
    return join(this.root, key.split("/").join(sep));
  }

  private missingOr(error: unknown, key: string): unknown {
    return isMissing(error) || hasCode(error, "EISDIR") ? new NotFoundError("object", key) : error;
  }
}

/** ENOENT, or ENOTDIR when a path segment is a file ("a" is an object, "a/b" is asked for). */
function isMissing(error: unknown): boolean {
  return hasCode(error, "ENOENT", "ENOTDIR");
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? "");
}
