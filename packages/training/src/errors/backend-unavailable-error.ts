/** The backend that was explicitly asked for (not "auto") could not be loaded. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly preference: string,
    readonly reasons: string[],
  ) {
    super(`backend "${preference}" is unavailable: ${reasons.join("; ")}`);
    this.name = "BackendUnavailableError";
  }
}
