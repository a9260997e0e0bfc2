import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";
import { assertAttemptsSequential, countLogLines, createChaosClient, describeEvents, epochsUpTo, waitFor, type ChaosClient } from "./chaos-client.js";

/** How long Postgres stays unreachable for the worker. */
const outageMs = 4_000;

/**
 * Chaos: Postgres becomes unreachable for the worker process for a few seconds in the middle of
 * training (its connections are cut and new ones refused by a TCP proxy; the shared server itself is
 * never touched), then comes back. The API keeps its direct connection, as an API in another zone would.
 */
describe("Postgres unreachable for a worker mid-training", () => {
  const epochs = 8;
  let stack: TestStack;
  let client: ChaosClient;
  let dataset: DatasetView;
  let proxy: TcpProxy;
  let worker: WorkerProcess | undefined;

  before(async () => {
    stack = await startTestStack({ worker: false });
    const key = await stack.createTenantKey();
    client = createChaosClient(stack, key);
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 400, height: 10, width: 10, numClasses: 3, seed: 9 }));
    const target = new URL(stack.databaseUrl);
    proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || "5432") });
  });
  after(async () => {
    await worker?.stop("SIGKILL");
    await proxy.close();
    await stack.stop();
  });

  test("the worker waits the outage out and the job succeeds in the same attempt, with every epoch once", async (t) => {
    const viaProxy = new URL(stack.databaseUrl);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    worker = startWorkerProcess(stack, "pg-outage", { DATABASE_URL: viaProxy.toString(), JOB_LOCK_SECONDS: "3" });
    await worker.ready;
    const id = await client.submit({
      model: { type: "cnn" },
      dataset: { id: dataset.id, validationSplit: 0.2 },
      training: { epochs, batchSize: 8, learningRate: 0.005, seed: 5 },
    });
    await waitFor("two checkpoints", async () => ((await client.checkpointEpochs(id)).length >= 2 ? true : undefined), 40_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker log:\n${worker?.log().slice(-6000) ?? ""}`);
    });
    const cutAfter = (await client.metricEpochs(id)).length;
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    proxy.restore();
    t.diagnostic(`postgres cut for ${outageMs} ms after epoch ${cutAfter}`);

    const done = await stack.waitForJob(client.key, id, (j) => j.finishedAt !== null, 45_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker log:\n${worker?.log().slice(-6000) ?? ""}`);
    });
    const events = await client.events(id);
    const trace = describeEvents(events);
    assert.equal(done.status, "SUCCEEDED", `${done.statusReason ?? ""}\n${trace}\nworker log:\n${worker.log().slice(-6000)}`);
    assert.deepEqual(await client.metricEpochs(id), epochsUpTo(epochs), trace);
    assertAttemptsSequential(events);
    t.diagnostic(`events: ${trace}`);
    // The worker's database calls wait the outage out (DB_OUTAGE_WAIT_SECONDS): training pauses at
    // its next write and goes on in the same attempt once Postgres answers again.
    const starts = events.filter((e) => e.secondaryStatus === "STARTING").map((e) => e.attempt);
    assert.deepEqual(starts, [1], `one attempt: ${trace}`);
    assert.equal(done.attempts, 1);
    assert.equal(countLogLines(worker.log(), "job attempt failed", id), 0, "no attempt failed");
    assert.ok(worker.log().includes('"msg":"database unavailable; waiting for it"'), "the worker waited for the database");
    const warnings = worker.log().split("\n").filter((line) => /"level":(40|50|60)/.test(line)).map((line) => (JSON.parse(line) as { msg: string }).msg);
    t.diagnostic(`worker warnings: ${[...new Set(warnings)].join(" | ")}`);

    const jobs = await client.list();
    assert.equal(jobs.length, 1);
    assert.ok(jobs.every((j) => j.status === "SUCCEEDED"), "every job submitted finished");
  });
});
