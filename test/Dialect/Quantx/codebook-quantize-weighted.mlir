// RUN: quantx-opt %s --quantx-codebook-quantize="block-size=2 num-centroids=2 clamp-centroids=0" | FileCheck %s

/// Activation weighting: the layer's quantx.input_gram (one 2 x 2 Gram
/// matrix, the weight being a single block of d = 2 per column) says that
/// only the first input feature matters. The four columns (0, 0), (0, 100),
/// (1, 0), (1, 100) then split by their first coordinate: columns 0 and 1
/// share an index, columns 2 and 3 share the other. Without the attribute
/// (the second function) the Euclidean split pairs 0 with 2 and 1 with 3.
// CHECK-LABEL: func.func @activation_weighted
// CHECK:         quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<2x2xf16>, tensor<1x4xi8> -> tensor<2x4xf32>
// CHECK-LABEL: func.func @not_weighted
// CHECK:       dialect_resources
// CHECK-DAG:     weighted_codes: "0x01000000{{00000101|01010000}}"
// CHECK-DAG:     plain_codes: "0x01000000{{00010001|01000100}}"
func.func @activation_weighted(%x: tensor<3x2xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[0.0, 0.0, 1.0, 1.0], [0.0, 100.0, 0.0, 100.0]]> : tensor<2x4xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x4xf32>) -> tensor<3x4xf32>
  %y = linalg.matmul {quantx.input_gram = dense<[[[1.0, 0.0], [0.0, 1.0e-6]]]> : tensor<1x2x2xf32>}
      ins(%x, %w : tensor<3x2xf32>, tensor<2x4xf32>) outs(%f : tensor<3x4xf32>) -> tensor<3x4xf32> loc("weighted")
  return %y : tensor<3x4xf32>
}
func.func @not_weighted(%x: tensor<3x2xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[0.0, 0.0, 1.0, 1.0], [0.0, 100.0, 0.0, 100.0]]> : tensor<2x4xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x4xf32>) -> tensor<3x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<3x2xf32>, tensor<2x4xf32>) outs(%f : tensor<3x4xf32>) -> tensor<3x4xf32> loc("plain")
  return %y : tensor<3x4xf32>
}


