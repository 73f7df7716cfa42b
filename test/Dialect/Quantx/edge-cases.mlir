// RUN: quantx-opt %s -split-input-file -verify-diagnostics | FileCheck %s

/// Adversarial types and shapes at the verifier: what is accepted at the
/// boundaries, and the scales that never reach quantx. The diagnostics of
/// quantx's own verifiers are in invalid.mlir (one case each); the ones
/// here are upstream's quant type verifier, which quantx relies on. The same
/// cases run end to end in test/Integration/CPU/edge-cases.mlir.

/// A zero scale is rejected by the quant type: its range starts at the
/// smallest positive denormal of the expressed type.
// expected-error @+1 {{scale 0.000000e+00 out of expressed type range [1.401298e-45, 3.402823e+38]}}
func.func @zero_scale(%x: tensor<4x!quant.uniform<i8:f32, 0.0>>) {
  return
}

// -----

/// A negative scale, likewise.
// expected-error @+1 {{scale -5.000000e-01 out of expressed type range [1.401298e-45, 3.402823e+38]}}
func.func @negative_scale(%x: tensor<4x!quant.uniform<i8:f32, -0.5>>) {
  return
}

// -----

/// An infinite scale (the f64 bit pattern 0x7FF0000000000000), likewise.
// expected-error @+1 {{scale INF out of expressed type range [1.401298e-45, 3.402823e+38]}}
func.func @infinite_scale(%x: tensor<4x!quant.uniform<i8:f32, 0x7FF0000000000000>>) {
  return
}

// -----

/// A scale below the f32 denormal range, likewise; the same value is a valid
/// f64 denormal (next case).
// expected-error @+1 {{scale 1.000000e-310 out of expressed type range [1.401298e-45, 3.402823e+38]}}
func.func @scale_below_f32_range(%x: tensor<4x!quant.uniform<i8:f32, 1.0e-310>>) {
  return
}

// -----

/// Denormal scales are accepted, in f32 and in f64.
// CHECK-LABEL: func.func @denormal_scales
// CHECK:         quantx.quantize {{.*}} -> tensor<4x!quant.uniform<i8:f32, 9.9999999999999992E-41:3>>
// CHECK:         quantx.quantize {{.*}} -> tensor<4x!quant.uniform<i8:f64, 1.000000e-310:-3>>
func.func @denormal_scales(%x: tensor<4xf32>, %y: tensor<4xf64>) {
  %a = quantx.quantize %x rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0e-40:3>>
  %b = quantx.quantize %y rounding<half_to_even>
      : tensor<4xf64> -> tensor<4x!quant.uniform<i8:f64, 1.0e-310:-3>>
  return
}

// -----

/// The accumulator bound at its limit: i8 x i8 with zero points 0 gives
/// max|a| * max|b| = 128 * 128 = 16384 per product, and K = 131071 =
/// floor((2^31 - 1) / 16384) products reach 2147467264 <= 2^31 - 1. One more
/// (K = 131072, exactly 2^31) is rejected (invalid.mlir has that diagnostic).
/// u8 (zero point 0) x i8: 255 * 128 = 32640, K = 65793 gives 2147483520.
// CHECK-LABEL: func.func @qmatmul_k_at_the_accumulator_bound
// CHECK-COUNT-2: quantx.qmatmul
func.func @qmatmul_k_at_the_accumulator_bound(
    %a: tensor<1x131071xi8>, %b: tensor<131071x1xi8>,
    %c: tensor<1x65793x!quant.uniform<u8:f32, 1.0>>, %d: tensor<65793x1xi8>) {
  %0 = quantx.qmatmul %a, %b
      : tensor<1x131071xi8>, tensor<131071x1xi8> -> tensor<1x1xi32>
  %1 = quantx.qmatmul %c, %d
      : tensor<1x65793x!quant.uniform<u8:f32, 1.0>>, tensor<65793x1xi8>
        -> tensor<1x1xi32>
  return
}

// -----

/// The same bound for qconv2d over C/groups * KH * KW: 3 * 3 * 14563 =
/// 131067 <= 131071 products of i8 x i8.
// CHECK-LABEL: func.func @qconv2d_reduction_at_the_accumulator_bound
// CHECK:         quantx.qconv2d
func.func @qconv2d_reduction_at_the_accumulator_bound(
    %x: tensor<1x3x3x14563xi8>, %w: tensor<3x3x14563x1xi8>) {
  %0 = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x3x3x14563xi8>, tensor<3x3x14563x1xi8> -> tensor<1x1x1x1xi32>
  return
}

// -----

/// A dynamic K cannot be bounded at compile time: the op is accepted and
/// accumulates in wrapping i32 arithmetic (docs/Dialect.md); the pass that
/// creates it must prove the headroom.
// CHECK-LABEL: func.func @qmatmul_dynamic_k
// CHECK:         quantx.qmatmul
func.func @qmatmul_dynamic_k(%a: tensor<2x?xi16>, %b: tensor<?x3xi16>) {
  %0 = quantx.qmatmul %a, %b : tensor<2x?xi16>, tensor<?x3xi16> -> tensor<2x3xi32>
  return
}

// -----

/// Zero-sized dimensions are valid everywhere: an empty reduction (K = 0),
/// an empty batch, an empty channel dimension.
// CHECK-LABEL: func.func @empty_tensors
// CHECK-COUNT-2: quantx.qmatmul
// CHECK-COUNT-2: quantx.qconv2d
// CHECK:         quantx.quantize
// CHECK:         quantx.requantize
// CHECK:         quantx.dequantize
// CHECK:         quantx.batch_norm
func.func @empty_tensors(%a: tensor<2x0xi8>, %b: tensor<0x3xi8>,
                         %c: tensor<0x4xi8>, %d: tensor<4x3xi8>,
                         %x: tensor<0x4x4x2xi8>, %w: tensor<3x3x2x5xi8>,
                         %y: tensor<1x4x4x0xi8>, %v: tensor<3x3x0x5xi8>,
                         %f: tensor<0x4xf32>, %s: tensor<4xf32>) {
  %0 = quantx.qmatmul %a, %b : tensor<2x0xi8>, tensor<0x3xi8> -> tensor<2x3xi32>
  %1 = quantx.qmatmul %c, %d : tensor<0x4xi8>, tensor<4x3xi8> -> tensor<0x3xi32>
  %2 = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<0x4x4x2xi8>, tensor<3x3x2x5xi8> -> tensor<0x2x2x5xi32>
  %3 = quantx.qconv2d %y, %v layout<nhwc_hwcf>
      : tensor<1x4x4x0xi8>, tensor<3x3x0x5xi8> -> tensor<1x2x2x5xi32>
  %4 = quantx.quantize %f rounding<half_up>
      : tensor<0x4xf32> -> tensor<0x4x!quant.uniform<i8:f32, 0.5>>
  %5 = quantx.requantize %4 multiplier [1073741824] shift [31] rounding<double_round>
      : tensor<0x4x!quant.uniform<i8:f32, 0.5>> -> tensor<0x4x!quant.uniform<i8:f32, 1.0>>
  %6 = quantx.dequantize %5
      : tensor<0x4x!quant.uniform<i8:f32, 1.0>> -> tensor<0x4xf32>
  %7 = quantx.batch_norm %6, %s, %s, %s, %s {axis = 1 : i64}
      : tensor<0x4xf32>, tensor<4xf32>
  return
}
