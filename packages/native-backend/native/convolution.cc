// 2-D convolutions (NHWC activations, HWIO filters, as TensorFlow.js lays them out) through oneDNN:
// forward with optional bias and ReLU, and both gradients. Primitives are created once per geometry
// and cached; activations are used in place, only the small filter is reordered to oneDNN's layout.
#include <dnnl.hpp>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>
#include "kernels.h"
#include "napi-args.h"

namespace trainyard {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Dims = memory::dims;
constexpr auto kF32 = memory::data_type::f32;

/** The 17 numbers TypeScript passes in `geometry`, in this order. */
struct Geometry {
  int64_t batch, inH, inW, inC, outH, outW, outC, filterH, filterW, strideH, strideW, dilationH, dilationW, padTop,
      padLeft, padBottom, padRight;

  static Geometry Read(const CallArgs& args, size_t index) {
    const int32_t* g = args.ints(index, 17);
    Geometry out{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15], g[16]};
    for (int i = 0; i < 17; ++i) {
      if (g[i] < 0 || (i < 13 && g[i] == 0)) throw std::invalid_argument("conv2d: bad geometry");
    }
    return out;
  }

  int64_t InputSize() const { return batch * inH * inW * inC; }
  int64_t OutputSize() const { return batch * outH * outW * outC; }
  int64_t FilterSize() const { return filterH * filterW * inC * outC; }
  memory::desc Source() const { return memory::desc({batch, inC, inH, inW}, kF32, Tag::nhwc); }
  memory::desc Destination() const { return memory::desc({batch, outC, outH, outW}, kF32, Tag::nhwc); }
  memory::desc AnyFilter() const { return memory::desc({outC, inC, filterH, filterW}, kF32, Tag::any); }
  memory::desc UserFilter() const { return memory::desc({outC, inC, filterH, filterW}, kF32, Tag::hwio); }
  Dims Strides() const { return {strideH, strideW}; }
  Dims Dilations() const { return {dilationH - 1, dilationW - 1}; }
  Dims PadLeft() const { return {padTop, padLeft}; }
  Dims PadRight() const { return {padBottom, padRight}; }
  std::vector<int64_t> Key(int64_t kind, int64_t variant) const {
    return {kind, variant, batch, inH, inW, inC, outH, outW, outC, filterH, filterW, strideH, strideW, dilationH, dilationW,
            padTop, padLeft, padBottom, padRight};
  }
};

struct Runtime {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

// Never destroyed, like the cache below: nothing must run oneDNN teardown while Node exits.
Runtime& GetRuntime() {
  static Runtime* runtime = new Runtime();
  return *runtime;
}

dnnl::convolution_forward::primitive_desc ForwardDesc(const Geometry& g, bool bias, bool relu) {
  auto& rt = GetRuntime();
  const auto biasDesc = bias ? memory::desc({g.outC}, kF32, Tag::x) : memory::desc();
  dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, g.Source(),
                                       g.AnyFilter(), biasDesc, g.Destination(), g.Strides(), g.Dilations(), g.PadLeft(),
                                       g.PadRight());
  dnnl::primitive_attr attr;
  if (relu) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    attr.set_post_ops(ops);
  }
  return dnnl::convolution_forward::primitive_desc(desc, attr, rt.engine);
}

/** A cached primitive with the filter layout it wants. */
struct Cached {
  dnnl::primitive primitive;
  memory::desc filter;
};

template <typename Make>
Cached& Lookup(const std::vector<int64_t>& key, Make make) {
  static auto* cacheMutex = new std::mutex();
  static auto* cache = new std::map<std::vector<int64_t>, Cached>();
  std::lock_guard<std::mutex> lock(*cacheMutex);
  auto found = cache->find(key);
  if (found == cache->end()) found = cache->emplace(key, make()).first;
  return found->second;
}

/** `user` (HWIO) as a memory in `wanted`'s layout: the same memory when they match, else a reordered copy. */
memory FilterIn(const memory::desc& wanted, const Geometry& g, float* user) {
  auto& rt = GetRuntime();
  memory userMemory(g.UserFilter(), rt.engine, user);
  if (wanted == g.UserFilter()) return userMemory;
  memory converted(wanted, rt.engine);
  dnnl::reorder(userMemory, converted).execute(rt.stream, userMemory, converted);
  return converted;
}

}  // namespace

// conv2d(x, filter, bias | null, out, geometry, relu)
napi_value Conv2D(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 6);
  const Geometry g = Geometry::Read(args, 4);
  float* x = args.floats(0, g.InputSize());
  float* filter = args.floats(1, g.FilterSize());
  float* bias = args.optionalFloats(2, g.outC);
  float* out = args.floats(3, g.OutputSize());
  const bool relu = args.boolean(5);
  auto& rt = GetRuntime();
  Cached& cached = Lookup(g.Key(0, (bias != nullptr ? 1 : 0) + (relu ? 2 : 0)), [&] {
    auto pd = ForwardDesc(g, bias != nullptr, relu);
    return Cached{dnnl::convolution_forward(pd), pd.weights_desc()};
  });
  memory source(g.Source(), rt.engine, x), destination(g.Destination(), rt.engine, out);
  std::unordered_map<int, memory> memories{{DNNL_ARG_SRC, source},
                                           {DNNL_ARG_WEIGHTS, FilterIn(cached.filter, g, filter)},
                                           {DNNL_ARG_DST, destination}};
  if (bias != nullptr) memories.emplace(DNNL_ARG_BIAS, memory(memory::desc({g.outC}, kF32, Tag::x), rt.engine, bias));
  cached.primitive.execute(rt.stream, memories);
  rt.stream.wait();
  return nullptr;
}

// conv2dBackpropInput(dy, filter, dx, geometry)
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 4);
  const Geometry g = Geometry::Read(args, 3);
  float* dy = args.floats(0, g.OutputSize());
  float* filter = args.floats(1, g.FilterSize());
  float* dx = args.floats(2, g.InputSize());
  auto& rt = GetRuntime();
  Cached& cached = Lookup(g.Key(1, 0), [&] {
    dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, g.Source(), g.AnyFilter(),
                                               g.Destination(), g.Strides(), g.Dilations(), g.PadLeft(), g.PadRight());
    dnnl::convolution_backward_data::primitive_desc pd(desc, rt.engine, ForwardDesc(g, false, false));
    return Cached{dnnl::convolution_backward_data(pd), pd.weights_desc()};
  });
  memory diffDst(g.Destination(), rt.engine, dy), diffSrc(g.Source(), rt.engine, dx);
  cached.primitive.execute(rt.stream, {{DNNL_ARG_DIFF_DST, diffDst},
                                       {DNNL_ARG_WEIGHTS, FilterIn(cached.filter, g, filter)},
                                       {DNNL_ARG_DIFF_SRC, diffSrc}});
  rt.stream.wait();
  return nullptr;
}

// conv2dBackpropFilter(x, dy, dw, geometry)
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, 4);
  const Geometry g = Geometry::Read(args, 3);
  float* x = args.floats(0, g.InputSize());
  float* dy = args.floats(1, g.OutputSize());
  float* dw = args.floats(2, g.FilterSize());
  auto& rt = GetRuntime();
  Cached& cached = Lookup(g.Key(2, 0), [&] {
    dnnl::convolution_backward_weights::desc desc(dnnl::algorithm::convolution_direct, g.Source(), g.AnyFilter(),
                                                  g.Destination(), g.Strides(), g.Dilations(), g.PadLeft(), g.PadRight());
    dnnl::convolution_backward_weights::primitive_desc pd(desc, rt.engine, ForwardDesc(g, false, false));
    return Cached{dnnl::convolution_backward_weights(pd), pd.diff_weights_desc()};
  });
  memory source(g.Source(), rt.engine, x), diffDst(g.Destination(), rt.engine, dy);
  memory user(g.UserFilter(), rt.engine, dw);
  const bool direct = cached.filter == g.UserFilter();
  memory diffWeights = direct ? user : memory(cached.filter, rt.engine);
  cached.primitive.execute(rt.stream, {{DNNL_ARG_SRC, source}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, diffWeights}});
  if (!direct) dnnl::reorder(diffWeights, user).execute(rt.stream, diffWeights, user);
  rt.stream.wait();
  return nullptr;
}

}  // namespace trainyard
