// Reading a call's arguments: numbers, booleans and typed arrays (by pointer, without copies).
// Errors are C++ exceptions; addon.cc turns them into JavaScript errors at the boundary.
#pragma once
#include <node_api.h>
#include <cstdint>
#include <stdexcept>
#include <string>
#include "native-buffers.h"

namespace trainyard {

class CallArgs {
 public:
  CallArgs(napi_env env, napi_callback_info info, size_t expected) : env_(env), count_(kMax) {
    check(napi_get_cb_info(env, info, &count_, values_, nullptr, nullptr), "read arguments");
    if (count_ < expected) {
      throw std::invalid_argument("expected " + std::to_string(expected) + " arguments, got " + std::to_string(count_));
    }
  }

  int64_t integer(size_t i) const {
    int64_t out = 0;
    check(napi_get_value_int64(env_, at(i), &out), "argument " + std::to_string(i) + " must be a number");
    return out;
  }

  double number(size_t i) const {
    double out = 0;
    check(napi_get_value_double(env_, at(i), &out), "argument " + std::to_string(i) + " must be a number");
    return out;
  }

  bool boolean(size_t i) const {
    bool out = false;
    check(napi_get_value_bool(env_, at(i), &out), "argument " + std::to_string(i) + " must be a boolean");
    return out;
  }

  /**
   * The data of a Float32Array or of a native buffer handle; `minLength` guards against reading or
   * writing past its end.
   */
  float* floats(size_t i, int64_t minLength) const {
    int64_t count = 0;
    if (float* data = HandleData(env_, at(i), &count)) {
      if (minLength < 0 || count < minLength) {
        throw std::invalid_argument("argument " + std::to_string(i) + " holds " + std::to_string(count) + " elements, needs " +
                                    std::to_string(minLength));
      }
      return data;
    }
    return static_cast<float*>(typed(i, napi_float32_array, minLength));
  }

  napi_value raw(size_t i) const { return at(i); }

  int32_t* ints(size_t i, int64_t minLength) const { return static_cast<int32_t*>(typed(i, napi_int32_array, minLength)); }

  /** A Uint8Array's data (TensorFlow.js stores bool tensors so). */
  uint8_t* bytes(size_t i, int64_t minLength) const { return static_cast<uint8_t*>(typed(i, napi_uint8_array, minLength)); }

  /** A Float32Array that may be `null` (an absent bias, say): returns nullptr then. */
  float* optionalFloats(size_t i, int64_t minLength) const {
    napi_valuetype type;
    check(napi_typeof(env_, at(i), &type), "read argument type");
    return type == napi_null || type == napi_undefined ? nullptr : floats(i, minLength);
  }

 private:
  static constexpr size_t kMax = 24;

  napi_value at(size_t i) const {
    if (i >= count_) throw std::invalid_argument("missing argument " + std::to_string(i));
    return values_[i];
  }

  void* typed(size_t i, napi_typedarray_type want, int64_t minLength) const {
    bool isTyped = false;
    check(napi_is_typedarray(env_, at(i), &isTyped), "read argument");
    if (!isTyped) throw std::invalid_argument("argument " + std::to_string(i) + " must be a typed array");
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    check(napi_get_typedarray_info(env_, at(i), &type, &length, &data, nullptr, nullptr), "read typed array");
    if (type != want) {
      const char* name = want == napi_float32_array ? " must be a Float32Array" : want == napi_int32_array ? " must be an Int32Array" : " must be a Uint8Array";
      throw std::invalid_argument("argument " + std::to_string(i) + name);
    }
    if (minLength < 0 || static_cast<int64_t>(length) < minLength) {
      throw std::invalid_argument("argument " + std::to_string(i) + " holds " + std::to_string(length) +
                                  " elements, needs " + std::to_string(minLength));
    }
    return data;
  }

  void check(napi_status status, const std::string& what) const {
    if (status != napi_ok) throw std::invalid_argument(what);
  }

  napi_env env_;
  size_t count_;
  napi_value values_[kMax];
};

}  // namespace trainyard
