// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// codebook_matmul is the table route, never the weights: a zero-filled
/// M x S x C f32 table accumulated over (m, j, c, t) from x[m, j*d + t] and
/// centroids[c, t], then a second generic over (m, n, j) that zero-extends
/// the code, reads T[m, j, code] with tensor.extract and sums over j.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 * 8 + d3)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[T:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[CODES:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @codebook_matmul_shared
// CHECK-SAME:    (%[[XV:.*]]: tensor<2x32xf32>, %[[CV:.*]]: tensor<256x8xf32>, %[[IV:.*]]: tensor<4x5xi8>)
// CHECK:         %[[TE:.*]] = tensor.empty() : tensor<2x4x256xf32>
// CHECK:         %[[TZ:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[TE]] : tensor<2x4x256xf32>)
// CHECK:         %[[TABLE:.*]] = linalg.generic {indexing_maps = [#[[X]], #[[C]], #[[T]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[XV]], %[[CV]] : tensor<2x32xf32>, tensor<256x8xf32>) outs(%[[TZ]] : tensor<2x4x256xf32>)
// CHECK:           %[[P:.*]] = arith.mulf
// CHECK:           arith.addf %{{.*}}, %[[P]] : f32
// CHECK:         %[[YZ:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x5xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[CODES]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[IV]] : tensor<4x5xi8>) outs(%[[YZ]] : tensor<2x5xf32>)
// CHECK:         ^bb0(%[[CODE:.*]]: i8, %[[ACC:.*]]: f32):
// CHECK-DAG:       %[[M:.*]] = linalg.index 0 : index
// CHECK-DAG:       %[[J:.*]] = linalg.index 2 : index
// CHECK:           %[[W:.*]] = arith.extui %[[CODE]] : i8 to i64
// CHECK:           %[[IDX:.*]] = arith.index_castui %[[W]] : i64 to index
// CHECK:           %[[E:.*]] = tensor.extract %[[TABLE]][%[[M]], %[[J]], %[[IDX]]] : tensor<2x4x256xf32>
// CHECK:           %[[S:.*]] = arith.addf %[[ACC]], %[[E]] : f32
// CHECK:           linalg.yield %[[S]] : f32
// CHECK:         return %[[Y]]
// CHECK-NOT:     tensor<32x5xf32>
func.func @codebook_matmul_shared(%x: tensor<2x32xf32>, %c: tensor<256x8xf32>, %codes: tensor<4x5xi8>) -> tensor<2x5xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x32xf32>, tensor<256x8xf32>, tensor<4x5xi8> -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

/// Two codebooks over four blocks: the centroid map picks codebook j / 2;
/// f16 operands are extended in the table body, a dynamic M sizes both
/// tensors, and an f16 result is one truncation at the end.
// CHECK-DAG: #[[C2:.*]] = affine_map<(d0, d1, d2, d3) -> (d1 floordiv 2, d2, d3)>
// CHECK-LABEL: func.func @codebook_matmul_grouped_f16
// CHECK:         %[[DIM:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x16xf16>
// CHECK:         tensor.empty(%[[DIM]]) : tensor<?x4x16xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[C2]], #{{.*}}]
// CHECK:           arith.extf %{{.*}} : f16 to f32
// CHECK:           arith.extf %{{.*}} : f16 to f32
// CHECK:         linalg.generic
// CHECK:           arith.extui %{{.*}} : i8 to i64
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK:           arith.truncf %{{.*}} : f32 to f16
// CHECK:         return %[[R]] : tensor<?x6xf16>
func.func @codebook_matmul_grouped_f16(%x: tensor<?x16xf16>, %c: tensor<2x16x4xf16>, %codes: tensor<4x6xi8>) -> tensor<?x6xf16> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<?x16xf16>, tensor<2x16x4xf16>, tensor<4x6xi8> -> tensor<?x6xf16>
  return %y : tensor<?x6xf16>
}

// -----

/// codebook_dequantize of an F x C x 3 x 3 filter with d = 9: one parallel
/// generic over the filter; the code is read at (k floordiv 9, f) with k =
/// c * 9 + kh * 3 + kw (which MLIR simplifies to c + (kh * 3 + kw) floordiv
/// 9); the body recomputes k from linalg.index, takes
/// k mod 9 as the position in the block, zero-extends the i16 code and
/// extracts the centroid value.
// CHECK-DAG: #[[CODES4:.*]] = affine_map<(d0, d1, d2, d3) -> ((d3 + d2 * 3) floordiv 9 + d1, d0)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @codebook_dequantize_conv_fchw
// CHECK-SAME:    (%[[CV:.*]]: tensor<300x9xf32>, %[[IV:.*]]: tensor<2x4xi16>)
// CHECK:         %[[W:.*]] = linalg.generic {indexing_maps = [#[[CODES4]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:        ins(%[[IV]] : tensor<2x4xi16>) outs(%{{.*}} : tensor<4x2x3x3xf32>)
// CHECK:         ^bb0(%[[CODE:.*]]: i16, %{{.*}}: f32):
// CHECK:           %[[T:.*]] = arith.remui %{{.*}}, %{{.*}} : index
// CHECK:           %[[E:.*]] = arith.extui %[[CODE]] : i16 to i64
// CHECK:           %[[IDX:.*]] = arith.index_castui %[[E]] : i64 to index
// CHECK:           %[[V:.*]] = tensor.extract %[[CV]][%[[IDX]], %[[T]]] : tensor<300x9xf32>
// CHECK:           linalg.yield %[[V]] : f32
// CHECK:         return %[[W]]
func.func @codebook_dequantize_conv_fchw(%c: tensor<300x9xf32>, %codes: tensor<2x4xi16>) -> tensor<4x2x3x3xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [1, 2, 3]
      : tensor<300x9xf32>, tensor<2x4xi16> -> tensor<4x2x3x3xf32>
  return %w : tensor<4x2x3x3xf32>
}
