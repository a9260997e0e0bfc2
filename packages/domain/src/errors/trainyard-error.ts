/** Base class of every error Trainyard raises on purpose. `statusCode` is the HTTP status it maps to. */
export abstract class TrainyardError extends Error {
  abstract readonly statusCode: number;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
