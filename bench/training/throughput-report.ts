// The markdown section of bench/training-throughput.ts: one row per model, batch and backend.
import { formatNumber, markdownTable } from "../support/markdown-table.js";
import { pytorchInstallHint } from "../support/pytorch-reference.js";
import { median } from "../support/stats.js";
import type { BackendOutcome } from "./run-backend-child.js";
import { seedModelNames, type SeedModelName } from "./seed-models.js";
import type { ThroughputResult } from "./throughput-protocol.js";

/** Issue 6's targets: the wasm figures measured at batch 128 before the training speed work. */
export const wasmTargets: Record<SeedModelName, number> = { cnn: 843, rnn: 170, gan: 1695 };

export interface ThroughputReport {
  outcomes: BackendOutcome[];
  /** The reference's results; null when PyTorch is not installed. */
  pytorch: { version: string; results: ThroughputResult[] } | null;
  runs: number;
  batches: number[];
  /** One sentence on how each run was timed. */
  timing: string;
  /** The guard's limits, for the note on stopped runs. */
  guard: { stepSeconds: number; maxRssBytes: number };
  /** A sentence with each model's parameter count. */
  parameters: string;
}

/** Samples/s of a config as the table shows it: the median of its runs. */
export function medianRate(result: ThroughputResult): number {
  return median(result.samplesPerSecond);
}

export function throughputMarkdown(report: ThroughputReport): string {
  const { outcomes, pytorch, runs } = report;
  const referenceOf = (model: string, batch: number) => pytorch?.results.find((r) => r.model === model && r.batch === batch);
  // Configs not measured, by reason.
  const notes = new Map<string, string[]>();
  const rows: string[][] = [];
  for (const model of seedModelNames) {
    for (const outcome of outcomes.filter((o) => configOf(o).model === model).sort((a, b) => configOf(a).batch - configOf(b).batch)) {
      const { batch } = configOf(outcome);
      const reference = referenceOf(model, batch);
      const theirs = reference === undefined ? NaN : medianRate(reference);
      const [ours, ratio] = oursAndRatio(outcome, theirs);
      if (outcome.kind !== "measured") notes.set(outcome.reason, [...(notes.get(outcome.reason) ?? []), `${outcome.backend} ${model} batch ${batch}`]);
      rows.push([model, String(batch), outcome.backend, ours, formatNumber(theirs), ratio]);
    }
  }
  const header = ["model", "batch", "backend", `ours samples/s (median of ${runs})`, `PyTorch samples/s (median of ${runs})`, "ratio (ours/PyTorch)"];
  const reference =
    pytorch === null
      ? `PyTorch is not installed here, so its columns are "-" (install the reference with \`${pytorchInstallHint}\`).`
      : `The reference is PyTorch ${pytorch.version} (OpenBLAS, \`OPENBLAS_NUM_THREADS=1\`, 2 torch threads, glibc malloc keeping freed memory: see bench/support/pytorch-reference.ts) running bench/reference/seed_models.py: the same layers, parameter counts, losses, batch sizes and Adam settings (one difference: tfjs's LSTM gates use a hard sigmoid, nn.LSTM's a sigmoid), with at least as many timed steps as ours.`;
  const intro = `Steady-state training samples/s of the seed CNN (28x28x1 images, 10 classes), RNN (100 token ids, vocab 10,000, 2 classes) and GAN (28x28x1 images; a D step and a G step per batch of real images) through the worker's own training code (buildModel + trainModel, buildGan + trainGan) on generated in-memory data, one child process per backend.`;
  return [
    "## Training throughput: seed models, TensorFlow.js backends vs PyTorch",
    "",
    `${intro} ${report.timing} ${reference} ${report.parameters}`,
    "",
    markdownTable(header, rows),
    "",
    ...(notes.size > 0 ? [`Not measured: ${[...notes].map(([reason, configs]) => `${configs.join(", ")} (${reason})`).join("; ")}.${guardNote(report.guard, outcomes)}`, ""] : []),
    targetLine(outcomes, report.batches, referenceOf),
  ].join("\n");
}

/** What the guard does, when it stopped something. */
function guardNote(guard: ThroughputReport["guard"], outcomes: BackendOutcome[]): string {
  if (!outcomes.some((o) => o.kind === "stopped")) return "";
  const mib = formatNumber(guard.maxRssBytes / 2 ** 20);
  const cpuRnn = outcomes.some((o) => o.kind === "stopped" && o.backend === "cpu" && o.config.model === "rnn");
  const why = cpuRnn ? " On cpu, the RNN's embedding gradient (tfjs's UnsortedSegmentSum: one masked copy of the gradient per vocabulary row, 10,000 of them) takes minutes and gigabytes for one step." : "";
  return ` A run is stopped when a step takes over ${guard.stepSeconds} s or its process passes ${mib} MiB; "< x" is the most its first step can have reached.${why}`;
}

function configOf(outcome: BackendOutcome): { model: string; batch: number } {
  return outcome.kind === "measured" ? outcome.result : outcome.config;
}

/** Our cell and the ratio cell: a median, an upper bound ("< x") for a stopped step, or "-". */
function oursAndRatio(outcome: BackendOutcome, theirs: number): [string, string] {
  const ratio = (value: number, prefix = "") => (Number.isFinite(theirs) ? `${prefix}${formatRatio(value / theirs)}x` : "-");
  if (outcome.kind === "measured") return [formatNumber(medianRate(outcome.result)), ratio(medianRate(outcome.result))];
  if (outcome.kind === "stopped" && outcome.upperBound !== null) return [`< ${formatNumber(outcome.upperBound, 1)}`, ratio(outcome.upperBound, "< ")];
  return ["-", "-"];
}

/** Two significant digits below 1 (0.11, 0.023), two decimals above. */
function formatRatio(value: number): string {
  return value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

function targetLine(outcomes: BackendOutcome[], batches: number[], referenceOf: (model: string, batch: number) => ThroughputResult | undefined): string {
  const targets = "issue 6: wasm at least its figures then (batch 128: CNN 843, RNN 170, GAN 1,695 samples/s); issue 7: native at least PyTorch's (1.0x) at batch 128";
  if (!batches.includes(128)) return `Targets: ${targets}; not checked by this run (no batch 128).`;
  const rateAt128 = (backend: string, model: SeedModelName) => {
    const found = outcomes.find((o) => o.kind === "measured" && o.backend === backend && o.result.model === model && o.result.batch === 128);
    return found?.kind === "measured" ? medianRate(found.result) : undefined;
  };
  const wasm = seedModelNames.map((model) => {
    const rate = rateAt128("wasm", model);
    return rate === undefined ? `${model.toUpperCase()} not measured` : `${model.toUpperCase()} ${formatNumber(rate)} (${rate >= wasmTargets[model] ? "met" : "not met"})`;
  });
  const native = seedModelNames.map((model) => {
    const rate = rateAt128("native", model);
    const reference = referenceOf(model, 128);
    if (rate === undefined || reference === undefined) return `${model.toUpperCase()} not measured`;
    const ratio = rate / medianRate(reference);
    return `${model.toUpperCase()} ${formatRatio(ratio)}x (${ratio >= 1 ? "met" : "not met"})`;
  });
  return `Targets: ${targets}. This run at batch 128: wasm ${wasm.join(", ")}; native ${native.join(", ")}.`;
}
