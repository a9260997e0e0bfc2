import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { BullJobQueue, createTrainingWorker, type TrainingWorker } from "../src/index.js";
import { startChildWorker, type ChildWorker } from "./helpers/child-worker.js";
import { defaultPriority, makePayload, makeTestQueue, redisUrl, silentLogger, testPrefix, type TestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

describe("training workers in other processes", () => {
  let testQueue: TestQueue;
  let jobQueue: BullJobQueue;
  let child: ChildWorker | undefined;
  let worker: TrainingWorker | undefined;

  beforeEach(() => {
    testQueue = makeTestQueue();
    jobQueue = new BullJobQueue({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
    });
  });

  afterEach(async () => {
    await child?.kill();
    child = undefined;
    await worker?.close();
    worker = undefined;
    await jobQueue.close();
    await testQueue.cleanup();
  });

  test("a cancel published by BullJobQueue aborts the processor running in another process", async () => {
    child = await startChildWorker({
      redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      mode: "stop-on-cancel",
    });
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);
    const started = await child.waitForMessage("started");
    assert.equal(started.jobId, payload.jobId);

    await jobQueue.publishCancel(payload.jobId);

    const cancelled = await child.waitForMessage("cancelled");
    assert.equal(cancelled.jobId, payload.jobId);
    await waitFor("job completed", async () => (await testQueue.inspect.getJobState(payload.jobId)) === "completed");
    await child.close();
    assert.ok(child.messages.some((message) => message.type === "closed"));
  });

  test("a job whose worker process is SIGKILLed mid-job is redelivered to another worker", async () => {
    const short = { lockDuration: 1_000, stalledInterval: 500 };
    child = await startChildWorker({
      redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      mode: "hang",
      ...short,
    });
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);
    await child.waitForMessage("started");

    await child.kill();
    const redelivered: { jobId: string; attempt: number }[] = [];
    worker = createTrainingWorker({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
      ...short,
      process: async (received, { attempt }) => {
        redelivered.push({ jobId: received.jobId, attempt });
      },
    });

    await waitFor(
      "job completed by the second worker",
      async () => (await testQueue.inspect.getJobState(payload.jobId)) === "completed",
      { timeoutMs: 15_000 },
    );
    // A stall is not a failed attempt: the redelivery keeps attempt 1.
    assert.deepEqual(redelivered, [{ jobId: payload.jobId, attempt: 1 }]);
  });
});
