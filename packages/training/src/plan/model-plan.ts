/** What a model is shaped like for a dataset: computed without TensorFlow.js. */
export interface ModelPlan {
  /** Shape of one sample as the model sees it (no batch dimension), e.g. [28, 28, 1]. */
  inputShape: number[];
  /** Layers in order, input layer excluded, as `model.summary()` lists them. */
  layers: LayerPlan[];
  /** Sum of `params` over all layers. */
  totalParams: number;
}

export interface LayerPlan {
  /** Layer name; the built model uses the same one. */
  name: string;
  /** Keras class name, e.g. "Conv2D". */
  className: string;
  /** Output shape with the batch dimension first (null). */
  outputShape: (number | null)[];
  /** Trainable parameter count. */
  params: number;
}

/** What the planner needs to know about a dataset. */
export interface PlanInput {
  /** Shape of one sample as stored: [features], [height, width] or [height, width, channels]. */
  featureShape: number[];
  /** Number of label classes (at least 2). */
  numClasses: number;
}

/** The seed CNN's fixed hyper-parameters, shared by the planner and the builder. */
export const seedCnn = {
  filters: 32,
  kernelSize: 3,
  poolSize: 2,
  hiddenUnits: 64,
} as const;
