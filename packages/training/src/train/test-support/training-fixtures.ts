import type * as tfjs from "@tensorflow/tfjs";
import { trainingSpecSchema, type TrainingSpec } from "@trainyard/contracts";
import type { NumericDataset } from "@trainyard/domain";
import type { RegularizerSpec } from "@trainyard/contracts";
import { createSeededRandom } from "../seeded-random.js";

/** Test helper: a training spec parsed by the schema (defaults filled), small and seeded. */
export function trainingSpec(input: Record<string, unknown> = {}): TrainingSpec {
  return trainingSpecSchema.parse({ epochs: 1, batchSize: 16, optimizer: "adam", learningRate: 0.01, seed: 1, ...input });
}

/**
 * Test helper: a small dense classifier, Flatten (for samples of rank > 1) -> Dense(16, relu) -> Dense(units), seeded. One
 * output unit gets a sigmoid, several a softmax.
 */
export function denseClassifier(
  tf: typeof tfjs,
  options: { inputShape: number[]; units: number; seed?: number; l2?: RegularizerSpec },
): tfjs.Sequential {
  const seed = options.seed ?? 5;
  const kernelRegularizer = options.l2 && tf.regularizers.l1l2(options.l2);
  const model = tf.sequential();
  const flat = options.inputShape.length === 1;
  if (!flat) model.add(tf.layers.flatten({ inputShape: options.inputShape }));
  model.add(
    tf.layers.dense({
      units: 16,
      activation: "relu",
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      ...(flat && { inputShape: options.inputShape }),
      ...(kernelRegularizer && { kernelRegularizer }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: options.units,
      activation: options.units === 1 ? "sigmoid" : "softmax",
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      ...(kernelRegularizer && { kernelRegularizer }),
    }),
  );
  return model;
}

/**
 * Test helper: float32 rows of `features` values; class k's rows are noise in [0, noise) plus 1 on
 * feature k % features, so a dense model separates them. `shuffleLabels` replaces the labels by
 * seeded random ones (nothing to learn: validation loss soon gets worse).
 */
export function makeBlobs(options: {
  count: number;
  features: number;
  numClasses: number;
  seed: number;
  noise?: number;
  classOf?: (i: number) => number;
  shuffleLabels?: boolean;
}): NumericDataset {
  const { count, features: width, numClasses } = options;
  const random = createSeededRandom(options.seed);
  const features = new Float32Array(count * width);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = options.classOf?.(i) ?? i % numClasses;
    labels[i] = options.shuffleLabels ? Math.floor(random() * numClasses) : label;
    for (let j = 0; j < width; j++) features[i * width + j] = random() * (options.noise ?? 0.5) + (j === label % width ? 1 : 0);
  }
  return { count, featureShape: [width], dtype: "float32", numClasses, features, labels };
}

/**
 * Test helper: int32 token sequences of `length` ids in 2..vocab-1; label 1 when `keyword` occurs
 * (about half of the samples), else 0.
 */
export function makeKeywordSequences(options: { count: number; length: number; vocab: number; keyword: number; seed: number }): NumericDataset {
  const { count, length, vocab, keyword } = options;
  const random = createSeededRandom(options.seed);
  const features = new Int32Array(count * length);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < length; j++) {
      let id = 2 + Math.floor(random() * (vocab - 2));
      if (id === keyword) id = 2;
      features[i * length + j] = id;
    }
    if (i % 2 === 1) {
      features[i * length + Math.floor(random() * length)] = keyword;
      labels[i] = 1;
    }
  }
  return { count, featureShape: [length], dtype: "int32", numClasses: 2, features, labels };
}

/** Test helper: every weight's values, in `getWeights()` order. */
export async function weightsOf(model: tfjs.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}
