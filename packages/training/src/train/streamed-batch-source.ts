import type * as tfjs from "@tensorflow/tfjs";
import type { BatchSource, BatchSourceOptions } from "./batch-source.js";
import type { Batch } from "./make-batch.js";
import type { RawBatch } from "./shuffle-buffer.js";
import { streamSamples } from "./stream-samples.js";
import type { StreamedDataset } from "./streamed-dataset.js";

const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Batches of a streamed dataset, read block by block through its reader (see `streamSamples`):
 * training epochs read the blocks in a new seeded order each epoch through a shuffle buffer;
 * scoring reads them in order. The whole feature data is never in memory.
 */
export class StreamedBatchSource implements BatchSource {
  readonly batchesPerEpoch: number;

  constructor(
    private readonly tf: typeof tfjs,
    private readonly data: StreamedDataset,
    private readonly inputShape: number[],
    private readonly options: BatchSourceOptions,
  ) {
    // The stored bytes are little-endian and are viewed as typed arrays without swapping.
    if (!hostIsLittleEndian) throw new Error("streamed datasets need a little-endian host");
    this.batchesPerEpoch = Math.ceil(options.train.length / options.batchSize);
  }

  async *trainingEpoch(): AsyncGenerator<Batch> {
    const { train, batchSize, random } = this.options;
    for await (const raw of streamSamples(this.data, train, { batchSize, random })) yield this.toTensors(raw);
  }

  async *scoringBatches(samples: Int32Array, size: number): AsyncGenerator<Batch> {
    const ascending = Int32Array.from(samples).sort();
    for await (const raw of streamSamples(this.data, ascending, { batchSize: size, random: null })) yield this.toTensors(raw);
  }

  /** As `makeBatch` does: uint8 scaled by 1/255 into float32, float32 as is, int32 ids as int32. */
  private toTensors(raw: RawBatch): Batch {
    const { dtype } = this.data;
    const { bytes, size } = raw;
    const shape = [size, ...this.inputShape];
    let xs: tfjs.Tensor;
    if (dtype === "uint8") {
      const scale = 1 / 255;
      const features = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) features[i] = (bytes[i] ?? 0) * scale;
      xs = this.tf.tensor(features, shape, "float32");
    } else if (dtype === "float32") {
      xs = this.tf.tensor(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), shape, "float32");
    } else {
      xs = this.tf.tensor(new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), shape, "int32");
    }
    return { xs, labels: this.tf.tensor1d(raw.labels, "int32"), size };
  }

  /** A shuffle buffer half drained cannot be saved: streamed data checkpoints at epoch ends only. */
  readonly canResumeMidEpoch = false;

  /** Each streamed epoch plans its blocks afresh from the random stream: nothing carries over. */
  trainingOrder(): null {
    return null;
  }

  restoreTrainingOrder(): void {}
}
