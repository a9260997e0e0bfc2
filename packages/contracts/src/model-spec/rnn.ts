import { z } from "zod";
import { regularizerSchema } from "./regularizer.js";

/**
 * The seed's RNN and its options. Defaults give exactly Embedding(10000, 64) -> LSTM(64) ->
 * Dense(1, sigmoid) for two classes or Dense(numClasses, softmax) for more. On token data (text or
 * pre-tokenized sequences) the first layer is an Embedding; on numeric sequences ([T, F] samples,
 * e.g. an image's rows) the recurrent layers read the features directly.
 */
export const rnnModelSpecSchema = z
  .object({
    type: z.literal("rnn"),
    /** Recurrent cell, default lstm. */
    cell: z.enum(["lstm", "gru", "simple"]).default("lstm"),
    /** Units per recurrent layer, default 64. */
    units: z.int().min(1).max(1024).default(64),
    /** Stacked recurrent layers, default 1. */
    layers: z.int().min(1).max(4).default(1),
    /** Wrap each recurrent layer in Bidirectional, default false. */
    bidirectional: z.boolean().default(false),
    /** Embedding width, default 64. */
    embeddingDim: z.int().min(1).max(1024).default(64),
    /** Vocabulary size (token ids 0..vocabSize-1; 0 pads, 1 is out-of-vocabulary for text), default 10000. */
    vocabSize: z.int().min(3).max(200_000).default(10_000),
    /** Tokens per sample: longer texts are truncated, shorter padded, default 100. */
    sequenceLength: z.int().min(1).max(2000).default(100),
    /** Dropout on each recurrent layer's inputs, default 0. */
    dropout: z.number().min(0).max(0.9).default(0),
    /** Dropout on each recurrent layer's recurrent state, default 0. */
    recurrentDropout: z.number().min(0).max(0.9).default(0),
    /** Kernel penalty on every layer with a kernel. */
    kernelRegularizer: regularizerSchema.optional(),
  })
  .strict();
export type RnnModelSpec = z.infer<typeof rnnModelSpecSchema>;
