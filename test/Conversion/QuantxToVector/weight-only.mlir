// RUN: quantx-opt %s --convert-quantx-to-vector=isa=avx512-vnni -split-input-file | FileCheck %s

/// i4 codes, scale 0.5, zero point -2, packed by hand: signed codes become
/// unsigned (q' = q + 8: [[0, 15, 9], [8, 7, 11]]) and the zero point with
/// them (z' = 6). The dequantized weights are never materialized. With one
/// z' for every column, the codes become f32 through a table of code - z'
/// (-6 .. 9) in one register, indexed by the low 4 bits of each lane
/// (vpermps, declared as LLVM's intrinsic): no mask, no conversion, and no
/// per-row sums of x or zero-point global. The codes of two rows of a
/// 64-column panel share 64 bytes: 32-bit lane l holds rows 2p + t and
/// columns 16 j + l at bits 4 (4 t + j), so lane 0 holds column 0's codes 0
/// (bits 0-3) and 8 (bits 16-19): bytes 0, 0, 8, 0; lane 1 column 1's 15
/// and 7; lane 2 column 2's 9 and 11. One load and eight lookups per pair.
// CHECK-DAG: memref.global "private" constant @{{.*}}_weights : memref<1x1x64xi8> = dense<{{\[\[\[}}0, 0, 8, 0, 15, 0, 7, 0, 9, 0, 11, 0, 0,
// CHECK-DAG: memref.global "private" constant @{{.*}}_scales : memref<64xf32> = dense<[5.000000e-01, 5.000000e-01, 5.000000e-01, 0.000000e+00,
// CHECK-LABEL: func.func @int4_gemv(
//  CHECK-SAME:   %[[X:.*]]: tensor<1x2xf32>, %[[INIT:.*]]: tensor<1x3xf32>)
//   CHECK-NOT:   quantx.dequantize
//       CHECK:   %[[XB:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?x2xf32> to memref<?x2xf32>
//       CHECK:   %[[IB:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?x3xf32> to memref<?x3xf32>
//       CHECK:   %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x3xf32>
//       CHECK:   call @__quantx_weight_only_i4_avx512_vnni_{{[0-9]+}}(%[[XB]], %[[IB]], %[[OUT]])
//       CHECK: func.func private @__quantx_weight_only_i4_avx512_vnni_
//   CHECK-NOT:   _zero_points
//       CHECK:   %[[TABLE:.*]] = arith.constant dense<[-6.000000e+00, -5.000000e+00, -4.000000e+00, -3.000000e+00, -2.000000e+00, -1.000000e+00, 0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00]> : vector<16xf32>
//   CHECK-NOT:   _zero_points
//       CHECK:   scf.for
//       CHECK:     %[[V:.*]] = vector.load %{{.*}} : memref<1x1x64xi8>, vector<64xi8>
//       CHECK:     %[[W:.*]] = vector.bitcast %[[V]] : vector<64xi8> to vector<16xi32>
//       CHECK:     call @llvm.x86.avx512.permvar.sf.512(%[[TABLE]], %[[W]]) : (vector<16xf32>, vector<16xi32>) -> vector<16xf32>
//       CHECK:     %[[HI:.*]] = arith.shrui %[[W]]
//       CHECK:     call @llvm.x86.avx512.permvar.sf.512(%[[TABLE]], %[[HI]])
// CHECK-COUNT-6:     call @llvm.x86.avx512.permvar.sf.512
//   CHECK-NOT:     arith.sitofp
//       CHECK:     vector.fma
//       CHECK: func.func private @llvm.x86.avx512.permvar.sf.512(vector<16xf32>, vector<16xi32>) -> vector<16xf32>
func.func @int4_gemv(%x: tensor<1x2xf32>, %init: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %c = arith.constant dense<[[-8, 7, 1], [0, -1, 3]]> : tensor<2x3xi4>
  %q = quant.scast %c : tensor<2x3xi4> to tensor<2x3x!quant.uniform<i4:f32, 0.5:-2>>
  %w = quantx.dequantize %q : tensor<2x3x!quant.uniform<i4:f32, 0.5:-2>> -> tensor<2x3xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

/// u2 codes per column (zero points 0 and 3): four codes per byte, byte l
/// holding columns l, 16 + l, 32 + l, 48 + l in bit pairs 0-1 .. 6-7;
/// columns 0 and 1 of the one row: codes 1 and 2. The zero points differ
/// per column: codes are converted and corrected by per-row sums of x.
// CHECK-DAG: memref.global "private" constant @{{.*}}_weights : memref<1x1x16xi8> = dense<{{\[\[\[}}1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]>
// CHECK-DAG: memref.global "private" constant @{{.*}}_zero_points : memref<64xf32> = dense<[0.000000e+00, 3.000000e+00, 0.000000e+00,
// CHECK-LABEL: func.func @uint2_per_column(
//       CHECK:   call @__quantx_weight_only_i2_avx512_vnni_
//       CHECK: func.func private @__quantx_weight_only_i2_avx512_vnni_
//   CHECK-NOT:   permvar
//       CHECK:   arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
func.func @uint2_per_column(%x: tensor<4x1xf32>, %init: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %c = arith.constant dense<[[1, 2]]> : tensor<1x2xi2>
  %q = quant.scast %c : tensor<1x2xi2> to tensor<1x2x!quant.uniform<u2:f32:1, {0.5, 0.25:3}>>
  %w = quantx.dequantize %q : tensor<1x2x!quant.uniform<u2:f32:1, {0.5, 0.25:3}>> -> tensor<1x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<4x1xf32>, tensor<1x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

/// One row (M = 1) of 4-bit table codes, K = 4: two row pairs, read as two
/// code streams at once (pair p and pair p + 1 of the 2 here) into two sets
/// of 4 accumulators (the loop's 8 results), each
/// prefetched 32 pairs (cache lines) ahead, clamped to the last pair (1).
// CHECK-LABEL: func.func @int4_gemv_two_streams(
//       CHECK: func.func private @__quantx_weight_only_i4_avx512_vnni_
//       CHECK:   %{{.*}}:8 = scf.for %[[P:[a-z0-9]+]] = {{.*}} iter_args
//  CHECK-NEXT:     %[[Q:.*]] = arith.addi %[[P]], %{{.*}} : index
//       CHECK:     %[[A0:.*]] = arith.minui
//       CHECK:     memref.prefetch %{{.*}}[%{{.*}}, %[[A0]], %{{.*}}], read, locality<3>, data : memref<1x2x64xi8>
//       CHECK:     %[[A1:.*]] = arith.minui
//       CHECK:     memref.prefetch %{{.*}}[%{{.*}}, %[[A1]], %{{.*}}], read, locality<3>, data : memref<1x2x64xi8>
//       CHECK:     vector.load %{{.*}}[%{{.*}}, %[[P]], %{{.*}}] : memref<1x2x64xi8>, vector<64xi8>
// CHECK-COUNT-8:   call @llvm.x86.avx512.permvar.sf.512
//       CHECK:     vector.load %{{.*}}[%{{.*}}, %[[Q]], %{{.*}}] : memref<1x2x64xi8>, vector<64xi8>
func.func @int4_gemv_two_streams(%x: tensor<1x4xf32>, %init: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %c = arith.constant dense<[[1], [2], [3], [4]]> : tensor<4x1xi4>
  %q = quant.scast %c : tensor<4x1xi4> to tensor<4x1x!quant.uniform<i4:f32, 0.5>>
  %w = quantx.dequantize %q : tensor<4x1x!quant.uniform<i4:f32, 0.5>> -> tensor<4x1xf32>
  %y = linalg.matmul ins(%x, %w : tensor<1x4xf32>, tensor<4x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
