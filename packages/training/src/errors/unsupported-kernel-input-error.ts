/** A kernel registered by this package was called with inputs or attributes it does not implement. */
export class UnsupportedKernelInputError extends Error {
  constructor(kernelName: string, message: string) {
    super(`${kernelName}: ${message}`);
    this.name = "UnsupportedKernelInputError";
  }
}
