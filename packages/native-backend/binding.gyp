{
  "targets": [
    {
      "target_name": "trainyard_native",
      "sources": [
        "native/adam.cc",
        "native/addon.cc",
        "native/native-buffers.cc",
        "native/convolution.cc",
        "native/elementwise.cc",
        "native/gather-scatter.cc",
        "native/gemm.cc",
        "native/layout.cc",
        "native/lstm.cc",
        "native/pooling.cc",
        "native/reduce.cc"
      ],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-trapping-math", "-fexceptions", "-frtti", "-fopenmp"],
      "ldflags": ["-fopenmp"],
      "libraries": ["-ldnnl", "-lgomp"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
