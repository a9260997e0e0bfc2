import { InvalidInputError } from "@trainyard/domain";
import { collectBounded, writeBounded, type BoundedSink } from "./collect-bounded.js";
import type { DatasetSourceIo, DatasetSourceReader, DatasetSourceRules } from "./dataset-source-rules.js";
import { readDatasetFile, resolveDatasetFile } from "./file-dataset-source.js";
import { checkHttpsUrl, readHttpsDataset } from "./https-dataset-source.js";
import { clientConfigOf, parseS3DatasetUri, readS3Dataset } from "./s3-dataset-source.js";

/**
 * Builds the reader of dataset URIs (`s3://`, `https://`, `file://`) under `rules`; `io` swaps
 * the https reader's fetch and DNS lookup (tests only). Nothing connects until `read` or `download`.
 * @throws InvalidInputError for an invalid `maxBytes` or only one of the S3 credentials.
 */
export function createDatasetSourceReader(rules: DatasetSourceRules, io: DatasetSourceIo = {}): DatasetSourceReader {
  if (!Number.isSafeInteger(rules.maxBytes) || rules.maxBytes < 0) {
    throw InvalidInputError.forField("maxBytes", `must be a non-negative integer, got ${rules.maxBytes}`);
  }
  if (rules.s3 !== undefined) clientConfigOf(rules.s3);
  const allowHttpHosts = rules.allowHttpHosts?.map((host) => host.toLowerCase());
  const httpsRules = { allowHttpHosts, maxBytes: rules.maxBytes };
  async function readWith<T>(uri: string, field: string, sink: BoundedSink<T>): Promise<T> {
    switch (schemeOf(uri, field)) {
      case "file": {
        const real = await resolveDatasetFile(uri, field, rules.datasetsRoot);
        return readDatasetFile(real, uri, field, rules.maxBytes, sink);
      }
      case "https":
        return readHttpsDataset(uri, field, httpsRules, io, sink);
      case "s3":
        return readS3Dataset(parseS3DatasetUri(uri, field, rules.s3), uri, field, rules.maxBytes, sink);
    }
  }
  return {
    async check(uri, field) {
      switch (schemeOf(uri, field)) {
        case "file":
          await resolveDatasetFile(uri, field, rules.datasetsRoot);
          return;
        case "https":
          checkHttpsUrl(uri, field, allowHttpHosts);
          return;
        case "s3":
          parseS3DatasetUri(uri, field, rules.s3);
          return;
      }
    },
    read: (uri, field) => readWith(uri, field, collectBounded),
    download: (uri, field, path) => readWith(uri, field, writeBounded(path)),
  };
}

type Scheme = "file" | "https" | "s3";

function schemeOf(uri: string, field: string): Scheme {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  // http:// goes to the https checker, which names the refusal precisely.
  if (scheme === "https" || scheme === "http") return "https";
  if (scheme === "file" || scheme === "s3") return scheme;
  const given = scheme === undefined ? "no scheme" : `${scheme}:`;
  throw InvalidInputError.forField(field, `dataset URIs must use s3://, https:// or file://, got ${given}`);
}
