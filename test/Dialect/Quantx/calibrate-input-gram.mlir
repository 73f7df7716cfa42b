// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; f = lambda n, a: np.save('%t/' + n, np.array(a, np.float32)); f('x0.npy', [[1, 2, 3, 4], [0, 1, 0, 2]]); f('x1.npy', [[1, 0, 0, 1], [2, 0, 1, 0]]); f('img0.npy', [[np.arange(1, 10).reshape(3, 3), np.ones((3, 3))]]); f('img1.npy', [[np.zeros((3, 3)), np.full((3, 3), 2)]])"
// RUN: quantx-opt %s --quantx-calibrate="inputs=%t/x0.npy,%t/img0.npy,%t/x1.npy,%t/img1.npy input-gram gram-block-size=2" | FileCheck %s
// RUN: quantx-opt %s --quantx-calibrate="inputs=%t/x0.npy,%t/img0.npy,%t/x1.npy,%t/img1.npy input-gram gram-block-size=2" -debug-only=quantx-calibrate 2>&1 >/dev/null | FileCheck %s --check-prefix=DEBUG
// Without input-gram, no Gram matrices.
// RUN: quantx-opt %s --quantx-calibrate="inputs=%t/x0.npy,%t/img0.npy,%t/x1.npy,%t/img1.npy" | FileCheck %s --check-prefix=NOGRAM
// NOGRAM-NOT: quantx.input_gram

/// quantx-calibrate input-gram: the input Gram matrices X_j^T X_j of the
/// layers quantx-codebook-quantize weights its k-means with, summed over
/// the two calibration runs, computed here by hand.
///
/// Matmul (d = gram-block-size = 2, K = 4, so S = 2): the four lhs rows of
/// the two runs are (1 2 | 3 4), (0 1 | 0 2), (1 0 | 0 1), (2 0 | 1 0).
///   G_0 = sum over rows of (x0, x1)^T (x0, x1) = [[6, 2], [2, 5]]
///   G_1 = sum over rows of (x2, x3)^T (x2, x3) = [[10, 12], [12, 21]]
// CHECK-LABEL: func.func @main
// CHECK: linalg.matmul {quantx.input_gram = dense<{{\[}}{{\[}}[6.000000e+00, 2.000000e+00], [2.000000e+00, 5.000000e+00]], {{\[}}[1.000000e+01, 1.200000e+01], [1.200000e+01, 2.100000e+01]]]> : tensor<2x2x2xf32>}
///
/// 2x2 convolution over a 1x2x3x3 input, stride 1 (d = KH * KW = 4, K = 8,
/// S = 2: one block per input channel). Four output positions per run; the
/// im2col patches of channel 0 in run 0 are (1 2 4 5), (2 3 5 6),
/// (4 5 7 8), (5 6 8 9) (run 1 has zeros there), so
///   G_0 = [[46, 58, 82, 94], [58, 74, 106, 122], [82, 106, 154, 178],
///          [94, 122, 178, 206]]
/// Channel 1 holds ones in run 0 and twos in run 1: G_1 = 4 * 1 + 4 * 4 =
/// 20 everywhere.
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, quantx.input_gram = dense<{{\[}}{{\[}}[4.600000e+01, 5.800000e+01, 8.200000e+01, 9.400000e+01], [5.800000e+01, 7.400000e+01, 1.060000e+02, 1.220000e+02], [8.200000e+01, 1.060000e+02, 1.540000e+02, 1.780000e+02], [9.400000e+01, 1.220000e+02, 1.780000e+02, 2.060000e+02]], {{\[}}[2.000000e+01, 2.000000e+01, 2.000000e+01, 2.000000e+01], [2.000000e+01, 2.000000e+01, 2.000000e+01, 2.000000e+01], [2.000000e+01, 2.000000e+01, 2.000000e+01, 2.000000e+01], [2.000000e+01, 2.000000e+01, 2.000000e+01, 2.000000e+01]]]> : tensor<2x4x4xf32>
///
/// K = 3 is not a multiple of d = 2 (quantx-codebook-quantize skips that
/// layer too), and a weight that is not a constant cannot be quantized:
/// neither gets Gram matrices.
// CHECK: linalg.matmul ins
// CHECK-NOT: quantx.input_gram
// CHECK: return
// DEBUG: no input Gram for linalg.matmul at loc("k3"): K = 3 is not a multiple of d = 2 in [1, 64]
// DEBUG: no input Gram for linalg.matmul at loc("not_constant"): the input is not an f32 tensor or the weight not an f32 constant
// DEBUG: input Gram: 2 blocks, 4 rows
// DEBUG: input Gram: 2 blocks, 8 rows
func.func @main(%x: tensor<2x4xf32>, %img: tensor<1x2x3x3xf32>) -> (tensor<2x3xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %z = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x3xf32>
  %e = tensor.empty() : tensor<2x3xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%f : tensor<2x3xf32>) -> tensor<2x3xf32>
  %k = arith.constant dense<0.25> : tensor<1x2x2x2xf32>
  %ce = tensor.empty() : tensor<1x1x2x2xf32>
  %cf = linalg.fill ins(%z : f32) outs(%ce : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%img, %k : tensor<1x2x3x3xf32>, tensor<1x2x2x2xf32>) outs(%cf : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %y3 = tensor.extract_slice %y[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> to tensor<2x3xf32>
  %w3 = arith.constant dense<1.0> : tensor<3x2xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %f2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %k3 = linalg.matmul ins(%y3, %w3 : tensor<2x3xf32>, tensor<3x2xf32>) outs(%f2 : tensor<2x2xf32>) -> tensor<2x2xf32> loc("k3")
  %xs = tensor.extract_slice %x[0, 0] [2, 2] [1, 1] : tensor<2x4xf32> to tensor<2x2xf32>
  %nc = linalg.matmul ins(%xs, %k3 : tensor<2x2xf32>, tensor<2x2xf32>) outs(%f2 : tensor<2x2xf32>) -> tensor<2x2xf32> loc("not_constant")
  return %y, %c, %k3, %nc : tensor<2x3xf32>, tensor<1x1x2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
