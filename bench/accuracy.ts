// `node --import tsx bench/accuracy.ts [--quick] [--samples N] [--epochs E] [--validation-split F]`
// Accuracy of the seed CNN trained through the service (POST /v1/datasets, POST /v1/jobs, a real
// worker on the TensorFlow.js backend it picks) beside PyTorch (bench/reference/seed_models.py) on the
// same data, split, epochs, batch size (128), optimizer (adam) and learning rate (0.001).
//
// The data are generated 28 x 28 images of 10 stroke patterns, shifted, with distractor strokes and
// noise (bench/training/pattern-images.ts, seed 1): learnable, not trivial. Our job holds out
// `--validation-split` (0.2) of them with the job's seed; PyTorch gets exactly those held-out indices.
// Full: 6,000 samples, 5 epochs, about 1 minute. --quick: 1,000 samples, 1 epoch, about 15 s.
// Fails only when our accuracy is missing or NaN (or the job fails), not when it is low.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitIndices } from "@trainyard/training";
import { makeNpy } from "../tests/fixtures/npy.js";
import { readBenchArgs } from "./support/args.js";
import { cpuSnapshot, describeOtherLoad } from "./support/machine-load.js";
import { runPytorchReference } from "./support/pytorch-reference.js";
import { accuracyMarkdown, type ReferenceAccuracy } from "./training/accuracy-report.js";
import { makePatternImages, patternSide } from "./training/pattern-images.js";
import { trainThroughApi } from "./training/train-through-api.js";

const args = readBenchArgs({ samples: 6000, epochs: 5, "validation-split": 0.2 });
const samples = args.quick ? 1000 : (args.numbers.samples ?? 6000);
const epochs = args.quick ? 1 : (args.numbers.epochs ?? 5);
const validationSplit = args.numbers["validation-split"] ?? 0.2;
const training = { epochs, batchSize: 128, optimizer: "adam", learningRate: 0.001, seed: 1 };

try {
  console.log(await measureAccuracy());
} catch (error) {
  // Reported here: an uncaught error would reach the wasm backend's own handler, which prints its whole source line.
  console.error(error);
  process.exitCode = 1;
}

async function measureAccuracy(): Promise<string> {
  const started = performance.now();
  const cpuBefore = cpuSnapshot();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const { features, labels } = makePatternImages({ count: samples, seed: 1 });
  const x = makeNpy(features, [samples, patternSide, patternSide], "<f4");
  const y = makeNpy(BigInt64Array.from(labels, (label) => BigInt(label)), [samples], "<i8");
  // The split the worker makes (train-classifier-job.ts): splitIndices with the job's seed, not stratified.
  const split = splitIndices({ labels, count: samples, validationSplit, seed: training.seed, stratify: false });

  const ours = await trainThroughApi({ x, y }, { model: { type: "cnn" }, dataset: { validationSplit }, training }, 150_000);
  console.error(`ours (${elapsed()}): ${ours.job.status} on ${ours.job.backend}; ${JSON.stringify(ours.job.metrics)}`);
  if (ours.job.status !== "SUCCEEDED") throw new Error(`the job ended ${ours.job.status}: ${ours.job.statusReason ?? ""}`);
  for (const name of ["accuracy", "val_accuracy"]) {
    const value = ours.job.metrics?.[name];
    if (value === undefined || !Number.isFinite(value)) throw new Error(`our ${name} is ${value}`);
  }

  const dir = await mkdtemp(join(tmpdir(), "trainyard-accuracy-"));
  let reference: ReferenceAccuracy | null;
  try {
    const paths = { x: join(dir, "x.npy"), y: join(dir, "y.npy"), validation: join(dir, "validation.npy") };
    const held = makeNpy(BigInt64Array.from(split.validation, BigInt), [split.validation.length], "<i8");
    await Promise.all([writeFile(paths.x, x), writeFile(paths.y, y), writeFile(paths.validation, held)]);
    reference = await runPytorchReference<ReferenceAccuracy>("accuracy", { ...paths, epochs, batch: training.batchSize, lr: training.learningRate, seed: training.seed });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.error(`pytorch (${elapsed()}): ${reference === null ? "not installed" : `${reference.params} parameters`}`);
  return accuracyMarkdown({
    samples,
    trainCount: split.train.length,
    validationCount: split.validation.length,
    validationSplit,
    epochs,
    job: ours.job,
    jobEpochs: ours.epochs.length,
    submitToEndSeconds: ours.submitToEndSeconds,
    reference,
    load: describeOtherLoad(cpuBefore),
  });
}
