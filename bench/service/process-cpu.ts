// CPU time a process has used so far (user + system), from /proc/<pid>/stat.
import { readFile } from "node:fs/promises";

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100;

/** Seconds of CPU process `pid` has used; throws once it has exited. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at state (field 3); utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
