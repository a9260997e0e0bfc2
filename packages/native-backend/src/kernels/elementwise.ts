import { broadcastMappings } from "./broadcast.js";
import type { NativeKernelArgs, NativeKernelBody } from "./native-kernel.js";
import { boolValues, float32Data, makeFloat32Output, product } from "./tensor-values.js";

/** native/elementwise.cc's unary op codes. */
const unaryCodes = { Relu: 0, Relu6: 1, Step: 2, Sqrt: 3, Rsqrt: 4, Square: 5, Neg: 6, Tanh: 7, Sigmoid: 8, Exp: 9, Log: 10, Abs: 11, ClipByValue: 12, LeakyRelu: 13, Reciprocal: 14 } as const;
/** native/elementwise.cc's binary op codes. */
const binaryCodes = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 } as const;
/** native/elementwise.cc's comparison op codes. */
const compareCodes = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 } as const;

/** The two numeric attributes a unary op takes (Step's alpha, ClipByValue's bounds, LeakyRelu's alpha). */
function unaryParameters(name: keyof typeof unaryCodes, attrs: Parameters<NativeKernelBody>[0]["attrs"]): [number, number] {
  if (name === "ClipByValue") return [Number(attrs["clipValueMin"]), Number(attrs["clipValueMax"])];
  if (name === "Step" || name === "LeakyRelu") return [Number(attrs["alpha"] ?? (name === "LeakyRelu" ? 0.2 : 0)), 0];
  return [0, 0];
}

/** A float32 unary kernel. */
export function unaryNative(name: keyof typeof unaryCodes): NativeKernelBody {
  const code = unaryCodes[name];
  return ({ inputs, attrs, backend, addon }) => {
    const { x } = inputs;
    const xv = float32Data(backend, x);
    if (x === undefined || xv === undefined) return undefined;
    const [alpha, beta] = unaryParameters(name, attrs);
    const out = makeFloat32Output(backend, x.shape);
    addon.unary(code, xv, out.values, product(x.shape), alpha, beta);
    return out.info;
  };
}

/** Inputs a and b as float32 data with their broadcast plan, or undefined for what the native kernels leave to the cpu ones. */
function broadcastOperands({ inputs, backend }: NativeKernelArgs) {
  const { a, b } = inputs;
  const av = float32Data(backend, a);
  const bv = float32Data(backend, b);
  if (a === undefined || b === undefined || av === undefined || bv === undefined) return undefined;
  const plan = broadcastMappings(a.shape, b.shape);
  if (plan === undefined || product(plan.outShape) === 0) return undefined;
  return { av, bv, plan, size: product(plan.outShape) };
}

/** A float32 binary kernel with the broadcasts {@link broadcastMappings} supports. */
export function binaryNative(name: keyof typeof binaryCodes): NativeKernelBody {
  const code = binaryCodes[name];
  return (args) => {
    const operands = broadcastOperands(args);
    if (operands === undefined) return undefined;
    const { av, bv, plan, size } = operands;
    const out = makeFloat32Output(args.backend, plan.outShape);
    args.addon.binary(code, av, plan.a.div, plan.a.mod, bv, plan.b.div, plan.b.mod, out.values, size);
    return out.info;
  };
}

/** A float32 comparison kernel (bool output) with the broadcasts {@link broadcastMappings} supports. */
export function compareNative(name: keyof typeof compareCodes): NativeKernelBody {
  const code = compareCodes[name];
  return (args) => {
    const operands = broadcastOperands(args);
    if (operands === undefined) return undefined;
    const { av, bv, plan, size } = operands;
    const values = new Uint8Array(size);
    args.addon.compare(code, av, plan.a.div, plan.a.mod, bv, plan.b.div, plan.b.mod, values, size);
    return args.backend.makeTensorInfo(plan.outShape, "bool", values);
  };
}

/** LogicalAnd of two bool tensors of one shape. */
export const logicalAndNative: NativeKernelBody = ({ inputs, backend, addon }) => {
  const { a, b } = inputs;
  const av = boolValues(backend, a);
  const bv = boolValues(backend, b);
  if (a === undefined || b === undefined || av === undefined || bv === undefined || a.shape.join() !== b.shape.join()) return undefined;
  const values = new Uint8Array(av.length);
  addon.logicalAnd(av, bv, values, values.length);
  return backend.makeTensorInfo(a.shape, "bool", values);
};

/** Select over float32 values with a condition of their shape (tf.where broadcasts all three first). */
export const selectNative: NativeKernelBody = ({ inputs, backend, addon }) => {
  const { condition, t, e } = inputs;
  const cv = boolValues(backend, condition);
  const tv = float32Data(backend, t);
  const ev = float32Data(backend, e);
  if (condition === undefined || t === undefined || cv === undefined || tv === undefined || ev === undefined) return undefined;
  const size = product(t.shape);
  if (e === undefined || e.shape.join() !== t.shape.join() || size === 0) return undefined;
  if (condition.shape.join() !== t.shape.join()) return undefined;
  const out = makeFloat32Output(backend, t.shape);
  addon.select(cv, tv, ev, out.values, size);
  return out.info;
};
