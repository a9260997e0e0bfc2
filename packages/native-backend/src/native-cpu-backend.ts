import type { BackendValues, DataType, TensorInfo } from "@tensorflow/tfjs";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import type { NativeAddon, NativeHandle } from "./native-addon.js";

type DataId = TensorInfo["dataId"];

/** A cpu backend data entry that may keep its values in native memory. */
interface Entry {
  values?: BackendValues;
  native?: NativeHandle;
}

/**
 * The data entry of a natively stored tensor: `values` is a view made on first read (by a cpu
 * kernel, `dataSync`...), until a cpu kernel replaces the storage, which releases the native memory.
 * A class, so entries share one getter instead of each defining its own.
 */
class NativeEntry implements Entry {
  readonly dtype = "float32";
  refCount = 1;
  private view: Float32Array | undefined;
  private replaced: BackendValues | undefined;

  constructor(
    public native: NativeHandle | undefined,
    private readonly addon: NativeAddon,
  ) {}

  get values(): BackendValues {
    if (this.replaced !== undefined) return this.replaced;
    if (this.view !== undefined) return this.view;
    if (this.native === undefined) throw new Error("native tensor storage read after release");
    this.view = this.addon.view(this.native);
    return this.view;
  }

  set values(values: BackendValues) {
    this.replaced = values;
    if (this.native !== undefined) this.addon.release(this.native);
    this.native = undefined;
  }
}

const empty = new Float32Array(0);

/**
 * The cpu backend with float32 storage in native memory for the tensors native kernels produce.
 * Such a tensor's `values` (what the cpu kernels and `dataSync` read) is a Float32Array view made on
 * first use, so a step that runs only native kernels creates no ArrayBuffers: V8 neither sees the
 * memory nor collects garbage for it, and disposing a tensor hands its memory straight back to the
 * addon's pool.
 */
export class NativeCpuBackend extends MathBackendCPU {
  constructor(readonly addon: NativeAddon) {
    super();
    // The cpu backend's first write logs advice to install tfjs-node; this backend is the native one.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** A float32 tensor stored in `handle`, which it now owns. */
  makeNativeTensorInfo(shape: number[], handle: NativeHandle): TensorInfo {
    const dataId = this.write(empty, shape, "float32");
    this.data.set(dataId, new NativeEntry(handle, this.addon) as unknown as ReturnType<typeof this.data.get>);
    return { dataId, shape, dtype: "float32" };
  }

  /** `dataId`'s native storage, if it has any. */
  nativeHandle(dataId: DataId): NativeHandle | undefined {
    return (this.data.get(dataId) as Entry | undefined)?.native;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const entry = this.data.get(dataId) as Entry | undefined;
    const released = super.disposeData(dataId, force);
    if (entry?.native !== undefined && !this.data.has(dataId)) {
      this.addon.release(entry.native);
      entry.native = undefined;
    }
    return released;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    const entry = this.data.get(dataId) as Entry | undefined;
    if (entry?.native !== undefined) {
      this.addon.release(entry.native);
      entry.native = undefined;
    }
    super.move(dataId, values, shape, dtype, refCount);
  }
}
