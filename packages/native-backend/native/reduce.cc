// Sums over one contiguous run of axes: x viewed as [outer, reduce, inner] gives out[outer, inner].
// That covers a bias gradient (sum over all leading axes) and a row sum (the last axis).
#include <cstdint>
#include <stdexcept>
#include <vector>
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {

// reduceSum(x, out, outer, reduce, inner)
napi_value ReduceSum(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 5);
  const int64_t outer = args.integer(2), reduce = args.integer(3), inner = args.integer(4);
  if (outer < 0 || reduce < 0 || inner < 0) throw std::invalid_argument("reduceSum: bad sizes");
  const float* x = args.floats(0, outer * reduce * inner);
  float* out = args.floats(1, outer * inner);
  if (inner == 1) {
#pragma omp parallel for schedule(static) if (outer * reduce > kParallelElements)
    for (int64_t o = 0; o < outer; ++o) {
      const float* row = x + o * reduce;
      float sum = 0.0f;
      for (int64_t r = 0; r < reduce; ++r) sum += row[r];
      out[o] = sum;
    }
    return nullptr;
  }
  for (int64_t o = 0; o < outer; ++o) {
    float* target = out + o * inner;
    const float* block = x + o * reduce * inner;
    // Each thread sums a slice of the reduced rows into its own accumulator, then they are added.
    std::vector<float> partial;
#pragma omp parallel if (reduce * inner > kParallelElements)
    {
      std::vector<float> local(inner, 0.0f);
#pragma omp for schedule(static) nowait
      for (int64_t r = 0; r < reduce; ++r) {
        const float* row = block + r * inner;
        for (int64_t i = 0; i < inner; ++i) local[i] += row[i];
      }
#pragma omp critical
      {
        if (partial.empty()) {
          partial = std::move(local);
        } else {
          for (int64_t i = 0; i < inner; ++i) partial[i] += local[i];
        }
      }
    }
    for (int64_t i = 0; i < inner; ++i) target[i] = partial.empty() ? 0.0f : partial[i];
  }
  return nullptr;
}

}  // namespace trainyard
