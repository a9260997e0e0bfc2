import { z } from "zod";

/**
 * The seed's CNN: Conv2D(32, 3x3, relu) -> MaxPooling2D(2x2) -> Flatten -> Dense(64, relu) ->
 * Dense(numClasses, softmax). Input shape and class count come from the dataset.
 */
export const cnnModelSpecSchema = z
  .object({ type: z.literal("cnn") })
  .strict()
  .describe("The seed's convolutional network");

/** Every model family a job can train. More families are added as union members. */
export const modelSpecSchema = z.discriminatedUnion("type", [cnnModelSpecSchema]);
export type ModelSpec = z.infer<typeof modelSpecSchema>;

export const optimizerNames = ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax"] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export const datasetRefSchema = z
  .object({
    /** Id of a dataset of the caller's tenant. */
    id: z.uuid(),
    /** Fraction of the samples held out for validation (the last ones), default 0.1. */
    validationSplit: z.number().min(0).max(0.5).default(0.1),
  })
  .strict();

export const trainingSpecSchema = z
  .object({
    /** Passes over the training data, default 1. */
    epochs: z.int().min(1).max(1000).default(1),
    /** Samples per gradient step, default 32. */
    batchSize: z.int().min(1).max(4096).default(32),
    /** Optimizer, default adam. */
    optimizer: z.enum(optimizerNames).default("adam"),
    /** Learning rate, default 0.001. */
    learningRate: z.number().gt(0).max(10).default(0.001),
    /** Shuffle the training samples every epoch, default true. */
    shuffle: z.boolean().default(true),
    /** Seed for weight initialisation and shuffling; random when absent. */
    seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  })
  .strict();

/** Body of POST /v1/jobs and the spec stored on the job row. */
export const jobSpecSchema = z
  .object({
    model: modelSpecSchema,
    dataset: datasetRefSchema,
    training: trainingSpecSchema.prefault({}),
  })
  .strict();

/** The spec as submitted (defaults may be missing). */
export type JobSpecInput = z.input<typeof jobSpecSchema>;
/** The spec with every default filled in: what workers read. */
export type JobSpec = z.infer<typeof jobSpecSchema>;
export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
