import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { trainJobName } from "@trainyard/contracts";
import { BullJobQueue, createTrainingWorker, toBullPriority, type TrainingWorker } from "../src/index.js";
import { makePayload, makeTestQueue, redisUrl, silentLogger, testPrefix, type TestQueue } from "./helpers/test-queue.js";
import { waitFor } from "./helpers/wait-for.js";

describe("job priority and queue position", () => {
  let testQueue: TestQueue;
  let jobQueue: BullJobQueue;
  let worker: TrainingWorker | undefined;

  beforeEach(() => {
    testQueue = makeTestQueue();
    jobQueue = new BullJobQueue({ connection: redisUrl, queueName: testQueue.queueName, prefix: testPrefix, logger: silentLogger });
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await jobQueue.close();
    await testQueue.cleanup();
  });

  /** Enqueues one job per priority, in this order; returns their ids. */
  const enqueueAll = async (priorities: number[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const priority of priorities) {
      const payload = makePayload();
      await jobQueue.enqueue(payload, { priority });
      ids.push(payload.jobId);
    }
    return ids;
  };

  /** Starts a worker that trains one job at a time and records the order it took them in. */
  const startOneAtATime = (taken: string[], hold?: Promise<void>): void => {
    worker = createTrainingWorker({
      connection: redisUrl,
      queueName: testQueue.queueName,
      prefix: testPrefix,
      logger: silentLogger,
      concurrency: 1,
      process: async (payload) => {
        taken.push(payload.jobId);
        await hold;
      },
    });
  };

  test("a worker taking one job at a time runs higher priorities first and equal ones in the order queued", async () => {
    const [p2, p9a, p5, p9b, p0, p10] = await enqueueAll([2, 9, 5, 9, 0, 10]);
    const taken: string[] = [];
    startOneAtATime(taken);

    await waitFor("all jobs taken", () => taken.length === 6);
    assert.deepEqual(taken, [p10, p9a, p9b, p5, p2, p0]);
  });

  test("position counts the waiting jobs taken before a job, and the running ones", async () => {
    const [p2, p9a, p5, p9b] = await enqueueAll([2, 9, 5, 9]);
    const ahead = async (id: string | undefined) => (await jobQueue.position(id ?? ""))?.waitingAhead;

    assert.deepEqual([await ahead(p9a), await ahead(p9b), await ahead(p5), await ahead(p2)], [0, 1, 2, 3]);
    assert.deepEqual(await jobQueue.position(p2 ?? ""), { waitingAhead: 3, running: 0 });
    assert.equal(await jobQueue.position(makePayload().jobId), null);

    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const taken: string[] = [];
    startOneAtATime(taken, hold);
    await waitFor("first job taken", () => taken.length === 1);

    assert.equal(await jobQueue.position(p9a ?? ""), null, "a running job has no position");
    assert.deepEqual(await jobQueue.position(p9b ?? ""), { waitingAhead: 0, running: 1 });
    assert.deepEqual(await jobQueue.position(p2 ?? ""), { waitingAhead: 2, running: 1 });
    release();
    await waitFor("all jobs taken", () => taken.length === 4);
    assert.deepEqual(taken, [p9a, p9b, p5, p2], "jobs ran in the order their positions said");
  });

  test("a job in BullMQ's plain wait list (no priority, e.g. a stalled job moved back) counts ahead of every prioritized job", async () => {
    const [p10] = await enqueueAll([10]);
    const plain = makePayload();
    await testQueue.inspect.add(trainJobName, plain, { jobId: plain.jobId });
    const plainLater = makePayload();
    await testQueue.inspect.add(trainJobName, plainLater, { jobId: plainLater.jobId });

    assert.deepEqual(await jobQueue.position(plain.jobId), { waitingAhead: 0, running: 0 });
    assert.deepEqual(await jobQueue.position(plainLater.jobId), { waitingAhead: 1, running: 0 });
    assert.deepEqual(await jobQueue.position(p10 ?? ""), { waitingAhead: 2, running: 0 });
  });

  test("enqueueAgain keeps the priority", async () => {
    const [p1] = await enqueueAll([1]);
    const again = makePayload();
    await jobQueue.enqueueAgain(again, { priority: 8 });
    assert.equal((await testQueue.inspect.getJob(again.jobId))?.priority, toBullPriority(8));
    assert.equal((await jobQueue.position(p1 ?? ""))?.waitingAhead, 1);
  });

  test("maps priority 10 to BullMQ's 1 and 0 to 11, never to BullMQ's 0 (no priority)", () => {
    assert.equal(toBullPriority(10), 1);
    assert.equal(toBullPriority(5), 6);
    assert.equal(toBullPriority(0), 11);
    for (const bad of [-1, 11, 2.5, Number.NaN]) assert.throws(() => toBullPriority(bad), RangeError);
  });
});
