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
    const dataId = this.write(new Float32Array(0), shape, "float32");
    const entry = this.data.get(dataId) as Entry;
    const { addon } = this;
    entry.native = handle;
    let view: Float32Array | undefined;
    Object.defineProperty(entry, "values", {
      configurable: true,
      enumerable: true,
      get: () => (view ??= addon.view(handle)),
      set: (values: BackendValues) => {
        // Storage replaced by a cpu kernel: the native buffer is no longer this tensor's.
        Object.defineProperty(entry, "values", { value: values, writable: true, configurable: true, enumerable: true });
        if (entry.native !== undefined) addon.release(entry.native);
        entry.native = undefined;
      },
    });
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
