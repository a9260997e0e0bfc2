import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";
import { assertAttemptsSequential, countLogLines, createChaosClient, describeEvents, epochsUpTo, waitFor, type ChaosClient } from "./chaos-client.js";

/**
 * Chaos: a worker process gets SIGTERM in the middle of training, with a grace period far shorter
 * than the job. It hands the job back to the queue and exits within the grace period; the other
 * worker takes it at once and continues from the newest checkpoint.
 */
describe("a worker stopped with SIGTERM mid-training", () => {
  const graceSeconds = 2;
  const epochs = 8;
  let stack: TestStack;
  let client: ChaosClient;
  let dataset: DatasetView;
  const workers = new Map<string, WorkerProcess>();

  before(async () => {
    stack = await startTestStack({ worker: false });
    const key = await stack.createTenantKey();
    client = createChaosClient(stack, key);
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 400, height: 10, width: 10, numClasses: 3, seed: 9 }));
  });
  after(async () => {
    await Promise.all([...workers.values()].map((w) => w.stop("SIGKILL")));
    await stack.stop();
  });

  test("hands the job back within the grace period; the other worker finishes it from the checkpoint", async (t) => {
    const env = { SHUTDOWN_GRACE_SECONDS: String(graceSeconds), JOB_LOCK_SECONDS: "3" };
    for (const workerId of ["term-a", "term-b"]) workers.set(workerId, startWorkerProcess(stack, workerId, env));
    await Promise.all([...workers.values()].map((w) => w.ready));
    const id = await client.submit({
      model: { type: "cnn" },
      dataset: { id: dataset.id, validationSplit: 0.2 },
      training: { epochs, batchSize: 8, learningRate: 0.005, seed: 5 },
    });
    await waitFor("two checkpoints", async () => ((await client.checkpointEpochs(id)).length >= 2 ? true : undefined), 40_000);
    const firstId = (await client.events(id)).find((e) => e.status === "RUNNING")?.workerId ?? "";
    const secondId = firstId === "term-a" ? "term-b" : "term-a";
    const first = workers.get(firstId);
    const second = workers.get(secondId);
    assert.ok(first !== undefined && second !== undefined, `job runs on ${firstId}`);

    const signalledAt = Date.now();
    const exit = await first.stop("SIGTERM");
    const exitMs = Date.now() - signalledAt;
    const handedBackAfter = (await client.checkpointEpochs(id)).at(-1) ?? 0;
    assert.equal(exit, "0", `clean exit; worker log:\n${first.log().slice(-4000)}`);
    assert.ok(exitMs < graceSeconds * 1000 + 3000, `exited ${exitMs} ms after SIGTERM (grace ${graceSeconds} s)`);
    assert.equal(countLogLines(first.log(), "job handed back", id), 1, "the stopping worker handed the job back");
    assert.ok(handedBackAfter < epochs, `handed back before the end (newest checkpoint: epoch ${handedBackAfter})`);

    const done = await stack.waitForJob(client.key, id, (j) => j.finishedAt !== null, 40_000);
    assert.equal(done.status, "SUCCEEDED", done.statusReason ?? "");
    assert.deepEqual(await client.metricEpochs(id), epochsUpTo(epochs));

    const events = await client.events(id);
    const trace = describeEvents(events);
    t.diagnostic(`exit ${exitMs} ms after SIGTERM, after the checkpoint of epoch ${handedBackAfter}; events: ${trace}`);
    assertAttemptsSequential(events);
    // The stopping worker stops after its current batch, saves a checkpoint, writes QUEUED/INTERRUPTED
    // to Postgres and moves the queue entry back to waiting; the other worker then starts attempt 2.
    const handOver = events.filter((e) => e.secondaryStatus === "STARTING" || e.secondaryStatus === "INTERRUPTED");
    assert.deepEqual(
      handOver.map((e) => `${e.status}/${e.secondaryStatus ?? "-"}@${e.workerId ?? "-"}#${e.attempt}`),
      [`RUNNING/STARTING@${firstId}#1`, `QUEUED/INTERRUPTED@${firstId}#1`, `RUNNING/STARTING@${secondId}#2`],
      trace,
    );
    const resumed = events.find((e) => e.secondaryStatus === "RESUMING");
    assert.ok(resumed !== undefined && resumed.attempt === 2, `attempt 2 resumed from a checkpoint: ${trace}`);
    assert.equal(events.at(-1)?.status, "SUCCEEDED", trace);
    assert.equal(countLogLines(second.log(), "job started", id), 1);

    const jobs = await client.list();
    assert.equal(jobs.length, 1);
    assert.ok(jobs.every((j) => j.status === "SUCCEEDED"), "every job submitted finished");
  });
});
