// Module entry: exports each kernel function, turning C++ exceptions into JavaScript errors, and holding
// off signals while a function runs oneDNN code (signal-guard.h).
#include <node_api.h>
#include <exception>
#include "kernels.h"
#include "signal-guard.h"

namespace {

using Kernel = napi_value (*)(napi_env, napi_callback_info);

/** Exports `kernel`, turning C++ exceptions into JavaScript errors; `kSignals` also holds off signals while it runs. */
template <Kernel kernel, bool kSignals>
napi_value Guarded(napi_env env, napi_callback_info info) {
  try {
    if constexpr (kSignals) {
      trainyard::SignalGuard guard;
      return kernel(env, info);
    } else {
      return kernel(env, info);
    }
  } catch (const std::exception& error) {
    napi_throw_error(env, "ERR_TRAINYARD_NATIVE", error.what());
  } catch (...) {
    napi_throw_error(env, "ERR_TRAINYARD_NATIVE", "unknown native error");
  }
  return nullptr;
}

/** A function that runs oneDNN code: signals are held off on the calling thread (signal-guard.h). */
template <Kernel kernel>
napi_property_descriptor OneDnn(const char* name) {
  return {name, nullptr, Guarded<kernel, true>, nullptr, nullptr, nullptr, napi_default, nullptr};
}

/** A function of our own loops only (GCC keeps to the ABI's red zone): no signal mask changes, which cost two syscalls. */
template <Kernel kernel>
napi_property_descriptor Plain(const char* name) {
  return {name, nullptr, Guarded<kernel, false>, nullptr, nullptr, nullptr, napi_default, nullptr};
}

napi_value Init(napi_env env, napi_value exports) {
  // OpenMP's threads run oneDNN kernels too: start the pool now with every signal blocked in them, so
  // a signal sent to the process lands on a Node thread instead; then restore this thread's mask.
  trainyard::BlockSignalsInThreadPool();
  const napi_property_descriptor properties[] = {
      OneDnn<trainyard::MatMul>("matMul"),
      OneDnn<trainyard::Conv2D>("conv2d"),
      OneDnn<trainyard::Conv2DBackpropInput>("conv2dBackpropInput"),
      OneDnn<trainyard::Conv2DBackpropFilter>("conv2dBackpropFilter"),
      OneDnn<trainyard::LstmForward>("lstmForward"),
      OneDnn<trainyard::LstmBackward>("lstmBackward"),
      Plain<trainyard::MaxPool>("maxPool"),
      Plain<trainyard::MaxPoolGrad>("maxPoolGrad"),
      Plain<trainyard::ReduceSum>("reduceSum"),
      Plain<trainyard::UnsortedSegmentSum>("unsortedSegmentSum"),
      Plain<trainyard::Gather>("gather"),
      Plain<trainyard::Unary>("unary"),
      Plain<trainyard::Binary>("binary"),
      Plain<trainyard::Compare>("compare"),
      Plain<trainyard::Select>("select"),
      Plain<trainyard::LogicalAnd>("logicalAnd"),
      Plain<trainyard::Slice>("slice"),
      Plain<trainyard::Transpose>("transpose"),
      Plain<trainyard::AdamUpdate>("adamUpdate"),
      Plain<trainyard::Allocate>("allocate"),
      Plain<trainyard::Release>("release"),
      Plain<trainyard::View>("view"),
      Plain<trainyard::PoolStats>("poolStats"),
      Plain<trainyard::Threads>("threads"),
  };
  if (napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) != napi_ok) {
    return nullptr;
  }
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
