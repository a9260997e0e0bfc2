// A whole LSTM sequence as one kernel, forward and backward, as TensorFlow.js's LSTM layer computes it
// (gates i, f, g, o in that order; tanh; a hard or logistic sigmoid for the gates; zero initial state).
// Run step by step through tfjs-layers, the seed RNN issues about 14,000 small kernels per training
// step; here it is two calls, with every matrix product in oneDNN's sgemm.
#include <dnnl.h>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>
#include "fast-math.h"
#include "kernels.h"
#include "napi-args.h"

namespace trainyard {
namespace {

void Gemm(char transA, char transB, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb,
          float beta, float* c, int64_t ldc) {
  const dnnl_status_t status = dnnl_sgemm(transA, transB, m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
  if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(status));
}

struct Sizes {
  int64_t batch, steps, features, units;
  int64_t Gates() const { return 4 * units; }
};

Sizes ReadSizes(const CallArgs& args, size_t index) {
  Sizes s{args.integer(index), args.integer(index + 1), args.integer(index + 2), args.integer(index + 3)};
  if (s.batch < 1 || s.steps < 1 || s.features < 1 || s.units < 1) throw std::invalid_argument("lstm: bad sizes");
  return s;
}

inline float Gate(float z, bool hard) { return hard ? HardSigmoid(z) : RationalSigmoid(z); }
inline float GateSlope(float z, float gate, bool hard) { return hard ? HardSigmoidSlope(z) : gate * (1.0f - gate); }

/** Scratch memory kept between calls, so a training step does not page-fault its temporaries in again. */
float* Scratch(std::vector<float>& buffer, int64_t size) {
  if (static_cast<int64_t>(buffer.size()) < size) buffer.resize(size);
  return buffer.data();
}

/** The gate and cell loops of one time step, templated on the gate activation so each version vectorizes. */
template <bool kHard>
void ForwardStep(const Sizes& s, const float* xw, int64_t t, const float* bias, float* z, const float* cPrev, float* c, float* hs, float* hStep) {
  const int64_t B = s.batch, T = s.steps, U = s.units, G = s.Gates();
#pragma omp parallel for schedule(static) if (B * U >= 4096)
  for (int64_t b = 0; b < B; ++b) {
    float* zb = z + b * G;
    const float* xwb = xw + (b * T + t) * G;
    for (int64_t j = 0; j < G; ++j) zb[j] += xwb[j] + bias[j];
    float* h = hs + (b * T + t) * U;
    float* hT = hStep + b * U;
#pragma omp simd
    for (int64_t u = 0; u < U; ++u) {
      const float i = Gate(zb[u], kHard), f = Gate(zb[U + u], kHard), g = RationalTanh(zb[2 * U + u]), o = Gate(zb[3 * U + u], kHard);
      const float cell = f * cPrev[b * U + u] + i * g;
      c[b * U + u] = cell;
      const float out = o * RationalTanh(cell);
      h[u] = out;
      hT[u] = out;
    }
  }
}

template <bool kHard>
void BackwardStep(const Sizes& s, int64_t t, const float* z, const float* c, const float* cPrev, const float* dhs, const float* dhNext,
                  float* dcNext, float* dz) {
  const int64_t B = s.batch, T = s.steps, U = s.units, G = s.Gates();
#pragma omp parallel for schedule(static) if (B * U >= 4096)
  for (int64_t b = 0; b < B; ++b) {
    const float* zb = z + b * G;
    float* dzb = dz + b * G;
    const float* dhb = dhs + (b * T + t) * U;
#pragma omp simd
    for (int64_t u = 0; u < U; ++u) {
      const float zi = zb[u], zf = zb[U + u], zg = zb[2 * U + u], zo = zb[3 * U + u];
      const float i = Gate(zi, kHard), f = Gate(zf, kHard), g = RationalTanh(zg), o = Gate(zo, kHard);
      const float tc = RationalTanh(c[b * U + u]);
      const float dh = dhb[u] + dhNext[b * U + u];
      const float dc = dcNext[b * U + u] + dh * o * (1.0f - tc * tc);
      dcNext[b * U + u] = dc * f;
      dzb[u] = dc * g * GateSlope(zi, i, kHard);
      dzb[U + u] = dc * cPrev[b * U + u] * GateSlope(zf, f, kHard);
      dzb[2 * U + u] = dc * i * (1.0f - g * g);
      dzb[3 * U + u] = dh * tc * GateSlope(zo, o, kHard);
    }
  }
}

/** hs [B, T, U] (batch-major) as time-major [T, B, U]. */
void ToTimeMajor(const float* in, float* out, int64_t B, int64_t T, int64_t width) {
#pragma omp parallel for schedule(static) if (B * T * width > 65536)
  for (int64_t t = 0; t < T; ++t) {
    for (int64_t b = 0; b < B; ++b) std::memcpy(out + (t * B + b) * width, in + (b * T + t) * width, sizeof(float) * width);
  }
}

}  // namespace

// lstmForward(x, kernel, recurrentKernel, bias, hs, zs, cs, batch, steps, features, units, hardSigmoid)
// x [B, T, D]; kernel [D, 4U]; recurrentKernel [U, 4U]; bias [4U]. Writes hs [B, T, U] (every step's
// output), and for the backward pass zs [T, B, 4U] (gate pre-activations) and cs [T, B, U] (cell states).
napi_value LstmForward(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 12);
  const Sizes s = ReadSizes(args, 7);
  const bool hard = args.boolean(11);
  const int64_t B = s.batch, T = s.steps, D = s.features, U = s.units, G = s.Gates();
  const float* x = args.floats(0, B * T * D);
  const float* kernel = args.floats(1, D * G);
  const float* recurrent = args.floats(2, U * G);
  const float* bias = args.floats(3, G);
  float* hs = args.floats(4, B * T * U);
  float* zs = args.floats(5, T * B * G);
  float* cs = args.floats(6, T * B * U);
  static thread_local std::vector<float> xwBuffer, hBuffer;
  // Every step's input projection in one product: xw [B * T, 4U], rows in x's (batch-major) order.
  float* xw = Scratch(xwBuffer, B * T * G);
  Gemm('N', 'N', B * T, G, D, x, D, kernel, G, 0.0f, xw, G);
  float* hStep = Scratch(hBuffer, B * U);  // h_{t-1}, contiguous for the recurrent product
  static thread_local std::vector<float> zeroBuffer;
  float* zeros = Scratch(zeroBuffer, B * U);  // the initial cell state
  std::memset(zeros, 0, sizeof(float) * B * U);
  for (int64_t t = 0; t < T; ++t) {
    float* z = zs + t * B * G;
    if (t > 0) {
      Gemm('N', 'N', B, G, U, hStep, U, recurrent, G, 0.0f, z, G);
    } else {
      std::memset(z, 0, sizeof(float) * B * G);
    }
    const float* cPrev = t > 0 ? cs + (t - 1) * B * U : zeros;
    if (hard) {
      ForwardStep<true>(s, xw, t, bias, z, cPrev, cs + t * B * U, hs, hStep);
    } else {
      ForwardStep<false>(s, xw, t, bias, z, cPrev, cs + t * B * U, hs, hStep);
    }
  }
  return nullptr;
}

// lstmBackward(dhs, x, kernel, recurrentKernel, hs, zs, cs, dx, dKernel, dRecurrentKernel, dBias,
//              batch, steps, features, units, hardSigmoid)
// dhs [B, T, U] is the gradient of every step's output (zero where a step's output was not used).
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 16);
  const Sizes s = ReadSizes(args, 11);
  const bool hard = args.boolean(15);
  const int64_t B = s.batch, T = s.steps, D = s.features, U = s.units, G = s.Gates();
  const float* dhs = args.floats(0, B * T * U);
  const float* x = args.floats(1, B * T * D);
  const float* kernel = args.floats(2, D * G);
  const float* recurrent = args.floats(3, U * G);
  const float* hs = args.floats(4, B * T * U);
  const float* zs = args.floats(5, T * B * G);
  const float* cs = args.floats(6, T * B * U);
  float* dx = args.floats(7, B * T * D);
  float* dKernel = args.floats(8, D * G);
  float* dRecurrent = args.floats(9, U * G);
  float* dBias = args.floats(10, G);

  static thread_local std::vector<float> dzBuffer, dzBatchBuffer, hBuffer, dhBuffer, dcBuffer;
  float* dz = Scratch(dzBuffer, T * B * G);  // time-major, one contiguous [B, 4U] block per step
  float* dhNext = Scratch(dhBuffer, B * U);
  float* dcNext = Scratch(dcBuffer, B * U);
  std::memset(dhNext, 0, sizeof(float) * B * U);
  std::memset(dcNext, 0, sizeof(float) * B * U);
  static thread_local std::vector<float> zeroBuffer;
  float* zeros = Scratch(zeroBuffer, B * U);  // the initial cell state
  std::memset(zeros, 0, sizeof(float) * B * U);
  for (int64_t t = T - 1; t >= 0; --t) {
    const float* cPrev = t > 0 ? cs + (t - 1) * B * U : zeros;
    float* dzt = dz + t * B * G;
    if (hard) {
      BackwardStep<true>(s, t, zs + t * B * G, cs + t * B * U, cPrev, dhs, dhNext, dcNext, dzt);
    } else {
      BackwardStep<false>(s, t, zs + t * B * G, cs + t * B * U, cPrev, dhs, dhNext, dcNext, dzt);
    }
    if (t > 0) Gemm('N', 'T', B, U, G, dzt, G, recurrent, G, 0.0f, dhNext, U);  // dh_{t-1} = dz_t U^T
  }
  // U's gradient: sum over t >= 1 of h_{t-1}^T dz_t, one product over time-major h and dz.
  if (T > 1) {
    float* hTime = Scratch(hBuffer, T * B * U);
    ToTimeMajor(hs, hTime, B, T, U);
    Gemm('T', 'N', U, G, (T - 1) * B, hTime, U, dz + B * G, G, 0.0f, dRecurrent, G);
  } else {
    std::memset(dRecurrent, 0, sizeof(float) * U * G);
  }
  // dx and the kernel's gradient pair dz with x row by row: dz in x's (batch-major) order first.
  float* dzBatch = Scratch(dzBatchBuffer, B * T * G);
#pragma omp parallel for schedule(static) if (B * T * G > 65536)
  for (int64_t b = 0; b < B; ++b) {
    for (int64_t t = 0; t < T; ++t) std::memcpy(dzBatch + (b * T + t) * G, dz + (t * B + b) * G, sizeof(float) * G);
  }
  Gemm('N', 'T', B * T, D, G, dzBatch, G, kernel, G, 0.0f, dx, D);
  Gemm('T', 'N', D, G, B * T, x, D, dzBatch, G, 0.0f, dKernel, G);
  for (int64_t j = 0; j < G; ++j) dBias[j] = 0.0f;
  for (int64_t r = 0; r < B * T; ++r) {
    const float* row = dz + r * G;
    for (int64_t j = 0; j < G; ++j) dBias[j] += row[j];
  }
  return nullptr;
}

}  // namespace trainyard
