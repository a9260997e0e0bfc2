import type * as tfjs from "@tensorflow/tfjs";
import type { MetricMonitor } from "./metric-monitor.js";
import { WeightSnapshot } from "./weight-snapshot.js";

/**
 * Keeps a copy of the weights of the epoch where `monitor` was best (modelSelection, or
 * earlyStopping with restoreBestWeights), replacing it whenever a later epoch improves, and puts it
 * back at the end. Holds at most one snapshot; the owner calls `dispose()`.
 */
export class BestWeightsKeeper<M> {
  private snapshot: WeightSnapshot | null = null;
  private metrics: M | null = null;

  constructor(
    private readonly tf: typeof tfjs,
    private readonly monitor: MetricMonitor,
  ) {}

  /** Records an epoch's metrics; copies the model's weights when they are the best so far. */
  epochEnded(model: tfjs.LayersModel, epoch: number, metrics: M & Readonly<Record<string, number | undefined>>): void {
    if (!this.monitor.update(epoch, metrics)) return;
    const next = WeightSnapshot.take(this.tf, model, epoch);
    this.snapshot?.dispose();
    this.snapshot = next;
    this.metrics = metrics;
  }

  /**
   * Writes the best epoch's weights into `model` (unless they are already the last epoch's) and
   * returns that epoch and its metrics; null when no epoch improved (e.g. only NaN values).
   */
  restore(model: tfjs.LayersModel, lastEpoch: number): { epoch: number; metrics: M } | null {
    if (this.snapshot === null || this.metrics === null) return null;
    if (this.snapshot.epoch !== lastEpoch) this.snapshot.restore(model);
    return { epoch: this.snapshot.epoch, metrics: this.metrics };
  }

  /** The kept epoch and its weights (still owned by the keeper), for a checkpoint; null when none is kept. */
  kept(): { epoch: number; weights: readonly tfjs.Tensor[] } | null {
    return this.snapshot === null ? null : { epoch: this.snapshot.epoch, weights: this.snapshot.weights };
  }

  /**
   * Continues from a checkpoint: replays the monitor over `history` (epochs 1..n) and keeps `best`'s
   * weights (taking ownership of them) as that epoch's.
   */
  resume(history: readonly (M & Readonly<Record<string, number | undefined>>)[], best: { epoch: number; weights: tfjs.Tensor[] } | null): void {
    history.forEach((metrics, i) => this.monitor.update(i + 1, metrics));
    this.snapshot?.dispose();
    this.snapshot = best === null ? null : WeightSnapshot.fromTensors(best.epoch, best.weights);
    this.metrics = best === null ? null : (history[best.epoch - 1] ?? null);
  }

  dispose(): void {
    this.snapshot?.dispose();
    this.snapshot = null;
  }
}
