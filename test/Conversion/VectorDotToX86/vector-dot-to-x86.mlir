// RUN: quantx-opt %s --quantx-lower-vector-dot-to-x86 -split-input-file | FileCheck %s

// The integer dot products of the fast kernels, per 32-bit lane l:
// acc[l] + sum_g ext(lhs[l, g]) * ext(rhs[l, g]).
#in = affine_map<(l, g) -> (l, g)>
#out = affine_map<(l, g) -> (l)>

/// u8 x s8 in groups of 4 on 16 lanes: vpdpbusd on zmm.
// CHECK-LABEL: func.func @vnni512(
//  CHECK-SAME:   %[[ACC:.*]]: vector<16xi32>, %[[A:.*]]: vector<16x4xi8>, %[[B:.*]]: vector<16x4xi8>)
//   CHECK-DAG:   %[[FA:.*]] = vector.shape_cast %[[A]] : vector<16x4xi8> to vector<64xi8>
//   CHECK-DAG:   %[[FB:.*]] = vector.shape_cast %[[B]] : vector<16x4xi8> to vector<64xi8>
//       CHECK:   %[[R:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%[[ACC]], %[[FA]], %[[FB]]) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
//       CHECK:   return %[[R]]
func.func @vnni512(%acc: vector<16xi32>, %a: vector<16x4xi8>, %b: vector<16x4xi8>) -> vector<16xi32>
    attributes {target_features = #llvm.target_features<["+avx512f", "+avx512vnni"]>} {
  %ae = arith.extui %a : vector<16x4xi8> to vector<16x4xi32>
  %be = arith.extsi %b : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

#in = affine_map<(l, g) -> (l, g)>
#out = affine_map<(l, g) -> (l)>

/// s8 x u8: the unsigned operand is vpdpbusd's first source.
// CHECK-LABEL: func.func @vnni256_swapped(
//  CHECK-SAME:   %[[ACC:.*]]: vector<8xi32>, %[[A:.*]]: vector<8x4xi8>, %[[B:.*]]: vector<8x4xi8>)
//   CHECK-DAG:   %[[FA:.*]] = vector.shape_cast %[[A]]
//   CHECK-DAG:   %[[FB:.*]] = vector.shape_cast %[[B]]
//       CHECK:   llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%[[ACC]], %[[FB]], %[[FA]])
func.func @vnni256_swapped(%acc: vector<8xi32>, %a: vector<8x4xi8>, %b: vector<8x4xi8>) -> vector<8xi32>
    attributes {target_features = #llvm.target_features<["+avx2", "+avxvnni"]>} {
  %ae = arith.extsi %a : vector<8x4xi8> to vector<8x4xi32>
  %be = arith.extui %b : vector<8x4xi8> to vector<8x4xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<8x4xi32>, vector<8x4xi32> into vector<8xi32>
  return %r : vector<8xi32>
}

// -----

#in = affine_map<(l, g) -> (l, g)>
#out = affine_map<(l, g) -> (l)>

/// s16 x s16 in pairs: vpmaddwd, then the accumulation.
// CHECK-LABEL: func.func @pmaddwd(
//  CHECK-SAME:   %[[ACC:.*]]: vector<8xi32>
//       CHECK:   %[[P:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%{{.*}}, %{{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
//       CHECK:   arith.addi %[[ACC]], %[[P]] : vector<8xi32>
// CHECK-LABEL: func.func @pmaddwd512(
//       CHECK:   llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"
func.func @pmaddwd(%acc: vector<8xi32>, %a: vector<8x2xi16>, %b: vector<8x2xi16>) -> vector<8xi32>
    attributes {target_features = #llvm.target_features<["+avx2"]>} {
  %ae = arith.extsi %a : vector<8x2xi16> to vector<8x2xi32>
  %be = arith.extsi %b : vector<8x2xi16> to vector<8x2xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<8x2xi32>, vector<8x2xi32> into vector<8xi32>
  return %r : vector<8xi32>
}
func.func @pmaddwd512(%acc: vector<16xi32>, %a: vector<16x2xi16>, %b: vector<16x2xi16>) -> vector<16xi32>
    attributes {target_features = #llvm.target_features<["+avx512f", "+avx512bw"]>} {
  %ae = arith.extsi %a : vector<16x2xi16> to vector<16x2xi32>
  %be = arith.extsi %b : vector<16x2xi16> to vector<16x2xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<16x2xi32>, vector<16x2xi32> into vector<16xi32>
  return %r : vector<16xi32>
}

// -----

#in = affine_map<(l, g) -> (l, g)>
#out = affine_map<(l, g) -> (l)>

/// Nothing changes without the features (upstream lowers the contraction),
/// for 16 lanes with AVX-VNNI only, for u8 x u8 (no instruction), or for a
/// zero-extended i16 operand (vpmaddwd multiplies signed).
// CHECK-LABEL: func.func @negative_no_features(
//       CHECK:   vector.contract
// CHECK-LABEL: func.func @negative_wide_avxvnni(
//       CHECK:   vector.contract
// CHECK-LABEL: func.func @negative_unsigned_unsigned(
//       CHECK:   vector.contract
// CHECK-LABEL: func.func @negative_zext_i16(
//       CHECK:   vector.contract
//   CHECK-NOT:   llvm.call_intrinsic
func.func @negative_no_features(%acc: vector<16xi32>, %a: vector<16x4xi8>, %b: vector<16x4xi8>) -> vector<16xi32> {
  %ae = arith.extui %a : vector<16x4xi8> to vector<16x4xi32>
  %be = arith.extsi %b : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}
func.func @negative_wide_avxvnni(%acc: vector<16xi32>, %a: vector<16x4xi8>, %b: vector<16x4xi8>) -> vector<16xi32>
    attributes {target_features = #llvm.target_features<["+avx2", "+avxvnni"]>} {
  %ae = arith.extui %a : vector<16x4xi8> to vector<16x4xi32>
  %be = arith.extsi %b : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}
func.func @negative_unsigned_unsigned(%acc: vector<16xi32>, %a: vector<16x4xi8>, %b: vector<16x4xi8>) -> vector<16xi32>
    attributes {target_features = #llvm.target_features<["+avx512f", "+avx512vnni"]>} {
  %ae = arith.extui %a : vector<16x4xi8> to vector<16x4xi32>
  %be = arith.extui %b : vector<16x4xi8> to vector<16x4xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<16x4xi32>, vector<16x4xi32> into vector<16xi32>
  return %r : vector<16xi32>
}
func.func @negative_zext_i16(%acc: vector<8xi32>, %a: vector<8x2xi16>, %b: vector<8x2xi16>) -> vector<8xi32>
    attributes {target_features = #llvm.target_features<["+avx2"]>} {
  %ae = arith.extui %a : vector<8x2xi16> to vector<8x2xi32>
  %be = arith.extsi %b : vector<8x2xi16> to vector<8x2xi32>
  %r = vector.contract {indexing_maps = [#in, #in, #out], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %ae, %be, %acc : vector<8x2xi32>, vector<8x2xi32> into vector<8xi32>
  return %r : vector<8xi32>
}
