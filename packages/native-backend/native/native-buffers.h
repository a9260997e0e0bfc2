// Tensor storage in native memory. A tensor's data is a NativeBuffer with a reference count: one
// reference for the tensor (a BufferHandle, released when TensorFlow.js disposes the tensor) and one per
// JavaScript view of it (released when the garbage collector frees the view). Freed memory is kept by
// byte size and handed out again: a training step allocates the same sizes every step.
#pragma once
#include <node_api.h>
#include <cstddef>
#include <cstdint>

namespace trainyard {

struct NativeBuffer {
  float* data;
  size_t bytes;
  int64_t references;
};

/** What a handle (a napi_external) points to: the buffer, until the tensor releases it. */
struct BufferHandle {
  NativeBuffer* buffer;
};

/** The float data behind `value` when it is a live handle, else nullptr; throws for a released one. */
float* HandleData(napi_env env, napi_value value, int64_t* count);

}  // namespace trainyard
