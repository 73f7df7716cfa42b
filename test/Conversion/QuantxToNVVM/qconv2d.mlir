// RUN: quantx-opt %s --convert-quantx-to-nvvm --split-input-file | FileCheck %s

/// qconv2d is im2col times the filter as B^T, on the GEMM kernel. A 1x1
/// filter (C = 2, F = 3) [[1, 2, 3], [4, 5, 6]] (HWCF) is folded to B^T rows
/// f = 0..2: [1, 4, 0...], [2, 5, 0...], [3, 6, 0...] (K = 2 padded to 16).
/// The im2col generic reads the input with the padding test on the wrapped
/// (unsigned) coordinates and puts the input zero point in the padding (here
/// 128, the i8 bit pattern -128) and 0 past K. With one group and NHWC the
/// [1, N*OH*OW, F] result is already NHWC: only reshapes follow.

// CHECK-LABEL: func.func @nhwc_1x1_constant_filter
// CHECK-DAG:       arith.constant dense<{{\[\[\[}}1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]> : tensor<1x3x16xi8>
// CHECK-DAG:     %[[ZP:.*]] = arith.constant -128 : i8
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK:         %[[A:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x12x16xi8>)
// CHECK:           arith.cmpi ult, %{{.*}}, %c2 : index
// CHECK:           arith.cmpi ult, %{{.*}}, %c2 : index
// CHECK:           arith.cmpi ult, %{{.*}}, %c3 : index
// CHECK:           %[[X:.*]] = tensor.extract
// CHECK:           %[[OUT:.*]] = arith.select %{{.*}}, %[[ZP]], %[[ZERO]] : i8
// CHECK:           arith.select %{{.*}}, %[[X]], %[[OUT]] : i8
// CHECK:         call @qconv2d_mma_launch(
// CHECK:         %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2, 3], [4]] output_shape [1, 1, 4, 3, 3]
// CHECK:         tensor.collapse_shape %[[E]] {{\[\[}}0, 1], [2], [3], [4]] : tensor<1x1x4x3x3xi32> into tensor<1x4x3x3xi32>
// CHECK-NOT:     linalg.transpose
func.func @nhwc_1x1_constant_filter(%x: tensor<1x2x3x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x4x3x3xi32> {
  %w = arith.constant dense<[[[[1, 2, 3], [4, 5, 6]]]]> : tensor<1x1x2x3xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {padding = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x2x3x2x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x1x2x3xi8> -> tensor<1x4x3x3xi32>
  return %acc : tensor<1x4x3x3xi32>
}

// -----

/// Two groups in NCHW: im2col and the filter become batches of the GEMM
/// (2 x 36 x 32 and 2 x 4 x 32: K = 2*3*3 = 18 padded to 32), and the
/// [groups, N*OH*OW, F/groups] result is transposed back to NCHW.

// CHECK-LABEL: func.func @nchw_grouped
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<2x36x32xi8>)
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x32xi8>)
// CHECK:         call @qconv2d_mma_launch(%{{.*}}, %{{.*}}, %{{.*}}, %c36, %c4, %c18, %c32, %c2)
// CHECK:         %[[E:.*]] = tensor.expand_shape %{{.*}} output_shape [2, 1, 6, 6, 4]
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[E]] : tensor<2x1x6x6x4xi32>) outs(%{{.*}} : tensor<1x2x4x6x6xi32>) permutation = [1, 0, 4, 2, 3]
// CHECK:         tensor.collapse_shape %[[T]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x4x6x6xi32> into tensor<1x8x6x6xi32>
// CHECK:       gpu.func @qconv2d_mma(
func.func @nchw_grouped(%x: tensor<1x4x8x8xi8>, %w: tensor<8x2x3x3xi8>) -> tensor<1x8x6x6xi32> {
  %acc = quantx.qconv2d %x, %w layout<nchw_fchw> {groups = 2 : i64} : tensor<1x4x8x8xi8>, tensor<8x2x3x3xi8> -> tensor<1x8x6x6xi32>
  return %acc : tensor<1x8x6x6xi32>
}

// -----

/// A requantize per output channel (axis 3 in NHWC) is fused; the channel of
/// the epilogue is group * (F / groups) + column, and the per-channel
/// multipliers become a table.

// CHECK-LABEL: func.func @nhwc_fused_per_channel_requantize
// CHECK-NOT:     quantx.requantize
// CHECK:         call @qconv2d_mma_launch
// CHECK:       gpu.module @quantx_kernels
// CHECK:         memref.global "private" constant @qconv2d_mma_multiplier : memref<4xi64> = dense<[1073741824, 1073741825, 1073741826, 1073741827]>
// CHECK:         gpu.func @qconv2d_mma(
// CHECK:           memref.store %{{.*}} : memref<2x16x2xi8>
func.func @nhwc_fused_per_channel_requantize(%x: tensor<1x4x4x4xi8>, %w: tensor<1x1x2x4xi8>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 1.0>> {
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64} : tensor<1x4x4x4xi8>, tensor<1x1x2x4xi8> -> tensor<1x4x4x4xi32>
  %y = quantx.requantize %acc axis(3) multiplier [1073741824, 1073741825, 1073741826, 1073741827] shift [40, 40, 40, 40] rounding<half_to_even> : tensor<1x4x4x4xi32> -> tensor<1x4x4x4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x4x4x4x!quant.uniform<i8:f32, 1.0>>
}
