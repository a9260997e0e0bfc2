import { cpus, totalmem } from "node:os";

/** One line naming the machine a bench ran on: CPU model, cores, memory, Node version, and whether PyTorch is there. */
export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? "unknown CPU";
  const gib = Math.round(totalmem() / 1024 ** 3);
  return `${model}, ${cores.length} cores, ${gib} GiB, no GPU, Node ${process.versions.node}`;
}
