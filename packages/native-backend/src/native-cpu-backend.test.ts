import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as tf from "@tensorflow/tfjs";
import { nativeBackendName } from "./kernels/native-kernel.js";
import { loadNativeAddon } from "./load-native-addon.js";
import { NativeAddonMissingError } from "./native-addon-missing-error.js";
import { registerNativeBackend } from "./register-native-backend.js";

registerNativeBackend();
const addon = loadNativeAddon();

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage and lets the addon's finalizers run (Node runs them on a later turn of the loop). */
async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("the native backend's tensor storage", () => {
  test("keeps values read before a dispose intact while its memory is in use elsewhere", async () => {
    await tf.setBackend(nativeBackendName);
    const x = tf.fill([256, 256], 2);
    const y = tf.mul(x, x);
    const read = y.dataSync();
    y.dispose();
    const others = Array.from({ length: 8 }, (_, i) => tf.mul(x, tf.scalar(i)));
    assert.equal(read[0], 4);
    assert.equal(read[read.length - 1], 4);
    tf.dispose([x, ...others]);
  });

  test("hands a disposed tensor's memory to the next output of its size", async () => {
    await tf.setBackend(nativeBackendName);
    const x = tf.fill([256, 256], 2);
    tf.mul(x, x).dispose();
    const reused = addon.poolStats().reused;
    const z = tf.mul(x, x);
    assert.equal(addon.poolStats().reused, reused + 1);
    assert.equal(z.dataSync()[0], 4);
    tf.dispose([x, z]);
  });

  test("returns every byte a training step used once its tensors are disposed", async () => {
    await tf.setBackend(nativeBackendName);
    await collectGarbage();
    const live = addon.poolStats().liveBytes;
    const w = tf.variable(tf.randomNormal([64, 32], 0, 1, "float32", 3));
    const optimizer = tf.train.adam(0.01);
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => tf.relu(tf.matMul(tf.randomNormal([128, 64], 0, 1, "float32", step), w)).square().mean() as tf.Scalar);
    }
    optimizer.dispose();
    w.dispose();
    // Views the cpu kernels made of native tensors hold their memory until they are collected.
    await collectGarbage();
    assert.equal(addon.poolStats().liveBytes, live);
  });

  test("gives cpu kernels without a native version the values of natively stored tensors", async () => {
    await tf.setBackend(nativeBackendName);
    const y = tf.tidy(() => tf.cumsum(tf.add(tf.ones([5]), tf.ones([5]))));
    assert.deepEqual(Array.from(await y.data()), [2, 4, 6, 8, 10]);
    y.dispose();
  });

  test("names the missing addon and how to build it", () => {
    const error = new NativeAddonMissingError("/x/trainyard_native.node", "not built");
    assert.match(error.message, /not built.*\/x\/trainyard_native\.node.*libdnnl-dev.*npm rebuild @trainyard\/native-backend/);
  });

  test("uses both cores by default, and can be told to use one", () => {
    const before = addon.threads(0);
    assert.ok(before >= 1);
    assert.equal(addon.threads(1), 1);
    assert.equal(addon.threads(before), before);
  });
});
