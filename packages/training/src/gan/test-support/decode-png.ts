import assert from "node:assert/strict";
import { crc32, inflateSync } from "node:zlib";

/** A decoded 8-bit PNG. */
export interface DecodedPng {
  width: number;
  height: number;
  /** 1 (grayscale) or 3 (RGB). */
  channels: number;
  pixels: Uint8Array;
  /** Chunk types in file order. */
  chunks: string[];
}

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Test helper: a minimal PNG decoder for what `encodePng` writes (8-bit grayscale or RGB, no
 * interlace, filter type 0). Asserts the signature, every chunk's CRC-32 and the IHDR fields.
 */
export function decodePng(file: Uint8Array): DecodedPng {
  assert.deepEqual(Array.from(file.subarray(0, 8)), signature, "png signature");
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let header: Uint8Array | undefined;
  let offset = 8;
  while (offset < file.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...file.subarray(offset + 4, offset + 8));
    const data = file.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    assert.equal(crc, crc32(file.subarray(offset + 4, offset + 8 + length)), `crc of ${type}`);
    chunks.push(type);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  assert.equal(offset, file.length, "chunks end at the end of the file");
  assert.ok(header !== undefined && header.length === 13, "IHDR of 13 bytes");
  const h = new DataView(header.buffer, header.byteOffset, 13);
  const width = h.getUint32(0);
  const height = h.getUint32(4);
  assert.equal(header[8], 8, "bit depth");
  assert.deepEqual(Array.from(header.subarray(10, 13)), [0, 0, 0], "compression, filter method, interlace");
  const colourType = header[9];
  assert.ok(colourType === 0 || colourType === 2, `colour type ${colourType}`);
  const channels = colourType === 0 ? 1 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  assert.equal(raw.length, (stride + 1) * height, "inflated size");
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (stride + 1)], 0, `row ${y} filter type`);
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, channels, pixels, chunks };
}
