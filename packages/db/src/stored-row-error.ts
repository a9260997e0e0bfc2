/** A row read from Postgres does not have the shape its column promises (written by something else, or corrupted). */
export class StoredRowError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoredRowError";
  }
}
