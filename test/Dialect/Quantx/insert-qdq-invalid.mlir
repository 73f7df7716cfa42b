// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-insert-qdq="activation-clip=mse"
//
// Option errors: one RUN each, quoting the message (emitted on the module).
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="weight-bits=9" 2>&1 | FileCheck %s --check-prefix=WBITS
// WBITS: error: quantx-insert-qdq: weight-bits must be 2 to 8 or 16, got 9
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="activation-bits=1" 2>&1 | FileCheck %s --check-prefix=ABITS
// ABITS: error: quantx-insert-qdq: activation-bits must be 2 to 8 or 16, got 1
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="weight-granularity=per-group group-size=0" 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP: error: quantx-insert-qdq: group-size must be positive
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="weight-clip=kl" 2>&1 | FileCheck %s --check-prefix=WCLIP
// WCLIP: error: quantx-insert-qdq: weight-clip: unknown clipping method 'kl' (expected minmax, percentile=<p>, mse, aciq-laplace or aciq-gauss)
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="activation-clip=percentile=0" 2>&1 | FileCheck %s --check-prefix=ACLIP
// ACLIP: error: quantx-insert-qdq: activation-clip: percentile needs a value in (0, 100]: percentile=<p>
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="ops=matmul,softmax" 2>&1 | FileCheck %s --check-prefix=OPS
// OPS: error: quantx-insert-qdq: ops: unknown op kind 'softmax' (expected matmul, batch_matmul, conv, depthwise_conv)
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="bit-allocation weight-granularity=per-tensor" 2>&1 | FileCheck %s --check-prefix=BITALLOC
// BITALLOC: error: quantx-insert-qdq: bit-allocation needs per-channel or per-group weights
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="bit-allocation weight-bits=16" 2>&1 | FileCheck %s --check-prefix=BITALLOC16
// BITALLOC16: error: quantx-insert-qdq: bit-allocation allocates at most 8 bits per channel; weight-bits must be at most 8
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="bias-correction weight-granularity=per-tensor" 2>&1 | FileCheck %s --check-prefix=BIASCORR
// BIASCORR: error: quantx-insert-qdq: bias-correction needs per-channel or per-group weights
// RUN: not quantx-opt %s -split-input-file --quantx-insert-qdq="report=%t.missing-dir/report.csv" 2>&1 | FileCheck %s --check-prefix=REPORT
// REPORT: error: cannot write the report '{{.*}}.missing-dir/report.csv': No such file or directory

// Errors that depend on the IR: one case per diagnostic of InsertQDQ.cpp.

/// No statistics for the activation of a selected op: an error, not a guess
/// (docs/Rationale.md).
func.func @no_statistics(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  // expected-error @+1 {{no calibration statistics for the activation input 'arg0'; run quantx-calibrate first, or leave this op out (ops, skip-first, skip-last)}}
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// `mse` (and `percentile`) need the histogram.
func.func @no_histogram(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  // expected-error @+1 {{activation-clip 'mse' needs a histogram, and the statistics of 'arg0' have none}}
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// Weights with a NaN or an infinity have no meaningful quantization.
func.func @non_finite_weights(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 2048, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75, histogram = {range = [-1.0, 2.0], bins = dense<1> : tensor<2048xi64>}>}) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 0x7F800000], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]]> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  // expected-error @+1 {{weights (input 1) contain a non-finite value; refusing to quantize them}}
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
