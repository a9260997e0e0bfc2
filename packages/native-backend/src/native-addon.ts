declare const handleBrand: unique symbol;

/** A tensor's storage in native memory (native/native-buffers.h); an opaque napi_external. */
export type NativeHandle = { readonly [handleBrand]: true };

/** Float data a native function reads or writes: a JavaScript array or native storage. */
export type Float32Data = Float32Array | NativeHandle;

/**
 * The addon's functions (native/kernels.h). Each writes into the output array it is given; shapes are
 * passed as numbers and checked again in C++ against the arrays' lengths.
 */
export interface NativeAddon {
  /** out[i] = act(op(a[i]) x op(b[i]) + bias) for i < batch; a batch stride of 0 broadcasts that operand. activation: 0 linear, 1 relu. */
  matMul(
    a: Float32Data, b: Float32Data, out: Float32Data,
    batch: number, aBatchStride: number, bBatchStride: number,
    m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
    bias: Float32Data | null, activation: 0 | 1,
  ): void;
  /** NHWC x, HWIO filter; geometry as in {@link convGeometry}. */
  conv2d(x: Float32Data, filter: Float32Data, bias: Float32Data | null, out: Float32Data, geometry: Int32Array, relu: boolean): void;
  conv2dBackpropInput(dy: Float32Data, filter: Float32Data, dx: Float32Data, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Data, dy: Float32Data, dw: Float32Data, geometry: Int32Array): void;
  maxPool(x: Float32Data, out: Float32Data, geometry: Int32Array): void;
  maxPoolGrad(dy: Float32Data, x: Float32Data, dx: Float32Data, geometry: Int32Array): void;
  /** x viewed as [outer, reduce, inner]: out[outer, inner] = sum over reduce. */
  reduceSum(x: Float32Data, out: Float32Data, outer: number, reduce: number, inner: number): void;
  /** out[o, i, :] = x[o, indices[i], :]. */
  gather(x: Float32Data, indices: Int32Array, out: Float32Data, outer: number, rows: number, inner: number, count: number): void;
  unsortedSegmentSum(x: Float32Data, segmentIds: Int32Array, out: Float32Data, count: number, inner: number, numSegments: number): void;
  /** out = op(x) elementwise; op codes in src/kernels/elementwise.ts. */
  unary(op: number, x: Float32Data, out: Float32Data, n: number, alpha: number, beta: number): void;
  /** out[i] = op(a[(i / aDiv) % aMod], b[(i / bDiv) % bMod]). */
  binary(op: number, a: Float32Data, aDiv: number, aMod: number, b: Float32Data, bDiv: number, bMod: number, out: Float32Data, n: number): void;
  /** As {@link binary}, for comparisons with a bool (Uint8Array) output. */
  compare(op: number, a: Float32Data, aDiv: number, aMod: number, b: Float32Data, bDiv: number, bMod: number, out: Uint8Array, n: number): void;
  /** out[i] = condition[i] ? t[i] : e[i]. */
  select(condition: Uint8Array, t: Float32Data, e: Float32Data, out: Float32Data, n: number): void;
  logicalAnd(a: Uint8Array, b: Uint8Array, out: Uint8Array, n: number): void;
  /** Copies the block at `begin` of extent `size` out of x (of `shape`). */
  slice(x: Float32Data, out: Float32Data, rank: number, shape: Int32Array, begin: Int32Array, size: Int32Array): void;
  /** out's axis d is x's axis perm[d]. */
  transpose(x: Float32Data, out: Float32Data, rank: number, shape: Int32Array, perm: Int32Array): void;
  /**
   * A whole LSTM sequence (native/lstm.cc): x [B, T, D], kernel [D, 4U], recurrentKernel [U, 4U],
   * bias [4U]; writes hs [B, T, U] and, for the backward pass, zs [T, B, 4U] and cs [T, B, U].
   */
  lstmForward(
    x: Float32Data, kernel: Float32Data, recurrentKernel: Float32Data, bias: Float32Data,
    hs: Float32Data, zs: Float32Data, cs: Float32Data,
    batch: number, steps: number, features: number, units: number, hardSigmoid: boolean,
  ): void;
  /** The gradients of {@link lstmForward} given dhs [B, T, U]. */
  lstmBackward(
    dhs: Float32Data, x: Float32Data, kernel: Float32Data, recurrentKernel: Float32Data,
    hs: Float32Data, zs: Float32Data, cs: Float32Data,
    dx: Float32Data, dKernel: Float32Data, dRecurrentKernel: Float32Data, dBias: Float32Data,
    batch: number, steps: number, features: number, units: number, hardSigmoid: boolean,
  ): void;
  /** One Adam step of one variable (native/adam.cc): writes newValue, newM, newV. */
  adamUpdate(
    value: Float32Data, m: Float32Data, v: Float32Data, gradient: Float32Data,
    oneMinusAccBeta1: Float32Data, oneMinusAccBeta2: Float32Data,
    newValue: Float32Data, newM: Float32Data, newV: Float32Data, n: number,
    beta1: number, beta2: number, learningRate: number, epsilon: number,
  ): void;
  /** Native storage for `count` floats, uninitialized (recycled from released buffers of the same size). */
  allocate(count: number): NativeHandle;
  /** The tensor is done with `handle`'s storage; views of it keep it alive until they are collected. */
  release(handle: NativeHandle): void;
  /** A Float32Array over `handle`'s storage (no copy), which keeps the storage alive until collected. */
  view(handle: NativeHandle): Float32Array;
  /** Allocations served from idle memory (`reused`) and not (`fresh`), bytes held by tensors and views, and idle bytes. */
  poolStats(): { reused: number; fresh: number; liveBytes: number; idleBytes: number };
  /** Sets the OpenMP thread count when `count` > 0; returns the count in use. */
  threads(count: number): number;
}
