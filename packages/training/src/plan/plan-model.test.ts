import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { modelSpecSchema } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import type { PlanInput } from "./model-plan.js";
import { planModel } from "./plan-model.js";
import { assertInvalid } from "./test-support/assert-invalid.js";

const cnn = modelSpecSchema.parse({ type: "cnn" });

/** One row of `model.summary()`'s table: "name (Class)   [[input shape]]   [null,26,26,32]   320". */
interface SummaryRow {
  name: string;
  className: string;
  outputShape: (number | null)[];
  params: number;
}

function parseSummary(lines: string[]): { rows: SummaryRow[]; total: number } {
  const rows: SummaryRow[] = [];
  let total = NaN;
  for (const line of lines) {
    const row = /^(\S+) \((\w+)\)\s+\[\[[^\]]*\]\]\s+(\[[^\]]*\])\s+(\d+)/.exec(line);
    if (row !== null) {
      rows.push({ name: row[1] ?? "", className: row[2] ?? "", outputShape: JSON.parse(row[3] ?? "[]") as (number | null)[], params: Number(row[4]) });
    }
    const totalMatch = /^Total params: (\d+)/.exec(line);
    if (totalMatch !== null) total = Number(totalMatch[1]);
  }
  return { rows, total };
}

describe("planModel", () => {
  const inputs = [
    { featureShape: [28, 28], numClasses: 10, inputShape: [28, 28, 1] },
    { featureShape: [32, 32, 3], numClasses: 7, inputShape: [32, 32, 3] },
    { featureShape: [5, 9], numClasses: 2, inputShape: [5, 9, 1] },
    { featureShape: [4, 4, 2], numClasses: 3, inputShape: [4, 4, 2] },
    { featureShape: [13], numClasses: 4, inputShape: [13, 1] },
    { featureShape: [4], numClasses: 2, inputShape: [4, 1] },
  ];
  for (const { featureShape, numClasses, inputShape } of inputs) {
    test(`for samples [${featureShape}] and ${numClasses} classes reports what tfjs's model.summary reports`, async () => {
      const input: PlanInput = { featureShape, dtype: "uint8", numClasses };
      const plan = planModel(cnn, input);
      assert.deepEqual(plan.inputShape, inputShape);
      const { tf } = await loadBackend({ preference: "cpu" });
      const model = buildModel(tf, cnn, input, 1);
      try {
        const lines: string[] = [];
        model.summary(120, undefined, (line: string) => lines.push(line));
        const summary = parseSummary(lines);
        assert.deepEqual(plan.layers, summary.rows);
        assert.equal(plan.totalParams, summary.total);
        assert.equal(plan.totalParams, model.countParams());
        assert.deepEqual(model.inputs[0]?.shape, [null, ...inputShape]);
      } finally {
        model.dispose();
      }
    });
  }

  test("plans the seed CNN for 28x28 images: 32 3x3 filters, 2x2 pooling, 64 hidden units, softmax output", () => {
    const plan = planModel(cnn, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 });
    assert.deepEqual(
      plan.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["conv", "Conv2D", [null, 26, 26, 32], 320],
        ["pool", "MaxPooling2D", [null, 13, 13, 32], 0],
        ["flatten", "Flatten", [null, 5408], 0],
        ["hidden", "Dense", [null, 64], 346176],
        ["output", "Dense", [null, 10], 650],
      ],
    );
    assert.equal(plan.totalParams, 347146);
    assert.deepEqual(plan.output, { units: 10, activation: "softmax" });
    assert.equal(plan.loss, "sparseCategoricalCrossentropy");
  });

  const rejected = [
    { featureShape: [3, 28], numClasses: 10, reason: /too small .* at least 4 values along each of the height and width axes/ },
    { featureShape: [28, 2, 1], numClasses: 10, reason: /too small/ },
    { featureShape: [3], numClasses: 2, reason: /too small .* feature axes/ },
    { featureShape: [28, 28], numClasses: 1, reason: /1 label class\(es\); a classifier needs at least 2/ },
    { featureShape: [28, 28], numClasses: 0, reason: /needs at least 2/ },
    { featureShape: [], numClasses: 3, reason: /sample shape \[\] is not supported/ },
    { featureShape: [2, 2, 2, 2], numClasses: 3, reason: /not supported .* \[height, width, channels\]/ },
    { featureShape: [28, 0], numClasses: 3, reason: /positive sizes/ },
  ];
  for (const { featureShape, numClasses, reason } of rejected) {
    test(`rejects samples [${featureShape}] with ${numClasses} classes as an invalid dataset.id`, () => {
      assertInvalid(() => planModel(cnn, { featureShape, dtype: "uint8", numClasses }), "dataset.id", reason);
    });
  }

  test("refuses a model over the parameter limit on 'model', naming the count and the limit, without building it", () => {
    const huge = modelSpecSchema.parse({ type: "sequential", layers: [{ type: "dense", units: 8192 }, { type: "dense", units: 8192 }, { type: "dense", units: 3, activation: "softmax" }] });
    const started = performance.now();
    assertInvalid(() => planModel(huge, { featureShape: [8192], dtype: "float32", numClasses: 3 }), "model", /134,258,691 parameters, over this service's limit of 20,000,000/);
    assert.ok(performance.now() - started < 50, "planned by formula, not by allocating weights");
    assertInvalid(() => planModel(cnn, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 }, { maxParams: 347_145, maxLayers: 200 }), "model", /347,146 parameters, over this service's limit of 347,145/);
    assert.equal(planModel(cnn, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 }, { maxParams: 347_146, maxLayers: 5 }).totalParams, 347_146);
  });

  test("refuses a model over the layer limit on 'model'", () => {
    assertInvalid(() => planModel(cnn, { featureShape: [28, 28], dtype: "uint8", numClasses: 10 }, { maxParams: 1e9, maxLayers: 4 }), "model", /5 layers, over this service's limit of 4/);
  });

  test("measures a keras model with billions of parameters by formula and refuses it", () => {
    const config = { class_name: "Sequential", config: { name: "big", layers: [{ class_name: "Embedding", config: { name: "e", batch_input_shape: [null, 10], input_dim: 200_000_000, output_dim: 64 } }, { class_name: "GlobalAveragePooling1D", config: { name: "g" } }, { class_name: "Dense", config: { name: "d", units: 3, activation: "softmax" } }] } };
    const spec = modelSpecSchema.parse({ type: "keras", config });
    assertInvalid(() => planModel(spec, { featureShape: [10], dtype: "int32", numClasses: 3 }), "model", /12,800,000,195 parameters/);
  });

  test("delegates gan specs to the GAN planner: the generator's plan", () => {
    const plan = planModel(modelSpecSchema.parse({ type: "gan" }), { featureShape: [8, 8], dtype: "uint8", numClasses: 1 });
    assert.deepEqual(plan.inputShape, [100]);
    assert.equal(plan.layers.at(-1)?.className, "Reshape");
  });

  test("lives in modules that import nothing from TensorFlow.js, exported as @trainyard/training/plan", async () => {
    // Follows every relative import from the entry point, transitively.
    const seen = new Set<string>();
    const pending = [new URL("./index.ts", import.meta.url).href];
    while (pending.length > 0) {
      const file = pending.pop() ?? "";
      if (seen.has(file)) continue;
      seen.add(file);
      const source = await readFile(new URL(file), "utf8");
      for (const [, specifier = ""] of source.matchAll(/from "([^"]+)"/g)) {
        assert.ok(specifier.startsWith(".") || specifier.startsWith("@trainyard/"), `${file} imports ${specifier}`);
        if (specifier.startsWith(".")) pending.push(new URL(specifier.replace(/\.js$/, ".ts"), file).href);
      }
    }
    assert.ok(seen.size > 5, `followed ${seen.size} modules`);
    const plan = (await import("@trainyard/training/plan")) as { planModel: unknown };
    assert.equal(plan.planModel, planModel);
  });
});
