import type { PngImage } from "./encode-png.js";

/** Value of the 1-pixel lines between tiles: mid-gray, visible on dark and bright samples alike. */
const gapValue = 128;

/**
 * Lays out `count` generated samples (values in [-1, 1], row-major `[count, ...imageShape]`) as a
 * grid image of `columns` tiles per row with 1-pixel gaps, mapping each value to
 * `round((v + 1) * 127.5)` clamped to 0..255. Channels: 1 gives grayscale, 3 or more RGB (the
 * first three), 2 grayscale from the first. [F] samples are drawn as 1 x F strips.
 *
 * @param columns Tiles per row, default 4.
 */
export function tileSamples(values: ArrayLike<number>, count: number, imageShape: number[], columns = 4): PngImage {
  const [height, width, depth] = imageShape.length === 1 ? [1, imageShape[0] ?? 1, 1] : [imageShape[0] ?? 1, imageShape[1] ?? 1, imageShape[2] ?? 1];
  const channels = depth >= 3 ? 3 : 1;
  const gridColumns = Math.max(1, Math.min(columns, count));
  const gridRows = Math.max(1, Math.ceil(count / gridColumns));
  const gridWidth = gridColumns * (width + 1) - 1;
  const gridHeight = gridRows * (height + 1) - 1;
  const pixels = new Uint8Array(gridWidth * gridHeight * channels).fill(gapValue);
  const sampleSize = height * width * depth;
  for (let s = 0; s < count; s++) {
    const left = (s % gridColumns) * (width + 1);
    const top = Math.floor(s / gridColumns) * (height + 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = s * sampleSize + (y * width + x) * depth;
        const to = ((top + y) * gridWidth + left + x) * channels;
        for (let c = 0; c < channels; c++) pixels[to + c] = toByte(values[from + c] ?? -1);
      }
    }
  }
  return { width: gridWidth, height: gridHeight, channels, pixels };
}

function toByte(value: number): number {
  const byte = Math.round((value + 1) * 127.5);
  return Number.isNaN(byte) ? 0 : Math.min(255, Math.max(0, byte));
}
