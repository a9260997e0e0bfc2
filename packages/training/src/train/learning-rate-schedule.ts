import type { TrainingSpec } from "@trainyard/contracts";
import { MetricMonitor } from "./metric-monitor.js";

type ScheduleSpec = NonNullable<TrainingSpec["learningRateSchedule"]>;

/**
 * The learning rate of each epoch under `training.learningRateSchedule` (none: constant).
 * - stepDecay: `initial * factor ^ floor((epoch - 1) / everyEpochs)`.
 * - reduceOnPlateau: as Keras's ReduceLROnPlateau without cooldown: when `monitor` has not improved
 *   by more than `minDelta` for `patience` epochs (0 acts like 1), the rate is multiplied by
 *   `factor`, never going below `minLearningRate`, and the count starts again.
 * No TensorFlow.js import.
 */
export class LearningRateSchedule {
  private rate: number;
  private readonly plateau: MetricMonitor | null;

  constructor(
    private readonly spec: ScheduleSpec | undefined,
    private readonly initial: number,
  ) {
    this.rate = initial;
    this.plateau = spec?.type === "reduceOnPlateau" ? new MetricMonitor(spec.monitor, spec.mode, spec.minDelta) : null;
  }

  /** The rate to train epoch `epoch` (1-based) with. */
  rateFor(epoch: number): number {
    if (this.spec?.type === "stepDecay") {
      return this.initial * this.spec.factor ** Math.floor((epoch - 1) / this.spec.everyEpochs);
    }
    return this.rate;
  }

  /** Feeds an epoch's metrics to reduce-on-plateau; other schedules ignore them. */
  epochEnded(epoch: number, metrics: Readonly<Record<string, number | undefined>>): void {
    if (this.spec?.type !== "reduceOnPlateau" || this.plateau === null) return;
    this.plateau.update(epoch, metrics);
    if (this.plateau.exhausted(this.spec.patience)) {
      this.rate = Math.max(this.rate * this.spec.factor, this.spec.minLearningRate);
      this.plateau.wait = 0;
    }
  }
}
