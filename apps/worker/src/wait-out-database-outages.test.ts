import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { waitOutDatabaseOutages } from "./wait-out-database-outages.js";

const unreachable = () => Object.assign(new Error("Can't reach database server"), { code: "P1001" });
const logger = pino({ level: "silent" });

describe("waitOutDatabaseOutages", () => {
  test("retries a call while the database is unreachable, then returns its result", async () => {
    let calls = 0;
    const repo = { async read(x: number) {
      calls++;
      if (calls < 3) throw unreachable();
      return x * 2;
    } };
    const wrapped = waitOutDatabaseOutages(repo, "repo", { maxWaitMs: 5_000, logger, firstDelayMs: 5 });
    assert.equal(await wrapped.read(21), 42);
    assert.equal(calls, 3);
  });

  test("passes other errors through at once, and gives up after maxWaitMs", async () => {
    let calls = 0;
    const repo = {
      async bad() {
        calls++;
        throw new RangeError("not an outage");
      },
      async down() {
        throw unreachable();
      },
    };
    const wrapped = waitOutDatabaseOutages(repo, "repo", { maxWaitMs: 60, logger, firstDelayMs: 10 });
    await assert.rejects(wrapped.bad(), RangeError);
    assert.equal(calls, 1);
    const started = Date.now();
    await assert.rejects(wrapped.down(), /Can't reach database server/);
    assert.ok(Date.now() - started < 1_000);
  });
});
