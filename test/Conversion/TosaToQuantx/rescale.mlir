// RUN: quantx-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-quantx | FileCheck %s

/// i32 accumulator to i8 with DOUBLE_ROUND: the signed input with zero point
/// 0 stays signless; the output type carries the zero point (scale 1); the
/// parameters become attributes.
// CHECK-LABEL: func.func @rescale_i32_to_i8_double_round
// CHECK-SAME:    (%[[X:.*]]: tensor<4xi32>)
// CHECK-NOT:     tosa
// CHECK:         %[[R:.*]] = quantx.requantize %[[X]] multiplier [1073741824] shift [33] rounding<double_round> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.000000e+00:-3>>
// CHECK:         %[[S:.*]] = quant.scast %[[R]] : tensor<4x!quant.uniform<i8:f32, 1.000000e+00:-3>> to tensor<4xi8>
// CHECK:         return %[[S]]
func.func @rescale_i32_to_i8_double_round(%arg0: tensor<4xi32>) -> tensor<4xi8> {
  %m = "tosa.const"() {values = dense<1073741824> : tensor<1xi32>} : () -> tensor<1xi32>
  %s = "tosa.const"() {values = dense<33> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi32>} : () -> tensor<1xi32>
  %oz = "tosa.const"() {values = dense<-3> : tensor<1xi8>} : () -> tensor<1xi8>
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = true, rounding_mode = DOUBLE_ROUND, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

/// Per channel from an unsigned input with zero point 128, SINGLE_ROUND: the
/// input becomes u8 per axis along the last dimension, with scales
/// M * 2^-shift = 0.5, 0.375 and (for M = 0) 2^-2 against the output's 1.
// CHECK-LABEL: func.func @rescale_per_channel_unsigned_input
// CHECK:         %[[Q:.*]] = quant.scast %{{.*}} : tensor<2x3xi8> to tensor<2x3x!quant.uniform<u8:f32:1, {5.000000e-01:128,3.750000e-01:128,2.500000e-01:128}>>
// CHECK:         quantx.requantize %[[Q]] axis(1) multiplier [1073741824, 1610612736, 0] shift [31, 32, 2] rounding<half_up> : {{.*}} -> tensor<2x3x!quant.uniform<i8:f32, 1.000000e+00:5>>
func.func @rescale_per_channel_unsigned_input(%arg0: tensor<2x3xi8>) -> tensor<2x3xi8> {
  %m = "tosa.const"() {values = dense<[1073741824, 1610612736, 0]> : tensor<3xi32>} : () -> tensor<3xi32>
  %s = "tosa.const"() {values = dense<[31, 32, 2]> : tensor<3xi8>} : () -> tensor<3xi8>
  %iz = "tosa.const"() {values = dense<128> : tensor<1xi8>} : () -> tensor<1xi8>
  %oz = "tosa.const"() {values = dense<5> : tensor<1xi8>} : () -> tensor<1xi8>
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = true, rounding_mode = SINGLE_ROUND, per_channel = true, input_unsigned = true, output_unsigned = false} : (tensor<2x3xi8>, tensor<3xi32>, tensor<3xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

/// A 16-bit multiplier (scale16) and an unsigned output.
// CHECK-LABEL: func.func @rescale_scale16_to_unsigned
// CHECK:         quantx.requantize %{{.*}} multiplier [20000] shift [20] rounding<half_up> : tensor<4xi16> -> tensor<4x!quant.uniform<u8:f32, 1.000000e+00:128>>
func.func @rescale_scale16_to_unsigned(%arg0: tensor<4xi16>) -> tensor<4xi8> {
  %m = "tosa.const"() {values = dense<20000> : tensor<1xi16>} : () -> tensor<1xi16>
  %s = "tosa.const"() {values = dense<20> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi16>} : () -> tensor<1xi16>
  %oz = "tosa.const"() {values = dense<128> : tensor<1xi8>} : () -> tensor<1xi8>
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = false, rounding_mode = SINGLE_ROUND, per_channel = false, input_unsigned = false, output_unsigned = true} : (tensor<4xi16>, tensor<1xi16>, tensor<1xi8>, tensor<1xi16>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @inexact_round(%arg0: tensor<4xi32>) -> tensor<4xi8> {
  %m = "tosa.const"() {values = dense<1073741824> : tensor<1xi32>} : () -> tensor<1xi32>
  %s = "tosa.const"() {values = dense<33> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi32>} : () -> tensor<1xi32>
  %oz = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-error @below {{'tosa.rescale' op cannot be converted to quantx.requantize: INEXACT_ROUND leaves the rounding to the implementation; quantx.requantize needs an exact mode}}
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = true, rounding_mode = INEXACT_ROUND, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @input_48_bits(%arg0: tensor<4xi48>) -> tensor<4xi8> {
  %m = "tosa.const"() {values = dense<20000> : tensor<1xi16>} : () -> tensor<1xi16>
  %s = "tosa.const"() {values = dense<20> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi48>} : () -> tensor<1xi48>
  %oz = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-error @below {{'tosa.rescale' op cannot be converted to quantx.requantize: the input is i48; quantx.requantize takes at most 32-bit inputs}}
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = false, rounding_mode = SINGLE_ROUND, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi48>, tensor<1xi16>, tensor<1xi8>, tensor<1xi48>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @multiplier_not_constant(%arg0: tensor<4xi32>, %m: tensor<1xi32>) -> tensor<4xi8> {
  %s = "tosa.const"() {values = dense<33> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi32>} : () -> tensor<1xi32>
  %oz = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-error @below {{'tosa.rescale' op cannot be converted to quantx.requantize: the multiplier is not a constant}}
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = true, rounding_mode = SINGLE_ROUND, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @negative_multiplier(%arg0: tensor<4xi32>) -> tensor<4xi8> {
  %m = "tosa.const"() {values = dense<-5> : tensor<1xi32>} : () -> tensor<1xi32>
  %s = "tosa.const"() {values = dense<33> : tensor<1xi8>} : () -> tensor<1xi8>
  %iz = "tosa.const"() {values = dense<0> : tensor<1xi32>} : () -> tensor<1xi32>
  %oz = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-error @below {{'tosa.rescale' op cannot be converted to quantx.requantize: the multiplier -5 is negative}}
  %0 = tosa.rescale %arg0, %m, %s, %iz, %oz {scale32 = true, rounding_mode = SINGLE_ROUND, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
