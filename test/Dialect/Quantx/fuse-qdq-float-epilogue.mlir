// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-fuse-qdq="float-epilogue emit-remarks" | FileCheck %s
// RUN: quantx-opt %s -split-input-file --quantx-fuse-qdq | FileCheck %s --check-prefix=OFF

// quantx-fuse-qdq{float-epilogue}: a conv/matmul whose inputs are
// dequantized but whose result does not reach one quantize through a bias
// and a clamp runs on integers, and its i32 accumulator is dequantized at
// scale s_x * s_w[c] (zero point 0). Expected values by hand.

#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>

/// MobileNetV3's conv + bias + HardSwish (x * relu6(x + 3) / 6) before the
/// next quantize: the HardSwish reads the biased value twice, so the
/// quantize does not end a bias/clamp pattern. The conv becomes qconv2d on
/// i8 activations (0.5) and per-channel weights (0.25, 0.5) with the
/// accumulator per axis 1 at s_acc = [0.125, 0.25]; the bias add, the
/// HardSwish and the quantize stay float.
// CHECK-LABEL: func.func @conv_hardswish
// CHECK:         %[[XQ:.*]] = quantx.quantize
// CHECK:         %[[WQ:.*]] = quant.scast
// CHECK:         %[[ACC:.*]] = quantx.qconv2d %[[XQ]], %[[WQ]] layout<nchw_fchw> : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i32:f32:1, {1.250000e-01,2.500000e-01}>>
// CHECK:         %[[Y:.*]] = quantx.dequantize %[[ACC]] : tensor<1x2x2x2x!quant.uniform<i32:f32:1, {1.250000e-01,2.500000e-01}>> -> tensor<1x2x2x2xf32>
// CHECK:         %[[B:.*]] = linalg.generic {{.*}} ins(%[[Y]], %{{.*}} : tensor<1x2x2x2xf32>, tensor<2xf32>)
// CHECK:         linalg.generic {{.*}} ins(%[[B]], %[[B]] :
// CHECK:         quantx.quantize
// CHECK-NOT:     linalg.conv
// OFF-LABEL:   func.func @conv_hardswish
// OFF:           linalg.conv_2d_nchw_fchw
// OFF-NOT:       quantx.qconv2d
func.func @conv_hardswish(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x1x3x3xf32> -> tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x3x3xf32>
  %wi = arith.constant dense<[[[[1, 2], [3, 4]]], [[[-1, -2], [-3, -4]]]]> : tensor<2x1x2x2xi8>
  %wq = quant.scast %wi : tensor<2x1x2x2xi8> to tensor<2x1x2x2x!quant.uniform<i8:f32:0, {0.25, 0.5}>>
  %wd = quantx.dequantize %wq : tensor<2x1x2x2x!quant.uniform<i8:f32:0, {0.25, 0.5}>> -> tensor<2x1x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%xd, %wd : tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %bias = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %b = linalg.generic {indexing_maps = [#map, #ch, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %bias : tensor<1x2x2x2xf32>, tensor<2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %bi: f32, %out: f32):
    %s = arith.addf %in, %bi : f32
    linalg.yield %s : f32
  } -> tensor<1x2x2x2xf32>
  %hs = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b, %b : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %three = arith.constant 3.0 : f32
    %six = arith.constant 6.0 : f32
    %z = arith.constant 0.0 : f32
    %p = arith.addf %in2, %three : f32
    %r = arith.maximumf %p, %z : f32
    %r6 = arith.minimumf %r, %six : f32
    %m = arith.mulf %in, %r6 : f32
    %d = arith.divf %m, %six : f32
    linalg.yield %d : f32
  } -> tensor<1x2x2x2xf32>
  // expected-remark @below {{not fused: 'linalg.generic' after 'linalg.conv_2d_nchw_fchw' is not a per-channel bias add followed by a clamp to constants}}
  %yq = quantx.quantize %hs rounding<half_to_even> : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
  return %yq : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

/// A residual block's matmul: its result is quantized for the next layer and
/// also added to the skip connection in float. The quantize-rooted fusion
/// refuses (two users); the float-epilogue form fuses, with the constant
/// outs [1, -2] as the i32 bias round([1, -2] / [0.125, 0.25]) = [8, -8] and
/// both users reading the dequantized accumulator.
// CHECK-LABEL: func.func @matmul_two_users
// CHECK:         %[[B:.*]] = arith.constant dense<[8, -8]> : tensor<2xi32>
// CHECK:         %[[ACC:.*]] = quantx.qmatmul %{{.*}}, %{{.*}} bias %[[B]] : {{.*}} -> tensor<2x2x!quant.uniform<i32:f32:1, {1.250000e-01,2.500000e-01}>>
// CHECK:         %[[Y:.*]] = quantx.dequantize %[[ACC]]
// CHECK:         %[[Q:.*]] = quantx.quantize %[[Y]]
// CHECK:         arith.addf %[[Y]], %{{.*}}
// CHECK-NOT:     linalg.matmul
func.func @matmul_two_users(%x: tensor<2x4xf32>, %skip: tensor<2x2xf32>) -> (tensor<2x2x!quant.uniform<i8:f32, 1.0>>, tensor<2x2xf32>) {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %xq : tensor<2x4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<2x4xf32>
  %wi = arith.constant dense<[[1, -1], [2, -2], [3, -3], [4, -4]]> : tensor<4x2xi8>
  %wq = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>>
  %wd = quantx.dequantize %wq : tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>> -> tensor<4x2xf32>
  %init = arith.constant dense<[[1.0, -2.0], [1.0, -2.0]]> : tensor<2x2xf32>
  %mm = linalg.matmul ins(%xd, %wd : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the float result of 'linalg.matmul' has other users than the pattern}}
  %yq = quantx.quantize %mm rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  %sum = arith.addf %mm, %skip : tensor<2x2xf32>
  return %yq, %sum : tensor<2x2x!quant.uniform<i8:f32, 1.0>>, tensor<2x2xf32>
}

// -----

/// A padded NCHW depthwise conv (MobileNetV3's 3x3 depthwise) feeding a
/// float op: the tensor.pad of the dequantized input with 0.0 becomes the
/// padding attribute, the C x KH x KW filter becomes C x 1 x KH x KW with
/// groups = C = 2, per-tensor accumulator 0.5 * 0.5 = 0.25.
// CHECK-LABEL: func.func @depthwise_padded_float_user
// CHECK:         %[[ACC:.*]] = quantx.qconv2d {{.*}} layout<nchw_fchw> {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : {{.*}} -> tensor<1x2x3x3x!quant.uniform<i32:f32, 2.500000e-01>>
// CHECK:         %[[Y:.*]] = quantx.dequantize %[[ACC]]
// CHECK:         math.tanh %[[Y]]
func.func @depthwise_padded_float_user(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x2x3x3xf32> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:-3>>
  %xd = quantx.dequantize %xq : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x2x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %xd low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x3x3xf32> to tensor<1x2x5x5xf32>
  %wi = arith.constant dense<1> : tensor<2x3x3xi8>
  %wq = quant.scast %wi : tensor<2x3x3xi8> to tensor<2x3x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<2x3x3x!quant.uniform<i8:f32, 0.5>> -> tensor<2x3x3xf32>
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %wd : tensor<1x2x5x5xf32>, tensor<2x3x3xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %t = math.tanh %c : tensor<1x2x3x3xf32>
  return %t : tensor<1x2x3x3xf32>
}

// -----

/// @negative_: a float input (an SE block's 1x1 conv that quantx-insert-qdq
/// left in float) has nothing to run on integers.
// CHECK-LABEL: func.func @negative_float_input
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK-NOT:     quantx.qconv2d
func.func @negative_float_input(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %wi = arith.constant dense<1> : tensor<2x1x2x2xi8>
  %wq = quant.scast %wi : tensor<2x1x2x2xi8> to tensor<2x1x2x2x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<2x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<2x1x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark @below {{not fused (float epilogue): the input of 'linalg.conv_2d_nchw_fchw' is not a quantx.dequantize}}
  %c = linalg.conv_2d_nchw_fchw ins(%x, %wd : tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

/// @negative_: K = 2^17 with i8 activations and runtime i8 weights (zero
/// points 0): 131072 * 128 * 128 = 2^31 can overflow the accumulator, and
/// without constant weights there is no tighter bound.
// CHECK-LABEL: func.func @negative_accumulator_overflow
// CHECK:         linalg.matmul
// CHECK-NOT:     quantx.qmatmul
func.func @negative_accumulator_overflow(%x: tensor<1x131072xf32>, %wq: tensor<131072x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1xf32> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x131072xf32> -> tensor<1x131072x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<1x131072x!quant.uniform<i8:f32, 0.5>> -> tensor<1x131072xf32>
  %wd = quantx.dequantize %wq : tensor<131072x1x!quant.uniform<i8:f32, 0.5>> -> tensor<131072x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  // expected-remark @below {{not fused (float epilogue): the i32 accumulator can overflow: K * max|x - z_x| * max|w - z_w| + max|bias| = 131072 * 128 * 128 + 0 = 2147483648 exceeds 2^31 - 1}}
  %mm = linalg.matmul ins(%xd, %wd : tensor<1x131072xf32>, tensor<131072x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  return %mm : tensor<1x1xf32>
}

// -----

/// @negative_: the outs operand is a runtime tensor, not a bias the i32
/// accumulator can start from.
// CHECK-LABEL: func.func @negative_runtime_outs
// CHECK:         linalg.matmul
// CHECK-NOT:     quantx.qmatmul
func.func @negative_runtime_outs(%x: tensor<2x4xf32>, %acc: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<2x4x!quant.uniform<i8:f32, 0.5>> -> tensor<2x4xf32>
  %wi = arith.constant dense<1> : tensor<4x2xi8>
  %wq = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<4x2x!quant.uniform<i8:f32, 0.5>> -> tensor<4x2xf32>
  // expected-remark @below {{not fused (float epilogue): the outs operand of 'linalg.matmul' is}}
  %mm = linalg.matmul ins(%xd, %wd : tensor<2x4xf32>, tensor<4x2xf32>) outs(%acc : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %mm : tensor<2x2xf32>
}
