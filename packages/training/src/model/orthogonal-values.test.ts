import { test } from "node:test";
import assert from "node:assert/strict";
import { createSeededRandom } from "../train/seeded-random.js";
import { orthogonalValues } from "./orthogonal-values.js";

/** Largest |<v_a, v_b> - [a = b]| over `count` vectors of length `length`, element i of vector v read by `at(v, i)`. */
function orthogonalityError(values: Float32Array, count: number, length: number, at: (vector: number, i: number) => number): number {
  let worst = 0;
  for (let a = 0; a < count; a++) {
    for (let b = 0; b < count; b++) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

test("gives orthonormal rows for a wide matrix (a recurrent kernel [units, 4 x units])", () => {
  const [rows, cols] = [16, 64];
  const values = orthogonalValues(rows, cols, createSeededRandom(1));
  assert.ok(orthogonalityError(values, rows, cols, (r, i) => values[r * cols + i] ?? NaN) < 1e-5);
});

test("gives orthonormal columns for a tall matrix, scaled by the gain", () => {
  const [rows, cols] = [30, 7];
  const values = orthogonalValues(rows, cols, createSeededRandom(2), 2);
  assert.ok(orthogonalityError(values, cols, rows, (c, i) => (values[i * cols + c] ?? NaN) / 2) < 1e-5);
});

test("the same seed draws the same matrix, another seed another", () => {
  const a = orthogonalValues(8, 32, createSeededRandom(5));
  assert.deepEqual(a, orthogonalValues(8, 32, createSeededRandom(5)));
  assert.notDeepEqual(a, orthogonalValues(8, 32, createSeededRandom(6)));
});

test("draws a 256-unit LSTM's recurrent kernel in well under a second", () => {
  const started = performance.now();
  orthogonalValues(256, 1024, createSeededRandom(3));
  assert.ok(performance.now() - started < 1000);
});
