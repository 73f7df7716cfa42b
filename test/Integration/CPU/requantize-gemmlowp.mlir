// quantx.requantize against gemmlowp/TFLite (quantx-gemmlowp-oracle, which
// includes only gemmlowp's fixedpoint.h): the CASE lines below plus 60
// pseudo-random cases, each on a deterministic set of inputs (corners,
// INT32_MIN/INT32_MAX, every value next to a rounding tie, random values of
// every magnitude), in one module.
// RUN: quantx-gemmlowp-oracle mlir --cases %s --random 60 --seed 7 > %t.mlir
// RUN: quantx-gemmlowp-oracle expected --cases %s --random 60 --seed 7 > %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/compare.py %t.actual %t.expected
// The folder (requantize of a constant, -canonicalize) must agree too.
// RUN: quantx-opt %t.mlir -canonicalize --quantx-lower-to-llvm-pipeline | %run_main > %t.folded
// RUN: %python %oracles/compare.py %t.folded %t.expected
//
// The hand-checked per-channel module of this file, lowered and folded.
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s
// RUN: quantx-opt %s -canonicalize --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s

// Cases: m = multiplier(s), s = TFLite left shift(s) (quantx shift = 31 - s),
// r = rounding, zp = output zero point(s), out = output storage, in/inzp =
// quantized input storage and zero point(s). See test/lib/gemmlowp-oracle.cpp.
//
// Multiplier 2^30 (one half): exact ties at every odd x for s = 0 (quantx
// shift 31), and every x = 2 mod 4 for s = -1 (shift 32).
// CASE: m=1073741824 s=0 r=double_round
// CASE: m=1073741824 s=0 r=half_up
// CASE: m=1073741824 s=0 r=half_to_even
// CASE: m=1073741824 s=0 r=half_away_from_zero
// CASE: m=1073741824 s=0 r=toward_zero
// CASE: m=1073741824 s=-1 r=double_round
// CASE: m=1073741824 s=-1 r=half_up
// CASE: m=1073741824 s=-1 r=half_to_even
// CASE: m=1073741824 s=-1 r=half_away_from_zero
// CASE: m=1073741824 s=-1 r=toward_zero
// quantx shift 62 (s = -31): x * 2^30 / 2^62 = x / 2^32, so INT32_MIN is the
// tie -1/2 (double_round: SRDHM gives -2^30, RoundingDivideByPOT(-2^30, 31)
// rounds away from zero to -1; half_up gives 0).
// CASE: m=1073741824 s=-31 r=double_round
// CASE: m=1073741824 s=-31 r=half_up
// CASE: m=1073741824 s=-31 r=half_to_even
// CASE: m=1073741824 s=-31 r=half_away_from_zero
// CASE: m=1073741824 s=-31 r=toward_zero
// CASE: m=2147483647 s=-31 r=double_round zp=-7
// CASE: m=1 s=-31 r=half_up
// quantx shift 0 (s = 31): no rounding at all, v * M + zp saturated.
// CASE: m=1 s=31 r=half_to_even zp=5
// CASE: m=3 s=31 r=toward_zero zp=-100
// CASE: m=1 s=31 r=double_round out=i32
// CASE: m=7 s=31 r=half_up out=i16 zp=-1000
// The largest multiplier and left shifts (TFLite shifts the input left in
// int32 first; quantx multiplies exactly, the oracle keeps the inputs where
// both agree).
// CASE: m=2147483647 s=0 r=double_round
// CASE: m=2147483647 s=0 r=half_up zp=-128
// CASE: m=2147483647 s=1 r=double_round zp=127
// CASE: m=1073741824 s=30 r=double_round
// CASE: m=1073741824 s=30 r=half_to_even out=i32
// CASE: m=2147483647 s=30 r=double_round out=i32
// CASE: m=1500000000 s=12 r=half_away_from_zero out=i32 zp=-2147483648
// A zero multiplier: everything becomes the zero point.
// CASE: m=0 s=-5 r=double_round zp=-3
// Typical TFLite multipliers (0.05 = 1717986918 * 2^-35, 0.0123 ~
// 1690917127 * 2^-37, ...).
// CASE: m=1717986918 s=-4 r=double_round zp=-3
// CASE: m=1717986918 s=-4 r=half_up zp=-3
// CASE: m=1690917127 s=-6 r=double_round zp=12
// CASE: m=1395864371 s=-8 r=half_to_even zp=0
// CASE: m=1932735283 s=-10 r=half_away_from_zero zp=-128
// CASE: m=1288490189 s=-2 r=toward_zero zp=100
// Small TOSA-style multipliers (15-bit scale16 and smaller).
// CASE: m=16384 s=-14 r=double_round
// CASE: m=32767 s=-20 r=half_up zp=1
// CASE: m=5 s=-3 r=half_to_even
// Other output storage types.
// CASE: m=1073741824 s=-3 r=double_round out=u8 zp=128
// CASE: m=1717986918 s=-7 r=half_to_even out=u8 zp=0
// CASE: m=2147483647 s=-9 r=half_up out=u8 zp=255
// CASE: m=1431655765 s=-1 r=double_round out=i16 zp=-32768
// CASE: m=1431655765 s=-1 r=half_to_even out=u16 zp=40000
// CASE: m=1073741824 s=-9 r=toward_zero out=i32 zp=2147483647
// Input zero points (quantized i8/u8/i16 inputs): v = x - zp_in first.
// CASE: m=1073741824 s=-2 r=double_round in=u8 inzp=128 out=u8 zp=128
// CASE: m=1073741824 s=-2 r=half_to_even in=i8 inzp=-128 zp=0
// CASE: m=1518500250 s=3 r=double_round in=i8 inzp=127 zp=-128
// CASE: m=1073741824 s=0 r=half_away_from_zero in=i16 inzp=-32768 out=i16
// CASE: m=1073741824 s=15 r=double_round in=i16 inzp=32767 out=i32
// u32 input and output storage: inputs up to 2^32 - 1 where the reference
// is exact arithmetic (double_round keeps the int32 inputs; the u32 ones
// beyond int32 are checked by hand below).
// CASE: m=1073741824 s=-9 r=half_up in=u32 out=i32
// CASE: m=1717986918 s=-3 r=half_to_even in=u32 out=u32 zp=7
// CASE: m=2147483647 s=-31 r=toward_zero in=u32 out=u8 zp=3
// CASE: m=1073741824 s=-9 r=double_round in=u32 out=i32
// CASE: m=1073741824 s=10 r=half_away_from_zero out=u32 zp=4000000000
// Per-channel (axis 1): one multiplier, shift and output zero point per
// channel, also per-channel input zero points.
// CASE: m=1073741824,1717986918,2147483647 s=0,-4,-31 r=double_round zp=0,-5,7
// CASE: m=1073741824,1717986918,2147483647 s=0,-4,-31 r=half_up zp=0,-5,7
// CASE: m=1073741824,1073741824 s=-1,-2 r=half_to_even out=u8 zp=0,255
// CASE: m=1073741824,1610612736,0,5 s=-1,-1,-1,20 r=toward_zero zp=1,2,3,4
// CASE: m=1073741824,1717986918 s=-3,-4 r=double_round in=u8 inzp=0,255 out=u8 zp=128,3
// CASE: m=1073741824,1717986918 s=2,-4 r=half_away_from_zero in=i16 inzp=-1000,1000 out=i16 zp=0

/// A per-channel requantize checked by hand. Signless i32 input, i8 output
/// with zero points 0, 10, -5 along axis 1:
///   channel 0: M = 2^30, shift 31: x / 2
///   channel 1: M = 2^30, shift 33: x / 8 (double_round: SRDHM then a
///              rounding right shift by 2)
///   channel 2: M = 1.5 * 2^30 = 1610612736, shift 32: x * 3/8 (double_round:
///              SRDHM gives round_half_up(x * 3/4), then a rounding right
///              shift by 1)
///
/// half_to_even:
///   row 0 [5, 20, 4]:      2.5 -> 2;  2.5 -> 2 + 10 = 12;  1.5 -> 2 - 5 = -3
///   row 1 [-5, -20, -4]:   -2.5 -> -2; -2.5 -> -2 + 10 = 8; -1.5 -> -2 - 5 = -7
///   row 2 [250, 900, 352]: 125;  112.5 -> 112 + 10 = 122;  132 - 5 = 127
///   row 3 [-3, 12, 100]:   -1.5 -> -2;  1.5 -> 2 + 10 = 12;  37.5 -> 38 - 5 = 33
///   row 4 [INT32_MAX, INT32_MIN, 6]:
///          1073741823.5 -> 127;  -268435456 + 10 -> -128;  2.25 -> 2 - 5 = -3
// CHECK: data =
// CHECK-NEXT: [2, 12, -3, -2, 8, -7, 125, 122, 127, -2, 12, 33, 127, -128, -3]
///
/// double_round (channel 0 has shift 31: a single half-up rounding):
///   row 0: 2.5 -> 3;  SRDHM(20) = 10, 10 / 4 = 2.5 -> 3, + 10 = 13;
///          SRDHM(4) = 3, 3 / 2 = 1.5 -> 2, - 5 = -3
///   row 1: -2.5 -> -2;  SRDHM(-20) = -10, -2.5 -> -3, + 10 = 7;
///          SRDHM(-4) = -3, -1.5 -> -2, - 5 = -7
///   row 2: 125;  SRDHM(900) = 450, 112.5 -> 113, + 10 = 123;
///          SRDHM(352) = 264, 132 - 5 = 127
///   row 3: -1.5 -> -1;  SRDHM(12) = 6, 1.5 -> 2, + 10 = 12;
///          SRDHM(100) = 75, 37.5 -> 38, - 5 = 33
///   row 4: 127;  SRDHM(INT32_MIN) = -2^30, / 4 = -2^28, + 10 -> -128;
///          SRDHM(6) = round_half_up(4.5) = 5, 5 / 2 = 2.5 -> 3, - 5 = -2
///          (the double rounding: a single rounding of 6 * 3/8 = 2.25 gives
///          2, i.e. -3)
// CHECK: data =
// CHECK-NEXT: [3, 13, -3, -2, 7, -7, 125, 123, 127, -1, 12, 33, 127, -128, -2]

/// u32 input beyond int32 with double_round (M = 2^30, shift 40, x / 1024):
/// gemmlowp's two steps in 64-bit arithmetic. SRDHM(v, 2^30) is v / 2
/// rounded half up, then a rounding right shift by 9 (half away from zero):
///   4000000000: 2000000000, / 512 = 3906250 exactly
///   2147483648 (2^31): 2^30, / 512 = 2097152
///   4294967295: 2147483647.5 -> 2147483648 (beyond int32), / 512 = 4194304
///   3072000511 = 1024 * 3000000 + 511: 1536000255.5 -> 1536000256,
///              / 512 = 3000000.5 -> 3000001 (one rounding: 3000000.499 ->
///              3000000, the half_up row)
///   3: 2, / 512 -> 0;  2147483647: 2^30, / 512 = 2097152
/// half_up: 3906250, 2097152, 4194304, 3000000, 0, 2097152
/// toward_zero: 3906250, 2097152, 4194303, 3000000, 0, 2097151
// CHECK: data =
// CHECK-NEXT: [3906250, 2097152, 4194304, 3000001, 0, 2097152]
// CHECK: data =
// CHECK-NEXT: [3906250, 2097152, 4194304, 3000000, 0, 2097152]
// CHECK: data =
// CHECK-NEXT: [3906250, 2097152, 4194303, 3000000, 0, 2097151]

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print_i32(%t: tensor<6x!quant.uniform<i32:f32, 1024.0>>) {
  %s = quant.scast %t : tensor<6x!quant.uniform<i32:f32, 1024.0>> to tensor<6xi32>
  %u = tensor.cast %s : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @print_i8(%t: tensor<5x3xi8>) {
  %f = tensor.collapse_shape %t [[0, 1]] : tensor<5x3xi8> into tensor<15xi8>
  %e = arith.extsi %f : tensor<15xi8> to tensor<15xi32>
  %u = tensor.cast %e : tensor<15xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[[5, 20, 4], [-5, -20, -4], [250, 900, 352],
                             [-3, 12, 100], [2147483647, -2147483648, 6]]>
      : tensor<5x3xi32>
  %a = quantx.requantize %x axis(1)
      multiplier [1073741824, 1073741824, 1610612736] shift [31, 33, 32]
      rounding<half_to_even>
      : tensor<5x3xi32> -> tensor<5x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>>
  %as = quant.scast %a : tensor<5x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>> to tensor<5x3xi8>
  call @print_i8(%as) : (tensor<5x3xi8>) -> ()
  %b = quantx.requantize %x axis(1)
      multiplier [1073741824, 1073741824, 1610612736] shift [31, 33, 32]
      rounding<double_round>
      : tensor<5x3xi32> -> tensor<5x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>>
  %bs = quant.scast %b : tensor<5x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>> to tensor<5x3xi8>
  call @print_i8(%bs) : (tensor<5x3xi8>) -> ()

  %u = arith.constant dense<[4000000000, 2147483648, 4294967295, 3072000511,
                             3, 2147483647]> : tensor<6xi32>
  %uq = quant.scast %u : tensor<6xi32> to tensor<6x!quant.uniform<u32:f32, 1.0>>
  %c = quantx.requantize %uq multiplier [1073741824] shift [40]
      rounding<double_round>
      : tensor<6x!quant.uniform<u32:f32, 1.0>> -> tensor<6x!quant.uniform<i32:f32, 1024.0>>
  call @print_i32(%c) : (tensor<6x!quant.uniform<i32:f32, 1024.0>>) -> ()
  %d = quantx.requantize %uq multiplier [1073741824] shift [40]
      rounding<half_up>
      : tensor<6x!quant.uniform<u32:f32, 1.0>> -> tensor<6x!quant.uniform<i32:f32, 1024.0>>
  call @print_i32(%d) : (tensor<6x!quant.uniform<i32:f32, 1024.0>>) -> ()
  %e = quantx.requantize %uq multiplier [1073741824] shift [40]
      rounding<toward_zero>
      : tensor<6x!quant.uniform<u32:f32, 1.0>> -> tensor<6x!quant.uniform<i32:f32, 1024.0>>
  call @print_i32(%e) : (tensor<6x!quant.uniform<i32:f32, 1024.0>>) -> ()
  return
}
