import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Multipart } from "@fastify/multipart";
import { InvalidInputError, PayloadTooLargeError } from "@trainyard/domain";

/** One uploaded file, written to a temporary file as it arrived. */
export interface SpooledFile {
  filename: string;
  path: string;
  sizeBytes: number;
}

/** A multipart dataset upload: its text fields, and its files on local disk. */
export interface DatasetUpload {
  fields: Record<string, string>;
  files: Map<string, SpooledFile>;
  /** The temporary folder holding the files; also a place for work files. `dispose` removes it. */
  dir: string;
  dispose: () => Promise<void>;
}

/** Creates a temporary folder for one upload's files; `dispose` removes it and all it holds. */
export async function createUploadDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "trainyard-upload-"));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Receives a multipart upload by streaming each file part to a temporary file (memory stays flat
 * whatever the size); fields are kept as strings. Parts may come in any order. On any failure
 * the folder is removed before the error is passed on.
 * @throws InvalidInputError when a file field is given twice.
 * @throws PayloadTooLargeError (413) for a file past `maxFileBytes` (the multipart plugin's limit).
 */
export async function spoolUpload(parts: AsyncIterableIterator<Multipart>, maxFileBytes: number): Promise<DatasetUpload> {
  const { dir, dispose } = await createUploadDir();
  const upload: DatasetUpload = { fields: {}, files: new Map(), dir, dispose };
  try {
    for await (const part of parts) {
      if (part.type === "field") {
        upload.fields[part.fieldname] = String(part.value);
        continue;
      }
      if (upload.files.has(part.fieldname)) throw InvalidInputError.forField(`body.${part.fieldname}`, "file given twice");
      // The field name is only a file name here after this check: letters, digits, - and _.
      const safeName = /^[A-Za-z0-9_-]{1,64}$/.test(part.fieldname) ? part.fieldname : `file-${upload.files.size}`;
      const path = join(dir, `upload-${safeName}`);
      let sizeBytes = 0;
      part.file.on("data", (chunk: Buffer) => {
        sizeBytes += chunk.byteLength;
      });
      await pipeline(part.file, createWriteStream(path));
      if (part.file.truncated) throw new PayloadTooLargeError(`body.${part.fieldname}: the file is larger than the upload limit of ${maxFileBytes} bytes`);
      upload.files.set(part.fieldname, { filename: part.filename, path, sizeBytes });
    }
    return upload;
  } catch (error) {
    await dispose();
    throw error;
  }
}
