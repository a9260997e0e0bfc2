import type { RgbaImage } from "./decode-image.js";

/** Where and how to write one resized sample. */
export interface ResizeTarget {
  /** The dataset's features; the sample is written at `offset`, height x width x channels bytes. */
  features: Uint8Array;
  offset: number;
  height: number;
  width: number;
  /** 1: luma (0.299 R + 0.587 G + 0.114 B); 3: RGB. */
  channels: 1 | 3;
}

/**
 * Converts an RGBA image to grayscale or RGB (alpha composited on black) and resizes it with
 * bilinear interpolation (half-pixel centres, edges clamped), writing rounded uint8 values
 * into `target.features`. An image already at the target size is copied unchanged.
 */
export function resizeImageInto(image: RgbaImage, target: ResizeTarget): void {
  const { channels, height, width, features, offset } = target;
  const planes = toChannels(image, channels);
  const rows = samplePositions(image.height, height);
  const cols = samplePositions(image.width, width);
  const rowStride = image.width * channels;
  let out = offset;
  for (let y = 0; y < height; y++) {
    const top = (rows.low[y] ?? 0) * rowStride;
    const bottom = (rows.high[y] ?? 0) * rowStride;
    const fy = rows.fraction[y] ?? 0;
    for (let x = 0; x < width; x++) {
      const left = (cols.low[x] ?? 0) * channels;
      const right = (cols.high[x] ?? 0) * channels;
      const fx = cols.fraction[x] ?? 0;
      for (let c = 0; c < channels; c++) {
        const upper = lerp(planes[top + left + c] ?? 0, planes[top + right + c] ?? 0, fx);
        const lower = lerp(planes[bottom + left + c] ?? 0, planes[bottom + right + c] ?? 0, fx);
        const value = Math.round(lerp(upper, lower, fy));
        features[out++] = value < 0 ? 0 : value > 255 ? 255 : value;
      }
    }
  }
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** The source image as interleaved float channels (1 or 3), alpha composited on black. */
function toChannels(image: RgbaImage, channels: 1 | 3): Float32Array {
  const { rgba } = image;
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * channels);
  for (let i = 0; i < pixels; i++) {
    const alpha = (rgba[i * 4 + 3] ?? 255) / 255;
    const r = (rgba[i * 4] ?? 0) * alpha;
    const g = (rgba[i * 4 + 1] ?? 0) * alpha;
    const b = (rgba[i * 4 + 2] ?? 0) * alpha;
    if (channels === 1) {
      out[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return out;
}

/** For each output index: the two source indices around its centre and the weight of the second. */
function samplePositions(sourceSize: number, targetSize: number) {
  const low = new Int32Array(targetSize);
  const high = new Int32Array(targetSize);
  const fraction = new Float64Array(targetSize);
  const scale = sourceSize / targetSize;
  for (let i = 0; i < targetSize; i++) {
    const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), sourceSize - 1);
    const base = Math.floor(position);
    low[i] = base;
    high[i] = Math.min(base + 1, sourceSize - 1);
    fraction[i] = position - base;
  }
  return { low, high, fraction };
}
