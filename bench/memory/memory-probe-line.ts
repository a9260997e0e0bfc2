// What the worker's memory probe (bench/memory/worker-memory-probe.ts) prints, shared with the bench's side of it.
/** The line bench/memory/worker-memory-probe.ts prints on SIGUSR2; `msg` tells it apart from the worker's log lines. */
export interface MemoryProbeLine {
  msg: typeof memoryProbeMessage;
  /** Whether a full garbage collection ran just before (asked for, and the process runs with --expose-gc). */
  collected: boolean;
  /** Live tensors of TensorFlow.js's engine; null before TensorFlow.js is loaded. */
  numTensors: number | null;
  /** Bytes held by live tensors, as the engine counts them; null before TensorFlow.js is loaded. */
  tensorBytes: number | null;
  rss: number;
  /** V8's JS heap in use. */
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS objects, ArrayBuffers included. */
  external: number;
  /** ArrayBuffers and Buffers (the WASM backend's memory is one of them). */
  arrayBuffers: number;
  /** Size of the WASM backend's linear memory (it only grows); null on other backends. */
  wasmHeapBytes: number | null;
}

export const memoryProbeMessage = "memory probe";

/** The environment variable naming the file the bench writes before each SIGUSR2: "gc" asks for a full collection first. */
export const probeRequestFileVariable = "BENCH_MEMORY_PROBE_REQUEST_FILE";
