// RUN: quantx-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders and canonicalization patterns of QuantxFolds.cpp. Every expected
// integer below is computed by hand from the op semantics in QuantxOps.td;
// the arithmetic is in the `///` comment above each case.

//===----------------------------------------------------------------------===//
// quantize(constant) -> quant.scast(constant)
//===----------------------------------------------------------------------===//

/// Ties in half_to_even, scale 0.5, zero point 10. x / 0.5 = 2x is exact in
/// f32 (0.3f / 0.5 = 0.6000000238...):
///   x      = [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25,  0.3, -0.3]
///   x / s  = [ -2.5,  -1.5,  -0.5,  0.5,  1.5,  2.5,  0.6, -0.6]
///   round  = [   -2,    -2,     0,    0,    2,    2,    1,   -1]
///   + 10   = [    8,     8,    10,   10,   12,   12,   11,    9]
// CHECK-LABEL: func.func @quantize_constant_half_to_even
// CHECK: %[[C:.*]] = arith.constant dense<[8, 8, 10, 10, 12, 12, 11, 9]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 5.000000e-01:10>>
// CHECK-NOT: quantx.quantize
// CHECK: return %[[Q]]
func.func @quantize_constant_half_to_even()
    -> tensor<8x!quant.uniform<i8:f32, 0.5:10>> {
  %x = arith.constant dense<[-1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 0.3, -0.3]>
      : tensor<8xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 0.5:10>>
  return %q : tensor<8x!quant.uniform<i8:f32, 0.5:10>>
}

// -----

/// The same values in half_away_from_zero:
///   x / s  = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.6, -0.6]
///   round  = [  -3,   -2,   -1,   1,   2,   3,   1,   -1]
///   + 10   = [   7,    8,    9,  11,  12,  13,  11,    9]
// CHECK-LABEL: func.func @quantize_constant_half_away_from_zero
// CHECK: %[[C:.*]] = arith.constant dense<[7, 8, 9, 11, 12, 13, 11, 9]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 5.000000e-01:10>>
// CHECK: return %[[Q]]
func.func @quantize_constant_half_away_from_zero()
    -> tensor<8x!quant.uniform<i8:f32, 0.5:10>> {
  %x = arith.constant dense<[-1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 0.3, -0.3]>
      : tensor<8xf32>
  %q = quantx.quantize %x rounding<half_away_from_zero>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 0.5:10>>
  return %q : tensor<8x!quant.uniform<i8:f32, 0.5:10>>
}

// -----

/// The same values in half_up (ties toward +infinity):
///   x / s  = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.6, -0.6]
///   round  = [  -2,   -1,    0,   1,   2,   3,   1,   -1]
///   + 10   = [   8,    9,   10,  11,  12,  13,  11,    9]
// CHECK-LABEL: func.func @quantize_constant_half_up
// CHECK: %[[C:.*]] = arith.constant dense<[8, 9, 10, 11, 12, 13, 11, 9]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 5.000000e-01:10>>
// CHECK: return %[[Q]]
func.func @quantize_constant_half_up()
    -> tensor<8x!quant.uniform<i8:f32, 0.5:10>> {
  %x = arith.constant dense<[-1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 0.3, -0.3]>
      : tensor<8xf32>
  %q = quantx.quantize %x rounding<half_up>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 0.5:10>>
  return %q : tensor<8x!quant.uniform<i8:f32, 0.5:10>>
}

// -----

/// The same values in toward_zero:
///   x / s  = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.6, -0.6]
///   round  = [  -2,   -1,    0,   0,   1,   2,   0,    0]
///   + 10   = [   8,    9,   10,  10,  11,  12,  10,   10]
// CHECK-LABEL: func.func @quantize_constant_toward_zero
// CHECK: %[[C:.*]] = arith.constant dense<[8, 9, 10, 10, 11, 12, 10, 10]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 5.000000e-01:10>>
// CHECK: return %[[Q]]
func.func @quantize_constant_toward_zero()
    -> tensor<8x!quant.uniform<i8:f32, 0.5:10>> {
  %x = arith.constant dense<[-1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 0.3, -0.3]>
      : tensor<8xf32>
  %q = quantx.quantize %x rounding<toward_zero>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 0.5:10>>
  return %q : tensor<8x!quant.uniform<i8:f32, 0.5:10>>
}

// -----

/// Saturation and non-finite inputs, scale 0.5, zero point 10, i8 range
/// [-128, 127]:
///   100      -> 200 + 10 = 210           -> 127
///   -100     -> -200 + 10 = -190         -> -128
///   +inf     -> storage max              -> 127
///   -inf     -> storage min              -> -128
///   NaN      -> the zero point           -> 10
///   58.5     -> 117 + 10 = 127           (the largest value in range)
///   -69      -> -138 + 10 = -128         (the smallest value in range)
///   1e30     -> 2e30, clamped to 2^62 as a float, + 10 -> 127
// CHECK-LABEL: func.func @quantize_constant_saturation
// CHECK: %[[C:.*]] = arith.constant dense<[127, -128, 127, -128, 10, 127, -128, 127]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 5.000000e-01:10>>
// CHECK: return %[[Q]]
func.func @quantize_constant_saturation()
    -> tensor<8x!quant.uniform<i8:f32, 0.5:10>> {
  %x = arith.constant dense<[100.0, -100.0, 0x7F800000, 0xFF800000, 0x7FC00000,
                             58.5, -69.0, 1.0e30]> : tensor<8xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 0.5:10>>
  return %q : tensor<8x!quant.uniform<i8:f32, 0.5:10>>
}

// -----

/// Per-axis along dimension 1: scales {0.5, 0.25, 2.0}, zero points
/// {1, -2, 0}, half_to_even.
///   row 0: 1.0 / 0.5 = 2 -> 3;    1.0 / 0.25 = 4 -> 2;   1.0 / 2.0 = 0.5 -> 0
///   row 1: -3.0 / 0.5 = -6 -> -5; 0.375 / 0.25 = 1.5 -> 2 -> 0;
///          5.0 / 2.0 = 2.5 -> 2 -> 2
// CHECK-LABEL: func.func @quantize_constant_per_axis
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[3, 2, 0], [-5, 0, 2]]> : tensor<2x3xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:1, {5.000000e-01:1,2.500000e-01:-2,2.000000e+00}>>
// CHECK: return %[[Q]]
func.func @quantize_constant_per_axis()
    -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0}>> {
  %x = arith.constant dense<[[1.0, 1.0, 1.0], [-3.0, 0.375, 5.0]]>
      : tensor<2x3xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x3xf32>
        -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0}>>
  return %q : tensor<2x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0}>>
}

// -----

/// Sub-channel blocks of 2 columns: columns 0-1 scale 0.5 zero point 1,
/// columns 2-3 scale 0.25 zero point -1, half_to_even.
///   row 0: 1/0.5 = 2 -> 3;  2/0.5 = 4 -> 5;  1/0.25 = 4 -> 3;  2/0.25 = 8 -> 7
///   row 1: -1/0.5 = -2 -> -1;  0.25/0.5 = 0.5 -> 0 -> 1;
///          -0.125/0.25 = -0.5 -> 0 -> -1;  0.375/0.25 = 1.5 -> 2 -> 1
// CHECK-LABEL: func.func @quantize_constant_sub_channel
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[3, 5, 3, 7], [-1, 1, -1, 1]]> : tensor<2x4xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{\{}}{5.000000e-01:1, 2.500000e-01:-1}}>>
// CHECK: return %[[Q]]
func.func @quantize_constant_sub_channel()
    -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.5:1, 0.25:-1}}>> {
  %x = arith.constant dense<[[1.0, 2.0, 1.0, 2.0], [-1.0, 0.25, -0.125, 0.375]]>
      : tensor<2x4xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32>
        -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.5:1, 0.25:-1}}>>
  return %q : tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.5:1, 0.25:-1}}>>
}

// -----

/// Unsigned sub-channel zero points: the quant dialect stores them at the
/// storage width (and prints u8 200 and 255 as the i8 patterns -56 and -1),
/// so they must be read as unsigned. Blocks of 2 columns, scales 0.5 and
/// 0.25, zero points 200 and 255, half_to_even:
///   NaN -> 200;  1.0 / 0.5 = 2 -> 202;  NaN -> 255;  -1.0 / 0.25 = -4 -> 251
/// As i8 bit patterns: 200 -> -56, 202 -> -54, 255 -> -1, 251 -> -5.
// CHECK-LABEL: func.func @quantize_constant_sub_channel_u8
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[-56, -54, -1, -5]]> : tensor<1x4xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<1x4xi8> to tensor<1x4x!quant.uniform<u8:f32:{1:2}, {{\{}}{5.000000e-01:-56, 2.500000e-01:-1}}>>
// CHECK: return %[[Q]]
func.func @quantize_constant_sub_channel_u8()
    -> tensor<1x4x!quant.uniform<u8:f32:{1:2}, {{0.5:200, 0.25:255}}>> {
  %x = arith.constant dense<[[0x7FC00000, 1.0, 0x7FC00000, -1.0]]>
      : tensor<1x4xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<1x4xf32>
        -> tensor<1x4x!quant.uniform<u8:f32:{1:2}, {{0.5:200, 0.25:255}}>>
  return %q : tensor<1x4x!quant.uniform<u8:f32:{1:2}, {{0.5:200, 0.25:255}}>>
}

// -----

/// u8 storage, scale 0.25, zero point 128, range [0, 255],
/// half_away_from_zero:
///   x      = [-32, -32.25, 31.75,  32, 0.125, -0.125, 0, 100]
///   x / s  = [-128,  -129,   127, 128,   0.5,   -0.5, 0, 400]
///   round  = [-128,  -129,   127, 128,     1,     -1, 0, 400]
///   + 128  = [   0,    -1,   255, 256,   129,    127, 128, 528]
///   clamp  = [   0,     0,   255, 255,   129,    127, 128, 255]
/// The storage constant is i8 (signless, 8 bits), so the unsigned values
/// 255, 129 and 128 print as -1, -127 and -128.
// CHECK-LABEL: func.func @quantize_constant_u8
// CHECK: %[[C:.*]] = arith.constant dense<[0, 0, -1, -1, -127, 127, -128, -1]> : tensor<8xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<8xi8> to tensor<8x!quant.uniform<u8:f32, 2.500000e-01:128>>
// CHECK: return %[[Q]]
func.func @quantize_constant_u8()
    -> tensor<8x!quant.uniform<u8:f32, 0.25:128>> {
  %x = arith.constant dense<[-32.0, -32.25, 31.75, 32.0, 0.125, -0.125, 0.0,
                             100.0]> : tensor<8xf32>
  %q = quantx.quantize %x rounding<half_away_from_zero>
      : tensor<8xf32> -> tensor<8x!quant.uniform<u8:f32, 0.25:128>>
  return %q : tensor<8x!quant.uniform<u8:f32, 0.25:128>>
}

// -----

/// i4 storage, range [-8, 7], scale 1, half_to_even:
///   7.5 -> 8 -> 7;  -8.5 -> -8;  3.0 -> 3
// CHECK-LABEL: func.func @quantize_constant_i4
// CHECK: %[[C:.*]] = arith.constant dense<[7, -8, 3]> : tensor<3xi4>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<3xi4> to tensor<3x!quant.uniform<i4:f32, 1.000000e+00>>
// CHECK: return %[[Q]]
func.func @quantize_constant_i4() -> tensor<3x!quant.uniform<i4:f32, 1.0>> {
  %x = arith.constant dense<[7.5, -8.5, 3.0]> : tensor<3xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<3xf32> -> tensor<3x!quant.uniform<i4:f32, 1.0>>
  return %q : tensor<3x!quant.uniform<i4:f32, 1.0>>
}

// -----

/// A splat constant stays a splat: 0.75 / 0.5 = 1.5 -> 2 (half_to_even).
// CHECK-LABEL: func.func @quantize_constant_splat
// CHECK: %[[C:.*]] = arith.constant dense<2> : tensor<2x2xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK: return %[[Q]]
func.func @quantize_constant_splat() -> tensor<2x2x!quant.uniform<i8:f32, 0.5>> {
  %x = arith.constant dense<0.75> : tensor<2x2xf32>
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<2x2x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// The division is in f32 for an f32 expressed type: 0.15f =
/// 0.15000000596..., 0.05f = 0.05000000074..., their exact quotient
/// 3.0000000745... rounds to the f32 3.0 (half an ulp at 3 is 1.2e-7), and
/// toward_zero keeps 3.
// CHECK-LABEL: func.func @quantize_constant_f32_division
// CHECK: %[[C:.*]] = arith.constant dense<3> : tensor<1xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]]
// CHECK: return %[[Q]]
func.func @quantize_constant_f32_division()
    -> tensor<1x!quant.uniform<i8:f32, 0.05>> {
  %x = arith.constant dense<0.15> : tensor<1xf32>
  %q = quantx.quantize %x rounding<toward_zero>
      : tensor<1xf32> -> tensor<1x!quant.uniform<i8:f32, 0.05>>
  return %q : tensor<1x!quant.uniform<i8:f32, 0.05>>
}

// -----

/// The division is in f64 for an f64 expressed type: 0.15 =
/// 0.1499999999999999944..., 0.05 = 0.05000000000000000277..., their exact
/// quotient 2.99999999999999972... is nearer the double 3 - 2^-51 =
/// 2.99999999999999955... than 3 (1.7e-16 against 2.8e-16), and toward_zero
/// gives 2.
// CHECK-LABEL: func.func @quantize_constant_f64_division
// CHECK: %[[C:.*]] = arith.constant dense<2> : tensor<1xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<1xi8> to tensor<1x!quant.uniform<i8:f64, 5.000000e-02>>
// CHECK: return %[[Q]]
func.func @quantize_constant_f64_division()
    -> tensor<1x!quant.uniform<i8:f64, 0.05>> {
  %x = arith.constant dense<0.15> : tensor<1xf64>
  %q = quantx.quantize %x rounding<toward_zero>
      : tensor<1xf64> -> tensor<1x!quant.uniform<i8:f64, 0.05>>
  return %q : tensor<1x!quant.uniform<i8:f64, 0.05>>
}

//===----------------------------------------------------------------------===//
// requantize(constant) -> quant.scast(constant)
//===----------------------------------------------------------------------===//

// -----

/// double_round with shift 35 > 31, M = 1717986918 (0.0025 / 0.05 = 0.05),
/// output zero point -3. high = SaturatingRoundingDoublingHighMul(v, M) =
/// trunc((v*M + nudge) / 2^31) with nudge 2^30 (v >= 0) or 1 - 2^30 (v < 0),
/// then RoundingDivideByPOT(high, 4): high >> 4, plus 1 when
/// (high & 15) > 7 + (high < 0).
///   v = 0:     0                                                  ->   -3
///   v = 10:    (17179869180 + 2^30) / 2^31 = 8.49.. -> 8;  8&15 = 8 > 7
///              -> 0 + 1 = 1                                       ->   -2
///   v = -10:   (-17179869180 - 2^30 + 1) / 2^31 = -8.49.. -> -8;
///              -8&15 = 8, not > 8 -> -1 + 0 = -1                  ->   -4
///   v = 30:    (51539607540 + 2^30) / 2^31 = 24.49.. -> 24; 24&15 = 8 > 7
///              -> 1 + 1 = 2                                       ->   -1
///   v = 1000:  (1717986918000 + 2^30) / 2^31 = 800.49.. -> 800;
///              800&15 = 0 -> 50                                   ->   47
///   v = 3000:  2400.49.. -> 2400 -> 150 -> 147, clamped           ->  127
///   v = -3000: -2400.49.. -> -2400; -2400&15 = 0 -> -150 -> -153  -> -128
/// (v = 10 and 30 are where double rounding differs from half_up below.)
// CHECK-LABEL: func.func @requantize_constant_double_round
// CHECK: %[[C:.*]] = arith.constant dense<[-3, -2, -4, -1, 47, 127, -128]> : tensor<7xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<7xi8> to tensor<7x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK-NOT: quantx.requantize
// CHECK: return %[[Q]]
func.func @requantize_constant_double_round()
    -> tensor<7x!quant.uniform<i8:f32, 0.05:-3>> {
  %c = arith.constant dense<[0, 10, -10, 30, 1000, 3000, -3000]> : tensor<7xi32>
  %acc = quant.scast %c
      : tensor<7xi32> to tensor<7x!quant.uniform<i32:f32, 0.0025>>
  %y = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<double_round>
      : tensor<7x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<7x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<7x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

/// The same in half_up: floor(v*M / 2^35 + 1/2), with 2^35 = 34359738368
/// and half = 2^34 = 17179869184:
///   v = 10:    10*M = 17179869180 < half                 -> 0     ->   -3
///   v = -10:   -17179869180 = -1 * 2^35 + 17179869188, >= half
///              -> -1 + 1 = 0                                      ->   -3
///   v = 30:    51539607540 = 1 * 2^35 + 17179869172 < half -> 1   ->   -2
///   v = 1000:  1717986918000 = 49 * 2^35 + 34359737968 >= half
///              -> 50                                              ->   47
///   v = +-3000: +-150 (149.99999996...) -> 147 / -153, clamped    -> 127, -128
// CHECK-LABEL: func.func @requantize_constant_half_up
// CHECK: %[[C:.*]] = arith.constant dense<[-3, -3, -3, -2, 47, 127, -128]> : tensor<7xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<7xi8> to tensor<7x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: return %[[Q]]
func.func @requantize_constant_half_up()
    -> tensor<7x!quant.uniform<i8:f32, 0.05:-3>> {
  %c = arith.constant dense<[0, 10, -10, 30, 1000, 3000, -3000]> : tensor<7xi32>
  %acc = quant.scast %c
      : tensor<7xi32> to tensor<7x!quant.uniform<i32:f32, 0.0025>>
  %y = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<half_up>
      : tensor<7x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<7x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<7x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

/// Input and output zero points, every rounding mode. u8 input (zero point
/// 128) at scale 0.5 to i8 at scale 1 with zero point -5: ratio 0.5 =
/// 2^30 * 2^-31. The u8 storage constant is given as i8 bit patterns:
/// -128, -127, -125, -1 are 128, 129, 131, 255.
///   x        = [   0,    1, 127, 128, 129, 131, 255,    3]
///   v = x-128= [-128, -127,  -1,   0,   1,   3, 127, -125]
///   v / 2    = [ -64,-63.5,-0.5,   0, 0.5, 1.5,63.5,-62.5]
///   half_up (and double_round, which is half_up for shift <= 31):
///              [ -64,  -63,   0,   0,   1,   2,  64,  -62] - 5
///            = [ -69,  -68,  -5,  -5,  -4,  -3,  59,  -67]
///   half_to_even:
///              [ -64,  -64,   0,   0,   0,   2,  64,  -62] - 5
///            = [ -69,  -69,  -5,  -5,  -5,  -3,  59,  -67]
///   half_away_from_zero:
///              [ -64,  -64,  -1,   0,   1,   2,  64,  -63] - 5
///            = [ -69,  -69,  -6,  -5,  -4,  -3,  59,  -68]
///   toward_zero:
///              [ -64,  -63,   0,   0,   0,   1,  63,  -62] - 5
///            = [ -69,  -68,  -5,  -5,  -5,  -4,  58,  -67]
// CHECK-LABEL: func.func @requantize_constant_zero_points
// CHECK-DAG: %[[UP:.*]] = arith.constant dense<[-69, -68, -5, -5, -4, -3, 59, -67]> : tensor<8xi8>
// CHECK-DAG: %[[EVEN:.*]] = arith.constant dense<[-69, -69, -5, -5, -5, -3, 59, -67]> : tensor<8xi8>
// CHECK-DAG: %[[AWAY:.*]] = arith.constant dense<[-69, -69, -6, -5, -4, -3, 59, -68]> : tensor<8xi8>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<[-69, -68, -5, -5, -5, -4, 58, -67]> : tensor<8xi8>
// CHECK: %[[QUP:.*]] = quant.scast %[[UP]] : tensor<8xi8> to tensor<8x!quant.uniform<i8:f32, 1.000000e+00:-5>>
// CHECK: %[[QDR:.*]] = quant.scast %[[UP]]
// CHECK: %[[QEVEN:.*]] = quant.scast %[[EVEN]]
// CHECK: %[[QAWAY:.*]] = quant.scast %[[AWAY]]
// CHECK: %[[QZERO:.*]] = quant.scast %[[ZERO]]
// CHECK-NOT: quantx.requantize
// CHECK: return %[[QUP]], %[[QDR]], %[[QEVEN]], %[[QAWAY]], %[[QZERO]]
func.func @requantize_constant_zero_points()
    -> (tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>) {
  %c = arith.constant dense<[0, 1, 127, -128, -127, -125, -1, 3]> : tensor<8xi8>
  %x = quant.scast %c : tensor<8xi8> to tensor<8x!quant.uniform<u8:f32, 0.5:128>>
  %up = quantx.requantize %x multiplier [1073741824] shift [31]
      rounding<half_up>
      : tensor<8x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
  %dr = quantx.requantize %x multiplier [1073741824] shift [31]
      rounding<double_round>
      : tensor<8x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
  %even = quantx.requantize %x multiplier [1073741824] shift [31]
      rounding<half_to_even>
      : tensor<8x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
  %away = quantx.requantize %x multiplier [1073741824] shift [31]
      rounding<half_away_from_zero>
      : tensor<8x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
  %zero = quantx.requantize %x multiplier [1073741824] shift [31]
      rounding<toward_zero>
      : tensor<8x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
  return %up, %dr, %even, %away, %zero
      : tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>,
        tensor<8x!quant.uniform<i8:f32, 1.0:-5>>
}

// -----

/// Per-channel along axis 1, double_round. Input scales {0.5, 0.25, 0.75},
/// output scales {1, 1, 0.5} with zero points {1, -1, 0}: ratios 0.5 =
/// 2^30 * 2^-31, 0.25 = 2^30 * 2^-32, 1.5 = 1610612736 * 2^-30.
///   channel 0 (shift 31, so half_up), v / 2 + 1:
///     1 -> 0.5 -> 1 -> 2;   -3 -> -1.5 -> -1 -> 0;   5 -> 2.5 -> 3 -> 4
///   channel 1 (shift 32 > 31: double rounding), then - 1:
///     1:  trunc((2^30 + 2^30) / 2^31) = 1; RoundingDivideByPOT(1, 1):
///         1&1 = 1 > 0 -> 0 + 1 = 1 (single rounding of 0.25 gives 0) -> 0
///     -6: trunc((-6*2^30 - 2^30 + 1) / 2^31) = trunc(-3.49..) = -3;
///         -3&1 = 1, not > 1 -> (-3 >> 1) = -2                         -> -3
///     2:  trunc((2^31 + 2^30) / 2^31) = 1 -> 1                        -> 0
///   channel 2 (shift 30, so half_up), v * 1.5 + 0:
///     1 -> 1.5 -> 2;   -7 -> -10.5 -> -10;   3 -> 4.5 -> 5
// CHECK-LABEL: func.func @requantize_constant_per_channel
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[2, 0, 2], [0, -3, -10], [4, 0, 5]]> : tensor<3x3xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<3x3xi8> to tensor<3x3x!quant.uniform<i8:f32:1, {1.000000e+00:1,1.000000e+00:-1,5.000000e-01}>>
// CHECK-NOT: quantx.requantize
// CHECK: return %[[Q]]
func.func @requantize_constant_per_channel()
    -> tensor<3x3x!quant.uniform<i8:f32:1, {1.0:1, 1.0:-1, 0.5}>> {
  %c = arith.constant dense<[[1, 1, 1], [-3, -6, -7], [5, 2, 3]]>
      : tensor<3x3xi32>
  %acc = quant.scast %c : tensor<3x3xi32>
      to tensor<3x3x!quant.uniform<i32:f32:1, {0.5, 0.25, 0.75}>>
  %y = quantx.requantize %acc axis(1)
      multiplier [1073741824, 1073741824, 1610612736] shift [31, 32, 30]
      rounding<double_round>
      : tensor<3x3x!quant.uniform<i32:f32:1, {0.5, 0.25, 0.75}>>
        -> tensor<3x3x!quant.uniform<i8:f32:1, {1.0:1, 1.0:-1, 0.5}>>
  return %y : tensor<3x3x!quant.uniform<i8:f32:1, {1.0:1, 1.0:-1, 0.5}>>
}

// -----

/// A signless-integer constant (zero point 0) folds without a quant.scast
/// on the input: v * 1 / 2^1 in half_to_even: 50, -50, 3.5 -> 4.
// CHECK-LABEL: func.func @requantize_constant_signless
// CHECK: %[[C:.*]] = arith.constant dense<[50, -50, 4]> : tensor<3xi8>
// CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<3xi8> to tensor<3x!quant.uniform<i8:f32, 1.000000e+00>>
// CHECK: return %[[Q]]
func.func @requantize_constant_signless()
    -> tensor<3x!quant.uniform<i8:f32, 1.0>> {
  %c = arith.constant dense<[100, -100, 7]> : tensor<3xi16>
  %y = quantx.requantize %c multiplier [1] shift [1] rounding<half_to_even>
      : tensor<3xi16> -> tensor<3x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<3x!quant.uniform<i8:f32, 1.0>>
}

//===----------------------------------------------------------------------===//
// quantize(dequantize(x)) -> x
//===----------------------------------------------------------------------===//

// -----

/// Same type, i8, f32 expressed type, a round-to-nearest mode: the round
/// trip is exact and folds away.
// CHECK-LABEL: func.func @fold_quantize_dequantize
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-02:-3>>)
// CHECK-NOT: quantx.
// CHECK: return %[[X]]
func.func @fold_quantize_dequantize(%x: tensor<4x!quant.uniform<i8:f32, 0.05:-3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

/// 16-bit storage is the widest that folds; per-axis, half_away_from_zero.
// CHECK-LABEL: func.func @fold_quantize_dequantize_i16_per_axis
// CHECK-SAME: (%[[X:.*]]: tensor<4x2x!quant.uniform<i16:f32:1, {1.000000e-03:7,2.000000e-03:-9}>>)
// CHECK-NOT: quantx.
// CHECK: return %[[X]]
func.func @fold_quantize_dequantize_i16_per_axis(
    %x: tensor<4x2x!quant.uniform<i16:f32:1, {0.001:7, 0.002:-9}>>)
    -> tensor<4x2x!quant.uniform<i16:f32:1, {0.001:7, 0.002:-9}>> {
  %d = quantx.dequantize %x
      : tensor<4x2x!quant.uniform<i16:f32:1, {0.001:7, 0.002:-9}>>
        -> tensor<4x2xf32>
  %q = quantx.quantize %d rounding<half_away_from_zero>
      : tensor<4x2xf32>
        -> tensor<4x2x!quant.uniform<i16:f32:1, {0.001:7, 0.002:-9}>>
  return %q : tensor<4x2x!quant.uniform<i16:f32:1, {0.001:7, 0.002:-9}>>
}

// -----

/// An f64 expressed type folds too (u8, half_up).
// CHECK-LABEL: func.func @fold_quantize_dequantize_f64
// CHECK-SAME: (%[[X:.*]]: tensor<?x!quant.uniform<u8:f64, 1.000000e-01:128>>)
// CHECK-NOT: quantx.
// CHECK: return %[[X]]
func.func @fold_quantize_dequantize_f64(
    %x: tensor<?x!quant.uniform<u8:f64, 0.1:128>>)
    -> tensor<?x!quant.uniform<u8:f64, 0.1:128>> {
  %d = quantx.dequantize %x
      : tensor<?x!quant.uniform<u8:f64, 0.1:128>> -> tensor<?xf64>
  %q = quantx.quantize %d rounding<half_up>
      : tensor<?xf64> -> tensor<?x!quant.uniform<u8:f64, 0.1:128>>
  return %q : tensor<?x!quant.uniform<u8:f64, 0.1:128>>
}

// -----

/// toward_zero does not fold: (q - zp) * s / s can land just below the
/// integer, which truncation would not round back.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_toward_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-02:-3>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<toward_zero>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_toward_zero(
    %x: tensor<4x!quant.uniform<i8:f32, 0.05:-3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<toward_zero>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

/// 32-bit storage does not fold: |q - zp| up to 2^31 exceeds the f32
/// mantissa, so the round trip is not exact.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_i32
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i32:f32, 5.000000e-02>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<half_to_even>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_i32(
    %x: tensor<4x!quant.uniform<i32:f32, 0.05>>)
    -> tensor<4x!quant.uniform<i32:f32, 0.05>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i32:f32, 0.05>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i32:f32, 0.05>>
  return %q : tensor<4x!quant.uniform<i32:f32, 0.05>>
}

// -----

/// An f16 expressed type does not fold: dequantize rounds to f16 (11-bit
/// significand), too coarse for |q - zp| * s / s to come back.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_f16
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f16, 5.000000e-02>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<half_to_even>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_f16(
    %x: tensor<4x!quant.uniform<i8:f16, 0.05>>)
    -> tensor<4x!quant.uniform<i8:f16, 0.05>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f16, 0.05>> -> tensor<4xf16>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf16> -> tensor<4x!quant.uniform<i8:f16, 0.05>>
  return %q : tensor<4x!quant.uniform<i8:f16, 0.05>>
}

// -----

/// Differing types (another zero point) do not fold: the quantize changes
/// the value.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_differing_types
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-02:-3>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<half_to_even> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-02>>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_differing_types(
    %x: tensor<4x!quant.uniform<i8:f32, 0.05:-3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.05>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.05>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.05>>
}

// -----

/// A denormal f32 scale (1e-40 < FLT_MIN = 1.18e-38) does not fold: the
/// products (q - zp) * s lose precision.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_denormal_scale
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 9.9999999999999992E-41>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<half_to_even>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_denormal_scale(
    %x: tensor<4x!quant.uniform<i8:f32, 1.0e-40>>)
    -> tensor<4x!quant.uniform<i8:f32, 1.0e-40>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 1.0e-40>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 1.0e-40>>
  return %q : tensor<4x!quant.uniform<i8:f32, 1.0e-40>>
}

// -----

/// A scale so large that (q - zp) * s can overflow f32 does not fold:
/// 3e38 * 2^17 > FLT_MAX = 3.4e38.
// CHECK-LABEL: func.func @negative_fold_quantize_dequantize_huge_scale
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 3.000000e+38>>)
// CHECK: %[[D:.*]] = quantx.dequantize %[[X]]
// CHECK: %[[Q:.*]] = quantx.quantize %[[D]] rounding<half_to_even>
// CHECK: return %[[Q]]
func.func @negative_fold_quantize_dequantize_huge_scale(
    %x: tensor<4x!quant.uniform<i8:f32, 3.0e38>>)
    -> tensor<4x!quant.uniform<i8:f32, 3.0e38>> {
  %d = quantx.dequantize %x
      : tensor<4x!quant.uniform<i8:f32, 3.0e38>> -> tensor<4xf32>
  %q = quantx.quantize %d rounding<half_to_even>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 3.0e38>>
  return %q : tensor<4x!quant.uniform<i8:f32, 3.0e38>>
}

//===----------------------------------------------------------------------===//
// requantize(x) -> x
//===----------------------------------------------------------------------===//

// -----

/// Same types and multiplier == 2^shift: x - zp + zp = x in every mode.
// CHECK-LABEL: func.func @fold_requantize_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>)
// CHECK-NOT: quantx.requantize
// CHECK: return %[[X]], %[[X]]
func.func @fold_requantize_identity(%x: tensor<4x!quant.uniform<i8:f32, 0.5:3>>)
    -> (tensor<4x!quant.uniform<i8:f32, 0.5:3>>,
        tensor<4x!quant.uniform<i8:f32, 0.5:3>>) {
  %a = quantx.requantize %x multiplier [1073741824] shift [30]
      rounding<double_round>
      : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
        -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %b = quantx.requantize %x multiplier [1] shift [0] rounding<toward_zero>
      : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
        -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  return %a, %b
      : tensor<4x!quant.uniform<i8:f32, 0.5:3>>,
        tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

/// Per channel, every pair is 2^shift * 2^-shift = 1.
// CHECK-LABEL: func.func @fold_requantize_identity_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x!quant.uniform<i16:f32:1, {1.000000e-01:1,2.000000e-01:2,3.000000e-01:3}>>)
// CHECK-NOT: quantx.requantize
// CHECK: return %[[X]]
func.func @fold_requantize_identity_per_channel(
    %x: tensor<2x3x!quant.uniform<i16:f32:1, {0.1:1, 0.2:2, 0.3:3}>>)
    -> tensor<2x3x!quant.uniform<i16:f32:1, {0.1:1, 0.2:2, 0.3:3}>> {
  %y = quantx.requantize %x axis(1) multiplier [1, 2, 1073741824]
      shift [0, 1, 30] rounding<half_up>
      : tensor<2x3x!quant.uniform<i16:f32:1, {0.1:1, 0.2:2, 0.3:3}>>
        -> tensor<2x3x!quant.uniform<i16:f32:1, {0.1:1, 0.2:2, 0.3:3}>>
  return %y : tensor<2x3x!quant.uniform<i16:f32:1, {0.1:1, 0.2:2, 0.3:3}>>
}

// -----

/// A multiplier one below 2^shift (which the verifier accepts for a ratio
/// of 1) is not the identity: (2^30 - 1) * v / 2^30 = v - v / 2^30, which
/// for v = 2^29 + 1 is v - 0.50000000093... and rounds to v - 1.
// CHECK-LABEL: func.func @negative_fold_requantize_identity_inexact
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i32:f32, 5.000000e-01>>)
// CHECK: %[[Y:.*]] = quantx.requantize %[[X]] multiplier [1073741823] shift [30]
// CHECK: return %[[Y]]
func.func @negative_fold_requantize_identity_inexact(
    %x: tensor<4x!quant.uniform<i32:f32, 0.5>>)
    -> tensor<4x!quant.uniform<i32:f32, 0.5>> {
  %y = quantx.requantize %x multiplier [1073741823] shift [30]
      rounding<half_to_even>
      : tensor<4x!quant.uniform<i32:f32, 0.5>>
        -> tensor<4x!quant.uniform<i32:f32, 0.5>>
  return %y : tensor<4x!quant.uniform<i32:f32, 0.5>>
}

// -----

/// A unit multiplier between types with different zero points is not the
/// identity: it moves the zero point.
// CHECK-LABEL: func.func @negative_fold_requantize_identity_zero_point
// CHECK-SAME: (%[[X:.*]]: tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>)
// CHECK: %[[Y:.*]] = quantx.requantize %[[X]] multiplier [1073741824] shift [30]
// CHECK: return %[[Y]]
func.func @negative_fold_requantize_identity_zero_point(
    %x: tensor<4x!quant.uniform<i8:f32, 0.5:3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [30]
      rounding<half_up>
      : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
        -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %y : tensor<4x!quant.uniform<i8:f32, 0.5>>
}
