// RUN: quantx-opt %s --quantx-insert-qdq="activation-symmetric=true" | FileCheck %s --check-prefix=MINMAX
// RUN: quantx-opt %s --quantx-insert-qdq="activation-symmetric=true activation-clip=percentile=90" | FileCheck %s --check-prefix=PCT
// RUN: quantx-opt %s --quantx-insert-qdq="activation-symmetric=true activation-clip=mse" | FileCheck %s --check-prefix=MSE
// RUN: quantx-opt %s --quantx-insert-qdq="activation-symmetric=true activation-clip=aciq-laplace" | FileCheck %s --check-prefix=LAP
// RUN: quantx-opt %s --quantx-insert-qdq="activation-symmetric=true activation-clip=aciq-gauss" | FileCheck %s --check-prefix=GAUSS

// The activation clipping methods of quantx-insert-qdq, on statistics whose
// clip values can be derived by hand. Expected scales are the f64 values of
// the f32 scales.

/// Clipping methods on values spread uniformly over [-1024, 1024] (2048
/// bins of 2), with a Laplace scale (mad) of 100 and a std of 100 given as
/// statistics, 8-bit symmetric activations (scale = clip / 127):
/// * minmax: 1024 / 127 = 8.0629921;
/// * percentile=90: each tail loses 10%: 1024 - 0.1 * 2048 = 819.2, scale
///   6.4503937;
/// * mse: the optimum of (1-c)^3/6 + (1+c)/2 (c/127)^2/12 (c relative to
///   1024) is c = 0.994918 (see ClippingTest.cpp), 1018.8: scale 8.022 (the
///   search steps by 1024/2048);
/// * aciq-laplace: 9.89675977 * 100 = 989.676, scale 7.79273;
/// * aciq-gauss: 3.92403549 * 100 = 392.404, scale 3.08979.
// MINMAX-LABEL: func.func @clipping
// MINMAX: !quant.uniform<i8:f32, 8.0629920959472656>
// PCT-LABEL: func.func @clipping
// PCT: !quant.uniform<i8:f32, 6.4503936767578125>
// MSE-LABEL: func.func @clipping
// MSE: !quant.uniform<i8:f32, 8.02{{[0-9]+}}>
// LAP-LABEL: func.func @clipping
// LAP: !quant.uniform<i8:f32, 7.7927{{[0-9]+}}>
// GAUSS-LABEL: func.func @clipping
// GAUSS: !quant.uniform<i8:f32, 3.0897{{[0-9]+}}>
func.func @clipping(%x: tensor<64x64xf32> {quantx.stats = #quantx.tensor_stats<count = 4096, min = -1024.0, max = 1024.0, mean = 0.0, std = 100.0, mad = 100.0, histogram = {range = [-1024.0, 1024.0], bins = dense<2> : tensor<2048xi64>}>}) -> tensor<64x1xf32> {
  %w = arith.constant dense<1.0> : tensor<64x1xf32>
  %z = arith.constant dense<0.0> : tensor<64x1xf32>
  %y = linalg.matmul ins(%x, %w : tensor<64x64xf32>, tensor<64x1xf32>) outs(%z : tensor<64x1xf32>) -> tensor<64x1xf32>
  return %y : tensor<64x1xf32>
}
