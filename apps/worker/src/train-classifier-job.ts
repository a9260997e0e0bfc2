import type { NumericDataset } from "@trainyard/domain";
import { buildModel, buildVocabulary, serializeVocabulary, splitIndices, textToNumericDataset, trainModel } from "@trainyard/training";
import { storeModel } from "./job-artifacts.js";
import type { TrainingRun } from "./run-training.js";

/**
 * Trains a classifier (cnn, rnn, sequential, keras) and stores it. Text datasets are tokenized with a
 * vocabulary built from the training split only, saved beside the model as vocab.json.
 * @returns whether training was stopped by a cancel.
 */
export async function trainClassifierJob(run: TrainingRun): Promise<boolean> {
  const { deps, job, seed } = run;
  const { tf } = deps.backend;
  const { spec } = job;
  const split = splitIndices({
    labels: run.data.labels,
    count: run.data.count,
    validationSplit: spec.dataset.validationSplit,
    seed,
    stratify: spec.dataset.stratify,
  });
  const extraFiles: Record<string, Uint8Array> = {};
  let data: NumericDataset;
  if (run.data.dtype === "text") {
    if (spec.model.type !== "rnn") throw new Error(`text dataset with model type ${spec.model.type} passed validation`);
    const vocabulary = buildVocabulary(run.data.texts, split.train, spec.model.vocabSize);
    data = textToNumericDataset(run.data, vocabulary, spec.model.sequenceLength);
    extraFiles["vocab.json"] = serializeVocabulary(vocabulary, spec.model.sequenceLength);
  } else {
    data = run.data;
  }
  const model = buildModel(tf, spec.model, { featureShape: run.data.featureShape, dtype: run.data.dtype, numClasses: data.numClasses }, seed);
  try {
    const result = await trainModel({
      tf,
      model,
      training: { ...spec.training, seed },
      data,
      split,
      onBatchEnd: (p) => run.progress.report(p),
      onEpochEnd: run.recordEpoch,
      shouldStop: run.shouldStop,
    });
    if (result.stopped) return true;
    await storeModel(deps, job, model, extraFiles);
    return false;
  } finally {
    model.dispose();
  }
}
