/** An element type of .npy data we read, keyed by its kind and size ("f4", "u1", "i8"). */
export interface NpyDtype {
  /** Bytes per element. */
  size: number;
  /** Reads element `index` of little-endian `view`. */
  read: (view: DataView, index: number) => number;
}

/** The integer types accepted for labels; int64 values are read exactly only up to 2^53. */
export const labelDtypes: ReadonlyMap<string, NpyDtype> = new Map<string, NpyDtype>([
  ["u1", { size: 1, read: (v, i) => v.getUint8(i) }],
  ["i1", { size: 1, read: (v, i) => v.getInt8(i) }],
  ["u2", { size: 2, read: (v, i) => v.getUint16(i * 2, true) }],
  ["i2", { size: 2, read: (v, i) => v.getInt16(i * 2, true) }],
  ["u4", { size: 4, read: (v, i) => v.getUint32(i * 4, true) }],
  ["i4", { size: 4, read: (v, i) => v.getInt32(i * 4, true) }],
  ["u8", { size: 8, read: (v, i) => Number(v.getBigUint64(i * 8, true)) }],
  ["i8", { size: 8, read: (v, i) => Number(v.getBigInt64(i * 8, true)) }],
]);

/** The feature types accepted for x. */
export const featureDtypes: ReadonlyMap<string, NpyDtype> = new Map<string, NpyDtype>([
  ["u1", { size: 1, read: (v, i) => v.getUint8(i) }],
  ["f4", { size: 4, read: (v, i) => v.getFloat32(i * 4, true) }],
  ["f8", { size: 8, read: (v, i) => v.getFloat64(i * 8, true) }],
]);

/**
 * Splits a simple descr ("<f4", "|u1") into its byte order and type key. 1-byte types have no
 * byte order, so any order character is accepted for them.
 */
export function splitDescr(descr: string): { order: string; key: string } | null {
  const match = /^([<>|=]?)([a-zA-Z]\d+)$/.exec(descr);
  if (match === null) return null;
  return { order: match[1] ?? "", key: match[2] ?? "" };
}
