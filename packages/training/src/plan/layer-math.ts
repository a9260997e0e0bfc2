/**
 * Output shapes and parameter counts of layers, by formula, as TensorFlow.js 4.22 computes them.
 * Shapes are per sample (no batch dimension). Pure: nothing is allocated, so a model with billions
 * of parameters is measured as cheaply as a small one.
 */

/** A shape problem in one layer; the caller turns it into an InvalidInputError with a path. */
export class LayerShapeError extends Error {
  /** The layer's option at fault, e.g. "kernelSize", when one is. */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "LayerShapeError";
    this.field = field;
  }
}

/** A layer's output shape (per sample) and parameter count. */
export interface LayerResult {
  shape: number[];
  params: number;
}

/** tfjs 4.22 has no causal padding (Conv1D throws NotImplementedError). */
export type Padding = "valid" | "same";

/** Length after a window of `size` moved by `stride` (tfjs's convOutputLength); 0 when it does not fit. */
export function windowLength(length: number, size: number, stride: number, padding: Padding): number {
  if (padding === "same") return Math.ceil(length / stride);
  return length < size ? 0 : Math.floor((length - size) / stride) + 1;
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** "3x3" for [3, 3], "5" for [5]. */
export function describeSize(values: readonly number[]): string {
  return values.join("x");
}

function spatialOf(input: number[], rank: number, what: string): { spatial: number[]; channels: number } {
  if (input.length !== rank + 1) {
    const expected = rank === 1 ? "[steps, channels]" : "[height, width, channels]";
    throw new LayerShapeError(`${what} needs ${expected} samples, but its input is [${input.join(", ")}]`);
  }
  return { spatial: input.slice(0, rank), channels: input[rank] ?? 1 };
}

export interface ConvOptions {
  filters: number;
  kernelSize: number[];
  strides: number[];
  padding: Padding;
  useBias: boolean;
}

/** Conv1D (rank 1) or Conv2D (rank 2), channels last. */
export function convolution(input: number[], rank: 1 | 2, o: ConvOptions): LayerResult {
  const { spatial, channels } = spatialOf(input, rank, `a ${rank}-D convolution`);
  const out = spatial.map((d, i) => windowLength(d, o.kernelSize[i] ?? 1, o.strides[i] ?? 1, o.padding));
  if (out.some((d) => d < 1)) {
    throw new LayerShapeError(`kernel ${describeSize(o.kernelSize)} is larger than its input ${describeSize(spatial)}`, "kernelSize");
  }
  const params = product(o.kernelSize) * channels * o.filters + (o.useBias ? o.filters : 0);
  return { shape: [...out, o.filters], params };
}

export interface PoolOptions {
  poolSize: number[];
  strides: number[];
  padding: Padding;
}

/** MaxPooling / AveragePooling in 1-D or 2-D. */
export function pooling(input: number[], rank: 1 | 2, o: PoolOptions): LayerResult {
  const { spatial, channels } = spatialOf(input, rank, `${rank}-D pooling`);
  const out = spatial.map((d, i) => windowLength(d, o.poolSize[i] ?? 1, o.strides[i] ?? 1, o.padding));
  if (out.some((d) => d < 1)) {
    throw new LayerShapeError(`pool size ${describeSize(o.poolSize)} is larger than its input ${describeSize(spatial)}`, "poolSize");
  }
  return { shape: [...out, channels], params: 0 };
}

/** GlobalAveragePooling / GlobalMaxPooling in 1-D or 2-D: one value per channel. */
export function globalPooling(input: number[], rank: 1 | 2): LayerResult {
  const { channels } = spatialOf(input, rank, `${rank}-D global pooling`);
  return { shape: [channels], params: 0 };
}

/** Dense on the last axis (tfjs applies it to every position of a longer input). */
export function dense(input: number[], units: number, useBias: boolean): LayerResult {
  const features = input[input.length - 1];
  if (features === undefined) throw new LayerShapeError("a dense layer needs an input with at least one axis");
  return { shape: [...input.slice(0, -1), units], params: features * units + (useBias ? units : 0) };
}

export function flatten(input: number[]): LayerResult {
  if (input.length < 2) {
    throw new LayerShapeError(`flatten needs samples with at least 2 axes, but its input [${input.join(", ")}] is already flat`);
  }
  return { shape: [product(input)], params: 0 };
}

export function embedding(input: number[], inputDim: number, outputDim: number): LayerResult {
  return { shape: [...input, outputDim], params: inputDim * outputDim };
}

export type RecurrentCell = "lstm" | "gru" | "simple";

const gates: Record<RecurrentCell, number> = { lstm: 4, gru: 3, simple: 1 };

/**
 * LSTM, GRU (tfjs 4.22 has only reset_after = false: 3 gates, one bias each) or SimpleRNN over
 * [steps, features]: gates x (units x (features + units) + units).
 */
export function recurrent(input: number[], cell: RecurrentCell, units: number, returnSequences: boolean, useBias = true): LayerResult {
  if (input.length !== 2) {
    throw new LayerShapeError(`a recurrent layer needs [steps, features] samples, but its input is [${input.join(", ")}]`);
  }
  const [steps = 1, features = 1] = input;
  const params = gates[cell] * (units * (features + units) + (useBias ? units : 0));
  return { shape: returnSequences ? [steps, units] : [units], params };
}

export type MergeMode = "concat" | "sum" | "mul" | "ave";

/** Bidirectional around a recurrent layer's result: twice the weights, last axis doubled by concat. */
export function bidirectional(inner: LayerResult, mergeMode: MergeMode): LayerResult {
  const shape = [...inner.shape];
  if (mergeMode === "concat") shape[shape.length - 1] = (shape[shape.length - 1] ?? 0) * 2;
  return { shape, params: inner.params * 2 };
}

/** BatchNormalization on the last axis: gamma and beta (trainable), moving mean and variance (not). */
export function batchNormalization(input: number[], center = true, scale = true): LayerResult {
  const channels = input[input.length - 1];
  if (channels === undefined) throw new LayerShapeError("batch normalization needs an input with at least one axis");
  return { shape: [...input], params: channels * (2 + (center ? 1 : 0) + (scale ? 1 : 0)) };
}

/** Reshape; one -1 in the target takes what is left. */
export function reshape(input: number[], target: number[]): LayerResult {
  const size = product(input);
  const unknown = target.filter((d) => d === -1).length;
  const known = product(target.filter((d) => d !== -1));
  if (unknown > 1 || target.some((d) => d === 0 || d < -1)) {
    throw new LayerShapeError(`target shape [${target.join(", ")}] may hold positive sizes and at most one -1`, "targetShape");
  }
  if (unknown === 1 ? size % known !== 0 : known !== size) {
    throw new LayerShapeError(`cannot reshape [${input.join(", ")}] (${size} values) to [${target.join(", ")}]`, "targetShape");
  }
  return { shape: target.map((d) => (d === -1 ? size / known : d)), params: 0 };
}

/** Layers that keep their input's shape and have no weights (dropout, activations). */
export function passThrough(input: number[]): LayerResult {
  return { shape: [...input], params: 0 };
}
