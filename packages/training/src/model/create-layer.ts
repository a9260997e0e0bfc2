import type * as tfjs from "@tensorflow/tfjs";
import type { RegularizerSpec } from "@trainyard/contracts";
import type { LayerDef } from "../plan/layer-def.js";

export interface CreateLayerOptions {
  /** The sample shape, for the model's first layer only. */
  inputShape?: number[];
  /** Seed of this layer's random initializers; random when absent. */
  seed?: number;
}

/**
 * The tfjs layer for a resolved layer. Kernels start Glorot-uniform (Keras's default, for every
 * layer: tfjs would give a GRU Glorot-normal) and embeddings uniform in [-0.05, 0.05], both seeded
 * when `seed` is given; recurrent kernels start at zeros and LSTM biases without the forget-gate
 * ones: `initializeRecurrentWeights` fills both in afterwards. Dropout layers take no seed: a fixed seed would draw the
 * same mask at every step.
 */
export function createLayer(tf: typeof tfjs, def: LayerDef, options: CreateLayerOptions = {}): tfjs.layers.Layer {
  const base = { name: def.name, ...(options.inputShape === undefined ? {} : { inputShape: options.inputShape }) };
  const kernelInitializer = tf.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed });
  const kernel = (regularizer: RegularizerSpec | undefined) => ({ kernelInitializer, ...(regularizer === undefined ? {} : { kernelRegularizer: toRegularizer(tf, regularizer) }) });
  switch (def.kind) {
    case "dense":
      return tf.layers.dense({ ...base, units: def.units, activation: def.activation, useBias: def.useBias, ...kernel(def.kernelRegularizer) });
    case "conv": {
      const args = { ...base, filters: def.filters, padding: def.padding, activation: def.activation, ...kernel(def.kernelRegularizer) };
      return def.rank === 1
        ? tf.layers.conv1d({ ...args, kernelSize: def.kernelSize[0] ?? 1, strides: def.strides[0] ?? 1 })
        : tf.layers.conv2d({ ...args, kernelSize: def.kernelSize, strides: def.strides });
    }
    case "pool": {
      const { padding } = def;
      if (def.rank === 1) {
        const args = { ...base, poolSize: def.poolSize[0] ?? 1, strides: def.strides[0] ?? 1, padding };
        return def.mode === "max" ? tf.layers.maxPooling1d(args) : tf.layers.averagePooling1d(args);
      }
      const args = { ...base, poolSize: def.poolSize as [number, number], strides: def.strides as [number, number], padding };
      return def.mode === "max" ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args);
    }
    case "globalAveragePooling":
      return def.rank === 1 ? tf.layers.globalAveragePooling1d(base) : tf.layers.globalAveragePooling2d(base);
    case "flatten":
      return tf.layers.flatten(base);
    case "dropout":
      return tf.layers.dropout({ ...base, rate: def.rate });
    case "batchNormalization":
      return tf.layers.batchNormalization({ ...base, momentum: def.momentum, epsilon: def.epsilon });
    case "embedding": {
      const embeddingsInitializer = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, ...(options.seed === undefined ? {} : { seed: options.seed }) });
      const regularizer = def.embeddingsRegularizer === undefined ? {} : { embeddingsRegularizer: toRegularizer(tf, def.embeddingsRegularizer) };
      return tf.layers.embedding({ ...base, inputDim: def.inputDim, outputDim: def.outputDim, embeddingsInitializer, ...regularizer });
    }
    case "recurrent": {
      const { units, returnSequences, dropout, recurrentDropout } = def;
      const cellArgs = { units, returnSequences, dropout, recurrentDropout, recurrentInitializer: "zeros" as const, ...kernel(def.kernelRegularizer) };
      if (def.bidirectional === undefined) return recurrentLayer(tf, def.cell, { ...base, ...cellArgs });
      const layer = recurrentLayer(tf, def.cell, { name: `${def.name}_${def.cell}`, ...cellArgs }) as tfjs.RNN;
      return tf.layers.bidirectional({ ...base, layer, mergeMode: def.bidirectional });
    }
    case "reshape":
      return tf.layers.reshape({ ...base, targetShape: def.targetShape });
    case "activation":
      return tf.layers.activation({ ...base, activation: def.activation });
  }
}

type RecurrentArgs = Parameters<typeof tfjs.layers.lstm>[0];

function recurrentLayer(tf: typeof tfjs, cell: "lstm" | "gru" | "simple", args: RecurrentArgs): tfjs.layers.Layer {
  if (cell === "lstm") return tf.layers.lstm(args);
  return cell === "gru" ? tf.layers.gru(args) : tf.layers.simpleRNN(args);
}

/** An L1/L2 kernel penalty (a missing factor is 0). */
export function toRegularizer(tf: typeof tfjs, spec: RegularizerSpec): ReturnType<typeof tfjs.regularizers.l1l2> {
  return tf.regularizers.l1l2({ l1: spec.l1 ?? 0, l2: spec.l2 ?? 0 });
}
