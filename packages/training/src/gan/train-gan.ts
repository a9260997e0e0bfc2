import { setImmediate as nextMacrotask } from "node:timers/promises";
import type * as tfjs from "@tensorflow/tfjs";
import type { GanModelSpec, TrainingSpec } from "@trainyard/contracts";
import type { NumericDataset } from "@trainyard/domain";
import { createOptimizer } from "../train/create-optimizer.js";
import { disposeOptimizer } from "../train/dispose-optimizer.js";
import { createSeededRandom, shuffleInPlace } from "../train/seeded-random.js";
import type { BatchProgress } from "../train/train-model.js";
import type { GanModels } from "./build-gan.js";
import { checkGanData } from "./check-gan-data.js";
import { encodePng } from "./encode-png.js";
import { createGanNoise } from "./gan-noise.js";
import { discriminatorStep, generatorStep } from "./gan-steps.js";
import { makeRealImageBatch, resolveImageScaling } from "./real-image-batch.js";
import { tileSamples } from "./tile-samples.js";

/**
 * Metrics of one GAN epoch, means over its steps. A type alias (not an interface) so it is
 * assignable to `Record<string, number>`.
 */
export type GanEpochMetrics = {
  /** Discriminator loss: (BCE on real + BCE on generated) / 2, plus its regularization penalty. */
  d_loss: number;
  /** Generator loss: BCE of D(G(z)) against "real", plus its regularization penalty. */
  g_loss: number;
  /** Mean D(x): the discriminator's probability that real samples are real. */
  d_real: number;
  /** Mean D(G(z)): its probability that generated samples are real. */
  d_fake: number;
};

export interface TrainGanOptions extends GanModels {
  tf: typeof tfjs;
  spec: GanModelSpec;
  /**
   * Used: epochs, batchSize, optimizer, learningRate, momentum, nesterov, shuffle, seed. Not used:
   * loss (always binary cross-entropy), earlyStopping, learningRateSchedule, modelSelection.
   */
  training: TrainingSpec;
  /** Images (uint8 or float32); labels are ignored. Every sample is used for training. */
  data: NumericDataset;
  /** Called synchronously after every batch (all its D and G steps); the caller throttles. */
  onBatchEnd?: (progress: BatchProgress) => void;
  /** Called and awaited once per completed epoch (1-based), after `onSamples`. */
  onEpochEnd?: (epoch: number, metrics: GanEpochMetrics) => Promise<void>;
  /**
   * Called and awaited every `spec.sampleEveryEpochs` epochs and at the last epoch with a PNG grid
   * (4 x 4) of the generator's samples for a noise batch fixed at the start, so epochs compare.
   */
  onSamples?: (epoch: number, png: Uint8Array) => Promise<void>;
  /** Checked after every batch (and once before the first); true stops training cooperatively. */
  shouldStop?: () => boolean;
}

export interface TrainGanResult {
  /** Whether `shouldStop` ended training early. */
  stopped: boolean;
  /** Epochs whose training, `onSamples` and `onEpochEnd` all finished. */
  epochsCompleted: number;
  /** The last completed epoch's metrics; null when none completed. */
  finalMetrics: GanEpochMetrics | null;
}

/** Samples in each PNG grid. */
export const ganSampleCount = 16;

/**
 * Trains a GAN in place. Images are scaled to [-1, 1] (see `resolveImageScaling`). Each batch of
 * real images gets `spec.dSteps` discriminator steps (the same real batch, fresh noise each step)
 * then `spec.gSteps` generator steps (fresh noise, as many samples as the batch), each network
 * with its own optimizer of `training.optimizer` at `training.learningRate`, each step minimising
 * over its own network's weights only. Between batches it awaits a macrotask.
 *
 * With `training.seed`, shuffling and all noise are seeded: the same seed, data, initial weights
 * and backend give the same weights. Optimizers are created here and disposed before returning;
 * the number of live tensors afterwards equals the number before.
 *
 * @throws InvalidInputError for field "dataset.id" when the data does not fit the networks.
 */
export async function trainGan(options: TrainGanOptions): Promise<TrainGanResult> {
  const { tf, spec, training, data, onBatchEnd, onEpochEnd, onSamples } = options;
  const models: GanModels = { generator: options.generator, discriminator: options.discriminator };
  const shouldStop = options.shouldStop ?? (() => false);
  const imageShape = checkGanData(models, data);
  const scaling = resolveImageScaling(data);
  const random = createSeededRandom(training.seed ?? Math.floor(Math.random() * 2 ** 31));
  const noise = createGanNoise(random);
  // Drawn first, so the sample grids do not depend on how many steps ran before them.
  const sampleNoise = noise(ganSampleCount, spec.latentDim);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  const batches = Math.ceil(data.count / training.batchSize);
  const optimizerOptions = { momentum: training.momentum, nesterov: training.nesterov };
  const dOptimizer = createOptimizer(tf, training.optimizer, training.learningRate, optimizerOptions);
  const gOptimizer = createOptimizer(tf, training.optimizer, training.learningRate, optimizerOptions);
  const noiseTensor = (rows: number) => tf.tensor2d(noise(rows, spec.latentDim), [rows, spec.latentDim], "float32");
  let finalMetrics: GanEpochMetrics | null = null;
  try {
    if (shouldStop()) return { stopped: true, epochsCompleted: 0, finalMetrics };
    for (let epoch = 1; epoch <= training.epochs; epoch++) {
      if (training.shuffle) shuffleInPlace(order, random);
      const total = { d_loss: 0, g_loss: 0, d_real: 0, d_fake: 0, dSamples: 0, gSamples: 0 };
      for (let b = 0; b < batches; b++) {
        const start = b * training.batchSize;
        const end = Math.min(data.count, start + training.batchSize);
        const size = end - start;
        const real = makeRealImageBatch(tf, data, imageShape, scaling, order, start, end);
        try {
          for (let step = 0; step < spec.dSteps; step++) {
            const z = noiseTensor(size);
            try {
              const score = await discriminatorStep(tf, models, dOptimizer, real, z);
              total.d_loss += score.loss * size;
              total.d_real += score.dReal * size;
              total.d_fake += score.dFake * size;
              total.dSamples += size;
            } finally {
              z.dispose();
            }
          }
        } finally {
          real.dispose();
        }
        for (let step = 0; step < spec.gSteps; step++) {
          const z = noiseTensor(size);
          try {
            total.g_loss += (await generatorStep(tf, models, gOptimizer, z)) * size;
            total.gSamples += size;
          } finally {
            z.dispose();
          }
        }
        onBatchEnd?.({ epoch, epochs: training.epochs, batch: b + 1, batches });
        if (shouldStop()) return { stopped: true, epochsCompleted: epoch - 1, finalMetrics };
        await nextMacrotask();
      }
      const metrics: GanEpochMetrics = {
        d_loss: total.d_loss / total.dSamples,
        g_loss: total.g_loss / total.gSamples,
        d_real: total.d_real / total.dSamples,
        d_fake: total.d_fake / total.dSamples,
      };
      if (onSamples !== undefined && (epoch % spec.sampleEveryEpochs === 0 || epoch === training.epochs)) {
        await onSamples(epoch, await renderSamples(tf, models.generator, sampleNoise, spec.latentDim, imageShape));
      }
      await onEpochEnd?.(epoch, metrics);
      finalMetrics = metrics;
    }
    return { stopped: false, epochsCompleted: training.epochs, finalMetrics };
  } finally {
    disposeOptimizer(dOptimizer);
    disposeOptimizer(gOptimizer);
  }
}

/** The generator's samples for `noise` (inference mode) as a PNG grid. */
async function renderSamples(
  tf: typeof tfjs,
  generator: tfjs.LayersModel,
  noise: Float32Array,
  latentDim: number,
  imageShape: number[],
): Promise<Uint8Array> {
  const count = noise.length / latentDim;
  const images = tf.tidy(() => generator.apply(tf.tensor2d(noise, [count, latentDim]), { training: false }) as tfjs.Tensor);
  try {
    return encodePng(tileSamples(await images.data(), count, imageShape));
  } finally {
    images.dispose();
  }
}
