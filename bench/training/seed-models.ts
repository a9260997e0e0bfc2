// The seed models the training benches measure, their data shapes and their jobs' training settings.
import { modelSpecSchema, trainingSpecSchema, type ModelSpec, type TrainingSpec } from "@trainyard/contracts";

/** The three seed models, by their spec's `type`. */
export const seedModelNames = ["cnn", "rnn", "gan"] as const;
export type SeedModelName = (typeof seedModelNames)[number];

/** Learning rate of each seed model's example job (examples/{cnn,rnn,gan}.json). */
export const seedLearningRates: Record<SeedModelName, number> = { cnn: 0.001, rnn: 0.001, gan: 0.0002 };

/** The spec `{ type }` with every default filled in, as the API stores it. */
export function seedModelSpec(name: SeedModelName): ModelSpec {
  return modelSpecSchema.parse({ type: name });
}

/** A job's training settings for `name`: adam at the example's learning rate, `epochs` x `batchSize`, seed 1. */
export function seedTrainingSpec(name: SeedModelName, batchSize: number, epochs: number): TrainingSpec {
  return trainingSpecSchema.parse({ epochs, batchSize, optimizer: "adam", learningRate: seedLearningRates[name], seed: 1 });
}
