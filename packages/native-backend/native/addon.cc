// Module entry: exports each kernel function, turning C++ exceptions into JavaScript errors and holding
// off signals while it runs (signal-guard.h).
#include <node_api.h>
#include <exception>
#include "kernels.h"
#include "signal-guard.h"

namespace {

using Kernel = napi_value (*)(napi_env, napi_callback_info);

template <Kernel kernel>
napi_value Guarded(napi_env env, napi_callback_info info) {
  // Also blocks signals in the OpenMP threads: they are created inside the first call, and inherit it.
  trainyard::SignalGuard guard;
  try {
    return kernel(env, info);
  } catch (const std::exception& error) {
    napi_throw_error(env, "ERR_TRAINYARD_NATIVE", error.what());
  } catch (...) {
    napi_throw_error(env, "ERR_TRAINYARD_NATIVE", "unknown native error");
  }
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"matMul", nullptr, Guarded<trainyard::MatMul>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Guarded<trainyard::Conv2D>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Guarded<trainyard::Conv2DBackpropInput>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Guarded<trainyard::Conv2DBackpropFilter>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool", nullptr, Guarded<trainyard::MaxPool>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, Guarded<trainyard::MaxPoolGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduceSum", nullptr, Guarded<trainyard::ReduceSum>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unsortedSegmentSum", nullptr, Guarded<trainyard::UnsortedSegmentSum>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gather", nullptr, Guarded<trainyard::Gather>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Guarded<trainyard::Unary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Guarded<trainyard::Binary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"compare", nullptr, Guarded<trainyard::Compare>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"select", nullptr, Guarded<trainyard::Select>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"logicalAnd", nullptr, Guarded<trainyard::LogicalAnd>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"slice", nullptr, Guarded<trainyard::Slice>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Guarded<trainyard::Transpose>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmForward", nullptr, Guarded<trainyard::LstmForward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmBackward", nullptr, Guarded<trainyard::LstmBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, Guarded<trainyard::AdamUpdate>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"allocate", nullptr, Guarded<trainyard::Allocate>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"release", nullptr, Guarded<trainyard::Release>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"view", nullptr, Guarded<trainyard::View>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"poolStats", nullptr, Guarded<trainyard::PoolStats>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"threads", nullptr, Guarded<trainyard::Threads>, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) != napi_ok) {
    return nullptr;
  }
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
