// Runs bench/reference/seed_models.py, the PyTorch reference of the training benches, without
// installing anything: when PyTorch is missing the benches report only our side.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** The Python that has Debian's python3-torch. */
const python = "/usr/bin/python3";
const script = fileURLToPath(new URL("../reference/seed_models.py", import.meta.url));

/** How to get the reference, for stderr and the bench's paragraph. */
export const pytorchInstallHint = "apt-get install -y python3-torch libopenblas0-pthread";

/**
 * The reference's environment: one OpenBLAS thread (it sets 2 torch threads itself; more BLAS
 * threads make it 2-5x slower and erratic here), and glibc malloc told to keep freed memory (heap
 * allocations up to 32 MiB, no trimming). Without that, whether a process's tensors of a few MiB
 * come back as fresh pages every step depends on its allocation history: measured here, the CNN at
 * batch 128 then takes about 7,400 page faults and 73 ms a step instead of 0 and 14 ms (970 to
 * 9,000 samples/s from one process to the next). Our side gains nothing from it (wasm keeps its own heap).
 */
const referenceEnv = { OPENBLAS_NUM_THREADS: "1", MALLOC_MMAP_THRESHOLD_: String(32 * 2 ** 20), MALLOC_TRIM_THRESHOLD_: String(2 ** 30) };

/**
 * Runs the reference's `command` ("throughput" or "accuracy") with `request` as JSON on stdin and
 * returns the JSON it prints last; its progress goes to our stderr. See `referenceEnv`.
 * Returns null, after saying on stderr how to install it, when /usr/bin/python3 or its torch is
 * missing (the script reports a failed import instead of running).
 * @throws Error when it fails otherwise (exits non-zero or prints no JSON).
 */
export async function runPytorchReference<T extends object>(command: "throughput" | "accuracy", request: unknown): Promise<T | null> {
  const child = spawn(python, [script, command], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...referenceEnv } });
  const spawned = once(child, "spawn").then(
    () => null,
    (error: Error) => error.message,
  );
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (out += chunk));
  const notStarted = await spawned;
  if (notStarted !== null) return missing(notStarted);
  child.stdin.end(JSON.stringify(request));
  const [code] = (await once(child, "close")) as [number | null];
  const last = out.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || last === "") throw new Error(`${script} ${command} exited with ${code}`);
  const result = JSON.parse(last) as T | { missing: string };
  return "missing" in result ? missing(result.missing) : result;
}

function missing(reason: string): null {
  console.error(`PyTorch reference skipped (${python}: ${reason}). Install it with: ${pytorchInstallHint}`);
  return null;
}
