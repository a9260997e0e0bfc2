import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { trainJobName, type TrainJobPayload } from "@trainyard/contracts";
import { findFreePort } from "../src/find-free-port.js";
import {
  BullJobQueue,
  createTrainingWorker,
  QueueClosedError,
  RedisUnavailableError,
  type TrainingJobContext,
  type TrainingWorker,
} from "../src/index.js";
import { defaultPriority, makePayload, makeTestQueue, redisUrl, silentLogger, testPrefix, type TestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

describe("BullJobQueue", () => {
  let testQueue: TestQueue;
  let jobQueue: BullJobQueue;
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
    await worker?.close();
    worker = undefined;
    await jobQueue.close();
    await testQueue.cleanup();
  });

  test("enqueues a job that a worker receives with its payload, id and first attempt", async () => {
    const seen: { payload: TrainJobPayload; context: TrainingJobContext }[] = [];
    worker = createTrainingWorker({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
      process: async (payload, context) => {
        seen.push({ payload, context });
      },
    });
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);

    await waitFor("job completed", async () => (await testQueue.inspect.getJobState(payload.jobId)) === "completed");
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]?.payload, payload);
    assert.equal(seen[0]?.context.attempt, 1);
    assert.equal(seen[0]?.context.maxAttempts, 3);
    assert.equal(seen[0]?.context.bullJobId, payload.jobId);
    assert.equal(seen[0]?.context.signal.aborted, false);
  });

  test("stores the job under its own id with three attempts and age-based retention", async () => {
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);

    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.equal(job?.name, trainJobName);
    assert.equal(job?.opts.attempts, 3);
    assert.deepEqual(job?.opts.backoff, { type: "exponential", delay: 5_000 });
    assert.deepEqual(job?.opts.removeOnComplete, { age: 3_600 });
    assert.deepEqual(job?.opts.removeOnFail, { age: 86_400 });
  });

  test("gives the job the spec's maxAttempts when it names them", async () => {
    const payload = makePayload();
    await jobQueue.enqueue(payload, { ...defaultPriority, maxAttempts: 7 });
    assert.equal((await testQueue.inspect.getJob(payload.jobId))?.opts.attempts, 7);
  });

  test("enqueueing the same job id twice adds one job and keeps the first payload", async () => {
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);
    await jobQueue.enqueue({ ...payload, tenantId: makePayload().tenantId }, defaultPriority);

    assert.equal(await testQueue.inspect.getJobCountByTypes("waiting", "prioritized"), 1);
    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.deepEqual(job?.data, payload);
  });

  test("rejects a payload that does not match the contract before it reaches Redis", async () => {
    await assert.rejects(jobQueue.enqueue({ jobId: "not-a-uuid", tenantId: makePayload().tenantId }, defaultPriority), {
      name: "ZodError",
    });
    assert.equal(await testQueue.inspect.getJobCountByTypes("waiting", "prioritized"), 0);
  });

  test("removes a waiting job and does nothing for an unknown id", async () => {
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);

    await jobQueue.remove(payload.jobId);
    await jobQueue.remove(makePayload().jobId);

    assert.equal(await testQueue.inspect.getJobState(payload.jobId), "unknown");
  });

  test("leaves an active job in place when asked to remove it", async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    worker = createTrainingWorker({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
      process: () => released,
    });
    const payload = makePayload();
    await jobQueue.enqueue(payload, defaultPriority);
    await waitFor("job active", async () => (await testQueue.inspect.getJobState(payload.jobId)) === "active");

    await jobQueue.remove(payload.jobId);

    assert.equal(await testQueue.inspect.getJobState(payload.jobId), "active");
    release();
    await waitFor("job completed", async () => (await testQueue.inspect.getJobState(payload.jobId)) === "completed");
  });

  test("ping answers true while Redis is up and false once closed", async () => {
    assert.equal(await jobQueue.ping(), true);
    await jobQueue.close();
    assert.equal(await jobQueue.ping(), false);
    await assert.rejects(jobQueue.enqueue(makePayload(), defaultPriority), QueueClosedError);
  });

  test("ping answers false and enqueue throws naming the redacted URL when Redis is down", async () => {
    const deadUrl = `redis://:secret@127.0.0.1:${await findFreePort()}`;
    const deadQueue = new BullJobQueue({
      connection: deadUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      commandTimeoutMs: 300,
      pingTimeoutMs: 300,
      logger: silentLogger,
    });
    try {
      assert.equal(await deadQueue.ping(), false);
      await assert.rejects(deadQueue.enqueue(makePayload(), defaultPriority), (error: unknown) => {
        assert.ok(error instanceof RedisUnavailableError);
        assert.match(error.message, /enqueue on queue .* Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ did not answer within 300 ms/);
        assert.doesNotMatch(error.message, /secret/);
        return true;
      });
    } finally {
      await deadQueue.close();
    }
  });
});
