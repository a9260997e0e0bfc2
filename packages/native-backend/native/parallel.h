// When a loop or a product is worth OpenMP's second thread. Waking a pool thread and joining it costs
// tens of microseconds here, and a pool thread spinning between kernels competes with V8's own threads:
// the seed GAN (many [128, 784] tensors) trained faster on one thread than on two with a lower bar.
#pragma once
#include <cstdint>

namespace trainyard {

/** Elementwise-style loops over fewer elements than this run on the calling thread. */
constexpr int64_t kParallelElements = 262144;

/** Matrix products of fewer multiply-adds than this (m * n * k) run on one thread. */
constexpr int64_t kParallelMultiplyAdds = int64_t{16} << 20;

}  // namespace trainyard
