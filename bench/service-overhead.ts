// `node --import tsx bench/service-overhead.ts [--quick] [--jobs N] [--seconds S] [--burst B]`: what the
// service adds around BullMQ, in one run, on real Postgres and Redis (an isolated test stack,
// tests/support/test-stack.ts, with 2 worker processes, tests/support/worker-process.ts, TF_BACKEND=wasm).
// In the order it runs them:
//   b) autocannon at 50 connections for S seconds (default 10) each: POST /v1/jobs, GET /v1/jobs/:id
//      and, as the framework's ceiling, GET /healthz, on a second stack with no worker.
//   a) submit-to-start latency of N tiny jobs (default 1,000) POSTed one at a time to idle workers,
//      against raw BullMQ add -> processor (N jobs, same Redis) plus one Postgres `SELECT 1`; target:
//      our p50 within 2x of their sum. Also splits a job's time into stages (bench/service/submit-to-start.ts)
//      and replays a tiny job's Postgres calls one at a time (bench/service/repository-costs.ts).
//   c) a burst of B tiny jobs (default 10,000) POSTed 50 at a time and trained by the 2 workers:
//      all must SUCCEED, each started exactly once; jobs/s end to end and the submit rate.
// --quick: 10 latency jobs, 1 s per route, a 20-job burst. Progress goes to stderr, the markdown
// section to stdout; it throws when a check fails or a figure is missing. Everything it starts (worker
// processes, databases, queues, temp dirs) is stopped and deleted at the end.
import { startTestStack } from "../tests/support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../tests/support/worker-process.js";
import { readBenchArgs } from "./support/args.js";
import { formatNumber } from "./support/markdown-table.js";
import { median } from "./support/stats.js";
import { runBurst } from "./service/burst.js";
import { measureHttpThroughput } from "./service/http-throughput.js";
import { renderOverheadReport } from "./service/overhead-report.js";
import { measurePostgresRoundTrips } from "./service/postgres-round-trip.js";
import { measureRawBullmqLatency } from "./service/raw-bullmq-latency.js";
import { measureRepositoryCosts } from "./service/repository-costs.js";
import { measureSubmitToStart } from "./service/submit-to-start.js";
import { tinyJobBody, uploadTinyDataset } from "./service/tiny-job.js";
import { WorkerLogWatcher } from "./service/worker-log-watcher.js";

const args = readBenchArgs({ jobs: 1_000, seconds: 10, burst: 10_000 });
const latencyJobs = args.quick ? 10 : Math.round(args.numbers.jobs ?? 1_000);
const warmup = args.quick ? 2 : 20;
// Replays of a tiny job's Postgres calls (each about 15 calls).
const replays = args.quick ? 5 : 100;
const httpSeconds = args.quick ? 1 : (args.numbers.seconds ?? 10);
const burstJobs = args.quick ? 20 : Math.round(args.numbers.burst ?? 10_000);
const connections = 50;
const workerCount = 2;

const benchStarted = performance.now();

/** A progress line on stderr, with the seconds since the bench started. */
function log(message: string): void {
  process.stderr.write(`[${formatNumber((performance.now() - benchStarted) / 1000, 1)} s] ${message}\n`);
}

async function main(): Promise<void> {
  const stack = await startTestStack({ worker: false });
  const workers: WorkerProcess[] = [];
  try {
    const watcher = new WorkerLogWatcher();
    for (let i = 0; i < workerCount; i++) {
      const worker = startWorkerProcess(stack, `bench-overhead-${process.pid}-${i + 1}`);
      if (worker.child.stdout === null) throw new Error("the worker process has no stdout");
      watcher.watch(worker.child.stdout);
      workers.push(worker);
    }
    const latencyTenant = { name: `bench-latency-${process.pid}`, key: "" };
    latencyTenant.key = await stack.createTenantKey(latencyTenant.name);
    const datasetId = await uploadTinyDataset(stack, latencyTenant.key);
    const body = tinyJobBody(datasetId);
    await Promise.all(workers.map((worker) => worker.ready));
    log(`stack and ${workerCount} workers ready`);
    const http = await measureHttpThroughput(httpSeconds, connections, log);

    const raw = await measureRawBullmqLatency(stack.redisUrl, latencyJobs, warmup);
    const postgres = await measurePostgresRoundTrips(stack.databaseUrl, latencyJobs, warmup);
    log(`raw BullMQ p50 ${formatNumber(median(raw), 2)} ms, Postgres SELECT 1 p50 ${formatNumber(median(postgres), 2)} ms`);
    const ours = await measureSubmitToStart(stack, latencyTenant, body, watcher, { jobs: latencyJobs, warmup });
    log(`submit-to-start p50 ${formatNumber(median(ours.toStarted), 1)} ms over ${latencyJobs} jobs`);
    const repository = await measureRepositoryCosts(stack.databaseUrl, latencyTenant.name, datasetId, body, replays);
    log(`replayed a tiny job's Postgres calls ${replays} times`);

    const burstTenant = { name: `bench-burst-${process.pid}`, key: "" };
    burstTenant.key = await stack.createTenantKey(burstTenant.name);
    const burstBody = tinyJobBody(await uploadTinyDataset(stack, burstTenant.key));
    log(`burst: ${burstJobs} jobs at up to ${connections} in flight, ${workerCount} workers`);
    const burst = await runBurst(stack, burstTenant, burstBody, watcher, {
      jobs: burstJobs,
      connections,
      timeoutMs: Math.max(60_000, burstJobs * 500),
      workerPids: workers.map((worker) => worker.child.pid ?? -1),
    });
    log(`burst: ${formatNumber(burst.jobsPerSecond, 1)} jobs/s end to end, ${formatNumber(burst.submitPerSecond)} submits/s`);

    process.stdout.write(`${renderOverheadReport({ ours, raw, postgres, repository, http, httpSeconds, connections, burst, workers: workerCount })}\n`);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await stack.stop();
    log("done");
  }
}

await main();
