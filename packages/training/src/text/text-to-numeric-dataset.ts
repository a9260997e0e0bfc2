import type { NumericDataset, TextDataset } from "@trainyard/domain";
import { tokenizeTexts } from "./tokenize-texts.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * The text dataset as token ids the model trains on: dtype int32, featureShape [sequenceLength]
 * (see tokenizeTexts); count, numClasses and labels (the same array) unchanged.
 *
 * @throws RangeError when sequenceLength is not a positive integer.
 */
export function textToNumericDataset(dataset: TextDataset, vocabulary: Vocabulary, sequenceLength: number): NumericDataset {
  return {
    count: dataset.count,
    featureShape: [sequenceLength],
    dtype: "int32",
    numClasses: dataset.numClasses,
    features: tokenizeTexts(dataset.texts, vocabulary, sequenceLength),
    labels: dataset.labels,
  };
}
