import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataDirLockedError } from "./data-dir-locked-error.js";

/** Lock files this process holds, so a lock file naming our own pid is told apart from a stale one. */
const heldByThisProcess = new Set<string>();

/**
 * Takes the data directory for this process: two PGlite instances on the same files would
 * corrupt them, and PGlite itself does not refuse. The lock is a file holding the owner's pid;
 * a lock whose process is gone (crash, SIGKILL) is taken over.
 * @returns a function that releases the lock.
 * @throws DataDirLockedError when a live process holds it.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, "trainyard-embedded.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx" });
      heldByThisProcess.add(path);
      return async () => {
        heldByThisProcess.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (Number.isInteger(owner) && isAlive(owner) && (owner !== process.pid || heldByThisProcess.has(path))) {
      throw new DataDirLockedError(dataDir, owner);
    }
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirLockedError(dataDir, Number.NaN);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
