import type { JobSpec } from "@trainyard/contracts";
import { buildVocabulary, isStreamedDataset, serializeVocabulary, textToNumericDataset, type TrainingData, type Vocabulary } from "@trainyard/training";
import type { JobData } from "./load-job-dataset.js";

/** Model-ready data: text tokenized with a vocabulary of the training part, plus files to ship with the model. */
export interface ClassifierData {
  /** In memory, or streamed as loaded. */
  data: TrainingData;
  vocabulary: Vocabulary | null;
  modelFiles: Record<string, Uint8Array>;
}

/**
 * Numeric data as is (in memory or streamed); raw text tokenized with a vocabulary built from `trainIndices` only (so no
 * validation word leaks into it), saved beside the model as vocab.json.
 */
export function prepareClassifierData(raw: JobData, spec: JobSpec, trainIndices: Int32Array): ClassifierData {
  if (isStreamedDataset(raw) || raw.dtype !== "text") return { data: raw, vocabulary: null, modelFiles: {} };
  if (spec.model.type !== "rnn") throw new Error(`text dataset with model type ${spec.model.type} passed validation`);
  const vocabulary = buildVocabulary(raw.texts, trainIndices, spec.model.vocabSize);
  return {
    data: textToNumericDataset(raw, vocabulary, spec.model.sequenceLength),
    vocabulary,
    modelFiles: { "vocab.json": serializeVocabulary(vocabulary, spec.model.sequenceLength) },
  };
}

/** Other data (an evaluation set) in the same form as the training data. */
export function alignWith(raw: JobData, spec: JobSpec, vocabulary: Vocabulary | null): TrainingData {
  if (isStreamedDataset(raw) || raw.dtype !== "text") return raw;
  if (vocabulary === null || spec.model.type !== "rnn") throw new Error("text evaluation data without a vocabulary");
  return textToNumericDataset(raw, vocabulary, spec.model.sequenceLength);
}
