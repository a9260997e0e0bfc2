import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TrainingCheckpoint } from "@trainyard/training";
import { decodeCheckpointState, encodeCheckpointState } from "./checkpoint-files.js";

describe("checkpoint state files", () => {
  test("round-trip, also when state.bin comes back as a Buffer that views a larger pool", () => {
    const checkpoint: TrainingCheckpoint = {
      epoch: 3,
      inEpoch: { batches: 4, lossSum: 2.5, correct: 17 },
      history: [{ loss: 1, accuracy: 0.5, lr: 0.01 }, { loss: 0.8, accuracy: 0.6, lr: 0.01 }, { loss: 0.7, accuracy: 0.7, lr: 0.005, val_loss: 0.9 }],
      randomState: 123456789,
      maskRandomState: 987654321,
      order: Int32Array.from([4, 0, 3, 1, 2]),
      optimizer: { specs: [{ name: "iter", shape: [], dtype: "int32" }, { name: "w/m", shape: [2], dtype: "float32" }], data: new Uint8Array([1, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64]).buffer },
      optimizerPowers: { accBeta1: 0.123, accBeta2: 0.456 },
      best: { epoch: 2, specs: [{ name: "w0", shape: [1], dtype: "float32" }], data: new Float32Array([0.25]).buffer },
    };
    const { json, bin } = encodeCheckpointState(checkpoint);
    // Small Buffers share Node's pool: their .buffer is larger than they are.
    const pooled = Buffer.from(bin);
    assert.ok(pooled.buffer.byteLength > pooled.byteLength || pooled.byteOffset >= 0);
    const decoded = decodeCheckpointState(Buffer.from(json), pooled);
    assert.deepEqual(decoded.order, checkpoint.order);
    assert.deepEqual(new Uint8Array(decoded.optimizer.data), new Uint8Array(checkpoint.optimizer.data));
    assert.deepEqual(new Float32Array(decoded.best?.data ?? new ArrayBuffer(0)), new Float32Array([0.25]));
    assert.deepEqual({ ...decoded, order: null, optimizer: null, best: null }, { ...checkpoint, order: null, optimizer: null, best: null });
  });
});
