import type { CrossValidationResult, MetricValues } from "@trainyard/contracts";
import type { ParsedDataset } from "@trainyard/domain";
import { createSeededRandom, shuffleInPlace, type DataSplit } from "@trainyard/training";
import { fitClassifier, type FittedClassifier } from "./fit-classifier.js";
import { range } from "./load-job-dataset.js";
import type { TrainingRun } from "./run-training.js";

/** What k-fold cross-validation produced; `best` is the selected fold's classifier (select "best"). */
export interface CrossValidationOutcome {
  stopped: boolean;
  result: CrossValidationResult | null;
  best: FittedClassifier | null;
}

/**
 * Trains one model per fold (seeded assignment of samples to folds), each validated on its fold, and
 * reports each fold's final metrics with their mean and standard deviation. With select "best" the
 * fold whose final val_loss is lowest is kept (the caller disposes it); the others are disposed.
 */
export async function crossValidate(run: TrainingRun, raw: ParsedDataset, folds: number, select: "all" | "best"): Promise<CrossValidationOutcome> {
  const order = range(0, raw.count);
  shuffleInPlace(order, createSeededRandom(run.seed));
  const perFold: { fold: number; metrics: MetricValues }[] = [];
  let best: FittedClassifier | null = null;
  let bestFold: number | null = null;
  let bestLoss = Infinity;
  try {
    for (let fold = 1; fold <= folds; fold++) {
      const fitted = await fitClassifier(run, raw, foldSplit(order, fold - 1, folds), { record: false, fold: { fold, folds: select === "all" ? folds + 1 : folds } });
      if (fitted.result.stopped) {
        fitted.model.dispose();
        return { stopped: true, result: null, best: null };
      }
      const metrics: MetricValues = { ...(fitted.result.bestMetrics ?? fitted.result.finalMetrics ?? {}) };
      perFold.push({ fold, metrics });
      run.logger.info({ fold, folds, ...metrics }, "fold finished");
      const loss = metrics["val_loss"] ?? Infinity;
      if (select === "best" && (best === null || loss < bestLoss)) {
        best?.model.dispose();
        best = fitted;
        bestFold = fold;
        bestLoss = loss;
      } else {
        fitted.model.dispose();
      }
    }
  } catch (error) {
    best?.model.dispose();
    throw error;
  }
  return { stopped: false, result: { folds: perFold, ...summarize(perFold.map((f) => f.metrics)), select, selectedFold: bestFold }, best };
}

/** Fold `index` of `folds` as validation, the rest as training (both in ascending order). */
function foldSplit(order: Int32Array, index: number, folds: number): DataSplit {
  const train: number[] = [];
  const validation: number[] = [];
  order.forEach((sample, position) => (position % folds === index ? validation : train).push(sample));
  const ascending = (values: number[]) => Int32Array.from(values.sort((a, b) => a - b));
  return { train: ascending(train), validation: ascending(validation) };
}

/** Mean and population standard deviation of each metric present in every fold. */
function summarize(rows: MetricValues[]): { mean: MetricValues; std: MetricValues } {
  const mean: MetricValues = {};
  const std: MetricValues = {};
  const names = Object.keys(rows[0] ?? {}).filter((name) => rows.every((row) => typeof row[name] === "number"));
  for (const name of names) {
    const values = rows.map((row) => row[name] ?? 0);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = m;
    std[name] = Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
  }
  return { mean, std };
}
