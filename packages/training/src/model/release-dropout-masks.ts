import type * as tfjs from "@tensorflow/tfjs";

type Masks = tfjs.Tensor | tfjs.Tensor[] | null | undefined;
interface RecurrentCell {
  dropoutMask?: Masks;
  recurrentDropoutMask?: Masks;
}
/** The internals of tfjs's RNN and Bidirectional layers this reaches into. */
interface RecurrentInternals {
  cell?: RecurrentCell;
  forwardLayer?: { cell?: RecurrentCell };
  backwardLayer?: { cell?: RecurrentCell };
}

/**
 * Makes `model.dispose()` also free the dropout masks of its recurrent layers. tfjs 4.22 keeps the
 * masks of a recurrent layer with `dropout` or `recurrentDropout` alive after each call (they are
 * only freed at the layer's next call), and its dispose leaves them: up to 6 tensors per GRU or
 * LSTM after the last training step or prediction.
 */
export function releaseDropoutMasksOnDispose(model: tfjs.LayersModel): void {
  for (const layer of model.layers) {
    const internals = layer as unknown as RecurrentInternals;
    const cells = [internals.cell, internals.forwardLayer?.cell, internals.backwardLayer?.cell].filter((cell) => cell !== undefined);
    if (cells.length === 0) continue;
    const dispose = layer.dispose.bind(layer);
    layer.dispose = () => {
      for (const cell of cells) {
        for (const key of ["dropoutMask", "recurrentDropoutMask"] as const) {
          const masks = cell[key];
          if (masks !== null && masks !== undefined) {
            for (const mask of Array.isArray(masks) ? masks : [masks]) mask.dispose();
            cell[key] = null;
          }
        }
      }
      return dispose();
    };
  }
}
