// Row gathers and scatter-adds: the Embedding layer's forward (GatherV2 on axis 0) and its gradient
// (UnsortedSegmentSum), one pass each over the rows touched.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {

// gather(x, indices, out, outer, rows, inner, count): out[o, i, :] = x[o, indices[i], :] for the
// `count` indices; an index outside [0, rows) writes zeros (TensorFlow.js's cpu backend fails instead,
// so TypeScript checks the range first).
napi_value Gather(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 7);
  const int64_t outer = args.integer(3), rows = args.integer(4), inner = args.integer(5), count = args.integer(6);
  if (outer < 0 || rows < 0 || inner < 0 || count < 0) throw std::invalid_argument("gather: bad sizes");
  const float* x = args.floats(0, outer * rows * inner);
  const int32_t* indices = args.ints(1, count);
  float* out = args.floats(2, outer * count * inner);
#pragma omp parallel for schedule(static) if (outer * count * inner > kParallelElements)
  for (int64_t i = 0; i < outer * count; ++i) {
    const int64_t o = i / count, row = indices[i % count];
    float* target = out + i * inner;
    if (row < 0 || row >= rows) {
      std::memset(target, 0, sizeof(float) * inner);
    } else {
      std::memcpy(target, x + (o * rows + row) * inner, sizeof(float) * inner);
    }
  }
  return nullptr;
}

// unsortedSegmentSum(x, segmentIds, out, count, inner, numSegments): out[s, :] = sum of x[i, :] over
// the i < count with segmentIds[i] == s; ids outside [0, numSegments) are dropped, as in TensorFlow.
napi_value UnsortedSegmentSum(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 6);
  const int64_t count = args.integer(3), inner = args.integer(4), numSegments = args.integer(5);
  if (count < 0 || inner < 0 || numSegments < 0) throw std::invalid_argument("unsortedSegmentSum: bad sizes");
  const float* x = args.floats(0, count * inner);
  const int32_t* ids = args.ints(1, count);
  float* out = args.floats(2, numSegments * inner);
  std::memset(out, 0, sizeof(float) * numSegments * inner);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    float* target = out + segment * inner;
    const float* source = x + i * inner;
    for (int64_t j = 0; j < inner; ++j) target[j] += source[j];
  }
  return nullptr;
}

}  // namespace trainyard
