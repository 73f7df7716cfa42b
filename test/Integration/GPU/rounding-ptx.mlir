// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline -o %t.mlir
// RUN: rm -rf %t.objs && %extract_gpu_objects %t.mlir %t.objs
// RUN: FileCheck %s --check-prefixes=COMMON,EVEN < %t.objs/half_to_even_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,AWAY < %t.objs/half_away_from_zero_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,UP < %t.objs/half_up_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,ZERO < %t.objs/toward_zero_kernel.ptx
// RUN: FileCheck %s --check-prefix=DEQ < %t.objs/dequantize_kernel.ptx
// RUN: FileCheck %s --check-prefixes=RQ,RQ-EVEN < %t.objs/rq_half_to_even_kernel.ptx
// RUN: FileCheck %s --check-prefixes=RQ,RQ-AWAY < %t.objs/rq_half_away_from_zero_kernel.ptx
// RUN: FileCheck %s --check-prefixes=RQ,RQ-UP < %t.objs/rq_half_up_kernel.ptx
// RUN: FileCheck %s --check-prefixes=RQ,RQ-ZERO < %t.objs/rq_toward_zero_kernel.ptx
// RUN: FileCheck %s --check-prefixes=RQ,RQ-DOUBLE < %t.objs/rq_double_round_kernel.ptx

/// quantx.quantize on the GPU keeps the CPU's rounding: an IEEE division
/// (div.rn, no flush-to-zero anywhere), then the mode's rounding of the
/// quotient in float, NaN to the zero point, a clamp in float and a
/// truncating conversion of the (integral) value. Half to even is
/// cvt.rni; toward zero cvt.rzi; half up the exact floor-based sequence
/// (cvt.rmi, compare the fraction with 0.5, select); half away from zero
/// the NVPTX expansion of llvm.round: trunc(x + copysign(0.5, x)), x itself
/// from 2^23 up, trunc(x) below 0.5 (where x + 0.5 could round up to 1).
/// No libdevice call (quantx-gpu-math-to-llvm-intrinsics). Dequantize
/// converts the exact integer difference with cvt.rn, multiplies with
/// mul.rn.

// COMMON-NOT: .ftz
// COMMON-NOT: __nv_
// COMMON:     div.rn.f32
// EVEN:       cvt.rni.f32.f32
// AWAY:       and.b32 {{.*}}, -2147483648;
// AWAY:       or.b32 {{.*}}, 1056964608;
// AWAY:       add.rn.f32
// AWAY:       cvt.rzi.f32.f32
// AWAY:       setp.gt.f32 {{.*}}, 0f4B000000;
// AWAY:       setp.lt.f32 {{.*}}, 0f3F000000;
// UP:         cvt.rmi.f32.f32
// UP:         setp.ge.f32
// UP:         selp.f32
// ZERO:       cvt.rzi.f32.f32
// COMMON:     setp.nan.f32
// COMMON:     cvt.rzi.s64.f32
// COMMON-NOT: .ftz

// DEQ-NOT: .ftz
// DEQ:     cvt.rn.f32.s64
// DEQ:     mul.rn.f32
/// quantx.requantize (multiplier M = 1717986918, even; shift 36; output
/// i8 with zero point 3) is integer arithmetic with the multiplier and the
/// shift as immediates (quantx-gpu-map-parallel-loops sinks the constants
/// into the kernel, so no 64-bit division by a kernel parameter): the exact
/// product p = x * M (mul.wide.s32), floor(p / 2^36) (shr.s64 36), and the
/// mode's increment from the remainder r = p mod 2^36 (bit 0 of r is 0
/// because M is even, hence the mask 2^36 - 2 = 68719476734) against
/// half = 2^35 = 34359738368:
/// * half_to_even: r > half, or r == half with an odd quotient (bits 36..1
///   of p equal to 2^36 + 2^35 = 103079215104);
/// * half_up: r >= half, which is bit 35 of p;
/// * half_away_from_zero: r > half - 1 for x >= 0, r > half for x < 0;
/// * toward_zero: x < 0 and r != 0;
/// * double_round (gemmlowp): the nudge 2^30 or 1 - 2^30 by the sign of p,
///   the rounding division by 2^31, then a rounding shift by 5 whose
///   threshold is 15, or 16 for a negative value.
/// The clamp to [-128, 127] happens before adding the zero point 3.

// RQ-NOT:      div.s64
// RQ:          mul.wide.s32 {{.*}}, 1717986918;
// RQ-EVEN-DAG: shr.s64 {{.*}}, 36;
// RQ-EVEN-DAG: and.b64 {{.*}}, 68719476734;
// RQ-EVEN-DAG: setp.gt.u64 {{.*}}, 34359738368;
// RQ-EVEN-DAG: setp.eq.b64 {{.*}}, 103079215104;
// RQ-UP-DAG:   shr.s64 {{.*}}, 36;
// RQ-UP-DAG:   shr.u64 {{.*}}, 35;
// RQ-UP-DAG:   and.b64 {{.*}}, 1;
// RQ-AWAY-DAG: shr.s64 {{.*}}, 36;
// RQ-AWAY-DAG: and.b64 {{.*}}, 68719476734;
// RQ-AWAY-DAG: setp.lt.s32 [[NEG:%p[0-9]+]], %r{{[0-9]+}}, 0;
// RQ-AWAY-DAG: selp.b64 {{.*}}, 34359738368, 34359738367, [[NEG]];
// RQ-ZERO-DAG: shr.s64 {{.*}}, 36;
// RQ-ZERO-DAG: and.b64 {{.*}}, 68719476734;
// RQ-ZERO-DAG: setp.lt.s32 {{.*}}, 0;
// RQ-ZERO-DAG: setp.ne.b64 {{.*}}, 0;
// RQ-DOUBLE-DAG: selp.b64 {{.*}}, 1073741824, -1073741823,
// RQ-DOUBLE-DAG: and.b64 {{.*}}, 31;
// RQ-DOUBLE-DAG: selp.b64 {{.*}}, 16, 15,
// RQ:          max.s64 {{.*}}, -131;
// RQ:          min.s64 {{.*}}, 124;
// RQ:          add.s16 {{.*}}, 3;
// RQ:          st.global.b8
// RQ-NOT:      div.s64

func.func @half_to_even(%x: tensor<1000xf32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<1000xf32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @half_away_from_zero(%x: tensor<1000xf32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.quantize %x rounding<half_away_from_zero> : tensor<1000xf32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @half_up(%x: tensor<1000xf32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.quantize %x rounding<half_up> : tensor<1000xf32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @toward_zero(%x: tensor<1000xf32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.quantize %x rounding<toward_zero> : tensor<1000xf32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @dequantize(%q: tensor<1000x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1000xf32> {
  %x = quantx.dequantize %q : tensor<1000x!quant.uniform<u8:f32, 0.1:3>> -> tensor<1000xf32>
  return %x : tensor<1000xf32>
}
func.func @rq_half_to_even(%x: tensor<1000xi32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.requantize %x multiplier [1717986918] shift [36] rounding<half_to_even> : tensor<1000xi32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @rq_double_round(%x: tensor<1000xi32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.requantize %x multiplier [1717986918] shift [36] rounding<double_round> : tensor<1000xi32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @rq_half_up(%x: tensor<1000xi32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.requantize %x multiplier [1717986918] shift [36] rounding<half_up> : tensor<1000xi32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @rq_half_away_from_zero(%x: tensor<1000xi32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.requantize %x multiplier [1717986918] shift [36] rounding<half_away_from_zero> : tensor<1000xi32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
func.func @rq_toward_zero(%x: tensor<1000xi32>) -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>> {
  %q = quantx.requantize %x multiplier [1717986918] shift [36] rounding<toward_zero> : tensor<1000xi32> -> tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
  return %q : tensor<1000x!quant.uniform<i8:f32, 0.1:3>>
}
