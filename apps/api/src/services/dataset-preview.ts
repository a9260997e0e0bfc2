import type { ParsedDataset } from "@trainyard/domain";
import type { DatasetRepository, ObjectStore } from "@trainyard/domain";
import { decodeDataset } from "@trainyard/datasets";
import { encodePng } from "@trainyard/training/png";
import { getDataset } from "./datasets.js";

/** Feature values shown per numeric sample. */
const maxFeatures = 256;

export interface PreviewItem {
  index: number;
  label: number;
  image?: string;
  features?: number[];
  text?: string;
}

/** The first `limit` samples: images as PNG data URLs, numbers as arrays, text as text. */
export async function previewDataset(
  deps: { datasets: DatasetRepository; store: ObjectStore },
  tenantId: string,
  id: string,
  limit: number,
): Promise<{ items: PreviewItem[] }> {
  const record = await getDataset(deps.datasets, tenantId, id);
  const [x, y] = await Promise.all([deps.store.getBuffer(`${record.storageKey}/x.bin`), deps.store.getBuffer(`${record.storageKey}/y.bin`)]);
  const dataset = decodeDataset(record, x, y);
  const items: PreviewItem[] = [];
  for (let index = 0; index < Math.min(limit, dataset.count); index++) items.push({ index, label: dataset.labels[index] ?? 0, ...sampleView(dataset, index) });
  return { items };
}

function sampleView(dataset: ParsedDataset, index: number): Omit<PreviewItem, "index" | "label"> {
  if (dataset.dtype === "text") return { text: dataset.texts[index] ?? "" };
  const size = dataset.featureShape.reduce((a, b) => a * b, 1);
  const values = dataset.features.subarray(index * size, (index + 1) * size);
  const [height, width, channels = 1] = dataset.featureShape;
  if (dataset.dtype === "uint8" && height !== undefined && width !== undefined && (channels === 1 || channels === 3)) {
    const png = encodePng({ width, height, channels, pixels: Uint8Array.from(values) });
    return { image: `data:image/png;base64,${Buffer.from(png).toString("base64")}` };
  }
  return { features: Array.from(values.subarray(0, maxFeatures)) };
}
