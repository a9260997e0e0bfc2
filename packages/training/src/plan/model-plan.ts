/** What a model is shaped like for a dataset: computed without TensorFlow.js and without weights. */
export interface ModelPlan {
  /** Shape of one sample as the model sees it (no batch dimension), e.g. [28, 28, 1]. */
  inputShape: number[];
  /** Layers in order, input layer excluded, as `model.summary()` lists them. */
  layers: LayerPlan[];
  /**
   * Sum of `params` over all layers: every weight, trainable or not, as tfjs's
   * `model.countParams()` and the "Total params" line of `model.summary()` count them.
   */
  totalParams: number;
  /** The last layer: how many units it has and its activation. */
  output: OutputPlan;
  /**
   * The loss that fits the output: binary cross-entropy for 1 sigmoid unit, sparse categorical
   * cross-entropy for one softmax unit per class. The job's `training.loss` may override it.
   */
  loss: DefaultLoss;
}

export interface LayerPlan {
  /** Layer name; the built model uses the same one. */
  name: string;
  /** Keras class name, e.g. "Conv2D". */
  className: string;
  /** Output shape with the batch dimension first (null). */
  outputShape: (number | null)[];
  /**
   * Parameter count: every weight of the layer, trainable or not (BatchNormalization's moving mean
   * and variance included: 4 per channel), as tfjs's `layer.countParams()`.
   */
  params: number;
}

/** The model's output layer. */
export interface OutputPlan {
  units: number;
  /** Activation name as tfjs spells it, e.g. "softmax", "sigmoid", "tanh". */
  activation: string;
}

/** The loss a classifier's output implies. */
export type DefaultLoss = "sparseCategoricalCrossentropy" | "binaryCrossentropy";

/** What the planner needs to know about a dataset. */
export interface PlanInput {
  /**
   * Shape of one sample as stored: [features], [height, width] or [height, width, channels] for
   * uint8/float32; [length] for int32 token ids; [] for text (its length comes from the model).
   */
  featureShape: number[];
  /** How the values are stored: numbers, token ids (int32) or raw text. */
  dtype: "uint8" | "float32" | "int32" | "text";
  /** Number of label classes (at least 2 for a classifier). */
  numClasses: number;
}

/** Upper bounds a planned model must stay within; both are checked before anything is built. */
export interface ModelLimits {
  /** Most parameters (all weights) a model may have, default 20,000,000. */
  maxParams: number;
  /** Most layers a model may have (input layer not counted), default 200. */
  maxLayers: number;
}

/** The limits {@link planModel} applies when none are given. */
export const defaultModelLimits: ModelLimits = { maxParams: 20_000_000, maxLayers: 200 };
