import { InvalidInputError } from "@trainyard/domain";

/**
 * Refuses a dataset with more than `maxClasses` classes (labels 0..maxClasses-1) before anything
 * is sized by its class count.
 * @throws InvalidInputError for field "body".
 */
export function checkClassCount(numClasses: number, maxClasses: number): void {
  if (numClasses > maxClasses) {
    throw InvalidInputError.forField("body", `labels go up to ${numClasses - 1}; at most ${maxClasses} classes (labels 0..${maxClasses - 1}) are supported`);
  }
}
