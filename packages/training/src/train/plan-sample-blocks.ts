/**
 * A run of wanted samples that lie in one block of the dataset: bytes of samples
 * `[first, first + count)` are read at once, and `samples[from..to)` are the wanted ones in it.
 */
export interface SampleBlock {
  first: number;
  count: number;
  from: number;
  to: number;
}

/**
 * Groups ascending sample indices by the block of `blockSamples` samples they fall in (block k
 * holds samples `k * blockSamples` to `(k + 1) * blockSamples - 1`). Each block reads only from its
 * first to its last wanted sample, so a sparse selection (a validation part) reads less.
 * @throws RangeError when `samples` is not strictly ascending.
 */
export function planSampleBlocks(samples: Int32Array, blockSamples: number): SampleBlock[] {
  const blocks: SampleBlock[] = [];
  let block = -1;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] ?? 0;
    if (i > 0 && sample <= (samples[i - 1] ?? 0)) throw new RangeError(`sample indices must ascend; ${sample} follows ${samples[i - 1]}`);
    const k = Math.floor(sample / blockSamples);
    const last = blocks[blocks.length - 1];
    if (k !== block || last === undefined) {
      blocks.push({ first: sample, count: 1, from: i, to: i + 1 });
      block = k;
    } else {
      last.count = sample - last.first + 1;
      last.to = i + 1;
    }
  }
  return blocks;
}
