import type { RandomAccessFile } from "../files/random-access-file.js";
import type { ZipEntryLocation } from "./read-zip-directory.js";
import { readZipEntryData } from "./read-zip-entry-data.js";

/**
 * Reads the sample entries of a zip one at a time, in sample order, while reporting broken
 * entries as `parseImageZipDataset` does. The parser inflates every sample entry, in zip order,
 * before it decodes any image: its error is the first entry in zip order whose data does not
 * inflate, ahead of any image that does not decode. This reader inflates each entry once on the
 * way, and only when something fails does it inflate the entries not yet seen to find that one.
 */
export class SampleEntryReader {
  /** 1 for each entry (by zip index) whose data is known to inflate. */
  private readonly inflated: Uint8Array;
  /** The sample entries' zip indices, ascending. */
  private readonly zipOrder: Int32Array;

  constructor(
    private readonly file: RandomAccessFile,
    private readonly entries: readonly ZipEntryLocation[],
    sampleIndices: Iterable<number>,
  ) {
    this.inflated = new Uint8Array(entries.length);
    this.zipOrder = Int32Array.from(sampleIndices).sort();
  }

  /**
   * The data of the entry at zip index `index`.
   * @throws DatasetFormatError of the first entry in zip order, up to this one, that does not inflate.
   */
  async read(index: number): Promise<Uint8Array> {
    const entry = this.entries[index];
    if (entry === undefined) throw new RangeError(`no zip entry ${index}`);
    try {
      const data = await readZipEntryData(this.file, entry);
      this.inflated[index] = 1;
      return data;
    } catch (error) {
      await this.checkInflates(index);
      throw error;
    }
  }

  /**
   * Inflates the sample entries before zip index `end` (all by default) not inflated yet, one at
   * a time, and throws the first one's error. Call it before reporting an image that does not decode.
   */
  async checkInflates(end = Infinity): Promise<void> {
    for (const index of this.zipOrder) {
      if (index >= end) break;
      const entry = this.entries[index];
      // Stored data cannot fail to "inflate".
      if (entry === undefined || entry.compression === 0 || this.inflated[index] === 1) continue;
      await readZipEntryData(this.file, entry);
      this.inflated[index] = 1;
    }
  }
}
