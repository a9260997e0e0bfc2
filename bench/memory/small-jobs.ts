// The small jobs bench/worker-memory.ts runs: one tiny dataset per model family, uploaded once
// through the API, and a small valid job spec per family (1 to 2 epochs of small layers), so a
// job takes well under a second on the wasm backend and 200 of them fit in a few minutes.
import { makeIdxDataset } from "../../tests/fixtures/idx.js";
import { makeKeywordTextDataset } from "../../tests/fixtures/jsonl.js";
import { uploadDataFile, uploadIdx } from "../../tests/support/job-helpers.js";
import type { TestStack } from "../../tests/support/test-stack.js";

export const modelFamilies = ["cnn", "rnn", "gan"] as const;
export type ModelFamily = (typeof modelFamilies)[number];

/** What {@link smallJobSpec}'s jobs are, for the report. */
export const smallJobsDescription = "128 samples of 8x8 images or 8-token sentences, 2 epochs, small layers; a checkpoint after epoch 1 of each cnn and rnn job, a sample grid per GAN epoch";

/** Dataset ids by family: 8x8 images (4 classes) for cnn and gan, keyword sentences for rnn. */
export type SmallDatasets = Record<ModelFamily, string>;

/** Uploads the datasets of {@link smallJobSpec}: 128 images of 8x8 pixels and 128 short sentences. */
export async function uploadSmallDatasets(stack: TestStack, key: string): Promise<SmallDatasets> {
  const images = await uploadIdx(stack, key, makeIdxDataset({ count: 128, height: 8, width: 8, numClasses: 4, seed: 11 }));
  const text = await uploadDataFile(stack, key, "jsonl", makeKeywordTextDataset({ count: 128, seed: 12, maxWords: 8 }));
  return { cnn: images.id, rnn: text.id, gan: images.id };
}

/**
 * The spec of job number `index` (0-based) of `family`: two epochs, so cnn and rnn jobs write one
 * checkpoint (after epoch 1, not after the last; GAN jobs take none) and GAN jobs a sample grid
 * each epoch. Seeds vary by job.
 */
export function smallJobSpec(family: ModelFamily, datasets: SmallDatasets, index: number): object {
  const training = { epochs: 2, batchSize: 32, learningRate: 0.01, seed: index + 1 };
  switch (family) {
    case "cnn":
      return {
        model: { type: "cnn", conv: [{ filters: 4, kernelSize: 3 }], dense: [16] },
        dataset: { id: datasets.cnn, validationSplit: 0.25 },
        training,
      };
    case "rnn":
      return {
        model: { type: "rnn", cell: "lstm", vocabSize: 64, sequenceLength: 8, embeddingDim: 8, units: 8 },
        dataset: { id: datasets.rnn, validationSplit: 0.25 },
        training,
      };
    case "gan":
      return {
        model: { type: "gan", latentDim: 8, generator: [16], discriminator: [16], sampleEveryEpochs: 1 },
        dataset: { id: datasets.gan },
        training,
      };
  }
}
