import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { pino } from "pino";
import { BackendUnavailableError } from "../errors/backend-unavailable-error.js";
import { loadBackend } from "./load-backend.js";

const nativePackages = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];
const require = createRequire(import.meta.url);
const nativeInstalled = nativePackages.some((name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
});

/** A pino logger whose records land in `records`. */
function captureLogger(records: Record<string, unknown>[]) {
  return pino({ level: "debug" }, { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) });
}

// Runs first: a failed selection is not cached, so the tests below still choose freely.
test("insisting on tensorflow fails, naming each native package's reason, when none is installed", { skip: nativeInstalled }, async () => {
  await assert.rejects(loadBackend({ preference: "tensorflow" }), (error: unknown) => {
    assert.ok(error instanceof BackendUnavailableError);
    assert.equal(error.reasons.length, 2);
    assert.match(error.message, /@tensorflow\/tfjs-node-gpu: .*Cannot find (module|package)/);
    assert.match(error.message, /@tensorflow\/tfjs-node: /);
    return true;
  });
});

test("auto falls through the missing native packages to wasm and logs why", { skip: nativeInstalled }, async () => {
  const records: Record<string, unknown>[] = [];
  const { tf, backend } = await loadBackend({ logger: captureLogger(records) });
  assert.equal(backend, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  const skipped = records.filter((r) => r["msg"] === "backend candidate skipped").map((r) => r["candidate"]);
  assert.deepEqual(skipped, nativePackages);
  const selected = records.find((r) => r["msg"] === "backend selected");
  assert.equal(selected?.["backend"], "wasm");
  assert.equal((selected?.["skipped"] as unknown[]).length, 2);
});

test("a second call returns the first result and re-activates its backend", async () => {
  const first = await loadBackend();
  await first.tf.setBackend("cpu");
  const records: Record<string, unknown>[] = [];
  const second = await loadBackend({ preference: "cpu", logger: captureLogger(records) });
  assert.equal(second, first);
  assert.equal(first.tf.getBackend(), first.backend);
  assert.equal(records[0]?.["msg"], "backend already loaded");
});

test("wasm starts when the process runs from another working directory", async () => {
  const script = [
    `const { loadBackend } = await import(${JSON.stringify(new URL("./load-backend.ts", import.meta.url).href)});`,
    `const { tf, backend } = await loadBackend({ preference: "wasm" });`,
    `const sum = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync();`,
    `process.stdout.write(JSON.stringify({ backend, sum: Array.from(sum) }));`,
  ].join("\n");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), "--input-type=module", "--eval", script],
    { cwd: tmpdir(), timeout: 60_000 },
  );
  assert.deepEqual(JSON.parse(stdout), { backend: "wasm", sum: [4, 6] });
});
