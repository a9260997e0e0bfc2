import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, JobEventView, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";

/**
 * Chaos: real worker processes. A worker is killed with SIGKILL in the middle of training; another
 * worker takes the job over once its lock expires and continues from the last checkpoint. The job
 * ends SUCCEEDED with every epoch recorded once, and its model equals that of a run nobody killed.
 */
describe("a worker killed mid-training", () => {
  let stack: TestStack;
  let key: string;
  let dataset: DatasetView;
  const workers: WorkerProcess[] = [];
  const lock = { JOB_LOCK_SECONDS: "3" };

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey();
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 400, height: 10, width: 10, numClasses: 3, seed: 9 }));
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop("SIGKILL")));
    await stack.stop();
  });

  const auth = () => ({ authorization: `Bearer ${key}` });
  const spec = { model: { type: "cnn" }, training: { epochs: 8, batchSize: 8, learningRate: 0.005, seed: 5 } };
  const submit = async (): Promise<string> => {
    const res = await stack.request().post("/v1/jobs").set(auth()).send({ ...spec, dataset: { id: dataset.id, validationSplit: 0.2 } });
    assert.equal(res.status, 201, res.text);
    return (res.body as JobView).id;
  };
  const checkpointEpochs = async (id: string) =>
    ((await stack.request().get(`/v1/jobs/${id}/checkpoints`).set(auth())).body as { items: { epoch: number }[] }).items.map((c) => c.epoch);

  test("SIGKILL: another worker continues from the checkpoint; epochs continuous, none twice, same model as an unkilled run", async () => {
    const first = startWorkerProcess(stack, "chaos-a", lock);
    workers.push(first);
    await first.ready;
    const id = await submit();
    const deadline = Date.now() + 90_000;
    while ((await checkpointEpochs(id)).length < 2) {
      assert.ok(Date.now() < deadline, "no checkpoints written");
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await first.stop("SIGKILL"), "SIGKILL");
    const killedAt = (await checkpointEpochs(id)).at(-1) ?? 0;
    assert.ok(killedAt >= 2 && killedAt < 8, `killed after the checkpoint of epoch ${killedAt}`);

    const second = startWorkerProcess(stack, "chaos-b", lock);
    workers.push(second);
    await second.ready;
    const done = await stack.waitForJob(key, id, (j) => j.finishedAt !== null, 180_000);
    assert.equal(done.status, "SUCCEEDED", done.statusReason ?? "");
    assert.equal(done.attempts, 2);

    const metrics = ((await stack.request().get(`/v1/jobs/${id}/metrics`).set(auth())).body as { items: { epoch: number; values: Record<string, number> }[] }).items;
    assert.deepEqual(metrics.map((m) => m.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
    const events = ((await stack.request().get(`/v1/jobs/${id}/events`).set(auth())).body as { items: JobEventView[] }).items;
    const resumed = events.find((e) => e.secondaryStatus === "RESUMING");
    assert.ok(resumed !== undefined, events.map((e) => `${e.status}/${e.secondaryStatus}`).join(" "));
    assert.equal(resumed.workerId, "chaos-b");
    assert.equal(resumed.attempt, 2);

    // The reference: the same spec on the surviving worker, not interrupted.
    const reference = await submit();
    const referenceDone = await stack.waitForJob(key, reference, (j) => j.finishedAt !== null, 180_000);
    assert.equal(referenceDone.status, "SUCCEEDED");
    const referenceMetrics = ((await stack.request().get(`/v1/jobs/${reference}/metrics`).set(auth())).body as { items: { values: Record<string, number> }[] }).items;
    assert.deepEqual(metrics.map((m) => m.values), referenceMetrics.map((m) => m.values));
    const [a, b] = await Promise.all([
      stack.request().get(`/v1/jobs/${id}/model/weights.bin`).set(auth()),
      stack.request().get(`/v1/jobs/${reference}/model/weights.bin`).set(auth()),
    ]);
    const wa = new Float32Array(new Uint8Array(a.body as Buffer).buffer);
    const wb = new Float32Array(new Uint8Array(b.body as Buffer).buffer);
    const diffs = wa.reduce((n, v, i) => (v === wb[i] ? n : n + 1), 0);
    const maxDiff = wa.reduce((m, v, i) => Math.max(m, Math.abs(v - (wb[i] ?? 0))), 0);
    assert.ok(Buffer.compare(a.body as Buffer, b.body as Buffer) === 0, `identical final weights: ${diffs} of ${wa.length} differ, by at most ${maxDiff}`);

    const list = ((await stack.request().get("/v1/jobs").set(auth())).body as { items: JobView[] }).items;
    assert.equal(list.length, 2);
    assert.ok(list.every((j) => j.status === "SUCCEEDED"), "every job submitted finished");
  });
});
