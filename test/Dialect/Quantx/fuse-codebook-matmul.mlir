// RUN: quantx-opt %s --split-input-file --quantx-fuse-codebook-matmul | FileCheck %s

/// A K x N weight rebuilt from a codebook feeding linalg.matmul with a zero
/// init: one codebook_matmul on the centroids and codes; the dequantize,
/// now unused, is gone.
// CHECK-LABEL: func.func @matmul_kn
// CHECK-SAME:    (%[[X:.*]]: tensor<2x16xf32>, %[[C:.*]]: tensor<4x8xf16>, %[[I:.*]]: tensor<2x8xi8>)
// CHECK-NOT:     quantx.codebook_dequantize
// CHECK:         %[[Y:.*]] = quantx.codebook_matmul %[[X]], %[[C]], %[[I]] : tensor<2x16xf32>, tensor<4x8xf16>, tensor<2x8xi8> -> tensor<2x8xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @matmul_kn(%x: tensor<2x16xf32>, %c: tensor<4x8xf16>, %i: tensor<2x8xi8>) -> tensor<2x8xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0] : tensor<4x8xf16>, tensor<2x8xi8> -> tensor<16x8xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x16xf32>, tensor<16x8xf32>) outs(%f : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

/// An N x K weight (blocks along dimension 1) read through the transposed-B
/// maps, accumulating into a bias: the same codebook_matmul, then the bias
/// added.
// CHECK-LABEL: func.func @matmul_nk_with_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<2x16xf32>, %[[C:.*]]: tensor<4x8xf32>, %[[I:.*]]: tensor<2x8xi8>, %[[B:.*]]: tensor<2x8xf32>)
// CHECK:         %[[Y:.*]] = quantx.codebook_matmul %[[X]], %[[C]], %[[I]] : tensor<2x16xf32>, tensor<4x8xf32>, tensor<2x8xi8> -> tensor<2x8xf32>
// CHECK:         %[[S:.*]] = linalg.add ins(%[[Y]], %[[B]] : tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK:         return %[[S]]
func.func @matmul_nk_with_bias(%x: tensor<2x16xf32>, %c: tensor<4x8xf32>, %i: tensor<2x8xi8>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [1] : tensor<4x8xf32>, tensor<2x8xi8> -> tensor<8x16xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%x, %w : tensor<2x16xf32>, tensor<8x16xf32>) outs(%b : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

/// NCHW with stride 2 and dilation 2: im2col over (n, oh, ow, c, kh, kw)
/// reading x[n, c, 2 oh + 2 kh, 2 ow + 2 kw], collapsed to (N OH OW) x K,
/// codebook_matmul, expanded to N x OH x OW x F and transposed to NCHW.
// CHECK-DAG: #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d1 * 2 + d4 * 2, d2 * 2 + d5 * 2)>
// CHECK-DAG: #[[ID6:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @conv_nchw_strided_dilated
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x9x9xf32>, %[[C:.*]]: tensor<4x9xf16>, %[[I:.*]]: tensor<2x4xi8>)
// CHECK:         %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL]], #[[ID6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]] : tensor<1x2x9x9xf32>) outs(%{{.*}} : tensor<1x3x3x2x3x3xf32>)
// CHECK:         %[[M:.*]] = tensor.collapse_shape %[[COLS]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x3x3x2x3x3xf32> into tensor<9x18xf32>
// CHECK:         %[[Y:.*]] = quantx.codebook_matmul %[[M]], %[[C]], %[[I]] : tensor<9x18xf32>, tensor<4x9xf16>, tensor<2x4xi8> -> tensor<9x4xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[Y]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 3, 3, 4] : tensor<9x4xf32> into tensor<1x3x3x4xf32>
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[E]] : tensor<1x3x3x4xf32>) outs(%{{.*}} : tensor<1x4x3x3xf32>) permutation = [0, 3, 1, 2]
// CHECK:         return %[[T]]
func.func @conv_nchw_strided_dilated(%x: tensor<1x2x9x9xf32>, %c: tensor<4x9xf16>, %i: tensor<2x4xi8>) -> tensor<1x4x3x3xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [1, 2, 3] : tensor<4x9xf16>, tensor<2x4xi8> -> tensor<4x2x3x3xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x3x3xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %y = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>, dilations = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x9x9xf32>, tensor<4x2x3x3xf32>) outs(%f : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

/// NHWC with the kill-the-bits blocks ([2, 0, 1]: K = (c, kh, kw)), a
/// dynamic batch and an init that is not zero: the im2col columns follow
/// (c, kh, kw), the batch comes from the init, the init is added.
// CHECK-DAG: #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-LABEL: func.func @conv_nhwc_dynamic_batch
// CHECK-SAME:    (%[[X:.*]]: tensor<?x5x5x4xf32>, %[[C:.*]]: tensor<8x9xf16>, %[[I:.*]]: tensor<4x8xi8>, %[[INIT:.*]]: tensor<?x2x2x8xf32>)
// CHECK:         %[[N:.*]] = tensor.dim %[[INIT]], %{{.*}} : tensor<?x2x2x8xf32>
// CHECK:         %[[CE:.*]] = tensor.empty(%[[N]]) : tensor<?x2x2x4x3x3xf32>
// CHECK:         %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[IM2COL]], #{{.*}}]
// CHECK:         %[[M:.*]] = tensor.collapse_shape %[[COLS]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<?x2x2x4x3x3xf32> into tensor<?x36xf32>
// CHECK:         %[[Y:.*]] = quantx.codebook_matmul %[[M]], %[[C]], %[[I]] : tensor<?x36xf32>, tensor<8x9xf16>, tensor<4x8xi8> -> tensor<?x8xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[Y]] {{\[\[}}0, 1, 2], [3]] output_shape [%[[N]], 2, 2, 8]
// CHECK:         %[[S:.*]] = linalg.add ins(%[[E]], %[[INIT]] :
// CHECK:         return %[[S]]
func.func @conv_nhwc_dynamic_batch(%x: tensor<?x5x5x4xf32>, %c: tensor<8x9xf16>, %i: tensor<4x8xi8>, %init: tensor<?x2x2x8xf32>) -> tensor<?x2x2x8xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [2, 0, 1] : tensor<8x9xf16>, tensor<4x8xi8> -> tensor<3x3x4x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {strides = dense<2> : tensor<2xi64>, dilations = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<?x5x5x4xf32>, tensor<3x3x4x8xf32>) outs(%init : tensor<?x2x2x8xf32>) -> tensor<?x2x2x8xf32>
  return %y : tensor<?x2x2x8xf32>
}

// -----

/// NHWC with blocks along the channels ([0, 1, 2]: K = (kh, kw, c)): the
/// im2col columns follow (kh, kw, c). The dequantized weight has a second
/// user, so it stays for that user.
// CHECK-DAG: #[[IM2COL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-LABEL: func.func @conv_nhwc_channel_blocks_shared_weight
// CHECK:         %[[W:.*]] = quantx.codebook_dequantize
// CHECK:         linalg.generic {indexing_maps = [#[[IM2COL]], #{{.*}}]
// CHECK-SAME:        outs(%{{.*}} : tensor<1x3x3x3x3x8xf32>)
// CHECK:         quantx.codebook_matmul %{{.*}}, %{{.*}}, %{{.*}} : tensor<9x72xf32>, tensor<16x8xf32>, tensor<9x2xi8> -> tensor<9x2xf32>
// CHECK:         return %{{.*}}, %[[W]]
func.func @conv_nhwc_channel_blocks_shared_weight(%x: tensor<1x5x5x8xf32>, %c: tensor<16x8xf32>, %i: tensor<9x2xi8>) -> (tensor<1x3x3x2xf32>, tensor<3x3x8x2xf32>) {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0, 1, 2] : tensor<16x8xf32>, tensor<9x2xi8> -> tensor<3x3x8x2xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x3x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x5x5x8xf32>, tensor<3x3x8x2xf32>) outs(%f : tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  return %y, %w : tensor<1x3x3x2xf32>, tensor<3x3x8x2xf32>
}

// -----

/// Negative cases: nothing changes.
/// * the rebuilt weight is the left operand;
/// * the blocks run along N, not along the matmul's reduction;
/// * the activations are f64 (codebook_matmul takes 16/32-bit floats);
/// * the conv filter's blocks include F, the output channels;
/// * a depthwise convolution (one filter per channel, no im2col route).
// CHECK-LABEL: func.func @negative_weight_on_the_left
// CHECK:         linalg.matmul
// CHECK-NOT:     quantx.codebook_matmul
func.func @negative_weight_on_the_left(%y: tensor<8x2xf32>, %c: tensor<4x8xf32>, %i: tensor<2x8xi8>, %o: tensor<16x2xf32>) -> tensor<16x2xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0] : tensor<4x8xf32>, tensor<2x8xi8> -> tensor<16x8xf32>
  %r = linalg.matmul ins(%w, %y : tensor<16x8xf32>, tensor<8x2xf32>) outs(%o : tensor<16x2xf32>) -> tensor<16x2xf32>
  return %r : tensor<16x2xf32>
}
// CHECK-LABEL: func.func @negative_blocks_along_n
// CHECK:         linalg.matmul
// CHECK-NOT:     quantx.codebook_matmul
func.func @negative_blocks_along_n(%x: tensor<2x8xf32>, %c: tensor<4x8xf32>, %i: tensor<2x8xi8>, %o: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [1] : tensor<4x8xf32>, tensor<2x8xi8> -> tensor<8x16xf32>
  %r = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x16xf32>) outs(%o : tensor<2x16xf32>) -> tensor<2x16xf32>
  return %r : tensor<2x16xf32>
}
// CHECK-LABEL: func.func @negative_f64_activations
// CHECK:         linalg.matmul
// CHECK-NOT:     quantx.codebook_matmul
func.func @negative_f64_activations(%x: tensor<2x16xf64>, %c: tensor<4x8xf32>, %i: tensor<2x8xi8>, %o: tensor<2x8xf64>) -> tensor<2x8xf64> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0] : tensor<4x8xf32>, tensor<2x8xi8> -> tensor<16x8xf32>
  %r = linalg.matmul ins(%x, %w : tensor<2x16xf64>, tensor<16x8xf32>) outs(%o : tensor<2x8xf64>) -> tensor<2x8xf64>
  return %r : tensor<2x8xf64>
}
// CHECK-LABEL: func.func @negative_conv_blocks_across_filters
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK-NOT:     quantx.codebook_matmul
func.func @negative_conv_blocks_across_filters(%x: tensor<1x2x5x5xf32>, %c: tensor<4x9xf32>, %i: tensor<4x2xi8>, %o: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0, 2, 3] : tensor<4x9xf32>, tensor<4x2xi8> -> tensor<4x2x3x3xf32>
  %r = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) outs(%o : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %r : tensor<1x4x3x3xf32>
}
// CHECK-LABEL: func.func @negative_depthwise
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-NOT:     quantx.codebook_matmul
func.func @negative_depthwise(%x: tensor<1x5x5x4xf32>, %c: tensor<4x9xf32>, %i: tensor<1x4xi8>, %o: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  %w = quantx.codebook_dequantize %c, %i reduction_dims [0, 1] : tensor<4x9xf32>, tensor<1x4xi8> -> tensor<3x3x4xf32>
  %r = linalg.depthwise_conv_2d_nhwc_hwc ins(%x, %w : tensor<1x5x5x4xf32>, tensor<3x3x4xf32>) outs(%o : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %r : tensor<1x3x3x4xf32>
}
