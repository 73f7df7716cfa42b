// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-fuse-qdq=emit-remarks | FileCheck %s
// RUN: quantx-opt %s -split-input-file --quantx-fuse-qdq=rounding=double_round | FileCheck %s --check-prefix=DR

// Expected values by hand: accumulator scales s_x * s_w[c], i32 biases
// round(b[c] / (s_x * s_w[c])), multipliers M * 2^-shift = s_acc / s_y with
// M in [2^30, 2^31), and clamp ranges quantize(lo), quantize(hi).

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

/// A fully connected layer: u8 activations (0.5, 128), per-channel i8
/// weights (0.25, 0.5), bias [1, -2] and ReLU in one generic, i8 output
/// (1.0, -10). s_acc = [0.125, 0.25], bias = [8, -8], ratios 0.125 = 2^30 *
/// 2^-33 and 0.25 = 2^30 * 2^-32; ReLU narrows the output to [-10, 127].
// CHECK-LABEL: func.func @fuse_matmul_per_channel_bias_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<2x4xf32>)
// CHECK:         %[[XQ:.*]] = quantx.quantize %[[X]]
// CHECK:         %[[WQ:.*]] = quant.scast
// CHECK:         %[[B:.*]] = arith.constant dense<[8, -8]> : tensor<2xi32>
// CHECK:         %[[ACC:.*]] = quantx.qmatmul %[[XQ]], %[[WQ]] bias %[[B]] : {{.*}} -> tensor<2x2x!quant.uniform<i32:f32:1, {1.250000e-01,2.500000e-01}>>
// CHECK:         %[[R:.*]] = quantx.requantize %[[ACC]] axis(1) multiplier [1073741824, 1073741824] shift [33, 32] rounding<half_to_even> : {{.*}} -> tensor<2x2x!quant.uniform<i8<-10:127>:f32, 1.000000e+00:-10>>
// CHECK:         %[[S:.*]] = quant.scast %[[R]] : {{.*}} to tensor<2x2xi8>
// CHECK:         %[[Y:.*]] = quant.scast %[[S]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8:f32, 1.000000e+00:-10>>
// CHECK:         return %[[Y]]
// CHECK-NOT:     linalg
// DR-LABEL:    func.func @fuse_matmul_per_channel_bias_relu
// DR:            quantx.requantize {{.*}} rounding<double_round>
func.func @fuse_matmul_per_channel_bias_relu(%x: tensor<2x4xf32>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %xq : tensor<2x4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<2x4xf32>
  %wi = arith.constant dense<[[1, -2], [3, 4], [-5, 6], [7, -8]]> : tensor<4x2xi8>
  %wq = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>>
  %wd = quantx.dequantize %wq : tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>> -> tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %b = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %y = linalg.generic {indexing_maps = [#id2, #col, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%m, %b : tensor<2x2xf32>, tensor<2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x2xf32>
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>>
}

// -----

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#c3 = affine_map<(d0, d1, d2, d3) -> (d3)>

/// NHWC conv with a zero-padded input (padding [1, 1, 1, 1]), stride 2, the
/// bias [0.25, -0.5, 1.0] in the outs operand (torch-mlir) and ReLU6 written
/// with cmpf/select. s_acc = 0.5 * 0.125 = 0.0625, bias = [4, -8, 16];
/// 0.0625 / 0.05 = 1.25 = 1342177280 * 2^-30; u8 output (0.05, 20) narrowed
/// to [quantize(0), quantize(6)] = [20, 140].
// CHECK-LABEL: func.func @fuse_conv_nhwc_padding_bias_in_init_relu6
// CHECK:         %[[B:.*]] = arith.constant dense<[4, -8, 16]> : tensor<3xi32>
// CHECK:         %[[ACC:.*]] = quantx.qconv2d %{{.*}}, %{{.*}} bias %[[B]] layout<nhwc_hwcf> {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : {{.*}} -> tensor<1x2x2x3x!quant.uniform<i32:f32, 6.250000e-02>>
// CHECK:         quantx.requantize %[[ACC]] multiplier [1342177280] shift [30] rounding<half_to_even> : {{.*}} -> tensor<1x2x2x3x!quant.uniform<u8<20:140>:f32, 5.000000e-02:20>>
// CHECK-NOT:     tensor.pad
func.func @fuse_conv_nhwc_padding_bias_in_init_relu6(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x3x!quant.uniform<u8:f32, 0.05:20>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5>> -> tensor<1x4x4x2xf32>
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %p = tensor.pad %xd low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x2xf32> to tensor<1x6x6x2xf32>
  %wi = arith.constant dense<1> : tensor<3x3x2x3xi8>
  %wq = quant.scast %wi : tensor<3x3x2x3xi8> to tensor<3x3x2x3x!quant.uniform<i8:f32, 0.125>>
  %wd = quantx.dequantize %wq : tensor<3x3x2x3x!quant.uniform<i8:f32, 0.125>> -> tensor<3x3x2x3xf32>
  %b = arith.constant dense<[0.25, -0.5, 1.0]> : tensor<3xf32>
  %e = tensor.empty() : tensor<1x2x2x3xf32>
  %init = linalg.generic {indexing_maps = [#c3, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<3xf32>) outs(%e : tensor<1x2x2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x2x3xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %wd : tensor<1x6x6x2xf32>, tensor<3x3x2x3xf32>) outs(%init : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %y = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x2x2x3xf32>) outs(%e : tensor<1x2x2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.cmpf ugt, %in, %zero : f32
    %1 = arith.select %0, %in, %zero : f32
    %2 = arith.cmpf ult, %1, %six : f32
    %3 = arith.select %2, %1, %six : f32
    linalg.yield %3 : f32
  } -> tensor<1x2x2x3xf32>
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<1x2x2x3xf32> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 0.05:20>>
  return %yq : tensor<1x2x2x3x!quant.uniform<u8:f32, 0.05:20>>
}

// -----

/// NCHW conv, per-tensor weights, no bias, no clamp: the requantize inherits
/// the output quantize's half_away_from_zero (or takes the option's mode);
/// 1.0 * 0.5 / 2.0 = 0.25 = 2^30 * 2^-32.
// CHECK-LABEL: func.func @fuse_conv_nchw_inherits_rounding
// CHECK:         %[[ACC:.*]] = quantx.qconv2d %{{.*}}, %{{.*}} layout<nchw_fchw> : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i32:f32, 5.000000e-01>>
// CHECK:         %[[R:.*]] = quantx.requantize %[[ACC]] multiplier [1073741824] shift [32] rounding<half_away_from_zero> : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.000000e+00>>
// CHECK-NEXT:    return %[[R]]
// DR-LABEL:    func.func @fuse_conv_nchw_inherits_rounding
// DR:            quantx.requantize {{.*}} rounding<double_round>
func.func @fuse_conv_nchw_inherits_rounding(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x1x3x3xf32> -> tensor<1x1x3x3x!quant.uniform<i8:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x1x3x3x!quant.uniform<i8:f32, 1.0>> -> tensor<1x1x3x3xf32>
  %wi = arith.constant dense<1> : tensor<2x1x2x2xi8>
  %wq = quant.scast %wi : tensor<2x1x2x2xi8> to tensor<2x1x2x2x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<2x1x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<2x1x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%xd, %wd : tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>)
      outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %yq = quantx.quantize %c rounding<half_away_from_zero> : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.0>>
  return %yq : tensor<1x2x2x2x!quant.uniform<i8:f32, 2.0>>
}

// -----

/// NHWC depthwise with weights per channel along their dimension 2: the
/// filter becomes KH x KW x 1 x C, per axis along 3, through quant.scast to
/// and from the storage type; groups = C = 2. s_acc = [0.25, 0.125].
// CHECK-LABEL: func.func @fuse_depthwise_nhwc_per_channel
// CHECK:         %[[S:.*]] = quant.scast %{{.*}} : tensor<2x2x2x!quant.uniform<i8:f32:2, {5.000000e-01,2.500000e-01}>> to tensor<2x2x2xi8>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[S]] {{\[\[}}0], [1], [2, 3]] output_shape [2, 2, 1, 2] : tensor<2x2x2xi8> into tensor<2x2x1x2xi8>
// CHECK:         %[[F:.*]] = quant.scast %[[E]] : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!quant.uniform<i8:f32:3, {5.000000e-01,2.500000e-01}>>
// CHECK:         %[[ACC:.*]] = quantx.qconv2d %{{.*}}, %[[F]] layout<nhwc_hwcf> {{{.*}}groups = 2 : i64{{.*}}} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i32:f32:3, {2.500000e-01,1.250000e-01}>>
// CHECK:         quantx.requantize %[[ACC]] axis(3) multiplier [1073741824, 1073741824] shift [32, 33] rounding<half_to_even>
func.func @fuse_depthwise_nhwc_per_channel(%x: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x3x3x2xf32> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %xq : tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:128>> -> tensor<1x3x3x2xf32>
  %wi = arith.constant dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]> : tensor<2x2x2xi8>
  %wq = quant.scast %wi : tensor<2x2x2xi8> to tensor<2x2x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>>
  %wd = quantx.dequantize %wq : tensor<2x2x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>> -> tensor<2x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%xd, %wd : tensor<1x3x3x2xf32>, tensor<2x2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// NCHW depthwise with per-tensor weights: the C x KH x KW filter is
/// expanded to C x 1 x KH x KW as it is; groups = 2, dilation 2 kept.
// CHECK-LABEL: func.func @fuse_depthwise_nchw_per_tensor
// CHECK:         %[[F:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] output_shape [2, 1, 2, 2] : tensor<2x2x2x!quant.uniform<i8:f32, 5.000000e-01>> into tensor<2x1x2x2x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK:         quantx.qconv2d %{{.*}}, %[[F]] layout<nchw_fchw> {dilations = array<i64: 2, 2>, groups = 2 : i64} :
// CHECK:         quantx.requantize {{.*}} multiplier [1073741824] shift [30]
func.func @fuse_depthwise_nchw_per_tensor(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>> -> tensor<1x2x4x4xf32>
  %wi = arith.constant dense<2> : tensor<2x2x2xi8>
  %wq = quant.scast %wi : tensor<2x2x2xi8> to tensor<2x2x2x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<2x2x2x!quant.uniform<i8:f32, 0.5>> -> tensor<2x2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%xd, %wd : tensor<1x2x4x4xf32>, tensor<2x2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25>>
  return %yq : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

/// torch-mlir's grouped conv (G = 2) on a dequantized NCHW input and a
/// dequantized F x C/G x KH x KW filter (per channel along F), expanded to
/// (G, F/G): one qconv2d with groups = 2 on the 4-D operands.
// CHECK-LABEL: func.func @fuse_grouped_conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x2x2xf32>)
// CHECK:         %[[XQ:.*]] = quantx.quantize %[[X]]
// CHECK:         %[[WQ:.*]] = quant.scast %{{.*}} : tensor<4x2x1x1xi8> to
// CHECK:         %[[ACC:.*]] = quantx.qconv2d %[[XQ]], %[[WQ]] layout<nchw_fchw> {{{.*}}groups = 2 : i64{{.*}}} : {{.*}} -> tensor<1x4x2x2x!quant.uniform<i32:f32:1, {5.000000e-01,1.000000e+00,5.000000e-01,1.000000e+00}>>
// CHECK:         quantx.requantize %[[ACC]] axis(1)
// CHECK-NOT:     linalg.conv
func.func @fuse_grouped_conv(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2x!quant.uniform<i8:f32, 1.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x4x2x2xf32> -> tensor<1x4x2x2x!quant.uniform<i8:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x4x2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<1x4x2x2xf32>
  %wi = arith.constant dense<1> : tensor<4x2x1x1xi8>
  %wq = quant.scast %wi : tensor<4x2x1x1xi8> to tensor<4x2x1x1x!quant.uniform<i8:f32:0, {0.5, 1.0, 0.5, 1.0}>>
  %wd = quantx.dequantize %wq : tensor<4x2x1x1x!quant.uniform<i8:f32:0, {0.5, 1.0, 0.5, 1.0}>> -> tensor<4x2x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %xg = tensor.expand_shape %xd [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 2, 2] : tensor<1x4x2x2xf32> into tensor<1x2x2x2x2xf32>
  %wg = tensor.expand_shape %wd [[0, 1], [2], [3], [4]] output_shape [2, 2, 2, 1, 1] : tensor<4x2x1x1xf32> into tensor<2x2x2x1x1xf32>
  %ig = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 2, 2] : tensor<1x4x2x2xf32> into tensor<1x2x2x2x2xf32>
  %c = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%xg, %wg : tensor<1x2x2x2x2xf32>, tensor<2x2x2x1x1xf32>) outs(%ig : tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %r = tensor.collapse_shape %c [[0], [1, 2], [3], [4]] : tensor<1x2x2x2x2xf32> into tensor<1x4x2x2xf32>
  %yq = quantx.quantize %r rounding<half_to_even> : tensor<1x4x2x2xf32> -> tensor<1x4x2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x4x2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// batch_matmul becomes a rank-3 qmatmul.
// CHECK-LABEL: func.func @fuse_batch_matmul
// CHECK:         quantx.qmatmul {{.*}} -> tensor<2x2x2x!quant.uniform<i32:f32, 2.500000e-01>>
func.func @fuse_batch_matmul(%x: tensor<2x2x3xf32>, %w: tensor<2x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x2x!quant.uniform<i8:f32, 1.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<2x2x3xf32> -> tensor<2x2x3x!quant.uniform<i8:f32, 0.5>>
  %xd = quantx.dequantize %xq : tensor<2x2x3x!quant.uniform<i8:f32, 0.5>> -> tensor<2x2x3xf32>
  %wd = quantx.dequantize %w : tensor<2x3x2x!quant.uniform<i8:f32, 0.5>> -> tensor<2x3x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %m = linalg.batch_matmul ins(%xd, %wd : tensor<2x2x3xf32>, tensor<2x3x2xf32>) outs(%init : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2x2xf32> -> tensor<2x2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

/// i16 activations, K = 511: 511 * 32768 * 128 = 2143289344 leaves 4194303
/// for the bias, less than its 5000000 units; the constant weights (all 1)
/// bound the channel by 32768 * 511 + 5000000 = 21744448, so it fuses.
// CHECK-LABEL: func.func @fuse_with_the_per_channel_bound_of_constant_weights
// CHECK:         arith.constant dense<5000000> : tensor<1xi32>
// CHECK:         quantx.qmatmul
func.func @fuse_with_the_per_channel_bound_of_constant_weights(%x: tensor<1x511xf32>) -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x511xf32> -> tensor<1x511x!quant.uniform<i16:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x511x!quant.uniform<i16:f32, 1.0>> -> tensor<1x511xf32>
  %wi = arith.constant dense<1> : tensor<511x1xi8>
  %wq = quant.scast %wi : tensor<511x1xi8> to tensor<511x1x!quant.uniform<i8:f32, 1.0>>
  %wd = quantx.dequantize %wq : tensor<511x1x!quant.uniform<i8:f32, 1.0>> -> tensor<511x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<1x511xf32>, tensor<511x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  %b = arith.constant dense<5000000.0> : tensor<1x1xf32>
  %y = arith.addf %m, %b : tensor<1x1xf32>
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<1x1xf32> -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
  return %yq : tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
}

// -----

/// The pad can also be on the quantized input, with its zero point (128,
/// the i8 bit pattern -128): the real 0 either way.
// CHECK-LABEL: func.func @fuse_conv_padded_with_the_zero_point
// CHECK:         quantx.qconv2d %{{.*}}, %{{.*}} layout<nchw_fchw> {padding = array<i64: 1, 2, 1, 2>} :
// CHECK-NOT:     tensor.pad
func.func @fuse_conv_padded_with_the_zero_point(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3x!quant.uniform<i8:f32, 1.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>
  %zpi = arith.constant -128 : i8
  %zp = quant.scast %zpi : i8 to !quant.uniform<u8:f32, 0.5:128>
  %p = tensor.pad %xq low[0, 0, 1, 1] high[0, 0, 2, 2] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zp : !quant.uniform<u8:f32, 0.5:128>
  } : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x1x5x5x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %p : tensor<1x1x5x5x!quant.uniform<u8:f32, 0.5:128>> -> tensor<1x1x5x5xf32>
  %wi = arith.constant dense<1> : tensor<1x1x3x3xi8>
  %wq = quant.scast %wi : tensor<1x1x3x3xi8> to tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%xd, %wd : tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>)
      outs(%init : tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x1x3x3xf32> -> tensor<1x1x3x3x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x1x3x3x!quant.uniform<i8:f32, 1.0>>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

/// ONNX QDQ models carry the bias as a dequantized i32 constant at the
/// accumulator scale: it comes back as the same integers [8, -8].
// CHECK-LABEL: func.func @fuse_matmul_dequantized_i32_bias
// CHECK:         %[[B:.*]] = arith.constant dense<[8, -8]> : tensor<2xi32>
// CHECK:         quantx.qmatmul %{{.*}}, %{{.*}} bias %[[B]]
func.func @fuse_matmul_dequantized_i32_bias(%x: tensor<2x4xf32>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %xq : tensor<2x4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<2x4xf32>
  %wi = arith.constant dense<1> : tensor<4x2xi8>
  %wq = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>>
  %wd = quantx.dequantize %wq : tensor<4x2x!quant.uniform<i8:f32:1, {0.25, 0.5}>> -> tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %bi = arith.constant dense<[8, -8]> : tensor<2xi32>
  %bq = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>
  %b = quantx.dequantize %bq : tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>> -> tensor<2xf32>
  %y = linalg.generic {indexing_maps = [#id2, #col, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%m, %b : tensor<2x2xf32>, tensor<2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    linalg.yield %s : f32
  } -> tensor<2x2xf32>
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0:-10>>
}

// -----

/// A quantize of a function argument is no QDQ pattern: no remark.
// CHECK-LABEL: func.func @negative_input_quantize
// CHECK:         quantx.quantize
func.func @negative_input_quantize(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// K = 1024 i16 x i8 products can reach 1024 * 32768 * 128 = 2^32.
// CHECK-LABEL: func.func @negative_accumulator_can_overflow
// CHECK:         linalg.matmul
func.func @negative_accumulator_can_overflow(%x: tensor<1x1024xf32>) -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x1024xf32> -> tensor<1x1024x!quant.uniform<i16:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x1024x!quant.uniform<i16:f32, 1.0>> -> tensor<1x1024xf32>
  %wi = arith.constant dense<1> : tensor<1024x1xi8>
  %wq = quant.scast %wi : tensor<1024x1xi8> to tensor<1024x1x!quant.uniform<i8:f32, 1.0>>
  %wd = quantx.dequantize %wq : tensor<1024x1x!quant.uniform<i8:f32, 1.0>> -> tensor<1024x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<1x1024xf32>, tensor<1024x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  // expected-remark @below {{not fused: the i32 accumulator can overflow: K * max|x - z_x| * max|w - z_w| + max|bias| = 1024 * 32768 * 128 + 0 = 4294967296 exceeds 2^31 - 1}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<1x1xf32> -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
  return %yq : tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
}

// -----

/// As @fuse_with_the_per_channel_bound_of_constant_weights, but the weights
/// are an argument: only the type bound is known, and the bias breaks it.
// CHECK-LABEL: func.func @negative_bias_breaks_the_type_bound
// CHECK:         linalg.matmul
func.func @negative_bias_breaks_the_type_bound(%x: tensor<1x511xf32>, %wq: tensor<511x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x511xf32> -> tensor<1x511x!quant.uniform<i16:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x511x!quant.uniform<i16:f32, 1.0>> -> tensor<1x511xf32>
  %wd = quantx.dequantize %wq : tensor<511x1x!quant.uniform<i8:f32, 1.0>> -> tensor<511x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<1x511xf32>, tensor<511x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  %b = arith.constant dense<5000000.0> : tensor<1x1xf32>
  %y = arith.addf %m, %b : tensor<1x1xf32>
  // expected-remark @below {{not fused: the i32 accumulator can overflow: K * max|x - z_x| * max|w - z_w| + max|bias| = 511 * 32768 * 128 + 5000000 = 2148289344 exceeds 2^31 - 1}}
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<1x1xf32> -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
  return %yq : tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
}

// -----

/// Constant weights of 127: 32768 * (511 * 127) + 30000000 is too large too.
// CHECK-LABEL: func.func @negative_bias_breaks_the_per_channel_bound
// CHECK:         linalg.matmul
func.func @negative_bias_breaks_the_per_channel_bound(%x: tensor<1x511xf32>) -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x511xf32> -> tensor<1x511x!quant.uniform<i16:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x511x!quant.uniform<i16:f32, 1.0>> -> tensor<1x511xf32>
  %wi = arith.constant dense<127> : tensor<511x1xi8>
  %wq = quant.scast %wi : tensor<511x1xi8> to tensor<511x1x!quant.uniform<i8:f32, 1.0>>
  %wd = quantx.dequantize %wq : tensor<511x1x!quant.uniform<i8:f32, 1.0>> -> tensor<511x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1xf32>) -> tensor<1x1xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<1x511xf32>, tensor<511x1xf32>) outs(%init : tensor<1x1xf32>) -> tensor<1x1xf32>
  %b = arith.constant dense<30000000.0> : tensor<1x1xf32>
  %y = arith.addf %m, %b : tensor<1x1xf32>
  // expected-remark @below {{not fused: the i32 accumulator can overflow for channel 0: max|x - z_x| * sum|w - z_w| + |bias| = 32768 * 64897 + 30000000 = 2156544896 exceeds 2^31 - 1}}
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<1x1xf32> -> tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
  return %yq : tensor<1x1x!quant.uniform<i8:f32, 65536.0>>
}

// -----

/// Padding with 1.0 is not the zero point.
// CHECK-LABEL: func.func @negative_pad_value_not_zero
// CHECK:         linalg.conv_2d_nhwc_hwcf
func.func @negative_pad_value_not_zero(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>> {
  %xq = quantx.quantize %x rounding<half_to_even> : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>
  %xd = quantx.dequantize %xq : tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>> -> tensor<1x2x2x1xf32>
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %xd low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %one : f32
  } : tensor<1x2x2x1xf32> to tensor<1x4x4x1xf32>
  %wi = arith.constant dense<1> : tensor<3x3x1x1xi8>
  %wq = quant.scast %wi : tensor<3x3x1x1xi8> to tensor<3x3x1x1x!quant.uniform<i8:f32, 1.0>>
  %wd = quantx.dequantize %wq : tensor<3x3x1x1x!quant.uniform<i8:f32, 1.0>> -> tensor<3x3x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%p, %wd : tensor<1x4x4x1xf32>, tensor<3x3x1x1xf32>)
      outs(%init : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  // expected-remark @below {{not fused: the tensor.pad value is not the real 0 (the input's zero point), so it is not the padding quantx.qconv2d applies}}
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Per-axis activations have no integer-kernel form.
// CHECK-LABEL: func.func @negative_activations_per_axis
// CHECK:         linalg.matmul
func.func @negative_activations_per_axis(%xq: tensor<2x2x!quant.uniform<i8:f32:1, {1.0, 2.0}>>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32:1, {1.0, 2.0}>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the activations are not quantized per tensor}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Weights quantized per row (K) rather than per output channel (N).
// CHECK-LABEL: func.func @negative_weights_per_axis_along_k
// CHECK:         linalg.matmul
func.func @negative_weights_per_axis_along_k(%xq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<2x2x!quant.uniform<i8:f32:0, {1.0, 2.0}>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32:0, {1.0, 2.0}>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the weights are quantized along dimension 0, not along the output channels}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// The float result of the matmul is also returned.
// CHECK-LABEL: func.func @negative_float_result_has_other_users
// CHECK:         linalg.matmul
func.func @negative_float_result_has_other_users(%xq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> (tensor<2x2x!quant.uniform<i8:f32, 1.0>>, tensor<2x2xf32>) {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the float result of 'linalg.matmul' has other users than the pattern}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq, %m : tensor<2x2x!quant.uniform<i8:f32, 1.0>>, tensor<2x2xf32>
}

// -----

/// A scale after the matmul is batch norm's business, not requantize's.
// CHECK-LABEL: func.func @negative_epilogue_scales
// CHECK:         linalg.matmul
func.func @negative_epilogue_scales(%xq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %two = arith.constant dense<2.0> : tensor<2x2xf32>
  %y = arith.mulf %m, %two : tensor<2x2xf32>
  // expected-remark @below {{not fused: 'arith.mulf' after 'linalg.matmul' is not a per-channel bias add followed by a clamp to constants}}
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>

/// An add after the clamp cannot be moved into the accumulator.
// CHECK-LABEL: func.func @negative_add_after_clamp
// CHECK:         linalg.matmul
func.func @negative_add_after_clamp(%xq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%m : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    %s = arith.addf %r, %one : f32
    linalg.yield %s : f32
  } -> tensor<2x2xf32>
  // expected-remark @below {{not fused: 'linalg.generic' after 'linalg.matmul' is not a per-channel bias add followed by a clamp to constants}}
  %yq = quantx.quantize %y rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// F x KH x KW x C filters have no quantx.qconv2d layout.
// CHECK-LABEL: func.func @negative_conv_nhwc_fhwc
// CHECK:         linalg.conv_2d_nhwc_fhwc
func.func @negative_conv_nhwc_fhwc(%xq: tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>> -> tensor<1x2x2x1xf32>
  %wd = quantx.dequantize %wq : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> -> tensor<1x1x1x1xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %c = linalg.conv_2d_nhwc_fhwc ins(%xd, %wd : tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>)
      outs(%init : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  // expected-remark @below {{not fused: 'linalg.conv_2d_nhwc_fhwc' has no quantx integer form (supported: linalg.conv_2d_nhwc_hwcf, conv_2d_nchw_fchw, depthwise_conv_2d_nhwc_hwc, depthwise_conv_2d_nchw_chw, conv_2d_ngchw_gfchw, matmul, batch_matmul)}}
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x2x2x1x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Transposed weights through indexing_maps.
// CHECK-LABEL: func.func @negative_transposed_matmul
// CHECK:         linalg.matmul
func.func @negative_transposed_matmul(%xq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %xd = quantx.dequantize %xq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                      affine_map<(d0, d1, d2) -> (d1, d2)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%xd, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the linalg.matmul has user-defined indexing maps (transposed or broadcast operands)}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// A float input that was never quantized.
// CHECK-LABEL: func.func @negative_input_not_dequantized
// CHECK:         linalg.matmul
func.func @negative_input_not_dequantized(%x: tensor<2x2xf32>, %wq: tensor<2x2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0>> {
  %wd = quantx.dequantize %wq : tensor<2x2x!quant.uniform<i8:f32, 1.0>> -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = linalg.matmul ins(%x, %wd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not fused: the input of 'linalg.matmul' is not a quantx.dequantize}}
  %yq = quantx.quantize %m rounding<half_to_even> : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<2x2x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// A quantized pad with 0 (the real -64) rather than the zero point 128.
// CHECK-LABEL: func.func @negative_quantized_pad_not_zero_point
// CHECK:         linalg.conv_2d_nchw_fchw
func.func @negative_quantized_pad_not_zero_point(%xq: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 1.0>> {
  %zpi = arith.constant 0 : i8
  %zp = quant.scast %zpi : i8 to !quant.uniform<u8:f32, 0.5:128>
  %p = tensor.pad %xq low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zp : !quant.uniform<u8:f32, 0.5:128>
  } : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>>
  %xd = quantx.dequantize %p : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:128>> -> tensor<1x1x4x4xf32>
  %wi = arith.constant dense<1> : tensor<1x1x3x3xi8>
  %wq = quant.scast %wi : tensor<1x1x3x3xi8> to tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quantx.dequantize %wq : tensor<1x1x3x3x!quant.uniform<i8:f32, 0.5>> -> tensor<1x1x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%xd, %wd : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>)
      outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  // expected-remark @below {{not fused: the tensor.pad of the quantized input does not pad with its zero point}}
  %yq = quantx.quantize %c rounding<half_to_even> : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 1.0>>
  return %yq : tensor<1x1x2x2x!quant.uniform<i8:f32, 1.0>>
}
