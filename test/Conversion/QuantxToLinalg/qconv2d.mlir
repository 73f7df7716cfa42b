// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The structure of the qconv2d lowering: tensor.pad with the input zero
/// point (the real value 0), an output with the channels split into
/// (groups, channels per group) initialized with the bias, one generic with
/// 5 parallel and 3 reduction loops whose maps carry the strides, dilations
/// and groups, then a collapse back to the result shape.

// NHWC loops: (n, oh, ow, g, fg, kh, kw, c); strides (2, 3), dilations
// (1, 2), 2 groups of 2 input and 3 output channels.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3 * 3 + d4)>
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d5, d2 * 3 + d6 * 2, d3 * 2 + d7)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7, d3 * 3 + d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @qconv2d_nhwc
// CHECK-SAME:    (%[[X:.*]]: tensor<1x8x8x4xi8>, %[[W:.*]]: tensor<3x3x2x6xi8>, %[[B:.*]]: tensor<6xi32>) -> tensor<1x4x3x6xi32>
/// u8 zero point 200 is the byte 0xC8, printed as -56.
// CHECK:         %[[PADV:.*]] = arith.constant -56 : i8
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 2, 0] high[0, 0, 1, 0]
// CHECK:           tensor.yield %[[PADV]] : i8
// CHECK:         } : tensor<1x8x8x4xi8> to tensor<1x9x11x4xi8>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x3x2x3xi32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #{{.*}}]
// CHECK-SAME:        ins(%[[B]] : tensor<6xi32>) outs(%[[EMPTY]] : tensor<1x4x3x2x3xi32>)
// CHECK-DAG:     %[[ZW:.*]] = arith.constant -1 : i32
// CHECK-DAG:     %[[ZX:.*]] = arith.constant 200 : i32
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:        ins(%[[PAD]], %[[W]] : tensor<1x9x11x4xi8>, tensor<3x3x2x6xi8>) outs(%[[INIT]] : tensor<1x4x3x2x3xi32>)
// CHECK:         ^bb0(%[[IX:.*]]: i8, %[[IW:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK-NEXT:      %[[EX:.*]] = arith.extui %[[IX]] : i8 to i32
// CHECK-NEXT:      %[[EW:.*]] = arith.extsi %[[IW]] : i8 to i32
// CHECK-NEXT:      %[[DX:.*]] = arith.subi %[[EX]], %[[ZX]] : i32
// CHECK-NEXT:      %[[DW:.*]] = arith.subi %[[EW]], %[[ZW]] : i32
// CHECK-NEXT:      %[[P:.*]] = arith.muli %[[DX]], %[[DW]] : i32
// CHECK-NEXT:      arith.addi %[[ACC]], %[[P]] : i32
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x4x3x2x3xi32> into tensor<1x4x3x6xi32>
// CHECK:         return %[[C]]
func.func @qconv2d_nhwc(%x: tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:200>>, %w: tensor<3x3x2x6x!quant.uniform<i8:f32, 0.01:-1>>, %b: tensor<6xi32>) -> tensor<1x4x3x6xi32> {
  %acc = quantx.qconv2d %x, %w bias %b layout<nhwc_hwcf> {strides = array<i64: 2, 3>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 2, 1>, groups = 2 : i64} : tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:200>>, tensor<3x3x2x6x!quant.uniform<i8:f32, 0.01:-1>>, tensor<6xi32> -> tensor<1x4x3x6xi32>
  return %acc : tensor<1x4x3x6xi32>
}

// -----

/// A signed input zero point pads with that value.
// CHECK-LABEL: func.func @qconv2d_pad_signed_zero_point
// CHECK:         %[[PADV:.*]] = arith.constant -7 : i8
// CHECK:         tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:           tensor.yield %[[PADV]] : i8
func.func @qconv2d_pad_signed_zero_point(%x: tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5:-7>>, %w: tensor<3x3x1x1xi8>) -> tensor<1x4x4x1xi32> {
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {padding = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5:-7>>, tensor<3x3x1x1xi8> -> tensor<1x4x4x1xi32>
  return %acc : tensor<1x4x4x1xi32>
}

// -----

/// Without padding there is no tensor.pad. NCHW depthwise (groups = C = 4,
/// one filter per channel) with per-channel filter zero points read at the
/// output channel g * 1 + fg; loops (n, g, fg, oh, ow, c, kh, kw). Dynamic
/// batch and spatial sizes: (size - dilated kernel) / stride + 1.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d3 + d6, d4 + d7)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1 + d2, d5, d6, d7)>
// CHECK-DAG: #[[FZP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1 + d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @qconv2d_nchw_depthwise_dynamic
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4x?x?xi8>, %[[W:.*]]: tensor<4x1x2x2xi8>) -> tensor<?x4x?x?xi32>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x?x?xi8>
// CHECK:         %[[H:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x?x?xi8>
// CHECK:         arith.subi %[[H]], %{{.*}} : index
// CHECK:         arith.divui
// CHECK:         %[[OH:.*]] = arith.addi
// CHECK:         %[[WD:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x?x?xi8>
// CHECK:         %[[OW:.*]] = arith.addi
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]], %[[OH]], %[[OW]]) : tensor<?x4x1x?x?xi32>
// CHECK:         %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%[[EMPTY]]
// CHECK:         %[[ZW:.*]] = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[FZP]], #[[OUT]]]
// CHECK-SAME:        ins(%[[X]], %[[W]], %[[ZW]] : tensor<?x4x?x?xi8>, tensor<4x1x2x2xi8>, tensor<4xi32>) outs(%[[FILL]] : tensor<?x4x1x?x?xi32>)
// CHECK:         tensor.collapse_shape %[[R]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x4x1x?x?xi32> into tensor<?x4x?x?xi32>
func.func @qconv2d_nchw_depthwise_dynamic(%x: tensor<?x4x?x?xi8>, %w: tensor<4x1x2x2x!quant.uniform<i8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>>) -> tensor<?x4x?x?xi32> {
  %acc = quantx.qconv2d %x, %w layout<nchw_fchw> {groups = 4 : i64} : tensor<?x4x?x?xi8>, tensor<4x1x2x2x!quant.uniform<i8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>> -> tensor<?x4x?x?xi32>
  return %acc : tensor<?x4x?x?xi32>
}
