import type { ModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { seedCnn, type LayerPlan, type ModelPlan, type PlanInput } from "./model-plan.js";

/** Where shape errors point in a job spec: the dataset chosen for the model. */
const errorPath = "dataset.id";

/**
 * Plans `spec` for a dataset: the model's input shape, every layer's output shape and parameter
 * count. Pure (no TensorFlow.js), so the API can reject a model/dataset mismatch at submit time.
 *
 * The seed CNN is Conv(32, 3, relu, valid) -> MaxPooling(2) -> Flatten -> Dense(64, relu) ->
 * Dense(numClasses, softmax), in 2-D for [H, W] (one channel added) and [H, W, C] samples, in 1-D
 * for [F] samples (CSV rows, seen as [F, 1]).
 *
 * @throws InvalidInputError for field "dataset.id" when the sample shape is not supported, too small
 *   to survive the convolution and pooling, or there are fewer than 2 classes.
 */
export function planModel(spec: ModelSpec, input: PlanInput): ModelPlan {
  const { featureShape, numClasses } = input;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw InvalidInputError.forField(errorPath, `the dataset has ${numClasses} label class(es); a classifier needs at least 2`);
  }
  if (featureShape.length < 1 || featureShape.length > 3 || !featureShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw InvalidInputError.forField(
      errorPath,
      `sample shape [${featureShape.join(", ")}] is not supported by the ${spec.type} model: expected [features], [height, width] or [height, width, channels] with positive sizes`,
    );
  }
  const inputShape = featureShape.length === 3 ? [...featureShape] : [...featureShape, 1];
  const spatial = inputShape.slice(0, -1);
  const channels = inputShape[inputShape.length - 1] ?? 1;
  const { filters, kernelSize, poolSize, hiddenUnits } = seedCnn;

  const convOut = spatial.map((d) => validLength(d, kernelSize, 1));
  const poolOut = convOut.map((d) => validLength(d, poolSize, poolSize));
  if (poolOut.some((d) => d < 1)) {
    const minimum = kernelSize - 1 + poolSize;
    throw InvalidInputError.forField(
      errorPath,
      `sample shape [${featureShape.join(", ")}] is too small for the ${spec.type} model: its ${kernelSize}-wide convolution and ${poolSize}-wide pooling need at least ${minimum} values along each of the ${spatial.length === 1 ? "feature" : "height and width"} axes`,
    );
  }
  const flat = poolOut.reduce((a, b) => a * b, 1) * filters;
  const dims = spatial.length === 1 ? "1D" : "2D";
  const kernelArea = kernelSize ** spatial.length;
  const layers: LayerPlan[] = [
    { name: "conv", className: `Conv${dims}`, outputShape: [null, ...convOut, filters], params: kernelArea * channels * filters + filters },
    { name: "pool", className: `MaxPooling${dims}`, outputShape: [null, ...poolOut, filters], params: 0 },
    { name: "flatten", className: "Flatten", outputShape: [null, flat], params: 0 },
    { name: "hidden", className: "Dense", outputShape: [null, hiddenUnits], params: flat * hiddenUnits + hiddenUnits },
    { name: "output", className: "Dense", outputShape: [null, numClasses], params: hiddenUnits * numClasses + numClasses },
  ];
  return { inputShape, layers, totalParams: layers.reduce((sum, l) => sum + l.params, 0) };
}

/** Output length of a 'valid' window of `size` moved by `stride` over `length` values. */
function validLength(length: number, size: number, stride: number): number {
  return length < size ? 0 : Math.floor((length - size) / stride) + 1;
}
