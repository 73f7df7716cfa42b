// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-insert-qdq="emit-remarks weight-granularity=per-group group-size=2 ops=matmul,depthwise_conv skip-first"
// RUN: quantx-opt %s -split-input-file --quantx-insert-qdq="emit-remarks skip-last" 2>&1 >/dev/null | FileCheck %s --check-prefix=LAST
// LAST: remark: not quantized: it is the last selected op (skip-last)

// Every reason quantx-insert-qdq gives for leaving a candidate op in float,
// as remarks (emit-remarks); the same text goes to
// -debug-only=quantx-insert-qdq.

/// The first selected op (skip-first), then one whose weights are not a
/// constant.
func.func @skipped(%x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}, %w2: tensor<4x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  // expected-remark @+1 {{not quantized: it is the first selected op (skip-first)}}
  %a = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @+1 {{not quantized: its weights (input 1) are not a dense f32 constant}}
  %b = linalg.matmul ins(%x, %w2 : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %a, %b : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

/// A kind that `ops` does not name; per-group weights whose input channels
/// the group size does not divide; a depthwise filter, which has no input
/// channel dimension to group.
func.func @not_groupable(%x: tensor<2x3xf32> {quantx.stats = #quantx.tensor_stats<count = 6, min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>},
                         %y: tensor<1x4x4x2xf32> {quantx.stats = #quantx.tensor_stats<count = 32, min = 0.0, max = 2.0, mean = 1.0, std = 0.5, mad = 0.4>})
    -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  // expected-remark @+1 {{not quantized: it is the first selected op (skip-first)}}
  %a = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @+1 {{not quantized: group-size 2 does not divide the 3 input channels of the weights}}
  %b = linalg.matmul ins(%x, %w : tensor<2x3xf32>, tensor<3x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %wc = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %o = arith.constant dense<0.0> : tensor<1x4x4x2xf32>
  // expected-remark @+1 {{not quantized: op kind 'conv' is not in 'ops'}}
  %c = linalg.conv_2d_nhwc_hwcf ins(%y, %wc : tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) outs(%o : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %wd = arith.constant dense<1.0> : tensor<1x1x2xf32>
  // expected-remark @+1 {{not quantized: per-group weights need an input-channel dimension, and a depthwise filter has none}}
  %d = linalg.depthwise_conv_2d_nhwc_hwc ins(%y, %wd : tensor<1x4x4x2xf32>, tensor<1x1x2xf32>) outs(%o : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %a, %b, %c, %d : tensor<2x2xf32>, tensor<2x2xf32>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
