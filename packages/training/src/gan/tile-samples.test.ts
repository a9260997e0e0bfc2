import { test } from "node:test";
import assert from "node:assert/strict";
import { tileSamples } from "./tile-samples.js";

test("tiles grayscale samples with 1-pixel mid-gray gaps, mapping [-1, 1] to 0..255 and clamping", () => {
  // Three 2x2 samples, two per row: the fourth tile stays gap-coloured.
  const values = [-1, 1, 0, 2, /* */ -2, NaN, 0.5, -0.5, /* */ 1, 1, 1, 1];
  const grid = tileSamples(values, 3, [2, 2, 1], 2);
  assert.deepEqual([grid.width, grid.height, grid.channels], [5, 5, 1]);
  // prettier-ignore
  assert.deepEqual(Array.from(grid.pixels), [
    0, 255, 128, 0, 0,
    128, 255, 128, 191, 64,
    128, 128, 128, 128, 128,
    255, 255, 128, 128, 128,
    255, 255, 128, 128, 128,
  ]);
});

test("draws 3-channel samples in RGB and 4-channel ones from their first three channels", () => {
  const rgb = tileSamples([1, -1, 0], 1, [1, 1, 3]);
  assert.deepEqual([rgb.width, rgb.height, rgb.channels, Array.from(rgb.pixels)], [1, 1, 3, [255, 0, 128]]);
  const rgba = tileSamples([1, -1, 0, 1], 1, [1, 1, 4]);
  assert.deepEqual([rgba.channels, Array.from(rgba.pixels)], [3, [255, 0, 128]]);
  const twoChannels = tileSamples([1, -1], 1, [1, 1, 2]);
  assert.deepEqual([twoChannels.channels, Array.from(twoChannels.pixels)], [1, [255]]);
});

test("draws feature rows as 1-pixel-high strips, four per grid row by default", () => {
  const grid = tileSamples(Array.from({ length: 16 * 3 }, () => 1), 16, [3]);
  assert.deepEqual([grid.width, grid.height, grid.channels], [15, 7, 1]);
  assert.deepEqual(Array.from(grid.pixels.subarray(0, 15)), [255, 255, 255, 128, 255, 255, 255, 128, 255, 255, 255, 128, 255, 255, 255]);
});
