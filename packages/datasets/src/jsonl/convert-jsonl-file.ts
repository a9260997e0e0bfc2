import { open, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { checkClassCount } from "../files/check-class-count.js";
import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { gunzipFileIfCompressed } from "../files/gunzip-file-if-compressed.js";
import { readTextChunks } from "../files/read-text-chunks.js";
import { writeLabelsFile } from "../files/write-labels-file.js";
import { writeLittleEndian } from "../files/write-little-endian.js";
import { FeatureStats, countClasses } from "../stats/feature-stats.js";
import { WordsPerText } from "../stats/words-per-text.js";
import { addJsonlLines, withoutByteOrderMark } from "./add-jsonl-lines.js";
import { JsonlSampleBuffer, type StoredJsonlValues } from "./jsonl-sample-buffer.js";
import { padTokenIdsFile } from "./pad-token-ids-file.js";

export interface ConvertJsonlFileOptions {
  /** Bytes of the file read (and lines parsed) at a time, default 8 MiB; tests use tiny ones. */
  chunkBytes?: number;
}

/** What the chunks written so far add up to. */
interface Written {
  xBytes: number;
  words: WordsPerText;
  stats: FeatureStats;
  maxTokenId: number;
  /** The work file of unpadded token ids, opened at the first token line. */
  ids: FileHandle | undefined;
}

/**
 * Converts a JSONL dataset file (raw or gzipped) into its stored form without holding the file
 * or its samples in memory: it is read and parsed a chunk of whole lines at a time, each chunk's
 * texts or features written to `x.bin` at once, with the line numbers carried across chunks.
 * Token lines are padded to the longest one, known only at the end, so their ids go unpadded to a
 * work file in `workDir` (no JSON is parsed twice) and are padded from it into `x.bin` once every
 * line is checked. Held throughout: one chunk, plus 4 bytes (label) and 2 bytes (token count) a
 * line. Accepts and refuses exactly what `parseJsonlDataset` does, with the same errors.
 */
export async function convertJsonlFile(paths: DatasetFilePaths<"data"> & ConvertJsonlFileOptions): Promise<ConvertedDataset> {
  const { workDir, out } = paths;
  const dataPath = await gunzipFileIfCompressed("data", paths.inputs.data, workDir, paths.maxDecompressedBytes);
  const idsPath = join(workDir, "data.token-ids");
  const samples = new JsonlSampleBuffer();
  const written: Written = { xBytes: 0, words: new WordsPerText(), stats: new FeatureStats(), maxTokenId: 0, ids: undefined };
  const x = await open(out.x, "w");
  try {
    let row = 0;
    let first = true;
    for await (const chunk of readTextChunks(dataPath, { cut: afterLastNewline, ...(paths.chunkBytes === undefined ? {} : { chunkBytes: paths.chunkBytes }) })) {
      row = addJsonlLines(samples, first ? withoutByteOrderMark(chunk) : chunk, row);
      first = false;
      await writeStored(samples.takeStored(), x, written, idsPath);
    }
    await written.ids?.close();
    written.ids = undefined;
    const numClasses = samples.checkComplete();
    checkClassCount(numClasses, paths.maxClasses);
    if (samples.kind === "tokens") {
      written.xBytes = await padTokenIdsFile({ idsPath, lengths: samples.tokenLengthArray(), maxLength: samples.maxLength, out: x, stats: written.stats });
    }
    const labels = samples.labelArray();
    const yBytes = await writeLabelsFile(out.y, labels);
    const text = samples.kind === "text";
    return {
      count: samples.count,
      ...samples.shape(),
      numClasses,
      stats: { classCounts: countClasses(labels, numClasses), ...(text ? nullFeatureStats : written.stats.result()), wordsPerText: text ? written.words.result() : null },
      sizeBytes: written.xBytes + yBytes,
      maxTokenId: samples.kind === "tokens" ? written.maxTokenId : null,
      labelNames: null,
    };
  } finally {
    await written.ids?.close();
    await x.close();
    await rm(idsPath, { force: true });
  }
}

const nullFeatureStats = { featureMin: null, featureMax: null, featureMean: null };

/** Every chunk but the last ends just after a "\n", so that lines are never split. */
function afterLastNewline(text: string): number {
  return text.lastIndexOf("\n") + 1;
}

/** Writes one chunk's values: texts and features to `x.bin`, token ids to the work file. */
async function writeStored(stored: StoredJsonlValues, x: FileHandle, written: Written, idsPath: string): Promise<void> {
  if (stored.kind === "text") {
    let lines = "";
    for (const text of stored.texts) {
      written.words.add(text);
      // The stored text form (encodeTexts): each text as a JSON string on its own line.
      lines += `${JSON.stringify(text)}\n`;
    }
    written.xBytes += await writeLittleEndian(x, Buffer.from(lines, "utf8"));
  } else if (stored.kind === "features") {
    written.stats.add(stored.features);
    written.xBytes += await writeLittleEndian(x, stored.features);
  } else if (stored.kind === "tokens") {
    let max = written.maxTokenId;
    for (let i = 0; i < stored.ids.length; i++) max = Math.max(max, stored.ids[i] ?? 0);
    written.maxTokenId = max;
    written.ids ??= await open(idsPath, "w");
    // Host byte order: this process reads it back (padTokenIdsFile).
    await written.ids.write(new Uint8Array(stored.ids.buffer, stored.ids.byteOffset, stored.ids.byteLength));
  }
}
