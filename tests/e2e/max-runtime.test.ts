import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("stoppingCondition.maxRuntimeSeconds", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: true });
  });
  after(async () => {
    await stack.stop();
  });

  test("stops a job within a batch of its limit, FAILED with MAX_RUNTIME_EXCEEDED; resume continues from its checkpoint with a new budget", async () => {
    const key = await stack.createTenantKey();
    const auth = { authorization: `Bearer ${key}` };
    const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 200, height: 10, width: 10, numClasses: 2, seed: 2 }));
    const submit = await stack.request().post("/v1/jobs").set(auth).send({
      model: { type: "cnn" },
      dataset: { id: dataset.id },
      training: { epochs: 500, batchSize: 8, seed: 3 },
      stoppingCondition: { maxRuntimeSeconds: 2 },
    });
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;
    const stopped = await stack.waitForJob(key, id, (j) => j.finishedAt !== null, 60_000);
    assert.equal(stopped.status, "FAILED");
    assert.equal(stopped.secondaryStatus, "MAX_RUNTIME_EXCEEDED");
    assert.match(stopped.statusReason ?? "", /maxRuntimeSeconds \(2 s\).*resume continues with a new budget/);
    assert.ok(stopped.runtimeSeconds >= 2 && stopped.runtimeSeconds < 5, `runtimeSeconds ${stopped.runtimeSeconds}`);

    const metricsOf = async () => ((await stack.request().get(`/v1/jobs/${id}/metrics`).set(auth)).body as { items: { epoch: number }[] }).items.map((m) => m.epoch);
    const firstEpochs = await metricsOf();
    assert.ok(firstEpochs.length >= 1 && firstEpochs.length < 500, `${firstEpochs.length} epochs in 2 s`);
    const checkpoints = ((await stack.request().get(`/v1/jobs/${id}/checkpoints`).set(auth)).body as { items: { epoch: number }[] }).items;
    assert.ok(checkpoints.length >= 1);

    const resumed = await stack.request().post(`/v1/jobs/${id}/resume`).set(auth);
    assert.equal(resumed.status, 202, resumed.text);
    assert.equal((resumed.body as JobView).runtimeSeconds, 0);
    const again = await stack.waitForJob(key, id, (j) => j.finishedAt !== null, 60_000);
    assert.equal(again.secondaryStatus, "MAX_RUNTIME_EXCEEDED");
    const allEpochs = await metricsOf();
    assert.deepEqual(allEpochs, Array.from({ length: allEpochs.length }, (_, i) => i + 1), "continuous epochs");
    assert.ok(allEpochs.length > (checkpoints.at(-1)?.epoch ?? 0), "the resumed attempt trained further");
  });
});
