import { conv2dBackpropFilterNative, conv2dBackpropInputNative } from "./conv2d-backprop.js";
import { conv2dNative, fusedConv2dNative } from "./conv2d.js";
import { binaryNative, compareNative, logicalAndNative, selectNative, unaryNative } from "./elementwise.js";
import { gatherV2Native } from "./gather.js";
import { batchMatMulNative, fusedMatMulNative } from "./mat-mul.js";
import { maxPoolGradNative, maxPoolNative } from "./max-pool.js";
import type { NativeKernelBody } from "./native-kernel.js";
import { sliceNative, splitVNative } from "./slice.js";
import { sumNative } from "./sum.js";
import { transposeNative } from "./transpose.js";
import { unsortedSegmentSumNative } from "./unsorted-segment-sum.js";

/** The kernels the native backend runs natively, by TensorFlow.js kernel name; the rest are the cpu backend's. */
export const nativeKernels: Readonly<Record<string, NativeKernelBody>> = {
  BatchMatMul: batchMatMulNative,
  _FusedMatMul: fusedMatMulNative,
  Conv2D: conv2dNative,
  FusedConv2D: fusedConv2dNative,
  Conv2DBackpropInput: conv2dBackpropInputNative,
  Conv2DBackpropFilter: conv2dBackpropFilterNative,
  MaxPool: maxPoolNative,
  MaxPoolGrad: maxPoolGradNative,
  Sum: sumNative,
  GatherV2: gatherV2Native,
  UnsortedSegmentSum: unsortedSegmentSumNative,
  Slice: sliceNative,
  SplitV: splitVNative,
  Transpose: transposeNative,
  Add: binaryNative("Add"),
  Sub: binaryNative("Sub"),
  Multiply: binaryNative("Multiply"),
  RealDiv: binaryNative("RealDiv"),
  Maximum: binaryNative("Maximum"),
  Minimum: binaryNative("Minimum"),
  SquaredDifference: binaryNative("SquaredDifference"),
  Greater: compareNative("Greater"),
  GreaterEqual: compareNative("GreaterEqual"),
  Less: compareNative("Less"),
  LessEqual: compareNative("LessEqual"),
  Equal: compareNative("Equal"),
  NotEqual: compareNative("NotEqual"),
  LogicalAnd: logicalAndNative,
  Select: selectNative,
  Relu: unaryNative("Relu"),
  Relu6: unaryNative("Relu6"),
  Step: unaryNative("Step"),
  Sqrt: unaryNative("Sqrt"),
  Rsqrt: unaryNative("Rsqrt"),
  Square: unaryNative("Square"),
  Neg: unaryNative("Neg"),
  Tanh: unaryNative("Tanh"),
  Sigmoid: unaryNative("Sigmoid"),
  Exp: unaryNative("Exp"),
  Log: unaryNative("Log"),
  Abs: unaryNative("Abs"),
  ClipByValue: unaryNative("ClipByValue"),
  LeakyRelu: unaryNative("LeakyRelu"),
  Reciprocal: unaryNative("Reciprocal"),
};
