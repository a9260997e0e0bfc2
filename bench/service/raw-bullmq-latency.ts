// Reference for submit-to-start: raw BullMQ on the same Redis, `queue.add` returning -> the processor
// function called, one job at a time with an idle worker in this process (performance.now(), µs).
// Jobs carry the same options and priority the service's BullJobQueue gives a training job.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Queue, Worker } from "bullmq";
import { toBullPriority, trainJobOptions } from "@trainyard/queue";

/** Milliseconds from `add` returning to the processor being called, for each of `jobs` jobs after `warmup` uncounted ones. */
export async function measureRawBullmqLatency(redisUrl: string, jobs: number, warmup: number): Promise<number[]> {
  const queueName = `bench-raw-${randomUUID()}`;
  const connection = { url: redisUrl };
  let calledAt = 0;
  let completed: (() => void) | null = null;
  const queue = new Queue(queueName, { connection, prefix: "trainyard" });
  const worker = new Worker(
    queueName,
    async () => {
      calledAt = performance.now();
    },
    { connection, prefix: "trainyard", concurrency: 1 },
  );
  worker.on("completed", () => completed?.());
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const latencies: number[] = [];
    for (let i = 0; i < warmup + jobs; i++) {
      const done = new Promise<void>((resolve) => {
        completed = resolve;
      });
      const jobId = randomUUID();
      await queue.add("train", { jobId, tenantId: jobId }, { ...trainJobOptions, jobId, priority: toBullPriority(0) });
      const addedAt = performance.now();
      await done;
      if (i >= warmup) latencies.push(calledAt - addedAt);
    }
    return latencies;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
