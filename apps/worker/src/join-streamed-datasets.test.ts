import { test } from "node:test";
import assert from "node:assert/strict";
import type { NumericDataset } from "@trainyard/domain";
import { streamFromMemory } from "@trainyard/training";
import { concatDatasets } from "./load-job-dataset.js";
import { joinStreamedDatasets } from "./join-streamed-datasets.js";

const rows = (count: number, start: number, numClasses: number): NumericDataset => ({
  count,
  featureShape: [2],
  dtype: "float32",
  numClasses,
  features: Float32Array.from({ length: count * 2 }, (_, i) => start + i),
  labels: Int32Array.from({ length: count }, (_, i) => i % numClasses),
});

test("joinStreamedDatasets reads the samples of the first dataset, then the second, across the seam", async () => {
  const joined = joinStreamedDatasets(streamFromMemory(rows(3, 0, 2)), streamFromMemory(rows(2, 100, 3)));
  assert.deepEqual([joined.count, joined.numClasses, [...joined.labels]], [5, 3, [0, 1, 0, 0, 1]]);
  const floats = async (first: number, count: number) => {
    const bytes = await joined.readSamples(first, count);
    return [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
  };
  assert.deepEqual(await floats(0, 2), [0, 1, 2, 3]);
  assert.deepEqual(await floats(2, 2), [4, 5, 100, 101]);
  assert.deepEqual(await floats(4, 1), [102, 103]);
  assert.deepEqual(await floats(0, 5), [0, 1, 2, 3, 4, 5, 100, 101, 102, 103]);
});

test("concatDatasets streams when either dataset is streamed", async () => {
  const joined = concatDatasets(rows(3, 0, 2), streamFromMemory(rows(2, 100, 2)));
  assert.ok("readSamples" in joined);
  assert.equal(joined.count, 5);
  const inMemory = concatDatasets(rows(3, 0, 2), rows(2, 100, 2));
  assert.ok(!("readSamples" in inMemory) && inMemory.dtype === "float32");
  assert.deepEqual([...inMemory.features].slice(4, 8), [4, 5, 100, 101]);
});
