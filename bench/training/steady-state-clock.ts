// Times training steps in steady state: from the end of the warm-up batches to the end of the last batch.

/** How long one timed run lasts. */
export interface RunLength {
  /** Batches at the start that are not timed (first kernel runs, optimizer state, JIT); at least 1. */
  warmupBatches: number;
  /** Timed steps at least. */
  minSteps: number;
  /** Seconds timed at least (once `minSteps` are done). */
  minSeconds: number;
  /** Timed steps at most, whatever the time. */
  maxSteps: number;
}

/**
 * Fed by a training loop's per-batch callback (`batchEnded`), it says when a run has timed enough
 * steps (`done`, for the loop's stop check) and how fast they went. The timed window starts at the
 * end of batch `warmupBatches` and ends at the end of the last batch.
 */
export class SteadyStateClock {
  private batches = 0;
  private startedAt = NaN;
  private lastAt = NaN;

  /**
   * @param onWarm Called once at the end of the last warm-up batch, before the timed window's start
   *   is stamped (so whatever it does is not timed).
   */
  constructor(
    private readonly length: RunLength,
    private readonly onWarm: () => void = () => undefined,
  ) {
    if (!(Number.isInteger(length.warmupBatches) && length.warmupBatches >= 1)) throw new RangeError(`warmupBatches must be an integer >= 1, got ${length.warmupBatches}`);
  }

  /** Call once at the end of every batch, first thing (the stamp is taken on entry). */
  batchEnded(): void {
    let now = performance.now();
    this.batches++;
    if (this.batches === this.length.warmupBatches) {
      this.onWarm();
      now = performance.now();
      this.startedAt = now;
    }
    this.lastAt = now;
  }

  /** Whether the warm-up batches are over. */
  get warm(): boolean {
    return this.batches >= this.length.warmupBatches;
  }

  /** Steps timed so far. */
  get timedSteps(): number {
    return Math.max(0, this.batches - this.length.warmupBatches);
  }

  /** Seconds of the timed window so far; 0 before it starts. */
  get seconds(): number {
    return this.timedSteps === 0 ? 0 : (this.lastAt - this.startedAt) / 1000;
  }

  /** Whether the run has timed enough: `maxSteps`, or `minSteps` and `minSeconds`. */
  done(): boolean {
    const steps = this.timedSteps;
    return steps >= this.length.maxSteps || (steps >= this.length.minSteps && this.seconds >= this.length.minSeconds);
  }

  /** Samples per second over the timed window, for `batchSize` samples a step; NaN when nothing was timed. */
  samplesPerSecond(batchSize: number): number {
    return this.timedSteps === 0 ? NaN : (this.timedSteps * batchSize) / this.seconds;
  }
}
