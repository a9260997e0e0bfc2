import type * as tfjs from "@tensorflow/tfjs";
import type { EpochMetrics } from "./train-model.js";

/** Tensors in TensorFlow.js's weights-file form: the manifest entries and the concatenated bytes. */
export interface EncodedTensors {
  specs: tfjs.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/**
 * Everything `trainModel` needs, besides the model's own weights, to continue after `epoch`
 * exactly as if it had not stopped: the same shuffles, dropout masks, optimizer moments, learning
 * rates, early-stopping counts and kept best weights. Plain data (no tensors): the caller stores it.
 */
export interface TrainingCheckpoint {
  /** Epochs completed (1-based count). */
  epoch: number;
  /**
   * Progress into epoch `epoch + 1` when training stopped in the middle of it (a stopping worker):
   * the batches done and their loss and correct-prediction sums; null at an epoch's end.
   */
  inEpoch: { batches: number; lossSum: number; correct: number } | null;
  /** Metrics of epochs 1..epoch, in order; replayed into the schedule, early stopping and model selection. */
  history: EpochMetrics[];
  /** State of the shuffling random stream. */
  randomState: number;
  /** State of the dropout-mask random stream. */
  maskRandomState: number;
  /**
   * The in-memory training order: after `epoch` epochs (each epoch shuffles the last), or, with
   * `inEpoch`, the order of the epoch in progress; null for streamed data.
   */
  order: Int32Array | null;
  /** The optimizer's variables (iterations, moments), in its own order. */
  optimizer: EncodedTensors;
  /**
   * Adam's running powers of beta1 and beta2, which its setWeights would otherwise recompute with
   * pow() (a last-bit difference that grows); null for other optimizers.
   */
  optimizerPowers: { accBeta1: number; accBeta2: number } | null;
  /** The best epoch's weights kept for modelSelection or restoreBestWeights; null when none is kept. */
  best: (EncodedTensors & { epoch: number }) | null;
}

/** Encodes named tensors (the caller still owns them). */
export async function encodeTensors(tf: typeof tfjs, tensors: { name: string; tensor: tfjs.Tensor }[]): Promise<EncodedTensors> {
  const encoded = await tf.io.encodeWeights(tensors);
  const data = Array.isArray(encoded.data) ? tf.io.concatenateArrayBuffers(encoded.data) : encoded.data;
  return { specs: encoded.specs, data };
}

/** Decodes tensors in their stored order; the caller disposes them. */
export function decodeTensors(tf: typeof tfjs, encoded: EncodedTensors): { name: string; tensor: tfjs.Tensor }[] {
  const map = tf.io.decodeWeights(encoded.data, encoded.specs);
  return encoded.specs.map((spec) => {
    const tensor = map[spec.name];
    if (tensor === undefined) throw new Error(`checkpoint tensor ${spec.name} is missing`);
    return { name: spec.name, tensor };
  });
}
