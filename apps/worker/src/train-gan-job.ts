import { buildGan, isStreamedDataset, trainGan } from "@trainyard/training";
import { storeArtifact, storeModel } from "./job-artifacts.js";
import type { TrainingRun } from "./run-training.js";

/**
 * Trains a GAN on the dataset's images (labels unused). Sample grids are stored as artifacts while
 * it trains (samples/epoch-NNNN.png); the generator is the job's model.
 * @returns whether training was stopped by a cancel.
 */
export async function trainGanJob(run: TrainingRun): Promise<boolean> {
  const { deps, job, seed } = run;
  const { tf } = deps.backend;
  const { spec } = job;
  if (spec.model.type !== "gan") throw new Error("trainGanJob needs a gan spec");
  if (run.data.dtype === "text") throw new Error("text dataset with a gan passed validation");
  // loadJobDataset refuses this (as the API does at submit); the check narrows the type.
  if (isStreamedDataset(run.data)) throw new Error("a gan over a streamed dataset passed validation");
  await run.enterStage("TRAINING");
  const { generator, discriminator } = buildGan(tf, spec.model, { featureShape: run.data.featureShape, dtype: run.data.dtype, numClasses: run.data.numClasses }, seed);
  try {
    const result = await trainGan({
      tf,
      generator,
      discriminator,
      spec: spec.model,
      training: { ...spec.training, seed },
      data: run.data,
      onBatchEnd: (p) => run.progress.report(p),
      onEpochEnd: run.recordEpoch,
      onSamples: (epoch, png) => storeArtifact(deps, job, "samples", `samples/epoch-${String(epoch).padStart(4, "0")}.png`, png),
      shouldStop: run.shouldStop,
    });
    if (result.stopped) return true;
    await run.enterStage("UPLOADING");
    await storeModel(deps, job, generator);
    return false;
  } finally {
    generator.dispose();
    discriminator.dispose();
  }
}
