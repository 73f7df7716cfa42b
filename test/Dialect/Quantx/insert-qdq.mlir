// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq | FileCheck %s --check-prefix=DEF
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="rounding=toward_zero weight-granularity=per-tensor" | FileCheck %s --check-prefix=RTZ
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="weight-bits=4" | FileCheck %s --check-prefix=W4
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="weight-symmetric=false weight-narrow-range=false" | FileCheck %s --check-prefix=ASYM
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="activation-bits=16 activation-symmetric=true" | FileCheck %s --check-prefix=A16
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="weight-granularity=per-group group-size=2" | FileCheck %s --check-prefix=GROUP
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="ops=conv,depthwise_conv" | FileCheck %s --check-prefix=OPS
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="skip-first" | FileCheck %s --check-prefix=FIRST
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="skip-last" | FileCheck %s --check-prefix=LAST
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="bit-allocation weight-bits=4" | FileCheck %s --check-prefix=BITS
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq -debug-only=quantx-insert-qdq 2>&1 >/dev/null | FileCheck %s --check-prefix=DEBUG

// Expected values are derived by hand from the statistics and weights below,
// with each scale rounded to f32 first (quantize divides by the f32 scale).
// Scales print as the f64 value of that f32.

/// One matmul: activation statistics min -1, max 2; per-output-channel
/// weights. Defaults: activations 8-bit asymmetric min-max, scale 3/255
/// (f32 0.011764706112444401), zero point round(-128 + 1/(3/255)) = -43;
/// weights 8-bit symmetric narrow [-127, 127] per channel, scales
/// max|W[:, n]| / 127 = 3/127, 2/127, 1/127, integers round(W / scale), half
/// to even: 1/(3/127) = 42.33 -> 42, 0.25 -> 10.58 -> 11, -0.75 -> -31.75 ->
/// -32, 1.5/(2/127) = 95.25 -> 95, 0.5/f32(1/127) = 63.50000024 -> 64.
// DEF-LABEL: func.func @matmul
// DEF-SAME: (%[[X:.*]]: tensor<2x4xf32>
// DEF: %[[Q:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.011764706112444401:-43>>
// DEF: %[[DQ:.*]] = quantx.dequantize %[[Q]] : tensor<2x4x!quant.uniform<i8:f32, 0.011764706112444401:-43>> -> tensor<2x4xf32>
// DEF-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<2x3xf32>
// DEF-DAG: %[[WI:.*]] = arith.constant dense<{{\[}}[42, -127, 64], [11, 0, -127], [127, 95, -64], [-32, 127, 127]]> : tensor<4x3xi8>
// DEF: %[[WQ:.*]] = quant.scast %[[WI]] : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8<-127:127>:f32:1, {0.023622047156095505,0.015748031437397003,0.0078740157186985015}>>
// DEF: %[[W:.*]] = quantx.dequantize %[[WQ]]
// DEF: linalg.matmul ins(%[[DQ]], %[[W]] : tensor<2x4xf32>, tensor<4x3xf32>) outs(%[[Z]] : tensor<2x3xf32>)
// The float weights are gone.
// DEF-NOT: tensor<4x3xf32> = dense
//
/// Rounding toward zero (quantize op and weights) with one weight scale,
/// max|W| / 127 = 3/127: -2 -> -84.67 -> -84, 1.5 -> 63.5 -> 63, 0.25 ->
/// 10.58 -> 10.
// RTZ-LABEL: func.func @matmul
// RTZ: quantx.quantize %{{.*}} rounding<toward_zero> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.011764706112444401:-43>>
// RTZ: arith.constant dense<{{\[}}[42, -84, 21], [10, 0, -42], [127, 63, -21], [-31, 84, 42]]> : tensor<4x3xi8>
// RTZ: quant.scast {{.*}} to tensor<4x3x!quant.uniform<i8<-127:127>:f32, 0.023622047156095505>>
//
/// 4-bit weights: i8 storage narrowed to [-7, 7], scales 3/7, 2/7, 1/7;
/// 0.5/f32(1/7) = 3.4999998 -> 3, 1/(3/7) = 2.33 -> 2, 1.5/(2/7) = 5.25 -> 5.
// W4-LABEL: func.func @matmul
// W4: arith.constant dense<{{\[}}[2, -7, 3], [1, 0, -7], [7, 5, -3], [-2, 7, 7]]> : tensor<4x3xi8>
// W4: quant.scast {{.*}} to tensor<4x3x!quant.uniform<i8<-7:7>:f32:1, {0.4285714328289032,0.28571429848670959,0.1428571492433548}>>
//
/// Asymmetric full-range weights: column ranges [-0.75, 3], [-2, 2],
/// [-1, 1]; scales 3.75/255, 4/255, 2/255; zero points round(-128 + 0.75 /
/// s) = -77, round(-128 + 127.4999992) = -1, round(-128 + 127.499994) = -1;
/// e.g. 1/s0 = 67.99999 -> 68 - 77 = -9, 0.5/s2 = 63.75 -> 64 - 1 = 63.
// ASYM-LABEL: func.func @matmul
// ASYM: arith.constant dense<{{\[}}[-9, -128, 63], [-60, -1, -128], [127, 95, -65], [-128, 126, 126]]> : tensor<4x3xi8>
// ASYM: quant.scast {{.*}} to tensor<4x3x!quant.uniform<i8:f32:1, {0.014705882407724857:-77,0.015686275437474251:-1,0.0078431377187371254:-1}>>
//
/// 16-bit symmetric activations: i16, zero point 0, scale 2/32767.
// A16-LABEL: func.func @matmul
// A16: quantx.quantize %{{.*}} rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i16:f32, 6.1037018895149231E-5>>
//
// DEBUG: [quantx-insert-qdq] @matmul matmul0 (linalg.matmul): quantizing
// DEBUG-NEXT: [quantx-insert-qdq]   activation 'arg0': count 8, min -1, max 2, mean 0.5, std 1, mad 0.75, no histogram
// DEBUG-NEXT: [quantx-insert-qdq]   activation 'arg0': minmax clips to [-1, 2]; 8-bit asymmetric [-128, 127] -> scale 0.0117647, zero point -43
// DEBUG-NEXT: [quantx-insert-qdq]   weights: per-channel(3), minmax, 8-bit symmetric [-127, 127]: scales [0.00787402, 0.023622], zero points [0, 0], SQNR {{[0-9.]+}} dB
func.func @matmul(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[1.0, -2.0, 0.5], [0.25, 0.0, -1.0], [3.0, 1.5, -0.5], [-0.75, 2.0, 1.0]]> : tensor<4x3xf32>
  %z = arith.constant dense<0.0> : tensor<2x3xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%z : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

/// The same weights in a dense_resource, as the ONNX importer writes them:
/// the same integers.
// DEF-LABEL: func.func @matmul_resource
// DEF: quantx.quantize %{{.*}} rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.011764706112444401:-43>>
// DEF: arith.constant dense<{{\[}}[42, -127, 64], [11, 0, -127], [127, 95, -64], [-32, 127, 127]]> : tensor<4x3xi8>
// DEF: linalg.matmul
func.func @matmul_resource(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> tensor<2x3xf32> {
  %w = arith.constant dense_resource<matmul_weights> : tensor<4x3xf32>
  %z = arith.constant dense<0.0> : tensor<2x3xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%z : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      matmul_weights: "0x040000000000803F000000C00000003F0000803E00000000000080BF000040400000C03F000000BF000040BF000000400000803F"
    }
  }
#-}

// -----

/// Per-group weights: blocks of 2 input channels (rows) per output channel,
/// a sub-channel type with block sizes {0:2, 1:1} and a 2x2 scale tensor
/// [group][channel]: max|.| of rows 0-1 / 127 = 2/127, 8/127; of rows 2-3:
/// 0.5/127, 2/127. 1/(2/127) = 63.5 -> 64 (f32 scale below 2/127), 0.25 /
/// (0.5/127) -> 64, -1/(2/127) -> -64.
// GROUP-LABEL: func.func @matmul_groups
// GROUP: arith.constant dense<{{\[}}[64, 64], [-127, 127], [127, -64], [64, 127]]> : tensor<4x2xi8>
// GROUP: quant.scast {{.*}} to tensor<4x2x!quant.uniform<i8<-127:127>:f32:{0:2, 1:1}, {{\{\{}}0.0157480314, 0.0629921257}, {0.00393700786, 0.0157480314}}>>
func.func @matmul_groups(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 4.0], [-2.0, 8.0], [0.5, -1.0], [0.25, 2.0]]> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// Convolutions: the activation of a conv fed by a zero tensor.pad is
/// quantized before the pad (the padding stays the real 0, exact on every
/// grid); per-channel weights along F (axis 0 of fchw, 3 of hwcf) and C
/// (axis 2 of a depthwise hwc filter). Statistics [0, 2.55]: scale 0.01,
/// zero point -128.
// DEF-LABEL: func.func @convs
// DEF-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>
// DEF: %[[Q:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<1x1x4x4xf32> -> tensor<1x1x4x4x!quant.uniform<i8:f32, 0.0099999997764825821:-128>>
// DEF: %[[DQ:.*]] = quantx.dequantize %[[Q]]
// DEF: %[[PAD:.*]] = tensor.pad %[[DQ]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// DEF: quant.scast {{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0039370078593492508,0.0078740157186985015}>>
// DEF: linalg.conv_2d_nchw_fchw ins(%[[PAD]], %{{.*}} : tensor<1x1x6x6xf32>, tensor<2x1x1x1xf32>)
// DEF: quant.scast {{.*}} : tensor<1x1x2x3xi8> to tensor<1x1x2x3x!quant.uniform<i8<-127:127>:f32:3, {0.0039370078593492508,0.0078740157186985015,0.011811023578047752}>>
// DEF: linalg.conv_2d_nhwc_hwcf
// DEF: quant.scast {{.*}} : tensor<1x1x2xi8> to tensor<1x1x2x!quant.uniform<i8<-127:127>:f32:2, {0.0039370078593492508,0.0078740157186985015}>>
// DEF: linalg.depthwise_conv_2d_nhwc_hwc
//
/// Only the kinds named in `ops`.
// OPS-LABEL: func.func @convs
// OPS-COUNT-2: quantx.quantize
//
// GROUP-LABEL: func.func @convs
// GROUP-COUNT-1: quant.scast {{.*}}:f32:{2:2, 3:1}
// GROUP-NOT: quant.scast
func.func @convs(%x: tensor<1x1x4x4xf32> {quantx.stats = #quantx.tensor_stats<count = 16, min = 0.0, max = 2.55, mean = 1.0, std = 0.5, mad = 0.4>},
                 %y: tensor<1x4x4x2xf32> {quantx.stats = #quantx.tensor_stats<count = 32, min = 0.0, max = 2.55, mean = 1.0, std = 0.5, mad = 0.4>})
    -> (tensor<1x2x6x6xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x1x4x4xf32> to tensor<1x1x6x6xf32>
  %w = arith.constant dense<[[[[0.5]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %o = arith.constant dense<0.0> : tensor<1x2x6x6xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%p, %w : tensor<1x1x6x6xf32>, tensor<2x1x1x1xf32>) outs(%o : tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
  %w2 = arith.constant dense<[[[[0.5, 1.0, 1.5], [-0.25, -0.5, -0.75]]]]> : tensor<1x1x2x3xf32>
  %o2 = arith.constant dense<0.0> : tensor<1x4x4x3xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf ins(%y, %w2 : tensor<1x4x4x2xf32>, tensor<1x1x2x3xf32>) outs(%o2 : tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %w3 = arith.constant dense<[[[0.5, -1.0]]]> : tensor<1x1x2xf32>
  %o3 = arith.constant dense<0.0> : tensor<1x4x4x2xf32>
  %c3 = linalg.depthwise_conv_2d_nhwc_hwc ins(%y, %w3 : tensor<1x4x4x2xf32>, tensor<1x1x2xf32>) outs(%o3 : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %c, %c2, %c3 : tensor<1x2x6x6xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x2xf32>
}

// -----

/// A value feeding two matmuls is quantized once.
// DEF-LABEL: func.func @shared_activation
// GROUP-LABEL: func.func @shared_activation
// DEF-COUNT-1: quantx.quantize
// DEF-NOT: quantx.quantize
// DEBUG: [quantx-insert-qdq]   activation 'arg0': already quantized, reusing
func.func @shared_activation(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %a = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %b = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %a, %b : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

/// Three chained matmuls, with statistics on the intermediate results (on
/// the producing ops). skip-first / skip-last leave the first / last one in
/// float (its inputs untouched); `ops` without matmul leaves all three.
// DEF-LABEL: func.func @chain
// DEF-COUNT-3: quantx.quantize
// FIRST-LABEL: func.func @chain
// FIRST-SAME: (%[[X:.*]]: tensor<2x2xf32>
// FIRST: %[[A:.*]] = linalg.matmul {{.*}}ins(%[[X]], %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>)
// FIRST: quantx.quantize %[[A]]
// FIRST-COUNT-1: quantx.quantize
// FIRST-NOT: quantx.quantize
// LAST-LABEL: func.func @chain
// LAST-COUNT-2: quantx.quantize
// LAST: %[[B:.*]] = linalg.matmul
// LAST-NOT: quantx.quantize
// LAST: linalg.matmul ins(%[[B]], %{{.*}} : tensor<2x2xf32>, tensor<2x2xf32>)
// OPS-LABEL: func.func @chain
// OPS-NOT: quantx.quantize
func.func @chain(%x: tensor<2x2xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 1.0, mean = 0.0, std = 1.0, mad = 1.0>}) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 0.5], [-0.5, 1.0]]> : tensor<2x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %a = linalg.matmul {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.5, max = 1.5, mean = 0.0, std = 1.0, mad = 1.0>} ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %b = linalg.matmul {quantx.stats = #quantx.tensor_stats<count = 4, min = -2.5, max = 2.5, mean = 0.0, std = 1.0, mad = 1.0>} ins(%a, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = linalg.matmul ins(%b, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %c : tensor<2x2xf32>
}

// -----

/// ACIQ bit allocation at a mean of 4 bits: the columns are multiples 1, 8,
/// 27, 64 of [1, -0.5, 0.3, 0], so their standard deviations are in those
/// ratios and the reference allocation is {2, 4, 5, 6} bits (the oracle in
/// ClippingTest.cpp). Each column gets an asymmetric grid of its own width
/// inside i8: range [-0.5c, c], scale 1.5c / (2^M - 1) = 0.5, 0.8, 1.306452,
/// 1.523810, zero point round(-2^(M-1) + (2^M - 1)/3) = -1, -3, -6, -11;
/// integers round(w / scale) + zp: column 0: 2-1, -1-1, 0.6->1 -1, 0-1.
// BITS-LABEL: func.func @bit_allocation
// BITS: arith.constant dense<{{\[}}[1, 7, 15, 31], [-2, -8, -16, -32], [0, 0, 0, 2], [-1, -3, -6, -11]]> : tensor<4x4xi8>
// BITS: quant.scast {{.*}} to tensor<4x4x!quant.uniform<i8:f32:1, {5.000000e-01:-1,0.80000001192092896:-3,1.3064515590667725:-6,1.523809552192688:-11}>>
func.func @bit_allocation(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) -> tensor<2x4xf32> {
  %w = arith.constant dense<[[1.0, 8.0, 27.0, 64.0], [-0.5, -4.0, -13.5, -32.0], [0.3, 2.4, 8.1, 19.2], [0.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %z = arith.constant dense<0.0> : tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%z : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

/// Weights that are not a constant: not quantized, and the activation is
/// left alone too (no statistics needed).
// DEF-LABEL: func.func @negative_weights_not_constant
// DEF-NOT: quantx.quantize
// DEBUG: [quantx-insert-qdq] @negative_weights_not_constant matmul0 (linalg.matmul): not quantized: its weights (input 1) are not a dense f32 constant
func.func @negative_weights_not_constant(%x: tensor<2x4xf32>, %w: tensor<4x2xf32>) -> tensor<2x2xf32> {
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// f16 matmuls and transposed operands are not candidates.
// DEF-LABEL: func.func @negative_not_candidates
// DEF-NOT: quantx.quantize
func.func @negative_not_candidates(%x: tensor<2x4xf16>, %xt: tensor<4x2xf32>) -> (tensor<2x2xf16>, tensor<2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x2xf16>
  %z = arith.constant dense<0.0> : tensor<2x2xf16>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf16>, tensor<4x2xf16>) outs(%z : tensor<2x2xf16>) -> tensor<2x2xf16>
  %w2 = arith.constant dense<1.0> : tensor<4x2xf32>
  %z2 = arith.constant dense<0.0> : tensor<2x2xf32>
  %t = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%xt, %w2 : tensor<4x2xf32>, tensor<4x2xf32>) outs(%z2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y, %t : tensor<2x2xf16>, tensor<2x2xf32>
}
