import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseDecimal } from "./parse-decimal.js";

const read = (text: string) => parseDecimal(text, 0, text.length);

describe("parseDecimal", () => {
  test("gives exactly what Number() gives for decimal numbers", () => {
    const samples = ["0", "-0", "+7", "12", "0.1", "-0.3", "123456.789012", ".5", "5.", " 42 ", "\t-1.25",
      "1e3", "-2.5E-4", "123456789012345678", "0.000000000000000000000001", "999999999999999.9", "3.4028234663852886e38"];
    for (let i = 0; i < 2000; i++) samples.push((Math.random() * 10 ** (i % 12) - 5).toFixed(i % 9));
    for (const sample of samples) assert.equal(Object.is(read(sample), Number(sample)), true, sample);
  });

  test("reads only the given range", () => {
    assert.equal(parseDecimal("x,12.5,y", 2, 6), 12.5);
  });

  test("returns NaN for what is not a decimal number", () => {
    for (const sample of ["", " ", "-", ".", "+.", "abc", "0x10", "0b1", "Infinity", "1e", "1-2", "1 2", "١٢", "1_000", "NaN"]) {
      assert.ok(Number.isNaN(read(sample)), JSON.stringify(sample));
    }
  });

  test("returns Infinity for an exponent beyond double range", () => {
    assert.equal(read("1e400"), Infinity);
  });
});
