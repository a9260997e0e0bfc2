import { evaluateModel, isStreamedDataset, splitIndices, type DataSplit } from "@trainyard/training";
import { alignWith } from "./classifier-data.js";
import { crossValidate } from "./cross-validate.js";
import { fitClassifier, type FittedClassifier } from "./fit-classifier.js";
import { storeModel } from "./job-artifacts.js";
import { checkpointPlanOf, readLatestCheckpoint } from "./job-checkpoints.js";
import { concatDatasets, loadJobDataset, range } from "./load-job-dataset.js";
import type { TrainingRun } from "./run-training.js";

/**
 * Trains a classifier (cnn, rnn, sequential, keras) and stores it: validated on a seeded (stratified)
 * split, on another dataset, or by k folds; then evaluated on the evaluation dataset if the spec names
 * one. Text is tokenized with a vocabulary of the training part, saved beside the model as vocab.json.
 * @returns whether training was stopped by a cancel.
 */
export async function trainClassifierJob(run: TrainingRun): Promise<boolean> {
  const { deps, job } = run;
  const { spec } = job;
  let raw = run.data;
  let split: DataSplit;
  if (spec.validation !== undefined) {
    const validation = await loadJobDataset(deps, job, "validation.datasetId", run.logger);
    raw = concatDatasets(run.data, validation);
    split = { train: range(0, run.data.count), validation: range(run.data.count, raw.count) };
  } else {
    split = splitIndices({ labels: raw.labels, count: raw.count, validationSplit: spec.dataset.validationSplit, seed: run.seed, stratify: spec.dataset.stratify });
  }

  let fitted: FittedClassifier;
  const cv = spec.crossValidation;
  if (cv !== undefined) {
    // loadJobDataset refuses this (as the API does at submit); the check narrows the type.
    if (isStreamedDataset(raw)) throw new Error("cross-validation over a streamed dataset passed validation");
    await run.enterStage("TRAINING");
    const outcome = await crossValidate(run, raw, cv.folds, cv.select);
    if (outcome.stopped || outcome.result === null) return true;
    await deps.jobs.recordCrossValidation(job.id, outcome.result);
    if (outcome.best !== null) {
      fitted = outcome.best;
      for (const [i, metrics] of fitted.epochs.entries()) await run.recordEpoch(i + 1, metrics);
    } else {
      const all = { train: range(0, raw.count), validation: new Int32Array(0) };
      fitted = await fitClassifier(run, raw, all, { record: true, fold: { fold: cv.folds + 1, folds: cv.folds + 1 } });
    }
  } else {
    const plan = checkpointPlanOf(spec);
    const resume = plan === null ? null : await readLatestCheckpoint(deps, job);
    if (resume !== null) {
      await run.enterStage("RESUMING");
      run.logger.info({ epoch: resume.record.epoch, writtenBy: resume.record.attempt }, "resuming from checkpoint");
    }
    await run.enterStage("TRAINING");
    fitted = await fitClassifier(run, raw, split, { record: true, ...(plan === null ? {} : { checkpoints: { plan, resume } }) });
  }

  try {
    if (fitted.result.stopped) return true;
    if (spec.evaluation !== undefined) {
      await run.enterStage("EVALUATING");
      const test = alignWith(await loadJobDataset(deps, job, "evaluation.datasetId", run.logger), spec, fitted.prepared.vocabulary);
      const metrics = await evaluateModel({ tf: deps.backend.tf, model: fitted.model, data: test, loss: spec.training.loss });
      await deps.jobs.recordTestMetrics(job.id, metrics);
      run.logger.info(metrics, "evaluated on the test set");
    }
    await run.enterStage("UPLOADING");
    await storeModel(deps, job, fitted.model, fitted.prepared.modelFiles);
    return false;
  } finally {
    fitted.model.dispose();
  }
}
