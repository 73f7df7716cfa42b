// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The verifiers accept result types whose shapes are only compatible with
/// the operands' (a dimension static on one side and dynamic on the other).
/// The elementwise lowerings compute in the input's shape and cast to the
/// result type; qconv2d collapses its grouped output with the filter's
/// static channel count and casts. (Before, these produced an unresolved
/// materialization or an invalid tensor.collapse_shape.)

// CHECK-LABEL: func.func @quantize_mixed_shapes
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>) -> tensor<3x?xi8>
// CHECK:         %[[G:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xf32>)
// CHECK:         } -> tensor<?x4xi8>
// CHECK-NEXT:       %[[C:.*]] = tensor.cast %[[G]] : tensor<?x4xi8> to tensor<3x?xi8>
// CHECK:         return %[[C]]
func.func @quantize_mixed_shapes(%x: tensor<?x4xf32>)
    -> tensor<3x?x!quant.uniform<i8:f32, 0.5>> {
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<?x4xf32> -> tensor<3x?x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<3x?x!quant.uniform<i8:f32, 0.5>>
}

// -----

// CHECK-LABEL: func.func @dequantize_mixed_shapes
// CHECK:         %[[G:.*]] = linalg.generic
// CHECK:         } -> tensor<?x4xf32>
// CHECK-NEXT:       tensor.cast %[[G]] : tensor<?x4xf32> to tensor<3x?xf32>
func.func @dequantize_mixed_shapes(%x: tensor<?x4x!quant.uniform<i8:f32, 0.5>>)
    -> tensor<3x?xf32> {
  %r = quantx.dequantize %x : tensor<?x4x!quant.uniform<i8:f32, 0.5>> -> tensor<3x?xf32>
  return %r : tensor<3x?xf32>
}

// -----

// CHECK-LABEL: func.func @requantize_mixed_shapes
// CHECK:         %[[G:.*]] = linalg.generic
// CHECK:         } -> tensor<4x?xi8>
// CHECK-NEXT:       tensor.cast %[[G]] : tensor<4x?xi8> to tensor<?x2xi8>
func.func @requantize_mixed_shapes(%x: tensor<4x?xi32>)
    -> tensor<?x2x!quant.uniform<i8:f32, 0.5>> {
  %r = quantx.requantize %x multiplier [1073741824] shift [31] rounding<half_up>
      : tensor<4x?xi32> -> tensor<?x2x!quant.uniform<i8:f32, 0.5>>
  return %r : tensor<?x2x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// Same types: no cast.
// CHECK-LABEL: func.func @requantize_same_shapes
// CHECK-NOT:     tensor.cast
// CHECK:         return
func.func @requantize_same_shapes(%x: tensor<4x?xi32>)
    -> tensor<4x?x!quant.uniform<i8:f32, 0.5>> {
  %r = quantx.requantize %x multiplier [1073741824] shift [31] rounding<half_up>
      : tensor<4x?xi32> -> tensor<4x?x!quant.uniform<i8:f32, 0.5>>
  return %r : tensor<4x?x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// The result leaves the output channels dynamic; the filter says 6 = 2
/// groups of 3.
// CHECK-LABEL: func.func @qconv2d_dynamic_result_channels
// CHECK:         %[[G:.*]] = linalg.generic
// CHECK:         } -> tensor<1x2x2x2x3xi32>
// CHECK-NEXT:       %[[C:.*]] = tensor.collapse_shape %[[G]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x2x2x2x3xi32> into tensor<1x2x2x6xi32>
// CHECK:         tensor.cast %[[C]] : tensor<1x2x2x6xi32> to tensor<1x2x2x?xi32>
func.func @qconv2d_dynamic_result_channels(%x: tensor<1x4x4x4xi8>, %w: tensor<3x3x2x6xi8>)
    -> tensor<1x2x2x?xi32> {
  %r = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64}
      : tensor<1x4x4x4xi8>, tensor<3x3x2x6xi8> -> tensor<1x2x2x?xi32>
  return %r : tensor<1x2x2x?xi32>
}
