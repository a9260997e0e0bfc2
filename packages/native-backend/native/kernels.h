// The addon's functions, one per kernel family. Each reads its arguments with CallArgs, writes into
// the output array it is given and returns undefined; shapes are checked in TypeScript and again here
// against the arrays' lengths.
#pragma once
#include <node_api.h>

namespace trainyard {

napi_value MatMul(napi_env env, napi_callback_info info);
napi_value Conv2D(napi_env env, napi_callback_info info);
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info);
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info);
napi_value MaxPool(napi_env env, napi_callback_info info);
napi_value MaxPoolGrad(napi_env env, napi_callback_info info);
napi_value ReduceSum(napi_env env, napi_callback_info info);
napi_value UnsortedSegmentSum(napi_env env, napi_callback_info info);
napi_value Gather(napi_env env, napi_callback_info info);
napi_value Unary(napi_env env, napi_callback_info info);
napi_value Binary(napi_env env, napi_callback_info info);
napi_value Compare(napi_env env, napi_callback_info info);
napi_value Select(napi_env env, napi_callback_info info);
napi_value LogicalAnd(napi_env env, napi_callback_info info);
napi_value Slice(napi_env env, napi_callback_info info);
napi_value Transpose(napi_env env, napi_callback_info info);
napi_value LstmForward(napi_env env, napi_callback_info info);
napi_value LstmBackward(napi_env env, napi_callback_info info);
napi_value AdamUpdate(napi_env env, napi_callback_info info);
napi_value Allocate(napi_env env, napi_callback_info info);
napi_value Release(napi_env env, napi_callback_info info);
napi_value View(napi_env env, napi_callback_info info);
napi_value PoolStats(napi_env env, napi_callback_info info);
napi_value Threads(napi_env env, napi_callback_info info);

}  // namespace trainyard
