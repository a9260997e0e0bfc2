/** Whether this machine stores multi-byte numbers little-endian (x86, ARM: yes). */
export const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A copy of `bytes` with the byte order of every `width`-byte element reversed. Used only on
 * big-endian hosts, where stored little-endian data must be swapped.
 */
export function swapByteOrder(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j] ?? 0;
  }
  return out;
}
