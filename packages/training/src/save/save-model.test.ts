import { before, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { modelSpecSchema } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import { randomFloats } from "../test-support/random-data.js";
import { saveModel } from "./save-model.js";

let tf: typeof tfjs;
const cnn = modelSpecSchema.parse({ type: "cnn" });

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

interface StoredFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

async function saveToMemory(model: tfjs.LayersModel): Promise<Map<string, StoredFile>> {
  const files = new Map<string, StoredFile>();
  await saveModel(tf, model, async (path, bytes, contentType) => {
    files.set(path, { bytes: bytes.slice(), contentType });
  });
  return files;
}

async function predict(model: tfjs.LayersModel, x: tfjs.Tensor): Promise<Float32Array> {
  const y = model.predict(x) as tfjs.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return values;
}

test("writes model.json naming weights.bin relatively, and weights.bin", async () => {
  const model = buildModel(tf, cnn, { featureShape: [8, 8], dtype: "uint8", numClasses: 3 }, 1);
  try {
    const files = await saveToMemory(model);
    assert.deepEqual([...files.keys()], ["model.json", "weights.bin"]);
    assert.equal(files.get("model.json")?.contentType, "application/json");
    assert.equal(files.get("weights.bin")?.contentType, "application/octet-stream");
    const json = JSON.parse(new TextDecoder().decode(files.get("model.json")?.bytes)) as tfjs.io.ModelJSON;
    assert.equal(json.weightsManifest.length, 1);
    assert.deepEqual(json.weightsManifest[0]?.paths, ["weights.bin"]);
    assert.equal(files.get("weights.bin")?.bytes.byteLength, model.countParams() * 4);
  } finally {
    model.dispose();
  }
});

test("a saved model loads back over http from any directory and predicts the same", async () => {
  const model = buildModel(tf, cnn, { featureShape: [10, 9, 2], dtype: "float32", numClasses: 4 }, 2);
  const x = tf.tensor4d(randomFloats(3 * 10 * 9 * 2, 3), [3, 10, 9, 2]);
  let loaded: tfjs.LayersModel | undefined;
  try {
    const files = await saveToMemory(model);
    const requested: string[] = [];
    // Serves the files as if they sat under https://models.example/tenants/t1/jobs/j1/model/.
    const fetchFunc = async (input: string | URL | Request) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      requested.push(url.pathname);
      const file = files.get(url.pathname.replace("/tenants/t1/jobs/j1/model/", ""));
      return file === undefined ? new Response("not found", { status: 404 }) : new Response(file.bytes, { headers: { "content-type": file.contentType } });
    };
    loaded = await tf.loadLayersModel("https://models.example/tenants/t1/jobs/j1/model/model.json", { fetchFunc });
    assert.deepEqual(requested, ["/tenants/t1/jobs/j1/model/model.json", "/tenants/t1/jobs/j1/model/weights.bin"]);
    assert.deepEqual(Array.from(await predict(loaded, x)), Array.from(await predict(model, x)));
  } finally {
    model.dispose();
    loaded?.dispose();
    x.dispose();
  }
});
