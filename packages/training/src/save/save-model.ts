import type * as tfjs from "@tensorflow/tfjs";

/** Writes one file of a saved model; `path` is relative to the model's directory. */
export type WriteModelFile = (path: string, bytes: Uint8Array, contentType: string) => Promise<void>;

/** What {@link saveModel} wrote. */
export interface SavedModelFiles {
  modelJsonBytes: number;
  weightsBytes: number;
}

/** The topology file; the layout tfjs's http and file handlers use. */
export const modelJsonPath = "model.json";
/** The single weights shard, named in model.json relative to it. */
export const weightsPath = "weights.bin";

/**
 * Saves `model` as `model.json` plus one `weights.bin` shard through `write`. The manifest names the
 * shard relatively, so `tf.loadLayersModel("http://host/any/dir/model.json")` loads both once the two
 * files sit side by side. The optimizer state is not saved.
 */
export async function saveModel(tf: typeof tfjs, model: tfjs.LayersModel, write: WriteModelFile): Promise<SavedModelFiles> {
  let written: SavedModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(
        artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
      );
      const modelJson: tfjs.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      const json = new TextEncoder().encode(JSON.stringify(modelJson));
      await write(modelJsonPath, json, "application/json");
      await write(weightsPath, weights, "application/octet-stream");
      written = { modelJsonBytes: json.byteLength, weightsBytes: weights.byteLength };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (written === undefined) throw new Error("model.save did not call the save handler");
  return written;
}
