// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-quantx-to-tosa | FileCheck %s

/// A per-tensor requantize of a signless i32 accumulator: DOUBLE_ROUND on the
/// storage types, the output zero point from the result type.
// CHECK-LABEL: func.func @requantize_i32_to_i8
// CHECK-SAME:    (%[[X:.*]]: tensor<4xi32>)
// CHECK-DAG:     %[[M:.*]] = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}>
// CHECK-DAG:     %[[S:.*]] = "tosa.const"() <{values = dense<33> : tensor<1xi8>}>
// CHECK-DAG:     %[[IZ:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi32>}>
// CHECK-DAG:     %[[OZ:.*]] = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}>
// CHECK:         %[[R:.*]] = tosa.rescale %[[X]], %[[M]], %[[S]], %[[IZ]], %[[OZ]] {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true}
// CHECK:         %[[Q:.*]] = quant.scast %[[R]] : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK:         return %[[Q]]
func.func @requantize_i32_to_i8(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [33] rounding<double_round> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

/// Per channel along the last dimension from u8 (zero point 128): half_up is
/// SINGLE_ROUND, the input is cast to its storage and read unsigned.
// CHECK-LABEL: func.func @requantize_per_channel_unsigned
// CHECK:         %[[S:.*]] = quant.scast %{{.*}} : tensor<2x3x!quant.uniform<u8:f32:1, {5.000000e-01:128,3.750000e-01:128,2.500000e-01:128}>> to tensor<2x3xi8>
// CHECK-DAG:     "tosa.const"() <{values = dense<[1073741824, 1610612736, 1073741824]> : tensor<3xi32>}>
// CHECK-DAG:     "tosa.const"() <{values = dense<[31, 32, 32]> : tensor<3xi8>}>
// CHECK-DAG:     "tosa.const"() <{values = dense<-128> : tensor<1xi8>}>
// CHECK:         tosa.rescale %[[S]], {{.*}} {input_unsigned = true, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true}
func.func @requantize_per_channel_unsigned(%x: tensor<2x3x!quant.uniform<u8:f32:1, {0.5:128, 0.375:128, 0.25:128}>>) -> tensor<2x3x!quant.uniform<i8:f32, 1.0:5>> {
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1610612736, 1073741824] shift [31, 32, 32] rounding<half_up> : tensor<2x3x!quant.uniform<u8:f32:1, {0.5:128, 0.375:128, 0.25:128}>> -> tensor<2x3x!quant.uniform<i8:f32, 1.0:5>>
  return %y : tensor<2x3x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

/// Equal parameters on every channel of axis 0 need no per-channel rescale.
// CHECK-LABEL: func.func @requantize_uniform_channels
// CHECK:         tosa.rescale {{.*}} per_channel = false
func.func @requantize_uniform_channels(%x: tensor<2x3xi32>) -> tensor<2x3x!quant.uniform<i8:f32, 1.0>> {
  %y = quantx.requantize %x axis(0) multiplier [1073741824, 1073741824] shift [40, 40] rounding<half_up> : tensor<2x3xi32> -> tensor<2x3x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<2x3x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Shift 0 is below TOSA's minimum of 2: 3 * 2^0 = 12 * 2^-2, exactly.
// CHECK-LABEL: func.func @requantize_small_shift
// CHECK-DAG:     "tosa.const"() <{values = dense<12> : tensor<1xi32>}>
// CHECK-DAG:     "tosa.const"() <{values = dense<2> : tensor<1xi8>}>
func.func @requantize_small_shift(%x: tensor<4xi8>) -> tensor<4x!quant.uniform<i16:f32, 1.0>> {
  %y = quantx.requantize %x multiplier [3] shift [0] rounding<half_up> : tensor<4xi8> -> tensor<4x!quant.uniform<i16:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i16:f32, 1.0>>
}

// -----

func.func @half_to_even(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: rounding mode half_to_even has no tosa.rescale form (SINGLE_ROUND is half_up, DOUBLE_ROUND is double_round)}}
  %y = quantx.requantize %x multiplier [1073741824] shift [40] rounding<half_to_even> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

func.func @axis_not_last(%x: tensor<2x3xi32>) -> tensor<2x3x!quant.uniform<i8:f32, 1.0>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: it scales per channel along dimension 0; tosa.rescale scales along the last dimension only}}
  %y = quantx.requantize %x axis(0) multiplier [1073741824, 1610612736] shift [40, 40] rounding<half_up> : tensor<2x3xi32> -> tensor<2x3x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<2x3x!quant.uniform<i8:f32, 1.0>>
}

// -----

func.func @zero_points_per_channel(%x: tensor<2x2xi32>) -> tensor<2x2x!quant.uniform<i8:f32:1, {1.0:1, 1.0:2}>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: its zero points differ per channel; tosa.rescale has one input and one output zero point}}
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1073741824] shift [40, 40] rounding<half_up> : tensor<2x2xi32> -> tensor<2x2x!quant.uniform<i8:f32:1, {1.0:1, 1.0:2}>>
  return %y : tensor<2x2x!quant.uniform<i8:f32:1, {1.0:1, 1.0:2}>>
}

// -----

func.func @small_shift_large_multiplier(%x: tensor<4xi8>) -> tensor<4x!quant.uniform<i16:f32, 1.0>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: shift 0 is below TOSA's minimum of 2 and the multiplier 1073741824 cannot absorb it in 31 bits}}
  %y = quantx.requantize %x multiplier [1073741824] shift [0] rounding<half_up> : tensor<4xi8> -> tensor<4x!quant.uniform<i16:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i16:f32, 1.0>>
}

// -----

/// Ratio 2 on a full-range i32: quantx saturates, TOSA would be undefined.
func.func @scaled_value_can_leave_i32(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: with |x - zp| up to 2147483648, multiplier 1073741824 and shift 29 the scaled value can exceed the i32 range, where tosa.rescale is undefined (quantx saturates)}}
  %y = quantx.requantize %x multiplier [1073741824] shift [29] rounding<half_up> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// An i32 result with a zero point: quantx accepts it, TOSA's verifier does
/// not, and its message is the reason.
func.func @tosa_rejects_i32_output_zero_point(%x: tensor<4xi8>) -> tensor<4x!quant.uniform<i32:f32, 1.0:3>> {
  // expected-error @below {{'quantx.requantize' op cannot be converted to tosa.rescale: 'tosa.rescale' op expect output_zp of 0, got 3}}
  %y = quantx.requantize %x multiplier [1073741824] shift [30] rounding<half_up> : tensor<4xi8> -> tensor<4x!quant.uniform<i32:f32, 1.0:3>>
  return %y : tensor<4x!quant.uniform<i32:f32, 1.0:3>>
}
