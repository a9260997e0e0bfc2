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

test("auto falls through the missing tfjs-node packages to the native backend and logs why", { skip: nativeInstalled }, async () => {
  const records: Record<string, unknown>[] = [];
  const { tf, backend } = await loadBackend({ logger: captureLogger(records) });
  assert.equal(backend, "native");
  assert.equal(tf.getBackend(), "native");
  const skipped = records.filter((r) => r["msg"] === "backend candidate skipped").map((r) => r["candidate"]);
  assert.deepEqual(skipped, nativePackages);
  const selected = records.find((r) => r["msg"] === "backend selected");
  assert.equal(selected?.["backend"], "native");
  assert.equal(selected?.["source"], "@trainyard/native-backend");
});

/** Runs `script` in a child process, from another directory, with `hooks` registered as module hooks first. */
async function runChild(script: string, hooks?: string): Promise<unknown> {
  const register = hooks === undefined ? [] : ["--import", `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`)}`];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...register, "--import", import.meta.resolve("tsx"), "--input-type=module", "--eval", script],
    { cwd: tmpdir(), timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

test("auto falls back to wasm when the native backend's package is missing (its addon could not be built)", { skip: nativeInstalled }, async () => {
  // What npm leaves when an optional dependency fails to install: the package cannot be resolved.
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === "@trainyard/native-backend") throw Object.assign(new Error("Cannot find package '@trainyard/native-backend'"), { code: "ERR_MODULE_NOT_FOUND" });
    return next(specifier, context);
  }`;
  const script = [
    `const { loadBackend } = await import(${JSON.stringify(new URL("./load-backend.ts", import.meta.url).href)});`,
    `const { tf, backend } = await loadBackend();`,
    `process.stdout.write(JSON.stringify({ backend, sum: Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()) }));`,
  ].join("\n");
  assert.deepEqual(await runChild(script, hooks), { backend: "wasm", sum: [4, 6] });
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
  assert.deepEqual(await runChild(script), { backend: "wasm", sum: [4, 6] });
});
