import type { Logger } from "pino";
import type { JobSecondaryStatus, MetricValues } from "@trainyard/contracts";
import type { JobRecord } from "@trainyard/domain";
import { loadJobDataset, type JobData } from "./load-job-dataset.js";
import { RuntimeBudget } from "./runtime-budget.js";
import { ProgressReporter } from "./progress-reporter.js";
import { TrainingDivergedError } from "./training-diverged-error.js";
import type { TrainingJobDeps } from "./training-job-handler.js";
import { trainClassifierJob } from "./train-classifier-job.js";
import { trainGanJob } from "./train-gan-job.js";

/** What a family-specific trainer gets: the job, its data, and the hooks every family shares. */
export interface TrainingRun {
  deps: TrainingJobDeps;
  job: JobRecord;
  /** In memory, or streamed when it is stored larger than MAX_IN_MEMORY_MB. */
  data: JobData;
  /** The job's seed, or one drawn for this run: every seeded step (split, init, shuffle) uses it. */
  seed: number;
  logger: Logger;
  progress: ProgressReporter;
  /** Validates and records an epoch's metrics; then checks Postgres for a cancel. */
  recordEpoch: (epoch: number, metrics: MetricValues) => Promise<void>;
  /** Validates an epoch's metrics without recording them (cross-validation folds); checks for a cancel. */
  checkEpoch: (epoch: number, metrics: MetricValues) => Promise<void>;
  shouldStop: () => boolean;
  /** Whether a stop is the worker stopping or the runtime limit (not a cancel): a checkpoint is then written where training stopped. */
  handingBack: () => boolean;
  /** Records where the job is (TRAINING, EVALUATING, UPLOADING, ...) as its secondary status. */
  enterStage: (stage: JobSecondaryStatus) => Promise<void>;
}

/** Sets the job's secondary status; a change its status does not allow (a cancel came first) is logged and skipped. */
async function enterStage(deps: TrainingJobDeps, jobId: string, stage: JobSecondaryStatus, logger: Logger): Promise<void> {
  if (!(await deps.jobs.setSecondaryStatus(jobId, stage))) logger.debug({ stage }, "secondary status not changed");
}

/**
 * Trains one RUNNING job: loads its dataset, trains the model of its family with per-batch progress
 * and cooperative cancel, and stores the model. Returns how it ended; throws on failure.
 */
export async function runTraining(
  deps: TrainingJobDeps,
  job: JobRecord,
  signal: AbortSignal,
  logger: Logger,
  drain?: AbortSignal,
): Promise<"SUCCEEDED" | "CANCELLED" | "MAX_RUNTIME_EXCEEDED" | "HANDED_BACK"> {
  const { tf } = deps.backend;
  const tensorsBefore = tf.memory().numTensors;
  const budget = RuntimeBudget.start(deps.jobs, job, job.spec.stoppingCondition?.maxRuntimeSeconds ?? null);
  await enterStage(deps, job.id, "LOADING_DATA", logger);
  const data = await loadJobDataset(deps, job, "dataset.id", logger);
  const progress = new ProgressReporter(deps.jobs, job.id, logger);
  // The queue's cancel message aborts `signal`; re-reading the status once per epoch also catches a
  // cancel whose message this process missed.
  let cancelSeenInDatabase = false;
  const checkEpoch = async (epoch: number, metrics: MetricValues): Promise<void> => {
    assertFinite(epoch, metrics);
    const current = await deps.jobs.findByIdForWorker(job.id);
    if (current?.status === "CANCELLING") cancelSeenInDatabase = true;
  };
  const run: TrainingRun = {
    deps,
    job,
    data,
    seed: job.spec.training.seed ?? Math.floor(Math.random() * 2 ** 31),
    logger,
    progress,
    recordEpoch: async (epoch, metrics) => {
      assertFinite(epoch, metrics);
      await deps.jobs.recordEpoch(job.id, epoch, metrics);
      await budget.charge();
      logger.info({ epoch, ...metrics }, "epoch finished");
      await checkEpoch(epoch, metrics);
    },
    checkEpoch,
    shouldStop: () => signal.aborted || cancelSeenInDatabase || budget.exceeded() || drain?.aborted === true,
    // A stop for the worker stopping or for the runtime limit (not a cancel) keeps where training was.
    handingBack: () => (drain?.aborted === true || budget.exceeded()) && !signal.aborted && !cancelSeenInDatabase,
    enterStage: (stage) => enterStage(deps, job.id, stage, logger),
  };
  logger.info({ seed: run.seed, seedGiven: job.spec.training.seed !== undefined, samples: run.data.count }, "training");
  try {
    const stopped = job.spec.model.type === "gan" ? await trainGanJob(run) : await trainClassifierJob(run);
    await progress.flush();
    if (!stopped) return "SUCCEEDED";
    // A cancel wins over the runtime limit and a hand-back when they come together.
    if (signal.aborted || cancelSeenInDatabase) return "CANCELLED";
    if (drain?.aborted === true && !budget.exceeded()) return "HANDED_BACK";
    if (!budget.exceeded()) return "CANCELLED";
    logger.info({ usedSeconds: Math.round(budget.usedSeconds()) }, "max runtime exceeded");
    return "MAX_RUNTIME_EXCEEDED";
  } finally {
    await budget.charge().catch((error: unknown) => logger.warn({ err: error }, "could not record the attempt's runtime"));
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (deps.checkTensorLeaks && leaked !== 0) logger.warn({ leaked }, "tensors left after job");
  }
}

function assertFinite(epoch: number, metrics: MetricValues): void {
  const bad = Object.entries(metrics).filter(([, value]) => !Number.isFinite(value));
  if (bad.length > 0) {
    throw new TrainingDivergedError(
      `training diverged at epoch ${epoch}: ${bad.map(([name, value]) => `${name} is ${value}`).join(", ")}; try a lower learningRate`,
    );
  }
}
