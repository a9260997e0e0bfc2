/** Whether a smaller or a larger value of a metric is better; "auto" decides from its name. */
export type MonitorMode = "auto" | "min" | "max";

/** Resolves "auto": larger is better for accuracies (names ending in "accuracy"), smaller otherwise. */
export function resolveMonitorMode(monitor: string, mode: MonitorMode): "min" | "max" {
  if (mode !== "auto") return mode;
  return monitor.endsWith("accuracy") ? "max" : "min";
}

/**
 * Follows one metric across epochs, as Keras's EarlyStopping and ReduceLROnPlateau do: the best value
 * so far, the epoch it came from, and how many epochs in a row have not improved on it.
 * No TensorFlow.js import.
 */
export class MetricMonitor {
  readonly direction: "min" | "max";
  /** The best value seen; starts at the worst possible value. */
  best: number;
  /** The 1-based epoch of `best`; null until a value improves. */
  bestEpoch: number | null = null;
  /** Epochs in a row without improvement since the last improvement (or reset). */
  wait = 0;

  /**
   * @param monitor Metric name read from each epoch's metrics.
   * @param mode Default "auto".
   * @param minDelta Smallest change that counts as an improvement, default 0.
   */
  constructor(
    readonly monitor: string,
    mode: MonitorMode = "auto",
    readonly minDelta = 0,
  ) {
    this.direction = resolveMonitorMode(monitor, mode);
    this.best = this.direction === "min" ? Infinity : -Infinity;
  }

  /**
   * Records one epoch's metrics; returns true when the monitored value beats the best by more than
   * `minDelta` (NaN never does). Throws when the metric is missing: callers check monitors first
   * (see `checkTrainingOptions`).
   */
  update(epoch: number, metrics: Readonly<Record<string, number | undefined>>): boolean {
    const value = metrics[this.monitor];
    if (value === undefined) {
      throw new Error(`metric "${this.monitor}" is not reported; reported: ${Object.keys(metrics).join(", ")}`);
    }
    const improved = this.direction === "min" ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return improved;
  }

  /**
   * Whether `patience` epochs in a row went by without improvement. A patience of 0 acts like 1:
   * the first epoch without improvement is enough.
   */
  exhausted(patience: number): boolean {
    return this.wait >= Math.max(1, patience);
  }
}
