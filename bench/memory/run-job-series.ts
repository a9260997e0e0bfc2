// The job loop of bench/worker-memory.ts: submits small jobs one after another through the API
// (each only after the previous one ended), and records the worker's memory at each job's end.
import type { JobView } from "@trainyard/contracts";
import type { TestStack } from "../../tests/support/test-stack.js";
import { measureWorker, type MeasuredMemory } from "./measure-worker.js";
import { smallJobSpec, type ModelFamily, type SmallDatasets } from "./small-jobs.js";
import type { WorkerProbeClient } from "./worker-probe-client.js";

/** The worker's memory right after one job ended. */
export interface JobEndSample extends MeasuredMemory {
  /** 1-based job number. */
  job: number;
  family: ModelFamily;
  /** Submit to the worker logging the end. */
  seconds: number;
}

export interface JobSeriesOptions {
  stack: TestStack;
  key: string;
  datasets: SmallDatasets;
  /** The worker process's pid and its output. */
  workerPid: number;
  client: WorkerProbeClient;
  /** Families in the order they cycle. */
  families: readonly ModelFamily[];
  jobs: number;
  /** Whether to add a reading after a full garbage collection once job `job` (1-based) ended (to tell a leak from garbage). */
  collectAfter: (job: number) => boolean;
  /** Called after each job, for progress lines. */
  onJob?: (sample: JobEndSample) => void;
}

/** Runs `jobs` jobs, cycling through `families`; throws when one does not succeed. */
export async function runJobSeries(options: JobSeriesOptions): Promise<JobEndSample[]> {
  const { stack, key, client } = options;
  const samples: JobEndSample[] = [];
  for (let index = 0; index < options.jobs; index++) {
    const family = options.families[index % options.families.length] as ModelFamily;
    const started = performance.now();
    const submit = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send(smallJobSpec(family, options.datasets, index));
    if (submit.status !== 201) throw new Error(`submit job ${index + 1} (${family}): ${submit.status} ${submit.text}`);
    const id = (submit.body as JobView).id;
    await client.jobEnd(id, 60_000);
    const seconds = (performance.now() - started) / 1000;
    const memory = await measureWorker(options.workerPid, client, options.collectAfter(index + 1));
    const job = await stack.waitForJob(key, id, (j) => j.finishedAt !== null, 10_000);
    if (job.status !== "SUCCEEDED") throw new Error(`job ${index + 1} (${family}) ended ${job.status}: ${job.statusReason ?? ""}`);
    const sample: JobEndSample = { job: index + 1, family, seconds, ...memory };
    samples.push(sample);
    options.onJob?.(sample);
  }
  return samples;
}
