// `node --import tsx bench/training-throughput.ts [--quick] [--runs N] [--seconds S] [--step-limit S]
//   [--max-rss-mb M] [--backends native,wasm,cpu] [--batches 32,128]`
// Steady-state training speed (samples/s) of the seed models (cnn, rnn, gan) through the worker's own
// training code (buildModel + trainModel, buildGan + trainGan) on each TensorFlow.js backend that loads
// here, one child process per backend (bench/training/throughput-child.ts), beside PyTorch on the same
// models (bench/reference/seed_models.py), and prints a markdown table.
//
// Each run builds a fresh model and times from the end of its warm-up batches (2 on native and wasm,
// 1 on cpu, whose first step is no slower) to the end of its last batch: at least `--seconds` (1.5) and 2 steps
// (1 on cpu, where a step takes 0.3 to 6 s), at most 100 steps; the table shows the median of `--runs`
// (3). A guard stops a child whose step takes over `--step-limit` s (15) or whose memory passes
// `--max-rss-mb` (2,048): the cpu backend's UnsortedSegmentSum (the RNN's embedding gradient) needs
// minutes and gigabytes for one step. A backend that does not load is reported, not measured. PyTorch
// times at least as many steps as our runs did, and at least 0.5 s, after 2 warm-up steps.
// Full run: about 3 minutes on 2 idle cores (other load slows both sides, PyTorch's 2 threads most).
// --quick: native and wasm, batch 32, 1 short run (about 25 s).
import { readBenchArgs } from "./support/args.js";
import { cpuSnapshot, describeOtherLoad } from "./support/machine-load.js";
import { runPytorchReference } from "./support/pytorch-reference.js";
import { formatNumber } from "./support/markdown-table.js";
import { measureBackend, type BackendOutcome } from "./training/run-backend-child.js";
import { seedLearningRates, seedModelNames, type SeedModelName } from "./training/seed-models.js";
import type { RunLength } from "./training/steady-state-clock.js";
import type { ThroughputConfig, ThroughputResult } from "./training/throughput-protocol.js";
import { medianRate, throughputMarkdown } from "./training/throughput-report.js";

/** What seed_models.py throughput prints. */
interface PytorchThroughput {
  torch: string;
  results: ThroughputResult[];
}

const args = readBenchArgs(
  { runs: 3, seconds: 1.5, "step-limit": 15, "max-rss-mb": 2048 },
  { backends: "native,wasm,cpu", batches: "32,128" },
);
const quick = args.quick;
const runs = quick ? 1 : (args.numbers.runs ?? 3);
const backends = quick ? ["native", "wasm"] : (args.strings.backends ?? "").split(",");
const batches = quick ? [32] : (args.strings.batches ?? "").split(",").map(Number);
const seconds = quick ? 0.2 : (args.numbers.seconds ?? 1.5);
const guard = { stepSeconds: quick ? 10 : (args.numbers["step-limit"] ?? 15), maxRssBytes: (args.numbers["max-rss-mb"] ?? 2048) * 2 ** 20 };
// Run in this order (the RNN last: on cpu it is the one the guard stops); shown as cnn, rnn, gan.
const configs: ThroughputConfig[] = (["cnn", "gan", "rnn"] as const).flatMap((model) => batches.map((batch) => ({ model, batch })));

const started = performance.now();
const cpuBefore = cpuSnapshot();
const outcomes: BackendOutcome[] = [];
for (const backend of backends) {
  const cpu = backend === "cpu";
  const length: RunLength = { warmupBatches: cpu ? 1 : 2, minSteps: quick ? 3 : cpu ? 1 : 2, minSeconds: seconds, maxSteps: quick ? 5 : 100 };
  outcomes.push(...(await measureBackend(backend, { configs, runs, length, dataBatches: 16 }, guard)));
}
const measured = outcomes.flatMap((o) => (o.kind === "measured" ? [o.result] : []));
for (const result of measured) {
  if (!(medianRate(result) > 0)) throw new Error(`${result.model} batch ${result.batch}: no samples/s figure (${result.samplesPerSecond.join(", ")})`);
}

const stepsOf = (c: ThroughputConfig) => Math.max(2, ...measured.filter((r) => r.model === c.model && r.batch === c.batch).flatMap((r) => r.steps));
const pytorch = await runPytorchReference<PytorchThroughput>("throughput", {
  configs: configs.map((c) => ({ ...c, minSteps: stepsOf(c) })),
  runs,
  warmup: 2,
  minSeconds: quick ? 0.1 : 0.5,
  maxSteps: 5000,
  dataBatches: 16,
  lr: seedLearningRates,
});
for (const result of pytorch?.results ?? []) {
  if (!(medianRate(result) > 0)) throw new Error(`PyTorch ${result.model} batch ${result.batch}: no samples/s figure`);
}
const parameters = checkParameterCounts(measured, pytorch?.results ?? []);
console.error(`training-throughput: ${((performance.now() - started) / 1000).toFixed(1)} s`);

const load = describeOtherLoad(cpuBefore);
const timing = quick
  ? `Quick mode: native and wasm, batch 32, 1 run of 3 to 5 timed steps after 2 warm-up batches (a check that it runs, not a speed figure). ${load}`
  : `Each run builds a fresh model and times from the end of its warm-up batches (2 on native and wasm, 1 on cpu, whose first step is no slower) to the end of its last batch: at least ${seconds} s and 2 steps (1 on cpu), at most 100 steps. ${load}`;
console.log(throughputMarkdown({ outcomes, pytorch: pytorch === null ? null : { version: pytorch.torch, results: pytorch.results }, runs, batches, timing, guard, parameters }));

/** Prints each model's parameter count on both sides and returns them as a sentence; throws when they differ. */
function checkParameterCounts(ours: ThroughputResult[], theirs: ThroughputResult[]): string {
  const counted: string[] = [];
  for (const model of seedModelNames) {
    const counts = (results: ThroughputResult[]) => [...new Set(results.filter((r) => r.model === model).map((r) => r.params))];
    const [a, b] = [counts(ours), counts(theirs)];
    console.error(`parameters ${model}: ours ${a.map((n) => formatNumber(n)).join(" / ") || "-"}, PyTorch ${b.map((n) => formatNumber(n)).join(" / ") || "-"}`);
    if (a.length > 1 || b.length > 1 || (a.length === 1 && b.length === 1 && a[0] !== b[0])) {
      throw new Error(`${model as SeedModelName}: parameter counts differ (ours ${a.join(", ")}, PyTorch ${b.join(", ")})`);
    }
    counted.push(`${model.toUpperCase()} ${formatNumber(a[0] ?? b[0])}`);
  }
  const checked = theirs.length > 0 ? "the same on both sides (checked)" : "ours (PyTorch's not checked)";
  return `Parameters, ${checked}: ${counted.join(", ")}.`;
}
