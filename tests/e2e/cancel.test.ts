import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Queue } from "bullmq";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

function uploadDataset(stack: TestStack, key: string, count: number): Promise<DatasetView> {
  return uploadIdx(stack, key, makeIdxDataset({ count, height: 12, width: 12, numClasses: 4, seed: 5 }));
}

describe("cancelling a queued job", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: false });
  });
  after(async () => {
    await stack.stop();
  });

  test("cancels at once and takes the job off the queue", async () => {
    const key = await stack.createTenantKey();
    const dataset = await uploadDataset(stack, key, 20);
    const submit = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({ model: { type: "cnn" }, dataset: { id: dataset.id } });
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;

    const queue = new Queue(stack.queueName, { connection: { url: stack.redisUrl }, prefix: "trainyard" });
    try {
      // Every job carries a BullMQ priority (from its spec's), so it waits in BullMQ's prioritized set.
      assert.equal(await queue.getJobState(id), "prioritized");
      const cancel = await stack.request().post(`/v1/jobs/${id}/cancel`).set("authorization", `Bearer ${key}`);
      assert.equal(cancel.status, 200, cancel.text);
      const job = cancel.body as JobView;
      assert.equal(job.status, "CANCELLED");
      assert.ok(job.finishedAt !== null);
      assert.equal(await queue.getJobState(id), "unknown");
    } finally {
      await queue.close();
    }
    const again = await stack.request().post(`/v1/jobs/${id}/cancel`).set("authorization", `Bearer ${key}`);
    assert.equal(again.status, 409);
  });
});

describe("cancelling a running job", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: true });
  });
  after(async () => {
    await stack.stop();
  });

  test("stops the worker at its next batch and ends CANCELLED", async () => {
    const key = await stack.createTenantKey();
    const dataset = await uploadDataset(stack, key, 600);
    const submit = await stack
      .request()
      .post("/v1/jobs")
      .set("authorization", `Bearer ${key}`)
      .send({ model: { type: "cnn" }, dataset: { id: dataset.id, validationSplit: 0 }, training: { epochs: 50, batchSize: 2 } });
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;
    const running = await stack.waitForJob(key, id, (job) => job.status === "RUNNING" && (job.progress?.batch ?? 0) > 0, 60_000);

    const cancel = await stack.request().post(`/v1/jobs/${id}/cancel`).set("authorization", `Bearer ${key}`);
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal((cancel.body as JobView).status, "CANCELLING");
    const done = await stack.waitForJob(key, id, (job) => job.finishedAt !== null, 30_000);
    assert.equal(done.status, "CANCELLED");
    assert.equal(done.statusReason, "cancelled by request");
    // Stopped inside an epoch (300 batches each), not at an epoch end: the per-batch signal did it.
    const progress = done.progress;
    assert.ok(progress !== null);
    assert.ok(progress.batch < progress.batches, JSON.stringify(progress));
    assert.ok(progress.epoch <= (running.progress?.epoch ?? 0) + 1, JSON.stringify({ running: running.progress, done: progress }));
  });
});
