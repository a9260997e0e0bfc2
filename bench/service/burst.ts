// Burst: `jobs` tiny jobs POSTed as fast as 50 connections allow (autocannon, `amount`) while the
// stack's worker processes train them. Checks, from Postgres and the workers' logs, that every
// accepted job SUCCEEDED with exactly one attempt and exactly one "job started" line across all
// workers (none lost, none run twice), and times it from the first row created to the last finished.
import type { TestStack } from "../../tests/support/test-stack.js";
import { loadRoute } from "./http-load.js";
import { readJobRows, type JobRow } from "./job-rows.js";
import { cpuSeconds } from "./process-cpu.js";
import { jsonHeaders } from "./tiny-job.js";
import type { WorkerLogWatcher } from "./worker-log-watcher.js";

export interface BurstResult {
  jobs: number;
  /** Requests in flight while POSTing. */
  inFlight: number;
  /** Accepted jobs per second while POSTing (autocannon's run). */
  submitPerSecond: number;
  submitSeconds: number;
  /** First job row created -> last job row finished. */
  endToEndSeconds: number;
  jobsPerSecond: number;
  /** Mean worker time per job ("job started" -> "job finished"), ms. */
  meanRunMs: number;
  /** CPU the worker processes used per job during the burst, ms. */
  workerCpuMsPerJob: number;
}

/** Submits and waits for the burst for the tenant `tenant` (a tenant of its own: its rows are the burst). */
export async function runBurst(
  stack: TestStack,
  tenant: { name: string; key: string },
  body: string,
  watcher: WorkerLogWatcher,
  options: { jobs: number; connections: number; timeoutMs: number; workerPids: number[] },
): Promise<BurstResult> {
  const finishedBefore = watcher.finished;
  const workerCpu = async (): Promise<number> => (await Promise.all(options.workerPids.map(cpuSeconds))).reduce((sum, s) => sum + s, 0);
  const cpuBefore = await workerCpu();
  // autocannon refuses more connections than requests.
  const inFlight = Math.min(options.connections, options.jobs);
  const load = await loadRoute(stack.baseUrl, { path: "/v1/jobs", method: "POST", body, headers: jsonHeaders(tenant.key) }, { requests: options.jobs, connections: inFlight });
  await watcher.waitForFinished(finishedBefore + load.requests, options.timeoutMs);
  const cpuUsed = (await workerCpu()) - cpuBefore;
  const rows = await readJobRows(stack.databaseUrl, tenant.name);
  assertEachRanOnce(rows, load.requests, watcher);
  const created = rows.map((row) => row.createdAt.getTime());
  const finished = rows.map((row) => row.finishedAt?.getTime() ?? NaN);
  const endToEndSeconds = (Math.max(...finished) - Math.min(...created)) / 1000;
  const runs = rows.map((row) => watcher.timeOf(row.id, "job finished") - watcher.timeOf(row.id, "job started"));
  return {
    jobs: rows.length,
    inFlight,
    submitPerSecond: load.requestsPerSecond,
    submitSeconds: load.durationSeconds,
    endToEndSeconds,
    jobsPerSecond: rows.length / endToEndSeconds,
    meanRunMs: runs.reduce((sum, ms) => sum + ms, 0) / runs.length,
    workerCpuMsPerJob: (cpuUsed * 1000) / rows.length,
  };
}

/** Throws unless there is one row per accepted POST, each SUCCEEDED after one attempt that started once. */
function assertEachRanOnce(rows: JobRow[], accepted: number, watcher: WorkerLogWatcher): void {
  const problems: string[] = [];
  if (rows.length !== accepted) problems.push(`${accepted} POSTs were accepted but ${rows.length} job rows exist`);
  const notSucceeded = rows.filter((row) => row.status !== "SUCCEEDED");
  if (notSucceeded.length > 0) problems.push(`${notSucceeded.length} jobs did not succeed (e.g. ${notSucceeded[0]?.id} is ${notSucceeded[0]?.status}): lost`);
  const retried = rows.filter((row) => row.attempts !== 1);
  if (retried.length > 0) problems.push(`${retried.length} jobs took other than one attempt (e.g. ${retried[0]?.id}: ${retried[0]?.attempts})`);
  const startedOtherThanOnce = rows.filter((row) => watcher.starts.get(row.id) !== 1);
  if (startedOtherThanOnce.length > 0) {
    const example = startedOtherThanOnce[0];
    problems.push(`${startedOtherThanOnce.length} jobs were not started exactly once (e.g. ${example?.id}: ${watcher.starts.get(example?.id ?? "") ?? 0} "job started" lines)`);
  }
  if (watcher.failures.length > 0) problems.push(`worker failure lines: ${watcher.failures.slice(0, 5).join(" | ")}`);
  if (problems.length > 0) throw new Error(`burst: ${problems.join("; ")}`);
}
