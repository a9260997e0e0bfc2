import { InvalidInputError } from "@trainyard/domain";

/** What a GAN needs to know about its dataset: the sample shape and how the values are stored. */
export interface GanPlanInput {
  /** Shape of one sample as stored: [height, width], [height, width, channels] or [features]. */
  featureShape: number[];
  /** Storage type of the values; a GAN takes "uint8" or "float32" (not token ids or text). */
  dtype: string;
  /** Number of label classes; a GAN ignores labels, so any value is accepted. */
  numClasses: number;
}

/** Where dataset errors point in a job spec. */
const errorPath = "dataset.id";

/**
 * The shape the generator produces and the discriminator reads for a dataset: [H, W, 1] for
 * [H, W] samples (one channel added, as for the CNN), [H, W, C] as is, [F] for feature rows.
 * Pure (no TensorFlow.js).
 *
 * @throws InvalidInputError for field "dataset.id" when the values are not uint8 or float32, or
 *   the sample shape is not one of the three above with positive sizes.
 */
export function resolveGanImageShape(input: GanPlanInput): number[] {
  const { featureShape, dtype } = input;
  if (dtype !== "uint8" && dtype !== "float32") {
    throw InvalidInputError.forField(
      errorPath,
      `a gan model needs image data (uint8 or float32 values); the dataset holds ${dtype} values`,
    );
  }
  if (featureShape.length < 1 || featureShape.length > 3 || !featureShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw InvalidInputError.forField(
      errorPath,
      `sample shape [${featureShape.join(", ")}] is not supported by the gan model: expected [height, width], [height, width, channels] or [features] with positive sizes`,
    );
  }
  return featureShape.length === 2 ? [...featureShape, 1] : [...featureShape];
}
