import assert from "node:assert/strict";
import { DatasetFormatError, type FileLocation } from "@trainyard/domain";

/** Asserts that `run` throws a DatasetFormatError whose message matches and whose location is exactly `location`. */
export function assertFormatError(run: () => unknown, message: RegExp, location: FileLocation): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DatasetFormatError, `expected a DatasetFormatError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.deepEqual(error.location, location);
    return true;
  });
}
