import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** CPU time used so far by the whole machine and by this process with its finished children. */
export interface CpuSnapshot {
  /** Busy seconds of all cores (user, nice, system, irq, softirq, steal). */
  machine: number;
  /** Seconds of this process and the children it has waited for (utime, stime, cutime, cstime). */
  own: number;
  /** performance.now() when taken. */
  at: number;
}

/** Reads /proc/stat and /proc/self/stat; zeros where they are missing (not Linux). */
export function cpuSnapshot(): CpuSnapshot {
  const at = performance.now();
  try {
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    // Fields after the command name (which may hold spaces): utime is the 14th field overall.
    const self = readFileSync("/proc/self/stat", "utf8");
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = self.slice(self.lastIndexOf(")") + 2).split(" ").slice(11, 15).map(Number);
    return { machine: (user + nice + system + irq + softirq + steal) / ticksPerSecond, own: (utime + stime + cutime + cstime) / ticksPerSecond, at };
  } catch {
    return { machine: 0, own: 0, at };
  }
}

/**
 * A sentence on how many cores other processes kept busy since `from` (the machine's busy time
 * minus ours and our children's), warning when that is over a quarter of the cores: timings, and
 * PyTorch's 2 OpenMP threads most of all (3 to 10x slower measured on 2 busy cores), are then not
 * representative.
 */
export function describeOtherLoad(from: CpuSnapshot): string {
  const to = cpuSnapshot();
  const seconds = (to.at - from.at) / 1000;
  const cores = cpus().length;
  const others = Math.max(0, (to.machine - from.machine - (to.own - from.own)) / seconds);
  const busy = others > cores / 4;
  const warning = busy ? ": the machine was busy, which slows both sides and PyTorch's 2 OpenMP threads most (3 to 10x on 2 busy cores), so speed comparisons are not representative" : "";
  return `Other processes kept ${others.toFixed(2)} of ${cores} cores busy meanwhile${warning}.`;
}
