import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createDatabase, isDatabaseUnavailableError } from "../src/index.js";

describe("isDatabaseUnavailableError", () => {
  test("recognises a server nobody listens on (Prisma P1001), wrapped or not", async () => {
    const db = createDatabase("postgresql://root@127.0.0.1:1/test", { connectTimeoutMs: 2000 });
    try {
      const error = await db.jobs.findByIdForWorker("00000000-0000-0000-0000-000000000000").then(
        () => assert.fail("expected a connection error"),
        (e: unknown) => e,
      );
      assert.equal(isDatabaseUnavailableError(error), true, String(error));
      assert.equal(isDatabaseUnavailableError(new Error("request failed", { cause: error })), true);
    } finally {
      await db.close();
    }
  });

  test("recognises a connection cut, and nothing else", () => {
    assert.equal(isDatabaseUnavailableError(Object.assign(new Error("Connection terminated unexpectedly"), { clientVersion: "7" })), true);
    assert.equal(isDatabaseUnavailableError(Object.assign(new Error("Unique constraint failed"), { code: "P2002" })), false);
    assert.equal(isDatabaseUnavailableError(new RangeError("bad")), false);
    assert.equal(isDatabaseUnavailableError("text"), false);
    assert.equal(isDatabaseUnavailableError(null), false);
  });
});
