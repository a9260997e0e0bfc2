import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { fusedLstmGradKernelName, fusedLstmKernelName } from "./kernels/lstm.js";
import { assertMatchesCpu, randomTensor } from "./test-support/compare-backends.js";

type LstmArgs = Parameters<typeof tf.layers.lstm>[0];

/** An LSTM layer with seeded weights (the recurrent kernel random too, so every product matters). */
function lstm(args: Partial<LstmArgs>): tf.layers.Layer {
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.8, maxval: 0.8, seed });
  return tf.layers.lstm({ units: 6, kernelInitializer: init(1), recurrentInitializer: init(2), biasInitializer: init(3), ...args });
}

/** The layer's output, and the gradients of a loss on it with respect to its input and every weight. */
function outputAndGradients(layer: tf.layers.Layer, x: tf.Tensor, kwargs: Record<string, unknown> = {}): tf.Tensor[] {
  const y = layer.apply(x, kwargs) as tf.Tensor;
  const loss = (input: tf.Tensor) => (layer.apply(input, kwargs) as tf.Tensor).mul(randomTensor(y.shape, 9)).sum() as tf.Scalar;
  const [dx] = tf.grads(loss)([x]);
  const { grads } = tf.variableGrads(() => loss(x));
  return [y, dx as tf.Tensor, ...Object.keys(grads).sort().map((name) => grads[name] as tf.Tensor)];
}

const fused = [fusedLstmKernelName, fusedLstmGradKernelName];

describe("LSTM layers on the native backend", () => {
  const cases: [string, Partial<LstmArgs>, number[]][] = [
    ["the last output, hard sigmoid gates", {}, [4, 9, 5]],
    ["every step's output", { returnSequences: true }, [3, 7, 4]],
    ["logistic sigmoid gates", { recurrentActivation: "sigmoid" }, [3, 6, 4]],
    ["going backwards", { goBackwards: true, returnSequences: true }, [2, 5, 3]],
    ["no bias", { useBias: false }, [2, 5, 3]],
    ["batch 1, two steps", {}, [1, 2, 2]],
    ["the seed RNN's sizes", { units: 64 }, [8, 100, 64]],
  ];
  for (const [name, args, shape] of cases) {
    test(`run fused and match the cpu backend: ${name}, x [${shape}]`, async () => {
      await assertMatchesCpu(() => outputAndGradients(lstm(args), randomTensor(shape, 7, -2, 2)), { relative: 1e-5, natively: fused });
    });
  }
  test("run fused inside Bidirectional and match the cpu backend", async () => {
    await assertMatchesCpu(() => outputAndGradients(tf.layers.bidirectional({ layer: lstm({}) as tf.RNN, mergeMode: "concat" }), randomTensor([3, 6, 4], 8)), { natively: fused });
  });
  test("run tfjs's step loop, still matching the cpu backend, for what the fused kernel does not cover", async () => {
    await assertMatchesCpu(() => {
      const withState = lstm({ returnState: true });
      const x = randomTensor([2, 4, 3], 10);
      return [...(withState.apply(x) as tf.Tensor[]), lstm({ activation: "relu" }).apply(x) as tf.Tensor];
    }, { notNatively: fused });
  });
});
