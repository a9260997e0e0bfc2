import type { ActivationName, RegularizerSpec } from "@trainyard/contracts";
import type { MergeMode, Padding, RecurrentCell } from "./layer-math.js";

/** Fields every resolved layer has. */
interface LayerBase {
  /** The layer's name in the plan and in the built model. */
  name: string;
  /** Where the layer comes from in the job spec, e.g. "model.conv.1" or "model.layers.3". */
  path: string;
}

/**
 * One layer with every option resolved: what the planner measures and the builder creates, so the
 * two cannot disagree. Sizes are per axis (a 2-D kernel of 3 is [3, 3]).
 */
export type LayerDef = LayerBase &
  (
    | { kind: "dense"; units: number; activation: ActivationName; useBias: boolean; kernelRegularizer?: RegularizerSpec }
    | {
        kind: "conv";
        rank: 1 | 2;
        filters: number;
        kernelSize: number[];
        strides: number[];
        padding: Padding;
        activation: ActivationName;
        kernelRegularizer?: RegularizerSpec;
      }
    | { kind: "pool"; rank: 1 | 2; mode: "max" | "avg"; poolSize: number[]; strides: number[]; padding: "valid" | "same"; poolSizeField: string }
    | { kind: "globalAveragePooling"; rank: 1 | 2 }
    | { kind: "flatten" }
    | { kind: "dropout"; rate: number }
    | { kind: "batchNormalization"; momentum: number; epsilon: number }
    | { kind: "embedding"; inputDim: number; outputDim: number; embeddingsRegularizer?: RegularizerSpec }
    | {
        kind: "recurrent";
        cell: RecurrentCell;
        units: number;
        returnSequences: boolean;
        dropout: number;
        recurrentDropout: number;
        kernelRegularizer?: RegularizerSpec;
        /** Wrap in Bidirectional with this merge mode. */
        bidirectional?: MergeMode;
      }
    | { kind: "reshape"; targetShape: number[] }
    | { kind: "activation"; activation: ActivationName }
  );

/** A model as a list of resolved layers on an input shape (cnn, rnn and sequential models). */
export interface ResolvedModel {
  /** One sample's shape as the first layer reads it. */
  inputShape: number[];
  layers: LayerDef[];
}

/** Keras class name of a resolved layer, as tfjs reports it. */
export function classNameOf(layer: LayerDef): string {
  switch (layer.kind) {
    case "dense":
      return "Dense";
    case "conv":
      return `Conv${layer.rank}D`;
    case "pool":
      return `${layer.mode === "max" ? "Max" : "Average"}Pooling${layer.rank}D`;
    case "globalAveragePooling":
      return `GlobalAveragePooling${layer.rank}D`;
    case "flatten":
      return "Flatten";
    case "dropout":
      return "Dropout";
    case "batchNormalization":
      return "BatchNormalization";
    case "embedding":
      return "Embedding";
    case "recurrent":
      return layer.bidirectional !== undefined ? "Bidirectional" : { lstm: "LSTM", gru: "GRU", simple: "SimpleRNN" }[layer.cell];
    case "reshape":
      return "Reshape";
    case "activation":
      return "Activation";
  }
}

/** Gives each name a Keras-style suffix from its second use on: conv, conv_1, conv_2. */
export function createNamer(): (base: string) => string {
  const used = new Map<string, number>();
  return (base) => {
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  };
}
