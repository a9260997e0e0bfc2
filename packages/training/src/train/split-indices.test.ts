import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { splitIndices } from "./split-indices.js";

/** 80 samples of class 0, 20 of class 1, 10 of class 2, in label order. */
const labels = Int32Array.from({ length: 110 }, (_, i) => (i < 80 ? 0 : i < 100 ? 1 : 2));

function countByClass(indices: Int32Array): number[] {
  const counts = [0, 0, 0];
  for (const i of indices) counts[labels[i] ?? 0] = (counts[labels[i] ?? 0] ?? 0) + 1;
  return counts;
}

describe("splitIndices", () => {
  test("holds out floor(count * validationSplit) samples, disjoint from the sorted training part", () => {
    for (const stratify of [false, true]) {
      const { train, validation } = splitIndices({ labels, count: 110, validationSplit: 0.2, seed: 1, stratify });
      assert.equal(validation.length, 22);
      assert.equal(train.length, 88);
      assert.deepEqual([...train, ...validation].sort((a, b) => a - b), Array.from({ length: 110 }, (_, i) => i));
      for (const part of [train, validation]) assert.deepEqual(Array.from(part), Array.from(part).sort((a, b) => a - b));
    }
    assert.equal(splitIndices({ labels: new Int32Array(100), count: 100, validationSplit: 0.29, seed: 1, stratify: false }).validation.length, 29);
  });

  test("gives the same split for the same seed and another for another seed", () => {
    const options = { labels, count: 110, validationSplit: 0.2, stratify: false };
    const a = splitIndices({ ...options, seed: 5 });
    assert.deepEqual(splitIndices({ ...options, seed: 5 }), a);
    assert.notDeepEqual(splitIndices({ ...options, seed: 6 }).validation, a.validation);
    // Not simply the last samples, as before.
    assert.notDeepEqual(Array.from(a.validation), Array.from({ length: 22 }, (_, i) => 88 + i));
  });

  test("with stratify keeps each class's share in both parts, for every seed", () => {
    for (let seed = 0; seed < 20; seed++) {
      const { train, validation } = splitIndices({ labels, count: 110, validationSplit: 0.2, seed, stratify: true });
      assert.deepEqual(countByClass(validation), [16, 4, 2], `seed ${seed}`);
      assert.deepEqual(countByClass(train), [64, 16, 8], `seed ${seed}`);
    }
    // Without stratify some seed drifts from those proportions.
    const drifts = Array.from({ length: 20 }, (_, seed) => countByClass(splitIndices({ labels, count: 110, validationSplit: 0.2, seed, stratify: false }).validation));
    assert.ok(drifts.some((counts) => counts.join() !== "16,4,2"));
  });

  test("gives the rounding to the classes with the largest remainders", () => {
    // 7 held out of 3 classes of 10, 6 and 4: exact shares 3.5, 2.1, 1.4 -> 4, 2, 1.
    const small = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : i < 16 ? 1 : 2));
    const { validation } = splitIndices({ labels: small, count: 20, validationSplit: 0.35, seed: 3, stratify: true });
    const counts = [0, 0, 0];
    for (const i of validation) counts[small[i] ?? 0]!++;
    assert.deepEqual(counts, [4, 2, 1]);
  });

  test("rejects a fraction outside [0, 1) and labels that do not match the count", () => {
    assert.throws(() => splitIndices({ labels, count: 110, validationSplit: 1, seed: 1, stratify: false }), RangeError);
    assert.throws(() => splitIndices({ labels, count: 5, validationSplit: 0.1, seed: 1, stratify: false }), RangeError);
    assert.deepEqual(splitIndices({ labels, count: 110, validationSplit: 0, seed: 1, stratify: true }).validation.length, 0);
  });
});
