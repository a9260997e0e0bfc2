// The markdown section of bench/service-overhead.ts: one table of the measured figures against their
// references, then two of where a tiny job's time goes (its stages, and its Postgres calls), and the
// verdict line. Throws when a figure it would print is missing.
import { formatNumber, markdownTable } from "../support/markdown-table.js";
import { median, percentile } from "../support/stats.js";
import type { BurstResult } from "./burst.js";
import type { HttpThroughput } from "./http-throughput.js";
import type { RepositoryCosts } from "./repository-costs.js";
import type { SubmitToStartResult } from "./submit-to-start.js";

export interface OverheadRun {
  ours: SubmitToStartResult;
  /** Raw BullMQ add -> processor, ms. */
  raw: number[];
  /** Postgres SELECT 1, ms. */
  postgres: number[];
  repository: RepositoryCosts;
  http: HttpThroughput;
  httpSeconds: number;
  connections: number;
  burst: BurstResult;
  workers: number;
}

/** Whether the submit-to-start p50 is within 2x of (raw BullMQ p50 + one Postgres round trip), and the figures. */
export function judgeLatency(run: OverheadRun): { ours: number; bound: number; met: boolean } {
  const ours = median(run.ours.toStarted);
  const bound = 2 * (median(run.raw) + median(run.postgres));
  return { ours, bound, met: ours <= bound };
}

function assertFinite(values: Record<string, number>): void {
  const bad = Object.entries(values).filter(([, value]) => !Number.isFinite(value));
  if (bad.length > 0) throw new Error(`missing figures: ${bad.map(([name, value]) => `${name} = ${value}`).join(", ")}`);
}

const ms = (value: number): string => formatNumber(value, value < 10 ? 2 : 1);

function figuresTable(run: OverheadRun): string {
  const { healthz, postJob, getJob } = run.http;
  const { burst } = run;
  const latency = (label: string, samples: number[]): string[] => [label, formatNumber(samples.length), ms(median(samples)), ms(percentile(samples, 99)), "-"];
  const load = (r: HttpThroughput["healthz"]): string[] => [`${r.label}: autocannon ${run.httpSeconds} s, ${run.connections} connections, non-2xx ${r.non2xx}`, formatNumber(r.requests), ms(r.p50Ms), ms(r.p99Ms), formatNumber(r.requestsPerSecond)];
  return markdownTable(
    ["Measure", "Count", "p50 (ms)", "p99 (ms)", "Per second"],
    [
      latency(`Submit-to-start: POST /v1/jobs returned -> worker's "job started" (one at a time, ${run.workers} idle workers)`, run.ours.toStarted),
      latency("Reference: raw BullMQ `queue.add` returned -> processor called (same Redis, same job options)", run.raw),
      latency("Reference: one Postgres round trip (`SELECT 1` through `pg`)", run.postgres),
      load(healthz),
      load(postJob),
      load(getJob),
      [`Burst: ${formatNumber(burst.jobs)} tiny jobs POSTed, ${burst.inFlight} in flight (submit rate over ${formatNumber(burst.submitSeconds, 1)} s)`, formatNumber(burst.jobs), "-", "-", formatNumber(burst.submitPerSecond)],
      [
        `Burst: first submit -> last SUCCEEDED, ${run.workers} worker processes (${formatNumber(burst.endToEndSeconds, 1)} s; per job ${ms(burst.meanRunMs)} ms in a worker, ${ms(burst.workerCpuMsPerJob)} ms of worker CPU)`,
        formatNumber(burst.jobs),
        "-",
        "-",
        formatNumber(burst.jobsPerSecond, 1),
      ],
    ],
  );
}

function stagesTable(run: OverheadRun): string {
  return markdownTable(
    ["Stage of one tiny job (one at a time)", "p50 (ms)", "p99 (ms)"],
    run.ours.stages.map((stage) => [stage.label, ms(median(stage.samples)), ms(percentile(stage.samples, 99))]),
  );
}

function postgresTable(run: OverheadRun): string {
  const { worker, other } = run.repository;
  const total = worker.reduce((sum, c) => sum + c.perJob * c.p50Ms, 0);
  return markdownTable(
    ["Postgres call (replayed one at a time from the bench process)", "Per tiny job", "p50 (ms)", "ms per job"],
    [
      ...worker.map((c) => [c.call, String(c.perJob), ms(c.p50Ms), ms(c.perJob * c.p50Ms)]),
      [`All ${worker.reduce((sum, c) => sum + c.perJob, 0)} worker calls of one tiny job`, "-", "-", ms(total)],
      ...other.map((c) => [c.call, "-", ms(c.p50Ms), "-"]),
    ],
  );
}

export function renderOverheadReport(run: OverheadRun): string {
  const { healthz, postJob, getJob } = run.http;
  const { burst } = run;
  const verdict = judgeLatency(run);
  assertFinite({
    "submit-to-start p50": verdict.ours,
    "submit-to-start p99": percentile(run.ours.toStarted, 99),
    "raw BullMQ p99": percentile(run.raw, 99),
    "target bound": verdict.bound,
    "burst jobs/s": burst.jobsPerSecond,
    "burst submit/s": burst.submitPerSecond,
    "burst worker CPU per job": burst.workerCpuMsPerJob,
    ...Object.fromEntries([healthz, postJob, getJob].flatMap((r) => [[`${r.label} req/s`, r.requestsPerSecond], [`${r.label} p99`, r.p99Ms]])),
    ...Object.fromEntries(run.ours.stages.map((stage) => [stage.label, percentile(stage.samples, 99)])),
    ...Object.fromEntries([...run.repository.worker, ...run.repository.other].map((c) => [c.call, c.p50Ms])),
  });
  return [
    "## Service overhead against raw BullMQ",
    "",
    `What the service adds around its queue, in one run on this machine (real Postgres and Redis, an isolated test stack). Submit-to-start: ` +
      `${formatNumber(run.ours.toStarted.length)} tiny jobs (one dense softmax layer, 1 epoch, 48 samples in 3 batches) POSTed one at a time, each once ` +
      `BullMQ had completed the previous one, to ${run.workers} idle worker processes (TF_BACKEND=wasm), timed from the POST's response to the worker's ` +
      "`\"job started\"` log line (pino `time`, ms, same clock); reference: raw BullMQ on the same Redis plus one Postgres round trip. HTTP: autocannon " +
      "(its load in a thread of its own) against the API of a second stack with no worker (the POSTed jobs stay queued), beside GET /healthz, the " +
      `framework's ceiling. Burst: ${formatNumber(burst.jobs)} jobs POSTed by autocannon and trained by the ${run.workers} workers; every job must be SUCCEEDED ` +
      "in Postgres after 1 attempt with exactly one `\"job started\"` line across the workers.",
    "",
    figuresTable(run),
    "",
    stagesTable(run),
    "",
    postgresTable(run),
    "",
    `Target: submit-to-start p50 within 2x of (raw BullMQ p50 + one Postgres round trip): ${ms(verdict.ours)} ms against ${ms(verdict.bound)} ms, ` +
      `${verdict.met ? "met" : "NOT met"}. HTTP: 0 non-2xx; POST /v1/jobs at ${formatNumber((postJob.requestsPerSecond / healthz.requestsPerSecond) * 100)}% ` +
      `and GET /v1/jobs/:id at ${formatNumber((getJob.requestsPerSecond / healthz.requestsPerSecond) * 100)}% of GET /healthz's rate. ` +
      `Burst: ${formatNumber(burst.jobs)} of ${formatNumber(burst.jobs)} SUCCEEDED, each started once (none lost, none run twice).`,
  ].join("\n");
}
