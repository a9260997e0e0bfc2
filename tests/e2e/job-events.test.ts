import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { JobEventView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { trainToEnd, uploadDataFile, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("job events: every status and secondary status change", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: true });
  });
  after(async () => {
    await stack.stop();
  });

  test("a job that trains and evaluates lists each stage once, in order, with its worker and attempt", async () => {
    const key = await stack.createTenantKey();
    const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 60, height: 8, width: 8, numClasses: 2, seed: 3 }));
    const evaluation = await uploadIdx(stack, key, makeIdxDataset({ count: 20, height: 8, width: 8, numClasses: 2, seed: 4 }));
    const { job } = await trainToEnd(stack, key, {
      model: { type: "cnn" },
      dataset: { id: dataset.id },
      evaluation: { datasetId: evaluation.id },
      training: { epochs: 1, batchSize: 16, seed: 1 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(job.secondaryStatus, "COMPLETED");
    const res = await stack.request().get(`/v1/jobs/${job.id}/events`).set("authorization", `Bearer ${key}`);
    assert.equal(res.status, 200, res.text);
    const events = (res.body as { items: JobEventView[] }).items;
    assert.deepEqual(
      events.map((e) => `${e.status}/${e.secondaryStatus}`),
      ["QUEUED/PENDING", "RUNNING/STARTING", "RUNNING/LOADING_DATA", "RUNNING/TRAINING", "RUNNING/EVALUATING", "RUNNING/UPLOADING", "SUCCEEDED/COMPLETED"],
    );
    assert.deepEqual(events[0], { ...events[0], workerId: null, attempt: 0 });
    for (const event of events.slice(1)) {
      assert.ok(event.workerId !== null && event.workerId.length > 0, JSON.stringify(event));
      assert.equal(event.attempt, 1);
    }
    const times = events.map((e) => Date.parse(e.createdAt));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));

    const other = await stack.createTenantKey();
    const hidden = await stack.request().get(`/v1/jobs/${job.id}/events`).set("authorization", `Bearer ${other}`);
    assert.equal(hidden.status, 404, hidden.text);
  });

  test("a job whose loss diverges fails at once, in plain words, without a retry", async () => {
    const key = await stack.createTenantKey();
    const rows = Array.from({ length: 64 }, (_, i) => `${(1 + (i % 7)) * 1e30},${(1 + (i % 5)) * 3e30},${i % 2}`).join("\n");
    const dataset = await uploadDataFile(stack, key, "csv", `a,b,label\n${rows}\n`);
    const { job } = await trainToEnd(stack, key, {
      model: { type: "sequential", layers: [{ type: "dense", units: 8, activation: "linear", kernelRegularizer: { l2: 1 } }, { type: "dense", units: 2, activation: "softmax", kernelRegularizer: { l2: 1 } }] },
      dataset: { id: dataset.id },
      training: { epochs: 3, batchSize: 8, optimizer: "sgd", learningRate: 10, seed: 1 },
    });
    assert.equal(job.status, "FAILED", JSON.stringify(job.metrics));
    assert.equal(job.secondaryStatus, "FAILED");
    assert.match(job.statusReason ?? "", /training diverged at epoch 1: .* is (NaN|Infinity|-Infinity).*try a lower learningRate/);
    assert.equal(job.attempts, 1);
  });
});
