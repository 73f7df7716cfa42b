// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The structure of the dequantize lowering: extend the storage (zero-extend
/// unsigned storage), subtract the zero point in i64, one sitofp to the
/// computation type, one multiply, and a final truncf for f16 results.

// CHECK-LABEL: func.func @dequantize_i8
// CHECK-SAME:    (%[[Q:.*]]: tensor<4xi8>) -> tensor<4xf32>
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:     %[[ZP:.*]] = arith.constant -3 : i64
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[Q]] : tensor<4xi8>) outs(%[[INIT]] : tensor<4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: i8, %{{.*}}: f32):
// CHECK-NEXT:      %[[E:.*]] = arith.extsi %[[IN]] : i8 to i64
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[E]], %[[ZP]] : i64
// CHECK-NEXT:      %[[F:.*]] = arith.sitofp %[[D]] : i64 to f32
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @dequantize_i8(%q: tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4xf32> {
  %x = quantx.dequantize %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

/// u8 storage is zero-extended; an f16 result is rounded once from f32.
// CHECK-LABEL: func.func @dequantize_u8_f16
// CHECK:         ^bb0(%[[IN:.*]]: i8, %{{.*}}: f16):
// CHECK-NEXT:      %[[E:.*]] = arith.extui %[[IN]] : i8 to i64
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[E]], %{{.*}} : i64
// CHECK-NEXT:      %[[F:.*]] = arith.sitofp %[[D]] : i64 to f32
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[F]], %{{.*}} : f32
// CHECK-NEXT:      %[[H:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[H]] : f16
func.func @dequantize_u8_f16(%q: tensor<4x!quant.uniform<u8:f16, 0.5:128>>) -> tensor<4xf16> {
  %x = quantx.dequantize %q : tensor<4x!quant.uniform<u8:f16, 0.5:128>> -> tensor<4xf16>
  return %x : tensor<4xf16>
}

// -----

/// Per-axis parameters are read through the map of the quantized dimension.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[AXIS:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @dequantize_per_axis
// CHECK-DAG:     %[[SCALES:.*]] = arith.constant dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>
// CHECK-DAG:     %[[ZPS:.*]] = arith.constant dense<[5, -5]> : tensor<2xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[AXIS]], #[[AXIS]], #[[ID]]]
// CHECK-SAME:        ins(%{{.*}}, %[[SCALES]], %[[ZPS]] :
// CHECK:         ^bb0(%[[IN:.*]]: i8, %[[S:.*]]: f32, %[[Z:.*]]: i64, %{{.*}}: f32):
// CHECK:           %[[D:.*]] = arith.subi %{{.*}}, %[[Z]] : i64
// CHECK:           %[[F:.*]] = arith.sitofp %[[D]] : i64 to f32
// CHECK:           arith.mulf %[[F]], %[[S]] : f32
func.func @dequantize_per_axis(%q: tensor<3x2x4x!quant.uniform<i8:f32:1, {0.1:5, 0.2:-5}>>) -> tensor<3x2x4xf32> {
  %x = quantx.dequantize %q : tensor<3x2x4x!quant.uniform<i8:f32:1, {0.1:5, 0.2:-5}>> -> tensor<3x2x4xf32>
  return %x : tensor<3x2x4xf32>
}

// -----

/// Sub-channel parameters are read at the block of each element.
// CHECK-DAG: #[[BLOCK:.*]] = affine_map<(d0, d1) -> (d0 floordiv 2, d1 floordiv 3)>
// CHECK-LABEL: func.func @dequantize_sub_channel
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[BLOCK]], #[[BLOCK]], #{{.*}}]
// CHECK-SAME:        tensor<4x6xi8>, tensor<2x2xf32>, tensor<2x2xi64>
func.func @dequantize_sub_channel(%q: tensor<4x6x!quant.uniform<i8:f32:{0:2, 1:3}, {{0.5:1, 0.25}, {2.0:3, 1.0:-7}}>>) -> tensor<4x6xf32> {
  %x = quantx.dequantize %q : tensor<4x6x!quant.uniform<i8:f32:{0:2, 1:3}, {{0.5:1, 0.25}, {2.0:3, 1.0:-7}}>> -> tensor<4x6xf32>
  return %x : tensor<4x6xf32>
}

// -----

/// An f64 expressed type computes in f64; i32 storage is sign-extended to
/// i64 so that q - zero_point cannot overflow.
// CHECK-LABEL: func.func @dequantize_i32_f64
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 1.000000e-01 : f64
// CHECK:         ^bb0(%[[IN:.*]]: i32, %{{.*}}: f64):
// CHECK-NEXT:      %[[E:.*]] = arith.extsi %[[IN]] : i32 to i64
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[E]], %{{.*}} : i64
// CHECK-NEXT:      %[[F:.*]] = arith.sitofp %[[D]] : i64 to f64
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[F]], %[[SCALE]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
func.func @dequantize_i32_f64(%q: tensor<4x!quant.uniform<i32:f64, 0.1:1000>>) -> tensor<4xf64> {
  %x = quantx.dequantize %q : tensor<4x!quant.uniform<i32:f64, 0.1:1000>> -> tensor<4xf64>
  return %x : tensor<4xf64>
}
