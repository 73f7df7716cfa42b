// RUN: quantx-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the quantx verifiers (lib/Dialect/Quantx/IR),
// including the shape checks of QuantTypeUtils.cpp as each op reaches them,
// and the ODS type constraints on element types. Each message is quoted in
// full.

//===----------------------------------------------------------------------===//
// ODS type constraints
//===----------------------------------------------------------------------===//

/// quantize takes a float tensor.
func.func @quantize_integer_input(%x: tensor<4xi8>) {
  // expected-error @+1 {{'quantx.quantize' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi8>'}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// quantize produces a uniform quantized tensor, not its storage integers.
func.func @quantize_integer_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op result #0 must be ranked tensor of uniform quantized type values, but got 'tensor<4xi8>'}}
  %q = quantx.quantize %x rounding<half_to_even> : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

/// dequantize takes a uniform quantized tensor; `!quant.any` has no scale.
func.func @dequantize_any_input(%x: tensor<4x!quant.any<i8:f32>>) {
  // expected-error @+1 {{'quantx.dequantize' op operand #0 must be ranked tensor of uniform quantized type values, but got 'tensor<4x!quant.any<i8:f32>>'}}
  %d = quantx.dequantize %x : tensor<4x!quant.any<i8:f32>> -> tensor<4xf32>
  return
}

// -----

/// dequantize produces a float tensor.
func.func @dequantize_integer_result(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.dequantize' op result #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %d = quantx.dequantize %x : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4xi32>
  return
}

// -----

/// requantize takes integers or quantized values, not floats.
func.func @requantize_float_input(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.requantize' op operand #0 must be ranked tensor of signless integer or uniform quantized type values, but got 'tensor<4xf32>'}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// requantize produces a quantized tensor, which carries the zero point.
func.func @requantize_integer_result(%x: tensor<4xi32>) {
  // expected-error @+1 {{'quantx.requantize' op result #0 must be ranked tensor of uniform quantized type values, but got 'tensor<4xi8>'}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

/// qmatmul operands are integers or quantized values.
func.func @qmatmul_float_lhs(%a: tensor<4x4xf32>, %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op operand #0 must be ranked tensor of signless integer or uniform quantized type values, but got 'tensor<4x4xf32>'}}
  %c = quantx.qmatmul %a, %b : tensor<4x4xf32>, tensor<4x4xi8> -> tensor<4x4xi32>
  return
}

// -----

/// Unsigned builtin integers are not signless: the rhs needs a quantized type
/// to be unsigned.
func.func @qmatmul_unsigned_rhs(%a: tensor<4x4xi8>, %b: tensor<4x4xui8>) {
  // expected-error @+1 {{'quantx.qmatmul' op operand #1 must be ranked tensor of signless integer or uniform quantized type values, but got 'tensor<4x4xui8>'}}
  %c = quantx.qmatmul %a, %b : tensor<4x4xi8>, tensor<4x4xui8> -> tensor<4x4xi32>
  return
}

// -----

/// The qmatmul bias is at the accumulator scale, in i32.
func.func @qmatmul_i64_bias(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>,
                            %bias: tensor<4xi64>) {
  // expected-error @+1 {{'quantx.qmatmul' op operand #2 must be ranked tensor of 32-bit signless integer values, but got 'tensor<4xi64>'}}
  %c = quantx.qmatmul %a, %b bias %bias
      : tensor<4x4xi8>, tensor<4x4xi8>, tensor<4xi64> -> tensor<4x4xi32>
  return
}

// -----

/// The qmatmul accumulator is i32 (or quantized), never i64.
func.func @qmatmul_i64_result(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op result #0 must be ranked tensor of 32-bit signless integer or uniform quantized type values, but got 'tensor<4x4xi64>'}}
  %c = quantx.qmatmul %a, %b : tensor<4x4xi8>, tensor<4x4xi8> -> tensor<4x4xi64>
  return
}

// -----

/// qconv2d inputs are integers or quantized values.
func.func @qconv2d_float_input(%x: tensor<1x4x4x1xf32>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op operand #0 must be ranked tensor of signless integer or uniform quantized type values, but got 'tensor<1x4x4x1xf32>'}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xf32>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// qconv2d filters are integers or quantized values.
func.func @qconv2d_float_filter(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xbf16>) {
  // expected-error @+1 {{'quantx.qconv2d' op operand #1 must be ranked tensor of signless integer or uniform quantized type values, but got 'tensor<1x1x1x1xbf16>'}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xbf16> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The qconv2d bias is i32.
func.func @qconv2d_float_bias(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>,
                              %b: tensor<1xf32>) {
  // expected-error @+1 {{'quantx.qconv2d' op operand #2 must be ranked tensor of 32-bit signless integer values, but got 'tensor<1xf32>'}}
  %y = quantx.qconv2d %x, %w bias %b layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8>, tensor<1xf32>
        -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The qconv2d result is the i32 accumulator, not a float.
func.func @qconv2d_float_result(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op result #0 must be ranked tensor of 32-bit signless integer or uniform quantized type values, but got 'tensor<1x4x4x1xf32>'}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xf32>
  return
}

// -----

/// batch_norm works on floats.
func.func @batch_norm_integer_input(%x: tensor<1x2xi32>, %p: tensor<2xi32>) {
  // expected-error @+1 {{'quantx.batch_norm' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<1x2xi32>'}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p : tensor<1x2xi32>, tensor<2xi32>
  return
}

// -----

/// batch_norm parameters are 1-D float tensors.
func.func @batch_norm_integer_params(%x: tensor<1x2xf32>, %p: tensor<2xi32>) {
  // expected-error @+1 {{'quantx.batch_norm' op operand #1 must be 1D tensor of floating-point values, but got 'tensor<2xi32>'}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p : tensor<1x2xf32>, tensor<2xi32>
  return
}

// -----

/// The batch_norm result has the input type (generic form: the custom form
/// cannot spell another result type).
func.func @batch_norm_result_type(%x: tensor<1x2xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{'quantx.batch_norm' op failed to verify that all of {input, result} have same type}}
  %y = "quantx.batch_norm"(%x, %p, %p, %p, %p)
      : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>,
         tensor<2xf32>) -> tensor<1x2xf16>
  return
}

// -----

/// The four batch_norm parameters share one type (generic form).
func.func @batch_norm_param_types(%x: tensor<1x2xf32>, %p: tensor<2xf32>,
                                  %q: tensor<?xf32>) {
  // expected-error @+1 {{'quantx.batch_norm' op failed to verify that all of {scale, bias, mean, variance} have same type}}
  %y = "quantx.batch_norm"(%x, %p, %p, %q, %p)
      : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?xf32>,
         tensor<2xf32>) -> tensor<1x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.quantize
//===----------------------------------------------------------------------===//

/// double_round is a fixed-point requantization mode.
func.func @quantize_double_round(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op rounding mode 'double_round' only applies to fixed-point requantization}}
  %q = quantx.quantize %x rounding<double_round>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Input and result shapes must agree where both are static.
func.func @quantize_shape_mismatch(%x: tensor<4x?xf32>) {
  // expected-error @+1 {{'quantx.quantize' op input and result shapes must match, got [4, ?] and [5, 3]}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<4x?xf32> -> tensor<5x3x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The input element type is the expressed type of the result.
func.func @quantize_expressed_type_mismatch(%x: tensor<4xf16>) {
  // expected-error @+1 {{'quantx.quantize' op input element type 'f16' does not match the expressed type 'f32' of the result}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// quantize computes in f32 or f64: an f80 input has no defined semantics.
func.func @quantize_f80_expressed_type(%x: tensor<4xf80>) {
  // expected-error @+1 {{'quantx.quantize' op expressed type 'f80' must be f64 or at most 32 bits wide, since quantx computes in f32 or f64}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<4xf80> -> tensor<4x!quant.uniform<i8:f80, 0.5>>
  return
}

// -----

/// The zero point is a storage value: NaN quantizes to it.
func.func @quantize_zero_point_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op result zero point 1000 is outside the storage range [-128, 127]}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:1000>>
  return
}

// -----

/// A per-axis quantized dimension must exist in the result.
func.func @quantize_per_axis_dim_out_of_range(%x: tensor<2xf32>) {
  // expected-error @+1 {{'quantx.quantize' op quantized dimension 1 of the result type is out of range for rank 1}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32:1, {1.0, 2.0}>>
  return
}

// -----

/// A per-axis quantized dimension of the result must be static.
func.func @quantize_per_axis_dynamic(%x: tensor<?x2xf32>) {
  // expected-error @+1 {{'quantx.quantize' op per-axis quantized dimension 0 of the result must be static}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<?x2xf32> -> tensor<?x2x!quant.uniform<i8:f32:0, {1.0, 2.0}>>
  return
}

// -----

/// One per-axis scale per index of the quantized dimension.
func.func @quantize_per_axis_size(%x: tensor<3x2xf32>) {
  // expected-error @+1 {{'quantx.quantize' op result dimension 0 has size 3 but its per-axis type has 2 scales}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<3x2xf32> -> tensor<3x2x!quant.uniform<i8:f32:0, {1.0, 2.0}>>
  return
}

// -----

/// Sub-channel scales have the rank of the result.
func.func @quantize_sub_channel_rank(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op sub-channel scales of rank 1 do not match the result rank 2}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{0:1}, {1.0, 2.0}>>
  return
}

// -----

/// A sub-channel block dimension must exist in the result.
func.func @quantize_sub_channel_dim_out_of_range(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op quantized dimension 2 of the result type is out of range for rank 2}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32>
        -> tensor<2x4x!quant.uniform<i8:f32:{2:2}, {{1.0, 2.0}, {3.0, 4.0}}>>
  return
}

// -----

/// A dimension without a block size is one block: it has one scale.
func.func @quantize_sub_channel_no_block_size(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'quantx.quantize' op result dimension 0 has no block size, so it is one block with one scale, got 2}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32>
        -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}, {3.0, 4.0}}>>
  return
}

// -----

/// A blocked dimension of the result must be static.
func.func @quantize_sub_channel_dynamic(%x: tensor<2x?xf32>) {
  // expected-error @+1 {{'quantx.quantize' op sub-channel quantized dimension 1 of the result must be static}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x?xf32> -> tensor<2x?x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}}>>
  return
}

// -----

/// The blocks tile a blocked dimension exactly.
func.func @quantize_sub_channel_tiling(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{'quantx.quantize' op result dimension 1 of size 6 is not covered by 2 blocks of 2}}
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x6xf32> -> tensor<2x6x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.dequantize
//===----------------------------------------------------------------------===//

/// Input and result shapes must agree where both are static.
func.func @dequantize_shape_mismatch(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.dequantize' op input and result shapes must match, got [4] and [4, 1]}}
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x1xf32>
  return
}

// -----

/// The result element type is the expressed type of the input.
func.func @dequantize_expressed_type_mismatch(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.dequantize' op result element type 'f64' does not match the expressed type 'f32' of the input}}
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4xf64>
  return
}

// -----

/// dequantize computes in f32 or f64: an f128 result has no defined
/// semantics.
func.func @dequantize_f128_expressed_type(
    %x: tensor<4x!quant.uniform<i8:f128, 0.5>>) {
  // expected-error @+1 {{'quantx.dequantize' op expressed type 'f128' must be f64 or at most 32 bits wide, since quantx computes in f32 or f64}}
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f128, 0.5>> -> tensor<4xf128>
  return
}

// -----

/// The zero point is a storage value, here of a narrow range.
func.func @dequantize_zero_point_range(
    %x: tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1:-128>>) {
  // expected-error @+1 {{'quantx.dequantize' op input zero point -128 is outside the storage range [-127, 127]}}
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1:-128>> -> tensor<4xf32>
  return
}

// -----

/// A per-axis quantized dimension must exist in the input.
func.func @dequantize_per_axis_dim_out_of_range(
    %x: tensor<2x!quant.uniform<i8:f32:3, {1.0, 2.0}>>) {
  // expected-error @+1 {{'quantx.dequantize' op quantized dimension 3 of the input type is out of range for rank 1}}
  %d = quantx.dequantize %x
      : tensor<2x!quant.uniform<i8:f32:3, {1.0, 2.0}>> -> tensor<2xf32>
  return
}

// -----

/// A per-axis quantized dimension of the input must be static.
func.func @dequantize_per_axis_dynamic(
    %x: tensor<4x?x!quant.uniform<i8:f32:1, {1.0, 2.0}>>) {
  // expected-error @+1 {{'quantx.dequantize' op per-axis quantized dimension 1 of the input must be static}}
  %d = quantx.dequantize %x
      : tensor<4x?x!quant.uniform<i8:f32:1, {1.0, 2.0}>> -> tensor<4x2xf32>
  return
}

// -----

/// One per-axis scale per index of the quantized dimension.
func.func @dequantize_per_axis_size(
    %x: tensor<4x3x!quant.uniform<i8:f32:1, {1.0, 2.0}>>) {
  // expected-error @+1 {{'quantx.dequantize' op input dimension 1 has size 3 but its per-axis type has 2 scales}}
  %d = quantx.dequantize %x
      : tensor<4x3x!quant.uniform<i8:f32:1, {1.0, 2.0}>> -> tensor<4x3xf32>
  return
}

// -----

/// Sub-channel scales have the rank of the input.
func.func @dequantize_sub_channel_rank(
    %x: tensor<2x4x2x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}}>>) {
  // expected-error @+1 {{'quantx.dequantize' op sub-channel scales of rank 2 do not match the input rank 3}}
  %d = quantx.dequantize %x
      : tensor<2x4x2x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}}>>
        -> tensor<2x4x2xf32>
  return
}

// -----

/// A sub-channel block dimension must exist in the input.
func.func @dequantize_sub_channel_dim_out_of_range(
    %x: tensor<2x!quant.uniform<i8:f32:{1:1}, {1.0, 2.0}>>) {
  // expected-error @+1 {{'quantx.dequantize' op quantized dimension 1 of the input type is out of range for rank 1}}
  %d = quantx.dequantize %x
      : tensor<2x!quant.uniform<i8:f32:{1:1}, {1.0, 2.0}>> -> tensor<2xf32>
  return
}

// -----

/// A dimension without a block size is one block: it has one scale.
func.func @dequantize_sub_channel_no_block_size(
    %x: tensor<2x4x!quant.uniform<i8:f32:{}, {{1.0}, {2.0}}>>) {
  // expected-error @+1 {{'quantx.dequantize' op input dimension 0 has no block size, so it is one block with one scale, got 2}}
  %d = quantx.dequantize %x
      : tensor<2x4x!quant.uniform<i8:f32:{}, {{1.0}, {2.0}}>> -> tensor<2x4xf32>
  return
}

// -----

/// A blocked dimension of the input must be static.
func.func @dequantize_sub_channel_dynamic(
    %x: tensor<?x4x!quant.uniform<i8:f32:{0:1}, {{1.0}, {2.0}}>>) {
  // expected-error @+1 {{'quantx.dequantize' op sub-channel quantized dimension 0 of the input must be static}}
  %d = quantx.dequantize %x
      : tensor<?x4x!quant.uniform<i8:f32:{0:1}, {{1.0}, {2.0}}>>
        -> tensor<2x4xf32>
  return
}

// -----

/// The blocks tile a blocked dimension exactly.
func.func @dequantize_sub_channel_tiling(
    %x: tensor<3x4x!quant.uniform<i8:f32:{0:1}, {{1.0}, {2.0}}>>) {
  // expected-error @+1 {{'quantx.dequantize' op input dimension 0 of size 3 is not covered by 2 blocks of 1}}
  %d = quantx.dequantize %x
      : tensor<3x4x!quant.uniform<i8:f32:{0:1}, {{1.0}, {2.0}}>>
        -> tensor<3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.requantize
//===----------------------------------------------------------------------===//

/// Input and result shapes must agree where both are static.
func.func @requantize_shape_mismatch(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{'quantx.requantize' op input and result shapes must match, got [4, 8] and [8, 4]}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<4x8xi32> -> tensor<8x4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Sub-channel types have no fixed-point requantization.
func.func @requantize_sub_channel(%x: tensor<2x4xi32>) {
  // expected-error @+1 {{'quantx.requantize' op sub-channel quantized types are not supported; requantize per tensor or per axis}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<2x4xi32>
        -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 2.0}}>>
  return
}

// -----

/// x - zero_point is formed in 64 bits from at most 32-bit values.
func.func @requantize_i64_input(%x: tensor<4xi64>) {
  // expected-error @+1 {{'quantx.requantize' op input storage must be at most 32 bits wide, got 64}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<4xi64> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The input zero point is a storage value.
func.func @requantize_input_zero_point_range(
    %x: tensor<4x!quant.uniform<u8:f32, 1.0:-1>>) {
  // expected-error @+1 {{'quantx.requantize' op input zero point -1 is outside the storage range [0, 255]}}
  %y = quantx.requantize %x multiplier [1073741824] shift [30]
      rounding<half_up>
      : tensor<4x!quant.uniform<u8:f32, 1.0:-1>>
        -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Every per-axis result zero point is a storage value.
func.func @requantize_result_zero_point_range(%x: tensor<4x2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op result zero point 8 is outside the storage range [-8, 7]}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x2xi32> -> tensor<4x2x!quant.uniform<i4:f32:1, {1.0:0, 1.0:8}>>
  return
}

// -----

/// A 32-bit input with a zero point would overflow x - zero_point.
func.func @requantize_i32_input_zero_point(
    %x: tensor<4x!quant.uniform<i32:f32, 1.0:1>>) {
  // expected-error @+1 {{'quantx.requantize' op a 32-bit input must have zero point 0, got 1}}
  %y = quantx.requantize %x multiplier [1073741824] shift [30]
      rounding<half_up>
      : tensor<4x!quant.uniform<i32:f32, 1.0:1>>
        -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// At least one (multiplier, shift) pair.
func.func @requantize_no_multiplier(%x: tensor<4xi32>) {
  // expected-error @+1 {{'quantx.requantize' op expects at least one multiplier}}
  %y = quantx.requantize %x multiplier [] shift [] rounding<half_up>
      : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Multipliers and shifts come in pairs.
func.func @requantize_shift_count(%x: tensor<2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op expects one shift per multiplier, got 2 multipliers and 1 shifts}}
  %y = quantx.requantize %x axis(0) multiplier [1, 1] shift [0]
      rounding<half_up>
      : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Multipliers are non-negative 31-bit values.
func.func @requantize_negative_multiplier(%x: tensor<4xi32>) {
  // expected-error @+1 {{'quantx.requantize' op multiplier must be non-negative, got -5}}
  %y = quantx.requantize %x multiplier [-5] shift [3] rounding<half_up>
      : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Right shifts are in [0, 62] so that the 64-bit product can be shifted.
func.func @requantize_shift_range(%x: tensor<4xi32>) {
  // expected-error @+1 {{'quantx.requantize' op shift must be in [0, 62], got 63}}
  %y = quantx.requantize %x multiplier [1] shift [63] rounding<half_up>
      : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The per-channel axis is a dimension of the input.
func.func @requantize_axis_out_of_range(%x: tensor<4x2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op axis 2 is out of range for rank 2}}
  %y = quantx.requantize %x axis(2) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x2xi32> -> tensor<4x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The per-channel dimension is static in the input or the result.
func.func @requantize_axis_dynamic(%x: tensor<4x?xi32>) {
  // expected-error @+1 {{'quantx.requantize' op per-channel dimension 1 must be static}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x?xi32> -> tensor<4x?x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// One (multiplier, shift) pair per index of the axis.
func.func @requantize_multiplier_count(%x: tensor<4x3xi32>) {
  // expected-error @+1 {{'quantx.requantize' op expects 3 multipliers, one per index of dimension 1, got 2}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x3xi32> -> tensor<4x3x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// Several multipliers need the dimension they run along.
func.func @requantize_missing_axis(%x: tensor<2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op per-channel multipliers need an 'axis'}}
  %y = quantx.requantize %x multiplier [1, 1] shift [0, 0] rounding<half_up>
      : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// A per-axis input is quantized along the op's axis.
func.func @requantize_input_axis_mismatch(
    %x: tensor<2x2x!quant.uniform<i32:f32:0, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.requantize' op per-axis input type is quantized along dimension 0, not along the op's axis 1}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<2x2x!quant.uniform<i32:f32:0, {1.0, 1.0}>>
        -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// A per-axis result is quantized along the op's axis, which a per-tensor
/// requantize does not have.
func.func @requantize_result_axis_mismatch(%x: tensor<2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op per-axis result type is quantized along dimension 0 but the op has no 'axis'}}
  %y = quantx.requantize %x multiplier [1] shift [0] rounding<half_up>
      : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32:0, {1.0, 1.0}>>
  return
}

// -----

/// The per-axis input dimension must be static even when the result's is.
func.func @requantize_input_per_axis_dynamic(
    %x: tensor<4x?x!quant.uniform<i32:f32:1, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.requantize' op per-axis quantized dimension 1 of the input must be static}}
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1073741824]
      shift [30, 30] rounding<half_up>
      : tensor<4x?x!quant.uniform<i32:f32:1, {1.0, 1.0}>>
        -> tensor<4x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The per-axis result dimension must be static even when the input's is.
func.func @requantize_result_per_axis_dynamic(%x: tensor<4x2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op per-axis quantized dimension 1 of the result must be static}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x2xi32> -> tensor<4x?x!quant.uniform<i8:f32:1, {1.0, 1.0}>>
  return
}

// -----

/// The per-axis input type has one scale per index of the axis.
func.func @requantize_input_per_axis_size(
    %x: tensor<4x2x!quant.uniform<i32:f32:1, {1.0, 1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.requantize' op input dimension 1 has size 2 but its per-axis type has 3 scales}}
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1073741824]
      shift [30, 30] rounding<half_up>
      : tensor<4x2x!quant.uniform<i32:f32:1, {1.0, 1.0, 1.0}>>
        -> tensor<4x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The per-axis result type has one scale per index of the axis.
func.func @requantize_result_per_axis_size(%x: tensor<4x2xi32>) {
  // expected-error @+1 {{'quantx.requantize' op result dimension 1 has size 2 but its per-axis type has 1 scales}}
  %y = quantx.requantize %x axis(1) multiplier [1, 1] shift [0, 0]
      rounding<half_up>
      : tensor<4x2xi32> -> tensor<4x2x!quant.uniform<i8:f32:1, {1.0}>>
  return
}

// -----

/// When both types carry scales, the multiplier encodes their ratio:
/// 0.0025 / 0.05 = 0.05, but 1717986918 * 2^-34 = 0.1.
func.func @requantize_ratio_mismatch(
    %x: tensor<4x!quant.uniform<i32:f32, 0.0025>>) {
  // expected-error @+1 {{'quantx.requantize' op multiplier 1717986918 and shift 34 encode the ratio 1.000000e-01 but the input and result scales imply 5.000000e-02}}
  %y = quantx.requantize %x multiplier [1717986918] shift [34]
      rounding<double_round>
      : tensor<4x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.qmatmul
//===----------------------------------------------------------------------===//

/// Matrices, or batches of matrices.
func.func @qmatmul_rank(%a: tensor<4xi8>, %b: tensor<4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op expects lhs and rhs of rank 2, or 3 with a batch dimension, got ranks 1 and 1}}
  %c = quantx.qmatmul %a, %b : tensor<4xi8>, tensor<4xi8> -> tensor<4xi32>
  return
}

// -----

/// The lhs cannot be sub-channel quantized.
func.func @qmatmul_sub_channel_lhs(
    %a: tensor<4x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 1.0}}>>,
    %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op lhs must be quantized per tensor or per axis, not sub-channel}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4x!quant.uniform<i8:f32:{1:2}, {{1.0, 1.0}}>>, tensor<4x4xi8>
        -> tensor<4x4xi32>
  return
}

// -----

/// The rhs cannot be sub-channel quantized.
func.func @qmatmul_sub_channel_rhs(
    %a: tensor<4x4xi8>,
    %b: tensor<4x4x!quant.uniform<i8:f32:{0:2}, {{1.0}, {1.0}}>>) {
  // expected-error @+1 {{'quantx.qmatmul' op rhs must be quantized per tensor or per axis, not sub-channel}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4xi8>, tensor<4x4x!quant.uniform<i8:f32:{0:2}, {{1.0}, {1.0}}>>
        -> tensor<4x4xi32>
  return
}

// -----

/// lhs values are at most 16 bits wide.
func.func @qmatmul_wide_lhs(%a: tensor<4x4xi32>, %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op lhs storage must be at most 16 bits wide, got 32}}
  %c = quantx.qmatmul %a, %b : tensor<4x4xi32>, tensor<4x4xi8> -> tensor<4x4xi32>
  return
}

// -----

/// rhs values are at most 16 bits wide.
func.func @qmatmul_wide_rhs(%a: tensor<4x4xi8>,
                            %b: tensor<4x4x!quant.uniform<u32:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.qmatmul' op rhs storage must be at most 16 bits wide, got 32}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4xi8>, tensor<4x4x!quant.uniform<u32:f32, 1.0>>
        -> tensor<4x4xi32>
  return
}

// -----

/// The lhs zero point is a storage value.
func.func @qmatmul_lhs_zero_point_range(
    %a: tensor<2x2x!quant.uniform<u8:f32, 1.0:256>>, %b: tensor<2x2xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op lhs zero point 256 is outside the storage range [0, 255]}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2x!quant.uniform<u8:f32, 1.0:256>>, tensor<2x2xi8>
        -> tensor<2x2xi32>
  return
}

// -----

/// The rhs zero point is a storage value.
func.func @qmatmul_rhs_zero_point_range(
    %a: tensor<2x2xi8>, %b: tensor<2x2x!quant.uniform<i16:f32, 1.0:40000>>) {
  // expected-error @+1 {{'quantx.qmatmul' op rhs zero point 40000 is outside the storage range [-32768, 32767]}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x2x!quant.uniform<i16:f32, 1.0:40000>>
        -> tensor<2x2xi32>
  return
}

// -----

/// The lhs has a single zero point.
func.func @qmatmul_per_axis_lhs(
    %a: tensor<2x4x!quant.uniform<i8:f32:0, {1.0, 1.0}>>,
    %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op lhs must be quantized per tensor}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x4x!quant.uniform<i8:f32:0, {1.0, 1.0}>>, tensor<4x4xi8>
        -> tensor<2x4xi32>
  return
}

// -----

/// Per-channel weights are quantized along N.
func.func @qmatmul_rhs_axis(
    %a: tensor<2x2xi8>,
    %b: tensor<2x4x!quant.uniform<i8:f32:0, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.qmatmul' op rhs must be quantized per tensor or per axis along its last dimension (N), got axis 0}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x4x!quant.uniform<i8:f32:0, {1.0, 1.0}>>
        -> tensor<2x4xi32>
  return
}

// -----

/// A per-axis rhs has a static N.
func.func @qmatmul_rhs_per_axis_dynamic(
    %a: tensor<2x2xi8>,
    %b: tensor<2x?x!quant.uniform<i8:f32:1, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.qmatmul' op per-axis quantized dimension 1 of the rhs must be static}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x?x!quant.uniform<i8:f32:1, {1.0, 1.0}>>
        -> tensor<2x?xi32>
  return
}

// -----

/// A per-axis rhs has one scale per index of N.
func.func @qmatmul_rhs_per_axis_size(
    %a: tensor<2x2xi8>,
    %b: tensor<2x4x!quant.uniform<i8:f32:1, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.qmatmul' op rhs dimension 1 has size 4 but its per-axis type has 2 scales}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x4x!quant.uniform<i8:f32:1, {1.0, 1.0}>>
        -> tensor<2x4xi32>
  return
}

// -----

/// lhs and rhs share K.
func.func @qmatmul_k_mismatch(%a: tensor<4x16xi8>, %b: tensor<8x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op contracting dimensions differ: lhs has K = 16, rhs has K = 8}}
  %c = quantx.qmatmul %a, %b : tensor<4x16xi8>, tensor<8x4xi8> -> tensor<4x4xi32>
  return
}

// -----

/// Batched operands share the batch size.
func.func @qmatmul_batch_mismatch(%a: tensor<2x4x4xi8>, %b: tensor<3x4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op batch dimensions differ: lhs has 2, rhs has 3}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x4x4xi8>, tensor<3x4x4xi8> -> tensor<2x4x4xi32>
  return
}

// -----

/// The result is [B x] M x N.
func.func @qmatmul_result_shape(%a: tensor<?x4x16xi8>, %b: tensor<3x16x8xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op result shape [3, 4, 16] does not match the expected [3, 4, 8]}}
  %c = quantx.qmatmul %a, %b
      : tensor<?x4x16xi8>, tensor<3x16x8xi8> -> tensor<3x4x16xi32>
  return
}

// -----

/// The bias has one value per output column.
func.func @qmatmul_bias_shape(%a: tensor<4x16xi8>, %b: tensor<16x8xi8>,
                              %bias: tensor<4xi32>) {
  // expected-error @+1 {{'quantx.qmatmul' op bias must be a vector of N = 8 values, got [4]}}
  %c = quantx.qmatmul %a, %b bias %bias
      : tensor<4x16xi8>, tensor<16x8xi8>, tensor<4xi32> -> tensor<4x8xi32>
  return
}

// -----

/// A quantized result records the i32 accumulator.
func.func @qmatmul_i8_result(%a: tensor<4x4x!quant.uniform<i8:f32, 1.0>>,
                             %b: tensor<4x4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.qmatmul' op result must be i32 or a quantized type with i32 storage, got '!quant.uniform<i8:f32, 1.000000e+00>'}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4x!quant.uniform<i8:f32, 1.0>>,
        tensor<4x4x!quant.uniform<i8:f32, 1.0>>
        -> tensor<4x4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

/// The accumulator has one scale per tensor or per column.
func.func @qmatmul_sub_channel_result(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op result must not be sub-channel quantized}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4xi8>, tensor<4x4xi8>
        -> tensor<4x4x!quant.uniform<i32:f32:{1:2}, {{1.0, 1.0}}>>
  return
}

// -----

/// The zero-point corrections leave the accumulator with zero point 0.
func.func @qmatmul_result_zero_point(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op accumulator result must have zero point 0}}
  %c = quantx.qmatmul %a, %b
      : tensor<4x4xi8>, tensor<4x4xi8>
        -> tensor<4x4x!quant.uniform<i32:f32, 1.0:3>>
  return
}

// -----

/// A per-axis accumulator is quantized along N.
func.func @qmatmul_result_axis(%a: tensor<2x2xi8>, %b: tensor<2x2xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op per-axis result must be quantized along dimension 1, got 0}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x2xi8>
        -> tensor<2x2x!quant.uniform<i32:f32:0, {1.0, 1.0}>>
  return
}

// -----

/// A per-axis accumulator has one scale per column, even when the weights
/// are quantized per tensor.
func.func @qmatmul_result_per_axis_size(
    %a: tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
    %b: tensor<2x4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error @+1 {{'quantx.qmatmul' op result dimension 1 has size 4 but its per-axis type has 2 scales}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
        tensor<2x4x!quant.uniform<i8:f32, 0.5>>
        -> tensor<2x4x!quant.uniform<i32:f32:1, {0.25, 0.25}>>
  return
}

// -----

/// A per-axis accumulator has a static N.
func.func @qmatmul_result_per_axis_dynamic(%a: tensor<2x2xi8>,
                                           %b: tensor<2x?xi8>) {
  // expected-error @+1 {{'quantx.qmatmul' op per-axis quantized dimension 1 of the result must be static}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2xi8>, tensor<2x?xi8>
        -> tensor<2x?x!quant.uniform<i32:f32:1, {1.0, 1.0}>>
  return
}

// -----

/// Per-channel weights make a per-channel accumulator.
func.func @qmatmul_result_not_per_axis(
    %a: tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
    %b: tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) {
  // expected-error @+1 {{'quantx.qmatmul' op result must be quantized per axis along dimension 1 like the per-channel weights}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
        tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
        -> tensor<2x2x!quant.uniform<i32:f32, 0.25>>
  return
}

// -----

/// The accumulator scale is the product of the operand scales: 0.5 * 0.25.
func.func @qmatmul_result_scale(
    %a: tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
    %b: tensor<2x2x!quant.uniform<i8:f32, 0.25>>) {
  // expected-error @+1 {{'quantx.qmatmul' op result scale 2.500000e-01 does not match the product of the operand scales 1.250000e-01}}
  %c = quantx.qmatmul %a, %b
      : tensor<2x2x!quant.uniform<i8:f32, 0.5>>,
        tensor<2x2x!quant.uniform<i8:f32, 0.25>>
        -> tensor<2x2x!quant.uniform<i32:f32, 0.25>>
  return
}

// -----

/// i16 x i16 over K = 3: 3 * 32768 * 32768 = 3 * 2^30 > 2^31 - 1.
func.func @qmatmul_overflow(%a: tensor<2x3xi16>, %b: tensor<3x2xi16>) {
  // expected-error @+1 {{'quantx.qmatmul' op i32 accumulator can overflow: K * max|lhs - zp| * max|rhs - zp| = 3 * 32768 * 32768 exceeds 2^31 - 1}}
  %c = quantx.qmatmul %a, %b : tensor<2x3xi16>, tensor<3x2xi16> -> tensor<2x2xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.qconv2d
//===----------------------------------------------------------------------===//

/// 2-D convolutions work on rank-4 tensors.
func.func @qconv2d_rank(%x: tensor<1x4x4xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op expects input, filter and result of rank 4, got ranks 3, 4 and 4}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// One positive stride per spatial dimension.
func.func @qconv2d_strides(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op expects 2 positive strides, got [1, 0]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {strides = array<i64: 1, 0>}
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// One positive dilation per spatial dimension.
func.func @qconv2d_dilations(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op expects 2 positive dilations, got [1, 1, 1]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {dilations = array<i64: 1, 1, 1>}
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// Four non-negative paddings.
func.func @qconv2d_padding(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op expects 4 non-negative paddings [top, bottom, left, right], got [0, 0, -1, 0]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      {padding = array<i64: 0, 0, -1, 0>}
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// At least one group.
func.func @qconv2d_groups(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op groups must be positive, got 0}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 0 : i64}
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The filter is a constant-shaped weight.
func.func @qconv2d_dynamic_filter(%x: tensor<1x4x4x1xi8>, %w: tensor<1x?x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter must have a static shape, got [1, ?, 1, 1]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x?x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The input cannot be sub-channel quantized.
func.func @qconv2d_sub_channel_input(
    %x: tensor<1x4x4x1x!quant.uniform<i8:f32:{1:2}, {{{{1.0}}, {{1.0}}}}>>,
    %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op input must be quantized per tensor or per axis, not sub-channel}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<i8:f32:{1:2}, {{{{1.0}}, {{1.0}}}}>>,
        tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The filter cannot be sub-channel quantized.
func.func @qconv2d_sub_channel_filter(
    %x: tensor<1x4x4x1xi8>,
    %w: tensor<1x1x1x1x!quant.uniform<i8:f32:{3:1}, {{{{1.0}}}}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter must be quantized per tensor or per axis, not sub-channel}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>,
        tensor<1x1x1x1x!quant.uniform<i8:f32:{3:1}, {{{{1.0}}}}>>
        -> tensor<1x4x4x1xi32>
  return
}

// -----

/// Input values are at most 16 bits wide.
func.func @qconv2d_wide_input(%x: tensor<1x4x4x1xi32>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op input storage must be at most 16 bits wide, got 32}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi32>, tensor<1x1x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// Filter values are at most 16 bits wide.
func.func @qconv2d_wide_filter(
    %x: tensor<1x4x4x1xi8>,
    %w: tensor<1x1x1x1x!quant.uniform<i32:f32, 1.0>>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter storage must be at most 16 bits wide, got 32}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1x!quant.uniform<i32:f32, 1.0>>
        -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The input zero point is a storage value (the padding value, too).
func.func @qconv2d_input_zero_point_range(
    %x: tensor<1x4x4x1x!quant.uniform<u16:f32, 1.0:70000>>,
    %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op input zero point 70000 is outside the storage range [0, 65535]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<u16:f32, 1.0:70000>>, tensor<1x1x1x1xi8>
        -> tensor<1x4x4x1xi32>
  return
}

// -----

/// Every per-axis filter zero point is a storage value.
func.func @qconv2d_filter_zero_point_range(
    %x: tensor<1x4x4x1xi8>,
    %w: tensor<1x1x1x2x!quant.uniform<i8:f32:3, {1.0:-129, 1.0}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter zero point -129 is outside the storage range [-128, 127]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>,
        tensor<1x1x1x2x!quant.uniform<i8:f32:3, {1.0:-129, 1.0}>>
        -> tensor<1x4x4x2xi32>
  return
}

// -----

/// The input has a single zero point.
func.func @qconv2d_per_axis_input(
    %x: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {1.0, 1.0}>>,
    %w: tensor<1x1x2x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op input must be quantized per tensor}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x2x!quant.uniform<i8:f32:3, {1.0, 1.0}>>,
        tensor<1x1x2x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// Per-channel filters are quantized along F, dimension 0 in FCHW.
func.func @qconv2d_filter_axis(
    %x: tensor<1x2x4x4xi8>,
    %w: tensor<2x2x1x1x!quant.uniform<i8:f32:1, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter must be quantized per tensor or per axis along its output-channel dimension 0, got axis 1}}
  %y = quantx.qconv2d %x, %w layout<nchw_fchw>
      : tensor<1x2x4x4xi8>, tensor<2x2x1x1x!quant.uniform<i8:f32:1, {1.0, 1.0}>>
        -> tensor<1x2x4x4xi32>
  return
}

// -----

/// A per-axis filter has one scale per output channel.
func.func @qconv2d_filter_per_axis_size(
    %x: tensor<1x4x4x1xi8>,
    %w: tensor<1x1x1x3x!quant.uniform<i8:f32:3, {1.0, 1.0}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter dimension 3 has size 3 but its per-axis type has 2 scales}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x3x!quant.uniform<i8:f32:3, {1.0, 1.0}>>
        -> tensor<1x4x4x3xi32>
  return
}

// -----

/// Groups split the input channels evenly.
func.func @qconv2d_input_channels_groups(%x: tensor<1x4x4x3xi8>,
                                         %w: tensor<1x1x1x2xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op input channels (3) are not divisible by groups (2)}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64}
      : tensor<1x4x4x3xi8>, tensor<1x1x1x2xi8> -> tensor<1x4x4x2xi32>
  return
}

// -----

/// Groups split the output channels evenly.
func.func @qconv2d_output_channels_groups(%x: tensor<1x4x4x4xi8>,
                                          %w: tensor<1x1x2x3xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter output channels (3) are not divisible by groups (2)}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64}
      : tensor<1x4x4x4xi8>, tensor<1x1x2x3xi8> -> tensor<1x4x4x3xi32>
  return
}

// -----

/// Each filter sees C / groups input channels.
func.func @qconv2d_channels_per_group(%x: tensor<1x4x4x4xi8>,
                                      %w: tensor<1x1x4x2xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op filter has 4 input channels per group, expected 4 / 2 = 2}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64}
      : tensor<1x4x4x4xi8>, tensor<1x1x4x2xi8> -> tensor<1x4x4x2xi32>
  return
}

// -----

/// A dilation so large that the kernel extent 2^62 * 2 + 1 overflows int64
/// (it used to wrap around and verify).
func.func @qconv2d_dilation_overflow(%x: tensor<1x4x4x1xi8>,
                                     %w: tensor<3x3x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op dilated kernel width overflows 64 bits: 4611686018427387904 * (3 - 1) + 1}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      {dilations = array<i64: 1, 4611686018427387904>}
      : tensor<1x4x4x1xi8>, tensor<3x3x1x1xi8> -> tensor<1x2x?x1xi32>
  return
}

// -----

/// Paddings whose sum with the input size overflows int64.
func.func @qconv2d_padding_overflow(%x: tensor<1x4x4x1xi8>,
                                    %w: tensor<3x3x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op padded input height overflows 64 bits: 4 + 9223372036854775800 + 7}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      {padding = array<i64: 9223372036854775800, 7, 0, 0>}
      : tensor<1x4x4x1xi8>, tensor<3x3x1x1xi8> -> tensor<1x?x2x1xi32>
  return
}

// -----

/// The dilated kernel fits the padded input: 2 * (3 - 1) + 1 = 5 > 4.
func.func @qconv2d_kernel_extent(%x: tensor<1x4x4x1xi8>, %w: tensor<3x3x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op dilated kernel extent 5 exceeds the padded input size 4}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {dilations = array<i64: 2, 2>}
      : tensor<1x4x4x1xi8>, tensor<3x3x1x1xi8> -> tensor<1x1x1x1xi32>
  return
}

// -----

/// The output size is (padded - extent) / stride + 1 = (8 - 3) / 2 + 1 = 3.
func.func @qconv2d_result_shape(%x: tensor<1x8x8x1xi8>, %w: tensor<3x3x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op result shape [1, 4, 4, 1] does not match the expected [1, 3, 3, 1]}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf> {strides = array<i64: 2, 2>}
      : tensor<1x8x8x1xi8>, tensor<3x3x1x1xi8> -> tensor<1x4x4x1xi32>
  return
}

// -----

/// The bias has one value per output channel.
func.func @qconv2d_bias_shape(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x2xi8>,
                              %b: tensor<1xi32>) {
  // expected-error @+1 {{'quantx.qconv2d' op bias must be a vector with one value per output channel, got [1]}}
  %y = quantx.qconv2d %x, %w bias %b layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x2xi8>, tensor<1xi32>
        -> tensor<1x4x4x2xi32>
  return
}

// -----

/// A quantized result records the i32 accumulator, in signed storage.
func.func @qconv2d_u32_result(%x: tensor<1x4x4x1xi8>, %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op result must be i32 or a quantized type with i32 storage, got '!quant.uniform<u32:f32, 1.000000e+00>'}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8>
        -> tensor<1x4x4x1x!quant.uniform<u32:f32, 1.0>>
  return
}

// -----

/// The accumulator has one scale per tensor or per output channel.
func.func @qconv2d_sub_channel_result(%x: tensor<1x4x4x1xi8>,
                                      %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op result must not be sub-channel quantized}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8>
        -> tensor<1x4x4x1x!quant.uniform<i32:f32:{1:2}, {{{{1.0}}, {{1.0}}}}>>
  return
}

// -----

/// The zero-point corrections leave the accumulator with zero point 0.
func.func @qconv2d_result_zero_point(%x: tensor<1x4x4x1xi8>,
                                     %w: tensor<1x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op accumulator result must have zero point 0}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x1xi8>
        -> tensor<1x4x4x1x!quant.uniform<i32:f32, 1.0:-1>>
  return
}

// -----

/// A per-axis NCHW accumulator is quantized along C (dimension 1).
func.func @qconv2d_result_axis(%x: tensor<1x1x4x4xi8>, %w: tensor<4x1x1x1xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op per-axis result must be quantized along dimension 1, got 3}}
  %y = quantx.qconv2d %x, %w layout<nchw_fchw>
      : tensor<1x1x4x4xi8>, tensor<4x1x1x1xi8>
        -> tensor<1x4x4x4x!quant.uniform<i32:f32:3, {1.0, 1.0, 1.0, 1.0}>>
  return
}

// -----

/// A per-axis accumulator has one scale per output channel, even when the
/// filter is quantized per tensor.
func.func @qconv2d_result_per_axis_size(
    %x: tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
    %w: tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error @+1 {{'quantx.qconv2d' op result dimension 3 has size 2 but its per-axis type has 3 scales}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
        tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5>>
        -> tensor<1x4x4x2x!quant.uniform<i32:f32:3, {0.25, 0.25, 0.25}>>
  return
}

// -----

/// A per-axis accumulator has a static channel dimension.
func.func @qconv2d_result_per_axis_dynamic(%x: tensor<1x4x4x1xi8>,
                                           %w: tensor<1x1x1x2xi8>) {
  // expected-error @+1 {{'quantx.qconv2d' op per-axis quantized dimension 3 of the result must be static}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1xi8>, tensor<1x1x1x2xi8>
        -> tensor<1x4x4x?x!quant.uniform<i32:f32:3, {1.0, 1.0}>>
  return
}

// -----

/// Per-channel filters make a per-channel accumulator.
func.func @qconv2d_result_not_per_axis(
    %x: tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
    %w: tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.25}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op result must be quantized per axis along dimension 3 like the per-channel weights}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
        tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.25}>>
        -> tensor<1x4x4x2x!quant.uniform<i32:f32, 0.25>>
  return
}

// -----

/// The accumulator scales are the products of the operand scales: the second
/// is 0.5 * 0.25 = 0.125.
func.func @qconv2d_result_scale(
    %x: tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
    %w: tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.25}>>) {
  // expected-error @+1 {{'quantx.qconv2d' op result scale 5.000000e-01 does not match the product of the operand scales 1.250000e-01}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<i8:f32, 0.5>>,
        tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.5, 0.25}>>
        -> tensor<1x4x4x2x!quant.uniform<i32:f32:3, {0.25, 0.5}>>
  return
}

// -----

/// u16 (zero point 0) x i16 over K = C * KH * KW = 1 * 2 * 2 = 4:
/// 4 * 65535 * 32768 > 2^31 - 1.
func.func @qconv2d_overflow(
    %x: tensor<1x4x4x1x!quant.uniform<u16:f32, 1.0>>,
    %w: tensor<2x2x1x1xi16>) {
  // expected-error @+1 {{'quantx.qconv2d' op i32 accumulator can overflow: K * max|input - zp| * max|filter - zp| = 4 * 65535 * 32768 exceeds 2^31 - 1}}
  %y = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x4x4x1x!quant.uniform<u16:f32, 1.0>>, tensor<2x2x1x1xi16>
        -> tensor<1x3x3x1xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantx.batch_norm
//===----------------------------------------------------------------------===//

/// The channel axis is a dimension of the input (negative counts from the
/// end).
func.func @batch_norm_axis(%x: tensor<1x2x3xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{'quantx.batch_norm' op axis -4 is out of range for an input of rank 3}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p {axis = -4 : i64}
      : tensor<1x2x3xf32>, tensor<2xf32>
  return
}

// -----

/// Parameters have the input element type.
func.func @batch_norm_element_type(%x: tensor<1x2xf32>, %p: tensor<2xf16>) {
  // expected-error @+1 {{'quantx.batch_norm' op scale, bias, mean and variance must have the input element type 'f32', got 'f16'}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p : tensor<1x2xf32>, tensor<2xf16>
  return
}

// -----

/// One parameter value per channel.
func.func @batch_norm_channels(%x: tensor<1x2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'quantx.batch_norm' op expects 2 values per parameter (the size of dimension 1), got 3}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p : tensor<1x2x3xf32>, tensor<3xf32>
  return
}

// -----

/// epsilon keeps variance + epsilon non-negative and finite.
func.func @batch_norm_epsilon(%x: tensor<1x2xf32>, %p: tensor<2xf32>) {
  // expected-error @+1 {{'quantx.batch_norm' op epsilon must be finite and non-negative, got -1.000000e-03}}
  %y = quantx.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-03 : f64}
      : tensor<1x2xf32>, tensor<2xf32>
  return
}
