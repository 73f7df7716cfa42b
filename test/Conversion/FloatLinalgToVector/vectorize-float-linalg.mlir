// RUN: quantx-opt %s --split-input-file --quantx-vectorize-float-linalg | FileCheck %s
// RUN: quantx-opt %s --split-input-file --quantx-vectorize-float-linalg=integer-elementwise | FileCheck %s --check-prefix=INT

// A 1x1 NCHW convolution: loops over n, f, oh (tiles of 1) and the
// reduction over c outside; the output width (96) is two vectors of 48 lanes
// (the largest divisor up to 64), read, multiplied with a splat of the
// weight, added and written back.
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<48xf32>, vector<48xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<f32>, vector<48xf32>
// CHECK: arith.mulf {{.*}} : vector<48xf32>
// CHECK: arith.addf {{.*}} : vector<48xf32>
// CHECK: vector.transfer_write {{.*}} : vector<48xf32>, tensor<48xf32>
// CHECK-NOT: linalg.
func.func @pointwise(%x: tensor<1x32x2x96xf32>, %w: tensor<16x32x1x1xf32>,
                     %o: tensor<1x16x2x96xf32>) -> tensor<1x16x2x96xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%x, %w : tensor<1x32x2x96xf32>, tensor<16x32x1x1xf32>)
    outs(%o : tensor<1x16x2x96xf32>) -> tensor<1x16x2x96xf32>
  return %r : tensor<1x16x2x96xf32>
}

// -----

// Depthwise 5x5 with strides [2, 1] (the classifier's): the H stride does not
// matter, the W loop is unit-stride. 192 columns: tiles of 64 lanes.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
// CHECK: arith.mulf {{.*}} : vector<64xf32>
// CHECK: arith.addf {{.*}} : vector<64xf32>
// CHECK-NOT: linalg.
func.func @depthwise(%x: tensor<1x8x7x196xf32>, %w: tensor<8x5x5xf32>,
                     %o: tensor<1x8x2x192xf32>) -> tensor<1x8x2x192xf32> {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<[2, 1]> : vector<2xi64>}
    ins(%x, %w : tensor<1x8x7x196xf32>, tensor<8x5x5xf32>)
    outs(%o : tensor<1x8x2x192xf32>) -> tensor<1x8x2x192xf32>
  return %r : tensor<1x8x2x192xf32>
}

// -----

// Grouped convolution, W = 97: no length from 8 to 64 divides it, so the
// whole row is one vector (LLVM splits it into registers and a remainder).
// CHECK-LABEL: func.func @grouped
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
// CHECK: arith.mulf {{.*}} : vector<97xf32>
// CHECK: arith.addf {{.*}} : vector<97xf32>
// CHECK-NOT: linalg.
func.func @grouped(%x: tensor<1x2x3x4x99xf32>, %w: tensor<2x4x3x3x3xf32>,
                   %o: tensor<1x2x4x2x97xf32>) -> tensor<1x2x4x2x97xf32> {
  %r = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%x, %w : tensor<1x2x3x4x99xf32>, tensor<2x4x3x3x3xf32>)
    outs(%o : tensor<1x2x4x2x97xf32>) -> tensor<1x2x4x2x97xf32>
  return %r : tensor<1x2x4x2x97xf32>
}

// -----

// Matmul: columns are the vector loop, k an scf.for outside it.
// CHECK-LABEL: func.func @matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.for
// CHECK: arith.mulf {{.*}} : vector<32xf32>
// CHECK-NOT: linalg.
func.func @matmul(%a: tensor<4x8xf32>, %b: tensor<8x32xf32>,
                  %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x32xf32>)
    outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

// Elementwise with a per-channel operand: a splat of it per row.
// CHECK-LABEL: func.func @elementwise
// CHECK: vector.transfer_read {{.*}} : tensor<f32>, vector<48xf32>
// CHECK: arith.mulf {{.*}} : vector<48xf32>
// CHECK-NOT: linalg.
func.func @elementwise(%x: tensor<1x4x3x48xf32>, %s: tensor<4xf32>) -> tensor<1x4x3x48xf32> {
  %e = tensor.empty() : tensor<1x4x3x48xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
    ins(%x, %s : tensor<1x4x3x48xf32>, tensor<4xf32>) outs(%e : tensor<1x4x3x48xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x4x3x48xf32>
  return %r : tensor<1x4x3x48xf32>
}

// -----

// Left alone: a stride of 2 along W (lanes would be a gather), an output of
// width 1 (global pooling), integer ops, dynamic shapes.
// CHECK-LABEL: func.func @not_vectorized
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK: linalg.pooling_nchw_sum
// CHECK: linalg.matmul {{.*}} tensor<4x8xi32>
// CHECK: linalg.matmul {{.*}} tensor<?x8xf32>
// CHECK-NOT: vector.
func.func @not_vectorized(%x: tensor<1x3x9x41xf32>, %w: tensor<4x3x3x3xf32>, %o: tensor<1x4x4x20xf32>,
                          %p: tensor<1x8x3x96xf32>, %win: tensor<3x96xf32>, %po: tensor<1x8x1x1xf32>,
                          %ia: tensor<4x8xi32>, %ib: tensor<8x8xi32>, %ic: tensor<4x8xi32>,
                          %da: tensor<?x8xf32>, %db: tensor<8x8xf32>, %dc: tensor<?x8xf32>)
    -> (tensor<1x4x4x20xf32>, tensor<1x8x1x1xf32>, tensor<4x8xi32>, tensor<?x8xf32>) {
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%x, %w : tensor<1x3x9x41xf32>, tensor<4x3x3x3xf32>) outs(%o : tensor<1x4x4x20xf32>) -> tensor<1x4x4x20xf32>
  %1 = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%p, %win : tensor<1x8x3x96xf32>, tensor<3x96xf32>) outs(%po : tensor<1x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  %2 = linalg.matmul ins(%ia, %ib : tensor<4x8xi32>, tensor<8x8xi32>) outs(%ic : tensor<4x8xi32>) -> tensor<4x8xi32>
  %3 = linalg.matmul ins(%da, %db : tensor<?x8xf32>, tensor<8x8xf32>) outs(%dc : tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0, %1, %2, %3 : tensor<1x4x4x20xf32>, tensor<1x8x1x1xf32>, tensor<4x8xi32>, tensor<?x8xf32>
}

// -----

// Convolution padding becomes a vectorized fill of the padded tensor, moved
// up before the source's producer, and an insert_slice of the source (which
// eliminate-empty-tensors then turns into the producer writing in place).
// CHECK-LABEL: func.func @pad
// CHECK-NOT: tensor.pad
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x8x22xf32>
// CHECK: %[[FILL:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[EMPTY]]) -> (tensor<1x4x8x22xf32>)
// CHECK: vector.transfer_write {{.*}} : vector<22xf32>, tensor<22xf32>
// CHECK: %[[SRC:.*]] = scf.for {{.*}} -> (tensor<1x4x6x20xf32>)
// CHECK: arith.mulf {{.*}} : vector<20xf32>
// CHECK: tensor.insert_slice %[[SRC]] into %[[FILL]][0, 0, 1, 1] [1, 4, 6, 20] [1, 1, 1, 1]
func.func @pad(%x: tensor<1x4x6x20xf32>) -> tensor<1x4x8x22xf32> {
  %c = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x6x20xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x6x20xf32>) outs(%e : tensor<1x4x6x20xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %a : f32
    linalg.yield %m : f32
  } -> tensor<1x4x6x20xf32>
  %p = tensor.pad %g low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %c : f32
  } : tensor<1x4x6x20xf32> to tensor<1x4x8x22xf32>
  return %p : tensor<1x4x8x22xf32>
}

// -----

// An elementwise generic with integer operands (the fused dequantize /
// quantize epilogue of an int8 kernel: i32 in, a per-channel f32 scale,
// i8 out) is vectorized with integer-elementwise (kernels=fast) like a float
// one: 8 lanes along the channels, the scalar body on vectors; without it,
// it stays.
// CHECK-LABEL: func.func @int_epilogue
// CHECK: linalg.generic
// CHECK-NOT: vector.transfer_read
// INT-LABEL: func.func @int_epilogue
// INT: scf.for
// INT: vector.transfer_read {{.*}} : tensor<8xi32>, vector<8xi32>
// INT: arith.sitofp {{.*}} : vector<8xi32> to vector<8xf32>
// INT: arith.mulf {{.*}} : vector<8xf32>
// INT: arith.fptosi {{.*}} : vector<8xf32> to vector<8xi32>
// INT: arith.trunci {{.*}} : vector<8xi32> to vector<8xi8>
// INT: vector.transfer_write {{.*}} : vector<8xi8>, tensor<8xi8>
// INT-NOT: linalg.generic
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @int_epilogue(%x: tensor<1x4x6x8xi32>, %s: tensor<8xf32>) -> tensor<1x4x6x8xi8> {
  %e = tensor.empty() : tensor<1x4x6x8xi8>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %s : tensor<1x4x6x8xi32>, tensor<8xf32>) outs(%e : tensor<1x4x6x8xi8>) {
  ^bb0(%in: i32, %sc: f32, %out: i8):
    %f = arith.sitofp %in : i32 to f32
    %m = arith.mulf %f, %sc : f32
    %i = arith.fptosi %m : f32 to i32
    %t = arith.trunci %i : i32 to i8
    linalg.yield %t : i8
  } -> tensor<1x4x6x8xi8>
  return %r : tensor<1x4x6x8xi8>
}

// -----

// Integer ops that stay even with integer-elementwise: a reduction, and an
// elementwise op over 97 channels (a prime: one vector of 97 lanes, more
// than the 64 that integer bodies get).
// CHECK-LABEL: func.func @int_left_alone
// INT-LABEL: func.func @int_left_alone
// INT: linalg.generic
// INT: linalg.generic
// INT-NOT: vector.transfer_read
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>
func.func @int_left_alone(%x: tensor<8x16xi32>, %acc: tensor<8xi32>, %y: tensor<2x97xi32>) -> (tensor<8xi32>, tensor<2x97xi32>) {
  %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<8x16xi32>) outs(%acc : tensor<8xi32>) {
  ^bb0(%a: i32, %b: i32):
    %s = arith.addi %a, %b : i32
    linalg.yield %s : i32
  } -> tensor<8xi32>
  %e = tensor.empty() : tensor<2x97xi32>
  %w = linalg.generic {indexing_maps = [#in, #in], iterator_types = ["parallel", "parallel"]}
      ins(%y : tensor<2x97xi32>) outs(%e : tensor<2x97xi32>) {
  ^bb0(%a: i32, %b: i32):
    %s = arith.addi %a, %a : i32
    linalg.yield %s : i32
  } -> tensor<2x97xi32>
  return %r, %w : tensor<8xi32>, tensor<2x97xi32>
}
