// `node --import tsx bench/kernel-profile.ts [--backend native] [--model cnn] [--batch 128] [--steps 6]`
// Where a training step's time goes, per TensorFlow.js kernel: every kernel registered for the backend
// is wrapped with a timer, the seed model trains `--steps` batches through the worker's own training
// code (after 2 untimed warm-up batches), and the table lists each kernel's share of the step, its
// calls and milliseconds per step, and the time spent outside kernels (tape, engine, optimizer JS).
// A diagnostic, not a comparison: it has no reference and is not part of `npm run bench`.
import { getKernelsForBackend, registerKernel, unregisterKernel, type KernelConfig } from "@tensorflow/tfjs";
import { loadBackend, type BackendPreference } from "@trainyard/training";
import { readBenchArgs } from "./support/args.js";
import { formatNumber, markdownTable } from "./support/markdown-table.js";
import { makeSeedModelData } from "./training/seed-model-data.js";
import { seedModelNames, seedTrainingSpec, type SeedModelName } from "./training/seed-models.js";
import { trainSeedModel } from "./training/train-seed-model.js";

const args = readBenchArgs({ batch: 128, steps: 6 }, { backend: "native", model: "cnn" });
const backend = args.strings.backend as BackendPreference;
const model = args.strings.model as SeedModelName;
if (!seedModelNames.includes(model)) throw new Error(`--model must be one of ${seedModelNames.join(", ")}, got "${model}"`);
const batch = args.numbers.batch ?? 128;
const steps = args.numbers.steps ?? 6;
const warmup = 2;

const { tf, backend: loaded } = await loadBackend({ preference: backend });
const totals = new Map<string, { ms: number; calls: number }>();
let timing = false;
for (const config of getKernelsForBackend(loaded)) wrap(config);

const data = makeSeedModelData(model, batch * (warmup + steps));
let batches = 0;
let started = 0;
await trainSeedModel(tf, model, data, seedTrainingSpec(model, batch, 1), {
  onBatchEnd: () => {
    batches++;
    if (batches === warmup) {
      timing = true;
      started = performance.now();
    }
  },
  shouldStop: () => batches >= warmup + steps,
});
const stepMs = (performance.now() - started) / steps;

const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((sum, [, t]) => sum + t.ms, 0) / steps;
const table = rows.slice(0, 20).map(([name, t]) => [name, `${((100 * t.ms) / steps / stepMs).toFixed(1)}%`, formatNumber(t.calls / steps), (t.ms / steps).toFixed(2)]);
table.push(["(outside kernels)", `${((100 * (stepMs - kernelMs)) / stepMs).toFixed(1)}%`, "", (stepMs - kernelMs).toFixed(2)]);
console.log(`## Kernel profile: ${model}, batch ${batch}, ${loaded} backend, ${steps} steps\n`);
console.log(`Step: ${stepMs.toFixed(1)} ms (${formatNumber((batch * 1000) / stepMs)} samples/s); kernels ${kernelMs.toFixed(1)} ms, ${formatNumber(rows.reduce((s, [, t]) => s + t.calls, 0) / steps)} calls per step.\n`);
console.log(markdownTable(["kernel", "share of step", "calls per step", "ms per step"], table));

function wrap(config: KernelConfig): void {
  const inner = config.kernelFunc;
  unregisterKernel(config.kernelName, config.backendName);
  registerKernel({
    ...config,
    kernelFunc: (params) => {
      if (!timing) return inner(params);
      const t0 = performance.now();
      try {
        return inner(params);
      } finally {
        const total = totals.get(config.kernelName) ?? { ms: 0, calls: 0 };
        total.ms += performance.now() - t0;
        total.calls++;
        totals.set(config.kernelName, total);
      }
    },
  });
}
