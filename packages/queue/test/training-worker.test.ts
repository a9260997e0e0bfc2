import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { trainJobName } from "@trainyard/contracts";
import {
  createTrainingWorker,
  JobHandedBackError,
  UnrecoverableJobError,
  type TrainingJobProcessor,
  type TrainingWorker,
} from "../src/index.js";
import { makePayload, makeTestQueue, redisUrl, silentLogger, testPrefix, type TestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

describe("createTrainingWorker", () => {
  let testQueue: TestQueue;
  let worker: TrainingWorker | undefined;

  const startWorker = (process: TrainingJobProcessor): TrainingWorker => {
    worker = createTrainingWorker({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
      process,
    });
    return worker;
  };
  const stateOf = (jobId: string) => testQueue.inspect.getJobState(jobId);
  // Raw adds with the same retry policy as BullJobQueue, so "not retried" means something.
  const addRaw = (name: string, data: unknown, jobId: string) =>
    testQueue.inspect.add(name, data, { jobId, attempts: 3, backoff: { type: "fixed", delay: 10 } });

  beforeEach(() => {
    testQueue = makeTestQueue();
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await testQueue.cleanup();
  });

  test("fails a job with an invalid payload at once, without calling the processor", async () => {
    let calls = 0;
    startWorker(async () => {
      calls += 1;
    });
    const jobId = makePayload().jobId;
    await addRaw(trainJobName, { jobId, tenantId: "not-a-uuid" }, jobId);

    await waitFor("job failed", async () => (await stateOf(jobId)) === "failed");
    const job = await testQueue.inspect.getJob(jobId);
    assert.equal(job?.attemptsMade, 1);
    assert.match(job?.failedReason ?? "", /invalid train job payload: tenantId: /);
    assert.equal(calls, 0);
  });

  test("fails a job with an unknown name at once", async () => {
    startWorker(async () => undefined);
    const payload = makePayload();
    await addRaw("evaluate", payload, payload.jobId);

    await waitFor("job failed", async () => (await stateOf(payload.jobId)) === "failed");
    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.equal(job?.attemptsMade, 1);
    assert.match(job?.failedReason ?? "", /unknown job name "evaluate"/);
  });

  test("fails a job whose processor throws UnrecoverableJobError without retrying it", async () => {
    let calls = 0;
    startWorker(async () => {
      calls += 1;
      throw new UnrecoverableJobError("dataset is malformed");
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);

    await waitFor("job failed", async () => (await stateOf(payload.jobId)) === "failed");
    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.equal(job?.attemptsMade, 1);
    assert.equal(job?.failedReason, "dataset is malformed");
    assert.equal(calls, 1);
  });

  test("retries a job whose processor throws an ordinary error, counting the attempt", async () => {
    const attempts: string[] = [];
    startWorker(async (_payload, { attempt, maxAttempts }) => {
      attempts.push(`${attempt}/${maxAttempts}`);
      if (attempt === 1) throw new Error("database blip");
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);

    await waitFor("job completed", async () => (await stateOf(payload.jobId)) === "completed");
    assert.deepEqual(attempts, ["1/3", "2/3"]);
  });

  test("onCancel aborts the signal of the running job, which then completes", async () => {
    const started: string[] = [];
    const trainer = startWorker(async (payload, { signal }) => {
      started.push(payload.jobId);
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);
    await waitFor("processor started", () => started.length === 1);

    assert.equal(trainer.onCancel(makePayload().jobId), false);
    assert.equal(trainer.onCancel(payload.jobId), true);

    await waitFor("job completed", async () => (await stateOf(payload.jobId)) === "completed");
  });

  test("does not retry a cancelled job whose processor throws on its way out", async () => {
    let calls = 0;
    const trainer = startWorker(async (_payload, { signal }) => {
      calls += 1;
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      throw new Error("aborted mid-batch");
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);
    await waitFor("processor started", () => calls === 1);

    trainer.onCancel(payload.jobId);

    await waitFor("job failed", async () => (await stateOf(payload.jobId)) === "failed");
    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.equal(job?.failedReason, "job cancelled: aborted mid-batch");
    assert.equal(calls, 1);
  });

  test("close waits for the running job to finish", async () => {
    let release: () => void = () => undefined;
    let started = false;
    const trainer = startWorker(async () => {
      started = true;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);
    await waitFor("processor started", () => started);

    let closed = false;
    const closing = trainer.close().then(() => {
      closed = true;
    });
    assert.equal(await stateOf(payload.jobId), "active");
    assert.equal(closed, false);
    release();
    await closing;

    assert.equal(await stateOf(payload.jobId), "completed");
  });

  test("close hands a job that outlives handBackAfterMs back to the wait list without using an attempt", async () => {
    let signal: AbortSignal | undefined;
    const trainer = startWorker(async (_payload, context) => {
      signal = context.signal;
      await new Promise<void>(() => undefined);
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);
    await waitFor("processor started", () => signal !== undefined);

    await trainer.close({ handBackAfterMs: 100 });

    assert.equal(await stateOf(payload.jobId), "waiting");
    const job = await testQueue.inspect.getJob(payload.jobId);
    assert.equal(job?.attemptsMade, 0);
    assert.equal(signal?.aborted, false, "a shutdown is not a cancel");
  });

  test("close asks running jobs to drain; a processor that hands its job back leaves it waiting, no attempt used", async () => {
    let drain: AbortSignal | undefined;
    const trainer = startWorker(async (_payload, context) => {
      drain = context.drain;
      await new Promise<void>((resolve) => context.drain.addEventListener("abort", () => resolve()));
      throw new JobHandedBackError("stopping after a checkpoint");
    });
    const payload = makePayload();
    await addRaw(trainJobName, payload, payload.jobId);
    await waitFor("processor started", () => drain !== undefined);
    assert.equal(drain?.aborted, false);

    const started = Date.now();
    await trainer.close({ handBackAfterMs: 10_000 });

    assert.ok(Date.now() - started < 5_000, "closed as soon as the job handed itself back, not after the grace period");
    assert.equal(await stateOf(payload.jobId), "waiting");
    assert.equal((await testQueue.inspect.getJob(payload.jobId))?.attemptsMade, 0);
  });
});
