import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { InvalidInputError } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import { planModel } from "./plan-model.js";

const cnn = { type: "cnn" } as const;

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
      const plan = planModel(cnn, { featureShape, numClasses });
      assert.deepEqual(plan.inputShape, inputShape);
      const { tf } = await loadBackend({ preference: "cpu" });
      const model = buildModel(tf, cnn, { featureShape, numClasses }, 1);
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

  test("plans the seed CNN for 28x28 images: 32 3x3 filters, 2x2 pooling, 64 hidden units", () => {
    const plan = planModel(cnn, { featureShape: [28, 28], numClasses: 10 });
    assert.deepEqual(
      plan.layers.map((l) => [l.className, l.outputShape, l.params]),
      [
        ["Conv2D", [null, 26, 26, 32], 320],
        ["MaxPooling2D", [null, 13, 13, 32], 0],
        ["Flatten", [null, 5408], 0],
        ["Dense", [null, 64], 346176],
        ["Dense", [null, 10], 650],
      ],
    );
    assert.equal(plan.totalParams, 347146);
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
      assert.throws(
        () => planModel(cnn, { featureShape, numClasses }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidInputError);
          assert.equal(error.statusCode, 400);
          assert.equal(error.details[0]?.path, "dataset.id");
          assert.match(error.message, reason);
          return true;
        },
      );
    });
  }

  test("lives in a module that imports nothing from TensorFlow.js, exported as @trainyard/training/plan", async () => {
    const directory = new URL("./", import.meta.url);
    for (const file of await readdir(directory)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const source = await readFile(new URL(file, directory), "utf8");
      for (const [, specifier] of source.matchAll(/from "([^"]+)"/g)) {
        assert.ok(specifier?.startsWith("./") || specifier?.startsWith("@trainyard/"), `${file} imports ${specifier}`);
      }
    }
    const plan = (await import("@trainyard/training/plan")) as { planModel: unknown };
    assert.equal(plan.planModel, planModel);
  });
});
