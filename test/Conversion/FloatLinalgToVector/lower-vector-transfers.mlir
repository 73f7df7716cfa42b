// RUN: quantx-opt %s --quantx-lower-vector-transfers | FileCheck %s

// A weight splat (a broadcast read of a 0-d view) becomes a load and a
// broadcast; a minor-identity in-bounds read and write become vector.load
// and vector.store.
// CHECK-LABEL: func.func @splat_fma
// CHECK-NOT: vector.transfer_
// CHECK: %[[X:.*]] = vector.load %{{.*}} : memref<48xf32, strided<[1], offset: ?>>, vector<48xf32>
// CHECK: %[[W:.*]] = vector.load %{{.*}}[] : memref<f32, strided<[], offset: ?>>, vector<f32>
// CHECK: %[[S:.*]] = vector.broadcast %[[W]] : vector<f32> to vector<48xf32>
// CHECK: arith.mulf %[[X]], %[[S]] : vector<48xf32>
// CHECK: vector.store
// CHECK-NOT: vector.transfer_
func.func @splat_fma(%x: memref<48xf32, strided<[1], offset: ?>>,
                     %w: memref<f32, strided<[], offset: ?>>,
                     %o: memref<48xf32, strided<[1], offset: ?>>) {
  %c0 = arith.constant 0 : index
  %p = ub.poison : f32
  %a = vector.transfer_read %x[%c0], %p {in_bounds = [true]} : memref<48xf32, strided<[1], offset: ?>>, vector<48xf32>
  %b = vector.transfer_read %w[], %p {in_bounds = [true], permutation_map = affine_map<() -> (0)>} : memref<f32, strided<[], offset: ?>>, vector<48xf32>
  %m = arith.mulf %a, %b : vector<48xf32>
  vector.transfer_write %m, %o[%c0] {in_bounds = [true]} : vector<48xf32>, memref<48xf32, strided<[1], offset: ?>>
  return
}
