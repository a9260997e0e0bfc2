import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { encodePng } from "./encode-png.js";
import { decodePng } from "./test-support/decode-png.js";

describe("encodePng", () => {
  test("writes a grayscale image that decodes to the same pixels", () => {
    const pixels = Uint8Array.from({ length: 5 * 3 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng({ width: 5, height: 3, channels: 1, pixels }));
    assert.deepEqual(decoded, { width: 5, height: 3, channels: 1, pixels, chunks: ["IHDR", "IDAT", "IEND"] });
  });

  test("writes an RGB image that decodes to the same pixels", () => {
    const pixels = Uint8Array.from({ length: 4 * 7 * 3 }, (_, i) => (i * 101 + 7) % 256);
    const decoded = decodePng(encodePng({ width: 4, height: 7, channels: 3, pixels }));
    assert.deepEqual(decoded, { width: 4, height: 7, channels: 3, pixels, chunks: ["IHDR", "IDAT", "IEND"] });
  });

  test("ends with the standard IEND chunk, whose CRC-32 is AE426082", () => {
    const png = encodePng({ width: 1, height: 1, channels: 1, pixels: Uint8Array.of(9) });
    assert.deepEqual(Array.from(png.subarray(-12)), [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  });

  test("rejects pixels that do not match the size", () => {
    assert.throws(() => encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(4) }), /needs 12 values, got 4/);
    assert.throws(() => encodePng({ width: 0, height: 2, channels: 1, pixels: new Uint8Array(0) }), /positive integer sizes/);
  });
});
