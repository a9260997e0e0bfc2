import { z } from "zod";
import { regularizerSchema } from "./regularizer.js";

/**
 * The seed's GAN and its options. Defaults give exactly: generator z(100) -> Dense(128, relu) ->
 * Dense(prod(image shape), tanh) -> Reshape(image shape); discriminator Flatten -> Dense(128,
 * leakyRelu) -> Dense(1, sigmoid). Images are scaled to [-1, 1]; labels are not used. Training
 * alternates `dSteps` discriminator steps and `gSteps` generator steps, each with its own optimizer
 * (the job's optimizer and learning rate). The generator is the job's model.
 */
export const ganModelSpecSchema = z
  .object({
    type: z.literal("gan"),
    /** Size of the noise vector z, default 100. */
    latentDim: z.int().min(1).max(1024).default(100),
    /** Generator hidden layers' units, default [128]. */
    generator: z.array(z.int().min(1).max(8192)).min(1).max(8).default([128]),
    /** Discriminator hidden layers' units, default [128]. */
    discriminator: z.array(z.int().min(1).max(8192)).min(1).max(8).default([128]),
    /** Discriminator steps per round, default 1. */
    dSteps: z.int().min(1).max(10).default(1),
    /** Generator steps per round, default 1. */
    gSteps: z.int().min(1).max(10).default(1),
    /** Save a grid of generated samples as a PNG every this many epochs, default 1. */
    sampleEveryEpochs: z.int().min(1).max(1000).default(1),
    /** Kernel penalty on every layer with a kernel. */
    kernelRegularizer: regularizerSchema.optional(),
  })
  .strict();
export type GanModelSpec = z.infer<typeof ganModelSpecSchema>;
