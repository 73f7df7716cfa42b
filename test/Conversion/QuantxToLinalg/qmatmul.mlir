// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The structure of the qmatmul lowering: a bias broadcast (or a zero fill)
/// as the init, then one generic over (m, n, k) whose body extends both
/// operands to i32 (zero-extending unsigned storage), subtracts the zero
/// points and accumulates the product in i32. Per-channel rhs zero points
/// are a constant tensor read at n.

// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[N:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @qmatmul_per_channel_bias
// CHECK-SAME:    (%[[A:.*]]: tensor<4x16xi8>, %[[W:.*]]: tensor<16x3xi8>, %[[B:.*]]: tensor<3xi32>) -> tensor<4x3xi32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4x3xi32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[B]] : tensor<3xi32>) outs(%[[EMPTY]] : tensor<4x3xi32>)
// CHECK-DAG:     %[[ZW:.*]] = arith.constant dense<[1, -2, 3]> : tensor<3xi32>
// CHECK-DAG:     %[[ZA:.*]] = arith.constant 128 : i32
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[N]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[A]], %[[W]], %[[ZW]] : tensor<4x16xi8>, tensor<16x3xi8>, tensor<3xi32>) outs(%[[INIT]] : tensor<4x3xi32>)
// CHECK:         ^bb0(%[[IA:.*]]: i8, %[[IW:.*]]: i8, %[[IZ:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK-NEXT:      %[[EA:.*]] = arith.extui %[[IA]] : i8 to i32
// CHECK-NEXT:      %[[EW:.*]] = arith.extsi %[[IW]] : i8 to i32
// CHECK-NEXT:      %[[DA:.*]] = arith.subi %[[EA]], %[[ZA]] : i32
// CHECK-NEXT:      %[[DW:.*]] = arith.subi %[[EW]], %[[IZ]] : i32
// CHECK-NEXT:      %[[P:.*]] = arith.muli %[[DA]], %[[DW]] : i32
// CHECK-NEXT:      %[[S:.*]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT:      linalg.yield %[[S]] : i32
// CHECK:         return %[[R]] : tensor<4x3xi32>
func.func @qmatmul_per_channel_bias(%a: tensor<4x16x!quant.uniform<u8:f32, 0.05:128>>, %w: tensor<16x3x!quant.uniform<i8:f32:1, {0.1:1, 0.2:-2, 0.3:3}>>, %b: tensor<3xi32>) -> tensor<4x3xi32> {
  %acc = quantx.qmatmul %a, %w bias %b : tensor<4x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<16x3x!quant.uniform<i8:f32:1, {0.1:1, 0.2:-2, 0.3:3}>>, tensor<3xi32> -> tensor<4x3xi32>
  return %acc : tensor<4x3xi32>
}

// -----

/// Rank 3 adds the batch loop; dynamic sizes come from lhs (batch, M) and
/// rhs (N); without a bias the init is a zero fill; signless operands have
/// zero point 0 (the subtraction folds away). A quantized i32 result type
/// becomes i32.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @qmatmul_batch_dynamic
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?x16xi8>, %[[W:.*]]: tensor<?x16x?xi8>) -> tensor<?x?x?xi32>
// CHECK-DAG:     %[[D0:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?x16xi8>
// CHECK-DAG:     %[[D1:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?x16xi8>
// CHECK-DAG:     %[[D2:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<?x16x?xi8>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D0]], %[[D1]], %[[D2]]) : tensor<?x?x?xi32>
// CHECK:         %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%[[EMPTY]] : tensor<?x?x?xi32>)
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:        outs(%[[FILL]] : tensor<?x?x?xi32>)
// CHECK:           arith.extsi
// CHECK-NEXT:      arith.extsi
// CHECK-NEXT:      arith.muli
// CHECK-NEXT:      arith.addi
func.func @qmatmul_batch_dynamic(%a: tensor<?x?x16xi8>, %w: tensor<?x16x?xi8>) -> tensor<?x?x?x!quant.uniform<i32:f32, 1.0>> {
  %acc = quantx.qmatmul %a, %w : tensor<?x?x16xi8>, tensor<?x16x?xi8> -> tensor<?x?x?x!quant.uniform<i32:f32, 1.0>>
  return %acc : tensor<?x?x?x!quant.uniform<i32:f32, 1.0>>
}
