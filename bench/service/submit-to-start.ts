// Submit-to-start latency of the service: tiny jobs POSTed one at a time while the workers are
// idle (the next one is POSTed once BullMQ has completed the previous one), timed from the POST's
// response to the worker's "job started" log line, and split into stages with BullMQ's events
// stream (Redis clock), the job row's startedAt and the worker's log lines (all ms, same machine).
import type { TestStack } from "../../tests/support/test-stack.js";
import { readJobRows, type JobRow } from "./job-rows.js";
import { QueueTimeline } from "./queue-timeline.js";
import { submitJob } from "./tiny-job.js";
import type { WorkerLogWatcher } from "./worker-log-watcher.js";

/** One stage of a job's way through the service, and its duration for each job (ms). */
export interface Stage {
  label: string;
  samples: number[];
}

export interface SubmitToStartResult {
  /** POST returned -> the worker's "job started" line: the measured latency. */
  toStarted: number[];
  /** Consecutive stages from the enqueue inside the POST to BullMQ's completion. */
  stages: Stage[];
}

interface Submitted {
  id: string;
  returnedAt: number;
}

/** Runs `warmup` uncounted then `jobs` counted tiny jobs of the tenant `tenant` (whose key is `key`) one after another. */
export async function measureSubmitToStart(
  stack: TestStack,
  tenant: { name: string; key: string },
  body: string,
  watcher: WorkerLogWatcher,
  counts: { jobs: number; warmup: number },
): Promise<SubmitToStartResult> {
  const timeline = await QueueTimeline.open(stack.redisUrl, stack.queueName);
  const submitted: Submitted[] = [];
  try {
    for (let i = 0; i < counts.warmup + counts.jobs; i++) {
      const job = await submitJob(stack.baseUrl, tenant.key, body);
      await timeline.waitForCompleted(job.id, 60_000);
      if (i >= counts.warmup) submitted.push(job);
    }
    // The last log lines may still be in the pipe when BullMQ's completion arrives.
    await watcher.waitForFinished(counts.warmup + counts.jobs, 10_000);
    const rows = new Map((await readJobRows(stack.databaseUrl, tenant.name)).map((row) => [row.id, row]));
    return describe(submitted, rows, timeline, watcher);
  } finally {
    await timeline.close();
  }
}

function describe(submitted: Submitted[], rows: Map<string, JobRow>, timeline: QueueTimeline, watcher: WorkerLogWatcher): SubmitToStartResult {
  const stage = (label: string, duration: (job: Submitted) => number): Stage => ({ label, samples: submitted.map(duration) });
  const startedAt = (job: Submitted): number => {
    const time = rows.get(job.id)?.startedAt?.getTime();
    if (time === undefined) throw new Error(`job ${job.id} has no startedAt`);
    return time;
  };
  const log = watcher.timeOf.bind(watcher);
  const queue = timeline.timeOf.bind(timeline);
  return {
    toStarted: submitted.map((job) => log(job.id, "job started") - job.returnedAt),
    stages: [
      stage("API: BullMQ added -> POST response received", (job) => job.returnedAt - queue(job.id, "added")),
      stage("BullMQ: added -> active (worker picked it up)", (job) => queue(job.id, "active") - queue(job.id, "added")),
      stage("worker: active -> startedAt (payload checks, up to markRunning's statement)", (job) => startedAt(job) - queue(job.id, "active")),
      stage("worker: startedAt -> \"job started\" (markRunning: the UPDATE + event statement, SELECT the row)", (job) => log(job.id, "job started") - startedAt(job)),
      stage("worker: -> \"dataset opened\" (LOADING_DATA stage statement, dataset SELECT)", (job) => log(job.id, "dataset opened") - log(job.id, "job started")),
      stage("worker: -> \"training\" (read and decode x.bin, y.bin)", (job) => log(job.id, "training") - log(job.id, "dataset opened")),
      stage("worker: -> \"epoch finished\" (checkpoint SELECT, TRAINING stage, build model, 3 batches, recordEpoch, addRuntime)", (job) => log(job.id, "epoch finished") - log(job.id, "training")),
      stage("worker: -> \"job finished\" (cancel check, UPLOADING stage, model files + 2 artifact rows, progress, addRuntime, finish)", (job) => log(job.id, "job finished") - log(job.id, "epoch finished")),
      stage("BullMQ: \"job finished\" -> completed", (job) => queue(job.id, "completed") - log(job.id, "job finished")),
    ],
  };
}
