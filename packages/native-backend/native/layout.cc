// Copies that rearrange memory: a strided block (Slice, and so SplitV) and an axis permutation
// (Transpose), for any rank up to 8, moving the innermost contiguous run with memcpy.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {
namespace {

constexpr int kMaxRank = 8;

std::vector<int64_t> ReadDims(const CallArgs& args, size_t index, int64_t rank) {
  const int32_t* values = args.ints(index, rank);
  std::vector<int64_t> dims(values, values + rank);
  for (int64_t d : dims) {
    if (d < 0) throw std::invalid_argument("negative dimension");
  }
  return dims;
}

int64_t Product(const std::vector<int64_t>& dims) {
  int64_t out = 1;
  for (int64_t d : dims) out *= d;
  return out;
}

}  // namespace

// slice(x, out, rank, shape, begin, size)
napi_value Slice(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 6);
  const int64_t rank = args.integer(2);
  if (rank < 1 || rank > kMaxRank) throw std::invalid_argument("slice: rank must be 1 to 8");
  const auto shape = ReadDims(args, 3, rank), begin = ReadDims(args, 4, rank), size = ReadDims(args, 5, rank);
  for (int64_t d = 0; d < rank; ++d) {
    if (begin[d] + size[d] > shape[d]) throw std::invalid_argument("slice: out of bounds");
  }
  const float* x = args.floats(0, Product(shape));
  float* out = args.floats(1, Product(size));
  std::vector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * shape[d + 1];
  const int64_t run = size[rank - 1], rows = run == 0 ? 0 : Product(size) / run;
#pragma omp parallel for schedule(static) if (rows * run > kParallelElements)
  for (int64_t r = 0; r < rows; ++r) {
    int64_t offset = begin[rank - 1], rest = r;
    for (int64_t d = rank - 2; d >= 0; --d) {
      offset += (begin[d] + rest % size[d]) * strides[d];
      rest /= size[d];
    }
    std::memcpy(out + r * run, x + offset, sizeof(float) * run);
  }
  return nullptr;
}

// transpose(x, out, rank, shape, perm): out's axis d is x's axis perm[d].
napi_value Transpose(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 5);
  const int64_t rank = args.integer(2);
  if (rank < 1 || rank > kMaxRank) throw std::invalid_argument("transpose: rank must be 1 to 8");
  const auto shape = ReadDims(args, 3, rank), perm = ReadDims(args, 4, rank);
  const int64_t n = Product(shape);
  const float* x = args.floats(0, n);
  float* out = args.floats(1, n);
  std::vector<int64_t> inStrides(rank, 1), outShape(rank), strideOf(rank);
  for (int64_t d = rank - 2; d >= 0; --d) inStrides[d] = inStrides[d + 1] * shape[d + 1];
  for (int64_t d = 0; d < rank; ++d) {
    if (perm[d] >= rank) throw std::invalid_argument("transpose: bad permutation");
    outShape[d] = shape[perm[d]];
    strideOf[d] = inStrides[perm[d]];
  }
  const int64_t inner = outShape[rank - 1], innerStride = strideOf[rank - 1], rows = inner == 0 ? 0 : n / inner;
#pragma omp parallel for schedule(static) if (n > kParallelElements)
  for (int64_t r = 0; r < rows; ++r) {
    int64_t offset = 0, rest = r;
    for (int64_t d = rank - 2; d >= 0; --d) {
      offset += (rest % outShape[d]) * strideOf[d];
      rest /= outShape[d];
    }
    float* target = out + r * inner;
    if (innerStride == 1) {
      std::memcpy(target, x + offset, sizeof(float) * inner);
    } else {
      for (int64_t j = 0; j < inner; ++j) target[j] = x[offset + j * innerStride];
    }
  }
  return nullptr;
}

}  // namespace trainyard
