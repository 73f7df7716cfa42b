// RUN: quantx-opt %s --convert-quantx-to-vector=isa=avx512-vnni -split-input-file | FileCheck %s

/// Implicit GEMM, packing computed by hand: a 2 x 2 x 3 x 1 HWCF filter with
/// values 1..12 (w[kh][kw][c] = (2 kh + kw) * 3 + c + 1), C = 3 padded to
/// 4, so each filter pixel is one group of 4 bytes: 01 02 03 00, 04 05 06 00,
/// 07 08 09 00, 0A 0B 0C 00. u8 input with zero point 128: bias' = -128 * 78
/// = -9984. The kernel takes the input unpadded and flattened, pads it
/// with its zero point (-128 as i8 storage) on the channel dimension into a
/// buffer of its own (64-byte stores of the zero point, then the 3 bytes
/// of each pixel copied one by one) and reads that through one reduction
/// loop per filter row (its 2 pixels are adjacent in the input and in K:
/// weight groups 0-1 at input offset 0, groups 2-3 at offset 12, one
/// padded row of 3 pixels x 4 bytes down); the 1 x 2 x 2 x 1 output is the
/// 4 x 1 GEMM result expanded back.
// CHECK-DAG: memref.global "private" constant @{{.*}}_bias : memref<64xi32> = dense<[-9984, 0,
// CHECK-DAG: memref.global "private" constant @{{.*}}_weights : memref<1x4x256xi8> = dense<"0x01020300{{(00)+}}04050600{{(00)+}}07080900{{(00)+}}0A0B0C00{{(00)+}}">
// CHECK-LABEL: func.func @conv_nhwc(
//   CHECK-NOT:   tensor.pad
//       CHECK:   tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<1x3x3x3xi8> into tensor<27xi8>
//       CHECK:   call @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(%{{.*}}, %{{.*}}) : (memref<?xi8>, memref<4x1xi32>) -> ()
//       CHECK:   tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 2, 2, 1] : tensor<4x1xi32> into tensor<1x2x2x1xi32>
//       CHECK: func.func private @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(%[[IN:.*]]: memref<?xi8>,
//   CHECK-DAG:   %[[ZPV:.*]] = arith.constant dense<-128> : vector<64xi8>
//   CHECK-DAG:   %[[ZP:.*]] = arith.constant -128 : i8
//   CHECK-DAG:   %[[C36:.*]] = arith.constant 36 : index
//       CHECK:   %[[SIZE:.*]] = arith.muli %{{.*}}, %[[C36]] : index
//       CHECK:   %[[BUF:.*]] = memref.alloc(%[[SIZE]]) {alignment = 64 : i64} : memref<?xi8>
//       CHECK:   vector.store %[[ZPV]], %[[BUF]][%{{.*}}] : memref<?xi8>, vector<64xi8>
//       CHECK:   memref.store %[[ZP]], %[[BUF]][%{{.*}}] : memref<?xi8>
//       CHECK:   %[[X:.*]] = memref.load %[[IN]][%{{.*}}] : memref<?xi8>
//       CHECK:   memref.store %[[X]], %[[BUF]][%{{.*}}] : memref<?xi8>
//       CHECK:   scf.for %[[I0:.*]] = %c0 to %c2 step %c1 iter_args
//       CHECK:     arith.addi %[[I0]], %c0 : index
//       CHECK:     %[[O0:.*]] = arith.muli %[[I0]], %c4 : index
//       CHECK:     arith.addi %[[O0]], %c0 : index
//       CHECK:   scf.for %[[I1:.*]] = %c0 to %c2 step %c1 iter_args
//       CHECK:     arith.addi %[[I1]], %c2 : index
//       CHECK:     %[[O1:.*]] = arith.muli %[[I1]], %c4 : index
//       CHECK:     arith.addi %[[O1]], %c12 : index
//   CHECK-NOT:   scf.for {{.*}} iter_args
//   CHECK-NOT:   memref.load %[[IN]]
func.func @conv_nhwc(%x: tensor<1x3x3x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2x2x1xi32> {
  %w = arith.constant dense<[[[[1], [2], [3]], [[4], [5], [6]]], [[[7], [8], [9]], [[10], [11], [12]]]]> : tensor<2x2x3x1xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<1x3x3x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<2x2x3x1xi8> -> tensor<1x2x2x1xi32>
  return %acc : tensor<1x2x2x1xi32>
}

// -----

/// NCHW: the input is transposed to NHWC before the kernel and the result
/// back after; spatial padding (inside the kernel) reads the zero point; the
/// per-channel requantize along C is the epilogue.
// CHECK-LABEL: func.func @conv_nchw(
//       CHECK:   linalg.transpose ins(%{{.*}} : tensor<1x4x5x5xi8>) outs(%{{.*}} : tensor<1x5x5x4xi8>) permutation = [0, 2, 3, 1]
//   CHECK-NOT:   tensor.pad
//       CHECK:   call @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(%{{.*}}, %{{.*}}) : (memref<?xi8>, memref<25x2xi8>) -> ()
//       CHECK:   tensor.expand_shape %{{.*}} output_shape [1, 5, 5, 2] : tensor<25x2xi8> into tensor<1x5x5x2xi8>
//       CHECK:   linalg.transpose ins(%{{.*}} : tensor<1x5x5x2xi8>) outs(%{{.*}} : tensor<1x2x5x5xi8>) permutation = [0, 3, 1, 2]
//   CHECK-NOT:   quantx.
func.func @conv_nchw(%x: tensor<1x4x5x5xi8>) -> tensor<1x2x5x5x!quant.uniform<i8:f32, 1.0>> {
  %w = arith.constant dense<1> : tensor<2x4x3x3xi8>
  %acc = quantx.qconv2d %x, %w layout<nchw_fchw> {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x5x5xi8>, tensor<2x4x3x3xi8> -> tensor<1x2x5x5xi32>
  %y = quantx.requantize %acc axis(1) multiplier [1073741824, 1073741824] shift [33, 34] rounding<double_round> : tensor<1x2x5x5xi32> -> tensor<1x2x5x5x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x2x5x5x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Padding only spatially: each input row (W * C = 5 * 16 = 80 bytes) is
/// one copy of two 64-byte vectors, the second overlapping the first (bytes
/// 16..79), into row 1 + y, pixel 1 of the padded 7 x 7 x 16 buffer.
// CHECK-LABEL: func.func @conv_spatial_padding(
//       CHECK: func.func private @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(%arg0: memref<?xi8>,
//   CHECK-DAG:   %[[C16:.*]] = arith.constant 16 : index
//   CHECK-DAG:   %[[C80:.*]] = arith.constant 80 : index
//   CHECK-DAG:   %[[C784:.*]] = arith.constant 784 : index
//       CHECK:   memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
//       CHECK:   scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
//       CHECK:     %[[SRC:.*]] = arith.muli %[[ROW]], %[[C80]] : index
//       CHECK:     %[[DST:.*]] = arith.muli %{{.*}}, %[[C16]] : index
//       CHECK:     %[[S0:.*]] = arith.addi %[[SRC]], %c0 : index
//       CHECK:     %[[V0:.*]] = vector.load %arg0[%[[S0]]] : memref<?xi8>, vector<64xi8>
//       CHECK:     %[[D0:.*]] = arith.addi %[[DST]], %c0 : index
//       CHECK:     vector.store %[[V0]], %{{.*}}[%[[D0]]] : memref<?xi8>, vector<64xi8>
//       CHECK:     %[[S1:.*]] = arith.addi %[[SRC]], %[[C16]] : index
//       CHECK:     %[[V1:.*]] = vector.load %arg0[%[[S1]]] : memref<?xi8>, vector<64xi8>
//       CHECK:     %[[D1:.*]] = arith.addi %[[DST]], %[[C16]] : index
//       CHECK:     vector.store %[[V1]], %{{.*}}[%[[D1]]] : memref<?xi8>, vector<64xi8>
func.func @conv_spatial_padding(%x: tensor<2x5x5x16x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<2x5x5x8xi32> {
  %w = arith.constant dense<1> : tensor<3x3x16x8xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {padding = array<i64: 1, 1, 1, 1>} : tensor<2x5x5x16x!quant.uniform<i8:f32, 0.1:-3>>, tensor<3x3x16x8xi8> -> tensor<2x5x5x8xi32>
  return %acc : tensor<2x5x5x8xi32>
}

// -----

/// Nothing to pad (C = 16 is a multiple of the group, no spatial padding):
/// the kernel reads its argument directly.
// CHECK-LABEL: func.func @conv_no_padding(
//       CHECK: func.func private @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(%arg0: memref<?xi8>,
//   CHECK-NOT:   memref.alloc
//       CHECK:   vector.load %arg0
//   CHECK-NOT:   memref.alloc
//       CHECK:   return
func.func @conv_no_padding(%x: tensor<1x4x4x16xi8>) -> tensor<1x2x2x8xi32> {
  %w = arith.constant dense<1> : tensor<3x3x16x8xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<1x4x4x16xi8>, tensor<3x3x16x8xi8> -> tensor<1x2x2x8xi32>
  return %acc : tensor<1x2x2x8xi32>
}

// -----

/// Horizontal dilation 2: the filter pixels of a row are not adjacent in
/// the input, one reduction loop per filter pixel (4 groups of C = 16 each,
/// at input offsets 0 and 2 pixels x 16 bytes = 32).
// CHECK-LABEL: func.func @conv_dilated(
//       CHECK: func.func private @__quantx_qconv2d_avx512_vnni_
//       CHECK:   scf.for %[[I0:.*]] = %c0 to %c4 step %c1 iter_args
//       CHECK:     %[[O0:.*]] = arith.muli %[[I0]], %c4 : index
//       CHECK:     arith.addi %[[O0]], %c0 : index
//       CHECK:   scf.for %[[I1:.*]] = %c0 to %c4 step %c1 iter_args
//       CHECK:     arith.addi %[[I1]], %c4 : index
//       CHECK:     %[[O1:.*]] = arith.muli %[[I1]], %c4 : index
//       CHECK:     arith.addi %[[O1]], %c32 : index
//   CHECK-NOT:   scf.for {{.*}} iter_args
func.func @conv_dilated(%x: tensor<1x2x5x16xi8>) -> tensor<1x2x3x8xi32> {
  %w = arith.constant dense<1> : tensor<1x2x16x8xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {dilations = array<i64: 1, 2>} : tensor<1x2x5x16xi8>, tensor<1x2x16x8xi8> -> tensor<1x2x3x8xi32>
  return %acc : tensor<1x2x3x8xi32>
}

// -----

/// C = 3 and a 1 x 5 filter (w[kw][c] = 3 kw + c + 1 = 1..15): the filter
/// row's 15 values are padded to the group once, K = 16 rather than 5
/// pixels of 4 channels, so the last group is 0D 0E 0F 00; its fourth byte
/// reads the next input pixel, against a zero weight. bias' = -128 * 120 =
/// -15360. Nothing is padded spatially, but the kernel copies its input
/// into a buffer one byte longer (the last row's overhang), all of it
/// filled with the zero point first, and reads it through one loop of 4
/// groups.
// CHECK-DAG: memref.global "private" constant @{{.*}}_bias : memref<64xi32> = dense<[-15360, 0,
// CHECK-DAG: memref.global "private" constant @{{.*}}_weights : memref<1x4x256xi8> = dense<"0x01020304{{(00)+}}05060708{{(00)+}}090A0B0C{{(00)+}}0D0E0F00{{(00)+}}">
// CHECK-LABEL: func.func @conv_row_padding(
//       CHECK: func.func private @__quantx_qconv2d_avx512_vnni_{{[0-9]+}}(
//   CHECK-DAG:   %[[C18:.*]] = arith.constant 18 : index
//   CHECK-DAG:   %[[C1:.*]] = arith.constant 1 : index
//       CHECK:   %[[BYTES:.*]] = arith.muli %{{.*}}, %[[C18]] : index
//       CHECK:   %[[SIZE:.*]] = arith.addi %[[BYTES]], %[[C1]] : index
//       CHECK:   memref.alloc(%[[SIZE]]) {alignment = 64 : i64} : memref<?xi8>
//       CHECK:   scf.for %{{.*}} = %c0 to %c4 step %c1 iter_args
//   CHECK-NOT:   scf.for {{.*}} iter_args
func.func @conv_row_padding(%x: tensor<1x1x6x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x2x1xi32> {
  %w = arith.constant dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]], [[10], [11], [12]], [[13], [14], [15]]]]> : tensor<1x5x3x1xi8>
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<1x1x6x3x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x5x3x1xi8> -> tensor<1x1x2x1xi32>
  return %acc : tensor<1x1x2x1xi32>
}
