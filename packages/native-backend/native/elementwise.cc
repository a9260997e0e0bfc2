// Elementwise kernels over float32: unary maps, binary arithmetic and comparisons with the broadcasts a
// training step uses (same shape, a scalar, a block of trailing or leading axes), and Select.
// Operand i of a binary op reads element (i / div) % mod, which TypeScript derives from the shapes.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include "fast-math.h"
#include "kernels.h"
#include "napi-args.h"
#include "parallel.h"

namespace trainyard {
namespace {

constexpr int64_t kParallelMin = kParallelElements;

/** How a binary op's operand maps output index i to its own: (i / div) % mod. */
struct Operand {
  const float* data;
  int64_t div, mod;
  bool Full(int64_t n) const { return div == 1 && mod == n; }
  bool Scalar() const { return mod == 1; }
  float At(int64_t i) const { return data[(i / div) % mod]; }
};

template <typename Op, typename Out>
void Broadcast(const Operand& a, const Operand& b, Out* out, int64_t n, Op op) {
  if (a.Full(n) && b.Full(n)) {
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
    for (int64_t i = 0; i < n; ++i) out[i] = op(a.data[i], b.data[i]);
  } else if (a.Full(n) && b.Scalar()) {
    const float s = b.data[0];
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
    for (int64_t i = 0; i < n; ++i) out[i] = op(a.data[i], s);
  } else if (a.Scalar() && b.Full(n)) {
    const float s = a.data[0];
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
    for (int64_t i = 0; i < n; ++i) out[i] = op(s, b.data[i]);
  } else if (a.Full(n) && b.div == 1 && n % b.mod == 0) {
    // A bias: b repeats every b.mod elements.
    const int64_t rows = n / b.mod, cols = b.mod;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t j = 0; j < cols; ++j) out[r * cols + j] = op(a.data[r * cols + j], b.data[j]);
    }
  } else {
#pragma omp parallel for schedule(static) if (n > kParallelMin)
    for (int64_t i = 0; i < n; ++i) out[i] = op(a.At(i), b.At(i));
  }
}

template <typename F>
void Map(const float* __restrict x, float* __restrict out, int64_t n, F f) {
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = f(x[i]);
}

float Nan() { return std::numeric_limits<float>::quiet_NaN(); }

Operand ReadOperand(const CallArgs& args, size_t index, int64_t n) {
  const int64_t div = args.integer(index + 1), mod = args.integer(index + 2);
  if (div < 1 || mod < 1 || mod > n) throw std::invalid_argument("binary: bad operand mapping");
  return Operand{args.floats(index, mod), div, mod};
}

}  // namespace

// unary(op, x, out, n, alpha, beta). op: 0 relu, 1 relu6, 2 step(alpha), 3 sqrt, 4 rsqrt, 5 square,
// 6 neg, 7 tanh, 8 sigmoid, 9 exp, 10 log, 11 abs, 12 clip(alpha, beta), 13 leakyRelu(alpha), 14 reciprocal.
napi_value Unary(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 6);
  const int64_t op = args.integer(0), n = args.integer(3);
  const float alpha = static_cast<float>(args.number(4)), beta = static_cast<float>(args.number(5));
  const float* x = args.floats(1, n);
  float* out = args.floats(2, n);
  auto map = [x, out, n](auto f) { Map(x, out, n, f); };
  switch (op) {
    case 0: map([](float v) { return v < 0.0f ? 0.0f : v; }); break;
    case 1: map([](float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); }); break;
    case 2: map([alpha](float v) {
      // Arithmetic rather than a select between 1 and alpha, which GCC does not vectorize.
      const float r = alpha + (1.0f - alpha) * static_cast<float>(v > 0.0f);
      return v != v ? v : r;
    }); break;
    case 3: map([](float v) { return std::sqrt(v); }); break;
    case 4: map([](float v) { return 1.0f / std::sqrt(v); }); break;
    case 5: map([](float v) { return v * v; }); break;
    case 6: map([](float v) { return -v; }); break;
    case 7: map([](float v) { return RationalTanh(v); }); break;
    case 8: map([](float v) { return RationalSigmoid(v); }); break;
    case 9: map([](float v) { return std::exp(v); }); break;
    case 10: map([](float v) { return std::log(v); }); break;
    case 11: map([](float v) { return std::fabs(v); }); break;
    case 12: map([alpha, beta](float v) { return v > beta ? beta : (v < alpha ? alpha : v); }); break;
    case 13: map([alpha](float v) { return v * (1.0f + (alpha - 1.0f) * static_cast<float>(v < 0.0f)); }); break;
    case 14: map([](float v) { return 1.0f / v; }); break;
    default: throw std::invalid_argument("unary: unknown op " + std::to_string(op));
  }
  return nullptr;
}

// binary(op, a, aDiv, aMod, b, bDiv, bMod, out, n). op: 0 add, 1 sub, 2 mul, 3 div, 4 maximum,
// 5 minimum, 6 squaredDifference.
napi_value Binary(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 9);
  const int64_t op = args.integer(0), n = args.integer(8);
  const Operand a = ReadOperand(args, 1, n), b = ReadOperand(args, 4, n);
  float* out = args.floats(7, n);
  switch (op) {
    case 0: Broadcast(a, b, out, n, [](float p, float q) { return p + q; }); break;
    case 1: Broadcast(a, b, out, n, [](float p, float q) { return p - q; }); break;
    case 2: Broadcast(a, b, out, n, [](float p, float q) { return p * q; }); break;
    case 3: Broadcast(a, b, out, n, [](float p, float q) { return p / q; }); break;
    case 4: Broadcast(a, b, out, n, [](float p, float q) { return p != p || q != q ? Nan() : (p > q ? p : q); }); break;
    case 5: Broadcast(a, b, out, n, [](float p, float q) { return p != p || q != q ? Nan() : (p < q ? p : q); }); break;
    case 6: Broadcast(a, b, out, n, [](float p, float q) { return (p - q) * (p - q); }); break;
    default: throw std::invalid_argument("binary: unknown op " + std::to_string(op));
  }
  return nullptr;
}

// compare(op, a, aDiv, aMod, b, bDiv, bMod, out (Uint8Array), n). op: 0 greater, 1 greaterEqual,
// 2 less, 3 lessEqual, 4 equal, 5 notEqual.
napi_value Compare(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 9);
  const int64_t op = args.integer(0), n = args.integer(8);
  const Operand a = ReadOperand(args, 1, n), b = ReadOperand(args, 4, n);
  uint8_t* out = args.bytes(7, n);
  switch (op) {
    case 0: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p > q; }); break;
    case 1: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p >= q; }); break;
    case 2: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p < q; }); break;
    case 3: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p <= q; }); break;
    case 4: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p == q; }); break;
    case 5: Broadcast(a, b, out, n, [](float p, float q) -> uint8_t { return p != q; }); break;
    default: throw std::invalid_argument("compare: unknown op " + std::to_string(op));
  }
  return nullptr;
}

// select(condition (Uint8Array), t, e, out, n): out[i] = condition[i] ? t[i] : e[i].
napi_value Select(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 5);
  const int64_t n = args.integer(4);
  const uint8_t* condition = args.bytes(0, n);
  const float* t = args.floats(1, n);
  const float* e = args.floats(2, n);
  float* out = args.floats(3, n);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = condition[i] ? t[i] : e[i];
  return nullptr;
}

// logicalAnd(a, b, out, n): Uint8Arrays of one shape.
napi_value LogicalAnd(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 4);
  const int64_t n = args.integer(3);
  const uint8_t* a = args.bytes(0, n);
  const uint8_t* b = args.bytes(1, n);
  uint8_t* out = args.bytes(2, n);
  for (int64_t i = 0; i < n; ++i) out[i] = a[i] && b[i];
  return nullptr;
}

}  // namespace trainyard
