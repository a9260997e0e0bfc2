import { open } from "node:fs/promises";

/** The first `maxBytes` bytes of a file (fewer when it is shorter) and its total size. */
export async function readFileHead(path: string, maxBytes: number): Promise<{ head: Buffer; size: number }> {
  const handle = await open(path, "r");
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(size, maxBytes));
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { head: head.subarray(0, filled), size };
  } finally {
    await handle.close();
  }
}
