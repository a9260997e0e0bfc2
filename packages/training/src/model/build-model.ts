import type * as tfjs from "@tensorflow/tfjs";
import type { ModelSpec } from "@trainyard/contracts";
import { seedCnn, type PlanInput } from "../plan/model-plan.js";
import { planModel } from "../plan/plan-model.js";

/**
 * Builds the (uncompiled) `tf.LayersModel` that {@link planModel} describes for `spec` and the
 * dataset: same layer names, output shapes and parameter counts.
 *
 * @param seed When given, every kernel initializer is seeded from it (layer i uses `seed + i`), so
 *   the same seed builds the same weights; biases start at zero either way. Default: random.
 * @throws InvalidInputError when the dataset does not fit the model (see {@link planModel}).
 */
export function buildModel(tf: typeof tfjs, spec: ModelSpec, input: PlanInput, seed?: number): tfjs.LayersModel {
  const plan = planModel(spec, input);
  const oneD = plan.inputShape.length === 2;
  const { filters, kernelSize, poolSize, hiddenUnits } = seedCnn;
  const kernelInitializer = (layer: number) =>
    seed === undefined ? "glorotUniform" : tf.initializers.glorotUniform({ seed: seed + layer });

  const model = tf.sequential({ name: spec.type });
  const conv = {
    name: "conv",
    inputShape: plan.inputShape,
    filters,
    kernelSize,
    activation: "relu",
    padding: "valid",
    kernelInitializer: kernelInitializer(0),
  } as const;
  model.add(oneD ? tf.layers.conv1d(conv) : tf.layers.conv2d(conv));
  model.add(
    oneD
      ? tf.layers.maxPooling1d({ name: "pool", poolSize })
      : tf.layers.maxPooling2d({ name: "pool", poolSize }),
  );
  model.add(tf.layers.flatten({ name: "flatten" }));
  model.add(
    tf.layers.dense({ name: "hidden", units: hiddenUnits, activation: "relu", kernelInitializer: kernelInitializer(1) }),
  );
  model.add(
    tf.layers.dense({ name: "output", units: input.numClasses, activation: "softmax", kernelInitializer: kernelInitializer(2) }),
  );
  return model;
}
