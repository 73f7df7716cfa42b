// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s

/// quantx.dequantize against a table derived by hand: (q - zero_point) is
/// formed exactly, converted once to the computation type and multiplied by
/// the scale; an f16 result is rounded once more at the end.
///
/// Printing: results that are short decimals are printed as f32 (the printer
/// shows 6 significant digits, enough for them); integers beyond 2^24 are
/// converted to i64 with fptosi (exact for integral floats) and printed as
/// integers; f16 and f64 results whose rounding matters are printed as their
/// bit patterns, decoded in the comments.

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefI64(tensor<*xi64>)

func.func @print_f32(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
func.func @print_f32_as_i64(%t: tensor<?xf32>) {
  %i = arith.fptosi %t : tensor<?xf32> to tensor<?xi64>
  %u = tensor.cast %i : tensor<?xi64> to tensor<*xi64>
  call @printMemrefI64(%u) : (tensor<*xi64>) -> ()
  return
}
func.func @print_f16_bits(%t: tensor<?xf16>) {
  %b = arith.bitcast %t : tensor<?xf16> to tensor<?xi16>
  %i = arith.extui %b : tensor<?xi16> to tensor<?xi32>
  %u = tensor.cast %i : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}
func.func @print_f64_bits(%t: tensor<?xf64>) {
  %b = arith.bitcast %t : tensor<?xf64> to tensor<?xi64>
  %u = tensor.cast %b : tensor<?xi64> to tensor<*xi64>
  call @printMemrefI64(%u) : (tensor<*xi64>) -> ()
  return
}

func.func @main() {
  /// i8, scale 0.5, zero point -3: (q + 3) * 0.5.
  ///   -128 -> -62.5, -3 -> 0, 0 -> 1.5, 127 -> 65, 1 -> 2
  // CHECK: data =
  // CHECK-NEXT: [-62.5, 0, 1.5, 65, 2]
  %a = arith.constant dense<[-128, -3, 0, 127, 1]> : tensor<5xi8>
  %aq = quant.scast %a : tensor<5xi8> to tensor<5x!quant.uniform<i8:f32, 0.5:-3>>
  %ar = quantx.dequantize %aq : tensor<5x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<5xf32>
  %ad = tensor.cast %ar : tensor<5xf32> to tensor<?xf32>
  call @print_f32(%ad) : (tensor<?xf32>) -> ()

  /// u8, scale 0.25, zero point 128: the storage bytes are read unsigned.
  ///   0 -> -32, 128 -> 0, 255 -> 31.75, 1 -> -31.75, 200 -> 18
  /// (a sign extension would read 255 as -1 and 200 as -56).
  // CHECK: data =
  // CHECK-NEXT: [-32, 0, 31.75, -31.75, 18]
  %b = arith.constant dense<[0, 128, 255, 1, 200]> : tensor<5xi8>
  %bq = quant.scast %b : tensor<5xi8> to tensor<5x!quant.uniform<u8:f32, 0.25:128>>
  %br = quantx.dequantize %bq : tensor<5x!quant.uniform<u8:f32, 0.25:128>> -> tensor<5xf32>
  %bd = tensor.cast %br : tensor<5xf32> to tensor<?xf32>
  call @print_f32(%bd) : (tensor<?xf32>) -> ()

  /// i4, scale 0.25, zero point -3: -8 -> -1.25, 7 -> 2.5, -3 -> 0.
  // CHECK: data =
  // CHECK-NEXT: [-1.25, 2.5, 0]
  %c = arith.constant dense<[-8, 7, -3]> : tensor<3xi4>
  %cq = quant.scast %c : tensor<3xi4> to tensor<3x!quant.uniform<i4:f32, 0.25:-3>>
  %cr = quantx.dequantize %cq : tensor<3x!quant.uniform<i4:f32, 0.25:-3>> -> tensor<3xf32>
  %cd = tensor.cast %cr : tensor<3xf32> to tensor<?xf32>
  call @print_f32(%cd) : (tensor<?xf32>) -> ()

  /// Per-axis along dimension 1: column scales/zero points 0.5:1, 0.25:-2,
  /// 2:3.
  ///   row 0: (1 - 1) * 0.5 = 0, (-2 + 2) * 0.25 = 0, (3 - 3) * 2 = 0
  ///   row 1: (127 - 1) * 0.5 = 63, (-128 + 2) * 0.25 = -31.5,
  ///          (-128 - 3) * 2 = -262
  // CHECK: data =
  // CHECK-NEXT: [0, 0, 0, 63, -31.5, -262]
  %p = arith.constant dense<[[1, -2, 3], [127, -128, -128]]> : tensor<2x3xi8>
  %pq = quant.scast %p : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0:3}>>
  %pr = quantx.dequantize %pq : tensor<2x3x!quant.uniform<i8:f32:1, {0.5:1, 0.25:-2, 2.0:3}>> -> tensor<2x3xf32>
  %pf = tensor.collapse_shape %pr [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %pd = tensor.cast %pf : tensor<6xf32> to tensor<?xf32>
  call @print_f32(%pd) : (tensor<?xf32>) -> ()

  /// Per-axis along dimension 0, u8: row scales/zero points 0.5:128, 4:10.
  ///   row 0: (255 - 128) * 0.5 = 63.5, (0 - 128) * 0.5 = -64
  ///   row 1: (255 - 10) * 4 = 980, (0 - 10) * 4 = -40
  // CHECK: data =
  // CHECK-NEXT: [63.5, -64, 980, -40]
  %pu = arith.constant dense<[[255, 0], [255, 0]]> : tensor<2x2xi8>
  %puq = quant.scast %pu : tensor<2x2xi8> to tensor<2x2x!quant.uniform<u8:f32:0, {0.5:128, 4.0:10}>>
  %pur = quantx.dequantize %puq : tensor<2x2x!quant.uniform<u8:f32:0, {0.5:128, 4.0:10}>> -> tensor<2x2xf32>
  %puf = tensor.collapse_shape %pur [[0, 1]] : tensor<2x2xf32> into tensor<4xf32>
  %pud = tensor.cast %puf : tensor<4xf32> to tensor<?xf32>
  call @print_f32(%pud) : (tensor<?xf32>) -> ()

  /// Sub-channel, blocks of 1 x 2 over 2 x 4:
  ///   block (0, 0): 0.5:1    block (0, 1): 0.25:-2
  ///   block (1, 0): 2:3      block (1, 1): 1:-7
  ///   row 0: (2 - 1) * 0.5 = 0.5, (-1 - 1) * 0.5 = -1,
  ///          (-1 + 2) * 0.25 = 0.25, (-5 + 2) * 0.25 = -0.75
  ///   row 1: (4 - 3) * 2 = 2, (0 - 3) * 2 = -6, (-4 + 7) * 1 = 3,
  ///          (-7 + 7) * 1 = 0
  // CHECK: data =
  // CHECK-NEXT: [0.5, -1, 0.25, -0.75, 2, -6, 3, 0]
  %s = arith.constant dense<[[2, -1, -1, -5], [4, 0, -4, -7]]> : tensor<2x4xi8>
  %sq = quant.scast %s : tensor<2x4xi8> to tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>>
  %sr = quantx.dequantize %sq : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>> -> tensor<2x4xf32>
  %sf = tensor.collapse_shape %sr [[0, 1]] : tensor<2x4xf32> into tensor<8xf32>
  %sd = tensor.cast %sf : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%sd) : (tensor<?xf32>) -> ()

  /// Sub-channel, blocks of 2 rows over 4 x 2 (0.5:0 then 0.25:5):
  ///   rows 0-1: 3 * 0.5 = 1.5, -3 * 0.5 = -1.5, 0, 127 * 0.5 = 63.5
  ///   rows 2-3: (12 - 5) * 0.25 = 1.75, (-2 - 5) * 0.25 = -1.75,
  ///             (4 - 5) * 0.25 = -0.25, (-128 - 5) * 0.25 = -33.25
  // CHECK: data =
  // CHECK-NEXT: [1.5, -1.5, 0, 63.5, 1.75, -1.75, -0.25, -33.25]
  %r = arith.constant dense<[[3, -3], [0, 127], [12, -2], [4, -128]]> : tensor<4x2xi8>
  %rq = quant.scast %r : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>>
  %rr = quantx.dequantize %rq : tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>> -> tensor<4x2xf32>
  %rf = tensor.collapse_shape %rr [[0, 1]] : tensor<4x2xf32> into tensor<8xf32>
  %rd = tensor.cast %rf : tensor<8xf32> to tensor<?xf32>
  call @print_f32(%rd) : (tensor<?xf32>) -> ()

  /// i32 storage, scale 1, zero point 0: one rounding, int -> f32 to nearest
  /// even.
  ///   16777217 = 2^24 + 1 (a tie) -> 16777216
  ///   16777219 = 2^24 + 3 (a tie) -> 16777220 (the even neighbour)
  ///   2147483647 -> 2147483648 = 2^31
  ///   -2147483648 -> exact
  ///   123456789 -> 123456792 (spacing 8 in [2^26, 2^27))
  // CHECK: data =
  // CHECK-NEXT: [16777216, 16777220, 2147483648, -2147483648, 123456792]
  %w = arith.constant dense<[16777217, 16777219, 2147483647, -2147483648, 123456789]> : tensor<5xi32>
  %wq = quant.scast %w : tensor<5xi32> to tensor<5x!quant.uniform<i32:f32, 1.0>>
  %wr = quantx.dequantize %wq : tensor<5x!quant.uniform<i32:f32, 1.0>> -> tensor<5xf32>
  %wd = tensor.cast %wr : tensor<5xf32> to tensor<?xf32>
  call @print_f32_as_i64(%wd) : (tensor<?xf32>) -> ()

  /// i32 storage, scale 2, zero point 1000: the difference is formed in 64
  /// bits (it leaves the i32 range), rounded once to f32, then doubled.
  ///   q             q - 1000        f32                        * 2
  ///   -2147483648   -2147484648     -2147484672 (spacing 256;  -4294969344
  ///                                  1000 = 3*256 + 232 rounds up)
  ///   2147483647    2147482647      2147482624 (spacing 128;   4294965248
  ///                                  remainder 23 rounds down)
  ///   1000          0               0                          0
  ///   1001          1               1                          2
  ///   16778217      16777217        16777216 (tie, even)       33554432
  // CHECK: data =
  // CHECK-NEXT: [-4294969344, 4294965248, 0, 2, 33554432]
  %x = arith.constant dense<[-2147483648, 2147483647, 1000, 1001, 16778217]> : tensor<5xi32>
  %xq = quant.scast %x : tensor<5xi32> to tensor<5x!quant.uniform<i32:f32, 2.0:1000>>
  %xr = quantx.dequantize %xq : tensor<5x!quant.uniform<i32:f32, 2.0:1000>> -> tensor<5xf32>
  %xd = tensor.cast %xr : tensor<5xf32> to tensor<?xf32>
  call @print_f32_as_i64(%xd) : (tensor<?xf32>) -> ()

  /// f16 result, scale 0.1 (f32 0.1f), zero point 0: q * 0.1f in f32, then
  /// rounded to f16. Bits: sign | 5-bit exponent (bias 15) | 10-bit fraction.
  ///   q     q * 0.1f (f32)   f16                        bits
  ///   1     0.1              0.0999755859375            0x2E66 = 11878
  ///         (2^-4 * (1 + 614/1024); spacing 2^-14)
  ///   3     0.3              0.300048828125             0x34CD = 13517
  ///         (0.3 / 2^-12 = 1228.8 -> 1229 * 2^-12)
  ///   -7    -0.7             -0.7001953125              0xB99A = 47514
  ///         (0.7 / 2^-11 = 1433.6 -> 1434 * 2^-11)
  ///   100   10               10                         0x4900 = 18688
  ///   127   12.7             12.703125                  0x4A5A = 19034
  ///         (12.7 / 2^-7 = 1625.6 -> 1626 * 2^-7)
  // CHECK: data =
  // CHECK-NEXT: [11878, 13517, 47514, 18688, 19034]
  %h = arith.constant dense<[1, 3, -7, 100, 127]> : tensor<5xi8>
  %hq = quant.scast %h : tensor<5xi8> to tensor<5x!quant.uniform<i8:f16, 0.1>>
  %hr = quantx.dequantize %hq : tensor<5x!quant.uniform<i8:f16, 0.1>> -> tensor<5xf16>
  %hd = tensor.cast %hr : tensor<5xf16> to tensor<?xf16>
  call @print_f16_bits(%hd) : (tensor<?xf16>) -> ()

  /// f16 result beyond the f16 range, scale 1000, zero point 0:
  ///   127 -> 127000 -> +inf (0x7C00 = 31744)
  ///   -128 -> -128000 -> -inf (0xFC00 = 64512)
  ///   65 -> 65000 -> 64992 (spacing 32: 65000 / 32 = 2031.25 -> 2031 * 32;
  ///         exponent 30, fraction 1007: 0x7BEF = 31727)
  ///   66 -> 66000 -> +inf (above 65504 + 16, the overflow threshold)
  // CHECK: data =
  // CHECK-NEXT: [31744, 64512, 31727, 31744]
  %o = arith.constant dense<[127, -128, 65, 66]> : tensor<4xi8>
  %oq = quant.scast %o : tensor<4xi8> to tensor<4x!quant.uniform<i8:f16, 1000.0>>
  %or = quantx.dequantize %oq : tensor<4x!quant.uniform<i8:f16, 1000.0>> -> tensor<4xf16>
  %od = tensor.cast %or : tensor<4xf16> to tensor<?xf16>
  call @print_f16_bits(%od) : (tensor<?xf16>) -> ()

  /// f64 expressed type, i32 storage, scale 0.1 (the double
  /// 0.1000000000000000055511151231257827): computed in f64.
  ///   3 * 0.1 = 0.30000000000000004 (0x3FD3333333333334)
  ///   2147483647 * 0.1 = 214748364.70000002 (0x41A9999999666667)
  ///   0 -> 0.0 (0x0)
  // CHECK: data =
  // CHECK-NEXT: [4599075939470750516, 4731481768512087655, 0]
  %d = arith.constant dense<[3, 2147483647, 0]> : tensor<3xi32>
  %dq = quant.scast %d : tensor<3xi32> to tensor<3x!quant.uniform<i32:f64, 0.1>>
  %dr = quantx.dequantize %dq : tensor<3x!quant.uniform<i32:f64, 0.1>> -> tensor<3xf64>
  %dd = tensor.cast %dr : tensor<3xf64> to tensor<?xf64>
  call @print_f64_bits(%dd) : (tensor<?xf64>) -> ()
  return
}
