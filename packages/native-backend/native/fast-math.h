// Vectorizable float approximations shared by the elementwise and LSTM kernels.
#pragma once

namespace trainyard {

/**
 * tanh as a rational function (Eigen's fast tanh for float): vectorizes, unlike tanhf, and stays
 * within a few float ulp of it; saturates to +-1 beyond |x| = 7.9. NaN stays NaN.
 */
inline float RationalTanh(float v) {
  const float x = v > 7.90531110763549805f ? 7.90531110763549805f : (v < -7.90531110763549805f ? -7.90531110763549805f : v);
  const float x2 = x * x;
  float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = x2 * p + -8.60467152213735e-11f;
  p = x2 * p + 5.12229709037114e-08f;
  p = x2 * p + 1.48572235717979e-05f;
  p = x2 * p + 6.37261928875436e-04f;
  p = x2 * p + 4.89352455891786e-03f;
  p = x * p;
  float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = x2 * q + 2.26843463243900e-03f;
  q = x2 * q + 4.89352518554385e-03f;
  const float r = p / q;
  return v != v ? v : r;
}

/** The logistic sigmoid through {@link RationalTanh}: 0.5 tanh(x / 2) + 0.5. */
inline float RationalSigmoid(float v) { return 0.5f * RationalTanh(0.5f * v) + 0.5f; }

/** Keras's hard sigmoid as TensorFlow.js computes it: clip(0.5 + 0.2 x, 0, 1). */
inline float HardSigmoid(float v) {
  const float y = 0.5f + 0.2f * v;
  return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
}

/** The hard sigmoid's gradient as TensorFlow.js computes it: 0.2 where 0 <= 0.5 + 0.2 x <= 1, else 0. */
inline float HardSigmoidSlope(float v) {
  const float y = 0.5f + 0.2f * v;
  return 0.2f * static_cast<float>(y >= 0.0f && y <= 1.0f);
}

}  // namespace trainyard
