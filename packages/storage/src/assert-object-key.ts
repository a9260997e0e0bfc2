import { InvalidInputError } from "@trainyard/domain";

/**
 * Name prefix of in-progress writes; no key segment may start with it, so a temp file can never
 * be mistaken for an object.
 */
export const tempFilePrefix = ".trainyard-put-";

/** Longest key segment in UTF-8 bytes (common filesystems allow 255). */
const maxSegmentBytes = 255;

/**
 * Checks an object key: non-empty, relative, `/`-separated segments that are neither empty
 * nor `.` or `..`, no backslash, no NUL, no segment over 255 bytes or starting with the temp
 * file prefix.
 *
 * @throws InvalidInputError (field `key`) naming the rule broken.
 */
export function assertObjectKey(key: string): void {
  const problem = findKeyProblem(key);
  if (problem !== null) throw InvalidInputError.forField("key", `${problem}: ${JSON.stringify(key)}`);
}

/**
 * Checks a list prefix: empty (everything), or a key's beginning. Its directory part (up to the
 * last `/`) follows the key rules; the rest is any partial segment.
 *
 * @throws InvalidInputError (field `prefix`) naming the rule broken.
 */
export function assertObjectKeyPrefix(prefix: string): void {
  const slash = prefix.lastIndexOf("/");
  const problem =
    findCharacterProblem(prefix) ?? (slash < 0 ? null : findKeyProblem(prefix.slice(0, slash)));
  if (problem !== null) throw InvalidInputError.forField("prefix", `${problem}: ${JSON.stringify(prefix)}`);
}

function findKeyProblem(key: string): string | null {
  if (key.length === 0) return "key must not be empty";
  const characterProblem = findCharacterProblem(key);
  if (characterProblem !== null) return characterProblem;
  for (const segment of key.split("/")) {
    if (segment === "") return "key must not have empty segments (leading, trailing or double '/')";
    if (segment === "." || segment === "..") return "key must not have '.' or '..' segments";
    if (segment.startsWith(tempFilePrefix)) return `key segments must not start with '${tempFilePrefix}'`;
    if (Buffer.byteLength(segment) > maxSegmentBytes) {
      return `key segments must be at most ${maxSegmentBytes} bytes`;
    }
  }
  return null;
}

function findCharacterProblem(value: string): string | null {
  if (value.startsWith("/")) return "must be relative (no leading '/')";
  if (value.includes("\\")) return "must not contain a backslash";
  if (value.includes("\0")) return "must not contain a NUL character";
  return null;
}
