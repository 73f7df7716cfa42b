// REQUIRES: numpy
// RUN: %python %oracles/qkernels.py conv --mlir %t.mlir --expected %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/compare.py %t.actual %t.expected

// quantx.qconv2d against numpy: test/lib/oracles/qkernels.py generates
// deterministic random operands for every case of conv_cases() and computes
// the expected i32 accumulators with a float64 convolution of the dequantized
// operands whose padding is the real value 0 (so the lowering must pad with
// the input zero point), divided by s_in * s_filter[f] and rounded (exact for
// these sizes; the script checks it), plus the bias. The comparison is exact.
//
// Cases: NHWC/HWCF and NCHW/FCHW; strides (2, 1), (1, 2), (2, 2); dilations
// (1, 2), (2, 2), (2, 1); asymmetric padding with nonzero input zero points
// (including u8 zero points 200 and 250, and a kernel larger than the input
// that reaches it only through padding); groups 2 and 3; depthwise with one
// and two filters per channel; per-channel filter scales and zero points; a
// 1x1 convolution with one output channel; signless operands; dynamic batch
// and spatial sizes; with and without bias, i32 and quantized-i32 results.
