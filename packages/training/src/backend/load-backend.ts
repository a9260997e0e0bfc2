import * as tf from "@tensorflow/tfjs";
import type { Logger } from "pino";
import { BackendUnavailableError } from "../errors/backend-unavailable-error.js";
import { registerWasmKernels } from "../kernels/register-wasm-kernels.js";
import { locateWasmBinaries } from "./locate-wasm-binaries.js";

/** Which TensorFlow.js backend to run on. */
export type BackendPreference = "auto" | "tensorflow" | "native" | "wasm" | "cpu";

export interface LoadBackendOptions {
  /**
   * "auto" (default) tries `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, native
   * (`@trainyard/native-backend`), wasm, then cpu and takes the first that starts. Any other value insists on that backend and throws
   * {@link BackendUnavailableError} when it cannot start ("tensorflow" accepts either native package).
   */
  preference?: BackendPreference;
  /** Receives which backend was chosen and why the others were skipped; default: no logging. */
  logger?: Logger;
}

export interface LoadedBackend {
  /** The TensorFlow.js namespace, with `backend` active. */
  tf: typeof tf;
  /** The active backend's name: "tensorflow", "native", "wasm" or "cpu". */
  backend: string;
}

interface Candidate {
  /** Name used in logs: the package or backend tried. */
  name: string;
  backend: string;
  start: () => Promise<void>;
}

const candidatesByPreference: Record<BackendPreference, Candidate[]> = {
  auto: [],
  tensorflow: [nativeCandidate("@tensorflow/tfjs-node-gpu"), nativeCandidate("@tensorflow/tfjs-node")],
  native: [{ name: "@trainyard/native-backend", backend: "native", start: startNative }],
  wasm: [{ name: "@tensorflow/tfjs-backend-wasm", backend: "wasm", start: startWasm }],
  cpu: [{ name: "cpu", backend: "cpu", start: () => activate("cpu") }],
};
candidatesByPreference.auto = [
  ...candidatesByPreference.tensorflow,
  ...candidatesByPreference.native,
  ...candidatesByPreference.wasm,
  ...candidatesByPreference.cpu,
];

let selection: { preference: BackendPreference; result: Promise<LoadedBackend> } | undefined;

/**
 * Picks and starts a TensorFlow.js backend. Idempotent: later calls return the first call's
 * result (re-activating that backend if something switched away from it), whatever they ask for.
 */
export async function loadBackend(options: LoadBackendOptions = {}): Promise<LoadedBackend> {
  const preference = options.preference ?? "auto";
  if (selection === undefined) {
    const result = select(preference, options.logger);
    selection = { preference, result };
    // A failed selection is not cached: the caller may retry with another preference.
    result.catch(() => (selection = undefined));
  } else if (selection.preference !== preference) {
    options.logger?.warn({ requested: preference, loaded: selection.preference }, "backend already loaded");
  }
  const loaded = await selection.result;
  if (tf.getBackend() !== loaded.backend) await activate(loaded.backend);
  return loaded;
}

async function select(preference: BackendPreference, logger: Logger | undefined): Promise<LoadedBackend> {
  const skipped: { candidate: string; reason: string }[] = [];
  for (const candidate of candidatesByPreference[preference]) {
    try {
      await candidate.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      skipped.push({ candidate: candidate.name, reason });
      logger?.info({ candidate: candidate.name, reason }, "backend candidate skipped");
      continue;
    }
    logger?.info({ backend: candidate.backend, source: candidate.name, preference, skipped }, "backend selected");
    return { tf, backend: candidate.backend };
  }
  throw new BackendUnavailableError(
    preference,
    skipped.map((s) => `${s.candidate}: ${s.reason}`),
  );
}

function nativeCandidate(packageName: string): Candidate {
  return {
    name: packageName,
    backend: "tensorflow",
    start: async () => {
      // A variable specifier: the native packages are optional and have no types installed here.
      const specifier: string = packageName;
      await import(specifier);
      await activate("tensorflow");
    },
  };
}

async function startNative(): Promise<void> {
  // An optional dependency: its addon is built at install time only where g++ and oneDNN exist.
  const native = await import("@trainyard/native-backend");
  native.registerNativeBackend();
  await activate("native");
}

async function startWasm(): Promise<void> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // Threads fail in Node (the backend starts its workers from a blob: URL); use single-threaded
  // SIMD. The flag exists once the package is imported and is read when the backend starts.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  wasm.setWasmPaths(locateWasmBinaries());
  registerWasmKernels();
  await activate("wasm");
}

async function activate(backend: string): Promise<void> {
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(`tf.setBackend("${backend}") failed`);
  }
  await tf.ready();
}
