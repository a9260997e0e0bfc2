import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { computeDatasetStats } from "./compute-dataset-stats.js";

describe("computeDatasetStats", () => {
  test("counts classes and summarises numeric features", () => {
    const stats = computeDatasetStats({
      count: 3,
      featureShape: [2],
      dtype: "float32",
      numClasses: 3,
      features: Float32Array.from([1, -2, 3, 4, 0.5, 0.5]),
      labels: Int32Array.from([0, 2, 2]),
    });
    assert.deepEqual(stats, { classCounts: [1, 0, 2], featureMin: -2, featureMax: 4, featureMean: 7 / 6, wordsPerText: null });
  });

  test("summarises words per text for text datasets", () => {
    const stats = computeDatasetStats({ count: 2, featureShape: [], dtype: "text", numClasses: 2, texts: ["a good film", "bad"], labels: Int32Array.from([1, 0]) });
    assert.deepEqual(stats, { classCounts: [1, 1], featureMin: null, featureMax: null, featureMean: null, wordsPerText: { min: 1, max: 3, mean: 2 } });
  });
});
