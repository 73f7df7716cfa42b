// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline -o %t.mlir
// RUN: rm -rf %t.objs && %extract_gpu_objects %t.mlir %t.objs
// RUN: FileCheck %s --check-prefixes=COMMON,EVEN < %t.objs/half_to_even_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,AWAY < %t.objs/half_away_from_zero_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,UP < %t.objs/half_up_kernel.ptx
// RUN: FileCheck %s --check-prefixes=COMMON,ZERO < %t.objs/toward_zero_kernel.ptx
// RUN: FileCheck %s --check-prefix=DEQ < %t.objs/dequantize_kernel.ptx

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
