import { planSampleBlocks } from "./plan-sample-blocks.js";
import { readBlocksAhead } from "./read-blocks-ahead.js";
import { shuffleInPlace } from "./seeded-random.js";
import { ShuffleBuffer, type RawBatch } from "./shuffle-buffer.js";
import {
  defaultBlockBytes,
  defaultShuffleBufferBytes,
  maxDefaultShuffleBufferSamples,
  sampleByteLength,
  type StreamedDataset,
} from "./streamed-dataset.js";

export interface StreamSamplesOptions {
  /** Samples per batch; every batch but the last is full. */
  batchSize: number;
  /**
   * With a random source: blocks are read in a random order and batches drawn at random from the
   * shuffle buffer (training). null: blocks in order, samples in ascending order (scoring, or
   * training without shuffle).
   */
  random: (() => number) | null;
}

/**
 * Streams `samples` (ascending indices into `data`, each yielded exactly once) as raw batches.
 * With `random`: the blocks holding them (about `data.blockBytes` each) are read in a random order
 * drawn at the start, the next block read while the current one is consumed; each block's samples
 * go into a shuffle buffer of `data.shuffleBufferSamples`, and once it is full every batch is drawn
 * from it at random. Memory: two blocks, the buffer and one batch. All randomness comes from
 * `random`, in an order that depends only on the data, never on timing.
 */
export async function* streamSamples(data: StreamedDataset, samples: Int32Array, options: StreamSamplesOptions): AsyncGenerator<RawBatch> {
  const { batchSize, random } = options;
  const sampleBytes = sampleByteLength(data);
  const blockSamples = Math.max(1, Math.floor((data.blockBytes ?? defaultBlockBytes) / sampleBytes));
  const blocks = planSampleBlocks(samples, blockSamples);
  if (random !== null) shuffleBlocks(blocks, random);
  const wanted = random === null ? batchSize : (data.shuffleBufferSamples ?? defaultBufferSamples(sampleBytes));
  const buffer = new ShuffleBuffer(Math.max(1, Math.min(Math.max(wanted, batchSize), samples.length)), sampleBytes);
  for await (const { block, bytes } of readBlocksAhead(data.readSamples, blocks, sampleBytes)) {
    for (let i = block.from; i < block.to; i++) {
      const sample = samples[i] ?? 0;
      buffer.add(bytes, (sample - block.first) * sampleBytes, data.labels[sample] ?? 0, sample);
      if (buffer.size === buffer.capacity) yield buffer.take(batchSize, random);
    }
  }
  while (buffer.size > 0) yield buffer.take(batchSize, random);
}

/** As many samples as fit in 64 MiB, at most 10,000. */
function defaultBufferSamples(sampleBytes: number): number {
  return Math.min(maxDefaultShuffleBufferSamples, Math.floor(defaultShuffleBufferBytes / sampleBytes));
}

function shuffleBlocks<T>(blocks: T[], random: () => number): void {
  const order = Int32Array.from(blocks.keys());
  shuffleInPlace(order, random);
  const copy = [...blocks];
  order.forEach((from, to) => {
    blocks[to] = copy[from] as T;
  });
}
