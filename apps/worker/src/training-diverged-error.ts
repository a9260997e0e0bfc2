import { TrainyardError } from "@trainyard/domain";

/** The loss or a metric became NaN or infinite: the model cannot train with these settings. */
export class TrainingDivergedError extends TrainyardError {
  readonly statusCode = 422;
}
