// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-fold-batchnorm=emit-remarks | FileCheck %s
// RUN: quantx-opt %s -split-input-file --quantx-fold-batchnorm=bias-in-init | FileCheck %s --check-prefix=INIT

// Every folded value below is computed by hand from
//   a[c] = gamma[c] / sqrt(var[c] + eps),  b[c] = beta[c] - mean[c] * a[c]
// (or the decomposed ops' own constants), W'[c] = a[c] * W[c] and
// bias'[c] = a[c] * b0[c] + b[c]; the constants are chosen so that the
// results are exact.

/// quantx.batch_norm after an NCHW conv: a = [2, 3], b = [0, -7]; the conv
/// accumulated into zeros, so the bias becomes an add after it.
// CHECK-LABEL: func.func @fold_bn_into_conv_nchw
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}9.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %[[W]] :
// CHECK:         %[[B:.*]] = arith.constant dense<[0.000000e+00, -7.000000e+00]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = linalg.generic{{.*}} ins(%[[C]], %[[B]] : tensor<1x2x4x4xf32>, tensor<2xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[Y]]
// CHECK-NOT:     quantx.batch_norm
// INIT-LABEL:  func.func @fold_bn_into_conv_nchw
// INIT-DAG:      %[[B:.*]] = arith.constant dense<[0.000000e+00, -7.000000e+00]> : tensor<2xf32>
// INIT:          %[[I:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x2x4x4xf32>) dimensions = [0, 2, 3]
// INIT:          %[[C:.*]] = linalg.conv_2d_nchw_fchw {{.*}} outs(%[[I]] : tensor<1x2x4x4xf32>)
// INIT-NEXT:     return %[[C]]
func.func @fold_bn_into_conv_nchw(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) outs(%init : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %gamma = arith.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = quantx.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0 : f64, axis = 1 : i64}
      : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

/// The decomposed form on tensors (sub mean, mul by gamma / sqrt(var + eps),
/// add beta) with the broadcasts already materialized as full constants
/// after an NHWC conv: a = [0.5, 4], b = [2.5, -9].
// CHECK-LABEL: func.func @fold_decomposed_arith_into_conv_nhwc
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01, -8.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_nhwc_hwcf{{.*}} ins(%{{.*}}, %[[W]] :
// CHECK:         %[[B:.*]] = arith.constant dense<[2.500000e+00, -9.000000e+00]> : tensor<2xf32>
// CHECK:         linalg.generic{{.*}} ins(%[[C]], %[[B]] : tensor<1x2x2x2xf32>, tensor<2xf32>)
// CHECK-NOT:     arith.subf
// CHECK-NOT:     arith.mulf
func.func @fold_decomposed_arith_into_conv_nhwc(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0, -2.0]]]]> : tensor<1x1x1x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %mean = arith.constant dense<[[[[1.0, 2.0], [1.0, 2.0]], [[1.0, 2.0], [1.0, 2.0]]]]> : tensor<1x2x2x2xf32>
  %scale = arith.constant dense<[[[[0.5, 4.0], [0.5, 4.0]], [[0.5, 4.0], [0.5, 4.0]]]]> : tensor<1x2x2x2xf32>
  %beta = arith.constant dense<[[[[3.0, -1.0], [3.0, -1.0]], [[3.0, -1.0], [3.0, -1.0]]]]> : tensor<1x2x2x2xf32>
  %0 = arith.subf %c, %mean : tensor<1x2x2x2xf32>
  %1 = arith.mulf %0, %scale : tensor<1x2x2x2xf32>
  %2 = arith.addf %1, %beta : tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>

/// torch-mlir's form: the conv accumulates into its broadcast bias b0 = [1, 2]
/// and batch norm is one linalg.generic (x - mean) * rsqrt(var + eps) *
/// weight + bias: a = [1, 2], b = [-1, 1], so the new bias a * b0 + b =
/// [0, 5] stays in the outs operand.
// CHECK-LABEL: func.func @fold_torch_generic_with_bias_in_init
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[0.000000e+00, 5.000000e+00]> : tensor<2xf32>
// CHECK:         %[[I:.*]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x2x3x3xf32>) dimensions = [0, 2, 3]
// CHECK:         %[[C:.*]] = linalg.conv_2d_nchw_fchw{{.*}} ins(%{{.*}}, %[[W]] : {{.*}}) outs(%[[I]] : tensor<1x2x3x3xf32>)
// CHECK-NEXT:    return %[[C]]
func.func @fold_torch_generic_with_bias_in_init(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b0 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b0 : tensor<2xf32>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x3x3xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%x, %w : tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %eps = arith.constant 1.0 : f32
  %e2 = tensor.empty() : tensor<1x2x3x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #ch, #ch, #ch, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %gamma, %beta, %mean, %var : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
      outs(%e2 : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %g: f32, %b: f32, %m: f32, %v: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = arith.addf %v, %eps : f32
    %2 = math.rsqrt %1 : f32
    %3 = arith.mulf %0, %2 : f32
    %4 = arith.mulf %3, %g : f32
    %5 = arith.addf %4, %b : f32
    linalg.yield %5 : f32
  } -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

/// Named linalg.mul / linalg.add whose constants are linalg.broadcasts of
/// per-channel vectors, after an NHWC depthwise conv (filter KH x KW x C):
/// a = [2, 0.5], b = [1, -1].
// CHECK-LABEL: func.func @fold_named_ops_into_depthwise_nhwc
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[}}2.000000e+00, 1.000000e+00], [6.000000e+00, 2.000000e+00]], {{\[\[}}1.000000e+01, 3.000000e+00], [1.400000e+01, 4.000000e+00]]]> : tensor<2x2x2xf32>
// CHECK:         %[[C:.*]] = linalg.depthwise_conv_2d_nhwc_hwc{{.*}} ins(%{{.*}}, %[[W]] :
// CHECK:         %[[B:.*]] = arith.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK:         linalg.generic{{.*}} ins(%[[C]], %[[B]] :
// CHECK-NOT:     linalg.mul
func.func @fold_named_ops_into_depthwise_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]> : tensor<2x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x3x3x2xf32>, tensor<2x2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %t = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %sb = linalg.broadcast ins(%s : tensor<2xf32>) outs(%e : tensor<1x2x2x2xf32>) dimensions = [0, 1, 2]
  %tb = linalg.broadcast ins(%t : tensor<2xf32>) outs(%e : tensor<1x2x2x2xf32>) dimensions = [0, 1, 2]
  %m = linalg.mul ins(%c, %sb : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y = linalg.add ins(%m, %tb : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>

/// (x - mean) / sqrt(var + eps) in one generic after an NCHW depthwise conv
/// (filter C x KH x KW): a = [0.5, 1], b = [0, -1]; stride 2 and dilation 2
/// are kept.
// CHECK-LABEL: func.func @fold_div_sqrt_into_depthwise_nchw
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}-2.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK:         %[[C:.*]] = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %[[W]] :
// CHECK:         %[[B:.*]] = arith.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK:         linalg.generic{{.*}} ins(%[[C]], %[[B]] :
func.func @fold_div_sqrt_into_depthwise_nchw(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[4.0]], [[-2.0]]]> : tensor<2x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x5x5xf32>, tensor<2x1x1xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %eps = arith.constant 1.0 : f32
  %y = linalg.generic {indexing_maps = [#id, #ch, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %mean, %var : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) outs(%e : tensor<1x2x3x3xf32>) {
  ^bb0(%in: f32, %m: f32, %v: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = arith.addf %v, %eps : f32
    %2 = math.sqrt %1 : f32
    %3 = arith.divf %0, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

/// torch-mlir's grouped conv: NCHW input, F x C/G x KH x KW filter and
/// outs expanded to (G, F/G), linalg.conv_2d_ngchw_gfchw, collapsed back,
/// then batch norm on the collapsed channels (a = gamma = [1, 2, 3, 4],
/// b = beta = [0, 0, 0, 1]). The 5-D filter constant is scaled per
/// (g, f) = channel g * 2 + f, and the bias add follows the collapse.
// CHECK-LABEL: func.func @fold_bn_into_grouped_conv
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]]], {{\[\[\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]], {{\[\[}}4.000000e+00]]]]]> : tensor<2x2x2x1x1xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_ngchw_gfchw{{.*}} ins(%{{.*}}, %[[W]] : tensor<1x2x2x3x3xf32>, tensor<2x2x2x1x1xf32>)
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2], [3], [4]]
// CHECK:         %[[B:.*]] = arith.constant dense<[0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK:         linalg.generic{{.*}} ins(%[[R]], %[[B]] : tensor<1x4x3x3xf32>, tensor<4xf32>)
func.func @fold_bn_into_grouped_conv(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %xg = tensor.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 3, 3] : tensor<1x4x3x3xf32> into tensor<1x2x2x3x3xf32>
  %wg = tensor.expand_shape %w [[0, 1], [2], [3], [4]] output_shape [2, 2, 2, 1, 1] : tensor<4x2x1x1xf32> into tensor<2x2x2x1x1xf32>
  %ig = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 3, 3] : tensor<1x4x3x3xf32> into tensor<1x2x2x3x3xf32>
  %c = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%xg, %wg : tensor<1x2x2x3x3xf32>, tensor<2x2x2x1x1xf32>) outs(%ig : tensor<1x2x2x3x3xf32>) -> tensor<1x2x2x3x3xf32>
  %r = tensor.collapse_shape %c [[0], [1, 2], [3], [4]] : tensor<1x2x2x3x3xf32> into tensor<1x4x3x3xf32>
  %gamma = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %beta = arith.constant dense<[0.0, 0.0, 0.0, 1.0]> : tensor<4xf32>
  %mean = arith.constant dense<0.0> : tensor<4xf32>
  %var = arith.constant dense<0.0> : tensor<4xf32>
  %y = quantx.batch_norm %r, %gamma, %beta, %mean, %var {epsilon = 1.0 : f64} : tensor<1x4x3x3xf32>, tensor<4xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

/// A fully connected layer (matmul + bias add) then batch norm over N:
/// a = [1, 2, 0.5], b = 0; the bias add (1) is part of the chain, so the new
/// bias is a * 1.
// CHECK-LABEL: func.func @fold_bn_into_matmul_with_bias
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00, 1.500000e+00], [4.000000e+00, 1.000000e+01, 3.000000e+00]]> : tensor<2x3xf32>
// CHECK:         %[[M:.*]] = linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK:         %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK:         %[[Y:.*]] = linalg.generic{{.*}} ins(%[[M]], %[[B]] : tensor<4x3xf32>, tensor<3xf32>)
// CHECK:         return %[[Y]]
func.func @fold_bn_into_matmul_with_bias(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x3xf32>) -> tensor<4x3xf32>
  %m = linalg.matmul ins(%x, %w : tensor<4x2xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  %bias = arith.constant dense<1.0> : tensor<3xf32>
  %fc = linalg.generic {indexing_maps = [#id2, #col, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%m, %bias : tensor<4x3xf32>, tensor<3xf32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %0 = arith.addf %in, %b : f32
    linalg.yield %0 : f32
  } -> tensor<4x3xf32>
  %gamma = arith.constant dense<[1.0, 2.0, 0.5]> : tensor<3xf32>
  %beta = arith.constant dense<0.0> : tensor<3xf32>
  %mean = arith.constant dense<0.0> : tensor<3xf32>
  %var = arith.constant dense<0.0> : tensor<3xf32>
  %y = quantx.batch_norm %fc, %gamma, %beta, %mean, %var {epsilon = 1.0 : f64} : tensor<4x3xf32>, tensor<3xf32>
  return %y : tensor<4x3xf32>
}

// -----

/// A matmul whose weights are N x K (transposed through indexing_maps): the
/// channel is the weights' dimension 0. Only a scale, so no bias appears.
// CHECK-LABEL: func.func @fold_scale_into_transposed_matmul
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [4.000000e+00, 1.000000e+01], [9.000000e+00, 1.800000e+01]]> : tensor<3x2xf32>
// CHECK:         %[[M:.*]] = linalg.matmul indexing_maps ={{.*}} ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    return %[[M]]
func.func @fold_scale_into_transposed_matmul(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = arith.constant dense<[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]> : tensor<3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x3xf32>) -> tensor<4x3xf32>
  %m = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%x, %w : tensor<4x2xf32>, tensor<3x2xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  %s = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %sb = linalg.broadcast ins(%s : tensor<3xf32>) outs(%e : tensor<4x3xf32>) dimensions = [0]
  %y = linalg.mul ins(%m, %sb : tensor<4x3xf32>, tensor<4x3xf32>) outs(%e : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

/// NHWC conv with an F x KH x KW x C filter, a padded input, strides and
/// dilations, scaled by a splat 3: everything but the weights is kept.
// CHECK-LABEL: func.func @fold_splat_into_conv_nhwc_fhwc_keeps_padding
// CHECK:         %[[P:.*]] = tensor.pad
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00], [3.000000e+00]], {{\[\[}}3.000000e+00], [3.000000e+00]]], {{\[\[\[}}6.000000e+00], [6.000000e+00]], {{\[\[}}6.000000e+00], [6.000000e+00]]]]> : tensor<2x2x2x1xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_nhwc_fhwc {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[W]] :
// CHECK-NEXT:    return %[[C]]
func.func @fold_splat_into_conv_nhwc_fhwc_keeps_padding(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x1xf32> to tensor<1x6x6x1xf32>
  %w = arith.constant dense<[[[[1.0], [1.0]], [[1.0], [1.0]]], [[[2.0], [2.0]], [[2.0], [2.0]]]]> : tensor<2x2x2x1xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x6x6x1xf32>, tensor<2x2x2x1xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %three = arith.constant dense<3.0> : tensor<1x2x2x2xf32>
  %y = arith.mulf %c, %three : tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

/// f16 weights: a = 1 / sqrt(8 + 1) = 1/3 is applied in float64 and rounded
/// once to f16: 0x3555 = 0.333251953125.
// CHECK-LABEL: func.func @fold_rounds_once_to_f16
// CHECK:         arith.constant dense<3.332520e-01> : tensor<1x1x1x1xf16>
func.func @fold_rounds_once_to_f16(%x: tensor<1x1x2x2xf16>) -> tensor<1x1x2x2xf16> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf16>
  %zero = arith.constant 0.0 : f16
  %e = tensor.empty() : tensor<1x1x2x2xf16>
  %init = linalg.fill ins(%zero : f16) outs(%e : tensor<1x1x2x2xf16>) -> tensor<1x1x2x2xf16>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf16>, tensor<1x1x1x1xf16>)
      outs(%init : tensor<1x1x2x2xf16>) -> tensor<1x1x2x2xf16>
  %one = arith.constant dense<1.0> : tensor<1xf16>
  %zeros = arith.constant dense<0.0> : tensor<1xf16>
  %var = arith.constant dense<8.0> : tensor<1xf16>
  %y = quantx.batch_norm %c, %one, %zeros, %zeros, %var {epsilon = 1.0 : f64} : tensor<1x1x2x2xf16>, tensor<1xf16>
  return %y : tensor<1x1x2x2xf16>
}

// -----

/// Two batch norms in a row compose: (a, b) = (2, 1) then (3, -3), in all
/// a = 6, b = 3 * 1 - 3 = 0.
// CHECK-LABEL: func.func @fold_two_batch_norms
// CHECK:         %[[W:.*]] = arith.constant dense<6.000000e+00> : tensor<1x1x1x1xf32>
// CHECK:         %[[C:.*]] = linalg.conv_2d_nchw_fchw{{.*}} ins(%{{.*}}, %[[W]] :
// CHECK-NEXT:    return %[[C]]
func.func @fold_two_batch_norms(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %two = arith.constant dense<2.0> : tensor<1xf32>
  %three = arith.constant dense<3.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zeros = arith.constant dense<0.0> : tensor<1xf32>
  %y1 = quantx.batch_norm %c, %two, %one, %zeros, %zeros {epsilon = 1.0 : f64} : tensor<1x1x2x2xf32>, tensor<1xf32>
  %y2 = quantx.batch_norm %y1, %three, %zeros, %one, %zeros {epsilon = 1.0 : f64} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y2 : tensor<1x1x2x2xf32>
}

// -----

/// A conv followed by ReLU only: nothing batch-norm-like, no remark.
// CHECK-LABEL: func.func @negative_no_batch_norm
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK:         arith.maximumf
func.func @negative_no_batch_norm(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %zeros = arith.constant dense<0.0> : tensor<1x1x2x2xf32>
  %y = arith.maximumf %c, %zeros : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// The conv's result is also returned: folding would change that value.
// CHECK-LABEL: func.func @negative_producer_has_other_users
// CHECK:         quantx.batch_norm
func.func @negative_producer_has_other_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: its input has 2 users; folding needs the batch norm to be the only one}}
  %y = quantx.batch_norm %c, %one, %one, %one, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y, %c : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

/// Weights from a function argument cannot be folded at compile time.
// CHECK-LABEL: func.func @negative_weights_not_constant
// CHECK:         quantx.batch_norm
func.func @negative_weights_not_constant(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: the weights of 'linalg.conv_2d_nchw_fchw' are not a float constant (a block argument)}}
  %y = quantx.batch_norm %c, %one, %one, %one, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// Statistics from a function argument.
// CHECK-LABEL: func.func @negative_statistics_not_constant
// CHECK:         quantx.batch_norm
func.func @negative_statistics_not_constant(%x: tensor<1x1x2x2xf32>, %mean: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: the batch norm mean is not a constant (a block argument) (the statistics are not constants)}}
  %y = quantx.batch_norm %c, %one, %one, %mean, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// A batch norm over H of an NCHW conv (H = C = 2, so the op is valid).
// CHECK-LABEL: func.func @negative_batch_norm_axis_mismatch
// CHECK:         quantx.batch_norm
func.func @negative_batch_norm_axis_mismatch(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<2x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark @below {{not folded: the batch norm normalizes dimension 2 but the producer's output channels are along dimension(s) [1] (the channel axis does not match)}}
  %y = quantx.batch_norm %c, %one, %one, %one, %one {axis = 2 : i64} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

/// A decomposed scale that varies along W, not along the channels.
// CHECK-LABEL: func.func @negative_decomposed_constant_varies_off_channel
// CHECK:         arith.mulf
func.func @negative_decomposed_constant_varies_off_channel(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %s = arith.constant dense<[[[[1.0, 2.0], [1.0, 2.0]]]]> : tensor<1x1x2x2xf32>
  // expected-remark @below {{not folded: operand #1 is a constant that varies along a non-channel dimension (the channel axis does not match)}}
  %y = arith.mulf %c, %s : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#h = affine_map<(d0, d1, d2, d3) -> (d2)>

/// A linalg.generic that reads its per-"channel" constant along H.
// CHECK-LABEL: func.func @negative_generic_reads_constant_along_h
// CHECK:         linalg.generic
func.func @negative_generic_reads_constant_along_h(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<2x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // expected-remark @below {{not folded: input #1 is a constant that varies along a non-channel dimension (the channel axis does not match)}}
  %y = linalg.generic {indexing_maps = [#id, #h, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %s : tensor<1x2x2x2xf32>, tensor<2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %v: f32, %out: f32):
    %0 = arith.mulf %in, %v : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

/// The conv accumulates into a function argument, which is not a bias.
// CHECK-LABEL: func.func @negative_init_not_constant
// CHECK:         quantx.batch_norm
func.func @negative_init_not_constant(%x: tensor<1x1x2x2xf32>, %acc: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%acc : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: the outs operand of 'linalg.conv_2d_nchw_fchw' is not a constant (a block argument); it must be a per-channel constant (zeros or a bias)}}
  %y = quantx.batch_norm %c, %one, %one, %one, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// Batch norm after a ReLU: its input is not a conv/matmul.
// CHECK-LABEL: func.func @negative_batch_norm_after_relu
// CHECK:         quantx.batch_norm
func.func @negative_batch_norm_after_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %zero = arith.constant dense<0.0> : tensor<1x1x2x2xf32>
  %r = arith.maximumf %x, %zero : tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: its input is produced by 'arith.maximumf', not by a conv/matmul that quantx-fold-batchnorm folds into}}
  %y = quantx.batch_norm %r, %one, %one, %one, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// Batch norm of a function argument.
// CHECK-LABEL: func.func @negative_batch_norm_of_argument
// CHECK:         quantx.batch_norm
func.func @negative_batch_norm_of_argument(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %one = arith.constant dense<1.0> : tensor<1xf32>
  // expected-remark @below {{not folded: its input is a block argument, not the result of a conv/matmul}}
  %y = quantx.batch_norm %x, %one, %one, %one, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// variance + epsilon must be positive for the square root.
// CHECK-LABEL: func.func @negative_variance_not_positive
// CHECK:         quantx.batch_norm
func.func @negative_variance_not_positive(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %var = arith.constant dense<-2.0> : tensor<1xf32>
  // expected-remark @below {{not folded: variance + epsilon is -1 for channel 0, not positive}}
  %y = quantx.batch_norm %c, %one, %one, %one, %var {epsilon = 1.0 : f64} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

/// The first batch norm folds; its result also feeds the return, so the
/// second stays and says why.
// CHECK-LABEL: func.func @negative_second_batch_norm_input_has_other_users
// CHECK:         %[[W:.*]] = arith.constant dense<4.000000e+00> : tensor<1x1x1x1xf32>
// CHECK:         linalg.conv_2d_nchw_fchw{{.*}} ins(%{{.*}}, %[[W]] :
// CHECK-COUNT-1: quantx.batch_norm
func.func @negative_second_batch_norm_input_has_other_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %two = arith.constant dense<2.0> : tensor<1xf32>
  %zeros = arith.constant dense<0.0> : tensor<1xf32>
  %y1 = quantx.batch_norm %c, %two, %zeros, %zeros, %zeros {epsilon = 1.0 : f64} : tensor<1x1x2x2xf32>, tensor<1xf32>
  // expected-remark @below {{not folded: its input has 2 users; folding needs the batch norm chain to be the only one}}
  %y2 = quantx.batch_norm %y1, %two, %zeros, %zeros, %zeros {epsilon = 1.0 : f64} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y1, %y2 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

/// x * x is arithmetic but not affine in x.
// CHECK-LABEL: func.func @negative_not_affine
// CHECK:         arith.mulf
func.func @negative_not_affine(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  // expected-remark @below {{not folded: its body is not of the form a * x + b with constant a and b}}
  %y = arith.mulf %c, %c : tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
