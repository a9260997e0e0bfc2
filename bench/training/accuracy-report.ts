// The markdown section of bench/accuracy.ts: our job's accuracy beside PyTorch's on the same data and budget.
import type { JobView } from "@trainyard/contracts";
import { formatNumber, markdownTable } from "../support/markdown-table.js";
import { pytorchInstallHint } from "../support/pytorch-reference.js";

/** One epoch as seed_models.py accuracy reports it. */
export interface ReferenceEpoch {
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss?: number;
  val_accuracy?: number;
}

/** What seed_models.py accuracy prints. */
export interface ReferenceAccuracy {
  params: number;
  seconds: number;
  epochs: ReferenceEpoch[];
}

export interface AccuracyReport {
  samples: number;
  trainCount: number;
  validationCount: number;
  validationSplit: number;
  epochs: number;
  /** Our finished job. */
  job: JobView;
  /** Epochs our job recorded. */
  jobEpochs: number;
  submitToEndSeconds: number;
  /** Null when PyTorch is not installed. */
  reference: ReferenceAccuracy | null;
  /** A sentence on the machine's load while it ran. */
  load: string;
}

export function accuracyMarkdown(report: AccuracyReport): string {
  const { job, reference } = report;
  const ours = job.metrics ?? {};
  const theirs = reference?.epochs.at(-1);
  const jobSeconds = (Date.parse(job.finishedAt ?? "") - Date.parse(job.startedAt ?? "")) / 1000;
  const percent = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "-" : `${formatNumber(value * 100, 1)}%`);
  const rows = [
    [`Trainyard (API + worker, tfjs ${job.backend ?? "?"})`, String(report.jobEpochs), percent(ours.accuracy), percent(ours.val_accuracy), formatNumber(ours.val_loss, 3), formatNumber(jobSeconds, 1)],
    ["PyTorch reference", theirs === undefined ? "-" : String(theirs.epoch), percent(theirs?.accuracy), percent(theirs?.val_accuracy), formatNumber(theirs?.val_loss, 3), formatNumber(reference?.seconds, 1)],
  ];
  const plural = report.epochs === 1 ? "" : "s";
  const referenceText =
    reference === null
      ? `PyTorch is not installed here, so its row is "-" (install the reference with \`${pytorchInstallHint}\`).`
      : "PyTorch runs bench/reference/seed_models.py: the same layers and parameter count, Glorot-uniform initialization, clipped cross-entropy, Adam with eps 1e-7, a fresh shuffle every epoch.";
  const difference = theirs?.val_accuracy === undefined ? null : ((ours.val_accuracy ?? NaN) - theirs.val_accuracy) * 100;
  return [
    "## Accuracy: seed CNN through the service vs PyTorch",
    "",
    `The seed CNN (\`{type:"cnn"}\`) on ${formatNumber(report.samples)} generated 28x28 float32 images of 10 stroke patterns (shifted, with distractor strokes and noise; seed 1), ${formatNumber(report.trainCount)} for training and ${formatNumber(report.validationCount)} held out (validationSplit ${report.validationSplit}: the job's seeded split, and PyTorch gets the same indices). Both train ${report.epochs} epoch${plural} at batch 128 with adam, learning rate 0.001. Ours is a job submitted through the HTTP API to a real worker (NPY upload, POST /v1/jobs, accuracy read from the job); training accuracy is the mean over the last epoch's batches while training (as Keras reports it, and computed the same way for PyTorch). Wall time: ours from the job's start to its end (dataset load, training with per-epoch validation, model upload; ${formatNumber(report.submitToEndSeconds, 1)} s from submit), PyTorch's training loop with per-epoch validation. ${report.load} ${referenceText}`,
    "",
    markdownTable(["trained by", "epochs", "training accuracy", "validation accuracy", "validation loss", "wall s"], rows),
    "",
    difference === null
      ? "Target: our validation accuracy within a few points of PyTorch's on the same budget; not compared here (no PyTorch)."
      : `Target: our validation accuracy within a few points of PyTorch's on the same budget. Difference (ours - PyTorch): ${difference >= 0 ? "+" : ""}${formatNumber(difference, 1)} points.`,
  ].join("\n");
}
