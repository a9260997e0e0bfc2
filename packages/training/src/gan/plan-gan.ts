import type { GanModelSpec } from "@trainyard/contracts";
import type { LayerPlan, ModelPlan } from "../plan/model-plan.js";
import { resolveGanImageShape, type GanPlanInput } from "./gan-image-shape.js";

/** Slope of the discriminator's LeakyReLU for negative inputs (the usual GAN choice, Keras's DCGAN example). */
export const ganLeakyReluAlpha = 0.2;

/** The discriminator's architecture: a plan without a loss of its own. */
export type GanDiscriminatorPlan = Pick<ModelPlan, "inputShape" | "layers" | "totalParams">;

/**
 * Plans the GAN's generator, the model a GAN job exports: z[latentDim] -> Dense(units, relu) for
 * each of `spec.generator` -> Dense(prod(image shape), tanh) -> Reshape(image shape), with the
 * image shape from {@link resolveGanImageShape}. Layer names: `g_hidden_1`.., `g_output`,
 * `g_reshape`. Its `output` is the tanh Dense layer (the Reshape only rearranges its values) and
 * its loss binary cross-entropy (D(G(z)) against "real"). Pure (no TensorFlow.js).
 *
 * @throws InvalidInputError for field "dataset.id" when the dataset is not image data.
 */
export function planGan(spec: GanModelSpec, input: GanPlanInput): ModelPlan {
  const imageShape = resolveGanImageShape(input);
  const pixels = product(imageShape);
  const layers: LayerPlan[] = [];
  let width = spec.latentDim;
  spec.generator.forEach((units, i) => {
    layers.push(dense(`g_hidden_${i + 1}`, width, units));
    width = units;
  });
  layers.push(dense("g_output", width, pixels), { name: "g_reshape", className: "Reshape", outputShape: [null, ...imageShape], params: 0 });
  return {
    inputShape: [spec.latentDim],
    layers,
    totalParams: sum(layers),
    // The layer that produces the generator's values (the Reshape only rearranges them).
    output: { units: pixels, activation: "tanh" },
    loss: "binaryCrossentropy",
  };
}

/**
 * Plans the GAN's discriminator: image -> Flatten (images only) -> Dense(units) + LeakyReLU(alpha
 * {@link ganLeakyReluAlpha}) for each of `spec.discriminator` -> Dense(1, sigmoid). Layer names:
 * `d_flatten`, `d_hidden_1` + `d_leaky_relu_1`.., `d_output`. Pure (no TensorFlow.js).
 *
 * @throws InvalidInputError for field "dataset.id" when the dataset is not image data.
 */
export function planGanDiscriminator(spec: GanModelSpec, input: GanPlanInput): GanDiscriminatorPlan {
  const imageShape = resolveGanImageShape(input);
  let width = product(imageShape);
  // Feature rows are flat already (tfjs's Flatten needs at least 2 axes per sample).
  const layers: LayerPlan[] = imageShape.length === 1 ? [] : [{ name: "d_flatten", className: "Flatten", outputShape: [null, width], params: 0 }];
  spec.discriminator.forEach((units, i) => {
    layers.push(dense(`d_hidden_${i + 1}`, width, units));
    layers.push({ name: `d_leaky_relu_${i + 1}`, className: "LeakyReLU", outputShape: [null, units], params: 0 });
    width = units;
  });
  layers.push(dense("d_output", width, 1));
  return { inputShape: imageShape, layers, totalParams: sum(layers) };
}

function dense(name: string, inputs: number, units: number): LayerPlan {
  return { name, className: "Dense", outputShape: [null, units], params: inputs * units + units };
}

function product(values: number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

function sum(layers: LayerPlan[]): number {
  return layers.reduce((total, l) => total + l.params, 0);
}
