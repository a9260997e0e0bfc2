import type * as tfjs from "@tensorflow/tfjs";
import { decodeTensors, type EncodedTensors, type EpochMetrics, type TrainingCheckpoint } from "@trainyard/training";

/** The state of a checkpoint besides the model: state.json (this) and the bytes it points into (state.bin). */
interface StateJson {
  format: 1;
  epoch: number;
  inEpoch: TrainingCheckpoint["inEpoch"];
  history: EpochMetrics[];
  randomState: number;
  maskRandomState: number;
  optimizer: { specs: tfjs.io.WeightsManifestEntry[]; offset: number; length: number };
  optimizerPowers: TrainingCheckpoint["optimizerPowers"];
  best: { epoch: number; specs: tfjs.io.WeightsManifestEntry[]; offset: number; length: number } | null;
  /** Int32 little-endian training order, or null. */
  order: { offset: number; count: number } | null;
}

/** Splits a checkpoint's state into state.json and state.bin (optimizer variables, best weights, order). */
export function encodeCheckpointState(checkpoint: TrainingCheckpoint): { json: Uint8Array; bin: Uint8Array } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const add = (bytes: Uint8Array): { offset: number; length: number } => {
    const at = { offset, length: bytes.byteLength };
    parts.push(bytes);
    offset += bytes.byteLength;
    return at;
  };
  const optimizer = { specs: checkpoint.optimizer.specs, ...add(new Uint8Array(checkpoint.optimizer.data)) };
  const best = checkpoint.best === null ? null : { epoch: checkpoint.best.epoch, specs: checkpoint.best.specs, ...add(new Uint8Array(checkpoint.best.data)) };
  const order = checkpoint.order === null ? null : { offset: add(new Uint8Array(Int32Array.from(checkpoint.order).buffer)).offset, count: checkpoint.order.length };
  const state: StateJson = {
    format: 1,
    epoch: checkpoint.epoch,
    inEpoch: checkpoint.inEpoch,
    history: checkpoint.history,
    randomState: checkpoint.randomState,
    maskRandomState: checkpoint.maskRandomState,
    optimizer,
    optimizerPowers: checkpoint.optimizerPowers,
    best,
    order,
  };
  const bin = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    bin.set(part, at);
    at += part.byteLength;
  }
  return { json: new TextEncoder().encode(JSON.stringify(state)), bin };
}

/** Rebuilds a checkpoint's state from state.json and state.bin. */
export function decodeCheckpointState(json: Uint8Array, bin: Uint8Array): TrainingCheckpoint {
  const state = JSON.parse(new TextDecoder().decode(json)) as StateJson;
  if (state.format !== 1) throw new Error(`unknown checkpoint state format ${String(state.format)}`);
  // A copy: `bin` may be a Buffer, whose slice is a view into a larger pool.
  const slice = (offset: number, length: number): ArrayBuffer => new Uint8Array(bin.subarray(offset, offset + length)).buffer;
  const encoded = (part: { specs: tfjs.io.WeightsManifestEntry[]; offset: number; length: number }): EncodedTensors => ({ specs: part.specs, data: slice(part.offset, part.length) });
  return {
    epoch: state.epoch,
    inEpoch: state.inEpoch ?? null,
    history: state.history,
    randomState: state.randomState,
    maskRandomState: state.maskRandomState,
    order: state.order === null ? null : new Int32Array(slice(state.order.offset, state.order.count * 4)),
    optimizer: encoded(state.optimizer),
    optimizerPowers: state.optimizerPowers,
    best: state.best === null ? null : { epoch: state.best.epoch, ...encoded(state.best) },
  };
}

/** The model weights a saved model.json + weights.bin hold, in the model's weight order; the caller disposes them. */
export function decodeModelWeights(tf: typeof tfjs, modelJson: Uint8Array, weights: Uint8Array): tfjs.Tensor[] {
  const parsed = JSON.parse(new TextDecoder().decode(modelJson)) as tfjs.io.ModelJSON;
  const specs = parsed.weightsManifest.flatMap((group) => group.weights);
  const data = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return decodeTensors(tf, { specs, data }).map((t) => t.tensor);
}
