import type { Config } from "@trainyard/config";
import type { DatasetSourceRules } from "@trainyard/storage";

/** Where datasets given by URI may be read from: DATASETS_ROOT, ALLOW_HTTP_DATASETS, and S3 with the store's settings. */
export function datasetSourceRules(config: Config): DatasetSourceRules {
  const { storage } = config;
  return {
    ...config.datasetSources,
    maxBytes: config.maxUploadBytes,
    ...(storage.kind === "s3"
      ? {
          s3: {
            region: storage.region,
            forcePathStyle: storage.forcePathStyle,
            ...(storage.endpoint === undefined ? {} : { endpoint: storage.endpoint }),
            ...(storage.accessKeyId === undefined ? {} : { accessKeyId: storage.accessKeyId }),
            ...(storage.secretAccessKey === undefined ? {} : { secretAccessKey: storage.secretAccessKey }),
          },
        }
      : {}),
  };
}
