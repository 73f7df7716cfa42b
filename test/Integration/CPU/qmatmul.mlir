// REQUIRES: numpy
// RUN: %python %oracles/qkernels.py matmul --mlir %t.mlir --expected %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/compare.py %t.actual %t.expected

// quantx.qmatmul against numpy: test/lib/oracles/qkernels.py generates
// deterministic random operands for every case of matmul_cases() and computes
// the expected i32 accumulators from the real-valued product of the
// dequantized operands in float64, divided by s_lhs * s_rhs and rounded (exact
// for these sizes; the script checks it), plus the bias. The comparison is
// exact.
//
// Cases: i8 x i8, u8 (zp 128) x i8, zero points on both sides with unsigned
// weights, per-channel rhs scales and zero points (including -128 and 127),
// K = 1, N = 1, M = 1 (GEMV) and M = K = N = 1, rank-3 batch matmul with
// per-channel weights along N, signless i8 and i16 operands, quantized i16 x
// i8, u4 x i4, a long reduction (K = 300) with extreme values, dynamic shapes,
// with and without bias, i32 and quantized-i32 accumulator results.
