import { crc32, deflateSync } from "node:zlib";

/** An 8-bit image to encode: `pixels` row-major, `channels` values per pixel. */
export interface PngImage {
  width: number;
  height: number;
  /** 1: grayscale, 3: RGB. */
  channels: 1 | 3;
  /** `width * height * channels` values, 0..255. */
  pixels: Uint8Array;
}

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** PNG colour types: 0 grayscale, 2 truecolour (RGB). */
const colourTypes = { 1: 0, 3: 2 } as const;

/**
 * Encodes an 8-bit grayscale or RGB image as a PNG file: signature, IHDR, one IDAT (rows with
 * filter type 0, deflated), IEND, each chunk with its CRC-32.
 *
 * @throws RangeError when the sizes are not positive integers or `pixels` has the wrong length.
 */
export function encodePng(image: PngImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`a png needs positive integer sizes, got ${width}x${height}`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new RangeError(`a ${width}x${height} image with ${channels} channel(s) needs ${stride * height} values, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = colourTypes[channels];
  // Bytes 10..12: deflate compression, adaptive filtering, no interlace (all 0).

  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each row starts with its filter type byte, 0 (none).
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const parts = [signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))];
  const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** Length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
