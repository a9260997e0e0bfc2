// One training run of a seed model through the worker's own calls: buildModel + trainModel (what
// apps/worker/src/fit-classifier.ts calls) or buildGan + trainGan (apps/worker/src/train-gan-job.ts).
import type * as tfjs from "@tensorflow/tfjs";
import type { TrainingSpec } from "@trainyard/contracts";
import type { NumericDataset } from "@trainyard/domain";
import { buildGan, buildModel, trainGan, trainModel } from "@trainyard/training";
import { seedModelSpec, type SeedModelName } from "./seed-models.js";

/** The two callbacks the worker passes too: progress after each batch, and the cooperative stop. */
export interface TrainingHooks {
  onBatchEnd: () => void;
  shouldStop: () => boolean;
}

/**
 * Builds the seed model `name` for `data` (initializers seeded with 1, as a job with seed 1) and
 * trains it with `training` on all of `data` until `shouldStop` or the epochs end, then disposes
 * it. Returns its parameter count (generator + discriminator for the GAN).
 */
export async function trainSeedModel(tf: typeof tfjs, name: SeedModelName, data: NumericDataset, training: TrainingSpec, hooks: TrainingHooks): Promise<number> {
  const spec = seedModelSpec(name);
  const input = { featureShape: data.featureShape, dtype: data.dtype, numClasses: data.numClasses };
  if (spec.type === "gan") {
    const { generator, discriminator } = buildGan(tf, spec, input, 1);
    try {
      await trainGan({ tf, generator, discriminator, spec, training, data, ...hooks });
      return generator.countParams() + discriminator.countParams();
    } finally {
      generator.dispose();
      discriminator.dispose();
    }
  }
  const model = buildModel(tf, spec, input, 1);
  try {
    await trainModel({ tf, model, training, data, ...hooks });
    return model.countParams();
  } finally {
    model.dispose();
  }
}
