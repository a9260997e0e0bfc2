import type { backend_util } from "@tensorflow/tfjs";

type Conv2DInfo = backend_util.Conv2DInfo;

/** Whether `info`'s padding and sizes give its output size by the floor rule oneDNN checks. */
function consistent(info: Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) return false;
  const outH = Math.floor((info.inHeight + top + bottom - info.effectiveFilterHeight) / info.strideHeight) + 1;
  const outW = Math.floor((info.inWidth + left + right - info.effectiveFilterWidth) / info.strideWidth) + 1;
  return outH === info.outHeight && outW === info.outWidth;
}

function nonEmpty(info: Conv2DInfo): boolean {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels].every((d) => d > 0);
}

/**
 * The 17 numbers native/convolution.cc reads, or undefined for what it does not handle (NCHW, empty
 * tensors, paddings whose output size does not follow the floor rule).
 */
export function convGeometry(info: Conv2DInfo): Int32Array | undefined {
  if (info.dataFormat !== "channelsLast" || !nonEmpty(info) || !consistent(info)) return undefined;
  const p = info.padInfo;
  return Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    p.top, p.left, p.bottom, p.right,
  );
}

/** The 12 numbers native/pooling.cc reads, or undefined for what it does not handle (NCHW, dilation, empty tensors). */
export function poolGeometry(info: Conv2DInfo): Int32Array | undefined {
  if (info.dataFormat !== "channelsLast" || !nonEmpty(info) || info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  if (info.padInfo.top < 0 || info.padInfo.left < 0) return undefined;
  return Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  );
}
