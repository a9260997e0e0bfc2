import type * as tfjs from "@tensorflow/tfjs";

type Layer = tfjs.layers.Layer;

/**
 * The sum of the model's regularization losses (e.g. `kernelRegularizer` penalties) at its current
 * weights, or undefined when it has none; call inside a tidy (or `optimizer.minimize`, so that the
 * penalty's gradient reaches the weights).
 *
 * `LayersModel.calculateLosses()` is not enough in tfjs-layers 4.22: on a `tf.sequential` model it
 * returns nothing, an RNN layer keeps its penalties on its cell, and Bidirectional on its two copies
 * of the wrapped layer. So this walks the layers itself: nested models, wrappers, RNN cells.
 */
export function regularizationPenalty(tf: typeof tfjs, model: tfjs.LayersModel): tfjs.Scalar | undefined {
  const losses = [...new Set(lossOwners(model))].flatMap((owner) => owner.calculateLosses());
  if (losses.length === 0) return undefined;
  return (losses.length === 1 ? losses[0] : tf.addN(losses)) as tfjs.Scalar;
}

/** The layers and cells whose own `losses` hold a model's regularization penalties. */
function lossOwners(layer: Layer): Layer[] {
  const nested = layer as Layer & {
    layers?: Layer[];
    forwardLayer?: Layer;
    backwardLayer?: Layer;
    layer?: Layer;
    cell?: Layer & { cells?: Layer[] };
  };
  if (Array.isArray(nested.layers)) return nested.layers.flatMap(lossOwners);
  // Bidirectional: the penalties live on its two copies of the wrapped layer, not on `layer`.
  if (nested.forwardLayer !== undefined && nested.backwardLayer !== undefined) {
    return [...lossOwners(nested.forwardLayer), ...lossOwners(nested.backwardLayer)];
  }
  // Other wrappers (TimeDistributed) report the wrapped layer's losses as their own.
  if (nested.layer !== undefined) return lossOwners(nested.layer);
  if (nested.cell !== undefined) {
    const cells = Array.isArray(nested.cell.cells) ? nested.cell.cells : [nested.cell];
    return [layer, ...cells];
  }
  return [layer];
}
