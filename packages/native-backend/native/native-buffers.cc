// Allocation, release and JavaScript views of native tensor storage (see native-buffers.h). Native
// memory is invisible to V8's heap accounting: a multi-megabyte ArrayBuffer per kernel output made
// V8 run a full collection every few kernels and every new buffer page-fault (3 to 28 ms for an 11 MB
// activation, against 0.2 ms for the kernel that fills it).
#include "native-buffers.h"
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>
#include "kernels.h"
#include "napi-args.h"

namespace trainyard {
namespace {

/** Idle memory kept for reuse; beyond this it goes back to the system. */
constexpr size_t kMaxIdleBytes = size_t{1} << 30;

/** Guarded by `mutex`: TensorFlow.js runs on one thread, but Node's worker threads share the addon. */
struct Pool {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<float*>> idle;
  size_t idleBytes = 0, liveBytes = 0;
  double reused = 0, fresh = 0;
};

// Never destroyed: finalizers of buffers still alive at exit run after static destructors would have.
Pool& GetPool() {
  static Pool* pool = new Pool();
  return *pool;
}

NativeBuffer* AllocateBuffer(size_t bytes) {
  Pool& pool = GetPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  float* data = nullptr;
  auto found = pool.idle.find(bytes);
  if (found != pool.idle.end() && !found->second.empty()) {
    data = found->second.back();
    found->second.pop_back();
    pool.idleBytes -= bytes;
    pool.reused += 1;
  } else {
    data = static_cast<float*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64));
    if (data == nullptr) throw std::runtime_error("allocate: out of memory");
    pool.fresh += 1;
  }
  pool.liveBytes += bytes;
  return new NativeBuffer{data, bytes, 1};
}

void Unreference(NativeBuffer* buffer) {
  Pool& pool = GetPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (--buffer->references > 0) return;
  pool.liveBytes -= buffer->bytes;
  if (pool.idleBytes + buffer->bytes > kMaxIdleBytes) {
    std::free(buffer->data);
  } else {
    pool.idle[buffer->bytes].push_back(buffer->data);
    pool.idleBytes += buffer->bytes;
  }
  delete buffer;
}

void FinalizeHandle(napi_env, void* data, void*) {
  auto* handle = static_cast<BufferHandle*>(data);
  if (handle->buffer != nullptr) Unreference(handle->buffer);  // a tensor that was never disposed
  delete handle;
}

void FinalizeView(napi_env, void*, void* hint) { Unreference(static_cast<NativeBuffer*>(hint)); }

BufferHandle* ReadHandle(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) {
    throw std::invalid_argument("expected a native buffer handle");
  }
  return static_cast<BufferHandle*>(data);
}

}  // namespace

float* HandleData(napi_env env, napi_value value, int64_t* count) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return nullptr;
  BufferHandle* handle = ReadHandle(env, value);
  if (handle->buffer == nullptr) throw std::invalid_argument("native buffer used after release");
  *count = static_cast<int64_t>(handle->buffer->bytes / sizeof(float));
  return handle->buffer->data;
}

// allocate(count): a handle to `count` uninitialized floats.
napi_value Allocate(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 1);
  const int64_t count = args.integer(0);
  if (count < 1 || count > (int64_t{1} << 34)) throw std::invalid_argument("allocate: bad element count");
  auto* handle = new BufferHandle{AllocateBuffer(static_cast<size_t>(count) * sizeof(float))};
  napi_value out;
  if (napi_create_external(env, handle, FinalizeHandle, nullptr, &out) != napi_ok) {
    Unreference(handle->buffer);
    delete handle;
    throw std::runtime_error("allocate: napi_create_external failed");
  }
  return out;
}

// release(handle): the tensor is done with its buffer (views keep it alive until collected).
napi_value Release(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 1);
  BufferHandle* handle = ReadHandle(env, args.raw(0));
  if (handle->buffer != nullptr) {
    Unreference(handle->buffer);
    handle->buffer = nullptr;
  }
  return nullptr;
}

// view(handle): a Float32Array over the buffer, which keeps it alive until collected.
napi_value View(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 1);
  BufferHandle* handle = ReadHandle(env, args.raw(0));
  NativeBuffer* buffer = handle->buffer;
  if (buffer == nullptr) throw std::invalid_argument("view: native buffer used after release");
  napi_value arrayBuffer, array;
  {
    std::lock_guard<std::mutex> lock(GetPool().mutex);
    buffer->references += 1;
  }
  if (napi_create_external_arraybuffer(env, buffer->data, buffer->bytes, FinalizeView, buffer, &arrayBuffer) != napi_ok) {
    Unreference(buffer);
    throw std::runtime_error("view: napi_create_external_arraybuffer failed");
  }
  if (napi_create_typedarray(env, napi_float32_array, buffer->bytes / sizeof(float), arrayBuffer, 0, &array) != napi_ok) {
    throw std::runtime_error("view: napi_create_typedarray failed");
  }
  return array;
}

// poolStats(): { reused, fresh, liveBytes, idleBytes }.
napi_value PoolStats(napi_env env, napi_callback_info) {
  Pool& pool = GetPool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  napi_value out, value;
  napi_create_object(env, &out);
  const std::pair<const char*, double> fields[] = {{"reused", pool.reused},
                                                   {"fresh", pool.fresh},
                                                   {"liveBytes", static_cast<double>(pool.liveBytes)},
                                                   {"idleBytes", static_cast<double>(pool.idleBytes)}};
  for (const auto& [name, number] : fields) {
    napi_create_double(env, number, &value);
    napi_set_named_property(env, out, name, value);
  }
  return out;
}

}  // namespace trainyard
