// Test helpers: run the same TensorFlow.js computation on the cpu backend and on the native one, on
// seeded random inputs, and compare the results within a tolerance.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { nativeBackendName, nativeRunCounts } from "../kernels/native-kernel.js";
import { registerNativeBackend } from "../register-native-backend.js";

registerNativeBackend();

/** Deterministic uniform values in [low, high) (mulberry32). */
export function randomValues(size: number, seed: number, low = -1, high = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = low + ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (high - low));
  }
  return out;
}

/** A float32 tensor of `shape` with {@link randomValues}, made on the active backend. */
export function randomTensor(shape: number[], seed: number, low = -1, high = 1): tf.Tensor {
  return tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed, low, high), shape, "float32");
}

/** Runs `f` in a tidy on `backend` and returns a copy of each output's shape and values. */
export async function runOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; values: number[] }[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => {
    const result = f();
    return Array.isArray(result) ? result : [result];
  });
  try {
    return outputs.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
  } finally {
    tf.dispose(outputs);
  }
}

export interface Tolerance {
  /** Allowed |actual - expected| / max(1, |expected|); default 1e-5. */
  relative?: number;
  /** Kernels that must run natively (not on their cpu fallback) on the native side; default none. */
  natively?: string[];
  /** Kernels that must not run natively on the native side; default none. */
  notNatively?: string[];
}

/**
 * Asserts that `f` gives the same shapes and values on the native backend as on the cpu backend
 * (NaN where it gives NaN), within `tolerance`.
 */
export async function assertMatchesCpu(f: () => tf.Tensor | tf.Tensor[], tolerance: Tolerance = {}): Promise<void> {
  const expected = await runOn("cpu", f);
  const before = new Map(nativeRunCounts);
  const actual = await runOn(nativeBackendName, f);
  for (const name of tolerance.natively ?? []) {
    assert.ok((nativeRunCounts.get(name) ?? 0) > (before.get(name) ?? 0), `${name} did not run natively`);
  }
  for (const name of tolerance.notNatively ?? []) {
    assert.equal(nativeRunCounts.get(name) ?? 0, before.get(name) ?? 0, `${name} ran natively`);
  }
  const relative = tolerance.relative ?? 1e-5;
  assert.equal(actual.length, expected.length, "number of outputs");
  expected.forEach((want, o) => {
    const got = actual[o];
    assert.ok(got !== undefined);
    assert.deepEqual(got.shape, want.shape, `output ${o} shape`);
    want.values.forEach((w, i) => {
      const g = got.values[i] ?? Number.NaN;
      if (Number.isNaN(w) || Number.isNaN(g)) {
        assert.ok(Number.isNaN(w) && Number.isNaN(g), `output ${o}[${i}]: native ${g}, cpu ${w}`);
        return;
      }
      if (w === g) return;
      const error = Math.abs(g - w) / Math.max(1, Math.abs(w));
      assert.ok(error <= relative, `output ${o}[${i}]: native ${g}, cpu ${w} (relative error ${error.toExponential(2)} > ${relative})`);
    });
  });
}
