// Little-endian reads of zip fields where a byte outside `bytes` counts as 0: fflate reads the
// whole archive that way (an index past its end is undefined, which bit operations turn into 0),
// and the file reader must read the same values from a view cut at the end of the file.

/** The unsigned 16-bit field at `at`. */
export function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

/** The unsigned 32-bit field at `at`. */
export function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}

/** The unsigned 64-bit field at `at` (exact up to 2^53). */
export function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 4294967296;
}
