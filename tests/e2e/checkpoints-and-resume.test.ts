import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, JobEventView, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { trainToEnd, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

interface CheckpointView {
  epoch: number;
  attempt: number;
  metrics: Record<string, number>;
  modelUrl: string;
  files: { path: string; url: string }[];
}

describe("checkpoints and resume", () => {
  let stack: TestStack;
  let key: string;
  let dataset: DatasetView;
  before(async () => {
    stack = await startTestStack({ worker: true });
    key = await stack.createTenantKey();
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 240, height: 10, width: 10, numClasses: 3, seed: 6 }));
  });
  after(async () => {
    await stack.stop();
  });
  const auth = () => ({ authorization: `Bearer ${key}` });
  const get = (path: string) => stack.request().get(path).set(auth());
  const checkpointsOf = async (id: string) => ((await get(`/v1/jobs/${id}/checkpoints`)).body as { items: CheckpointView[] }).items;
  const spec = (epochs: number, checkpoint?: object) => ({
    model: { type: "cnn" },
    dataset: { id: dataset.id, validationSplit: 0.2 },
    training: { epochs, batchSize: 8, learningRate: 0.005, seed: 77 },
    ...(checkpoint === undefined ? {} : { checkpoint }),
  });

  test("keeps the newest keepLast checkpoints plus the best, deletes the rest, and each model downloads", async () => {
    const { job, metrics } = await trainToEnd(stack, key, spec(5, { everyEpochs: 1, keepLast: 2, keepBest: true }));
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    const items = await checkpointsOf(job.id);
    const best = 1 + metrics.slice(0, 4).reduce((b, m, i, all) => ((m["val_loss"] ?? Infinity) < (all[b]?.["val_loss"] ?? Infinity) ? i : b), 0);
    assert.deepEqual(items.map((c) => c.epoch), [...new Set([best, 3, 4])].sort((a, b) => a - b));
    for (const checkpoint of items) {
      assert.deepEqual(checkpoint.metrics, metrics[checkpoint.epoch - 1]);
      assert.deepEqual(checkpoint.files.map((f) => f.path.split("/").at(-1)).sort(), ["model.json", "state.bin", "state.json", "weights.bin"]);
      const model = await get(checkpoint.modelUrl);
      assert.equal(model.status, 200, model.text);
      assert.ok(Array.isArray((JSON.parse(model.text) as { weightsManifest: unknown[] }).weightsManifest));
    }
    const artifacts = ((await get(`/v1/jobs/${job.id}/artifacts`)).body as { items: { path: string }[] }).items.map((a) => a.path);
    const folders = new Set(artifacts.filter((p) => p.startsWith("checkpoints/")).map((p) => p.split("/")[1]));
    assert.deepEqual([...folders].sort(), items.map((c) => `epoch-${String(c.epoch).padStart(4, "0")}`));
    const deleted = [1, 2].find((epoch) => !items.some((c) => c.epoch === epoch));
    if (deleted !== undefined) {
      const gone = await get(`/v1/jobs/${job.id}/artifacts/checkpoints/epoch-000${deleted}/weights.bin`);
      assert.equal(gone.status, 404);
    }
  });

  test("a cancelled job resumed from its checkpoint ends with exactly the model of an uninterrupted run", async () => {
    const epochs = 12;
    const whole = await trainToEnd(stack, key, spec(epochs));
    assert.equal(whole.job.status, "SUCCEEDED", whole.job.statusReason ?? "");

    const submit = await stack.request().post("/v1/jobs").set(auth()).send(spec(epochs));
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;
    // Cancel once two checkpoints exist (the job is then in epoch 3 or later).
    const deadline = Date.now() + 60_000;
    while ((await checkpointsOf(id)).length < 2) {
      assert.ok(Date.now() < deadline, "no checkpoints written");
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancel = await stack.request().post(`/v1/jobs/${id}/cancel`).set(auth());
    assert.equal(cancel.status, 200, cancel.text);
    const cancelled = await stack.waitForJob(key, id, (j) => j.finishedAt !== null);
    assert.equal(cancelled.status, "CANCELLED", `finished ${cancelled.status} before the cancel landed`);
    const from = (await checkpointsOf(id)).at(-1)?.epoch ?? 0;
    assert.ok(from >= 2 && from < epochs);

    const resumed = await stack.request().post(`/v1/jobs/${id}/resume`).set(auth());
    assert.equal(resumed.status, 202, resumed.text);
    assert.equal((resumed.body as JobView).status, "QUEUED");
    const done = await stack.waitForJob(key, id, (j) => j.finishedAt !== null, 120_000);
    assert.equal(done.status, "SUCCEEDED", done.statusReason ?? "");
    assert.equal(done.attempts, 2);

    const rows = ((await get(`/v1/jobs/${id}/metrics`)).body as { items: { epoch: number; values: Record<string, number> }[] }).items;
    assert.deepEqual(rows.map((r) => r.epoch), Array.from({ length: epochs }, (_, i) => i + 1), "every epoch once");
    assert.deepEqual(rows.slice(from).map((r) => r.values), whole.metrics.slice(from), "the epochs after the checkpoint match the uninterrupted run");
    const [a, b] = await Promise.all([get(`/v1/jobs/${whole.job.id}/model/weights.bin`), get(`/v1/jobs/${id}/model/weights.bin`)]);
    assert.equal(a.status, 200);
    assert.ok(Buffer.compare(a.body as Buffer, b.body as Buffer) === 0, "identical final weights");

    const events = ((await get(`/v1/jobs/${id}/events`)).body as { items: JobEventView[] }).items.map((e) => `${e.status}/${e.secondaryStatus}`);
    const afterCancel = events.slice(events.indexOf("CANCELLED/STOPPED"));
    assert.deepEqual(afterCancel.slice(0, 4), ["CANCELLED/STOPPED", "QUEUED/PENDING", "RUNNING/STARTING", "RUNNING/LOADING_DATA"]);
    assert.ok(afterCancel.includes("RUNNING/RESUMING"), afterCancel.join(" "));
  });

  test("resume is refused for a job that succeeded, or has no checkpoint", async () => {
    const { job } = await trainToEnd(stack, key, spec(1));
    const res = await stack.request().post(`/v1/jobs/${job.id}/resume`).set(auth());
    assert.equal(res.status, 409, res.text);
    assert.match(res.text, /only FAILED or CANCELLED jobs can be resumed/);
    const queued = await stack.request().post("/v1/jobs").set(auth()).send(spec(1, { everyEpochs: 0 }));
    const id = (queued.body as JobView).id;
    await stack.request().post(`/v1/jobs/${id}/cancel`).set(auth());
    await stack.waitForJob(key, id, (j) => j.finishedAt !== null);
    const none = await stack.request().post(`/v1/jobs/${id}/resume`).set(auth());
    assert.equal(none.status, 409, none.text);
    assert.match(none.text, /no checkpoint to resume from/);
  });
});
