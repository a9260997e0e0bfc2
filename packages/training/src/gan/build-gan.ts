import type * as tfjs from "@tensorflow/tfjs";
import type { GanModelSpec } from "@trainyard/contracts";
import type { LayerPlan } from "../plan/model-plan.js";
import type { GanPlanInput } from "./gan-image-shape.js";
import { ganLeakyReluAlpha, planGan, planGanDiscriminator } from "./plan-gan.js";

/** The two networks of a GAN; the caller disposes both. */
export interface GanModels {
  /** z[latentDim] -> image; the job's exported model. */
  generator: tfjs.LayersModel;
  /** image -> probability that it is real. */
  discriminator: tfjs.LayersModel;
}

/** Offset between the generator's and the discriminator's initializer seeds. */
const discriminatorSeedOffset = 1000;

/**
 * Builds the (uncompiled) generator and discriminator that {@link planGan} and
 * {@link planGanDiscriminator} describe: same layer names, output shapes and parameter counts.
 * `spec.kernelRegularizer` is set on every Dense kernel; its penalty shows in each
 * layer's `calculateLosses()` (which `trainGan` adds to both losses; a `tf.Sequential`'s own
 * `calculateLosses()` returns none).
 *
 * @param seed When given, every kernel initializer is seeded from it (generator layer i uses
 *   `seed + i`, discriminator layer i `seed + 1000 + i`), so the same seed builds the same
 *   weights; biases start at zero either way. Default: random.
 * @throws InvalidInputError when the dataset is not image data (see {@link planGan}).
 */
export function buildGan(tf: typeof tfjs, spec: GanModelSpec, input: GanPlanInput, seed?: number): GanModels {
  const generatorPlan = planGan(spec, input);
  const discriminatorPlan = planGanDiscriminator(spec, input);
  const penalty = spec.kernelRegularizer;
  // Both factors explicitly: tfjs's l1l2 puts 0.01 in for a missing one.
  const kernelRegularizer = penalty === undefined ? undefined : tf.regularizers.l1l2({ l1: penalty.l1 ?? 0, l2: penalty.l2 ?? 0 });
  const initializer = (layerSeed: number | undefined) =>
    layerSeed === undefined ? "glorotUniform" : tf.initializers.glorotUniform({ seed: layerSeed });

  const generator = tf.sequential({ name: "generator" });
  generatorPlan.layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: generatorPlan.inputShape } : {};
    if (layer.className === "Reshape") {
      generator.add(tf.layers.reshape({ name: layer.name, targetShape: shapeOf(layer) }));
      return;
    }
    const activation = layer.name === "g_output" ? "tanh" : "relu";
    generator.add(
      tf.layers.dense({
        ...first,
        name: layer.name,
        units: unitsOf(layer),
        activation,
        kernelInitializer: initializer(seed === undefined ? undefined : seed + i),
        kernelRegularizer,
      }),
    );
  });

  const discriminator = tf.sequential({ name: "discriminator" });
  discriminatorPlan.layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: discriminatorPlan.inputShape } : {};
    if (layer.className === "Flatten") {
      discriminator.add(tf.layers.flatten({ ...first, name: layer.name }));
    } else if (layer.className === "LeakyReLU") {
      discriminator.add(tf.layers.leakyReLU({ name: layer.name, alpha: ganLeakyReluAlpha }));
    } else {
      discriminator.add(
        tf.layers.dense({
          ...first,
          name: layer.name,
          units: unitsOf(layer),
          activation: layer.name === "d_output" ? "sigmoid" : "linear",
          kernelInitializer: initializer(seed === undefined ? undefined : seed + discriminatorSeedOffset + i),
          kernelRegularizer,
        }),
      );
    }
  });
  return { generator, discriminator };
}

function unitsOf(layer: LayerPlan): number {
  return layer.outputShape[layer.outputShape.length - 1] ?? 1;
}

function shapeOf(layer: LayerPlan): number[] {
  return layer.outputShape.slice(1).map((d) => d ?? 1);
}
