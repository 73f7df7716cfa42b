// RUN: quantx-opt %s | quantx-opt | FileCheck %s
// RUN: quantx-opt %s --mlir-print-op-generic | quantx-opt | FileCheck %s

// Round trip of every quantx op and every syntax variant: the custom form is
// parsed, printed, parsed again; the generic form goes through the same check.

//===----------------------------------------------------------------------===//
// quantx.quantize
//===----------------------------------------------------------------------===//

/// Per-tensor i8 with a negative zero point, in each rounding mode that
/// quantize accepts (double_round is requantize-only).
// CHECK-LABEL: func.func @quantize_rounding_modes
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: %[[A:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[B:.*]] = quantx.quantize %[[X]] rounding<half_away_from_zero> : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[C:.*]] = quantx.quantize %[[X]] rounding<half_up> : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[D:.*]] = quantx.quantize %[[X]] rounding<toward_zero> : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @quantize_rounding_modes(%x: tensor<4x8xf32>)
    -> (tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>) {
  %a = quantx.quantize %x rounding<half_to_even>
      : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %b = quantx.quantize %x rounding<half_away_from_zero>
      : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %c = quantx.quantize %x rounding<half_up>
      : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %d = quantx.quantize %x rounding<toward_zero>
      : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  return %a, %b, %c, %d
      : tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
}

/// u8, i4, i16 and narrow-range storage.
// CHECK-LABEL: func.func @quantize_storage_types
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>)
// CHECK: %[[U8:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<8xf32> -> tensor<8x!quant.uniform<u8:f32, 2.000000e-02:128>>
// CHECK: %[[I4:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<8xf32> -> tensor<8x!quant.uniform<i4:f32, 5.000000e-01:-1>>
// CHECK: %[[I16:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<8xf32> -> tensor<8x!quant.uniform<i16:f32, 1.000000e-03>>
// CHECK: %[[NARROW:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<8xf32> -> tensor<8x!quant.uniform<i8<-127:127>:f32, 1.000000e-01>>
// CHECK: return %[[U8]], %[[I4]], %[[I16]], %[[NARROW]]
func.func @quantize_storage_types(%x: tensor<8xf32>)
    -> (tensor<8x!quant.uniform<u8:f32, 0.02:128>>,
        tensor<8x!quant.uniform<i4:f32, 0.5:-1>>,
        tensor<8x!quant.uniform<i16:f32, 0.001>>,
        tensor<8x!quant.uniform<i8<-127:127>:f32, 0.1>>) {
  %u8 = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<u8:f32, 0.02:128>>
  %i4 = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i4:f32, 0.5:-1>>
  %i16 = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i16:f32, 0.001>>
  %narrow = quantx.quantize %x rounding<half_to_even>
      : tensor<8xf32> -> tensor<8x!quant.uniform<i8<-127:127>:f32, 0.1>>
  return %u8, %i4, %i16, %narrow
      : tensor<8x!quant.uniform<u8:f32, 0.02:128>>,
        tensor<8x!quant.uniform<i4:f32, 0.5:-1>>,
        tensor<8x!quant.uniform<i16:f32, 0.001>>,
        tensor<8x!quant.uniform<i8<-127:127>:f32, 0.1>>
}

/// Per-axis quantization along the last dimension, with and without zero
/// points.
// CHECK-LABEL: func.func @quantize_per_axis
// CHECK-SAME: (%[[W:.*]]: tensor<16x4xf32>)
// CHECK: %[[Q:.*]] = quantx.quantize %[[W]] rounding<half_away_from_zero> : tensor<16x4xf32> -> tensor<16x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01:5,1.000000e-01,3.000000e-01:-7}>>
// CHECK: return %[[Q]]
func.func @quantize_per_axis(%w: tensor<16x4xf32>)
    -> tensor<16x4x!quant.uniform<i8:f32:1, {0.1, 0.2:5, 0.1, 0.3:-7}>> {
  %q = quantx.quantize %w rounding<half_away_from_zero>
      : tensor<16x4xf32>
        -> tensor<16x4x!quant.uniform<i8:f32:1, {0.1, 0.2:5, 0.1, 0.3:-7}>>
  return %q : tensor<16x4x!quant.uniform<i8:f32:1, {0.1, 0.2:5, 0.1, 0.3:-7}>>
}

/// Sub-channel (blocked) quantization: one block size, then blocks along both
/// dimensions.
// CHECK-LABEL: func.func @quantize_sub_channel
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>)
// CHECK: %[[A:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{\{}}{1.000000e-01:1, 2.000000e-01:2}}>>
// CHECK: %[[B:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{\{}}{1.000000e-01, 2.000000e-01}, {3.000000e-01:3, 4.000000e-01:4}}>>
// CHECK: return %[[A]], %[[B]]
func.func @quantize_sub_channel(%x: tensor<2x4xf32>)
    -> (tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.1:1, 0.2:2}}>>,
        tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2},
                                  {{0.1, 0.2}, {0.3:3, 0.4:4}}>>) {
  %a = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32>
        -> tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.1:1, 0.2:2}}>>
  %b = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32>
        -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2},
                                     {{0.1, 0.2}, {0.3:3, 0.4:4}}>>
  return %a, %b
      : tensor<2x4x!quant.uniform<i8:f32:{1:2}, {{0.1:1, 0.2:2}}>>,
        tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2},
                                  {{0.1, 0.2}, {0.3:3, 0.4:4}}>>
}

/// Expressed types other than f32, and dynamic dimensions that carry no
/// quantization parameters.
// CHECK-LABEL: func.func @quantize_expressed_types
// CHECK-SAME: (%[[H:.*]]: tensor<?x4xf16>, %[[B:.*]]: tensor<4xbf16>, %[[D:.*]]: tensor<?x?xf64>)
// CHECK: %[[QH:.*]] = quantx.quantize %[[H]] rounding<half_to_even> : tensor<?x4xf16> -> tensor<?x4x!quant.uniform<i8:f16:1, {1.250000e-01,2.500000e-01,5.000000e-01,1.000000e+00}>>
// CHECK: %[[QB:.*]] = quantx.quantize %[[B]] rounding<half_up> : tensor<4xbf16> -> tensor<4x!quant.uniform<u8:bf16, 1.250000e-01:10>>
// CHECK: %[[QD:.*]] = quantx.quantize %[[D]] rounding<toward_zero> : tensor<?x?xf64> -> tensor<?x?x!quant.uniform<i16:f64, 1.000000e-04>>
// CHECK: return %[[QH]], %[[QB]], %[[QD]]
func.func @quantize_expressed_types(%h: tensor<?x4xf16>, %b: tensor<4xbf16>,
                                    %d: tensor<?x?xf64>)
    -> (tensor<?x4x!quant.uniform<i8:f16:1, {0.125, 0.25, 0.5, 1.0}>>,
        tensor<4x!quant.uniform<u8:bf16, 0.125:10>>,
        tensor<?x?x!quant.uniform<i16:f64, 1.0e-4>>) {
  %qh = quantx.quantize %h rounding<half_to_even>
      : tensor<?x4xf16>
        -> tensor<?x4x!quant.uniform<i8:f16:1, {0.125, 0.25, 0.5, 1.0}>>
  %qb = quantx.quantize %b rounding<half_up>
      : tensor<4xbf16> -> tensor<4x!quant.uniform<u8:bf16, 0.125:10>>
  %qd = quantx.quantize %d rounding<toward_zero>
      : tensor<?x?xf64> -> tensor<?x?x!quant.uniform<i16:f64, 1.0e-4>>
  return %qh, %qb, %qd
      : tensor<?x4x!quant.uniform<i8:f16:1, {0.125, 0.25, 0.5, 1.0}>>,
        tensor<4x!quant.uniform<u8:bf16, 0.125:10>>,
        tensor<?x?x!quant.uniform<i16:f64, 1.0e-4>>
}

/// A dynamic input dimension against a static result dimension is allowed.
// CHECK-LABEL: func.func @quantize_dynamic_to_static
// CHECK-SAME: (%[[X:.*]]: tensor<?x8xf32>)
// CHECK: %[[Q:.*]] = quantx.quantize %[[X]] rounding<half_to_even> : tensor<?x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02>>
func.func @quantize_dynamic_to_static(%x: tensor<?x8xf32>)
    -> tensor<4x8x!quant.uniform<i8:f32, 0.05>> {
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<?x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05>>
  return %q : tensor<4x8x!quant.uniform<i8:f32, 0.05>>
}

//===----------------------------------------------------------------------===//
// quantx.dequantize
//===----------------------------------------------------------------------===//

/// Per-tensor, per-axis, sub-channel, u8 and f64.
// CHECK-LABEL: func.func @dequantize
// CHECK-SAME: (%[[A:[^:]*]]: tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>, %[[B:[^:]*]]: tensor<16x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,1.000000e-01,3.000000e-01}>>, %[[C:[^:]*]]: tensor<2x4x!quant.uniform<i4:f32:{1:2}, {{\{}}{1.000000e-01:1, 2.000000e-01:2}}>>, %[[D:[^:]*]]: tensor<8x!quant.uniform<u8:f64, 2.000000e-02:128>>)
// CHECK: %[[DA:.*]] = quantx.dequantize %[[A]] : tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<4x8xf32>
// CHECK: %[[DB:.*]] = quantx.dequantize %[[B]] : tensor<16x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,1.000000e-01,3.000000e-01}>> -> tensor<16x4xf32>
// CHECK: %[[DC:.*]] = quantx.dequantize %[[C]] : tensor<2x4x!quant.uniform<i4:f32:{1:2}, {{\{}}{1.000000e-01:1, 2.000000e-01:2}}>> -> tensor<2x4xf32>
// CHECK: %[[DD:.*]] = quantx.dequantize %[[D]] : tensor<8x!quant.uniform<u8:f64, 2.000000e-02:128>> -> tensor<8xf64>
// CHECK: return %[[DA]], %[[DB]], %[[DC]], %[[DD]]
func.func @dequantize(
    %a: tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
    %b: tensor<16x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.1, 0.3}>>,
    %c: tensor<2x4x!quant.uniform<i4:f32:{1:2}, {{0.1:1, 0.2:2}}>>,
    %d: tensor<8x!quant.uniform<u8:f64, 0.02:128>>)
    -> (tensor<4x8xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<8xf64>) {
  %da = quantx.dequantize %a
      : tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4x8xf32>
  %db = quantx.dequantize %b
      : tensor<16x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.1, 0.3}>>
        -> tensor<16x4xf32>
  %dc = quantx.dequantize %c
      : tensor<2x4x!quant.uniform<i4:f32:{1:2}, {{0.1:1, 0.2:2}}>>
        -> tensor<2x4xf32>
  %dd = quantx.dequantize %d
      : tensor<8x!quant.uniform<u8:f64, 0.02:128>> -> tensor<8xf64>
  return %da, %db, %dc, %dd
      : tensor<4x8xf32>, tensor<16x4xf32>, tensor<2x4xf32>, tensor<8xf64>
}

//===----------------------------------------------------------------------===//
// quantx.requantize
//===----------------------------------------------------------------------===//

/// Per-tensor requantization of an i32 accumulator in every rounding mode:
/// 0.0025 / 0.05 = 0.05 = 0.8 * 2^-4, M = round(0.8 * 2^31) = 1717986918,
/// shift = 31 + 4 = 35.
// CHECK-LABEL: func.func @requantize_rounding_modes
// CHECK-SAME: (%[[ACC:.*]]: tensor<4x8x!quant.uniform<i32:f32, 2.500000e-03>>)
// CHECK: %[[A:.*]] = quantx.requantize %[[ACC]] multiplier [1717986918] shift [35] rounding<double_round> : tensor<4x8x!quant.uniform<i32:f32, 2.500000e-03>> -> tensor<4x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[B:.*]] = quantx.requantize %[[ACC]] multiplier [1717986918] shift [35] rounding<half_up>
// CHECK: %[[C:.*]] = quantx.requantize %[[ACC]] multiplier [1717986918] shift [35] rounding<half_to_even>
// CHECK: %[[D:.*]] = quantx.requantize %[[ACC]] multiplier [1717986918] shift [35] rounding<half_away_from_zero>
// CHECK: %[[E:.*]] = quantx.requantize %[[ACC]] multiplier [1717986918] shift [35] rounding<toward_zero>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]]
func.func @requantize_rounding_modes(
    %acc: tensor<4x8x!quant.uniform<i32:f32, 0.0025>>)
    -> (tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>) {
  %a = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<double_round>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %b = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<half_up>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %c = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<half_to_even>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %d = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<half_away_from_zero>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %e = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<toward_zero>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  return %a, %b, %c, %d, %e
      : tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
}

/// Per-channel requantization with `axis`: per-axis input scales 0.5 and 0.25
/// over an output scale of 1.0 give 2^30 * 2^-31 and 2^30 * 2^-32.
// CHECK-LABEL: func.func @requantize_per_channel
// CHECK-SAME: (%[[ACC:.*]]: tensor<4x2x!quant.uniform<i32:f32:1, {5.000000e-01,2.500000e-01}>>)
// CHECK: %[[Y:.*]] = quantx.requantize %[[ACC]] axis(1) multiplier [1073741824, 1073741824] shift [31, 32] rounding<half_to_even> : tensor<4x2x!quant.uniform<i32:f32:1, {5.000000e-01,2.500000e-01}>> -> tensor<4x2x!quant.uniform<i8:f32, 1.000000e+00:1>>
// CHECK: return %[[Y]]
func.func @requantize_per_channel(
    %acc: tensor<4x2x!quant.uniform<i32:f32:1, {0.5, 0.25}>>)
    -> tensor<4x2x!quant.uniform<i8:f32, 1.0:1>> {
  %y = quantx.requantize %acc axis(1) multiplier [1073741824, 1073741824]
      shift [31, 32] rounding<half_to_even>
      : tensor<4x2x!quant.uniform<i32:f32:1, {0.5, 0.25}>>
        -> tensor<4x2x!quant.uniform<i8:f32, 1.0:1>>
  return %y : tensor<4x2x!quant.uniform<i8:f32, 1.0:1>>
}

/// Per-channel result zero points along the axis, from a u8 input; the
/// ratios 0.5 / 0.25 = 2 = 2^30 * 2^-29 and 0.5 / 1.0 = 2^30 * 2^-31.
// CHECK-LABEL: func.func @requantize_per_axis_result
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x!quant.uniform<u8:f32, 5.000000e-01:128>>)
// CHECK: %[[Y:.*]] = quantx.requantize %[[X]] axis(0) multiplier [1073741824, 1073741824] shift [29, 31] rounding<half_up> : tensor<2x3x!quant.uniform<u8:f32, 5.000000e-01:128>> -> tensor<2x3x!quant.uniform<i16:f32:0, {2.500000e-01:-5,1.000000e+00:7}>>
func.func @requantize_per_axis_result(
    %x: tensor<2x3x!quant.uniform<u8:f32, 0.5:128>>)
    -> tensor<2x3x!quant.uniform<i16:f32:0, {0.25:-5, 1.0:7}>> {
  %y = quantx.requantize %x axis(0) multiplier [1073741824, 1073741824]
      shift [29, 31] rounding<half_up>
      : tensor<2x3x!quant.uniform<u8:f32, 0.5:128>>
        -> tensor<2x3x!quant.uniform<i16:f32:0, {0.25:-5, 1.0:7}>>
  return %y : tensor<2x3x!quant.uniform<i16:f32:0, {0.25:-5, 1.0:7}>>
}

/// Signless-integer input (zero point 0, no scale to check against), a
/// dynamic dimension, a shift of 0 and a TFLite-style (unnormalized) encoding.
// CHECK-LABEL: func.func @requantize_signless_input
// CHECK-SAME: (%[[ACC:[^:]*]]: tensor<?x8xi32>, %[[V:[^:]*]]: tensor<8xi16>)
// CHECK: %[[A:.*]] = quantx.requantize %[[ACC]] multiplier [1] shift [0] rounding<half_to_even> : tensor<?x8xi32> -> tensor<?x8x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK: %[[B:.*]] = quantx.requantize %[[V]] multiplier [3] shift [62] rounding<double_round> : tensor<8xi16> -> tensor<8x!quant.uniform<u8:f32, 1.000000e+00:128>>
// CHECK: return %[[A]], %[[B]]
func.func @requantize_signless_input(%acc: tensor<?x8xi32>, %v: tensor<8xi16>)
    -> (tensor<?x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<8x!quant.uniform<u8:f32, 1.0:128>>) {
  %a = quantx.requantize %acc multiplier [1] shift [0] rounding<half_to_even>
      : tensor<?x8xi32> -> tensor<?x8x!quant.uniform<i8:f32, 0.05:-3>>
  %b = quantx.requantize %v multiplier [3] shift [62] rounding<double_round>
      : tensor<8xi16> -> tensor<8x!quant.uniform<u8:f32, 1.0:128>>
  return %a, %b
      : tensor<?x8x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<8x!quant.uniform<u8:f32, 1.0:128>>
}

//===----------------------------------------------------------------------===//
// quantx.qmatmul
//===----------------------------------------------------------------------===//

/// Rank 2 with bias and a quantized i32 result recording 0.05 * 0.05.
// CHECK-LABEL: func.func @qmatmul_rank2_bias
// CHECK-SAME: (%[[A:[^:]*]]: tensor<4x16x!quant.uniform<i8:f32, 5.000000e-02:-3>>, %[[W:[^:]*]]: tensor<16x8x!quant.uniform<i8:f32, 5.000000e-02>>, %[[B:[^:]*]]: tensor<8xi32>)
// CHECK: %[[ACC:.*]] = quantx.qmatmul %[[A]], %[[W]] bias %[[B]] : tensor<4x16x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<16x8x!quant.uniform<i8:f32, 5.000000e-02>>, tensor<8xi32> -> tensor<4x8x!quant.uniform<i32:f32, 2.500000e-03>>
// CHECK: return %[[ACC]]
func.func @qmatmul_rank2_bias(%a: tensor<4x16x!quant.uniform<i8:f32, 0.05:-3>>,
                              %w: tensor<16x8x!quant.uniform<i8:f32, 0.05>>,
                              %b: tensor<8xi32>)
    -> tensor<4x8x!quant.uniform<i32:f32, 0.0025>> {
  %acc = quantx.qmatmul %a, %w bias %b
      : tensor<4x16x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<16x8x!quant.uniform<i8:f32, 0.05>>, tensor<8xi32>
        -> tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
  return %acc : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
}

/// Rank 2 without bias: u8 activations against per-axis i8 weights, an i32
/// result, and a dynamic M.
// CHECK-LABEL: func.func @qmatmul_rank2_no_bias
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, %[[W:[^:]*]]: tensor<16x2x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>>)
// CHECK: %[[ACC:.*]] = quantx.qmatmul %[[A]], %[[W]] : tensor<?x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<16x2x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>> -> tensor<?x2xi32>
// CHECK: return %[[ACC]]
func.func @qmatmul_rank2_no_bias(
    %a: tensor<?x16x!quant.uniform<u8:f32, 0.02:128>>,
    %w: tensor<16x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>)
    -> tensor<?x2xi32> {
  %acc = quantx.qmatmul %a, %w
      : tensor<?x16x!quant.uniform<u8:f32, 0.02:128>>,
        tensor<16x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<?x2xi32>
  return %acc : tensor<?x2xi32>
}

/// Rank 3 (batched) with bias and a per-axis quantized i32 result whose
/// scales are 0.5 * {0.5, 0.25}.
// CHECK-LABEL: func.func @qmatmul_rank3_bias
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x4x16x!quant.uniform<i8:f32, 5.000000e-01>>, %[[W:[^:]*]]: tensor<2x16x2x!quant.uniform<i8:f32:2, {5.000000e-01,2.500000e-01}>>, %[[B:[^:]*]]: tensor<2xi32>)
// CHECK: %[[ACC:.*]] = quantx.qmatmul %[[A]], %[[W]] bias %[[B]] : tensor<2x4x16x!quant.uniform<i8:f32, 5.000000e-01>>, tensor<2x16x2x!quant.uniform<i8:f32:2, {5.000000e-01,2.500000e-01}>>, tensor<2xi32> -> tensor<2x4x2x!quant.uniform<i32:f32:2, {2.500000e-01,1.250000e-01}>>
// CHECK: return %[[ACC]]
func.func @qmatmul_rank3_bias(
    %a: tensor<2x4x16x!quant.uniform<i8:f32, 0.5>>,
    %w: tensor<2x16x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>>,
    %b: tensor<2xi32>)
    -> tensor<2x4x2x!quant.uniform<i32:f32:2, {0.25, 0.125}>> {
  %acc = quantx.qmatmul %a, %w bias %b
      : tensor<2x4x16x!quant.uniform<i8:f32, 0.5>>,
        tensor<2x16x2x!quant.uniform<i8:f32:2, {0.5, 0.25}>>, tensor<2xi32>
        -> tensor<2x4x2x!quant.uniform<i32:f32:2, {0.25, 0.125}>>
  return %acc : tensor<2x4x2x!quant.uniform<i32:f32:2, {0.25, 0.125}>>
}

/// Rank 3 without bias, signless-integer operands (zero point 0), i16 and
/// dynamic batch and K.
// CHECK-LABEL: func.func @qmatmul_rank3_signless
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x4x?xi8>, %[[W:[^:]*]]: tensor<3x16x8xi16>)
// CHECK: %[[ACC:.*]] = quantx.qmatmul %[[A]], %[[W]] : tensor<?x4x?xi8>, tensor<3x16x8xi16> -> tensor<3x4x8xi32>
// CHECK: return %[[ACC]]
func.func @qmatmul_rank3_signless(%a: tensor<?x4x?xi8>, %w: tensor<3x16x8xi16>)
    -> tensor<3x4x8xi32> {
  %acc = quantx.qmatmul %a, %w
      : tensor<?x4x?xi8>, tensor<3x16x8xi16> -> tensor<3x4x8xi32>
  return %acc : tensor<3x4x8xi32>
}

//===----------------------------------------------------------------------===//
// quantx.qconv2d
//===----------------------------------------------------------------------===//

/// NHWC with bias, strides and padding (the op description's example), then
/// the same operands with every attribute at its default, which the printer
/// elides.
// CHECK-LABEL: func.func @qconv2d_nhwc
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x8x8x4x!quant.uniform<u8:f32, 2.000000e-02:128>>, %[[W:[^:]*]]: tensor<3x3x4x16x!quant.uniform<i8:f32, 1.000000e-02>>, %[[B:[^:]*]]: tensor<16xi32>)
// CHECK: %[[A:.*]] = quantx.qconv2d %[[X]], %[[W]] bias %[[B]] layout<nhwc_hwcf> {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<3x3x4x16x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<16xi32> -> tensor<1x4x4x16xi32>
// CHECK: %[[D:.*]] = quantx.qconv2d %[[X]], %[[W]] layout<nhwc_hwcf> : tensor<1x8x8x4x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<3x3x4x16x!quant.uniform<i8:f32, 1.000000e-02>> -> tensor<1x6x6x16x!quant.uniform<i32:f32, 2.000000e-04>>
// CHECK: return %[[A]], %[[D]]
func.func @qconv2d_nhwc(
    %x: tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:128>>,
    %w: tensor<3x3x4x16x!quant.uniform<i8:f32, 0.01>>, %b: tensor<16xi32>)
    -> (tensor<1x4x4x16xi32>,
        tensor<1x6x6x16x!quant.uniform<i32:f32, 2.0e-4>>) {
  %a = quantx.qconv2d %x, %w bias %b layout<nhwc_hwcf>
      {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:128>>,
        tensor<3x3x4x16x!quant.uniform<i8:f32, 0.01>>, tensor<16xi32>
        -> tensor<1x4x4x16xi32>
  %d = quantx.qconv2d %x, %w layout<nhwc_hwcf>
      {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
       padding = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
      : tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:128>>,
        tensor<3x3x4x16x!quant.uniform<i8:f32, 0.01>>
        -> tensor<1x6x6x16x!quant.uniform<i32:f32, 2.0e-4>>
  return %a, %d
      : tensor<1x4x4x16xi32>, tensor<1x6x6x16x!quant.uniform<i32:f32, 2.0e-4>>
}

/// NHWC depthwise (groups = C = 4) with a per-axis filter along F and a
/// per-axis i32 result: 0.5 * {0.5, 0.25, 0.125, 1.0}.
// CHECK-LABEL: func.func @qconv2d_nhwc_depthwise
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>, %[[W:[^:]*]]: tensor<3x3x1x4x!quant.uniform<i8:f32:3, {5.000000e-01,2.500000e-01,1.250000e-01,1.000000e+00}>>)
// CHECK: %[[ACC:.*]] = quantx.qconv2d %[[X]], %[[W]] layout<nhwc_hwcf> {groups = 4 : i64} : tensor<1x8x8x4x!quant.uniform<i8:f32, 5.000000e-01:-1>>, tensor<3x3x1x4x!quant.uniform<i8:f32:3, {5.000000e-01,2.500000e-01,1.250000e-01,1.000000e+00}>> -> tensor<1x6x6x4x!quant.uniform<i32:f32:3, {2.500000e-01,1.250000e-01,6.250000e-02,5.000000e-01}>>
// CHECK: return %[[ACC]]
func.func @qconv2d_nhwc_depthwise(
    %x: tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>,
    %w: tensor<3x3x1x4x!quant.uniform<i8:f32:3, {0.5, 0.25, 0.125, 1.0}>>)
    -> tensor<1x6x6x4x!quant.uniform<i32:f32:3, {0.25, 0.125, 0.0625, 0.5}>> {
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 4 : i64}
      : tensor<1x8x8x4x!quant.uniform<i8:f32, 0.5:-1>>,
        tensor<3x3x1x4x!quant.uniform<i8:f32:3, {0.5, 0.25, 0.125, 1.0}>>
        -> tensor<1x6x6x4x!quant.uniform<i32:f32:3, {0.25, 0.125, 0.0625, 0.5}>>
  return %acc
      : tensor<1x6x6x4x!quant.uniform<i32:f32:3, {0.25, 0.125, 0.0625, 0.5}>>
}

/// NCHW with every attribute set: padded size 8 + 2 + 2 = 12, dilated extent
/// 2 * (3 - 1) + 1 = 5, output (12 - 5) / 2 + 1 = 4 (integer division);
/// 2 groups of 2 input channels; signless i8 operands; dynamic batch.
// CHECK-LABEL: func.func @qconv2d_nchw
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x4x8x8xi8>, %[[W:[^:]*]]: tensor<6x2x3x3xi8>, %[[B:[^:]*]]: tensor<6xi32>)
// CHECK: %[[ACC:.*]] = quantx.qconv2d %[[X]], %[[W]] bias %[[B]] layout<nchw_fchw> {dilations = array<i64: 2, 2>, groups = 2 : i64, padding = array<i64: 2, 2, 2, 2>, strides = array<i64: 2, 2>} : tensor<?x4x8x8xi8>, tensor<6x2x3x3xi8>, tensor<6xi32> -> tensor<?x6x4x4xi32>
// CHECK: return %[[ACC]]
func.func @qconv2d_nchw(%x: tensor<?x4x8x8xi8>, %w: tensor<6x2x3x3xi8>,
                        %b: tensor<6xi32>) -> tensor<?x6x4x4xi32> {
  %acc = quantx.qconv2d %x, %w bias %b layout<nchw_fchw>
      {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>,
       padding = array<i64: 2, 2, 2, 2>, groups = 2 : i64}
      : tensor<?x4x8x8xi8>, tensor<6x2x3x3xi8>, tensor<6xi32>
        -> tensor<?x6x4x4xi32>
  return %acc : tensor<?x6x4x4xi32>
}

/// NCHW with a per-axis filter along F (dimension 0), asymmetric padding and
/// a per-axis result along C (dimension 1): 0.25 * {1.0, 0.5}. Height
/// (5 + 1 + 0 - 3) / 1 + 1 = 4; width (6 + 0 + 2 - 3) / 2 + 1 = 3.
// CHECK-LABEL: func.func @qconv2d_nchw_per_axis
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3x5x6x!quant.uniform<i16:f32, 2.500000e-01:7>>, %[[W:[^:]*]]: tensor<2x3x3x3x!quant.uniform<i8:f32:0, {1.000000e+00,5.000000e-01}>>)
// CHECK: %[[ACC:.*]] = quantx.qconv2d %[[X]], %[[W]] layout<nchw_fchw> {padding = array<i64: 1, 0, 0, 2>, strides = array<i64: 1, 2>} : tensor<2x3x5x6x!quant.uniform<i16:f32, 2.500000e-01:7>>, tensor<2x3x3x3x!quant.uniform<i8:f32:0, {1.000000e+00,5.000000e-01}>> -> tensor<2x2x4x3x!quant.uniform<i32:f32:1, {2.500000e-01,1.250000e-01}>>
// CHECK: return %[[ACC]]
func.func @qconv2d_nchw_per_axis(
    %x: tensor<2x3x5x6x!quant.uniform<i16:f32, 0.25:7>>,
    %w: tensor<2x3x3x3x!quant.uniform<i8:f32:0, {1.0, 0.5}>>)
    -> tensor<2x2x4x3x!quant.uniform<i32:f32:1, {0.25, 0.125}>> {
  %acc = quantx.qconv2d %x, %w layout<nchw_fchw>
      {strides = array<i64: 1, 2>, padding = array<i64: 1, 0, 0, 2>}
      : tensor<2x3x5x6x!quant.uniform<i16:f32, 0.25:7>>,
        tensor<2x3x3x3x!quant.uniform<i8:f32:0, {1.0, 0.5}>>
        -> tensor<2x2x4x3x!quant.uniform<i32:f32:1, {0.25, 0.125}>>
  return %acc : tensor<2x2x4x3x!quant.uniform<i32:f32:1, {0.25, 0.125}>>
}

//===----------------------------------------------------------------------===//
// quantx.batch_norm
//===----------------------------------------------------------------------===//

/// Default attributes (epsilon 1e-5, axis 1) are elided, spelled out or not.
// CHECK-LABEL: func.func @batch_norm_defaults
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x16x8x8xf32>, %[[G:[^:]*]]: tensor<16xf32>, %[[B:[^:]*]]: tensor<16xf32>, %[[M:[^:]*]]: tensor<16xf32>, %[[V:[^:]*]]: tensor<16xf32>)
// CHECK: %[[Y:.*]] = quantx.batch_norm %[[X]], %[[G]], %[[B]], %[[M]], %[[V]] : tensor<1x16x8x8xf32>, tensor<16xf32>
// CHECK: %[[Z:.*]] = quantx.batch_norm %[[X]], %[[G]], %[[B]], %[[M]], %[[V]] : tensor<1x16x8x8xf32>, tensor<16xf32>
// CHECK: return %[[Y]], %[[Z]]
func.func @batch_norm_defaults(%x: tensor<1x16x8x8xf32>, %g: tensor<16xf32>,
                               %b: tensor<16xf32>, %m: tensor<16xf32>,
                               %v: tensor<16xf32>)
    -> (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) {
  %y = quantx.batch_norm %x, %g, %b, %m, %v
      : tensor<1x16x8x8xf32>, tensor<16xf32>
  %z = quantx.batch_norm %x, %g, %b, %m, %v
      {epsilon = 1.0e-05 : f64, axis = 1 : i64}
      : tensor<1x16x8x8xf32>, tensor<16xf32>
  return %y, %z : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>
}

/// Explicit attributes: NHWC channels as axis 3 and as axis -1, epsilon 0,
/// f16 values and a dynamic parameter length.
// CHECK-LABEL: func.func @batch_norm_explicit
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4x4x8xf16>, %[[P:[^:]*]]: tensor<?xf16>)
// CHECK: %[[Y:.*]] = quantx.batch_norm %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] {axis = 3 : i64, epsilon = 1.000000e-03 : f64} : tensor<2x4x4x8xf16>, tensor<?xf16>
// CHECK: %[[Z:.*]] = quantx.batch_norm %[[Y]], %[[P]], %[[P]], %[[P]], %[[P]] {axis = -1 : i64, epsilon = 0.000000e+00 : f64} : tensor<2x4x4x8xf16>, tensor<?xf16>
// CHECK: return %[[Z]]
func.func @batch_norm_explicit(%x: tensor<2x4x4x8xf16>, %p: tensor<?xf16>)
    -> tensor<2x4x4x8xf16> {
  %y = quantx.batch_norm %x, %p, %p, %p, %p
      {epsilon = 1.0e-03 : f64, axis = 3 : i64}
      : tensor<2x4x4x8xf16>, tensor<?xf16>
  %z = quantx.batch_norm %y, %p, %p, %p, %p
      {epsilon = 0.0 : f64, axis = -1 : i64}
      : tensor<2x4x4x8xf16>, tensor<?xf16>
  return %z : tensor<2x4x4x8xf16>
}
