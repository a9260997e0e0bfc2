/** `buildModel` was asked for a model family it does not build (a GAN: use `buildGan`). */
export class UnsupportedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedModelError";
  }
}
