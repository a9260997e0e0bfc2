import type * as tfjs from "@tensorflow/tfjs";
import { createSeededRandom } from "../train/seeded-random.js";
import { orthogonalValues } from "./orthogonal-values.js";

export interface RecurrentInitOptions {
  /** Seed of the orthogonal draws; random when absent. Kernel k of the layer uses `seed + 7919 * k`. */
  seed?: number;
  /** Fill the recurrent kernels with orthogonal values, default true. */
  orthogonalKernels?: boolean;
  /** Scale of the orthogonal recurrent kernels, default 1. */
  gain?: number;
  /** Set an LSTM's forget-gate biases to 1 (Keras's unit_forget_bias), default false. */
  lstmForgetBias?: boolean;
}

/**
 * Gives a recurrent layer (or a Bidirectional around one) the weights Keras would start it with,
 * after it was built with zeros there:
 * - recurrent kernels: random orthogonal values (computed in JS: tfjs's Orthogonal runs a slow
 *   tensor QR, about 10 s for one 256-unit LSTM on wasm, and warns on the console);
 * - LSTM biases: the forget gate's quarter set to 1 (tfjs's own unitForgetBias initializer leaks
 *   4 tensors per LSTM in tfjs 4.22);
 * - with a seed, a Bidirectional's backward input kernel: a Glorot-uniform draw of its own (tfjs
 *   clones the forward layer's config, seed included, so both would start equal).
 */
export function initializeRecurrentWeights(tf: typeof tfjs, layer: tfjs.layers.Layer, options: RecurrentInitOptions = {}): void {
  let k = 0;
  for (const weight of layer.weights) {
    const [rows = 1, cols = 1] = weight.shape as number[];
    let values: tfjs.Tensor | undefined;
    const name = weight.originalName;
    if (options.orthogonalKernels !== false && name.endsWith("recurrent_kernel")) {
      k++;
      const random = options.seed === undefined ? Math.random : createSeededRandom(options.seed + 7919 * k);
      values = tf.tensor(orthogonalValues(rows, cols, random, options.gain ?? 1), [rows, cols]);
    } else if (options.seed !== undefined && name.includes("/backward_") && name.endsWith("/kernel")) {
      values = tf.initializers.glorotUniform({ seed: options.seed + 104_729 }).apply([rows, cols]);
    } else if (options.lstmForgetBias === true && name.endsWith("/bias")) {
      const bias = Float32Array.from(weight.read().dataSync());
      bias.fill(1, rows / 4, rows / 2);
      values = tf.tensor(bias, [rows]);
    }
    if (values === undefined) continue;
    try {
      weight.write(values);
    } finally {
      values.dispose();
    }
  }
}
