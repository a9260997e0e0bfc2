import { readFile } from "node:fs/promises";

/** Resident memory of process `pid` in bytes (VmRSS from /proc), or null once it has exited. */
export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

/** Samples `pid`'s resident memory every `intervalMs` until stopped; `stop()` returns the peak in bytes. */
export function sampleResidentPeak(pid: number, intervalMs = 20): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    void residentBytes(pid).then((bytes) => {
      if (bytes !== null) peak = Math.max(peak, bytes);
    });
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export const mib = 1024 * 1024;
