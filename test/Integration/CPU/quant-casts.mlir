// RUN: quantx-opt %s --lower-quant-ops --quantx-lower-to-llvm-pipeline | %run_main > %t.upstream
// RUN: quantx-opt %s --convert-quant-to-quantx=rounding=toward_zero --quantx-lower-to-llvm-pipeline | %run_main > %t.quantx
// RUN: grep -v "Unranked Memref" %t.upstream > %t.upstream.data
// RUN: grep -v "Unranked Memref" %t.quantx > %t.quantx.data
// RUN: diff %t.upstream.data %t.quantx.data
// RUN: FileCheck %s < %t.quantx

// quant.dcast and quant.qcast run through upstream's own lowering
// (lower-quant-ops) and through convert-quant-to-quantx + quantx's reference
// lowering; the printed bits must be identical.
//
// dcast: upstream subtracts the zero point in f32 after converting both
// integers, quantx subtracts exactly in integers; for storage of at most 16
// bits both are exact, so every value agrees (i8, u8, i16, per axis, at the
// storage extremes).
//
// qcast: upstream leaves the rounding unspecified; its lowering adds the zero
// point in f32 and truncates (fptosi), with no clamp. On inputs x >= 0 with a
// zero point >= 0, results inside the storage range and fractions of x / s
// that adding the zero point in f32 does not carry into the next integer,
// that is quantx.quantize rounding toward zero, which this test checks
// (the option rounding=toward_zero). Elsewhere (negative values with a
// fraction, out-of-range values) the two definitions differ: upstream's is
// poison out of range.

// Hand checks: the first print, i8 (0.5, -3) at -128, -3, 127, is -62.5, 0,
// 65 (f32 bits 0xC27A0000, 0, 0x42820000); the fifth, i8 (0.5, 3) quantized
// toward zero, is trunc(x / 0.5) + 3.
// CHECK: data =
// CHECK-NEXT: [-1032192000, {{ *}}0, {{ *}}1115815936,
// CHECK-COUNT-3: data =
// CHECK: data =
// CHECK-NEXT: [3, {{ *}}3, {{ *}}4, {{ *}}4, {{ *}}5, {{ *}}23, {{ *}}126]

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print_f32(%x: tensor<?xf32>) {
  %b = arith.bitcast %x : tensor<?xf32> to tensor<?xi32>
  %u = tensor.cast %b : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @main() {
  // dcast, i8 per tensor.
  %a = arith.constant dense<[-128, -3, 127, 0, 1, -1, 100]> : tensor<7xi8>
  %aq = quant.scast %a : tensor<7xi8> to tensor<7x!quant.uniform<i8:f32, 0.5:-3>>
  %ad = quant.dcast %aq : tensor<7x!quant.uniform<i8:f32, 0.5:-3>> to tensor<7xf32>
  %ac = tensor.cast %ad : tensor<7xf32> to tensor<?xf32>
  call @print_f32(%ac) : (tensor<?xf32>) -> ()

  // dcast, u8 (storage 255 is -1 as i8).
  %b = arith.constant dense<[0, 127, -128, -1, 100]> : tensor<5xi8>
  %bq = quant.scast %b : tensor<5xi8> to tensor<5x!quant.uniform<u8:f32, 0.02:128>>
  %bd = quant.dcast %bq : tensor<5x!quant.uniform<u8:f32, 0.02:128>> to tensor<5xf32>
  %bc = tensor.cast %bd : tensor<5xf32> to tensor<?xf32>
  call @print_f32(%bc) : (tensor<?xf32>) -> ()

  // dcast, i16.
  %c = arith.constant dense<[-32768, -100, 32767, 12345]> : tensor<4xi16>
  %cq = quant.scast %c : tensor<4xi16> to tensor<4x!quant.uniform<i16:f32, 0.001:-100>>
  %cd = quant.dcast %cq : tensor<4x!quant.uniform<i16:f32, 0.001:-100>> to tensor<4xf32>
  %cc = tensor.cast %cd : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%cc) : (tensor<?xf32>) -> ()

  // dcast, per axis.
  %d = arith.constant dense<[[-128, 0, 127], [5, -5, 1]]> : tensor<2x3xi8>
  %dq = quant.scast %d : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:1, 3.0:-2}>>
  %dd = quant.dcast %dq : tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:1, 3.0:-2}>> to tensor<2x3xf32>
  %df = tensor.collapse_shape %dd [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %dc = tensor.cast %df : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%dc) : (tensor<?xf32>) -> ()

  // qcast, i8 (0.5, 3), non-negative inputs with fractions.
  %e = arith.constant dense<[0.0, 0.25, 0.5, 0.74, 1.0, 10.3, 61.9]> : tensor<7xf32>
  %eq = quant.qcast %e : tensor<7xf32> to tensor<7x!quant.uniform<i8:f32, 0.5:3>>
  %es = quant.scast %eq : tensor<7x!quant.uniform<i8:f32, 0.5:3>> to tensor<7xi8>
  %ew = arith.extsi %es : tensor<7xi8> to tensor<7xi32>
  %eu = tensor.cast %ew : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%eu) : (tensor<*xi32>) -> ()

  // qcast, u8 (0.02, 128).
  %f = arith.constant dense<[0.0, 0.013, 0.5, 1.234, 2.5]> : tensor<5xf32>
  %fq = quant.qcast %f : tensor<5xf32> to tensor<5x!quant.uniform<u8:f32, 0.02:128>>
  %fs = quant.scast %fq : tensor<5x!quant.uniform<u8:f32, 0.02:128>> to tensor<5xi8>
  %fw = arith.extui %fs : tensor<5xi8> to tensor<5xi32>
  %fu = tensor.cast %fw : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%fu) : (tensor<*xi32>) -> ()

  // qcast, per axis.
  %g = arith.constant dense<[[0.3, 1.7, 20.2], [4.9, 0.0, 33.3]]> : tensor<2x3xf32>
  %gq = quant.qcast %g : tensor<2x3xf32> to tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:1, 3.0:2}>>
  %gs = quant.scast %gq : tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:1, 3.0:2}>> to tensor<2x3xi8>
  %gw = arith.extsi %gs : tensor<2x3xi8> to tensor<2x3xi32>
  %gu = tensor.cast %gw : tensor<2x3xi32> to tensor<*xi32>
  call @printMemrefI32(%gu) : (tensor<*xi32>) -> ()
  return
}
