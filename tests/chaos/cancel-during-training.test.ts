import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";
import { assertAttemptsSequential, countLogLines, createChaosClient, describeEvents, epochsUpTo, waitFor, type ChaosClient } from "./chaos-client.js";

/**
 * Chaos: two worker processes each train a job; one job is cancelled through the API. The cancel
 * crosses processes (API -> Redis event -> the worker holding the job), the job stops at its next
 * batch and ends CANCELLED; the other worker's job is not touched and succeeds.
 */
describe("a job cancelled while two workers train", () => {
  const epochs = 6;
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

  test("the cancelled job ends CANCELLED within a couple of batches; the other job succeeds", async (t) => {
    for (const workerId of ["cancel-a", "cancel-b"]) workers.set(workerId, startWorkerProcess(stack, workerId));
    await Promise.all([...workers.values()].map((w) => w.ready));
    const spec = { model: { type: "cnn" }, dataset: { id: dataset.id, validationSplit: 0.2 }, training: { epochs, batchSize: 8, learningRate: 0.005, seed: 5 } };
    const victim = await client.submit(spec);
    const bystander = await client.submit(spec);
    // Both running, on different workers, with an epoch behind them: the cancel lands mid-training.
    const runningOn = async (id: string): Promise<string | undefined> => {
      if ((await client.metricEpochs(id)).length < 1) return undefined;
      return (await client.events(id)).find((e) => e.status === "RUNNING")?.workerId ?? undefined;
    };
    const [victimWorker, bystanderWorker] = await Promise.all([
      waitFor("the first job's first epoch", () => runningOn(victim), 40_000),
      waitFor("the second job's first epoch", () => runningOn(bystander), 40_000),
    ]);
    assert.notEqual(victimWorker, bystanderWorker, "one job per worker");

    const requestedAt = Date.now();
    const res = await stack.request().post(`/v1/jobs/${victim}/cancel`).set("authorization", `Bearer ${client.key}`);
    assert.equal(res.status, 200, res.text);
    assert.equal((res.body as JobView).status, "CANCELLING");
    const cancelled = await stack.waitForJob(client.key, victim, (j) => j.finishedAt !== null, 20_000);
    const cancelMs = Date.now() - requestedAt;
    t.diagnostic(`cancel request to CANCELLED: ${cancelMs} ms`);
    assert.equal(cancelled.status, "CANCELLED", cancelled.statusReason ?? "");
    // A batch of 8 here takes tens of milliseconds; 5 s leaves room for a slow CI machine, not for
    // a cancel that waits for the end of the epoch or the job.
    assert.ok(cancelMs < 5_000, `cancelled in ${cancelMs} ms`);

    const victimEvents = await client.events(victim);
    const trace = describeEvents(victimEvents);
    assertAttemptsSequential(victimEvents);
    assert.deepEqual(
      victimEvents.filter((e) => e.secondaryStatus === "STOPPING" || e.status === "CANCELLED").map((e) => `${e.status}/${e.secondaryStatus ?? "-"}`),
      ["CANCELLING/STOPPING", "CANCELLED/STOPPED"],
      trace,
    );
    assert.equal(victimEvents.filter((e) => e.secondaryStatus === "STARTING").length, 1, `one attempt only: ${trace}`);
    const victimEpochs = await client.metricEpochs(victim);
    assert.ok(victimEpochs.length < epochs, `stopped before the end: ${victimEpochs.join(",")}`);
    assert.deepEqual(victimEpochs, epochsUpTo(victimEpochs.length));
    const victimLog = workers.get(victimWorker)?.log() ?? "";
    assert.equal(countLogLines(victimLog, "job cancel received", victim), 1, "the cancel reached the worker through the queue");

    const other = await stack.waitForJob(client.key, bystander, (j) => j.finishedAt !== null, 40_000);
    assert.equal(other.status, "SUCCEEDED", other.statusReason ?? "");
    assert.deepEqual(await client.metricEpochs(bystander), epochsUpTo(epochs));
    const otherEvents = await client.events(bystander);
    assert.equal(otherEvents.filter((e) => e.secondaryStatus === "STARTING").length, 1, describeEvents(otherEvents));
    assert.ok(otherEvents.every((e) => e.workerId === null || e.workerId === bystanderWorker), describeEvents(otherEvents));
    assert.equal(countLogLines(workers.get(bystanderWorker)?.log() ?? "", "job cancel received"), 0, "the other worker got no cancel");

    const jobs = await client.list();
    assert.equal(jobs.length, 2);
    assert.deepEqual(jobs.map((j) => j.status).sort(), ["CANCELLED", "SUCCEEDED"], "every job submitted finished");
  });
});
