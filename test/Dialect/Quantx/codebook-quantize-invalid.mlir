// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-codebook-quantize
// RUN: not quantx-opt %s -split-input-file --quantx-codebook-quantize="block-size=0" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not quantx-opt %s -split-input-file --quantx-codebook-quantize="conv-block-size=65" 2>&1 | FileCheck %s --check-prefix=CONV
// RUN: not quantx-opt %s -split-input-file --quantx-codebook-quantize="num-centroids=65537" 2>&1 | FileCheck %s --check-prefix=CENTROIDS
// RUN: not quantx-opt %s -split-input-file --quantx-codebook-quantize="centroid-type=bf16" 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not quantx-opt %s -split-input-file --quantx-codebook-quantize="report-file=%t.missing/report.txt" 2>&1 | FileCheck %s --check-prefix=REPORT

// The diagnostics of quantx-codebook-quantize. A malformed
// quantx.input_gram attribute is an error on the layer (-verify-diagnostics
// cases below); out-of-range options and an unwritable report file are
// errors on the module, checked with their full message (one RUN each).

// BLOCK: error: quantx-codebook-quantize: block-size must be in [1, 64], got 0
// CONV: error: quantx-codebook-quantize: conv-block-size must be in [0, 64], got 65
// CENTROIDS: error: quantx-codebook-quantize: num-centroids must be in [1, 65536], got 65537
// TYPE: error: quantx-codebook-quantize: centroid-type must be 'f16' or 'f32', got 'bf16'
// REPORT: error: quantx-codebook-quantize: cannot open report file '{{.*}}.missing/report.txt': {{.*}}

/// The Gram matrices must be S x d x d for the blocks the pass chose: 16 /
/// 8 = 2 blocks of 8 here, not 1.
func.func @gram_wrong_shape(%x: tensor<2x16xf32>, %i: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<1.0> : tensor<16x4xf32>
  // expected-error @+1 {{'linalg.matmul' op 'quantx.input_gram' must be an f32 tensor of shape [S, d, d] = [2, 8, 8] for this weight, got 'tensor<1x8x8xf32>'}}
  %y = linalg.matmul {quantx.input_gram = dense<1.0> : tensor<1x8x8xf32>}
      ins(%x, %w : tensor<2x16xf32>, tensor<16x4xf32>) outs(%i : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

/// Not a tensor at all.
func.func @gram_not_a_tensor(%x: tensor<2x16xf32>, %i: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<1.0> : tensor<16x4xf32>
  // expected-error @+1 {{'linalg.matmul' op 'quantx.input_gram' must be an f32 tensor of shape [S, d, d] = [2, 8, 8] for this weight, got "calibrate me"}}
  %y = linalg.matmul {quantx.input_gram = "calibrate me"}
      ins(%x, %w : tensor<2x16xf32>, tensor<16x4xf32>) outs(%i : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

/// An elided resource has the right type but no values.
func.func @gram_elided(%x: tensor<2x16xf32>, %i: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<1.0> : tensor<16x4xf32>
  // expected-error @+1 {{'linalg.matmul' op 'quantx.input_gram' holds no data (an elided resource?)}}
  %y = linalg.matmul {quantx.input_gram = dense_resource<__elided__> : tensor<2x8x8xf32>}
      ins(%x, %w : tensor<2x16xf32>, tensor<16x4xf32>) outs(%i : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
