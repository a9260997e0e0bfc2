import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InvalidInputError } from "@trainyard/domain";
import { collectBounded, tooLarge, type BoundedSink } from "./collect-bounded.js";

/**
 * Resolves a `file:///abs/path` URI to the real path of a regular file inside `datasetsRoot`.
 * Percent-encoding is decoded before any check, so `..`, `%2e%2e` and `%2F` tricks are refused,
 * and the symlink-free real path must still lie inside the root's real path.
 * @throws InvalidInputError on `field`: disabled, malformed, outside the root, not found, not a file.
 */
export async function resolveDatasetFile(uri: string, field: string, datasetsRoot: string | undefined): Promise<string> {
  if (datasetsRoot === undefined) throw InvalidInputError.forField(field, "file:// datasets are disabled; set DATASETS_ROOT");
  const path = decodeFilePath(uri, field);
  const root = await realpath(datasetsRoot);
  // Lexical check first, so a missing file outside the root is reported as outside, not missing.
  if (!isInside(root, resolve(path)) && !isInside(resolve(datasetsRoot), resolve(path))) throw outside(field, uri);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) throw InvalidInputError.forField(field, `${uri} not found`);
    throw error;
  }
  if (!isInside(root, real)) throw outside(field, uri);
  return real;
}

/**
 * Reads a file resolved by {@link resolveDatasetFile}, refusing a final-component symlink swapped
 * in since, a non-regular file and anything over `maxBytes`. The bytes go to `sink`, default: into memory.
 * @throws InvalidInputError on `field`, PayloadTooLargeError past `maxBytes`.
 */
export async function readDatasetFile(realPath: string, uri: string, field: string, maxBytes: number): Promise<Buffer>;
export async function readDatasetFile<T>(realPath: string, uri: string, field: string, maxBytes: number, sink: BoundedSink<T>): Promise<T>;
export async function readDatasetFile(realPath: string, uri: string, field: string, maxBytes: number, sink: BoundedSink<unknown> = collectBounded): Promise<unknown> {
  const handle = await open(realPath, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
    if (isCode(error, "ENOENT")) throw InvalidInputError.forField(field, `${uri} not found`);
    if (isCode(error, "ELOOP")) throw outside(field, uri);
    throw error;
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw InvalidInputError.forField(field, `${uri} is not a regular file`);
    if (stats.size > maxBytes) throw tooLarge(uri, maxBytes);
    // Bounded again while reading: the file may grow after the stat.
    return await sink(handle.createReadStream({ autoClose: false }), maxBytes, uri);
  } finally {
    await handle.close();
  }
}

function decodeFilePath(uri: string, field: string): string {
  const match = /^file:\/\/(\/[^?#]*)$/.exec(uri);
  if (match?.[1] === undefined) {
    throw InvalidInputError.forField(field, "file:// URIs must name an absolute path with no host, query or fragment (file:///path)");
  }
  let path: string;
  try {
    path = decodeURIComponent(match[1]);
  } catch {
    throw InvalidInputError.forField(field, `malformed percent-encoding in ${uri}`);
  }
  if (path.includes("\0")) throw InvalidInputError.forField(field, "file:// paths must not contain a NUL character");
  if (path.split("/").some((segment) => segment === "..")) throw outside(field, uri);
  if (!isAbsolute(path)) throw InvalidInputError.forField(field, "file:// URIs must name an absolute path");
  return path;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

function outside(field: string, uri: string): InvalidInputError {
  return InvalidInputError.forField(field, `${uri} is outside DATASETS_ROOT`);
}

function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
