import { PNG } from "pngjs";
import { decode as decodeJpeg } from "jpeg-js";
import { DatasetFormatError } from "@trainyard/domain";
import { readImageHeader } from "./read-image-header.js";

/** Largest declared width and height accepted before decoding: 8192 pixels each. */
export const maxImageSide = 8192;

/** A decoded image: 8-bit RGBA, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

// An 8192x8192 RGBA output is 256 MiB; jpeg-js also holds the component planes.
const jpegMaxMemoryMB = 512;
const jpegMaxResolutionMP = (maxImageSide * maxImageSide) / 1_000_000;

/**
 * Decodes a PNG or JPEG (recognised by its signature, whatever the extension) to 8-bit RGBA.
 * Grayscale, palette and 16-bit PNGs come out as 8-bit RGBA too.
 *
 * @param path - Entry path, used as the error location's `file`.
 * @throws DatasetFormatError naming the entry when the bytes are not PNG or JPEG, the declared
 *   size exceeds 8192x8192, or decoding fails (with the decoder's reason).
 */
export function decodeImage(path: string, bytes: Uint8Array): RgbaImage {
  const header = readImageHeader(bytes);
  if (header === undefined) {
    throw new DatasetFormatError("cannot decode image: the content is neither PNG nor JPEG", { file: path });
  }
  const { width, height } = header;
  if (width !== undefined && height !== undefined && (width > maxImageSide || height > maxImageSide)) {
    throw new DatasetFormatError(
      `image is ${width}x${height} pixels, larger than the limit of ${maxImageSide}x${maxImageSide}`,
      { file: path },
    );
  }
  try {
    if (header.kind === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const jpeg = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: jpegMaxMemoryMB,
      maxResolutionInMP: jpegMaxResolutionMP,
    });
    return { width: jpeg.width, height: jpeg.height, rgba: jpeg.data };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetFormatError(`cannot decode ${header.kind === "png" ? "PNG" : "JPEG"} image: ${reason}`, {
      file: path,
    });
  }
}
