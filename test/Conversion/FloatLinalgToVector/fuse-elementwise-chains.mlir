// RUN: quantx-opt %s --quantx-fuse-elementwise-chains --canonicalize --split-input-file | FileCheck %s

// What convert-quantx-to-vector leaves between two NCHW convolutions: the
// i32 NHWC kernel result transposed to NCHW, dequantized per channel,
// quantized, transposed back to NHWC and padded with the zero point for the
// next kernel. It becomes one generic that reads the NHWC result at the
// identity (the two permutations compose away) and is inserted into a
// zero-point fill of the padded shape (eliminate-empty-tensors then lets the
// generic write into the padded buffer, without a strided copy).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @chain
// CHECK-SAME: %[[X:.*]]: tensor<1x4x6x8xi32>
// CHECK-NOT: linalg.transpose
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i8) outs(%{{.*}} : tensor<1x6x8x16xi8>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x4x6x8xi8>
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %{{.*}} : tensor<1x4x6x8xi32>, tensor<8xf32>) outs(%[[E]] : tensor<1x4x6x8xi8>)
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: arith.fptosi
// CHECK: arith.trunci
// CHECK-NOT: linalg.generic
// CHECK-NOT: tensor.pad
// CHECK: %[[R:.*]] = tensor.insert_slice %[[G]] into %[[FILL]][0, 1, 0, 0] [1, 4, 6, 8] [1, 1, 1, 1]
// CHECK: return %[[R]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @chain(%x: tensor<1x4x6x8xi32>) -> tensor<1x6x8x16xi8> {
  %scale = arith.constant dense<[0.5, 0.25, 1.0, 2.0, 0.5, 0.25, 1.0, 2.0]> : tensor<8xf32>
  %inv = arith.constant 0.125 : f32
  %zp = arith.constant -3 : i8
  %e0 = tensor.empty() : tensor<1x8x4x6xi32>
  %t0 = linalg.transpose ins(%x : tensor<1x4x6x8xi32>) outs(%e0 : tensor<1x8x4x6xi32>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x8x4x6xf32>
  %d = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t0, %scale : tensor<1x8x4x6xi32>, tensor<8xf32>) outs(%e1 : tensor<1x8x4x6xf32>) {
  ^bb0(%in: i32, %s: f32, %out: f32):
    %f = arith.sitofp %in : i32 to f32
    %m = arith.mulf %f, %s : f32
    linalg.yield %m : f32
  } -> tensor<1x8x4x6xf32>
  %e2 = tensor.empty() : tensor<1x8x4x6xi8>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d : tensor<1x8x4x6xf32>) outs(%e2 : tensor<1x8x4x6xi8>) {
  ^bb0(%in: f32, %out: i8):
    %v = arith.divf %in, %inv : f32
    %i = arith.fptosi %v : f32 to i32
    %t = arith.trunci %i : i32 to i8
    linalg.yield %t : i8
  } -> tensor<1x8x4x6xi8>
  %e3 = tensor.empty() : tensor<1x4x6x8xi8>
  %t1 = linalg.transpose ins(%q : tensor<1x8x4x6xi8>) outs(%e3 : tensor<1x4x6x8xi8>) permutation = [0, 2, 3, 1]
  %p = tensor.pad %t1 low[0, 1, 0, 0] high[0, 1, 2, 8] {
  ^bb0(%a: index, %b: index, %c: index, %dd: index):
    tensor.yield %zp : i8
  } : tensor<1x4x6x8xi8> to tensor<1x6x8x16xi8>
  return %p : tensor<1x6x8x16xi8>
}

// -----

// A producer with two users is not fused (its loop would stay and its body
// run twice): the dequantize stays a generic of its own, each user reads
// its result.
// CHECK-LABEL: func.func @two_users
// CHECK: %[[D:.*]] = linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<1x8x4x6xi32>)
// CHECK: arith.sitofp
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[D]] : tensor<1x8x4x6xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[D]] : tensor<1x8x4x6xf32>)
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @two_users(%x: tensor<1x8x4x6xi32>) -> (tensor<1x8x4x6xf32>, tensor<1x8x4x6xf32>) {
  %c = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<1x8x4x6xf32>
  %d = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x8x4x6xi32>) outs(%e : tensor<1x8x4x6xf32>) {
  ^bb0(%in: i32, %out: f32):
    %f = arith.sitofp %in : i32 to f32
    linalg.yield %f : f32
  } -> tensor<1x8x4x6xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d : tensor<1x8x4x6xf32>) outs(%e : tensor<1x8x4x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %c : f32
    linalg.yield %m : f32
  } -> tensor<1x8x4x6xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%d : tensor<1x8x4x6xf32>) outs(%e : tensor<1x8x4x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.addf %in, %c : f32
    linalg.yield %m : f32
  } -> tensor<1x8x4x6xf32>
  return %a, %b : tensor<1x8x4x6xf32>, tensor<1x8x4x6xf32>
}

// -----

// A pooling is not elementwise: the transpose feeding it is generalized but
// stays its own loop nest.
// CHECK-LABEL: func.func @pooling
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: linalg.pooling_nchw_sum {{.*}} ins(%[[T]],
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pooling(%x: tensor<1x4x6x8xf32>) -> tensor<1x8x1x1xf32> {
  %z = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x8x4x6xf32>
  %t = linalg.transpose ins(%x : tensor<1x4x6x8xf32>) outs(%e0 : tensor<1x8x4x6xf32>) permutation = [0, 3, 1, 2]
  %w = tensor.empty() : tensor<4x6xf32>
  %e1 = tensor.empty() : tensor<1x8x1x1xf32>
  %f = linalg.fill ins(%z : f32) outs(%e1 : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  %p = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%t, %w : tensor<1x8x4x6xf32>, tensor<4x6xf32>) outs(%f : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  return %p : tensor<1x8x1x1xf32>
}
