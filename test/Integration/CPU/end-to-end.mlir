// REQUIRES: numpy
// RUN: %python %oracles/e2e.py --mlir %t.mlir --expected %t.expected --tol %t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.runtime
// RUN: %python %oracles/compare.py %t.runtime %t.expected --bits=f32 --tol=%t.tol --select=0,1
//
// Constant folding: -canonicalize folds every quantize and requantize of a
// constant (only the two requantizes of qmatmul results stay), and the
// folded module prints exactly what the runtime lowering prints: every
// intermediate, every bit.
// RUN: quantx-opt %t.mlir -canonicalize | FileCheck %s --check-prefix=FOLDED --implicit-check-not=quantx.quantize
// RUN: quantx-opt %t.mlir -canonicalize --quantx-lower-to-llvm-pipeline | %run_main > %t.folded
// RUN: grep -v "Unranked Memref" %t.runtime > %t.runtime.data
// RUN: grep -v "Unranked Memref" %t.folded > %t.folded.data
// RUN: diff %t.runtime.data %t.folded.data

// FOLDED-COUNT-2: quantx.requantize
// FOLDED-NOT: quantx.requantize

// Two quantized fully connected layers from float data to float results,
//   quantize(x), quantize(W) -> qmatmul (+ bias) -> requantize -> dequantize,
// against numpy's float64 y = x @ W + b (test/lib/oracles/e2e.py):
//   A: 6 x 24 x 5, i8 activations (scale 2^-4, zero point -10, with exact
//      ties), per-channel symmetric i8 weights, half_to_even quantization,
//      double_round requantization to i8;
//   B: 3 x 40 x 7, u8 activations (scale 0.05, zero point 128), per-tensor
//      weights, half_away_from_zero quantization, half_to_even
//      requantization to u8.
// The script picks the bias in accumulator units, the output scale and zero
// point, and the multipliers (TFLite QuantizeMultiplier) itself.
//
// Tolerance, per element: the worst-case error of the quantization steps,
//   sum_k (s_x/2 |W[k,n]| + (|x[m,k]| + s_x/2) s_w[n]/2) + s_x s_w[n]/2
//   + R s_y + small terms for the 31-bit multiplier and f32 arithmetic,
// with R = 1 for double_round and 1/2 otherwise (see e2e.py); about 0.7 to
// 1.2 here for outputs in [-31, 21] at s_y = 0.20 and 0.25 (the observed error
// is at most 0.2).
//
// The folding check also covers a per-channel requantize of constant
// accumulators next to the ties of every channel in all five modes, and a
// per-channel quantize of ties, near-ties, +-inf, NaN and a subnormal in all
// four modes.
