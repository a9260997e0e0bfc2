import assert from "node:assert/strict";

/**
 * Test helper: the tolerance this package promises for its wasm kernels against the cpu backend:
 * |actual - expected| <= 1e-4 * (1 + |expected|) per element.
 */
export const kernelTolerance = 1e-4;

/** Asserts every element of `actual` is within {@link kernelTolerance} of `expected`. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, tolerance = kernelTolerance): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    const a = actual[i] ?? NaN;
    assert.ok(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)), `${label}: element ${i} is ${a}, expected ${e}`);
  }
}
