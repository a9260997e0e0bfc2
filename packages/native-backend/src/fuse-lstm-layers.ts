import * as tf from "@tensorflow/tfjs";
import { fusedLstmKernelName } from "./kernels/lstm.js";
import { nativeBackendName } from "./kernels/native-kernel.js";

/** The parts of tfjs-layers' LSTM and LSTMCell the fused path reads. */
interface LstmLayer {
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful?: boolean;
  cell: {
    units: number;
    useBias: boolean;
    dropout: number;
    recurrentDropout: number;
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    kernel: { read(): tf.Tensor };
    recurrentKernel: { read(): tf.Tensor };
    bias?: { read(): tf.Tensor } | null;
  };
}

type Kwargs = { mask?: unknown; initialState?: unknown; training?: boolean } | undefined;
type Call = (this: LstmLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) => tf.Tensor | tf.Tensor[];

let fused = false;

/**
 * Makes every tfjs-layers LSTM run as one {@link fusedLstmKernelName} kernel (forward and gradient)
 * while the native backend is active, instead of tfjs's step loop of about 140 small kernels per time
 * step. It changes LSTM's `call` in place, so models built any way (the seed RNN, layer lists, Keras
 * JSON, Bidirectional) gain it, and saved models are plain LSTMs. Layers it does not cover run as
 * before: masks, initial or returned states, stateful layers, dropout while training, activations
 * other than tanh with a hard or logistic sigmoid. Idempotent.
 */
export function fuseLstmLayers(): void {
  if (fused) return;
  fused = true;
  const prototype = Object.getPrototypeOf(tf.layers.lstm({ units: 1 })) as { call: Call };
  const original = prototype.call;
  prototype.call = function (this: LstmLayer, inputs, kwargs) {
    const x = fusableInput(this, inputs, kwargs);
    if (x === undefined) return original.call(this, inputs, kwargs);
    return tf.tidy(() => runFused(this, x));
  };
}

function fusableInput(layer: LstmLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | undefined {
  if (tf.getBackend() !== nativeBackendName) return undefined;
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
  if (x === undefined || x.rank !== 3 || x.dtype !== "float32" || x.size === 0) return undefined;
  if (kwargs?.mask != null || kwargs?.initialState != null || layer.stateful === true || layer.returnState) return undefined;
  const { cell } = layer;
  const training = kwargs?.training === true;
  if (training && (cell.dropout > 0 || cell.recurrentDropout > 0)) return undefined;
  if (cell.activation.getClassName() !== "tanh") return undefined;
  const gates = cell.recurrentActivation.getClassName();
  return gates === "hardSigmoid" || gates === "sigmoid" ? x : undefined;
}

function runFused(layer: LstmLayer, x: tf.Tensor): tf.Tensor {
  const { cell } = layer;
  const [batch = 0, steps = 0] = x.shape;
  const input = layer.goBackwards ? tf.reverse(x, 1) : x;
  const bias = cell.useBias && cell.bias != null ? cell.bias.read() : tf.zeros([4 * cell.units]);
  const inputs = { x: input, kernel: cell.kernel.read(), recurrentKernel: cell.recurrentKernel.read(), bias };
  const attrs = { hardSigmoid: cell.recurrentActivation.getClassName() === "hardSigmoid" };
  const [hs] = tf.engine().runKernel(fusedLstmKernelName, inputs, attrs) as tf.Tensor[];
  if (hs === undefined) throw new Error(`${fusedLstmKernelName} returned no output`);
  return layer.returnSequences ? hs : tf.reshape(tf.slice(hs, [0, steps - 1, 0], [batch, 1, cell.units]), [batch, cell.units]);
}
