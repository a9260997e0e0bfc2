// Matrix products through oneDNN's sgemm (row-major, multi-threaded with OpenMP), with an optional
// bias row and ReLU applied in the same pass over the output.
#include <dnnl.h>
#include <omp.h>
#include <cstdint>
#include <stdexcept>
#include <string>
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {
namespace {

void Sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
  const dnnl_status_t status = dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.0f, a, transA ? m : k, b,
                                          transB ? k : n, 0.0f, c, n);
  if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(status));
}

void AddBiasAndActivate(float* out, int64_t rows, int64_t n, const float* bias, int64_t activation) {
  if (bias == nullptr && activation == 0) return;
#pragma omp parallel for schedule(static) if (rows * n > kParallelElements)
  for (int64_t r = 0; r < rows; ++r) {
    float* row = out + r * n;
    if (bias != nullptr) {
      for (int64_t j = 0; j < n; ++j) row[j] += bias[j];
    }
    if (activation == 1) {
      for (int64_t j = 0; j < n; ++j) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
    }
  }
}

}  // namespace

// matMul(a, b, out, batch, aBatchStride, bBatchStride, m, n, k, transposeA, transposeB, bias, activation)
// out[i] = act(op(a[i]) x op(b[i]) + bias) for i < batch; a stride of 0 broadcasts that operand.
// activation: 0 linear, 1 relu. bias: null or n values.
napi_value MatMul(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 13);
  const int64_t batch = args.integer(3), aStride = args.integer(4), bStride = args.integer(5);
  const int64_t m = args.integer(6), n = args.integer(7), k = args.integer(8);
  const bool transA = args.boolean(9), transB = args.boolean(10);
  const int64_t activation = args.integer(12);
  if (batch < 1 || m < 0 || n < 0 || k < 0 || aStride < 0 || bStride < 0) throw std::invalid_argument("matMul: bad sizes");
  if (activation != 0 && activation != 1) throw std::invalid_argument("matMul: activation must be 0 or 1");
  const float* a = args.floats(0, aStride * (batch - 1) + m * k);
  const float* b = args.floats(1, bStride * (batch - 1) + k * n);
  float* out = args.floats(2, batch * m * n);
  const float* bias = args.optionalFloats(11, n);
  if (m == 0 || n == 0) return nullptr;
  // A small product on one thread: oneDNN would use every thread the pool has.
  const int threads = omp_get_max_threads();
  const bool small = batch * m * n * k < kParallelMultiplyAdds;
  if (small) omp_set_num_threads(1);
  struct Restore {
    bool small;
    int threads;
    ~Restore() {
      if (small) omp_set_num_threads(threads);
    }
  } restore{small, threads};
  if (k == 0) {
    for (int64_t i = 0; i < batch * m * n; ++i) out[i] = 0.0f;
  } else if (batch > 1 && bStride == 0 && !transA && aStride == m * k) {
    // A batch of left operands against one right operand is one taller product.
    Sgemm(false, transB, batch * m, n, k, a, b, out);
  } else {
    for (int64_t i = 0; i < batch; ++i) Sgemm(transA, transB, m, n, k, a + i * aStride, b + i * bStride, out + i * m * n);
  }
  AddBiasAndActivate(out, batch * m, n, bias, activation);
  return nullptr;
}

// threads(count): sets the OpenMP thread count when count > 0; returns the count in use.
napi_value Threads(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 1);
  const int64_t count = args.integer(0);
  if (count > 0) omp_set_num_threads(static_cast<int>(count));
  napi_value result;
  napi_create_int32(env, omp_get_max_threads(), &result);
  return result;
}

}  // namespace trainyard
