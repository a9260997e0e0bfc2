// Child process of bench/training-throughput.ts: measures the seed models' steady-state training
// speed on one TensorFlow.js backend (a process can choose its backend only once).
//   node --import tsx bench/training/throughput-child.ts <native|wasm|cpu|tensorflow> '<ThroughputPlan as JSON>'
// Writes ChildEvent lines (JSON) to stdout and progress to stderr.
import type * as tfjs from "@tensorflow/tfjs";
import { loadBackend } from "@trainyard/training";
import { median } from "../support/stats.js";
import { makeSeedModelData } from "./seed-model-data.js";
import { seedTrainingSpec } from "./seed-models.js";
import { SteadyStateClock } from "./steady-state-clock.js";
import type { ChildEvent, ThroughputConfig, ThroughputPlan, ThroughputResult } from "./throughput-protocol.js";
import { trainSeedModel } from "./train-seed-model.js";

const [backend = "", planJson = "{}"] = process.argv.slice(2);
if (backend !== "native" && backend !== "wasm" && backend !== "cpu" && backend !== "tensorflow") throw new Error(`backend must be native, wasm, cpu or tensorflow, got "${backend}"`);
const plan = JSON.parse(planJson) as ThroughputPlan;
const loaded = await loadBackend({ preference: backend }).catch((error: unknown) => {
  emit({ event: "unavailable", reason: error instanceof Error ? error.message : String(error) });
  return null;
});
const tf = loaded?.tf;
if (tf !== undefined) {
  for (const config of plan.configs) emit({ event: "result", ...(await measure(tf, config)) });
}

function emit(event: ChildEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** `plan.runs` runs of `config`, each on a freshly built model, over one set of generated data. */
async function measure(tf: typeof tfjs, config: ThroughputConfig): Promise<ThroughputResult> {
  const { model, batch } = config;
  const { length } = plan;
  const batchesPerRun = length.warmupBatches + length.maxSteps;
  const dataBatches = Math.min(plan.dataBatches, batchesPerRun);
  const data = makeSeedModelData(model, batch * dataBatches);
  // Enough epochs over the data for the longest run; the clock stops the run before that.
  const training = seedTrainingSpec(model, batch, Math.ceil(batchesPerRun / dataBatches));
  const result: ThroughputResult = { ...config, params: 0, samplesPerSecond: [], steps: [] };
  for (let run = 1; run <= plan.runs; run++) {
    emit({ event: "run", config, run });
    const clock = new SteadyStateClock(length, () => emit({ event: "warm", config, run }));
    result.params = await trainSeedModel(tf, model, data, training, { onBatchEnd: () => clock.batchEnded(), shouldStop: () => clock.done() });
    result.samplesPerSecond.push(clock.samplesPerSecond(batch));
    result.steps.push(clock.timedSteps);
  }
  const rates = result.samplesPerSecond.map((r) => Math.round(r).toLocaleString("en-US")).join(", ");
  console.error(`${backend} ${model} batch ${batch}: median ${Math.round(median(result.samplesPerSecond)).toLocaleString("en-US")} samples/s (runs ${rates}; steps ${result.steps.join(", ")}; ${tf.memory().numTensors} tensors live)`);
  return result;
}
