// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The ONNX formula, in its order and in the element type:
/// (x - mean) / sqrt(var + epsilon) * scale + bias, with the four parameter
/// vectors read at the channel dimension (a negative axis counts from the
/// end).

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_negative_axis
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[C]], #[[C]], #[[C]], #[[C]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[S]], %[[B]], %[[M]], %[[V]] :
// CHECK:         ^bb0(%[[IX:.*]]: f32, %[[IS:.*]]: f32, %[[IB:.*]]: f32, %[[IM:.*]]: f32, %[[IV:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[CEN:.*]] = arith.subf %[[IX]], %[[IM]] : f32
// CHECK-NEXT:      %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK-NEXT:      %[[VE:.*]] = arith.addf %[[IV]], %[[EPS]] : f32
// CHECK-NEXT:      %[[SD:.*]] = math.sqrt %[[VE]] : f32
// CHECK-NEXT:      %[[N:.*]] = arith.divf %[[CEN]], %[[SD]] : f32
// CHECK-NEXT:      %[[SC:.*]] = arith.mulf %[[N]], %[[IS]] : f32
// CHECK-NEXT:      %[[Y:.*]] = arith.addf %[[SC]], %[[IB]] : f32
// CHECK-NEXT:      linalg.yield %[[Y]] : f32
func.func @batch_norm_negative_axis(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %y = quantx.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f64, axis = -2 : i64} : tensor<2x3x4xf32>, tensor<3xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

/// f16 computes in f16, with epsilon rounded to f16 (1e-5 is the subnormal
/// 168 * 2^-24 = 1.00135803e-05); the default axis is 1.
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_f16_default
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[C]], #[[C]], #[[C]], #[[C]], #{{.*}}]
// CHECK:           arith.subf %{{.*}}, %{{.*}} : f16
// CHECK-NEXT:      %[[EPS:.*]] = arith.constant 1.001360e-05 : f16
// CHECK-NEXT:      arith.addf %{{.*}}, %[[EPS]] : f16
// CHECK-NEXT:      math.sqrt %{{.*}} : f16
func.func @batch_norm_f16_default(%x: tensor<1x2x3x3xf16>, %p: tensor<2xf16>) -> tensor<1x2x3x3xf16> {
  %y = quantx.batch_norm %x, %p, %p, %p, %p : tensor<1x2x3x3xf16>, tensor<2xf16>
  return %y : tensor<1x2x3x3xf16>
}
