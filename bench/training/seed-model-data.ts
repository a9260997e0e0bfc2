// Generated in-memory data of the seed models' input shapes, for timing (not for learning).
import type { NumericDataset } from "@trainyard/domain";
import { createSeededRandom } from "@trainyard/training";
import type { SeedModelName } from "./seed-models.js";

/** Image side of the CNN's and GAN's 28 x 28 x 1 samples. */
const side = 28;
/** The RNN's tokens per sample and vocabulary (its spec's defaults). */
const sequenceLength = 100;
const vocabSize = 10_000;

/**
 * `count` samples for `model`: float32 [28, 28, 1] images in [0, 1) with 10 classes (cnn, gan),
 * or int32 token ids [100] in 0..9,999 with 2 classes (rnn: an int32 dataset's values are the
 * Embedding's ids, no tokenizing). Seeded: the same arguments give the same data.
 */
export function makeSeedModelData(model: SeedModelName, count: number, seed = 1): NumericDataset {
  const random = createSeededRandom(seed);
  if (model === "rnn") {
    const features = Int32Array.from({ length: count * sequenceLength }, () => Math.floor(random() * vocabSize));
    const labels = Int32Array.from({ length: count }, () => Math.floor(random() * 2));
    return { count, featureShape: [sequenceLength], dtype: "int32", numClasses: 2, features, labels };
  }
  const features = Float32Array.from({ length: count * side * side }, () => random());
  const labels = Int32Array.from({ length: count }, () => Math.floor(random() * 10));
  return { count, featureShape: [side, side, 1], dtype: "float32", numClasses: 10, features, labels };
}
