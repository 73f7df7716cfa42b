// REQUIRES: numpy
// RUN: %python %oracles/batchnorm.py f32 --mlir %t.f32.mlir --expected %t.f32.expected --tol %t.f32.tol
// RUN: quantx-opt %t.f32.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.f32.actual
// RUN: %python %oracles/compare.py %t.f32.actual %t.f32.expected --bits=f32 --tol=%t.f32.tol
// RUN: %python %oracles/batchnorm.py f16 --mlir %t.f16.mlir --expected %t.f16.expected --tol %t.f16.tol
// RUN: quantx-opt %t.f16.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.f16.actual
// RUN: %python %oracles/compare.py %t.f16.actual %t.f16.expected --bits=f16 --tol=%t.f16.tol
// RUN: %python %oracles/batchnorm.py f64 --mlir %t.f64.mlir --expected %t.f64.expected --tol %t.f64.tol
// RUN: quantx-opt %t.f64.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.f64.actual
// RUN: %python %oracles/compare.py %t.f64.actual %t.f64.expected --bits=f64 --tol=%t.f64.tol

// quantx.batch_norm against numpy's evaluation of the ONNX
// BatchNormalization formula (training_mode = 0) in the element type:
//   y = (x - mean) / sqrt(var + epsilon) * scale + bias
// test/lib/oracles/batchnorm.py writes the module (data as exact bit
// patterns), numpy's results and a per-element tolerance; the test prints
// the results as bit patterns, so the printer's 6 digits do not blur the
// comparison.
//
// Tolerance: 10u(|t| + |bias|) with t = (x - mean) / sqrt(var + eps) * scale
// and u = 2^-11 (f16), 2^-24 (f32), 2^-53 (f64): the forward error bound of
// any two evaluations of the formula with five correctly rounded operations,
// taken relative to the terms because the final addition may cancel. The
// lowering and numpy use the same order, so on IEEE hardware they agree bit
// for bit; the bound admits a faithfully rounded sqrt or division.
//
// Cases, for f16, f32 and f64: NCHW with axis 1 and the default epsilon,
// NHWC with axis -1 and axis 3, a rank-2 (N, C) input, rank 1 with axis 0, a
// dynamic (?, C, ?) input; each with a zero-variance channel (sqrt(epsilon)
// alone) and a negative scale.
