import { PayloadTooLargeError } from "@trainyard/domain";

/**
 * Concatenates `chunks`, failing as soon as more than `maxBytes` arrive (the iterator is then
 * closed, which destroys a stream source).
 * @throws PayloadTooLargeError naming `what` and the limit.
 */
export async function collectBounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number, what: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(what, maxBytes);
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

/** The error for a dataset source larger than `maxBytes`. */
export function tooLarge(what: string, maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`${what} is larger than the limit of ${maxBytes} bytes`);
}
