import { DatasetFormatError } from "@trainyard/domain";
import type { SampleBlock } from "./plan-sample-blocks.js";
import type { SampleReader } from "./streamed-dataset.js";

/**
 * Reads `blocks` in the given order, one ahead: the next block's read is under way while the
 * caller works on the current one, so at most two blocks are in memory. Stopping early (break,
 * throw) leaves no unhandled rejection behind.
 * @throws DatasetFormatError when a read returns other than the block's bytes (truncated data).
 */
export async function* readBlocksAhead(
  read: SampleReader,
  blocks: readonly SampleBlock[],
  sampleBytes: number,
): AsyncGenerator<{ block: SampleBlock; bytes: Uint8Array }> {
  const start = (block: SampleBlock): Promise<Uint8Array> => {
    const reading = read(block.first, block.count).then((bytes) => {
      const expected = block.count * sampleBytes;
      if (bytes.byteLength !== expected) {
        throw new DatasetFormatError(
          `samples ${block.first}..${block.first + block.count - 1} read as ${bytes.byteLength} bytes, expected ${expected}: the stored features are shorter than the dataset's sample count`,
          { file: "x.bin", byteOffset: block.first * sampleBytes + bytes.byteLength },
        );
      }
      return bytes;
    });
    // Handled when awaited below; this only keeps an abandoned read from crashing the process.
    reading.catch(() => undefined);
    return reading;
  };
  let next = blocks[0] === undefined ? undefined : start(blocks[0]);
  for (let i = 0; i < blocks.length && next !== undefined; i++) {
    const bytes = await next;
    const following = blocks[i + 1];
    next = following === undefined ? undefined : start(following);
    yield { block: blocks[i] as SampleBlock, bytes };
  }
}
