// RUN: quantx-opt %s --convert-quantx-to-vector=isa=avx512-vnni -split-input-file | FileCheck %s
// RUN: quantx-opt %s --convert-quantx-to-vector=isa=avx2 -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: quantx-opt %s --convert-quantx-to-vector=isa=generic -split-input-file | FileCheck %s --check-prefix=GENERIC

/// Compile-time packing and the folded bias, computed by hand: u8
/// activations (zero point 128, no flip), K = 5, N = 2, weights
/// [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]] (column sums 25 and 30), bias
/// [100, -100]. bias' = bias - 128 * colsum = [-3100, -3940]. VNNI layout:
/// [panel][K / 4 groups][16 lanes x 4 bytes], column 0 then column 1 in
/// each group, K padded with zeros. AVX2 layout: i16 pairs.
// CHECK-DAG: memref.global "private" constant @[[BIAS:.*]] : memref<64xi32> = dense<[-3100, -3940, 0,
// CHECK-DAG: memref.global "private" constant @[[W:.*]] : memref<1x2x256xi8> = dense<"0x0103050702040608{{(00)+}}090000000A000000{{(00)+}}">
// CHECK-LABEL: func.func @packing(
//  CHECK-SAME:   %[[A:.*]]: tensor<2x5x!quant.uniform<u8:f32, 5.000000e-02:128>>)
//       CHECK:   %[[S:.*]] = quant.scast %[[A]] : tensor<2x5x!quant.uniform<u8:f32, 5.000000e-02:128>> to tensor<2x5xi8>
//       CHECK:   %[[C:.*]] = tensor.collapse_shape %[[S]]
//       CHECK:   %[[D:.*]] = tensor.cast %[[C]] : tensor<10xi8> to tensor<?xi8>
//       CHECK:   %[[BUF:.*]] = bufferization.to_buffer %[[D]] read_only
//       CHECK:   %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x2xi32>
//       CHECK:   call @[[K:__quantx_qmatmul_avx512_vnni_[[:digit:]]+]](%[[BUF]], %[[OUT]])
//       CHECK:   %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
//       CHECK:   return %[[R]]
//       CHECK: func.func private @[[K]](%{{.*}}: memref<?xi8>, %{{.*}}: memref<2x2xi32>)
//  CHECK-SAME:   passthrough = {{\[\["min-legal-vector-width", "512"\]\]}}
//  CHECK-SAME:   target_features = #llvm.target_features<[{{.*}}"+avx512vnni"]>
//       CHECK:   memref.get_global @[[W]]
//       CHECK:   memref.get_global @[[BIAS]]
//       CHECK:   scf.for
//       CHECK:     vector.load %{{.*}} : memref<1x2x256xi8>, vector<64xi8>
//       CHECK:     vector.load %{{.*}} : memref<?xi8>, vector<4xi8>
//   CHECK-NOT:     arith.xori
//       CHECK:     arith.extui %{{.*}} : vector<16x4xi8> to vector<16x4xi32>
//       CHECK:     arith.extsi %{{.*}} : vector<16x4xi8> to vector<16x4xi32>
//       CHECK:     vector.contract
//       CHECK:     scf.yield
// The last K group has one element: loaded byte by byte.
//       CHECK:   memref.load %{{.*}} : memref<?xi8>
//       CHECK:   vector.contract
// Two valid columns of 16: stored lane by lane.
//       CHECK:   vector.extract %{{.*}}[0] : i32 from vector<16xi32>
//       CHECK:   memref.store
//       CHECK:   vector.extract %{{.*}}[1] : i32 from vector<16xi32>
//       CHECK:   memref.store

// AVX2-DAG: memref.global "private" constant @{{.*}} : memref<1x3x32xi16> = dense<{{\[\[\[}}1, 3, 2, 4, 0,{{.*}}], [5, 7, 6, 8, 0,{{.*}}], [9, 0, 10, 0, 0,
// AVX2-DAG: memref.global "private" constant @{{.*}} : memref<16xi32> = dense<[-3100, -3940, 0,
// AVX2-LABEL: func.func @packing(
// AVX2:         func.func private @__quantx_qmatmul_avx2_
// AVX2-SAME:    target_features = #llvm.target_features<[{{.*}}"+avx2"
// AVX2:         arith.extsi %{{.*}} : vector<8x2xi16> to vector<8x2xi32>
// AVX2:         vector.contract

// GENERIC-DAG: memref.global "private" constant @{{.*}} : memref<1x5x16xi16> = dense<{{\[\[\[}}1, 2, 0,
// GENERIC-LABEL: func.func @packing(
// GENERIC:       func.func private @__quantx_qmatmul_generic_
// GENERIC-NOT:   target_features
// GENERIC:       arith.muli %{{.*}} : vector<8xi32>
// GENERIC-NOT:   vector.contract
func.func @packing(%a: tensor<2x5x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<2x2xi32> {
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]> : tensor<5x2xi8>
  %b = arith.constant dense<[100, -100]> : tensor<2xi32>
  %acc = quantx.qmatmul %a, %w bias %b : tensor<2x5x!quant.uniform<u8:f32, 0.05:128>>, tensor<5x2xi8>, tensor<2xi32> -> tensor<2x2xi32>
  return %acc : tensor<2x2xi32>
}

// -----

/// Signed activations take the +128 trick: bytes xor 0x80 (0x80808080 on
/// the four bytes of a group, 0x80 on the bytes of the last, partial
/// group), and the zero point becomes -3 + 128 = 125: bias' = -125 * (1 + 2
/// + 3 + 4 + 5) = -1875.
// CHECK-DAG: memref.global "private" constant @{{.*}} : memref<64xi32> = dense<[-1875, 0,
// CHECK-LABEL: func.func @signed_activations(
//       CHECK: func.func private @__quantx_qmatmul_avx512_vnni_
//   CHECK-DAG:   %[[X32:.*]] = arith.constant -2139062144 : i32
//   CHECK-DAG:   %[[X8:.*]] = arith.constant -128 : i8
//       CHECK:   scf.for
//       CHECK:     vector.load %{{.*}} : memref<?xi8>, vector<4xi8>
//       CHECK:     arith.xori %{{.*}}, %[[X32]] : i32
//       CHECK:   memref.load %{{.*}} : memref<?xi8>
//       CHECK:   arith.xori %{{.*}}, %[[X8]] : i8
func.func @signed_activations(%a: tensor<3x5x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<3x1xi32> {
  %w = arith.constant dense<[[1], [2], [3], [4], [5]]> : tensor<5x1xi8>
  %acc = quantx.qmatmul %a, %w : tensor<3x5x!quant.uniform<i8:f32, 0.1:-3>>, tensor<5x1xi8> -> tensor<3x1xi32>
  return %acc : tensor<3x1xi32>
}

// -----

/// u8 weights with zero point 100 and values 0 and 255: b - 100 does not fit
/// a signed byte, so the weights are packed as b - 128 with zero point
/// 100 - 128 = -28, and the kernel keeps per-row sums of the activations
/// (a fifth contraction against ones, on a 4-row tile) for the correction
/// acc -= rowsum * zb'.
// CHECK-DAG: memref.global "private" constant @{{.*}}_zb : memref<64xi32> = dense<[-28, 0,
// CHECK-DAG: memref.global "private" constant @{{.*}}_weights : memref<1x1x256xi8> = dense<"0x807F807F00
// CHECK-LABEL: func.func @weight_zero_point_row_sums(
//       CHECK: func.func private @__quantx_qmatmul_avx512_vnni_
//       CHECK:   scf.for {{.*}} -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
//       CHECK:   arith.muli %{{.*}} : vector<16xi32>
//       CHECK:   arith.subi %{{.*}} : vector<16xi32>
func.func @weight_zero_point_row_sums(%a: tensor<4x4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4x1xi32> {
  %ws = arith.constant dense<[[0], [-1], [0], [-1]]> : tensor<4x1xi8>
  %w = quant.scast %ws : tensor<4x1xi8> to tensor<4x1x!quant.uniform<u8:f32, 0.1:100>>
  %acc = quantx.qmatmul %a, %w : tensor<4x4x!quant.uniform<u8:f32, 0.1>>, tensor<4x1x!quant.uniform<u8:f32, 0.1:100>> -> tensor<4x1xi32>
  return %acc : tensor<4x1xi32>
}

// -----

/// The requantize that consumes a qmatmul is the kernel's epilogue: per
/// channel, its multipliers, shifts and output zero points become i32
/// globals padded to the panel width, read 16 lanes at a time; the output is
/// i8. Every shift is >= 31, so the arithmetic stays on 32-bit lanes but
/// for the products of the even and the odd lanes. The quantx ops are gone.
// CHECK-DAG: memref.global "private" constant @{{.*}}_multiplier : memref<64xi32> = dense<[1073741824, 1610612736, 0,
// CHECK-DAG: memref.global "private" constant @{{.*}}_shift : memref<64xi32> = dense<[35, 36, 31,
// CHECK-LABEL: func.func @fused_requantize(
//   CHECK-NOT:   quantx.
//       CHECK:   memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x2xi8>
//       CHECK:   call @__quantx_qmatmul_avx512_vnni_
//       CHECK:   %[[T:.*]] = bufferization.to_tensor %{{.*}} : memref<?x2xi8> to tensor<?x2xi8>
//       CHECK:   quant.scast %[[T]] : tensor<?x2xi8> to tensor<?x2x!quant.uniform<i8:f32, 1.000000e+00:5>>
//       CHECK: func.func private @__quantx_qmatmul_avx512_vnni_{{.*}}(%{{.*}}: memref<?xi8>, %{{.*}}: memref<?x2xi8>)
// Dynamic M: full 6-row tiles, then a switch on the remaining row count.
//       CHECK:   scf.index_switch
//       CHECK:   case 5 {
//   CHECK-NOT:   vector<16xi64>
//       CHECK:   arith.muli %{{.*}} : vector<8xi64>
//   CHECK-NOT:   vector<16xi64>
//       CHECK:   vector.shuffle %{{.*}} [0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30] : vector<16xi32>, vector<16xi32>
//   CHECK-NOT:   vector<16xi64>
//       CHECK:   arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
func.func @fused_requantize(%a: tensor<?x3xi8>) -> tensor<?x2x!quant.uniform<i8:f32, 1.0:5>> {
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %acc = quantx.qmatmul %a, %w : tensor<?x3xi8>, tensor<3x2xi8> -> tensor<?x2xi32>
  %y = quantx.requantize %acc axis(1) multiplier [1073741824, 1610612736] shift [35, 36] rounding<double_round> : tensor<?x2xi32> -> tensor<?x2x!quant.uniform<i8:f32, 1.0:5>>
  return %y : tensor<?x2x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

/// A shift below 31 can leave a rounded product outside i32 (before the
/// clamp): that requantize keeps the 64-bit lanes of the reference.
// CHECK-LABEL: func.func @requantize_small_shift(
//       CHECK:   arith.extsi %{{.*}} : vector<16xi32> to vector<16xi64>
//       CHECK:   arith.trunci %{{.*}} : vector<16xi64> to vector<16xi8>
func.func @requantize_small_shift(%a: tensor<2x3xi8>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:5>> {
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %acc = quantx.qmatmul %a, %w : tensor<2x3xi8>, tensor<3x2xi8> -> tensor<2x2xi32>
  %y = quantx.requantize %acc multiplier [1073741824] shift [20] rounding<double_round> : tensor<2x2xi32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0:5>>
  return %y : tensor<2x2x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

/// A runtime bias is padded to the panel width and passed to the kernel,
/// which adds it to the folded constant part.
// CHECK-LABEL: func.func @runtime_bias(
//  CHECK-SAME:   %{{.*}}: tensor<2x3xi8>, %[[B:.*]]: tensor<2xi32>)
//       CHECK:   %[[P:.*]] = tensor.pad %[[B]] low[0] high[62]
//       CHECK:   %[[PB:.*]] = bufferization.to_buffer %[[P]] read_only : tensor<64xi32> to memref<64xi32>
//       CHECK:   call @__quantx_qmatmul_avx512_vnni_{{.*}}(%{{.*}}, %[[PB]], %{{.*}})
func.func @runtime_bias(%a: tensor<2x3xi8>, %b: tensor<2xi32>) -> tensor<2x2xi32> {
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %acc = quantx.qmatmul %a, %w bias %b : tensor<2x3xi8>, tensor<3x2xi8>, tensor<2xi32> -> tensor<2x2xi32>
  return %acc : tensor<2x2xi32>
}
