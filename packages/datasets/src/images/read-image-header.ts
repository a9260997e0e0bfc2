/** What an image file's first bytes declare. */
export interface ImageHeader {
  kind: "png" | "jpeg";
  /** Declared size in pixels, when the header could be read. */
  width?: number;
  height?: number;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Sniffs PNG or JPEG by signature and reads the declared dimensions (PNG IHDR; JPEG first SOFn
 * marker) without decoding any pixels. Returns undefined when the bytes are neither format.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (pngSignature.every((byte, i) => bytes[i] === byte)) {
    if (bytes.length < 24) return { kind: "png" };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { kind: "png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: "jpeg", ...readJpegSize(bytes) };
  return undefined;
}

function readJpegSize(bytes: Uint8Array): { width?: number; height?: number } {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return {};
    const marker = bytes[offset + 1] ?? 0;
    // Fill bytes (0xff 0xff) and standalone markers carry no length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    // SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc): precision(1), height(2), width(2).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return {};
      const height = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0);
      const width = ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0);
      return { width, height };
    }
    if (marker === 0xda || length < 2) return {};
    offset += 2 + length;
  }
  return {};
}
