// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-quantx-to-quant | FileCheck %s
// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-quantx-to-quant | quantx-opt -split-input-file --convert-quant-to-quantx | FileCheck %s --check-prefix=BACK

/// A half_to_even quantize is what quant.qcast is taken to mean by default;
/// dequantize always converts. Converting back restores the ops.
// CHECK-LABEL: func.func @quantize_dequantize
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK:         %[[Q:.*]] = quant.qcast %[[X]] : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>
// CHECK:         %[[D:.*]] = quant.dcast %[[Q]] : tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>> to tensor<4xf32>
// CHECK:         return %[[D]]
// BACK-LABEL:  func.func @quantize_dequantize
// BACK:          %[[Q:.*]] = quantx.quantize %{{.*}} rounding<half_to_even>
// BACK:          quantx.dequantize %[[Q]]
func.func @quantize_dequantize(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %d = quantx.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

func.func @other_rounding(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  // expected-error @below {{'quantx.quantize' op cannot be converted to quant.qcast: it rounds half_up, but quant.qcast has no rounding mode and is taken to round half_to_even (the rounding option)}}
  %q = quantx.quantize %x rounding<half_up> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}
