import assert from "node:assert/strict";
import { InvalidInputError } from "@trainyard/domain";

/** Test helper: `action` throws a 400 InvalidInputError whose first path is `path` and message matches `reason`. */
export function assertInvalid(action: () => unknown, path: string, reason: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    assert.equal(error.statusCode, 400);
    assert.equal(error.details[0]?.path, path);
    assert.match(error.message, reason);
    return true;
  });
}
