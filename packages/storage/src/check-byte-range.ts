/**
 * Checks a `readRange` request: `offset` and `length` must be non-negative safe integers. A range
 * past the object's end is not an error (it is clipped), so only the numbers are checked here.
 * @throws RangeError naming the bad argument.
 */
export function checkByteRange(offset: number, length: number): void {
  for (const [name, value] of [["offset", offset], ["length", length]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
