import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DatasetFormatError } from "@trainyard/domain";
import { planSampleBlocks } from "./plan-sample-blocks.js";
import { createSeededRandom } from "./seeded-random.js";
import { ShuffleBuffer, type RawBatch } from "./shuffle-buffer.js";
import { splitIndices } from "./split-indices.js";
import { streamFromMemory } from "./stream-from-memory.js";
import { streamSamples } from "./stream-samples.js";
import type { StreamedDataset } from "./streamed-dataset.js";
import { makeBlobs } from "./test-support/training-fixtures.js";

// 600 samples of 8 float32 (32 bytes): blocks of 10 samples, a buffer of 50.
const blobs = makeBlobs({ count: 600, features: 8, numClasses: 3, seed: 4 });
const data = streamFromMemory(blobs, { blockBytes: 320, shuffleBufferSamples: 50 });
const split = splitIndices({ labels: blobs.labels, count: blobs.count, validationSplit: 0.2, seed: 9, stratify: false });

async function collect(source: AsyncGenerator<RawBatch>): Promise<RawBatch[]> {
  const batches: RawBatch[] = [];
  for await (const batch of source) batches.push(batch);
  return batches;
}

const order = (batches: RawBatch[]): number[] => batches.flatMap((b) => [...b.samples]);

describe("streamSamples", () => {
  test("yields each training sample exactly once per epoch, in a seeded order that changes every epoch", async () => {
    const random = createSeededRandom(11);
    const first = await collect(streamSamples(data, split.train, { batchSize: 16, random }));
    const second = await collect(streamSamples(data, split.train, { batchSize: 16, random }));
    for (const epoch of [first, second]) {
      assert.deepEqual([...order(epoch)].sort((a, b) => a - b), [...split.train]);
      assert.deepEqual(epoch.map((b) => b.size), [...Array(29).fill(16), 480 - 29 * 16]);
    }
    assert.notDeepEqual(order(first), order(second));
    assert.notDeepEqual(order(first), [...split.train], "the first epoch is shuffled too");

    const again = createSeededRandom(11);
    assert.deepEqual(order(await collect(streamSamples(data, split.train, { batchSize: 16, random: again }))), order(first));
    assert.deepEqual(order(await collect(streamSamples(data, split.train, { batchSize: 16, random: again }))), order(second));
    const other = await collect(streamSamples(data, split.train, { batchSize: 16, random: createSeededRandom(12) }));
    assert.notDeepEqual(order(other), order(first));
  });

  test("mixes samples from far apart: a batch spans several blocks", async () => {
    const [batch] = await collect(streamSamples(data, split.train, { batchSize: 16, random: createSeededRandom(3) }));
    const blocks = new Set([...(batch?.samples ?? [])].map((s) => Math.floor(s / 10)));
    assert.ok(blocks.size >= 4, `the first batch came from ${blocks.size} blocks`);
  });

  test("carries each sample's own bytes and label", async () => {
    const batches = await collect(streamSamples(data, split.train, { batchSize: 7, random: createSeededRandom(5) }));
    for (const batch of batches) {
      const values = new Float32Array(batch.bytes.buffer, batch.bytes.byteOffset, batch.size * 8);
      batch.samples.forEach((sample, i) => {
        assert.deepEqual([...values.subarray(i * 8, i * 8 + 8)], [...blobs.features.subarray(sample * 8, sample * 8 + 8)]);
        assert.equal(batch.labels[i], blobs.labels[sample]);
      });
    }
  });

  test("without a random source, yields the samples in ascending order in full batches", async () => {
    const batches = await collect(streamSamples(data, split.validation, { batchSize: 25, random: null }));
    assert.deepEqual(order(batches), [...split.validation]);
    assert.deepEqual(batches.map((b) => b.size), [25, 25, 25, 25, 20]);
  });

  test("reads the next block while the current one is consumed, never more than one read at a time", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let started = 0;
    const counted: StreamedDataset = {
      ...data,
      shuffleBufferSamples: 1,
      readSamples: async (first, count) => {
        started++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return data.readSamples(first, count);
      },
    };
    const all = Int32Array.from({ length: 100 }, (_, i) => i);
    const startedAtBatch: number[] = [];
    for await (const batch of streamSamples(counted, all, { batchSize: 10, random: null })) {
      startedAtBatch.push(started);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(batch.size, 10);
    }
    assert.equal(maxInFlight, 1);
    // Batch k (0-based) is block k; by then block k + 1 is being read.
    assert.deepEqual(startedAtBatch, [2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
  });

  test("reads only the span of wanted samples in each block", async () => {
    const reads: [number, number][] = [];
    const logged: StreamedDataset = { ...data, readSamples: (first, count) => (reads.push([first, count]), data.readSamples(first, count)) };
    await collect(streamSamples(logged, Int32Array.from([2, 5, 13, 30, 31, 39]), { batchSize: 4, random: null }));
    assert.deepEqual(reads, [[2, 4], [13, 1], [30, 10]]);
  });

  test("fails with DatasetFormatError when the stored features are shorter than the sample count", async () => {
    const short: StreamedDataset = { ...data, readSamples: async (first, count) => (await data.readSamples(first, count)).subarray(0, 10) };
    await assert.rejects(collect(streamSamples(short, split.train, { batchSize: 8, random: createSeededRandom(1) })), DatasetFormatError);
  });

  test("stops cleanly when the consumer breaks off while a read is failing", async () => {
    let calls = 0;
    const failing: StreamedDataset = {
      ...data,
      readSamples: async (first, count) => {
        if (++calls > 1) throw new Error("storage went away");
        return data.readSamples(first, count);
      },
    };
    for await (const batch of streamSamples(failing, Int32Array.from({ length: 30 }, (_, i) => i), { batchSize: 5, random: null })) {
      assert.equal(batch.size, 5);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe("ShuffleBuffer", () => {
  test("draws a seeded random permutation, or keeps insertion order without a random source", () => {
    const fill = (buffer: ShuffleBuffer) => {
      for (let i = 0; i < 10; i++) buffer.add(Uint8Array.of(i, 100 + i), 0, i % 3, i);
    };
    const shuffled = new ShuffleBuffer(10, 2);
    fill(shuffled);
    const drawn = shuffled.take(10, createSeededRandom(1));
    assert.deepEqual([...drawn.samples].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual([...drawn.samples], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    drawn.samples.forEach((s, i) => {
      assert.deepEqual([drawn.bytes[i * 2], drawn.bytes[i * 2 + 1], drawn.labels[i]], [s, 100 + s, s % 3]);
    });
    const again = new ShuffleBuffer(10, 2);
    fill(again);
    assert.deepEqual([...again.take(10, createSeededRandom(1)).samples], [...drawn.samples]);

    const fifo = new ShuffleBuffer(10, 2);
    fill(fifo);
    assert.deepEqual([...fifo.take(4, null).samples], [0, 1, 2, 3]);
    fifo.add(Uint8Array.of(42, 142), 0, 0, 42);
    assert.deepEqual([...fifo.take(20, null).samples], [4, 5, 6, 7, 8, 9, 42]);
    assert.equal(fifo.size, 0);
    assert.throws(() => {
      const full = new ShuffleBuffer(1, 1);
      full.add(Uint8Array.of(1), 0, 0, 0);
      full.add(Uint8Array.of(2), 0, 0, 1);
    }, RangeError);
  });
});

test("planSampleBlocks groups ascending samples by block and refuses unsorted ones", () => {
  assert.deepEqual(planSampleBlocks(Int32Array.from([0, 3, 4, 9, 20]), 4), [
    { first: 0, count: 4, from: 0, to: 2 },
    { first: 4, count: 1, from: 2, to: 3 },
    { first: 9, count: 1, from: 3, to: 4 },
    { first: 20, count: 1, from: 4, to: 5 },
  ]);
  assert.deepEqual(planSampleBlocks(new Int32Array(0), 4), []);
  assert.throws(() => planSampleBlocks(Int32Array.from([3, 1]), 4), RangeError);
});
