// REQUIRES: numpy
// RUN: %python %oracles/qdqnet.py --mlir %t.mlir --prefix %t
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.qdq
// RUN: quantx-opt %t.mlir --quantx-fuse-qdq | FileCheck %s --implicit-check-not=linalg.conv \
// RUN:   --implicit-check-not=linalg.depthwise --implicit-check-not=linalg.matmul --implicit-check-not=linalg.batch_matmul
// RUN: quantx-opt %t.mlir --quantx-fuse-qdq --quantx-lower-to-llvm-pipeline | %run_main > %t.fused
// RUN: quantx-opt %t.mlir --quantx-fuse-qdq=rounding=double_round --quantx-lower-to-llvm-pipeline | %run_main > %t.fused-dr
// RUN: %python %oracles/compare.py %t.fused %t.int
// RUN: %python %oracles/compare.py %t.fused-dr %t.int-dr
// RUN: %python %oracles/compare.py %t.qdq %t.int --tol=%t.mask
// RUN: %python %oracles/compare.py %t.fused %t.units --tol=%t.tol

// Seven QDQ layers (test/lib/oracles/qdqnet.py), each run in its QDQ form and
// after quantx-fuse-qdq: matmul + bias + ReLU and NHWC conv (padding 1,
// stride 2, bias in outs, ReLU6) with power-of-two scales; NCHW conv with
// per-channel weights; NHWC depthwise (padding, bias, ReLU); torch-mlir's
// grouped conv (G = 2, padding, bias in outs); strided NCHW depthwise
// quantized toward zero; batch_matmul with half_up; u8 and i8 on both
// sides.
//
// 1. Every layer is fused (no float conv/matmul is left).
// 2. The fused outputs equal, bit for bit, an integer oracle that shares no
//    code with quantx: exact accumulators, biases rounded half to even in
//    accumulator units, TFLite QuantizeMultiplier, exact rounding of
//    acc * M / 2^shift in the output quantize's mode, the clamp's integer
//    range; and with rounding=double_round, gemmlowp's two steps.
// 3. The QDQ form's float evaluation equals the same integers except where
//    the oracle finds the exact value within its float error of a rounding
//    boundary (there it may differ by 1): none of the two power-of-two
//    layers, whose float evaluation is exact, and 4 of the 437 elements
//    here (measured: the two forms agree on all 437).
// 4. The fused outputs agree with the float model y = op(x, W) + b on the
//    unrounded input within the quantization error bound of qdqnet.py
//    (measured: at most 72% of the bound).

// CHECK-LABEL: func.func @matmul_pow2
// CHECK:         quantx.qmatmul
// CHECK-LABEL: func.func @conv_nhwc_pow2
// CHECK:         quantx.qconv2d {{.*}} layout<nhwc_hwcf> {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK-LABEL: func.func @conv_nchw
// CHECK:         quantx.qconv2d {{.*}} layout<nchw_fchw>
// CHECK-LABEL: func.func @depthwise_nhwc
// CHECK:         quantx.qconv2d {{.*}} layout<nhwc_hwcf> {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK-LABEL: func.func @grouped_nchw
// CHECK:         quantx.qconv2d {{.*}} layout<nchw_fchw> {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK-LABEL: func.func @depthwise_nchw
// CHECK:         quantx.qconv2d {{.*}} layout<nchw_fchw> {groups = 3 : i64, strides = array<i64: 2, 2>}
// CHECK-LABEL: func.func @batch_matmul
// CHECK:         quantx.qmatmul
