// 2-D max pooling over NHWC tensors and its gradient, matching TensorFlow.js's cpu backend: a window's
// maximum is its first strictly greatest value (NaN never wins), and the gradient goes to that one
// input. Parallel over the batch (windows of one image may overlap, images never do).
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include "kernels.h"
#include "napi-args.h"

namespace trainyard {
namespace {

/** The 12 numbers TypeScript passes in `geometry`, in this order. */
struct PoolGeometry {
  int64_t batch, inH, inW, channels, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft;

  static PoolGeometry Read(const CallArgs& args, size_t index) {
    const int32_t* g = args.ints(index, 12);
    PoolGeometry out{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
    for (int i = 0; i < 12; ++i) {
      if (g[i] < 0 || (i < 10 && g[i] == 0)) throw std::invalid_argument("maxPool: bad geometry");
    }
    return out;
  }

  int64_t InputSize() const { return batch * inH * inW * channels; }
  int64_t OutputSize() const { return batch * outH * outW * channels; }
};

/**
 * best = max(best, pixel) lane by lane, `where` recording `position` where it grew (NaN never does).
 * Written with bit masks: GCC vectorizes these, not the equivalent selects.
 */
inline void UpdateMax(const float* __restrict pixel, int64_t n, float* __restrict best, int32_t* __restrict where, int32_t position) {
  for (int64_t d = 0; d < n; ++d) {
    const uint32_t grew = 0u - static_cast<uint32_t>(pixel[d] > best[d]);
    uint32_t value, current;
    std::memcpy(&value, pixel + d, sizeof value);
    std::memcpy(&current, best + d, sizeof current);
    current = (value & grew) | (current & ~grew);
    std::memcpy(best + d, &current, sizeof current);
    where[d] = static_cast<int32_t>((static_cast<uint32_t>(position) & grew) | (static_cast<uint32_t>(where[d]) & ~grew));
  }
}

/** cell = (where == k) ? gradient : +0, by masking the bits (no branch, and NaN * 0 never arises). */
inline void WriteIfMax(const float* __restrict gradient, int64_t n, const int32_t* __restrict where, int32_t k, float* __restrict cell) {
  for (int64_t d = 0; d < n; ++d) {
    uint32_t bits;
    std::memcpy(&bits, gradient + d, sizeof bits);
    bits &= 0u - static_cast<uint32_t>(where[d] == k);
    std::memcpy(cell + d, &bits, sizeof bits);
  }
}

/** Starts a window's running maxima: -infinity, found nowhere. */
inline void ResetMax(int64_t n, float* best, int32_t* where) {
  for (int64_t d = 0; d < n; ++d) {
    best[d] = -std::numeric_limits<float>::infinity();
    where[d] = -1;
  }
}

/** Channels handled per pass over a window: the running maxima stay in registers and L1. */
constexpr int64_t kChannelBlock = 256;

/**
 * Calls visit(outputIndex, inputIndexOfMax, max) for every output element of image `b`, with -1
 * when the window holds no value greater than -infinity. The channel loop keeps the maximum and its
 * position (within the image) in two 32-bit lanes each, so it vectorizes.
 */
template <typename Visit>
void ForEachWindowMax(const PoolGeometry& g, const float* x, int64_t b, Visit visit) {
  const int64_t c = g.channels;
  alignas(64) float best[kChannelBlock];
  alignas(64) int32_t where[kChannelBlock];
  const float* image = x + b * g.inH * g.inW * c;
  const int64_t imageBase = b * g.inH * g.inW * c;
  for (int64_t yR = 0; yR < g.outH; ++yR) {
    const int64_t rCorner = yR * g.strideH - g.padTop;
    const int64_t rMin = rCorner < 0 ? 0 : rCorner, rMax = rCorner + g.filterH < g.inH ? rCorner + g.filterH : g.inH;
    for (int64_t yC = 0; yC < g.outW; ++yC) {
      const int64_t cCorner = yC * g.strideW - g.padLeft;
      const int64_t cMin = cCorner < 0 ? 0 : cCorner, cMax = cCorner + g.filterW < g.inW ? cCorner + g.filterW : g.inW;
      const int64_t outBase = ((b * g.outH + yR) * g.outW + yC) * c;
      for (int64_t d0 = 0; d0 < c; d0 += kChannelBlock) {
        const int64_t n = d0 + kChannelBlock < c ? kChannelBlock : c - d0;
        ResetMax(n, best, where);
        for (int64_t r = rMin; r < rMax; ++r) {
          for (int64_t col = cMin; col < cMax; ++col) {
            const int32_t position = static_cast<int32_t>(r * g.inW + col);
            const float* pixel = image + position * c + d0;
            UpdateMax(pixel, n, best, where, position);
          }
        }
        for (int64_t d = 0; d < n; ++d) {
          visit(outBase + d0 + d, where[d] < 0 ? -1 : imageBase + where[d] * c + d0 + d, best[d]);
        }
      }
    }
  }
}

/**
 * The gradient for windows that tile image `b` exactly (stride = window, no padding, no leftover):
 * every input cell gets its window's dy if it is the window's first maximum, else 0, written once and
 * in channel order.
 */
void TiledMaxPoolGrad(const PoolGeometry& g, const float* x, const float* dy, float* dx, int64_t b) {
  const int64_t c = g.channels;
  alignas(64) float best[kChannelBlock];
  alignas(64) int32_t where[kChannelBlock];
  for (int64_t yR = 0; yR < g.outH; ++yR) {
    for (int64_t yC = 0; yC < g.outW; ++yC) {
      const int64_t outBase = ((b * g.outH + yR) * g.outW + yC) * c;
      for (int64_t d0 = 0; d0 < c; d0 += kChannelBlock) {
        const int64_t n = d0 + kChannelBlock < c ? kChannelBlock : c - d0;
        ResetMax(n, best, where);
        for (int32_t k = 0; k < g.filterH * g.filterW; ++k) {
          const int64_t r = yR * g.strideH + k / g.filterW, col = yC * g.strideW + k % g.filterW;
          const float* pixel = x + ((b * g.inH + r) * g.inW + col) * c + d0;
          UpdateMax(pixel, n, best, where, k);
        }
        const float* gradient = dy + outBase + d0;
        for (int32_t k = 0; k < g.filterH * g.filterW; ++k) {
          const int64_t r = yR * g.strideH + k / g.filterW, col = yC * g.strideW + k % g.filterW;
          float* cell = dx + ((b * g.inH + r) * g.inW + col) * c + d0;
          WriteIfMax(gradient, n, where, k, cell);
        }
      }
    }
  }
}

}  // namespace

// maxPool(x, out, geometry)
napi_value MaxPool(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 3);
  const PoolGeometry g = PoolGeometry::Read(args, 2);
  const float* x = args.floats(0, g.InputSize());
  float* out = args.floats(1, g.OutputSize());
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < g.batch; ++b) {
    ForEachWindowMax(g, x, b, [out](int64_t o, int64_t, float value) { out[o] = value; });
  }
  return nullptr;
}

// maxPoolGrad(dy, x, dx, geometry)
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 4);
  const PoolGeometry g = PoolGeometry::Read(args, 3);
  const float* dy = args.floats(0, g.OutputSize());
  const float* x = args.floats(1, g.InputSize());
  float* dx = args.floats(2, g.InputSize());
  const int64_t imageSize = g.inH * g.inW * g.channels;
  const bool tiles = g.strideH == g.filterH && g.strideW == g.filterW && g.padTop == 0 && g.padLeft == 0 &&
                     g.outH * g.strideH == g.inH && g.outW * g.strideW == g.inW;
#pragma omp parallel for schedule(static)
  for (int64_t b = 0; b < g.batch; ++b) {
    if (tiles) {
      TiledMaxPoolGrad(g, x, dy, dx, b);
      continue;
    }
    float* image = dx + b * imageSize;
    for (int64_t i = 0; i < imageSize; ++i) image[i] = 0.0f;
    ForEachWindowMax(g, x, b, [dx, dy](int64_t o, int64_t at, float) {
      if (at >= 0) dx[at] += dy[o];
    });
  }
  return nullptr;
}

}  // namespace trainyard
