// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-quant-to-quantx | FileCheck %s
// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-quant-to-quantx=rounding=half_away_from_zero | FileCheck %s --check-prefix=AWAY

/// quant.qcast takes the option's rounding (half_to_even by default);
/// quant.dcast has nothing to choose. Per-axis types carry over unchanged.
// CHECK-LABEL: func.func @qcast_dcast_per_axis
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>)
// CHECK:         %[[Q:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01:3,5.000000e-01:-4}>>
// CHECK:         %[[D:.*]] = quantx.dequantize %[[Q]] : tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01:3,5.000000e-01:-4}>> -> tensor<2x3xf32>
// CHECK:         return %[[D]]
// CHECK-NOT:     quant.qcast
// AWAY-LABEL:  func.func @qcast_dcast_per_axis
// AWAY:          quantx.quantize %{{.*}} rounding<half_away_from_zero>
func.func @qcast_dcast_per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = quant.qcast %x : tensor<2x3xf32> to tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2:3, 0.5:-4}>>
  %d = quant.dcast %q : tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2:3, 0.5:-4}>> to tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

/// Sub-channel (blocked) types are quantx types too.
// CHECK-LABEL: func.func @qcast_sub_channel
// CHECK:         quantx.quantize %{{.*}} rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{\{\{}}1.000000e-01:5, 2.000000e-01:-5}, {3.000000e-01, 4.000000e-01}}>>
func.func @qcast_sub_channel(%x: tensor<2x4xf32>) -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1:5, 0.2:-5}, {0.3, 0.4}}>> {
  %q = quant.qcast %x : tensor<2x4xf32> to tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1:5, 0.2:-5}, {0.3, 0.4}}>>
  return %q : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.1:5, 0.2:-5}, {0.3, 0.4}}>>
}

// -----

func.func @scalar_qcast(%x: f32) -> !quant.uniform<i8:f32, 0.5:3> {
  // expected-error @below {{'quant.qcast' op cannot be converted to quantx.quantize: quantx ops take ranked tensors, got f32 to !quant.uniform<i8:f32, 5.000000e-01:3>}}
  %q = quant.qcast %x : f32 to !quant.uniform<i8:f32, 0.5:3>
  return %q : !quant.uniform<i8:f32, 0.5:3>
}

// -----

func.func @any_type_qcast(%x: tensor<4xf32>) -> tensor<4x!quant.any<i8:f32>> {
  // expected-error @below {{'quant.qcast' op cannot be converted to quantx.quantize: !quant.any<i8:f32> is not a uniform quantized type}}
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.any<i8:f32>>
  return %q : tensor<4x!quant.any<i8:f32>>
}

// -----

/// The quant dialect accepts any zero point; quantx's verifier does not, and
/// its message is the reason.
func.func @zero_point_outside_storage(%q: tensor<4x!quant.uniform<i8:f32, 0.5:300>>) -> tensor<4xf32> {
  // expected-error @below {{'quant.dcast' op cannot be converted to quantx.dequantize: 'quantx.dequantize' op input zero point 300 is outside the storage range [-128, 127]}}
  %d = quant.dcast %q : tensor<4x!quant.uniform<i8:f32, 0.5:300>> to tensor<4xf32>
  return %d : tensor<4xf32>
}
