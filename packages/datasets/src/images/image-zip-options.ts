import { InvalidInputError } from "@trainyard/domain";

/** Largest accepted `height` and `width`: 1024 pixels. */
export const maxImageZipSide = 1024;

/** Default cap on the number of entries in an image zip: 100,000. */
export const defaultMaxImageZipEntries = 100_000;

/** The size and colour of the features an image zip becomes. */
export interface ImageZipSampleShape {
  /** Height every image is resized to, an integer in 1..1024. */
  height: number;
  /** Width every image is resized to, an integer in 1..1024. */
  width: number;
  /** 1: grayscale (featureShape [height, width]); 3: RGB (featureShape [height, width, 3]). */
  channels: 1 | 3;
}

/**
 * Refuses a height or width outside 1..1024 or a channel count other than 1 or 3.
 * @throws InvalidInputError on field `body.imageSize` or `body.channels`.
 */
export function assertImageZipOptions(options: ImageZipSampleShape): void {
  for (const [name, value] of [["height", options.height], ["width", options.width]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > maxImageZipSide) {
      throw InvalidInputError.forField(
        "body.imageSize",
        `${name} must be an integer in 1..${maxImageZipSide}, got ${String(value)}`,
      );
    }
  }
  const channels: unknown = options.channels;
  if (channels !== 1 && channels !== 3) {
    throw InvalidInputError.forField("body.channels", `must be 1 (grayscale) or 3 (RGB), got ${String(channels)}`);
  }
}
