// `node --import tsx bench/worker-memory.ts [--quick] [--jobs N] [--warmup J] [--gc-every K]
//   [--idle-seconds S] [--rss-bound-mib M] [--families cnn,rnn,gan] [--backend native] [--samples-out FILE]`:
// whether a worker process's memory stays flat over many consecutive jobs.
// It starts an isolated stack (real API, Postgres database, Redis queue, object store;
// tests/support/test-stack.ts) and uploads two tiny datasets. Then a real worker process
// (tests/support/worker-process.ts, TF_BACKEND=--backend: native, the default here) with a memory probe preloaded
// (bench/memory/worker-memory-probe.ts) runs small cnn, rnn and gan jobs in turn, each submitted after
// the previous one ended (default 200; --quick 6), and its RSS, live tensors, JS heap and WASM heap
// are read before the first job, after each job, at their peaks (every 100 ms) and after an idle
// pause. A second, fresh worker then runs the same jobs and is also read right after a full garbage
// collection (memory still referenced: a leak shows there) before the first job, after every K-th
// job (default 10; --quick every job) and after each job the table shows. It prints a markdown section and
// throws when, in the second worker, RSS after a full GC grew by the bound or more from the warm-up
// job (default 20; --quick 2) to the last (default 30 MiB; not judged with --quick), or when a job
// changed the live tensor count in either worker. --samples-out writes every reading as JSON.
// Everything it started is stopped and deleted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestStack } from "../tests/support/test-stack.js";
import { readBenchArgs } from "./support/args.js";
import { mib } from "./support/process-memory.js";
import { judgeRun, renderReport, reportedJobs, tensorCounts, type WorkerMemoryRun } from "./memory/memory-report.js";
import { runWorkerPhase, type WorkerPhase } from "./memory/run-worker-phase.js";
import { modelFamilies, uploadSmallDatasets, type ModelFamily } from "./memory/small-jobs.js";

const args = readBenchArgs({ jobs: 200, warmup: 20, "gc-every": 10, "idle-seconds": 5, "rss-bound-mib": 30 }, { families: modelFamilies.join(","), backend: "native", "samples-out": "" });
const backend = args.strings.backend ?? "native";
// --quick: 12 jobs in all, 6 per worker.
const jobs = args.quick ? 6 : Math.round(args.numbers.jobs ?? 200);
const warmupJob = args.quick ? 2 : Math.min(jobs, Math.round(args.numbers.warmup ?? 20));
const collectEvery = args.quick ? 1 : Math.round(args.numbers["gc-every"] ?? 10);
const idleSeconds = args.quick ? 1 : (args.numbers["idle-seconds"] ?? 5);
// --quick only checks that the numbers come and the tensor count holds: 12 jobs say nothing about RSS.
const rssBoundBytes = args.quick ? null : (args.numbers["rss-bound-mib"] ?? 30) * mib;
const families = parseFamilies(args.strings.families ?? "");

function parseFamilies(list: string): ModelFamily[] {
  const names = list.split(",").filter((name) => name !== "");
  const unknown = names.filter((name) => !(modelFamilies as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--families takes a comma-separated list of ${modelFamilies.join(", ")}; got "${list}"`);
  return names as ModelFamily[];
}

/** Runs both workers, one after the other, on one stack. */
async function runBench(): Promise<WorkerMemoryRun> {
  const stack = await startTestStack({ worker: false });
  const workDir = await mkdtemp(join(tmpdir(), "trainyard-bench-memory-"));
  try {
    const key = await stack.createTenantKey();
    const datasets = await uploadSmallDatasets(stack, key);
    const phase = (label: string, collectAfter: ((job: number) => boolean) | null): Promise<WorkerPhase> =>
      runWorkerPhase({ stack, key, datasets, families, jobs, idleSeconds, collectAfter, workDir, label, backend });
    const asItRuns = await phase("as-it-runs", null);
    // A full collection takes a while (0.1 s or more on a busy machine): after every `collectEvery`-th
    // job and at the jobs the table shows (the warm-up job and the last among them) is enough.
    const shown = new Set(reportedJobs(jobs, warmupJob));
    const collected = await phase("after-gc", (job) => job % collectEvery === 0 || shown.has(job));
    return { asItRuns, collected, idleSeconds, warmupJob, rssBoundBytes, families, backend };
  } finally {
    await stack.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Throws when a number the report shows is missing. */
function assertComplete(run: WorkerMemoryRun): void {
  for (const phase of [run.asItRuns, run.collected]) {
    const rss = [phase.before.natural.rss, phase.peakRss, phase.idle.natural.rss, ...phase.jobs.map((sample) => sample.natural.rss)];
    if (phase.jobs.length !== jobs || rss.some((v) => !(v > 0)) || tensorCounts(phase).some((v) => !(v >= 0))) {
      throw new Error("a reported number is missing: a job's reading, an RSS value or a tensor count");
    }
  }
}

const started = performance.now();
const run = await runBench();
const verdict = judgeRun(run);
process.stdout.write(`${renderReport(run, verdict, (performance.now() - started) / 1000)}\n`);
const samplesOut = args.strings["samples-out"] ?? "";
if (samplesOut !== "") await writeFile(samplesOut, JSON.stringify(run, null, 1));
for (const phase of [run.asItRuns, run.collected]) {
  if (phase.leakWarnings > 0) process.stderr.write(`a worker itself warned "tensors left after job" ${phase.leakWarnings} times\n`);
}
assertComplete(run);
if (!verdict.ok) throw new Error(`worker memory not flat after warm-up: ${verdict.failures.join("; ")}`);
