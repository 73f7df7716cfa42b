// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s
// The folder must agree with the lowering: the same table with every
// quantize of a constant folded at compile time.
// RUN: quantx-opt %s -canonicalize --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s

/// quantx.quantize against a table derived by hand (no quantx code computed
/// the expected values). Every row states x, y = x / scale in the computation
/// type, the rounded value and the zero point added; saturation is to the
/// storage range. Scales are powers of two wherever the case is about the
/// rounding, so that y is exact and the ties are real ties.
///
/// Printing: every result is cast to its storage integers, extended to i32
/// (sign- or zero-extended as the storage is signed or not) and printed as a
/// 1-D memref, one `data =` line per case, in the order of @main.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print_i32(%t: tensor<?xi32>) {
  %u = tensor.cast %t : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}
func.func @print_i16(%t: tensor<?xi16>) {
  %e = arith.extsi %t : tensor<?xi16> to tensor<?xi32>
  call @print_i32(%e) : (tensor<?xi32>) -> ()
  return
}
func.func @print_i8(%t: tensor<?xi8>) {
  %e = arith.extsi %t : tensor<?xi8> to tensor<?xi32>
  call @print_i32(%e) : (tensor<?xi32>) -> ()
  return
}
func.func @print_u8(%t: tensor<?xi8>) {
  %e = arith.extui %t : tensor<?xi8> to tensor<?xi32>
  call @print_i32(%e) : (tensor<?xi32>) -> ()
  return
}
func.func @print_i4(%t: tensor<?xi4>) {
  %e = arith.extsi %t : tensor<?xi4> to tensor<?xi32>
  call @print_i32(%e) : (tensor<?xi32>) -> ()
  return
}
func.func @print_u4(%t: tensor<?xi4>) {
  %e = arith.extui %t : tensor<?xi4> to tensor<?xi32>
  call @print_i32(%e) : (tensor<?xi32>) -> ()
  return
}

func.func @main() {
  //===--------------------------------------------------------------------===//
  // Ties and near-ties in every mode: i8, scale 0.5, zero point 0, so
  // y = 2x exactly.
  //   x                       y
  //   0.25, 0.75, 1.25        0.5, 1.5, 2.5
  //   -0.25, -0.75, -1.25     -0.5, -1.5, -2.5
  //   0x3E7FFFFF = 0.25 - 2^-26    0.5 - 2^-25 = 0.49999997 (near-tie below)
  //   0xBE7FFFFF                   -0.49999997
  //   0x3F9FFFFF = 1.25 - 2^-23    2.5 - 2^-22 = 2.4999998
  //   0xBF9FFFFF                   -2.4999998
  //   0x3E800001 = 0.25 + 2^-25    0.5 + 2^-24 = 0.50000006 (near-tie above)
  //   0xBE800001                   -0.50000006
  //   63.25, 63.75            126.5, 127.5 (the top tie, 128 saturates)
  //   -64.25, -63.75          -128.5, -127.5 (the bottom ties)
  //===--------------------------------------------------------------------===//
  %ties = arith.constant dense<[0.25, 0.75, 1.25, -0.25, -0.75, -1.25,
      0x3E7FFFFF, 0xBE7FFFFF, 0x3F9FFFFF, 0xBF9FFFFF, 0x3E800001, 0xBE800001,
      63.25, 63.75, -64.25, -63.75]> : tensor<16xf32>

  /// half_to_even: ties go to the even neighbour; 127.5 -> 128 -> 127,
  /// -128.5 -> -128, -127.5 -> -128.
  // CHECK: data =
  // CHECK-NEXT: [0, 2, 2, 0, -2, -2, 0, 0, 2, -2, 1, -1, 126, 127, -128, -128]
  %t0 = quantx.quantize %ties rounding<half_to_even>
      : tensor<16xf32> -> tensor<16x!quant.uniform<i8:f32, 0.5>>
  %t0s = quant.scast %t0 : tensor<16x!quant.uniform<i8:f32, 0.5>> to tensor<16xi8>
  %t0d = tensor.cast %t0s : tensor<16xi8> to tensor<?xi8>
  call @print_i8(%t0d) : (tensor<?xi8>) -> ()

  /// half_away_from_zero: 0.5 -> 1, -0.5 -> -1, -128.5 -> -129 -> -128,
  /// -127.5 -> -128.
  // CHECK: data =
  // CHECK-NEXT: [1, 2, 3, -1, -2, -3, 0, 0, 2, -2, 1, -1, 127, 127, -128, -128]
  %t1 = quantx.quantize %ties rounding<half_away_from_zero>
      : tensor<16xf32> -> tensor<16x!quant.uniform<i8:f32, 0.5>>
  %t1s = quant.scast %t1 : tensor<16x!quant.uniform<i8:f32, 0.5>> to tensor<16xi8>
  %t1d = tensor.cast %t1s : tensor<16xi8> to tensor<?xi8>
  call @print_i8(%t1d) : (tensor<?xi8>) -> ()

  /// half_up (toward +inf on ties): -0.5 -> 0, -1.5 -> -1, -2.5 -> -2,
  /// -128.5 -> -128, -127.5 -> -127. 0.49999997 -> 0: floor(y + 0.5) in f32
  /// would give 1 because 0.49999997 + 0.5 rounds to 1.0.
  // CHECK: data =
  // CHECK-NEXT: [1, 2, 3, 0, -1, -2, 0, 0, 2, -2, 1, -1, 127, 127, -128, -127]
  %t2 = quantx.quantize %ties rounding<half_up>
      : tensor<16xf32> -> tensor<16x!quant.uniform<i8:f32, 0.5>>
  %t2s = quant.scast %t2 : tensor<16x!quant.uniform<i8:f32, 0.5>> to tensor<16xi8>
  %t2d = tensor.cast %t2s : tensor<16xi8> to tensor<?xi8>
  call @print_i8(%t2d) : (tensor<?xi8>) -> ()

  /// toward_zero: truncation; 0.50000006 -> 0, 126.5 -> 126, 127.5 -> 127.
  // CHECK: data =
  // CHECK-NEXT: [0, 1, 2, 0, -1, -2, 0, 0, 2, -2, 0, 0, 126, 127, -128, -127]
  %t3 = quantx.quantize %ties rounding<toward_zero>
      : tensor<16xf32> -> tensor<16x!quant.uniform<i8:f32, 0.5>>
  %t3s = quant.scast %t3 : tensor<16x!quant.uniform<i8:f32, 0.5>> to tensor<16xi8>
  %t3d = tensor.cast %t3s : tensor<16xi8> to tensor<?xi8>
  call @print_i8(%t3d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // Non-finite and extreme inputs, i8, scale 0.5, zero point 0, every mode:
  //   +inf -> 127, -inf -> -128, NaN and -NaN -> 0 (the zero point),
  //   1000 -> y = 2000 -> 127, -1000 -> -128,
  //   FLT_MAX -> y = +inf -> 127, -FLT_MAX -> -128,
  //   1e-45 (the smallest subnormal) -> y = 2.8e-45 -> 0, -0.0 -> 0.
  //===--------------------------------------------------------------------===//
  %special = arith.constant dense<[0x7F800000, 0xFF800000, 0x7FC00000,
      0xFFC00000, 1000.0, -1000.0, 0x7F7FFFFF, 0xFF7FFFFF, 0x00000001,
      0x80000000]> : tensor<10xf32>
  // CHECK-COUNT-4: [127, -128, 0, 0, 127, -128, 127, -128, 0, 0]
  %s0 = quantx.quantize %special rounding<half_to_even>
      : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 0.5>>
  %s0s = quant.scast %s0 : tensor<10x!quant.uniform<i8:f32, 0.5>> to tensor<10xi8>
  %s0d = tensor.cast %s0s : tensor<10xi8> to tensor<?xi8>
  call @print_i8(%s0d) : (tensor<?xi8>) -> ()
  %s1 = quantx.quantize %special rounding<half_away_from_zero>
      : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 0.5>>
  %s1s = quant.scast %s1 : tensor<10x!quant.uniform<i8:f32, 0.5>> to tensor<10xi8>
  %s1d = tensor.cast %s1s : tensor<10xi8> to tensor<?xi8>
  call @print_i8(%s1d) : (tensor<?xi8>) -> ()
  %s2 = quantx.quantize %special rounding<half_up>
      : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 0.5>>
  %s2s = quant.scast %s2 : tensor<10x!quant.uniform<i8:f32, 0.5>> to tensor<10xi8>
  %s2d = tensor.cast %s2s : tensor<10xi8> to tensor<?xi8>
  call @print_i8(%s2d) : (tensor<?xi8>) -> ()
  %s3 = quantx.quantize %special rounding<toward_zero>
      : tensor<10xf32> -> tensor<10x!quant.uniform<i8:f32, 0.5>>
  %s3s = quant.scast %s3 : tensor<10x!quant.uniform<i8:f32, 0.5>> to tensor<10xi8>
  %s3d = tensor.cast %s3s : tensor<10xi8> to tensor<?xi8>
  call @print_i8(%s3d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // A positive zero point, i8, scale 0.5, zero point 100, half_away_from_zero.
  //   x        y        round   + 100
  //   0.25     0.5      1       101
  //   -0.25    -0.5     -1      99
  //   13.5     27       27      127 (exactly the top)
  //   13.75    27.5     28      128 -> 127
  //   14.0     28       28      128 -> 127
  //   -114.0   -228     -228    -128 (exactly the bottom)
  //   -114.25  -228.5   -229    -129 -> -128
  //   -114.5   -229     -229    -129 -> -128
  //   NaN      -        -       100 (the zero point)
  //   +inf, -inf                127, -128
  //   0.0      0        0       100
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [101, 99, 127, 127, 127, -128, -128, -128, 100, 127, -128, 100]
  %zp = arith.constant dense<[0.25, -0.25, 13.5, 13.75, 14.0, -114.0,
      -114.25, -114.5, 0x7FC00000, 0x7F800000, 0xFF800000, 0.0]>
      : tensor<12xf32>
  %z0 = quantx.quantize %zp rounding<half_away_from_zero>
      : tensor<12xf32> -> tensor<12x!quant.uniform<i8:f32, 0.5:100>>
  %z0s = quant.scast %z0 : tensor<12x!quant.uniform<i8:f32, 0.5:100>> to tensor<12xi8>
  %z0d = tensor.cast %z0s : tensor<12xi8> to tensor<?xi8>
  call @print_i8(%z0d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // A negative zero point and a narrow range: i8<-127:127>, scale 0.5,
  // zero point -3, half_up.
  //   x        y        round   - 3
  //   0.25     0.5      1       -2
  //   -0.25    -0.5     0       -3
  //   -1.25    -2.5     -2      -5
  //   65.0     130      130     127 (exactly the top)
  //   -62.0    -124     -124    -127 (exactly the narrow bottom)
  //   -62.25   -124.5   -124    -127
  //   -62.5    -125     -125    -128 -> -127 (not -128: narrow range)
  //   NaN                       -3
  //   -inf, +inf                -127, 127
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [-2, -3, -5, 127, -127, -127, -127, -3, -127, 127]
  %nr = arith.constant dense<[0.25, -0.25, -1.25, 65.0, -62.0, -62.25, -62.5,
      0x7FC00000, 0xFF800000, 0x7F800000]> : tensor<10xf32>
  %n0 = quantx.quantize %nr rounding<half_up>
      : tensor<10xf32> -> tensor<10x!quant.uniform<i8<-127:127>:f32, 0.5:-3>>
  %n0s = quant.scast %n0 : tensor<10x!quant.uniform<i8<-127:127>:f32, 0.5:-3>> to tensor<10xi8>
  %n0d = tensor.cast %n0s : tensor<10xi8> to tensor<?xi8>
  call @print_i8(%n0d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // u8, scale 0.5, zero point 128, half_to_even. Printed zero-extended, so a
  // value stored as 255 prints 255 (a sign extension would print -1).
  //   x        y        round   + 128
  //   0.0      0        0       128
  //   -64.0    -128     -128    0 (exactly the bottom)
  //   -64.25   -128.5   -128    0
  //   -64.5    -129     -129    -1 -> 0
  //   63.5     127      127     255 (exactly the top)
  //   63.75    127.5    128     256 -> 255
  //   64.0     128      128     256 -> 255
  //   0.25     0.5      0       128
  //   0.75     1.5      2       130
  //   NaN, +inf, -inf           128, 255, 0
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [128, 0, 0, 0, 255, 255, 255, 128, 130, 128, 255, 0]
  %u8 = arith.constant dense<[0.0, -64.0, -64.25, -64.5, 63.5, 63.75, 64.0,
      0.25, 0.75, 0x7FC00000, 0x7F800000, 0xFF800000]> : tensor<12xf32>
  %u0 = quantx.quantize %u8 rounding<half_to_even>
      : tensor<12xf32> -> tensor<12x!quant.uniform<u8:f32, 0.5:128>>
  %u0s = quant.scast %u0 : tensor<12x!quant.uniform<u8:f32, 0.5:128>> to tensor<12xi8>
  %u0d = tensor.cast %u0s : tensor<12xi8> to tensor<?xi8>
  call @print_u8(%u0d) : (tensor<?xi8>) -> ()

  /// u8, scale 1, zero point 0, toward_zero: -0.9 -> -0 -> 0, -1 -> 0
  /// (saturated), 255.9 -> 255, 256 -> 255, 0.5 -> 0, 254.5 -> 254.
  // CHECK: data =
  // CHECK-NEXT: [0, 0, 255, 255, 0, 254]
  %u8b = arith.constant dense<[-0.9, -1.0, 255.9, 256.0, 0.5, 254.5]>
      : tensor<6xf32>
  %u1 = quantx.quantize %u8b rounding<toward_zero>
      : tensor<6xf32> -> tensor<6x!quant.uniform<u8:f32, 1.0>>
  %u1s = quant.scast %u1 : tensor<6x!quant.uniform<u8:f32, 1.0>> to tensor<6xi8>
  %u1d = tensor.cast %u1s : tensor<6xi8> to tensor<?xi8>
  call @print_u8(%u1d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // i4, scale 0.25, zero point -3, half_to_even: storage range [-8, 7].
  //   x        y        round   - 3
  //   0.125    0.5      0       -3
  //   0.375    1.5      2       -1
  //   -0.125   -0.5     0       -3
  //   -0.375   -1.5     -2      -5
  //   2.5      10       10      7 (exactly the top)
  //   2.625    10.5     10      7
  //   -1.25    -5       -5      -8 (exactly the bottom)
  //   -1.375   -5.5     -6      -9 -> -8
  //   NaN, +inf, -inf           -3, 7, -8
  //   0.0                       -3
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [-3, -1, -3, -5, 7, 7, -8, -8, -3, 7, -8, -3]
  %i4 = arith.constant dense<[0.125, 0.375, -0.125, -0.375, 2.5, 2.625, -1.25,
      -1.375, 0x7FC00000, 0x7F800000, 0xFF800000, 0.0]> : tensor<12xf32>
  %f0 = quantx.quantize %i4 rounding<half_to_even>
      : tensor<12xf32> -> tensor<12x!quant.uniform<i4:f32, 0.25:-3>>
  %f0s = quant.scast %f0 : tensor<12x!quant.uniform<i4:f32, 0.25:-3>> to tensor<12xi4>
  %f0d = tensor.cast %f0s : tensor<12xi4> to tensor<?xi4>
  call @print_i4(%f0d) : (tensor<?xi4>) -> ()

  /// u4, scale 1, zero point 8, half_away_from_zero: storage range [0, 15].
  /// -8 -> 0; -8.5 -> -9 + 8 = -1 -> 0; 7 -> 15; 7.5 -> 8 + 8 = 16 -> 15;
  /// NaN -> 8; 0.5 -> 9; -0.5 -> 7.
  // CHECK: data =
  // CHECK-NEXT: [0, 0, 15, 15, 8, 9, 7]
  %u4 = arith.constant dense<[-8.0, -8.5, 7.0, 7.5, 0x7FC00000, 0.5, -0.5]>
      : tensor<7xf32>
  %g0 = quantx.quantize %u4 rounding<half_away_from_zero>
      : tensor<7xf32> -> tensor<7x!quant.uniform<u4:f32, 1.0:8>>
  %g0s = quant.scast %g0 : tensor<7x!quant.uniform<u4:f32, 1.0:8>> to tensor<7xi4>
  %g0d = tensor.cast %g0s : tensor<7xi4> to tensor<?xi4>
  call @print_u4(%g0d) : (tensor<?xi4>) -> ()

  //===--------------------------------------------------------------------===//
  // i16, scale 2^-8 = 0.00390625, zero point -5, half_up: y = 256 x exactly.
  //   x                 y          round    - 5
  //   100.001953125     25600.5    25601    25596
  //   -100.001953125    -25600.5   -25600   -25605
  //   128.0             32768      32768    32763
  //   128.01953125      32773      32773    32768 -> 32767
  //   -127.98046875     -32763     -32763   -32768 (exactly the bottom)
  //   -128.0            -32768     -32768   -32773 -> -32768
  //   0.0                                   -5
  //   NaN                                   -5
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [25596, -25605, 32763, 32767, -32768, -32768, -5, -5]
  %i16 = arith.constant dense<[100.001953125, -100.001953125, 128.0,
      128.01953125, -127.98046875, -128.0, 0.0, 0x7FC00000]> : tensor<8xf32>
  %h0 = quantx.quantize %i16 rounding<half_up>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i16:f32, 0.00390625:-5>>
  %h0s = quant.scast %h0 : tensor<8x!quant.uniform<i16:f32, 0.00390625:-5>> to tensor<8xi16>
  %h0d = tensor.cast %h0s : tensor<8xi16> to tensor<?xi16>
  call @print_i16(%h0d) : (tensor<?xi16>) -> ()

  //===--------------------------------------------------------------------===//
  // i32 storage, f32 input, scale 1, zero point 0, half_to_even: every f32
  // integer beyond 2^24 converts exactly (no detour through a 24-bit
  // mantissa or an i32 float clamp).
  //   16777218 = 2^24 + 2, 123456784 = 8 * 15432098: exact in f32
  //   2147483520 = 2^31 - 128, the largest f32 below 2^31: exact
  //   2147483648 = 2^31 -> 2147483647 (saturated)
  //   -2147483648 = -2^31: exactly the bottom
  //   -2147483904 = -(2^31 + 256) -> -2147483648
  //   3e9 -> 2147483647, +inf -> 2147483647, NaN -> 0
  //   8388607.5 = 2^23 - 1/2 (a tie with a 24-bit mantissa) -> 8388608
  //   -8388607.5 -> -8388608
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [16777218, 123456784, 2147483520, 2147483647, -2147483648, -2147483648, 2147483647, 2147483647, 0, 8388608, -8388608]
  %i32 = arith.constant dense<[16777218.0, 123456784.0, 2147483520.0,
      2147483648.0, -2147483648.0, -2147483904.0, 3.0e9, 0x7F800000,
      0x7FC00000, 8388607.5, -8388607.5]> : tensor<11xf32>
  %w0 = quantx.quantize %i32 rounding<half_to_even>
      : tensor<11xf32> -> tensor<11x!quant.uniform<i32:f32, 1.0>>
  %w0s = quant.scast %w0 : tensor<11x!quant.uniform<i32:f32, 1.0>> to tensor<11xi32>
  %w0d = tensor.cast %w0s : tensor<11xi32> to tensor<?xi32>
  call @print_i32(%w0d) : (tensor<?xi32>) -> ()

  /// The same tie values 2^23 -+ 1/2 in the other modes (half_up, then
  /// toward_zero): the + 1 after floor and the truncation stay exact.
  ///   half_up:     8388607.5 -> 8388608, -8388607.5 -> -8388607
  ///   toward_zero: 8388607.5 -> 8388607, -8388607.5 -> -8388607
  // CHECK: data =
  // CHECK-NEXT: [8388608, -8388607]
  // CHECK: data =
  // CHECK-NEXT: [8388607, -8388607]
  %big = arith.constant dense<[8388607.5, -8388607.5]> : tensor<2xf32>
  %w1 = quantx.quantize %big rounding<half_up>
      : tensor<2xf32> -> tensor<2x!quant.uniform<i32:f32, 1.0>>
  %w1s = quant.scast %w1 : tensor<2x!quant.uniform<i32:f32, 1.0>> to tensor<2xi32>
  %w1d = tensor.cast %w1s : tensor<2xi32> to tensor<?xi32>
  call @print_i32(%w1d) : (tensor<?xi32>) -> ()
  %w2 = quantx.quantize %big rounding<toward_zero>
      : tensor<2xf32> -> tensor<2x!quant.uniform<i32:f32, 1.0>>
  %w2s = quant.scast %w2 : tensor<2x!quant.uniform<i32:f32, 1.0>> to tensor<2xi32>
  %w2d = tensor.cast %w2s : tensor<2xi32> to tensor<?xi32>
  call @print_i32(%w2d) : (tensor<?xi32>) -> ()

  //===--------------------------------------------------------------------===//
  // i32 storage, scale 0.5, zero point -1000, half_to_even: the zero point is
  // added in 64 bits before the clamp.
  //   x               y                  round          - 1000
  //   1073741760      2147483520         2147483520     2147482520
  //   1073741824      2147483648 = 2^31  2147483648     2147482648 (in range)
  //   1073741952      2147483904         2147483904     2147482904 (in range;
  //                                                     2^30 + 128 is the
  //                                                     next f32 after 2^30)
  //   -1073741824     -2^31              -2147483648    -2147484648 -> -2^31
  //   1048576.25      2097152.5          2097152        2096152
  //   NaN                                               -1000
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [2147482520, 2147482648, 2147482904, -2147483648, 2096152, -1000]
  %i32z = arith.constant dense<[1073741760.0, 1073741824.0, 1073741952.0,
      -1073741824.0, 1048576.25, 0x7FC00000]> : tensor<6xf32>
  %w3 = quantx.quantize %i32z rounding<half_to_even>
      : tensor<6xf32> -> tensor<6x!quant.uniform<i32:f32, 0.5:-1000>>
  %w3s = quant.scast %w3 : tensor<6x!quant.uniform<i32:f32, 0.5:-1000>> to tensor<6xi32>
  %w3d = tensor.cast %w3s : tensor<6xi32> to tensor<?xi32>
  call @print_i32(%w3d) : (tensor<?xi32>) -> ()

  //===--------------------------------------------------------------------===//
  // f64 input and expressed type: the division and rounding happen in f64.
  // i32 storage, scale 1, half_to_even.
  //   2.5000000001 -> 3 (f32 would see 2.5 and give 2)
  //   2.5 -> 2
  //   16777217 = 2^24 + 1 -> 16777217 (not representable in f32)
  //   16777216.5 -> 16777216, 16777217.5 -> 16777218
  //   2147483646.5 -> 2147483646
  //   -2147483647.5 -> -2147483648 (even, and exactly the bottom)
  //   4294967296 = 2^32 -> 2147483647, 1e300 -> 2147483647,
  //   -1e300 -> -2147483648, NaN -> 0
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [3, 2, 16777217, 16777216, 16777218, 2147483646, -2147483648, 2147483647, 2147483647, -2147483648, 0]
  %f64 = arith.constant dense<[2.5000000001, 2.5, 16777217.0, 16777216.5,
      16777217.5, 2147483646.5, -2147483647.5, 4294967296.0, 1.0e300,
      -1.0e300, 0x7FF8000000000000]> : tensor<11xf64>
  %d0 = quantx.quantize %f64 rounding<half_to_even>
      : tensor<11xf64> -> tensor<11x!quant.uniform<i32:f64, 1.0>>
  %d0s = quant.scast %d0 : tensor<11x!quant.uniform<i32:f64, 1.0>> to tensor<11xi32>
  %d0d = tensor.cast %d0s : tensor<11xi32> to tensor<?xi32>
  call @print_i32(%d0d) : (tensor<?xi32>) -> ()

  /// f64 with scale 0.1 (not a power of two), i8, half_away_from_zero. The
  /// doubles nearest 0.35 and 0.1 are 0.34999999999999997780 and
  /// 0.10000000000000000555, so y = 3.4999999999999996 (a double below the
  /// tie) -> 3; likewise 0.15 / 0.1 = 1.4999999999999998 -> 1. 1.05 / 0.1 and
  /// 0.25 / 0.1 round to exactly 10.5 and 2.5 -> 11 and 3. (In f32 the same
  /// quotients are 3.5, 1.5, 10.499999 and 2.5: 4, 2, 10, 3.)
  // CHECK: data =
  // CHECK-NEXT: [3, 1, 11, 3]
  %f64b = arith.constant dense<[0.35, 0.15, 1.05, 0.25]> : tensor<4xf64>
  %d1 = quantx.quantize %f64b rounding<half_away_from_zero>
      : tensor<4xf64> -> tensor<4x!quant.uniform<i8:f64, 0.1>>
  %d1s = quant.scast %d1 : tensor<4x!quant.uniform<i8:f64, 0.1>> to tensor<4xi8>
  %d1d = tensor.cast %d1s : tensor<4xi8> to tensor<?xi8>
  call @print_i8(%d1d) : (tensor<?xi8>) -> ()

  /// The f32 counterpart of the row above, for contrast: 4, 2, 10, 3.
  // CHECK: data =
  // CHECK-NEXT: [4, 2, 10, 3]
  %f32b = arith.constant dense<[0.35, 0.15, 1.05, 0.25]> : tensor<4xf32>
  %d2 = quantx.quantize %f32b rounding<half_away_from_zero>
      : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  %d2s = quant.scast %d2 : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<4xi8>
  %d2d = tensor.cast %d2s : tensor<4xi8> to tensor<?xi8>
  call @print_i8(%d2d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // f16 input and expressed type: x is extended to f32 and divided by the
  // scale rounded to f32 (0.1f = 0.100000001490116), not to f16
  // (0.0999755859375). i8, zero point 0, half_up.
  //   x (f16)                  y (f32)       round
  //   0.25                     2.5           3
  //   0.449951171875 (0.45)    4.4995117     4 (an f16 scale: 4.5006 -> 5)
  //   0.1500244140625 (0.15)   1.5002441     2
  //   0.75                     7.5           8
  //   -0.25                    -2.5          -2
  //   65504 (f16 max)          655040        127
  //   -65504                   -655040       -128
  //   +inf, NaN                              127, 0
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [3, 4, 2, 8, -2, 127, -128, 127, 0]
  %f16 = arith.constant dense<[0.25, 0.45, 0.15, 0.75, -0.25, 65504.0,
      -65504.0, 0x7C00, 0x7E00]> : tensor<9xf16>
  %e0 = quantx.quantize %f16 rounding<half_up>
      : tensor<9xf16> -> tensor<9x!quant.uniform<i8:f16, 0.1>>
  %e0s = quant.scast %e0 : tensor<9x!quant.uniform<i8:f16, 0.1>> to tensor<9xi8>
  %e0d = tensor.cast %e0s : tensor<9xi8> to tensor<?xi8>
  call @print_i8(%e0d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // Per-axis along dimension 1 (columns): i8, half_to_even,
  //   column 0: scale 0.5, zp 1;  column 1: scale 0.25, zp -2;
  //   column 2: scale 2, zp 3.
  //   row 0: 0.25 / 0.5 = 0.5 -> 0 + 1 = 1; 0.125 / 0.25 = 0.5 -> 0 - 2 = -2;
  //          1 / 2 = 0.5 -> 0 + 3 = 3
  //   row 1: -1.5 -> -2 + 1 = -1; -1.5 -> -2 - 2 = -4; -1.5 -> -2 + 3 = 1
  //   row 2: NaN -> the column's zero point: 1, -2, 3
  //   row 3: 63.5 -> 127 + 1 = 128 -> 127; 32 -> 128 - 2 = 126;
  //          248 -> 124 + 3 = 127
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [1, -2, 3, -1, -4, 1, 1, -2, 3, 127, 126, 127]
  %pa = arith.constant dense<[[0.25, 0.125, 1.0], [-0.75, -0.375, -3.0],
      [0x7FC00000, 0x7FC00000, 0x7FC00000], [63.5, 32.0, 248.0]]>
      : tensor<4x3xf32>
  %p0 = quantx.quantize %pa rounding<half_to_even>
      : tensor<4x3xf32> -> tensor<4x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0:3}>>
  %p0s = quant.scast %p0 : tensor<4x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0:3}>> to tensor<4x3xi8>
  %p0f = tensor.collapse_shape %p0s [[0, 1]] : tensor<4x3xi8> into tensor<12xi8>
  %p0d = tensor.cast %p0f : tensor<12xi8> to tensor<?xi8>
  call @print_i8(%p0d) : (tensor<?xi8>) -> ()

  /// Per-axis along dimension 0 (rows), u8, half_up:
  ///   row 0: scale 0.5, zp 128: y = 0.5, -0.5, -128.5 -> 1, 0, -128
  ///          -> 129, 128, 0
  ///   row 1: scale 4, zp 10: y = 0.5, -0.5, 275 -> 1, 0, 275 -> 11, 10,
  ///          285 -> 255
  // CHECK: data =
  // CHECK-NEXT: [129, 128, 0, 11, 10, 255]
  %pb = arith.constant dense<[[0.25, -0.25, -64.25], [2.0, -2.0, 1100.0]]>
      : tensor<2x3xf32>
  %p1 = quantx.quantize %pb rounding<half_up>
      : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:0, {0.5:128, 4.0:10}>>
  %p1s = quant.scast %p1 : tensor<2x3x!quant.uniform<u8:f32:0, {0.5:128, 4.0:10}>> to tensor<2x3xi8>
  %p1f = tensor.collapse_shape %p1s [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %p1d = tensor.cast %p1f : tensor<6xi8> to tensor<?xi8>
  call @print_u8(%p1d) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // Sub-channel: blocks of 1 x 2 over a 2 x 4 tensor, i8,
  // half_away_from_zero.
  //   block (0, 0): scale 0.5, zp 1    block (0, 1): scale 0.25, zp -2
  //   block (1, 0): scale 2, zp 3      block (1, 1): scale 1, zp -7
  //   row 0: 0.25 -> 0.5 -> 1 + 1 = 2; -0.75 -> -1.5 -> -2 + 1 = -1;
  //          0.125 -> 0.5 -> 1 - 2 = -1; -0.625 -> -2.5 -> -3 - 2 = -5
  //   row 1: 1 -> 0.5 -> 1 + 3 = 4; -5 -> -2.5 -> -3 + 3 = 0;
  //          2.5 -> 3 - 7 = -4; NaN -> -7
  //===--------------------------------------------------------------------===//
  // CHECK: data =
  // CHECK-NEXT: [2, -1, -1, -5, 4, 0, -4, -7]
  %sc = arith.constant dense<[[0.25, -0.75, 0.125, -0.625],
      [1.0, -5.0, 2.5, 0x7FC00000]]> : tensor<2x4xf32>
  %c0 = quantx.quantize %sc rounding<half_away_from_zero>
      : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>>
  %c0s = quant.scast %c0 : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>> to tensor<2x4xi8>
  %c0f = tensor.collapse_shape %c0s [[0, 1]] : tensor<2x4xi8> into tensor<8xi8>
  %c0d = tensor.cast %c0f : tensor<8xi8> to tensor<?xi8>
  call @print_i8(%c0d) : (tensor<?xi8>) -> ()

  /// Sub-channel blocks of 2 rows (one scale per block of rows, the whole
  /// width shares it), toward_zero:
  ///   rows 0-1: scale 0.5, zp 0:  1.75 -> 3.5 -> 3; -1.75 -> -3;
  ///             0.2 -> 0.4 -> 0; 100 -> 200 -> 127
  ///   rows 2-3: scale 0.25, zp 5: 1.75 -> 7 + 5 = 12; -1.75 -> -7 + 5 = -2;
  ///             -0.3 -> -1.2 -> -1 + 5 = 4; -100 -> -400 -> -395 -> -128
  // CHECK: data =
  // CHECK-NEXT: [3, -3, 0, 127, 12, -2, 4, -128]
  %sr = arith.constant dense<[[1.75, -1.75], [0.2, 100.0], [1.75, -1.75],
      [-0.3, -100.0]]> : tensor<4x2xf32>
  %c1 = quantx.quantize %sr rounding<toward_zero>
      : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>>
  %c1s = quant.scast %c1 : tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>> to tensor<4x2xi8>
  %c1f = tensor.collapse_shape %c1s [[0, 1]] : tensor<4x2xi8> into tensor<8xi8>
  %c1d = tensor.cast %c1f : tensor<8xi8> to tensor<?xi8>
  call @print_i8(%c1d) : (tensor<?xi8>) -> ()
  return
}
