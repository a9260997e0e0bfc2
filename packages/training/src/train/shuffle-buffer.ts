/** Samples taken from a {@link ShuffleBuffer}: their feature bytes, labels and indices, in draw order. */
export interface RawBatch {
  size: number;
  /** `size` samples' raw feature bytes, back to back (a fresh, aligned buffer). */
  bytes: Uint8Array;
  labels: Int32Array;
  /** Index of each sample in the dataset. */
  samples: Int32Array;
}

/**
 * A fixed-capacity pool of samples (raw feature bytes, label, index), allocated once. Batches are
 * drawn from it uniformly at random (or in insertion order without a random source), so samples
 * that arrive in blocks of neighbours leave it mixed with those of earlier blocks.
 */
export class ShuffleBuffer {
  readonly capacity: number;
  private readonly sampleBytes: number;
  private readonly bytes: Uint8Array;
  private readonly labels: Int32Array;
  private readonly samples: Int32Array;
  private count = 0;

  constructor(capacity: number, sampleBytes: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.sampleBytes = sampleBytes;
    this.bytes = new Uint8Array(capacity * sampleBytes);
    this.labels = new Int32Array(capacity);
    this.samples = new Int32Array(capacity);
  }

  /** Samples held now. */
  get size(): number {
    return this.count;
  }

  /** Copies one sample in from `source` at `offset`. @throws RangeError when the buffer is full. */
  add(source: Uint8Array, offset: number, label: number, sample: number): void {
    if (this.count === this.capacity) throw new RangeError("the shuffle buffer is full");
    const slot = this.count++;
    this.bytes.set(source.subarray(offset, offset + this.sampleBytes), slot * this.sampleBytes);
    this.labels[slot] = label;
    this.samples[slot] = sample;
  }

  /**
   * Removes `n` samples (at most `size`): each drawn uniformly at random from those left when
   * `random` is given (the last one fills its slot), else the oldest `n` in insertion order.
   */
  take(n: number, random: (() => number) | null): RawBatch {
    const size = Math.min(n, this.count);
    const sb = this.sampleBytes;
    const out: RawBatch = { size, bytes: new Uint8Array(size * sb), labels: new Int32Array(size), samples: new Int32Array(size) };
    if (random === null) {
      out.bytes.set(this.bytes.subarray(0, size * sb));
      out.labels.set(this.labels.subarray(0, size));
      out.samples.set(this.samples.subarray(0, size));
      this.bytes.copyWithin(0, size * sb, this.count * sb);
      this.labels.copyWithin(0, size, this.count);
      this.samples.copyWithin(0, size, this.count);
      this.count -= size;
      return out;
    }
    for (let i = 0; i < size; i++) {
      const slot = Math.floor(random() * this.count);
      const last = --this.count;
      out.bytes.set(this.bytes.subarray(slot * sb, (slot + 1) * sb), i * sb);
      out.labels[i] = this.labels[slot] ?? 0;
      out.samples[i] = this.samples[slot] ?? 0;
      if (slot !== last) {
        this.bytes.copyWithin(slot * sb, last * sb, (last + 1) * sb);
        this.labels[slot] = this.labels[last] ?? 0;
        this.samples[slot] = this.samples[last] ?? 0;
      }
    }
    return out;
  }
}
