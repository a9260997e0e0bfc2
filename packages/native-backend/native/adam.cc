// One Adam step for one variable in one pass, as TensorFlow.js's AdamOptimizer computes it op by op
// (the same float32 operations in the same order): about 13 kernels per variable become one.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {

// adamUpdate(value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2, newValue, newM, newV, n,
//            beta1, beta2, learningRate, epsilon)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 14);
  const int64_t n = args.integer(9);
  if (n < 1) throw std::invalid_argument("adamUpdate: bad size");
  const float* value = args.floats(0, n);
  const float* m = args.floats(1, n);
  const float* v = args.floats(2, n);
  const float* g = args.floats(3, n);
  const float oneMinusAccBeta1 = args.floats(4, 1)[0];
  const float oneMinusAccBeta2 = args.floats(5, 1)[0];
  float* newValue = args.floats(6, n);
  float* newM = args.floats(7, n);
  float* newV = args.floats(8, n);
  const double beta1 = args.number(10), beta2 = args.number(11), learningRate = args.number(12), epsilon = args.number(13);
  // The scalars tfjs makes of these JavaScript numbers: float32 roundings of the double values.
  const float b1 = static_cast<float>(beta1), c1 = static_cast<float>(1 - beta1);
  const float b2 = static_cast<float>(beta2), c2 = static_cast<float>(1 - beta2);
  const float negativeRate = static_cast<float>(-learningRate), eps = static_cast<float>(epsilon);
#pragma omp parallel for simd schedule(static) if (n > kParallelElements)
  for (int64_t i = 0; i < n; ++i) {
    const float first = m[i] * b1 + g[i] * c1;
    const float second = v[i] * b2 + (g[i] * g[i]) * c2;
    const float correctedFirst = first / oneMinusAccBeta1;
    const float correctedSecond = second / oneMinusAccBeta2;
    newM[i] = first;
    newV[i] = second;
    newValue[i] = (correctedFirst / (std::sqrt(correctedSecond) + eps)) * negativeRate + value[i];
  }
  return nullptr;
}

}  // namespace trainyard
