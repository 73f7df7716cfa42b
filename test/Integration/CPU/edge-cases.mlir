// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s
// The folders must agree with the lowering on the same cases.
// RUN: quantx-opt %s -canonicalize --quantx-lower-to-llvm-pipeline | %run_main | FileCheck %s

/// Adversarial cases run end to end, with every expected value derived by
/// hand in the comments: denormal scales, zero points at the storage
/// extremes, accumulators at INT32_MIN/INT32_MAX (and the documented i32
/// wrap-around of qmatmul), empty tensors, and result types that are only
/// shape-compatible with their inputs (`?x4` against `3x?`). Zero, negative,
/// infinite and NaN scales never reach quantx: the quant type rejects them
/// (test/Dialect/Quantx/edge-cases.mlir); NaN/inf inputs, ties and the
/// shifts 0, 31 and 62 are in quantize-rounding.mlir and
/// requantize-gemmlowp.mlir.
///
/// Every result is printed as i32 (floats as their bit patterns, so that
/// denormals are compared exactly); empty results print their sizes, since
/// printMemrefI32 reads one element of an empty memref.

func.func private @printMemrefI32(tensor<*xi32>)

func.func @print_i32(%t: tensor<?xi32>) {
  %u = tensor.cast %t : tensor<?xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
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
func.func @print_f32_bits(%t: tensor<?xf32>) {
  %b = arith.bitcast %t : tensor<?xf32> to tensor<?xi32>
  call @print_i32(%b) : (tensor<?xi32>) -> ()
  return
}
func.func @print_sizes_2d(%t: tensor<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %t, %c0 : tensor<?x?xi32>
  %d1 = tensor.dim %t, %c1 : tensor<?x?xi32>
  %i0 = arith.index_cast %d0 : index to i32
  %i1 = arith.index_cast %d1 : index to i32
  %s = tensor.from_elements %i0, %i1 : tensor<2xi32>
  %sd = tensor.cast %s : tensor<2xi32> to tensor<?xi32>
  call @print_i32(%sd) : (tensor<?xi32>) -> ()
  return
}

func.func @main() {
  //===--------------------------------------------------------------------===//
  // A denormal scale. The f32 nearest to 1e-40 is s = 71362 * 2^-149
  // (0x000116C2), which the quant type accepts (its range starts at the
  // smallest denormal). i8, zero point 3, half_to_even; x / s in f32 is
  // exact for the first three:
  //   x = s (0x000116C2)             y = 1            -> 4
  //   x = 2s (0x00022D84)            y = 2            -> 5
  //   x = s/2 (0x00008B61)           y = 0.5 (a tie)  -> 0 + 3 = 3
  //   x = 2^-149 (0x00000001)        y = 1/71362      -> 3
  //   x = 1.0                        y = 1e40 > FLT_MAX, +inf -> 127
  //   x = -1.0                       -inf             -> -128
  //   x = 0.0                        0                -> 3
  //   x = NaN                        the zero point   -> 3
  //===--------------------------------------------------------------------===//
  %den = arith.constant dense<[0x000116C2, 0x00022D84, 0x00008B61, 0x00000001,
      1.0, -1.0, 0.0, 0x7FC00000]> : tensor<8xf32>
  // CHECK: data =
  // CHECK-NEXT: [4, 5, 3, 3, 127, -128, 3, 3]
  %qd = quantx.quantize %den rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8:f32, 1.0e-40:3>>
  %qds = quant.scast %qd : tensor<8x!quant.uniform<i8:f32, 1.0e-40:3>> to tensor<8xi8>
  %qdd = tensor.cast %qds : tensor<8xi8> to tensor<?xi8>
  call @print_i8(%qdd) : (tensor<?xi8>) -> ()

  // Back with dequantize: (q - 3) * s for q = [4, 5, 3, 127, -128]:
  //   s = 71362 * 2^-149, 2s = 142724 * 2^-149, 0, 124s = 8848888 * 2^-149,
  //   -131s = -9348422 * 2^-149, all exact in f32. For k < 2^24, the bit
  //   pattern of k * 2^-149 is k itself (denormals, then the first binade of
  //   normals, exponent field 1, mantissa k - 2^23); the negative one has
  //   the sign bit: 2^31 + 9348422 = 2156832070, as i32 -2138135226.
  // CHECK: data =
  // CHECK-NEXT: [71362, 142724, 0, 8848888, -2138135226]
  %qin = arith.constant dense<[4, 5, 3, 127, -128]> : tensor<5xi8>
  %qinq = quant.scast %qin : tensor<5xi8> to tensor<5x!quant.uniform<i8:f32, 1.0e-40:3>>
  %deq = quantx.dequantize %qinq
      : tensor<5x!quant.uniform<i8:f32, 1.0e-40:3>> -> tensor<5xf32>
  %deqd = tensor.cast %deq : tensor<5xf32> to tensor<?xf32>
  call @print_f32_bits(%deqd) : (tensor<?xf32>) -> ()

  //===--------------------------------------------------------------------===//
  // Zero points at the storage extremes, scale 1, half_to_even.
  //   i8, zp -128: x = [-1, 0, 0.4, 255, 300, 127.5]
  //     round + zp = [-129, -128, -128, 127, 172, 128 - 128 = 0]
  //     clamp      = [-128, -128, -128, 127, 127, 0]
  //   i8, zp 127:  x = [0, 1, -255, -300, -0.5, -127.5]
  //     round + zp = [127, 128, -128, -173, 0 + 127, -128 + 127]
  //     clamp      = [127, 127, -128, -128, 127, -1]
  //   u8, zp 255:  x = [0, -255, -256, 1, -0.5, -127.5]
  //     round + zp = [255, 0, -1, 256, 255, -128 + 255]
  //     clamp      = [255, 0, 0, 255, 255, 127]
  //   u8, zp 0:    x = [0, 255, 256, -1, 0.5, 254.5]
  //     round + zp = [0, 255, 256, -1, 0, 254]
  //     clamp      = [0, 255, 255, 0, 0, 254]
  //===--------------------------------------------------------------------===//
  %zlo = arith.constant dense<[-1.0, 0.0, 0.4, 255.0, 300.0, 127.5]> : tensor<6xf32>
  // CHECK: data =
  // CHECK-NEXT: [-128, -128, -128, 127, 127, 0]
  %z0 = quantx.quantize %zlo rounding<half_to_even>
      : tensor<6xf32> -> tensor<6x!quant.uniform<i8:f32, 1.0:-128>>
  %z0s = quant.scast %z0 : tensor<6x!quant.uniform<i8:f32, 1.0:-128>> to tensor<6xi8>
  %z0d = tensor.cast %z0s : tensor<6xi8> to tensor<?xi8>
  call @print_i8(%z0d) : (tensor<?xi8>) -> ()
  %zhi = arith.constant dense<[0.0, 1.0, -255.0, -300.0, -0.5, -127.5]> : tensor<6xf32>
  // CHECK: data =
  // CHECK-NEXT: [127, 127, -128, -128, 127, -1]
  %z1 = quantx.quantize %zhi rounding<half_to_even>
      : tensor<6xf32> -> tensor<6x!quant.uniform<i8:f32, 1.0:127>>
  %z1s = quant.scast %z1 : tensor<6x!quant.uniform<i8:f32, 1.0:127>> to tensor<6xi8>
  %z1d = tensor.cast %z1s : tensor<6xi8> to tensor<?xi8>
  call @print_i8(%z1d) : (tensor<?xi8>) -> ()
  %zu = arith.constant dense<[0.0, -255.0, -256.0, 1.0, -0.5, -127.5]> : tensor<6xf32>
  // CHECK: data =
  // CHECK-NEXT: [255, 0, 0, 255, 255, 127]
  %z2 = quantx.quantize %zu rounding<half_to_even>
      : tensor<6xf32> -> tensor<6x!quant.uniform<u8:f32, 1.0:255>>
  %z2s = quant.scast %z2 : tensor<6x!quant.uniform<u8:f32, 1.0:255>> to tensor<6xi8>
  %z2d = tensor.cast %z2s : tensor<6xi8> to tensor<?xi8>
  call @print_u8(%z2d) : (tensor<?xi8>) -> ()
  %zu0 = arith.constant dense<[0.0, 255.0, 256.0, -1.0, 0.5, 254.5]> : tensor<6xf32>
  // CHECK: data =
  // CHECK-NEXT: [0, 255, 255, 0, 0, 254]
  %z3 = quantx.quantize %zu0 rounding<half_to_even>
      : tensor<6xf32> -> tensor<6x!quant.uniform<u8:f32, 1.0:0>>
  %z3s = quant.scast %z3 : tensor<6x!quant.uniform<u8:f32, 1.0:0>> to tensor<6xi8>
  %z3d = tensor.cast %z3s : tensor<6xi8> to tensor<?xi8>
  call @print_u8(%z3d) : (tensor<?xi8>) -> ()

  // Requantize between extreme zero points: u16 zp 65535 (scale 1) to i8 zp
  // 127 (scale 2), ratio 0.5 = 2^30 * 2^-31, half_to_even.
  //   x = [65535, 0, 65534, 65533, 65281]
  //   v = x - 65535 = [0, -65535, -1, -2, -254]
  //   v / 2 = [0, -32767.5, -0.5, -1, -127] -> [0, -32768, 0, -1, -127]
  //   + 127 = [127, -32641, 127, 126, 0] -> clamp [127, -128, 127, 126, 0]
  // The u16 storage is given as i16 bit patterns: 65535 = -1, 65534 = -2,
  // 65533 = -3, 65281 = -255.
  // CHECK: data =
  // CHECK-NEXT: [127, -128, 127, 126, 0]
  %ru = arith.constant dense<[-1, 0, -2, -3, -255]> : tensor<5xi16>
  %ruq = quant.scast %ru : tensor<5xi16> to tensor<5x!quant.uniform<u16:f32, 1.0:65535>>
  %rq = quantx.requantize %ruq multiplier [1073741824] shift [31] rounding<half_to_even>
      : tensor<5x!quant.uniform<u16:f32, 1.0:65535>> -> tensor<5x!quant.uniform<i8:f32, 2.0:127>>
  %rqs = quant.scast %rq : tensor<5x!quant.uniform<i8:f32, 2.0:127>> to tensor<5xi8>
  %rqd = tensor.cast %rqs : tensor<5xi8> to tensor<?xi8>
  call @print_i8(%rqd) : (tensor<?xi8>) -> ()

  //===--------------------------------------------------------------------===//
  // Accumulators at the i32 extremes. qmatmul of a = [[0], [1]] (1 x 1 per
  // row, i8) with w = [[-1, 1]] and bias [INT32_MIN, INT32_MAX]:
  //   row 0: the bias itself                    [-2147483648, 2147483647]
  //   row 1: INT32_MIN - 1, INT32_MAX + 1 wrap (qmatmul accumulates in i32
  //          two's complement, as documented)    [2147483647, -2147483648]
  //===--------------------------------------------------------------------===//
  %a = arith.constant dense<[[0], [1]]> : tensor<2x1xi8>
  %w = arith.constant dense<[[-1, 1]]> : tensor<1x2xi8>
  %bias = arith.constant dense<[-2147483648, 2147483647]> : tensor<2xi32>
  %acc = quantx.qmatmul %a, %w bias %bias
      : tensor<2x1xi8>, tensor<1x2xi8>, tensor<2xi32> -> tensor<2x2xi32>
  %accf = tensor.collapse_shape %acc [[0, 1]] : tensor<2x2xi32> into tensor<4xi32>
  %accd = tensor.cast %accf : tensor<4xi32> to tensor<?xi32>
  // CHECK: data =
  // CHECK-NEXT: [-2147483648, 2147483647, 2147483647, -2147483648]
  call @print_i32(%accd) : (tensor<?xi32>) -> ()

  // Requantize of those accumulators by 0.05 = 1717986918 * 2^-35,
  // double_round, to i32 storage (zero point 0), as gemmlowp computes it:
  //   INT32_MIN: SRDHM = trunc((-2^31 * 1717986918 + 1 - 2^30) / 2^31)
  //              = -1717986918 (the fraction -0.4999.. truncates);
  //              RDBPOT(-1717986918, 4): low bits 10 > 7 + 1, so
  //              floor(-1717986918 / 16) + 1 = -107374183 + 1 = -107374182
  //              (the exact -2^31 * 0.05 = -107374182.4)
  //   INT32_MAX: SRDHM = trunc((2147483647 * 1717986918 + 2^30) / 2^31)
  //              = trunc(1717986917.2 + 0.5) = 1717986917; low bits
  //              1717986917 & 15 = 5, not > 7: 1717986917 >> 4 = 107374182
  //              (the exact 107374182.35)
  // CHECK: data =
  // CHECK-NEXT: [-107374182, 107374182, 107374182, -107374182]
  %racc = quantx.requantize %accf multiplier [1717986918] shift [35] rounding<double_round>
      : tensor<4xi32> -> tensor<4x!quant.uniform<i32:f32, 1.0>>
  %raccs = quant.scast %racc : tensor<4x!quant.uniform<i32:f32, 1.0>> to tensor<4xi32>
  %raccd = tensor.cast %raccs : tensor<4xi32> to tensor<?xi32>
  call @print_i32(%raccd) : (tensor<?xi32>) -> ()

  //===--------------------------------------------------------------------===//
  // Empty tensors.
  //   qmatmul with K = 0: every accumulator is its bias, M = 2, N = 3:
  //     [[7, -8, 9], [7, -8, 9]]
  //   qconv2d with C = 0 (NHWC 1x2x2x0, filter 1x1x0x2): the bias [5, -6]
  //     at each of the 2 x 2 positions
  //   qmatmul with M = 0 and quantize/requantize of 0 elements: sizes only.
  //===--------------------------------------------------------------------===//
  %ak = arith.constant dense<> : tensor<2x0xi8>
  %wk = arith.constant dense<> : tensor<0x3xi8>
  %bk = arith.constant dense<[7, -8, 9]> : tensor<3xi32>
  %mk = quantx.qmatmul %ak, %wk bias %bk
      : tensor<2x0xi8>, tensor<0x3xi8>, tensor<3xi32> -> tensor<2x3xi32>
  %mkf = tensor.collapse_shape %mk [[0, 1]] : tensor<2x3xi32> into tensor<6xi32>
  %mkd = tensor.cast %mkf : tensor<6xi32> to tensor<?xi32>
  // CHECK: data =
  // CHECK-NEXT: [7, -8, 9, 7, -8, 9]
  call @print_i32(%mkd) : (tensor<?xi32>) -> ()

  %xc = arith.constant dense<> : tensor<1x2x2x0xi8>
  %wc = arith.constant dense<> : tensor<1x1x0x2xi8>
  %bc = arith.constant dense<[5, -6]> : tensor<2xi32>
  %cc = quantx.qconv2d %xc, %wc bias %bc layout<nhwc_hwcf>
      : tensor<1x2x2x0xi8>, tensor<1x1x0x2xi8>, tensor<2xi32> -> tensor<1x2x2x2xi32>
  %ccf = tensor.collapse_shape %cc [[0, 1, 2, 3]] : tensor<1x2x2x2xi32> into tensor<8xi32>
  %ccd = tensor.cast %ccf : tensor<8xi32> to tensor<?xi32>
  // CHECK: data =
  // CHECK-NEXT: [5, -6, 5, -6, 5, -6, 5, -6]
  call @print_i32(%ccd) : (tensor<?xi32>) -> ()

  %am = arith.constant dense<> : tensor<0x4xi8>
  %wm = arith.constant dense<1> : tensor<4x3xi8>
  %mm = quantx.qmatmul %am, %wm : tensor<0x4xi8>, tensor<4x3xi8> -> tensor<0x3xi32>
  %mmd = tensor.cast %mm : tensor<0x3xi32> to tensor<?x?xi32>
  // CHECK: data =
  // CHECK-NEXT: [0, 3]
  call @print_sizes_2d(%mmd) : (tensor<?x?xi32>) -> ()

  %fe = arith.constant dense<> : tensor<4x0xf32>
  %qe = quantx.quantize %fe rounding<half_up>
      : tensor<4x0xf32> -> tensor<4x0x!quant.uniform<i8:f32, 0.5:1>>
  %qes = quant.scast %qe : tensor<4x0x!quant.uniform<i8:f32, 0.5:1>> to tensor<4x0xi8>
  %re = quantx.requantize %qes multiplier [1073741824] shift [31] rounding<double_round>
      : tensor<4x0xi8> -> tensor<4x0x!quant.uniform<i32:f32, 1.0>>
  %res = quant.scast %re : tensor<4x0x!quant.uniform<i32:f32, 1.0>> to tensor<4x0xi32>
  %red = tensor.cast %res : tensor<4x0xi32> to tensor<?x?xi32>
  // CHECK: data =
  // CHECK-NEXT: [4, 0]
  call @print_sizes_2d(%red) : (tensor<?x?xi32>) -> ()

  //===--------------------------------------------------------------------===//
  // Result types only shape-compatible with the input: quantize of a ?x4
  // tensor (3 x 4 at run time) to 3x?, scale 0.5, zero point 0,
  // half_away_from_zero: x = 0.25 * [0 .. 11] -> x / 0.5 = [0, 0.5, .., 5.5]
  // -> [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6].
  //===--------------------------------------------------------------------===//
  %xs = arith.constant dense<[[0.0, 0.25, 0.5, 0.75], [1.0, 1.25, 1.5, 1.75],
      [2.0, 2.25, 2.5, 2.75]]> : tensor<3x4xf32>
  %xsd = tensor.cast %xs : tensor<3x4xf32> to tensor<?x4xf32>
  %qs = call @quantize_mixed(%xsd) : (tensor<?x4xf32>) -> tensor<3x?xi8>
  %qsf = tensor.collapse_shape %qs [[0, 1]] : tensor<3x?xi8> into tensor<?xi8>
  // CHECK: data =
  // CHECK-NEXT: [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6]
  call @print_i8(%qsf) : (tensor<?xi8>) -> ()

  // qconv2d whose result leaves the channel count dynamic: 1x1 kernel,
  // input 1x1x2x2 = [[[[1, 2], [7, 4]]]], filter [[1, 10, 100], [-1, -10,
  // -100]] (C = 2 by F = 3): out[w][f] = (x[w][0] - x[w][1]) * [1, 10, 100][f]
  //   w = 0: (1 - 2) * [1, 10, 100] = [-1, -10, -100]
  //   w = 1: (7 - 4) * [1, 10, 100] = [3, 30, 300]
  %xcm = arith.constant dense<[[[[1, 2], [7, 4]]]]> : tensor<1x1x2x2xi8>
  %wcm = arith.constant dense<[[[[1, 10, 100], [-1, -10, -100]]]]> : tensor<1x1x2x3xi8>
  %cm = call @conv_dynamic_channels(%xcm, %wcm)
      : (tensor<1x1x2x2xi8>, tensor<1x1x2x3xi8>) -> tensor<1x1x2x?xi32>
  %cmf = tensor.collapse_shape %cm [[0, 1, 2, 3]] : tensor<1x1x2x?xi32> into tensor<?xi32>
  // CHECK: data =
  // CHECK-NEXT: [-1, -10, -100, 3, 30, 300]
  call @print_i32(%cmf) : (tensor<?xi32>) -> ()
  return
}

func.func @quantize_mixed(%x: tensor<?x4xf32>) -> tensor<3x?xi8> {
  %q = quantx.quantize %x rounding<half_away_from_zero>
      : tensor<?x4xf32> -> tensor<3x?x!quant.uniform<i8:f32, 0.5>>
  %s = quant.scast %q : tensor<3x?x!quant.uniform<i8:f32, 0.5>> to tensor<3x?xi8>
  return %s : tensor<3x?xi8>
}

func.func @conv_dynamic_channels(%x: tensor<1x1x2x2xi8>, %w: tensor<1x1x2x3xi8>)
    -> tensor<1x1x2x?xi32> {
  %r = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      : tensor<1x1x2x2xi8>, tensor<1x1x2x3xi8> -> tensor<1x1x2x?xi32>
  return %r : tensor<1x1x2x?xi32>
}
