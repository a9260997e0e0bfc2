import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { ganModelSpecSchema } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import type { LayerPlan } from "../plan/model-plan.js";
import { buildGan } from "./build-gan.js";
import { planGan, planGanDiscriminator } from "./plan-gan.js";

const seedGan = ganModelSpecSchema.parse({ type: "gan" });

/** Layer rows of `model.summary()`, as the CNN planner's test reads them. */
function summaryRows(model: { summary: (lineLength?: number, positions?: number[], print?: (line: string) => void) => void }): LayerPlan[] {
  const rows: LayerPlan[] = [];
  model.summary(140, undefined, (line: string) => {
    const row = /^(\S+) \((\w+)\)\s+\[\[[^\]]*\]\]\s+(\[[^\]]*\])\s+(\d+)/.exec(line) ?? /^(\S+) \((\w+)\)\s+(\[[^\]]*\])\s+(\d+)/.exec(line);
    if (row !== null) {
      rows.push({ name: row[1] ?? "", className: row[2] ?? "", outputShape: JSON.parse(row[3] ?? "[]") as (number | null)[], params: Number(row[4]) });
    }
  });
  return rows;
}

describe("planGan", () => {
  test("plans the seed's GAN for 28x28 images: z(100) -> 128 relu -> 784 tanh -> 28x28x1, judged by binary cross-entropy", () => {
    const plan = planGan(seedGan, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 });
    assert.deepEqual(plan.inputShape, [100]);
    assert.deepEqual(plan.layers, [
      { name: "g_hidden_1", className: "Dense", outputShape: [null, 128], params: 12928 },
      { name: "g_output", className: "Dense", outputShape: [null, 784], params: 101136 },
      { name: "g_reshape", className: "Reshape", outputShape: [null, 28, 28, 1], params: 0 },
    ]);
    assert.equal(plan.totalParams, 114064);
    assert.equal(plan.loss, "binaryCrossentropy");
    assert.deepEqual(plan.output, { units: 784, activation: "tanh" });
  });

  test("plans the seed's discriminator: flatten -> 128 leaky relu -> 1 sigmoid", () => {
    const plan = planGanDiscriminator(seedGan, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 });
    assert.deepEqual(plan.inputShape, [28, 28, 1]);
    assert.deepEqual(
      plan.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["d_flatten", "Flatten", [null, 784], 0],
        ["d_hidden_1", "Dense", [null, 128], 100480],
        ["d_leaky_relu_1", "LeakyReLU", [null, 128], 0],
        ["d_output", "Dense", [null, 1], 129],
      ],
    );
    assert.equal(plan.totalParams, 100609);
  });

  const specs = [
    { spec: seedGan, featureShape: [28, 28], dtype: "uint8" },
    { spec: ganModelSpecSchema.parse({ type: "gan", latentDim: 7, generator: [5, 9], discriminator: [6, 4, 3] }), featureShape: [6, 5, 3], dtype: "float32" },
    { spec: ganModelSpecSchema.parse({ type: "gan", latentDim: 3, generator: [4], discriminator: [2], kernelRegularizer: { l2: 0.01 } }), featureShape: [11], dtype: "float32" },
  ];
  for (const { spec, featureShape, dtype } of specs) {
    test(`for samples [${featureShape}] and latentDim ${spec.latentDim} reports what tfjs's model.summary reports for both networks`, async () => {
      const { tf } = await loadBackend({ preference: "wasm" });
      const input = { featureShape, dtype, numClasses: 2 };
      const { generator, discriminator } = buildGan(tf, spec, input, 1);
      try {
        const plan = planGan(spec, input);
        assert.deepEqual(plan.layers, summaryRows(generator));
        assert.equal(plan.totalParams, generator.countParams());
        assert.deepEqual(generator.inputs[0]?.shape, [null, ...plan.inputShape]);
        const dPlan = planGanDiscriminator(spec, input);
        assert.deepEqual(dPlan.layers, summaryRows(discriminator));
        assert.equal(dPlan.totalParams, discriminator.countParams());
        assert.deepEqual(discriminator.inputs[0]?.shape, generator.outputs[0]?.shape);
        assert.deepEqual(discriminator.outputs[0]?.shape, [null, 1]);
      } finally {
        generator.dispose();
        discriminator.dispose();
      }
    });
  }

  test("wires kernelRegularizer into every Dense kernel of both networks", async () => {
    const { tf } = await loadBackend({ preference: "wasm" });
    const spec = ganModelSpecSchema.parse({ type: "gan", latentDim: 4, generator: [3, 3], discriminator: [5], kernelRegularizer: { l1: 0.5 } });
    const plain = ganModelSpecSchema.parse({ type: "gan", latentDim: 4, generator: [3, 3], discriminator: [5] });
    const input = { featureShape: [2, 2], dtype: "uint8", numClasses: 2 };
    const regularized = buildGan(tf, spec, input, 3);
    const unregularized = buildGan(tf, plain, input, 3);
    try {
      // One penalty per Dense: 3 in the generator, 2 in the discriminator, each l1 * sum |kernel|.
      for (const [model, denseLayers] of [[regularized.generator, 3], [regularized.discriminator, 2]] as const) {
        const penalties = model.layers.flatMap((l) => l.calculateLosses());
        const kernels = model.layers.filter((l) => l.getClassName() === "Dense").map((l) => l.getWeights()[0]);
        try {
          assert.equal(penalties.length, denseLayers);
          const expected = kernels.reduce((total, k) => total + 0.5 * (k === undefined ? 0 : tf.tidy(() => tf.sum(tf.abs(k)).dataSync()[0] ?? 0)), 0);
          const actual = penalties.reduce((total, p) => total + (p.dataSync()[0] ?? 0), 0);
          assert.ok(Math.abs(actual - expected) < 1e-4 * (1 + expected), `penalty ${actual}, expected ${expected}`);
        } finally {
          tf.dispose(penalties);
        }
      }
      assert.equal(unregularized.generator.layers.flatMap((l) => l.calculateLosses()).length, 0);
      assert.equal(unregularized.discriminator.layers.flatMap((l) => l.calculateLosses()).length, 0);
    } finally {
      for (const m of [regularized, unregularized]) {
        m.generator.dispose();
        m.discriminator.dispose();
      }
    }
  });

  const rejected = [
    { featureShape: [8, 8], dtype: "int32", reason: /needs image data \(uint8 or float32 values\); the dataset holds int32 values/ },
    { featureShape: [], dtype: "text", reason: /holds text values/ },
    { featureShape: [], dtype: "float32", reason: /sample shape \[\] is not supported by the gan model/ },
    { featureShape: [2, 2, 2, 2], dtype: "uint8", reason: /\[height, width\], \[height, width, channels\] or \[features\]/ },
    { featureShape: [28, 0], dtype: "uint8", reason: /positive sizes/ },
  ];
  for (const { featureShape, dtype, reason } of rejected) {
    test(`rejects ${dtype} samples [${featureShape}] as an invalid dataset.id`, () => {
      for (const plan of [planGan, planGanDiscriminator]) {
        assert.throws(
          () => plan(seedGan, { featureShape, dtype, numClasses: 2 }),
          (error: unknown) => {
            assert.ok(error instanceof InvalidInputError);
            assert.equal(error.details[0]?.path, "dataset.id");
            assert.match(error.message, reason);
            return true;
          },
        );
      }
    });
  }

  test("imports nothing from TensorFlow.js, so the pure planner can use it", async () => {
    for (const file of ["plan-gan.ts", "gan-image-shape.ts"]) {
      const source = await readFile(new URL(file, import.meta.url), "utf8");
      for (const [, specifier] of source.matchAll(/from "([^"]+)"/g)) {
        assert.ok(
          specifier === "./gan-image-shape.js" || specifier === "../plan/model-plan.js" || specifier?.startsWith("@trainyard/"),
          `${file} imports ${specifier}`,
        );
      }
    }
  });
});
