import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { datasetReferenceSchema, type DatasetReference } from "@trainyard/contracts";
import { InvalidInputError, TrainyardError, type DatasetRecord, type DatasetRepository, type ObjectStore } from "@trainyard/domain";
import type { DatasetSourceReader } from "@trainyard/storage";
import { removeObjects, storePrepared } from "./datasets.js";
import { parseBody } from "./parse-body.js";
import { checkFormatOptions, contentSha256, filesByFormat, prepareDataset } from "./prepare-dataset.js";
import { createUploadDir } from "./spool-upload.js";

export interface ReferenceDeps {
  datasets: DatasetRepository;
  store: ObjectStore;
  sources: DatasetSourceReader;
  logger: FastifyBaseLogger;
  /** The object store's own S3 area (`s3://bucket/prefix`), which references may not point into. */
  storageArea?: { bucket: string; prefix: string };
}

/** Referenced datasets read at once in this process (each streams to temporary files); the rest wait their turn. */
const maxConcurrentReads = 2;
let activeReads = 0;
const waiting: (() => void)[] = [];
/** Datasets being read by this process: the reconciler leaves them alone. */
const readingHere = new Set<string>();

async function withReadSlot<T>(work: () => Promise<T>): Promise<T> {
  if (activeReads >= maxConcurrentReads) await new Promise<void>((resolve) => waiting.push(resolve));
  activeReads++;
  try {
    return await work();
  } finally {
    activeReads--;
    waiting.shift()?.();
  }
}

/**
 * A dataset given by URI: its URIs are checked now (scheme rules: a 400 naming the field), it is
 * recorded PENDING, and it is read, parsed and stored in the background, ending READY or INVALID
 * with the reason. A job on a dataset that is not READY is refused at submit.
 */
export async function referenceDataset(deps: ReferenceDeps, tenantId: string, body: unknown): Promise<DatasetRecord> {
  const reference = parseBody(datasetReferenceSchema, body);
  checkFormatOptions(reference);
  const uris = resolveUris(reference);
  for (const [file, uri] of Object.entries(uris)) {
    const field = reference.uri === undefined ? `body.files.${file}` : "body.uri";
    refuseOwnStorage(uri, field, deps.storageArea);
    await deps.sources.check(uri, field);
  }
  const id = randomUUID();
  const name = reference.name ?? lastSegment(Object.values(uris)[0] ?? reference.format);
  const dataset = await deps.datasets.create({
    id,
    tenantId,
    name,
    version: (await deps.datasets.latestVersion(tenantId, name)) + 1,
    status: "PENDING",
    statusReason: "being read and checked",
    source: reference,
    format: reference.format,
    count: 0,
    featureShape: [],
    dtype: "uint8",
    numClasses: 0,
    // Unique per tenant and format: a placeholder until the content's hash is known.
    sha256: `pending-${id}`,
    sizeBytes: 0,
    maxTokenId: null,
    stats: null,
    labelNames: null,
    storageKey: `tenants/${tenantId}/datasets/${id}`,
  });
  void ingestReference(deps, dataset, reference, uris);
  return dataset;
}

/**
 * Datasets left PENDING by an API process that stopped while reading them (created more than
 * `staleMs` ago) are read again. Run by the reconciler.
 */
export async function resumePendingDatasets(deps: ReferenceDeps, staleMs = 120_000): Promise<number> {
  const pending = await deps.datasets.listPending({ createdBefore: new Date(Date.now() - staleMs), limit: 20 });
  for (const dataset of pending) {
    if (readingHere.has(dataset.id)) continue;
    if (dataset.source === null) {
      await deps.datasets.markInvalid(dataset.id, "its source was not recorded");
      continue;
    }
    await ingestReference(deps, dataset, dataset.source, resolveUris(dataset.source));
  }
  return pending.length;
}

/**
 * Reads, parses and stores a PENDING dataset; never throws (the outcome is its status). At most
 * `maxConcurrentReads` run at once. Every status change is conditional on PENDING, so a second
 * reader of the same dataset (another API process) can neither undo nor delete a finished one.
 */
export async function ingestReference(deps: ReferenceDeps, dataset: DatasetRecord, reference: DatasetReference, uris: Record<string, string>): Promise<void> {
  const logger = deps.logger.child({ datasetId: dataset.id });
  readingHere.add(dataset.id);
  try {
    await withReadSlot(async () => {
      try {
        const work = await createUploadDir();
        try {
          const paths = await Promise.all(Object.entries(uris).map(([file, uri]) => readSourceToFile(deps.sources, uri, file, work.dir)));
          const { out, details } = await prepareDataset(reference, paths, work.dir);
          await storePrepared(deps.store, dataset.storageKey, out);
          const ready = await deps.datasets.markReady(dataset.id, { ...details, sha256: await contentSha256(reference, paths) });
          logger.info({ count: details.count, changed: ready !== null }, "referenced dataset read");
        } finally {
          await work.dispose();
        }
      } catch (error) {
        const reason = error instanceof TrainyardError ? error.message : "could not be read (internal error; see the API log)";
        logger.warn({ err: error }, "referenced dataset invalid");
        const changed = await deps.datasets.markInvalid(dataset.id, reason).catch((markError: unknown) => {
          logger.error({ err: markError }, "could not mark dataset invalid");
          return false;
        });
        if (changed) await removeObjects(deps.store, dataset.storageKey);
      }
    });
  } finally {
    readingHere.delete(dataset.id);
  }
}

/** Streams one source file into `dir`, so it is prepared as an upload is (flat memory at any size). */
async function readSourceToFile(sources: DatasetSourceReader, uri: string, file: string, dir: string): Promise<string> {
  const path = join(dir, `source-${file}`);
  await sources.download(uri, file, path);
  return path;
}

/** A reference into the service's own storage area could read other tenants' data: refused. */
function refuseOwnStorage(uri: string, field: string, area: ReferenceDeps["storageArea"]): void {
  if (area === undefined || !uri.startsWith(`s3://${area.bucket}/`)) return;
  const key = uri.slice(`s3://${area.bucket}/`.length);
  const prefix = area.prefix.length === 0 ? "" : `${area.prefix.replace(/\/+$/, "")}/`;
  if (prefix.length === 0 || key.startsWith(prefix)) {
    throw InvalidInputError.forField(field, `may not point into this service's own storage (s3://${area.bucket}/${prefix}); reference your data where it is kept`);
  }
}

/** The format's files, each with its URI: `uri` for one-file formats, `files` for two-file formats. */
export function resolveUris(reference: DatasetReference): Record<string, string> {
  const expected: readonly string[] = filesByFormat[reference.format];
  if (expected.length === 1) {
    if (reference.uri === undefined || reference.files !== undefined) throw InvalidInputError.forField("body.uri", `format ${reference.format} takes one uri (and no files)`);
    return { [expected[0] ?? "data"]: reference.uri };
  }
  const files = reference.files ?? {};
  if (reference.uri !== undefined) throw InvalidInputError.forField("body.files", `format ${reference.format} takes files: { ${expected.join(", ")} } instead of uri`);
  for (const name of Object.keys(files)) if (!expected.includes(name)) throw InvalidInputError.forField(`body.files.${name}`, `unexpected file for format ${reference.format}; expected ${expected.join(", ")}`);
  return Object.fromEntries(
    expected.map((name) => {
      const uri = files[name];
      if (uri === undefined) throw InvalidInputError.forField(`body.files.${name}`, `is required for format ${reference.format}`);
      return [name, uri];
    }),
  );
}

function lastSegment(uri: string): string {
  const parts = uri.split("/").filter((p) => p.length > 0);
  return decodeURIComponent(parts.at(-1) ?? uri).slice(0, 200);
}
