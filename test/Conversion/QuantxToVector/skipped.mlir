// RUN: quantx-opt %s --convert-quantx-to-vector="isa=avx512-vnni remarks=true" -split-input-file -verify-diagnostics | FileCheck %s
// RUN: not quantx-opt %s --convert-quantx-to-vector=isa=sse9 2>&1 | FileCheck %s --check-prefix=ISA

// ISA: error: convert-quantx-to-vector: unknown isa 'sse9' (expected host, avx512-vnni, avx-vnni, avx2 or generic)

/// Kernels the fast path does not handle stay for the reference lowering,
/// and `remarks=true` says why, once per op.

// CHECK-LABEL: func.func @negative_batched(
//       CHECK:   quantx.qmatmul
func.func @negative_batched(%a: tensor<2x3x4xi8>) -> tensor<2x3x5xi32> {
  %w = arith.constant dense<1> : tensor<2x4x5xi8>
  // expected-remark @below {{not lowered to a fast kernel: batched qmatmul}}
  %acc = quantx.qmatmul %a, %w : tensor<2x3x4xi8>, tensor<2x4x5xi8> -> tensor<2x3x5xi32>
  return %acc : tensor<2x3x5xi32>
}

// -----

// CHECK-LABEL: func.func @negative_runtime_weights(
//       CHECK:   quantx.qmatmul
func.func @negative_runtime_weights(%a: tensor<3x4xi8>, %w: tensor<4x5xi8>) -> tensor<3x5xi32> {
  // expected-remark @below {{not lowered to a fast kernel: weights are not a constant}}
  %acc = quantx.qmatmul %a, %w : tensor<3x4xi8>, tensor<4x5xi8> -> tensor<3x5xi32>
  return %acc : tensor<3x5xi32>
}

// -----

// CHECK-LABEL: func.func @negative_wide_activations(
//       CHECK:   quantx.qmatmul
func.func @negative_wide_activations(%a: tensor<3x4xi16>) -> tensor<3x5xi32> {
  %w = arith.constant dense<1> : tensor<4x5xi8>
  // expected-remark @below {{not lowered to a fast kernel: activations are not of 8-bit storage}}
  %acc = quantx.qmatmul %a, %w : tensor<3x4xi16>, tensor<4x5xi8> -> tensor<3x5xi32>
  return %acc : tensor<3x5xi32>
}

// -----

// CHECK-LABEL: func.func @negative_wide_weights(
//       CHECK:   quantx.qmatmul
func.func @negative_wide_weights(%a: tensor<3x4xi8>) -> tensor<3x5xi32> {
  %w = arith.constant dense<1> : tensor<4x5xi16>
  // expected-remark @below {{not lowered to a fast kernel: weights are wider than 8 bits}}
  %acc = quantx.qmatmul %a, %w : tensor<3x4xi8>, tensor<4x5xi16> -> tensor<3x5xi32>
  return %acc : tensor<3x5xi32>
}

// -----

// CHECK-LABEL: func.func @negative_dynamic_k(
//       CHECK:   quantx.qmatmul
func.func @negative_dynamic_k(%a: tensor<3x?xi8>, %w: tensor<?x5xi8>) -> tensor<3x5xi32> {
  // expected-remark @below {{not lowered to a fast kernel: K or N is dynamic}}
  %acc = quantx.qmatmul %a, %w : tensor<3x?xi8>, tensor<?x5xi8> -> tensor<3x5xi32>
  return %acc : tensor<3x5xi32>
}

// -----

/// A requantize along the rows cannot be the epilogue of a kernel that
/// stores columns: the kernel is lowered alone (i32 result) and the
/// requantize stays.
// CHECK-LABEL: func.func @negative_row_requantize(
//       CHECK:   call @__quantx_qmatmul_avx512_vnni_
//       CHECK:   quantx.requantize
func.func @negative_row_requantize(%a: tensor<2x4xi8>) -> tensor<2x5x!quant.uniform<i8:f32, 1.0>> {
  %w = arith.constant dense<1> : tensor<4x5xi8>
  %acc = quantx.qmatmul %a, %w : tensor<2x4xi8>, tensor<4x5xi8> -> tensor<2x5xi32>
  %y = quantx.requantize %acc axis(0) multiplier [1073741824, 1073741824] shift [31, 31] rounding<double_round> : tensor<2x5xi32> -> tensor<2x5x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<2x5x!quant.uniform<i8:f32, 1.0>>
}

// -----

// Depthwise convolutions (one channel per group) have their own lowering
// (test/Integration/CPU/fast-depthwise-qconv2d.mlir); other groupings stay.
// CHECK-LABEL: func.func @negative_grouped(
//       CHECK:   quantx.qconv2d
func.func @negative_grouped(%x: tensor<1x5x5x4xi8>) -> tensor<1x3x3x4xi32> {
  %w = arith.constant dense<1> : tensor<3x3x2x4xi8>
  // expected-remark @below {{not lowered to a fast kernel: grouped convolution that is not depthwise (one input and one output channel per group)}}
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> {groups = 2 : i64} : tensor<1x5x5x4xi8>, tensor<3x3x2x4xi8> -> tensor<1x3x3x4xi32>
  return %acc : tensor<1x3x3x4xi32>
}

// -----

// CHECK-LABEL: func.func @negative_dynamic_spatial(
//       CHECK:   quantx.qconv2d
func.func @negative_dynamic_spatial(%x: tensor<1x?x5x4xi8>) -> tensor<1x?x3x2xi32> {
  %w = arith.constant dense<1> : tensor<3x3x4x2xi8>
  // expected-remark @below {{not lowered to a fast kernel: dynamic spatial or channel extent}}
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<1x?x5x4xi8>, tensor<3x3x4x2xi8> -> tensor<1x?x3x2xi32>
  return %acc : tensor<1x?x3x2xi32>
}

// -----

// CHECK-LABEL: func.func @negative_runtime_filter(
//       CHECK:   quantx.qconv2d
func.func @negative_runtime_filter(%x: tensor<1x5x5x4xi8>, %w: tensor<3x3x4x2xi8>) -> tensor<1x3x3x2xi32> {
  // expected-remark @below {{not lowered to a fast kernel: filter is not a constant}}
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<1x5x5x4xi8>, tensor<3x3x4x2xi8> -> tensor<1x3x3x2xi32>
  return %acc : tensor<1x3x3x2xi32>
}

// -----

/// Weight-only matmuls: only constant weights of 2, 4 or 8 bits, quantized
/// per tensor or per column, are packed.
// CHECK-LABEL: func.func @negative_weight_only_runtime(
//       CHECK:   linalg.matmul
func.func @negative_weight_only_runtime(%x: tensor<1x4xf32>, %q: tensor<4x3x!quant.uniform<i4:f32, 0.5>>, %init: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %w = quantx.dequantize %q : tensor<4x3x!quant.uniform<i4:f32, 0.5>> -> tensor<4x3xf32>
  // expected-remark @below {{not lowered to a fast kernel: weights are not a constant}}
  %y = linalg.matmul ins(%x, %w : tensor<1x4xf32>, tensor<4x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_weight_only_per_row(
//       CHECK:   linalg.matmul
func.func @negative_weight_only_per_row(%x: tensor<1x2xf32>, %init: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %c = arith.constant dense<1> : tensor<2x3xi4>
  %q = quant.scast %c : tensor<2x3xi4> to tensor<2x3x!quant.uniform<i4:f32:0, {0.5, 0.25}>>
  %w = quantx.dequantize %q : tensor<2x3x!quant.uniform<i4:f32:0, {0.5, 0.25}>> -> tensor<2x3xf32>
  // expected-remark @below {{not lowered to a fast kernel: weights are not quantized per tensor or per column}}
  %y = linalg.matmul ins(%x, %w : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_weight_only_i16(
//       CHECK:   linalg.matmul
func.func @negative_weight_only_i16(%x: tensor<1x2xf32>, %init: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %c = arith.constant dense<1> : tensor<2x3xi16>
  %q = quant.scast %c : tensor<2x3xi16> to tensor<2x3x!quant.uniform<i16:f32, 0.5>>
  %w = quantx.dequantize %q : tensor<2x3x!quant.uniform<i16:f32, 0.5>> -> tensor<2x3xf32>
  // expected-remark @below {{not lowered to a fast kernel: weights are not of 2, 4 or 8-bit storage}}
  %y = linalg.matmul ins(%x, %w : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
