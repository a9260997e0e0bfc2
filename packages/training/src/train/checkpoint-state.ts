import type * as tfjs from "@tensorflow/tfjs";
import type { BatchSource } from "./batch-source.js";
import type { BestWeightsKeeper } from "./best-weights-keeper.js";
import type { LearningRateSchedule } from "./learning-rate-schedule.js";
import type { MetricMonitor } from "./metric-monitor.js";
import type { SeededRandom } from "./seeded-random.js";
import { decodeTensors, encodeTensors, type TrainingCheckpoint } from "./training-checkpoint.js";
import type { EpochMetrics } from "./train-model.js";

/** The parts of a training run that change from epoch to epoch, besides the model's weights. */
export interface TrainingLoopState {
  tf: typeof tfjs;
  optimizer: tfjs.Optimizer;
  random: SeededRandom;
  maskRandom: SeededRandom;
  source: BatchSource;
  schedule: LearningRateSchedule;
  stopMonitor: MetricMonitor | undefined;
  keeper: BestWeightsKeeper<EpochMetrics> | undefined;
}

/**
 * Captures the loop's state after `history.length` epochs (and `inEpoch` batches of the next, when
 * stopping in the middle of one). Leaves the live tensor count unchanged.
 */
export async function captureCheckpoint(
  state: TrainingLoopState,
  history: readonly EpochMetrics[],
  inEpoch: TrainingCheckpoint["inEpoch"] = null,
): Promise<TrainingCheckpoint> {
  const { tf, optimizer, keeper } = state;
  const variables = await optimizer.getWeights();
  let encodedOptimizer;
  try {
    encodedOptimizer = await encodeTensors(tf, variables);
  } finally {
    // getWeights makes a new scalar for the iteration count; the rest are the optimizer's own variables.
    variables.find((v) => v.name === "iter")?.tensor.dispose();
  }
  const powers = adamPowersOf(optimizer);
  const kept = keeper?.kept() ?? null;
  const best =
    kept === null ? null : { epoch: kept.epoch, ...(await encodeTensors(tf, kept.weights.map((tensor, i) => ({ name: `w${i}`, tensor })))) };
  return {
    epoch: history.length,
    inEpoch: inEpoch === null ? null : { ...inEpoch },
    history: history.map((m) => ({ ...m })),
    randomState: state.random.getState(),
    maskRandomState: state.maskRandom.getState(),
    order: state.source.trainingOrder(),
    optimizer: encodedOptimizer,
    optimizerPowers: powers === null ? null : { accBeta1: powers.accBeta1.dataSync()[0] ?? 0, accBeta2: powers.accBeta2.dataSync()[0] ?? 0 },
    best,
  };
}

/**
 * Puts the loop where `checkpoint` left it: optimizer variables, both random streams, the training
 * order, and the schedule, early stopping and kept best weights replayed over its history.
 */
export async function restoreCheckpoint(state: TrainingLoopState, checkpoint: TrainingCheckpoint): Promise<void> {
  const { tf, optimizer } = state;
  const variables = decodeTensors(tf, checkpoint.optimizer);
  try {
    // Optimizers copy the values into variables of their own.
    if (variables.length > 0) await optimizer.setWeights(variables);
  } finally {
    for (const v of variables) v.tensor.dispose();
  }
  const powers = adamPowersOf(optimizer);
  if (powers !== null && checkpoint.optimizerPowers !== null) {
    const saved = checkpoint.optimizerPowers;
    tf.tidy(() => {
      powers.accBeta1.assign(tf.scalar(saved.accBeta1));
      powers.accBeta2.assign(tf.scalar(saved.accBeta2));
    });
  }
  state.random.setState(checkpoint.randomState);
  state.maskRandom.setState(checkpoint.maskRandomState);
  if (checkpoint.order !== null) state.source.restoreTrainingOrder(checkpoint.order);
  checkpoint.history.forEach((metrics, i) => {
    state.schedule.epochEnded(i + 1, metrics);
    state.stopMonitor?.update(i + 1, metrics);
  });
  const best = checkpoint.best === null ? null : { epoch: checkpoint.best.epoch, weights: decodeTensors(tf, checkpoint.best).map((t) => t.tensor) };
  state.keeper?.resume(checkpoint.history, best);
}

/** Adam's running beta powers (its fields, not part of getWeights), or null for another optimizer. */
function adamPowersOf(optimizer: tfjs.Optimizer): { accBeta1: tfjs.Variable; accBeta2: tfjs.Variable } | null {
  const fields = optimizer as unknown as { accBeta1?: tfjs.Variable; accBeta2?: tfjs.Variable };
  if (optimizer.getClassName() !== "Adam" || fields.accBeta1 === undefined || fields.accBeta2 === undefined) return null;
  return { accBeta1: fields.accBeta1, accBeta2: fields.accBeta2 };
}
