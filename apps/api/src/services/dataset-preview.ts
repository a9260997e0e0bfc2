import type { Readable } from "node:stream";
import type { DatasetRecord, DatasetRepository, ObjectStore } from "@trainyard/domain";
import { encodePng } from "@trainyard/training/png";
import { getDataset } from "./datasets.js";

/** Feature values shown per numeric sample. */
const maxFeatures = 256;
/** Most bytes of a text dataset read for a preview. */
const maxTextBytes = 4 * 1024 * 1024;

export interface PreviewItem {
  index: number;
  label: number;
  image?: string;
  features?: number[];
  text?: string;
}

/**
 * The first `limit` samples: images as PNG data URLs, numbers as arrays, text as text. Reads only
 * the leading bytes of the stored files, whatever the dataset's size.
 */
export async function previewDataset(
  deps: { datasets: DatasetRepository; store: ObjectStore },
  tenantId: string,
  id: string,
  limit: number,
): Promise<{ items: PreviewItem[] }> {
  const record = await getDataset(deps.datasets, tenantId, id);
  const count = Math.min(limit, record.count);
  const labelBytes = await readPrefix(await deps.store.get(`${record.storageKey}/y.bin`), count * 4);
  const labels = new DataView(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength);
  const label = (i: number): number => (i * 4 + 4 <= labelBytes.byteLength ? labels.getInt32(i * 4, true) : 0);
  if (record.dtype === "text") {
    const text = await readPrefix(await deps.store.get(`${record.storageKey}/x.bin`), maxTextBytes, count);
    // The last line read may be cut at maxTextBytes: only whole lines are shown.
    const lines = text.toString("utf8").split("\n").slice(0, count).filter((line) => line.endsWith('"'));
    return { items: lines.map((line, index) => ({ index, label: label(index), text: JSON.parse(line) as string })) };
  }
  const sampleSize = record.featureShape.reduce((a, b) => a * b, 1);
  const elementBytes = record.dtype === "uint8" ? 1 : 4;
  const x = await readPrefix(await deps.store.get(`${record.storageKey}/x.bin`), count * sampleSize * elementBytes);
  const items: PreviewItem[] = [];
  for (let index = 0; index < count; index++) {
    items.push({ index, label: label(index), ...sampleView(record, x, index, sampleSize) });
  }
  return { items };
}

function sampleView(record: DatasetRecord, x: Buffer, index: number, size: number): Omit<PreviewItem, "index" | "label"> {
  const [height, width, channels = 1] = record.featureShape;
  if (record.dtype === "uint8") {
    const pixels = Uint8Array.from(x.subarray(index * size, (index + 1) * size));
    if (height !== undefined && width !== undefined && record.featureShape.length >= 2 && (channels === 1 || channels === 3)) {
      return { image: `data:image/png;base64,${Buffer.from(encodePng({ width, height, channels, pixels })).toString("base64")}` };
    }
    return { features: Array.from(pixels.subarray(0, maxFeatures)) };
  }
  const view = new DataView(x.buffer, x.byteOffset + index * size * 4, Math.min(size, maxFeatures) * 4);
  const read = (i: number): number => (record.dtype === "int32" ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true));
  return { features: Array.from({ length: Math.min(size, maxFeatures) }, (_, i) => read(i)) };
}

/** The first `bytes` bytes of a stream (or up to the `lines`-th newline), then the stream is closed. */
async function readPrefix(stream: Readable, bytes: number, lines?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let newlines = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (lines !== undefined) for (const byte of chunk) if (byte === 10) newlines++;
      if (total >= bytes || (lines !== undefined && newlines >= lines)) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}
